#include <gtest/gtest.h>

#include "common/error/error.hpp"
#include "copilot/workflow/http_server.hpp"

namespace copilot::workflow {
namespace {

using nlohmann::json;

ServerOptions options() {
  ServerOptions o;
  o.internal_token = std::string(40, 'x');
  o.all_store_ids = {1, 2};
  return o;
}

// A /run body; the user's organisation is 1 unless the test names one (or null: none at all).
json body(json user_context) {
  if (user_context.is_object() && !user_context.contains("org_id")) user_context["org_id"] = 1;
  if (user_context.is_object() && user_context["org_id"].is_null()) user_context.erase("org_id");
  return {{"question", "total revenue"},
          {"request_id", "r1"},
          {"user_context", std::move(user_context)}};
}

int status_of(const json& b) {
  try {
    parse_run_request(b, "r1", options());
    return 200;
  } catch (const ::common::Error& e) {
    return e.http_status();
  }
}

TEST(RunRequest, ValidContextIsAccepted) {
  const auto r = parse_run_request(body({{"user_id", 3},
                                         {"role", "store_manager"},
                                         {"store_ids", {2, 1}},
                                         {"allowed_views", {"payment"}}}),
                                   "r1", options());
  EXPECT_EQ(r.user.role, Role::kStoreManager);
  EXPECT_EQ(r.user.store_ids, (std::vector<int>{1, 2}));
  EXPECT_EQ(r.user_id, 3);
}

TEST(RunRequest, TheUsersOrganisationIsRequired) {
  const auto r = parse_run_request(
      body({{"user_id", 3}, {"role", "finance"}, {"store_ids", {1}}, {"org_id", 2}}), "r1",
      options());
  EXPECT_EQ(r.user.org_id, 2);
  for (const json& org : {json(nullptr), json(0), json(-1), json("2"), json(1.5)}) {
    EXPECT_EQ(
        status_of(body({{"user_id", 3}, {"role", "finance"}, {"store_ids", {1}}, {"org_id", org}})),
        422)
        << org.dump();
  }
}

TEST(RunRequest, AdminWithoutStoresGetsEveryStore) {
  const auto r = parse_run_request(
      body({{"user_id", "1"}, {"role", "admin"}, {"is_all_stores", true}}), "r1", options());
  EXPECT_EQ(r.user.store_ids, (std::vector<int>{1, 2}));
}

TEST(RunRequest, BadUserContextIs422) {
  EXPECT_EQ(status_of(body({{"user_id", 1}, {"role", "root"}, {"store_ids", {1}}})), 422);
  EXPECT_EQ(status_of(body({{"user_id", 1}, {"role", "finance"}, {"store_ids", json::array()}})),
            422);
  EXPECT_EQ(status_of(body({{"user_id", 1}, {"role", "finance"}, {"store_ids", {0}}})), 422);
  EXPECT_EQ(status_of(body({{"user_id", 1}, {"role", "finance"}, {"store_ids", {"1"}}})), 422);
  EXPECT_EQ(status_of(body({{"user_id", 1}, {"role", "finance"}, {"store_ids", {1.5}}})), 422);
  EXPECT_EQ(status_of(body({{"user_id", 1}, {"role", "finance"}, {"store_ids", {true}}})), 422);
  EXPECT_EQ(
      status_of(
          body({{"user_id", 1}, {"role", "finance"}, {"store_ids", {1}}, {"is_all_stores", true}})),
      422);
  EXPECT_EQ(status_of(body({{"role", "finance"}, {"store_ids", {1}}})), 422);
  EXPECT_EQ(status_of(body({{"user_id", -4}, {"role", "finance"}, {"store_ids", {1}}})), 422);
  EXPECT_EQ(status_of(body("not an object")), 422);
  EXPECT_EQ(status_of(json{{"question", "x"}}), 422);
}

TEST(RunRequest, QuestionAndConversationAreChecked) {
  auto b = body({{"user_id", 1}, {"role", "finance"}, {"store_ids", {1}}});
  b["question"] = "   ";
  EXPECT_EQ(status_of(b), 422);
  b["question"] = 5;
  EXPECT_EQ(status_of(b), 422);
  b["question"] = "ok";
  b["conversation_id"] = "not-a-uuid";
  EXPECT_EQ(status_of(b), 422);
}

TEST(RunRequest, StoreIdOutsideTheUsersStoresIsScopeDenied) {
  auto b = body({{"user_id", 1}, {"role", "finance"}, {"store_ids", {1}}});
  b["store_id"] = 2;
  EXPECT_EQ(status_of(b), 403);
  b["store_id"] = 1;
  EXPECT_EQ(parse_run_request(b, "r1", options()).store_id, 1);
}

TEST(Sse, FramesAreOneEventAndOneDataLine) {
  EXPECT_EQ(sse_frame("stage", {{"a", "x\ny"}}), "event: stage\ndata: {\"a\":\"x\\ny\"}\n\n");
}

}  // namespace
}  // namespace copilot::workflow
