// copilot/retrieval/rag_seed.hpp — `copilot seed-rag`: the RAG documents of db/seeds/rag/*.json
// plus one document per metric and dimension of the semantic model, embedded with the offline
// embedder and upserted into rag_documents by doc_key (documents no longer in the seed are
// removed). Idempotent.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/db/pool.hpp"
#include "copilot/retrieval/embedder.hpp"

namespace copilot::retrieval {

struct SeedDoc {
  std::string key, kind, title, content;
  std::vector<std::string> views, roles;
};

// Reads every *.json array in `dir` (sorted by file name). Throws std::runtime_error on a
// malformed document.
std::vector<SeedDoc> load_seed_docs(const std::string& dir);
// Documents describing the semantic model's metrics and dimensions (empty when it has none).
std::vector<SeedDoc> semantic_model_docs(const nlohmann::json& model);
// What `copilot seed-rag` writes: the seed files plus the semantic model's documents (when the
// model file exists and parses). `from_model` receives how many came from the model.
std::vector<SeedDoc> all_seed_docs(const std::string& dir, const std::string& model_path,
                                   size_t* from_model = nullptr);
// Upserts `docs` and removes documents not among them; returns how many were written.
size_t upsert_docs(common::db::ConnectionPool& app_pool, const Embedder& embedder,
                   const std::vector<SeedDoc>& docs);

}  // namespace copilot::retrieval
