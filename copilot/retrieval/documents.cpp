#include "copilot/retrieval/documents.hpp"

#include "common/db/org_transaction.hpp"
#include "common/error/error.hpp"
#include "common/text/utf8.hpp"

namespace copilot::retrieval {

std::string Passage::excerpt(size_t max_bytes) const {
  std::string flat;
  flat.reserve(std::min(content.size(), max_bytes + 8));
  for (const char c : content) {
    if (flat.size() > max_bytes + 4) break;
    const bool space = c == '\n' || c == '\t' || c == '\r' || c == ' ';
    if (space && (flat.empty() || flat.back() == ' ')) continue;
    flat.push_back(space ? ' ' : c);
  }
  if (flat.size() <= max_bytes) return flat;
  std::string out(common::text::truncate_utf8(flat, max_bytes));
  if (const auto space = out.find_last_of(' ');
      space != std::string::npos && space > max_bytes / 2) {
    out.resize(space);
  }
  return out + "…";
}

std::vector<Passage> PgPassageIndex::nearest(long long org, Role role,
                                             const std::vector<float>& query, size_t k) {
  auto lease = pool_.acquire();
  std::vector<Passage> out;
  try {
    common::db::OrgTransaction tx(*lease, org);
    // A role filter after an HNSW scan could leave fewer than k rows: pgvector ≥ 0.8 scans on
    // until k rows pass (order kept by the outer sort).
    tx.exec0("SET LOCAL hnsw.iterative_scan = relaxed_order");
    const auto rows = tx.exec_params(
        "WITH nearest AS ("
        "  SELECT document_id, chunk_index, heading, content, "
        "         embedding OPERATOR(extensions.<=>) $1::extensions.vector AS distance "
        "  FROM document_chunks WHERE NOT retired AND $2 = ANY (roles) "
        "  ORDER BY embedding OPERATOR(extensions.<=>) $1::extensions.vector LIMIT $3) "
        "SELECT n.document_id, d.title, d.version, n.chunk_index, n.heading, n.content, "
        "       1 - n.distance "
        "FROM nearest n JOIN documents d ON d.document_id = n.document_id "
        "WHERE d.retired_at IS NULL ORDER BY n.distance, n.document_id, n.chunk_index",
        vector_literal(query), std::string(role_name(role)), static_cast<long>(k));
    tx.commit();
    out.reserve(rows.size());
    for (const auto& row : rows) {
      Passage p;
      p.document_id = row[0].as<long long>();
      p.title = row[1].as<std::string>();
      p.version = row[2].as<int>();
      p.chunk = row[3].as<int>();
      p.heading = row[4].as<std::string>();
      p.content = row[5].as<std::string>();
      p.score = row[6].is_null() ? 0.0 : row[6].as<double>();
      out.push_back(std::move(p));
    }
  } catch (const pqxx::broken_connection&) {
    lease.mark_broken();
    throw common::Error(503, "upstream_unavailable", "the document store is unavailable");
  } catch (const pqxx::sql_error&) {
    throw common::Error(502, "upstream_error", "document retrieval failed");
  }
  return out;
}

std::vector<Passage> DocumentPassages::retrieve(long long org, std::string_view question, Role role,
                                                size_t k, double min_score) {
  if (org <= 0 || k == 0) return {};
  const auto vector = embedder_.embed(question);
  bool any = false;
  for (float x : vector) any = any || x != 0.0F;
  if (!any) return {};
  auto passages = index_.nearest(org, role, vector, k);
  std::erase_if(passages, [min_score](const Passage& p) { return p.score < min_score; });
  return passages;
}

}  // namespace copilot::retrieval
