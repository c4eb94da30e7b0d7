// copilot/retrieval/retriever.hpp — the rag_retrieval stage.
//
// In:  the question, the role, k.
// Out: at most k documents, most similar first, with cosine scores — only documents about views
//      the role may read (rag_documents.views ⊆ the role's readable relations) and meant for the
//      role (rag_documents.roles empty or containing it).
// Refuses: nothing; an unreachable store of documents is an Error (the stage fails).
#pragma once

#include <set>
#include <string>
#include <vector>

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

class Retriever {
 public:
  Retriever(const Embedder& embedder, DocumentIndex& index) : embedder_(embedder), index_(index) {}
  std::vector<RetrievedDoc> retrieve(std::string_view question, Role role, size_t k = 5);

 private:
  const Embedder& embedder_;
  DocumentIndex& index_;
};

// '{"a","b"}' for a text[] parameter, every element quoted.
std::string text_array(const std::set<std::string>& values);

}  // namespace copilot::retrieval
