// The quality loop over HTTP (issue 16, parts 3–5): the review queue and the dataset export are
// for admins only; a thumbs-down lands in the queue; a correction is checked by the copilot's
// guardrail (422 with its reason) and run as the asker (a store-1 manager's correction never
// returns store-2 rows) before it is saved; reviewed pairs become eval corrections with a gold;
// the export scrubs customer PII and streams 10,000 audit rows with flat gateway memory.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <thread>

#include "common/config/env.hpp"
#include "gateway/tests/stack.hpp"

namespace gateway::testing {
namespace {

using nlohmann::json;

void expect_error(const Reply& r, int status, const std::string& code) {
  EXPECT_EQ(r.status, status) << r.body;
  const auto body = r.json();
  ASSERT_TRUE(body.is_object() && body.contains("error")) << r.body;
  EXPECT_EQ(body["error"].value("code", ""), code) << r.body;
  EXPECT_EQ(body["error"].value("request_id", ""), r.header("X-Request-Id"));
}

Reply send(Stack& stack, const std::string& method, const std::string& path,
           const std::string& token, const std::string& body = "") {
  httplib::Headers headers;
  if (!body.empty()) headers.emplace("Content-Type", "application/json");
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  return stack.request(method, path, headers, body);
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

class GatewayReview : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { stack_ = new Stack(); }  // NOLINT(cppcoreguidelines-owning-memory)
  static void TearDownTestSuite() {
    delete stack_;  // NOLINT(cppcoreguidelines-owning-memory)
    stack_ = nullptr;
  }
  void SetUp() override {
    ASSERT_TRUE(stack().real_copilot()) << "needs the real copilot binary (build target copilot)";
    admin_ = stack().login("admin_user", "admin123");
  }
  static Stack& stack() { return *stack_; }

  // An answered question of `token`'s user, its audit row written; returns its request id.
  static std::string asked(const std::string& token, const std::string& question) {
    const auto r = stack().post_json("/api/ask", {{"question", question}}, token);
    EXPECT_TRUE(r.status == 200 || r.status == 403) << r.body;
    std::string id = r.json().value("request_id", r.header("X-Request-Id"));
    EXPECT_EQ(wait_for_scalar("SELECT count(*) FROM query_audit_logs WHERE request_id = '" + id +
                                  "' AND source = 'copilot'",
                              std::chrono::seconds(10)),
              "1");
    return id;
  }
  static bool listed(const json& page, const std::string& id) {
    return std::any_of(page["items"].begin(), page["items"].end(),
                       [&](const json& item) { return item["request_id"] == id; });
  }
  std::string admin_;

 private:
  static Stack* stack_;
};
Stack* GatewayReview::stack_ = nullptr;

TEST_F(GatewayReview, OnlyAdminsReviewOrExport) {
  const auto manager = stack().login("manager_store1", "manager123");
  for (const std::string path : {"/api/review", "/api/review/stats", "/api/review/some-id",
                                 "/api/eval/export", "/api/eval/corrections"}) {
    expect_error(send(stack(), "GET", path, ""), 401, "unauthorized");
    expect_error(send(stack(), "GET", path, manager), 403, "forbidden");
  }
  const auto refused =
      send(stack(), "POST", "/api/review/some-id", manager, R"({"verdict":"right"})");
  expect_error(refused, 403, "forbidden");
  EXPECT_EQ(wait_for_scalar("SELECT count(*) FROM query_audit_logs WHERE request_id = '" +
                                refused.header("X-Request-Id") +
                                "' AND username = 'manager_store1' AND error_code = 'forbidden'",
                            std::chrono::seconds(5)),
            "1");
  expect_error(send(stack(), "GET", "/api/review?status=maybe", admin_), 422, "invalid_field");
  expect_error(send(stack(), "GET", "/api/review?kind=nice", admin_), 422, "invalid_field");
  expect_error(send(stack(), "GET", "/api/review?limit=0", admin_), 422, "invalid_field");
  expect_error(send(stack(), "GET", "/api/eval/export?since=yesterday", admin_), 422,
               "invalid_field");
  expect_error(send(stack(), "GET", "/api/eval/export?until=2026-02-31", admin_), 422,
               "invalid_field");
  expect_error(send(stack(), "GET", "/api/eval/export?since=2026-02-31T00:00:00Z", manager), 403,
               "forbidden");
  expect_error(send(stack(), "GET", "/api/review/no-such-request", admin_), 404, "not_found");
  expect_error(
      send(stack(), "POST", "/api/review/no-such-request", admin_, R"({"verdict":"right"})"), 404,
      "not_found");
}

TEST_F(GatewayReview, ThumbsDownIsQueuedAndACorrectionRunsAsTheAskerAfterTheGuardrail) {
  const auto manager = stack().login("manager_store1", "manager123");
  const auto id = asked(manager, "total revenue");
  const auto rated = stack().post_json(
      "/api/feedback", {{"request_id", id}, {"rating", "down"}, {"comment", "wrong total"}},
      manager);
  ASSERT_EQ(rated.status, 201) << rated.body;

  const auto open = send(stack(), "GET", "/api/review?kind=thumbs_down&limit=200", admin_);
  ASSERT_EQ(open.status, 200) << open.body;
  ASSERT_TRUE(listed(open.json(), id)) << open.body;

  const auto detail = send(stack(), "GET", "/api/review/" + id, admin_);
  ASSERT_EQ(detail.status, 200) << detail.body;
  const auto item = detail.json();
  EXPECT_EQ(item["question"], "total revenue");
  EXPECT_EQ(item["comment"], "wrong total");
  EXPECT_EQ(item["asker"]["username"], "manager_store1");
  EXPECT_NE(item["sql"].get<std::string>(), "");
  EXPECT_TRUE(item["semantic_query"].is_object()) << item;
  EXPECT_EQ(item["rows"]["source"], "re-run");
  EXPECT_EQ(item["rows"]["as"]["role"], "store_manager");
  EXPECT_EQ(item["rows"]["row_count"], 1) << item["rows"];

  // The guardrail's refusals: 422 with its reason, nothing saved.
  for (const std::string bad : {"DELETE FROM payment", "SELECT first_name, email FROM customer"}) {
    const auto r = send(stack(), "POST", "/api/review/" + id, admin_,
                        json{{"verdict", "wrong"}, {"corrected_sql", bad}}.dump());
    expect_error(r, 422, "guardrail_rejected");
    EXPECT_NE(r.json()["error"].value("reason_code", ""), "") << r.body;
  }
  EXPECT_EQ(scalar("SELECT count(*) FROM review_verdicts WHERE request_id = '" + id + "'"), "0");

  // Store 2's rows are not the manager's: the correction asks for every store and gets one.
  const auto saved =
      send(stack(), "POST", "/api/review/" + id, admin_,
           json{{"verdict", "wrong"},
                {"corrected_sql",
                 "SELECT store_id, sum(amount) AS revenue FROM v_payment_scoped GROUP BY store_id "
                 "ORDER BY store_id"},
                {"note", "per store"}}
               .dump());
  ASSERT_EQ(saved.status, 201) << saved.body;
  const auto review = saved.json()["review"];
  EXPECT_EQ(review["verdict"], "wrong");
  EXPECT_EQ(review["correction_row_count"], 1);
  EXPECT_EQ(review["correction_role"], "store_manager");
  EXPECT_EQ(review["correction_store_ids"], json::array({1}));
  EXPECT_EQ(wait_for_scalar("SELECT count(*) FROM query_audit_logs WHERE request_id = '" +
                                saved.header("X-Request-Id") + "' AND status = 'review_saved'",
                            std::chrono::seconds(5)),
            "1");

  EXPECT_FALSE(listed(send(stack(), "GET", "/api/review?limit=200", admin_).json(), id));
  EXPECT_TRUE(
      listed(send(stack(), "GET", "/api/review?status=reviewed&limit=200", admin_).json(), id));

  // The eval's regression case: the reviewed SQL, its gold run as the asker.
  const auto corrections = send(stack(), "GET", "/api/eval/corrections?limit=200", admin_);
  ASSERT_EQ(corrections.status, 200) << corrections.body;
  const json listed_cases = corrections.json();  // kept: its member is searched below
  const auto& cases = listed_cases["corrections"];
  const auto found = std::find_if(cases.begin(), cases.end(),
                                  [&](const json& c) { return c["request_id"] == id; });
  ASSERT_NE(found, cases.end()) << corrections.body;
  EXPECT_EQ((*found)["source"], "corrected");
  ASSERT_TRUE((*found)["gold"].is_object()) << *found;
  ASSERT_EQ((*found)["gold"]["rows"].size(), 1U);
  EXPECT_EQ((*found)["gold"]["rows"][0][0], 1);

  // Another organisation's admin does not see the item.
  const auto other = stack().login("admin_org2", "admin2123");
  expect_error(send(stack(), "GET", "/api/review/" + id, other), 404, "not_found");

  const auto stats = send(stack(), "GET", "/api/review/stats", admin_);
  ASSERT_EQ(stats.status, 200) << stats.body;
  EXPECT_GE(stats.json()["accuracy"]["wrong"].get<int>(), 1) << stats.body;
  EXPECT_FALSE(stats.json()["by_role"].empty());
}

TEST_F(GatewayReview, TheExportScrubsCustomerNamesEmailsAddressesAndPhones) {
  // The export of this test's window only: the trail of a long-used database is long.
  const auto utc = [](const std::string& at) {
    return scalar("SELECT to_char((" + at +
                  ") AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')");
  };
  const std::string since = utc("clock_timestamp()");
  const std::string minute_before = utc("'" + since + "'::timestamptz - interval '1 minute'");
  const auto manager = stack().login("manager_store1", "manager123");
  const auto id = asked(manager, "how much did Mary Smith (MARY.SMITH@sakilacustomer.org) pay");
  ASSERT_EQ(stack()
                .post_json("/api/feedback",
                           {{"request_id", id},
                            {"rating", "down"},
                            {"comment",
                             "SMITH lives at 1913 Hanoi Way, phone 28303384290; ask "
                             "patricia.johnson@sakilacustomer.org or someone@example.com"}},
                           manager)
                .status,
            201);
  const auto r = send(stack(), "GET", "/api/eval/export?since=" + since, admin_);
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 500);
  EXPECT_NE(r.header("Content-Type").find("application/x-ndjson"), std::string::npos);
  const std::string body = lower(r.body);
  for (const std::string pii :
       {"smith", "mary.smith@", "patricia.johnson", "hanoi way", "28303384290", "someone@"}) {
    EXPECT_EQ(body.find(pii), std::string::npos) << pii;
  }
  // The record is there, masked as v_customer_masked masks.
  bool seen = false;
  size_t start = 0;
  while (start < r.body.size()) {
    const auto end = r.body.find('\n', start);
    const auto line = json::parse(r.body.substr(start, end - start));
    if (line["request_id"] == id) {
      seen = true;
      EXPECT_NE(line["question"].get<std::string>().find("M*** S***"), std::string::npos) << line;
      EXPECT_NE(line["comment"].get<std::string>().find("[address]"), std::string::npos) << line;
      EXPECT_NE(line["comment"].get<std::string>().find("[phone]"), std::string::npos) << line;
      EXPECT_EQ(line["role"], "store_manager");
      EXPECT_EQ(line["rating"], "down");
    }
    if (end == std::string::npos) break;
    start = end + 1;
  }
  EXPECT_TRUE(seen);
  // Nothing asked before the window is in it.
  const auto before =
      send(stack(), "GET", "/api/eval/export?since=" + minute_before + "&until=" + since, admin_);
  ASSERT_EQ(before.status, 200);
  EXPECT_EQ(before.body.find(id), std::string::npos);
}

TEST_F(GatewayReview, ExportOfTenThousandAuditRowsStreamsInFlatMemory) {
  // 10,000 asked requests (with their planning events) in the trail, written once, in a day
  // of their own (2001-01-01) that the export below asks for: the trail of a long-used
  // database is longer, and the other tests' rows are not this test's to stream.
  (void)scalar(
      "WITH logs AS (INSERT INTO query_audit_logs (request_id, user_id, username, role, "
      "store_ids, question, status, final_sql, row_count, path, created_at) "
      "SELECT 'export-flat-' || g, 2, 'manager_store1', 'store_manager', '{1}', "
      "'total revenue for film ' || g || ' in store 1 by month with a long question text', "
      "'ok', 'SELECT date_trunc(''month'', payment_date) AS month, sum(amount) FROM "
      "v_payment_scoped WHERE film_id = ' || g || ' GROUP BY 1 ORDER BY 1 LIMIT 200', 12, "
      "'embedded_planner', '2001-01-01T00:00:00Z'::timestamptz + g * interval '1 second' "
      "FROM generate_series(1, 10000) g ON CONFLICT DO NOTHING "
      "RETURNING request_id) "
      "INSERT INTO query_audit_events (request_id, seq, stage, status, details) "
      "SELECT request_id, 3, 'planning', 'ok', '{\"intent\":\"trend\",\"semantic_query\":"
      "{\"metric\":\"revenue\",\"dimensions\":[\"month\"]},\"not_understood\":[]}' FROM logs "
      "RETURNING 1");
  ASSERT_EQ(scalar("SELECT count(*) FROM query_audit_logs WHERE request_id LIKE 'export-flat-%' "
                   "AND created_at < '2001-01-02'"),
            "10000");
  // A gateway of its own whose RSS tracks live memory. In the ASan build the allocator keeps
  // up to 256 MB of freed blocks in quarantine by default, so RSS would measure the quarantine
  // rather than the export; a small one still catches a use-after-free near its free.
  std::string asan_options = common::config::env("ASAN_OPTIONS").value_or("");
  if (!asan_options.empty()) asan_options += ':';
  asan_options += "quarantine_size_mb=4:thread_local_quarantine_size_kb=64";
  Stack flat(StackOptions{.env = {{"ASAN_OPTIONS", asan_options}}});
  const std::string admin = flat.login("admin_user", "admin123");
  // Warm: the pool's connections and the allocator's arenas as any export leaves them.
  ASSERT_EQ(send(flat, "GET", "/api/review/stats", admin).status, 200);
  const int pid = flat.gateway().pid();
  const long before_kb = rss_kb(pid);
  std::atomic<bool> done{false};
  std::atomic<long> peak_kb{before_kb};
  std::thread sampler([&] {
    while (!done) {
      peak_kb = std::max(peak_kb.load(), rss_kb(pid));
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  const auto started = std::chrono::steady_clock::now();
  const auto r = send(
      flat, "GET", "/api/eval/export?since=2001-01-01T00:00:00Z&until=2001-01-02T00:00:00Z", admin);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  done = true;
  sampler.join();
  ASSERT_EQ(r.status, 200);
  const auto lines = std::count(r.body.begin(), r.body.end(), '\n');
  EXPECT_EQ(lines, 10000);
  const long growth_kb = peak_kb - before_kb;
  std::printf(
      "[export] %ld records, %.1f MB in %.2f s; gateway RSS %ld KB before, peak %ld KB, "
      "growth %ld KB\n",
      static_cast<long>(lines), static_cast<double>(r.body.size()) / 1e6, seconds, before_kb,
      peak_kb.load(), growth_kb);
  EXPECT_LT(growth_kb, 20 * 1024);
}

}  // namespace
}  // namespace gateway::testing
