#include "gateway/limits/redis_bucket_store.hpp"

#include <charconv>
#include <string_view>

namespace gateway::limits {
namespace {

// KEYS[1] the bucket; ARGV capacity, per_second, 1 = take / 0 = give back. The server's clock
// (TIME) for every instance. Returns {granted, tokens left}.
constexpr const char* kScript = R"lua(
local cap = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(b[1]) or cap
local ts = tonumber(b[2]) or now
tokens = math.min(cap, tokens + math.max(0, now - ts) * rate)
local granted = 0
if ARGV[3] == '1' then
  if tokens >= 1 then tokens = tokens - 1; granted = 1 end
else
  tokens = math.min(cap, tokens + 1); granted = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((cap - tokens) / rate * 1000) + 1000)
return {granted, tostring(tokens)}
)lua";

struct ReplyDeleter {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

Reply command(redisContext* c, const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<size_t> lengths;
  for (const auto& a : args) {
    argv.push_back(a.data());
    lengths.push_back(a.size());
  }
  return Reply(static_cast<redisReply*>(
      redisCommandArgv(c, static_cast<int>(args.size()), argv.data(), lengths.data())));
}

}  // namespace

RedisBucketStore::RedisBucketStore(const std::string& url, size_t pool_size,
                                   std::chrono::milliseconds timeout)
    : pool_size_(pool_size < 1 ? 1 : pool_size), timeout_(timeout) {
  std::string_view rest = url;
  if (rest.starts_with("redis://")) rest.remove_prefix(8);
  if (const auto slash = rest.find('/'); slash != std::string_view::npos)
    rest = rest.substr(0, slash);
  const auto colon = rest.rfind(':');
  host_ = std::string(rest.substr(0, colon));
  if (colon != std::string_view::npos) {
    const auto digits = rest.substr(colon + 1);
    std::from_chars(digits.data(), digits.data() + digits.size(), port_);
  }
  if (host_.empty()) host_ = "127.0.0.1";
}

RedisBucketStore::Context RedisBucketStore::open() {
  const timeval tv{static_cast<time_t>(timeout_.count() / 1000),
                   static_cast<suseconds_t>((timeout_.count() % 1000) * 1000)};
  Context c(redisConnectWithTimeout(host_.c_str(), port_, tv));
  if (!c || c->err != 0) {
    throw StoreUnavailable(c ? c->errstr : "redis: cannot allocate a context");
  }
  redisSetTimeout(c.get(), tv);
  const Reply loaded = command(c.get(), {"SCRIPT", "LOAD", kScript});
  if (!loaded || loaded->type != REDIS_REPLY_STRING) {
    throw StoreUnavailable("redis: SCRIPT LOAD failed");
  }
  const std::lock_guard lock(mutex_);
  sha_.assign(loaded->str, loaded->len);
  return c;
}

RedisBucketStore::Context RedisBucketStore::lease() {
  std::unique_lock lock(mutex_);
  if (!available_.wait_for(lock, timeout_, [&] { return !idle_.empty() || open_ < pool_size_; })) {
    throw StoreUnavailable("redis: no connection free");
  }
  if (!idle_.empty()) {
    Context c = std::move(idle_.back());
    idle_.pop_back();
    return c;
  }
  ++open_;
  lock.unlock();
  try {
    return open();
  } catch (...) {
    lock.lock();
    --open_;
    available_.notify_one();
    throw;
  }
}

void RedisBucketStore::give(Context context) {
  const std::lock_guard lock(mutex_);
  if (context) {
    idle_.push_back(std::move(context));
  } else {
    --open_;
  }
  available_.notify_one();
}

Take RedisBucketStore::call(std::string_view bucket, BucketShape shape, bool take) {
  Context c = lease();
  std::string sha;
  {
    const std::lock_guard lock(mutex_);
    sha = sha_;
  }
  const Reply reply =
      command(c.get(), {"EVALSHA", sha, "1", std::string(bucket), std::to_string(shape.capacity),
                        std::to_string(shape.per_second), take ? "1" : "0"});
  if (!reply || c->err != 0) {
    give(nullptr);  // a broken connection is closed, never reused
    throw StoreUnavailable(c->errstr);
  }
  if (reply->type != REDIS_REPLY_ARRAY || reply->elements != 2) {
    give(std::move(c));
    throw StoreUnavailable("redis: unexpected reply to the bucket script");
  }
  Take result{reply->element[0]->integer == 1,
              std::stod(std::string(reply->element[1]->str, reply->element[1]->len))};
  give(std::move(c));
  return result;
}

Take RedisBucketStore::take(std::string_view bucket, BucketShape shape) {
  return call(bucket, shape, true);
}

void RedisBucketStore::give_back(std::string_view bucket, BucketShape shape) {
  call(bucket, shape, false);
}

}  // namespace gateway::limits
