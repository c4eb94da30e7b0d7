// copilot/retrieval/documents.hpp — passages of the documents an organisation's admins added
// (common/docs/documents.hpp, POST /api/documents), as the rag_retrieval stage uses them.
//
// In:  the asker's organisation and role, and the question.
// Out: at most k passages nearest the question (cosine, the embedder RAG uses; at least
//      `min_score`), best first — only live chunks of the organisation's documents tagged with the
//      role. They are cited in the answer's explain (explain.sources) and handed to planning as
//      context; a passage never grants anything (the policy, the guardrail and the database's
//      privileges never read documents).
// Refuses: nothing; an unreachable store of documents is an Error (the stage fails), like RAG.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/db/pool.hpp"
#include "copilot/core/roles.hpp"
#include "copilot/retrieval/embedder.hpp"

namespace copilot::retrieval {

struct Passage {
  long long document_id = 0;
  std::string title;
  int version = 0;
  int chunk = 0;  // chunk_index within the document version
  std::string heading;
  std::string content;
  double score = 0;  // cosine similarity
  // The first words of the passage (at most `max_bytes`, at a character boundary, "…" when cut).
  [[nodiscard]] std::string excerpt(size_t max_bytes = 240) const;
};

// Where the chunks live: pgvector in production, a vector in tests.
class PassageIndex {
 public:
  virtual ~PassageIndex() = default;
  virtual std::vector<Passage> nearest(long long org, Role role, const std::vector<float>& query,
                                       size_t k) = 0;
};

// Top-k by cosine through document_chunks' HNSW index, in the organisation's transaction (row-
// level security) and filtered by role, iterating the index until k rows pass the filter.
class PgPassageIndex final : public PassageIndex {
 public:
  explicit PgPassageIndex(common::db::ConnectionPool& app_pool) : pool_(app_pool) {}
  std::vector<Passage> nearest(long long org, Role role, const std::vector<float>& query,
                               size_t k) override;

 private:
  common::db::ConnectionPool& pool_;
};

class DocumentPassages {
 public:
  DocumentPassages(const Embedder& embedder, PassageIndex& index)
      : embedder_(embedder), index_(index) {}
  // Thread-safe (the index is).
  std::vector<Passage> retrieve(long long org, std::string_view question, Role role, size_t k = 3,
                                double min_score = 0.2);

 private:
  const Embedder& embedder_;
  PassageIndex& index_;
};

}  // namespace copilot::retrieval
