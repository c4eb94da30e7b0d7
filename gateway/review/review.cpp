#include "gateway/review/review.hpp"

#include "common/db/pg_array.hpp"
#include "common/error/error.hpp"
#include "gateway/server/db.hpp"

namespace gateway::review {
namespace {

using nlohmann::json;

// Every asked request with what the queue needs about it, one JSON object per row. `filter`
// narrows the requests read (it may use $n parameters); the laterals read one row each through
// their indexes (feedback_request_idx, query_audit_events_request_idx,
// review_verdicts_request_idx).
std::string items_sql(const std::string& filter) {
  return R"(
WITH items AS (
  SELECT l.request_id, l.created_at, l.question, l.status, f.rating, v.review_id, v.verdict,
         coalesce(p.details->>'intent', '') AS intent, coalesce(l.role, '') AS role,
         array_remove(ARRAY[
           CASE WHEN f.rating = 'down' THEN 'thumbs_down' END,
           CASE WHEN l.status IN ('needs_clarification', 'refused') THEN 'declined' END,
           CASE WHEN l.status = 'ok' AND (
                  (jsonb_typeof(p.details->'not_understood') = 'array'
                   AND jsonb_array_length(p.details->'not_understood') > 0)
                  OR r.details->>'level' IN ('medium', 'high')) THEN 'low_confidence' END
         ], NULL) AS kinds,
         json_build_object(
           'id', l.request_id, 'request_id', l.request_id,
           'created_at', to_char(l.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
           'asker', json_build_object('user_id', l.user_id, 'username', l.username,
                                      'role', l.role, 'store_ids', coalesce(l.store_ids, '{}')),
           'question', l.question, 'status', l.status,
           'intent', p.details->>'intent', 'semantic_query', p.details->'semantic_query',
           'not_understood', coalesce(p.details->'not_understood', '[]'::jsonb),
           'risk_level', r.details->>'level',
           'sql', coalesce(l.final_sql, ''), 'row_count', l.row_count, 'path', l.path,
           'error_code', l.error_code, 'error_message', l.error_message,
           'rating', f.rating, 'comment', f.comment,
           'review', CASE WHEN v.review_id IS NULL THEN NULL ELSE json_build_object(
             'review_id', v.review_id, 'verdict', v.verdict, 'corrected_sql', v.corrected_sql,
             'correction_row_count', v.correction_row_count,
             'correction_role', v.correction_role,
             'correction_store_ids', v.correction_store_ids, 'note', v.note,
             'reviewed_by', v.reviewed_by_username,
             'reviewed_at', to_char(v.created_at AT TIME ZONE 'UTC',
                                    'YYYY-MM-DD"T"HH24:MI:SS"Z"')) END) AS item
  FROM query_audit_logs l
  LEFT JOIN LATERAL (SELECT rating, comment FROM feedback
                     WHERE request_id = l.request_id ORDER BY feedback_id DESC LIMIT 1) f ON true
  LEFT JOIN LATERAL (SELECT details FROM query_audit_events
                     WHERE request_id = l.request_id AND stage = 'planning'
                     ORDER BY seq DESC LIMIT 1) p ON true
  LEFT JOIN LATERAL (SELECT details FROM query_audit_events
                     WHERE request_id = l.request_id AND stage = 'risk' AND status <> 'skipped'
                     ORDER BY seq DESC LIMIT 1) r ON true
  LEFT JOIN LATERAL (SELECT * FROM review_verdicts
                     WHERE request_id = l.request_id ORDER BY review_id DESC LIMIT 1) v ON true
  WHERE l.source = 'copilot' AND l.question IS NOT NULL AND coalesce(l.path, '') <> 'review_check'
    AND )" +
         filter + ")\n";
}

json item_of(const pqxx::field& text, const pqxx::field& kinds) {
  json item = json::parse(text.as<std::string>());
  item["kinds"] = json::parse(kinds.as<std::string>());
  return item;
}

}  // namespace

json list(common::db::ConnectionPool& pool, common::db::OrgId org, const ListQuery& query) {
  return db::with_connection(pool, [&](pqxx::connection& conn) {
    common::db::OrgTransaction tx(conn, org);
    const auto rows = tx.exec_params(
        items_sql("true") +
            "SELECT item::text, array_to_json(kinds)::text FROM items "
            "WHERE cardinality(kinds) > 0 AND (review_id IS NULL) = ($1 = 'open') "
            "AND ($2 = '' OR $2 = ANY (kinds)) ORDER BY created_at DESC, request_id LIMIT $3",
        query.status, query.kind, query.limit);
    json items = json::array();
    for (const auto& r : rows) items.push_back(item_of(r[0], r[1]));
    tx.commit();
    return json{{"items", items}, {"status", query.status}, {"kind", query.kind}};
  });
}

std::optional<json> read(common::db::ConnectionPool& pool, common::db::OrgId org,
                         const std::string& request_id) {
  return db::with_connection(pool, [&](pqxx::connection& conn) -> std::optional<json> {
    common::db::OrgTransaction tx(conn, org);
    const auto rows = tx.exec_params(
        items_sql("l.request_id = $1") + "SELECT item::text, array_to_json(kinds)::text FROM items",
        request_id);
    tx.commit();
    if (rows.empty()) return std::nullopt;
    return item_of(rows[0][0], rows[0][1]);
  });
}

json save(common::db::ConnectionPool& pool, common::db::OrgId org, const Verdict& v) {
  return db::with_connection(pool, [&](pqxx::connection& conn) {
    common::db::OrgTransaction tx(conn, org);
    const std::string stores = common::db::int_array(v.correction_store_ids);
    // NULL parameters as null pointers (libpqxx 6 passes them as SQL NULL).
    const bool corrected = v.corrected_sql.has_value();
    const std::string row_count =
        v.correction_row_count ? std::to_string(*v.correction_row_count) : std::string();
    const char* no_text = nullptr;
    const auto row = tx.exec_params1(
        "INSERT INTO review_verdicts (request_id, verdict, corrected_sql, correction_row_count, "
        "correction_role, correction_store_ids, note, reviewed_by, reviewed_by_username) "
        "VALUES ($1, $2, $3, $4::integer, $5, $6::integer[], $7, $8, $9) "
        "RETURNING json_build_object('review_id', review_id, 'verdict', verdict, "
        "'corrected_sql', corrected_sql, 'correction_row_count', correction_row_count, "
        "'correction_role', correction_role, 'correction_store_ids', correction_store_ids, "
        "'note', note, 'reviewed_by', reviewed_by_username, 'reviewed_at', "
        "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))::text",
        v.request_id, v.verdict, corrected ? v.corrected_sql->c_str() : no_text,
        corrected ? row_count.c_str() : no_text, corrected ? v.correction_role.c_str() : no_text,
        corrected ? stores.c_str() : no_text, v.note ? v.note->c_str() : no_text, v.reviewer_id,
        v.reviewer);
    tx.commit();
    return json::parse(row[0].as<std::string>());
  });
}

json stats(common::db::ConnectionPool& pool, common::db::OrgId org) {
  return db::with_connection(pool, [&](pqxx::connection& conn) {
    common::db::OrgTransaction tx(conn, org);
    const auto rows = tx.exec(items_sql("true") + R"(
SELECT CASE WHEN GROUPING(week) = 0 THEN 'by_week' WHEN GROUPING(role) = 0 THEN 'by_role'
            WHEN GROUPING(intent) = 0 THEN 'by_intent' ELSE 'all' END,
       json_build_object(
         'key', coalesce(to_char(week, 'YYYY-MM-DD'), role, intent, 'all'),
         'asks', count(*),
         'declined', count(*) FILTER (WHERE 'declined' = ANY (kinds)),
         'decline_rate', round(count(*) FILTER (WHERE 'declined' = ANY (kinds))::numeric
                               / nullif(count(*), 0), 4),
         'thumbs_up', count(*) FILTER (WHERE rating = 'up'),
         'thumbs_down', count(*) FILTER (WHERE rating = 'down'),
         'thumbs_ratio', round(count(*) FILTER (WHERE rating = 'up')::numeric
                               / nullif(count(*) FILTER (WHERE rating IS NOT NULL), 0), 4),
         'reviewed', count(verdict),
         'right', count(*) FILTER (WHERE verdict = 'right'),
         'wrong', count(*) FILTER (WHERE verdict = 'wrong'),
         'accuracy', round(count(*) FILTER (WHERE verdict = 'right')::numeric
                           / nullif(count(verdict), 0), 4))::text
FROM (SELECT *, date_trunc('week', created_at AT TIME ZONE 'UTC') AS week FROM items) i
GROUP BY GROUPING SETS ((week), (role), (intent), ())
ORDER BY 1, 2)");
    json out = {
        {"by_week", json::array()}, {"by_role", json::array()}, {"by_intent", json::array()}};
    for (const auto& r : rows) {
      json group = json::parse(r[1].as<std::string>());
      const auto set = r[0].as<std::string>();
      if (set == "all") {
        out["totals"] = group;
        out["accuracy"] = {{"reviewed", group["reviewed"]},
                           {"right", group["right"]},
                           {"wrong", group["wrong"]},
                           {"rate", group["accuracy"]}};
      } else {
        out[set].push_back(std::move(group));
      }
    }
    tx.commit();
    return out;
  });
}

json corrections(common::db::ConnectionPool& pool, common::db::OrgId org, int limit) {
  return db::with_connection(pool, [&](pqxx::connection& conn) {
    common::db::OrgTransaction tx(conn, org);
    const auto rows = tx.exec_params(
        items_sql("true") +
            "SELECT item::text, array_to_json(kinds)::text FROM items WHERE review_id IS NOT NULL "
            "AND (item->'review'->>'corrected_sql' IS NOT NULL OR (verdict = 'right' AND "
            "coalesce(item->>'sql', '') <> '')) ORDER BY review_id DESC LIMIT $1",
        limit);
    json out = json::array();
    for (const auto& r : rows) {
      const json item = item_of(r[0], r[1]);
      const json& review = item["review"];
      const bool corrected = review["corrected_sql"].is_string();
      out.push_back(
          {{"request_id", item["request_id"]},
           {"question", item["question"]},
           {"asker", item["asker"]},
           {"intent", item["intent"]},
           {"verdict", review["verdict"]},
           {"source", corrected ? "corrected" : "original"},
           {"reviewed_sql", corrected ? review["corrected_sql"] : item["sql"]},
           {"correction_row_count", corrected ? review["correction_row_count"] : item["row_count"]},
           {"note", review["note"]},
           {"reviewed_by", review["reviewed_by"]},
           {"reviewed_at", review["reviewed_at"]}});
    }
    tx.commit();
    return json{{"corrections", out}};
  });
}

void check_window(common::db::ConnectionPool& pool, const ExportWindow& window) {
  if (!window.since && !window.until) return;
  db::with_connection(pool, [&](pqxx::connection& conn) {
    pqxx::read_transaction tx(conn);
    for (const auto& [value, name] :
         {std::pair{&window.since, "since"}, std::pair{&window.until, "until"}}) {
      if (!*value) continue;
      try {
        tx.exec_params1("SELECT $1::timestamptz", **value);
      } catch (const pqxx::data_exception&) {
        throw common::Error::invalid_field(name, std::string(name) + " must be a valid time");
      }
    }
  });
}

namespace {

// Every string in `value`, at any depth: the texts a record's scrubbing will look at.
void collect_strings(const json& value, std::vector<std::string>& out) {
  if (value.is_string()) {
    out.push_back(value.get<std::string>());
  } else if (value.is_array() || value.is_object()) {
    for (const auto& v : value) collect_strings(v, out);
  }
}

// The customer PII terms that occur in `texts` (customer_pii_terms_in(), SECURITY DEFINER): the
// gateway is never handed a customer's name, e-mail, address or phone it did not already hold.
std::vector<PiiTerm> terms_in(pqxx::transaction_base& tx, const std::vector<std::string>& texts) {
  const auto rows = tx.exec_params("SELECT term, kind, replacement FROM customer_pii_terms_in($1)",
                                   common::db::text_array(texts));
  std::vector<PiiTerm> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    out.push_back({r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>()});
  }
  return out;
}

}  // namespace

size_t export_records(common::db::ConnectionPool& pool, common::db::OrgId org,
                      const ExportWindow& window, size_t batch, const OnExportRecord& on_record) {
  return db::with_connection(pool, [&](pqxx::connection& conn) {
    common::db::OrgTransaction tx(conn, org);
    // A cursor takes no parameters: the window's times (checked by check_window) are quoted.
    std::string in_window = "true";
    if (window.since) {
      in_window += " AND l.created_at >= " + tx.quote(*window.since) + "::timestamptz";
    }
    if (window.until) {
      in_window += " AND l.created_at < " + tx.quote(*window.until) + "::timestamptz";
    }
    tx.exec(
        "DECLARE review_export NO SCROLL CURSOR FOR " + items_sql(in_window) +
        "SELECT item::text, array_to_json(kinds)::text FROM items ORDER BY created_at, request_id");
    const std::string fetch = "FETCH " + std::to_string(batch) + " FROM review_export";
    size_t count = 0;
    for (;;) {
      const auto rows = tx.exec(fetch);
      if (rows.empty()) break;
      std::vector<json> items;
      items.reserve(rows.size());
      std::vector<std::string> texts;
      for (const auto& r : rows) {
        items.push_back(item_of(r[0], r[1]));
        collect_strings(items.back(), texts);
      }
      const PiiScrubber scrubber(terms_in(tx, texts));
      for (auto& item : items) {
        ++count;
        if (!on_record(item, scrubber)) {
          tx.abort();
          return count;
        }
      }
    }
    tx.exec("CLOSE review_export");
    tx.commit();
    return count;
  });
}

}  // namespace gateway::review
