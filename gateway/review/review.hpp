// gateway/review/review.hpp — the quality loop's reads and writes (issue 16, parts 3–6).
//
// The review queue is read from what the product already records, per organisation (row-level
// security, common/db/org_transaction.hpp); only a reviewer's verdict is stored
// (review_verdicts, db/migrations/20261211000100). An item is one asked request (a copilot row
// of query_audit_logs, never a review check) of one or more kinds:
//   thumbs_down     its latest rating (feedback) is "down";
//   declined        its status is needs_clarification or refused (not understood, out of scope,
//                   refused by policy, planner or guardrail);
//   low_confidence  it was answered (status ok) but the planning stage recorded words it did not
//                   understand (explain.not_understood, the planning event's not_understood), or
//                   the risk stage scored it medium or high.
// An item is open until it has a verdict, then reviewed (its latest verdict counts).
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/db/org_transaction.hpp"
#include "common/db/pool.hpp"
#include "gateway/review/scrubber.hpp"

namespace gateway::review {

inline constexpr const char* kKinds[] = {"thumbs_down", "declined", "low_confidence"};

struct ListQuery {
  std::string status = "open";  // open | reviewed
  std::string kind;             // empty: every kind
  int limit = 50;
};

// {items:[...], status, kind}: newest first. Each item: {id (= request_id), request_id, kinds,
// created_at, asker:{user_id, username, role, store_ids}, question, status, intent,
// semantic_query, not_understood, risk_level, sql, row_count, path, error_code, error_message,
// rating, comment, review:{review_id, verdict, corrected_sql, correction_row_count, note,
// reviewed_by, reviewed_at} | null}.
nlohmann::json list(common::db::ConnectionPool& pool, common::db::OrgId org,
                    const ListQuery& query);

// One asked request of the organisation as an item (kinds may be empty), or nullopt.
std::optional<nlohmann::json> read(common::db::ConnectionPool& pool, common::db::OrgId org,
                                   const std::string& request_id);

struct Verdict {
  std::string request_id;
  std::string verdict;  // right | wrong
  std::optional<std::string> corrected_sql;
  std::optional<long long> correction_row_count;  // set with corrected_sql
  std::string correction_role;                    // the asker's, as the correction ran
  std::vector<int> correction_store_ids;
  std::optional<std::string> note;
  long long reviewer_id = 0;
  std::string reviewer;
};

// Stores one verdict (a new row; the latest counts); returns the item's review block.
nlohmann::json save(common::db::ConnectionPool& pool, common::db::OrgId org, const Verdict& v);

// {accuracy:{reviewed, right, wrong, rate}, by_week:[...], by_role:[...], by_intent:[...]}: per
// group {key, asks, declined, decline_rate, thumbs_up, thumbs_down, thumbs_ratio, reviewed,
// right, wrong, accuracy}; rates are null when their denominator is 0. Weeks start on Monday
// (UTC).
nlohmann::json stats(common::db::ConnectionPool& pool, common::db::OrgId org);

// Reviewed pairs that make regression cases, newest first: a correction (its corrected SQL) or
// an answer marked right (its own SQL). {corrections:[{request_id, question, asker:{...},
// verdict, reviewed_sql, source: corrected|original, correction_row_count, reviewed_at}]}.
nlohmann::json corrections(common::db::ConnectionPool& pool, common::db::OrgId org, int limit);

// The time window of an export: asked at or after `since`, before `until` (ISO 8601, either
// open). Checked by PostgreSQL before the stream starts: a date it cannot read (2026-02-31) is a
// 422 on `since`/`until`, never a stream cut after its 200.
struct ExportWindow {
  std::optional<std::string> since;
  std::optional<std::string> until;
};
void check_window(common::db::ConnectionPool& pool, const ExportWindow& window);

// Every asked request of the organisation in `window`, oldest first, as the dataset export's
// record (before scrubbing), read through a server-side cursor `batch` rows at a time: memory
// stays flat whatever the trail's size. Each record comes with a scrubber that knows the
// customer PII terms found in its batch's texts, and only those (customer_pii_terms_in()).
// Stops early when on_record returns false. Returns the count.
using OnExportRecord = std::function<bool(nlohmann::json& record, const PiiScrubber& scrubber)>;
size_t export_records(common::db::ConnectionPool& pool, common::db::OrgId org,
                      const ExportWindow& window, size_t batch, const OnExportRecord& on_record);

}  // namespace gateway::review
