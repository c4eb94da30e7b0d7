// The pool's recovery with a fake connection: dead idle connections are dropped before use, and a
// use that failed safely (RetryableFailure) runs once more on a new connection, never twice.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "common/db/basic_pool.hpp"

namespace {

using common::Error;
using common::db::BasicPool;
using common::db::ConnectFailed;
using common::db::RetryableFailure;

struct FakeConnection {
  int id = 0;
  bool alive = true;
};

// A pool of fake connections that remembers every connection it opened.
struct FakeDatabase {
  std::vector<FakeConnection*> opened;
  bool reachable = true;

  BasicPool<FakeConnection> pool(size_t size = 2) {
    return BasicPool<FakeConnection>(
        size, std::chrono::milliseconds(100),
        [this] {
          if (!reachable) throw ConnectFailed(503, "database_unavailable", "refused");
          auto connection = std::make_unique<FakeConnection>();
          connection->id = static_cast<int>(opened.size()) + 1;
          opened.push_back(connection.get());
          return connection;
        },
        [](FakeConnection& c) { return c.alive; });
  }
};

Error lost() { return {503, "analytics_unavailable", "connection lost"}; }

TEST(BasicPool, RetriesOnceOnANewConnectionWhenTheFirstFailsSafely) {
  FakeDatabase db;
  auto pool = db.pool();
  { auto warm = pool.acquire(); }  // one idle connection, stale after a restart
  int attempts = 0;
  const int answered_on = pool.run([&](BasicPool<FakeConnection>::Lease& lease) {
    if (++attempts == 1) throw RetryableFailure(lost());
    return lease->id;
  });
  EXPECT_EQ(attempts, 2);
  EXPECT_EQ(answered_on, 2) << "the retry must use a newly opened connection";
  EXPECT_EQ(pool.retries(), 1U);
}

TEST(BasicPool, SecondSafeFailureIsThrownAsItsOwnError) {
  FakeDatabase db;
  auto pool = db.pool();
  int attempts = 0;
  try {
    pool.run([&](BasicPool<FakeConnection>::Lease&) -> int {
      ++attempts;
      throw RetryableFailure(lost());
    });
    FAIL() << "expected the failure";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), "analytics_unavailable");
  }
  EXPECT_EQ(attempts, 2) << "retried once, never twice";
}

TEST(BasicPool, OtherFailuresAreNeverRetried) {
  FakeDatabase db;
  auto pool = db.pool();
  int attempts = 0;
  EXPECT_THROW(pool.run([&](BasicPool<FakeConnection>::Lease&) -> int {
    ++attempts;  // a write, or a failure after part of a result: not RetryableFailure
    throw Error(503, "analytics_unavailable", "lost after 3 rows");
  }),
               Error);
  EXPECT_EQ(attempts, 1);
}

TEST(BasicPool, RetryThatCannotConnectFailsWithTheConnectError) {
  FakeDatabase db;
  auto pool = db.pool();
  { auto warm = pool.acquire(); }
  db.reachable = false;
  int attempts = 0;
  EXPECT_THROW(pool.run([&](BasicPool<FakeConnection>::Lease&) -> int {
    ++attempts;
    throw RetryableFailure(lost());
  }),
               ConnectFailed);
  EXPECT_EQ(attempts, 1);
}

TEST(BasicPool, DeadIdleConnectionsAreDroppedBeforeUse) {
  FakeDatabase db;
  auto pool = db.pool(2);
  {
    auto a = pool.acquire();
    auto b = pool.acquire();
  }
  for (auto* c : db.opened) c->alive = false;  // the server restarted while they sat idle
  auto lease = pool.acquire();
  EXPECT_EQ(lease->id, 3);
  EXPECT_TRUE(lease->alive);
}

TEST(BasicPool, AFreshConnectionReplacesAnIdleOneWhenThePoolIsFull) {
  FakeDatabase db;
  auto pool = db.pool(1);
  { auto warm = pool.acquire(); }
  int attempts = 0;
  const int id = pool.run([&](BasicPool<FakeConnection>::Lease& lease) {
    if (++attempts == 1) throw RetryableFailure(lost());
    return lease->id;
  });
  EXPECT_EQ(id, 2);
  auto again = pool.acquire();  // the size limit still holds: the replaced one was closed
  EXPECT_EQ(again->id, 2);
}

}  // namespace
