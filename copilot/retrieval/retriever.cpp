#include "copilot/retrieval/retriever.hpp"

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
  if (auto hit = cache_.get(key, std::chrono::steady_clock::now())) return std::move(*hit);
  const auto vector = embedder_.embed(question);
  bool any = false;
  for (float x : vector) any = any || x != 0.0F;
  if (!any) return {};  // no words: nothing to compare (cosine is undefined for zero)
  auto docs = index_.nearest(vector, role, k);
  cache_.put(key, docs, std::chrono::steady_clock::now());
  return docs;
}

}  // namespace copilot::retrieval
