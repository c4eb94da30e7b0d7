#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "common/cache/expiring_lru.hpp"
#include "common/crypto/secrets.hpp"
#include "common/db/pg_array.hpp"
#include "common/db/pool.hpp"
#include "common/error/error.hpp"
#include "common/http/http.hpp"
#include "common/ids/ids.hpp"
#include "common/memory/allocator.hpp"
#include "common/text/numbers.hpp"
#include "common/text/utf8.hpp"

namespace {

TEST(Ids, NewUuidIsCanonicalVersion4) {
  common::crypto::init_sodium();
  const auto id = common::ids::new_uuid();
  EXPECT_TRUE(common::ids::is_uuid(id));
  EXPECT_EQ(id[14], '4');
  EXPECT_NE(id, common::ids::new_uuid());
}

TEST(Ids, RejectsMalformedUuids) {
  EXPECT_FALSE(common::ids::is_uuid("not-a-uuid"));
  EXPECT_FALSE(common::ids::is_uuid("123e4567-e89b-12d3-a456-42661417400Z"));
  EXPECT_FALSE(common::ids::is_uuid("123e4567e89b-12d3-a456-4266141740000"));
  EXPECT_TRUE(common::ids::is_uuid("123e4567-e89b-12d3-a456-426614174000"));
}

TEST(Ids, RequestIdMustBeShortAndPlain) {
  EXPECT_TRUE(common::ids::is_safe_request_id("abc-123_x.y"));
  EXPECT_FALSE(common::ids::is_safe_request_id(""));
  EXPECT_FALSE(common::ids::is_safe_request_id("a\r\nSet-Cookie: x"));
  EXPECT_FALSE(common::ids::is_safe_request_id(std::string(65, 'a')));
}

TEST(Secrets, ConstantTimeEqualComparesWholeValue) {
  EXPECT_TRUE(common::crypto::constant_time_equal("secret", "secret"));
  EXPECT_FALSE(common::crypto::constant_time_equal("secret", "secreT"));
  EXPECT_FALSE(common::crypto::constant_time_equal("secret", "secret2"));
  EXPECT_FALSE(common::crypto::constant_time_equal("", "x"));
}

TEST(Errors, BodyCarriesCodeMessageRequestIdAndExtras) {
  const auto body =
      common::error_body(common::Error::invalid_field("store_id", "must be an integer"), "req-1");
  EXPECT_EQ(body["error"]["code"], "invalid_field");
  EXPECT_EQ(body["error"]["message"], "must be an integer");
  EXPECT_EQ(body["error"]["request_id"], "req-1");
  EXPECT_EQ(body["error"]["field"], "store_id");
}

TEST(Pool, RedactsPasswordInUrl) {
  EXPECT_EQ(common::db::redact_url("postgresql://app:s3cret@127.0.0.1:5432/copilot"),
            "user=app password=*** dbname=copilot host=127.0.0.1 port=5432");
  EXPECT_EQ(common::db::redact_url("postgresql:///copilot"), "dbname=copilot");
}

}  // namespace

TEST(Http, ASecondServerCannotTakeAPortAlreadyInUse) {
  httplib::Server first;
  common::http::use_exclusive_port(first);
  const int port = first.bind_to_any_port("127.0.0.1");
  ASSERT_GT(port, 0);
  httplib::Server second;
  common::http::use_exclusive_port(second);
  // httplib's default options would let this bind succeed and split the traffic between them.
  EXPECT_FALSE(second.bind_to_port("127.0.0.1", port));
}

TEST(ExpiringLru, KeepsTheMostRecentlyUsedWithinCapacity) {
  common::cache::ExpiringLru<int> cache(2, std::chrono::seconds(10));
  const auto now = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
  cache.put("a", 1, now);
  cache.put("b", 2, now);
  ASSERT_EQ(cache.get("a", now), 1);  // "a" is now the most recent
  cache.put("c", 3, now);             // evicts "b"
  EXPECT_EQ(cache.get("b", now), std::nullopt);
  EXPECT_EQ(cache.get("a", now), 1);
  EXPECT_EQ(cache.get("c", now), 3);
  EXPECT_EQ(cache.size(), 2U);
  cache.put("c", 4, now);  // a new value replaces the old one
  EXPECT_EQ(cache.get("c", now), 4);
}

TEST(ExpiringLru, EntriesExpireAfterTheirTimeToLive) {
  common::cache::ExpiringLru<std::string> cache(8, std::chrono::seconds(10));
  const auto now = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
  cache.put("k", "v", now);
  EXPECT_EQ(cache.get("k", now + std::chrono::seconds(9)), "v");
  EXPECT_EQ(cache.get("k", now + std::chrono::seconds(10)), std::nullopt);
  EXPECT_EQ(cache.size(), 0U);
}

