#include "copilot/retrieval/retriever.hpp"

#include <algorithm>

#include "common/db/pg_array.hpp"
#include "common/error/error.hpp"

namespace copilot::retrieval {

std::vector<RetrievedDoc> PgDocumentIndex::nearest(const std::vector<float>& query, Role role,
                                                   size_t k) {
  auto lease = pool_.acquire();
  std::vector<RetrievedDoc> out;
  try {
    pqxx::nontransaction tx(*lease);
    // ORDER BY the distance operator itself, so the HNSW (cosine) index can serve it.
    const auto rows = tx.exec_params(
        "SELECT doc_id, doc_key, kind, title, content, "
        "       1 - (embedding OPERATOR(extensions.<=>) $1::extensions.vector) AS score "
        "FROM rag_documents "
        "WHERE embedding IS NOT NULL AND views <@ $2::text[] "
        "  AND (cardinality(roles) = 0 OR $3 = ANY (roles)) "
        "ORDER BY embedding OPERATOR(extensions.<=>) $1::extensions.vector "
        "LIMIT $4",
        vector_literal(query), common::db::text_array(readable_relations(role)),
        std::string(role_name(role)), static_cast<long>(k));
    out.reserve(rows.size());
    for (const auto& row : rows) {
      RetrievedDoc doc;
      doc.id = row[0].as<long>();
      doc.key = row[1].as<std::string>();
      doc.kind = row[2].as<std::string>();
      doc.title = row[3].as<std::string>();
      doc.content = row[4].as<std::string>();
      doc.score = row[5].is_null() ? 0.0 : row[5].as<double>();
      out.push_back(std::move(doc));
    }
  } catch (const pqxx::broken_connection&) {
    lease.mark_broken();
    throw common::Error(503, "upstream_unavailable", "the document store is unavailable");
  } catch (const pqxx::sql_error&) {
    throw common::Error(502, "upstream_error", "document retrieval failed");
  }
  return out;
}

std::vector<RetrievedDoc> Retriever::retrieve(std::string_view question, Role role, size_t k) {
  std::string key = std::string(role_name(role)) + '\x1f' + std::to_string(k) + '\x1f';
  key.append(question);
  if (const auto hit = cache_.get(key, std::chrono::steady_clock::now())) {
    std::vector<RetrievedDoc> docs;
    docs.reserve(hit->size());
    for (const auto& [doc, score] : *hit) {
      docs.push_back(*doc);
      docs.back().score = score;
    }
    return docs;
  }
  const auto vector = embedder_.embed(question);
  bool any = false;
  for (float x : vector) any = any || x != 0.0F;
  if (!any) return {};  // no words: nothing to compare (cosine is undefined for zero)
  auto docs = index_.nearest(vector, role, k);
  if (cache_.enabled()) {
    std::vector<CachedHit> hits;
    hits.reserve(docs.size());
    for (const auto& doc : docs) hits.push_back({shared_copy(doc), doc.score});
    cache_.put(key, std::move(hits), std::chrono::steady_clock::now());
  }
  return docs;
}

std::shared_ptr<const RetrievedDoc> Retriever::shared_copy(const RetrievedDoc& doc) {
  const std::lock_guard lock(shared_mutex_);
  auto& slot = shared_[doc.id];
  if (auto kept = slot.lock(); kept && kept->key == doc.key && kept->kind == doc.kind &&
                               kept->title == doc.title && kept->content == doc.content) {
    return kept;
  }
  auto copy = std::make_shared<RetrievedDoc>(doc);
  copy->score = 0;
  slot = copy;
  // Forget documents no cached answer holds any more, once the map has doubled since the last
  // sweep: bounded by the documents in use, at a constant cost per insertion.
  if (shared_.size() > 2 * shared_live_after_sweep_ + 64) {
    std::erase_if(shared_, [](const auto& entry) { return entry.second.expired(); });
    shared_live_after_sweep_ = shared_.size();
  }
  return copy;
}

size_t Retriever::shared_documents() const {
  const std::lock_guard lock(shared_mutex_);
  return static_cast<size_t>(std::count_if(
      shared_.begin(), shared_.end(), [](const auto& entry) { return !entry.second.expired(); }));
}

}  // namespace copilot::retrieval
