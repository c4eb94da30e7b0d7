// copilot/retrieval/retriever.hpp — the rag_retrieval stage.
//
// In:  the question, the role, k.
// Out: at most k documents, most similar first, with cosine scores — only documents about views
//      the role may read (rag_documents.views ⊆ the role's readable relations) and meant for the
//      role (rag_documents.roles empty or containing it).
// Refuses: nothing; an unreachable store of documents is an Error (the stage fails).
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
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
// An entry holds its documents by reference to one shared copy of each (a document is in the
// answers to many questions): a full cache of copies was ~2.8 MB, most of the copilot's RSS growth
// in a soak with its plan and result caches off (README, "make soak").
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
  // How many documents have a shared copy (the newest of each id) that a cached answer holds.
  [[nodiscard]] size_t shared_documents() const;

 private:
  struct CachedHit {
    std::shared_ptr<const RetrievedDoc> doc;  // its score is the hit's, below
    double score = 0;
  };
  // The one shared copy of a document as retrieved: the same id with other words (a document an
  // admin replaced) is a new copy, and answers cached before keep theirs until they expire.
  std::shared_ptr<const RetrievedDoc> shared_copy(const RetrievedDoc& doc);

  const Embedder& embedder_;
  DocumentIndex& index_;
  common::cache::ExpiringLru<std::vector<CachedHit>> cache_;
  mutable std::mutex shared_mutex_;
  std::unordered_map<long, std::weak_ptr<const RetrievedDoc>> shared_;
  size_t shared_live_after_sweep_ = 0;
};

}  // namespace copilot::retrieval