TEST(ExpiringLru, ExpiredEntriesAtTheColdEndGoOnTheNextPut) {
  common::cache::ExpiringLru<std::string> cache(100, std::chrono::seconds(10));
  const auto now = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
  for (int i = 0; i < 50; ++i) cache.put("old" + std::to_string(i), "v", now);
  EXPECT_EQ(cache.size(), 50U);
  cache.put("new", "v", now + std::chrono::seconds(11));  // never read again, yet not kept
  EXPECT_EQ(cache.size(), 1U);
}

TEST(ExpiringLru, AByteBudgetEvictsTheLeastRecentAndRefusesWhatCannotFit) {
  common::cache::ExpiringLru<std::string> cache(100, std::chrono::seconds(10), 10,
                                                [](const std::string& v) { return v.size(); });
  const auto now = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
  cache.put("a", "1234", now);
  cache.put("b", "1234", now);
  EXPECT_EQ(cache.bytes(), 8U);
  cache.put("c", "1234", now);  // 12 > 10: "a" goes
  EXPECT_EQ(cache.get("a", now), std::nullopt);
  EXPECT_EQ(cache.bytes(), 8U);
  cache.put("big", std::string(11, 'x'), now);  // heavier than the budget: not kept
  EXPECT_EQ(cache.get("big", now), std::nullopt);
  EXPECT_EQ(cache.get("b", now), "1234");
  cache.put("b", "12", now);  // a new value replaces the old one's weight
  EXPECT_EQ(cache.bytes(), 6U);
}

TEST(ExpiringLru, CapacityOrTimeToLiveZeroKeepsNothing) {
  const auto now = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
  common::cache::ExpiringLru<int> no_room(0, std::chrono::seconds(10));
  no_room.put("k", 1, now);
  EXPECT_EQ(no_room.get("k", now), std::nullopt);
  common::cache::ExpiringLru<int> no_time(8, std::chrono::seconds(0));
  no_time.put("k", 1, now);
  EXPECT_EQ(no_time.get("k", now), std::nullopt);
}

namespace {

TEST(PgArray, TextElementsAreQuotedAndEscaped) {
  EXPECT_EQ(common::db::text_array(std::vector<std::string>{"a b", "c\"d", "e\\f", "{,}"}),
            R"({"a b","c\"d","e\\f","{,}"})");
  EXPECT_EQ(common::db::text_array(std::set<std::string>{}), "{}");
  EXPECT_EQ(common::db::text_array(std::vector<std::string>{std::string("a\0b", 3)}), R"({"ab"})");
}

TEST(PgArray, IntegersRoundTrip) {
  EXPECT_EQ(common::db::int_array({}), "{}");
  EXPECT_EQ(common::db::int_array({1, 2, -3}), "{1,2,-3}");
  EXPECT_EQ(common::db::parse_int_array("{1,2,-3}"), (std::vector<int>{1, 2, -3}));
  EXPECT_EQ(common::db::parse_int_array("{1,x,3}"), (std::vector<int>{1, 3}));
  EXPECT_TRUE(common::db::parse_int_array("1,2").empty());
  EXPECT_TRUE(common::db::parse_int_array("{}").empty());
}

}  // namespace

// The services' periodic malloc_trim: it runs on its interval and stops at once when destroyed.
TEST(PeriodicRelease, ReleasesOnItsIntervalAndStopsWithoutWaitingOne) {
  const auto started = std::chrono::steady_clock::now();
  {
    const common::memory::PeriodicRelease release(std::chrono::milliseconds(20));
    while (release.releases() < 3 &&
           std::chrono::steady_clock::now() - started < std::chrono::seconds(5)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    EXPECT_GE(release.releases(), 3U);
  }
  {
    const common::memory::PeriodicRelease idle(std::chrono::hours(1));
    EXPECT_EQ(idle.releases(), 0U);
  }  // destroyed long before its first interval
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

TEST(Numbers, GroupedWithCommasAndFixedDecimals) {
  EXPECT_EQ(common::text::grouped_number(1234.5, 2), "1,234.50");
  EXPECT_EQ(common::text::grouped_number(2600, 0), "2,600");
  EXPECT_EQ(common::text::grouped_number(999, 0), "999");
  EXPECT_EQ(common::text::grouped_number(1234567.891, 2), "1,234,567.89");
  EXPECT_EQ(common::text::grouped_number(-1234.5, 2), "-1,234.50");
  EXPECT_EQ(common::text::grouped_number(0.99, 2), "0.99");
}
