// copilot/retrieval/retriever.hpp — the rag_retrieval stage.
//
// In:  the question, the role, k.
// Out: at most k documents, most similar first, with cosine scores — only documents about views
//      the role may read (rag_documents.views ⊆ the role's readable relations) and meant for the
//      role (rag_documents.roles empty or containing it).
// Refuses: nothing; an unreachable store of documents is an Error (the stage fails).
#pragma once

#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "common/cache/expiring_lru.hpp"
#include "common/db/pool.hpp"
#include "copilot/core/roles.hpp"
#include "copilot/core/types.hpp"
#include "copilot/retrieval/embedder.hpp"

namespace copilot::retrieval {

// Where the documents live: pgvector in production, a vector in tests.
class DocumentIndex {
 public:
  virtual ~DocumentIndex() = default;
  virtual std::vector<RetrievedDoc> nearest(const std::vector<float>& query, Role role,
                                            size_t k) = 0;
};

// Top-k by cosine through rag_documents' HNSW index (ORDER BY embedding <=> $1).
class PgDocumentIndex final : public DocumentIndex {
 public:
  explicit PgDocumentIndex(common::db::ConnectionPool& app_pool) : pool_(app_pool) {}
  std::vector<RetrievedDoc> nearest(const std::vector<float>& query, Role role, size_t k) override;

 private:
  common::db::ConnectionPool& pool_;
};

// The documents change only when setup reseeds them, and users repeat questions (suggestion
// chips, retries, dashboards): the last answers are kept in memory for a while, per role, k and
// exact question text, so a repeated question skips the embedding and the index round trip.
struct RetrievalCacheOptions {
  size_t capacity = 1024;  // entries; 0 turns the cache off
  std::chrono::seconds ttl{300};
};

class Retriever {
 public:
  Retriever(const Embedder& embedder, DocumentIndex& index, RetrievalCacheOptions cache = {})
      : embedder_(embedder), index_(index), cache_(cache.capacity, cache.ttl) {}
  // Thread-safe.
  std::vector<RetrievedDoc> retrieve(std::string_view question, Role role, size_t k = 5);

 private:
  const Embedder& embedder_;
  DocumentIndex& index_;
  common::cache::ExpiringLru<std::vector<RetrievedDoc>> cache_;
};

}  // namespace copilot::retrieval
