#include "gateway/ask/copilot_client.hpp"

#include <algorithm>

#include <httplib.h>

#include <map>
#include <thread>

#include "common/error/error.hpp"

namespace gateway::ask {
namespace {

// The copilot's refusal of a request id it has already taken (copilot/audit/request_ids.hpp).
bool is_duplicate_request_id(const UpstreamReply& reply) {
  if (reply.status != 409) return false;
  const auto body = nlohmann::json::parse(reply.body, nullptr, false);
  return body.is_object() && body.contains("error") && body["error"].is_object() &&
         body["error"].value("code", "") == "duplicate_request_id";
}

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds kConnectTimeout{1000};
constexpr size_t kMaxIdleClients = 64;
// How often the caller of a call in flight is looked at.
constexpr milliseconds kWatchInterval{50};

void set_timeout(httplib::Client& client, milliseconds read_timeout) {
  const auto sec = static_cast<time_t>(read_timeout.count() / 1000);
  const auto usec = static_cast<time_t>((read_timeout.count() % 1000) * 1000);
  client.set_read_timeout(sec, usec);
  client.set_write_timeout(sec, usec);
  const auto connect = std::min(read_timeout, kConnectTimeout);
  client.set_tcp_nodelay(true);
  client.set_connection_timeout(static_cast<time_t>(connect.count() / 1000),
                                static_cast<time_t>((connect.count() % 1000) * 1000));
}

bool is_connect_failure(httplib::Error error) {
  return error == httplib::Error::Connection || error == httplib::Error::ConnectionTimeout ||
         error == httplib::Error::BindIPAddress;
}

}  // namespace

struct UpstreamStream::State {
  std::mutex mutex;
  std::condition_variable changed;
  bool headers = false;
  int status = 0;
  std::string content_type;
  std::deque<std::string> chunks;
  bool done = false;
  bool cancelled = false;
  httplib::Error error = httplib::Error::Success;
  Clock::time_point last_data = Clock::now();
  httplib::Client* client = nullptr;  // while the request runs, to close it on cancel()
  std::shared_ptr<std::atomic<unsigned long long>> abandoned;
};

// The cap on /run calls in flight; streams hold a turn on their own thread, which may outlive
// the call that opened them, hence shared.
struct CopilotClient::Turns {
  explicit Turns(size_t limit) : max(limit) {}
  std::mutex mutex;
  std::condition_variable freed;
  size_t max;
  size_t used = 0;
};

struct CopilotClient::Watch {
  struct Call {
    const CallerGone* caller_gone;
    httplib::Client* client;
    bool abandoned = false;
  };
  std::mutex mutex;
  std::condition_variable changed;
  bool stopping = false;
  unsigned long long next_id = 0;
  std::map<unsigned long long, Call> calls;
  std::thread thread;
};

class CopilotClient::Turn {
 public:
  explicit Turn(std::shared_ptr<Turns> turns) : turns_(std::move(turns)) {}
  Turn(const Turn&) = delete;
  Turn& operator=(const Turn&) = delete;
  ~Turn() {
    {
      const std::lock_guard lock(turns_->mutex);
      --turns_->used;
    }
    turns_->freed.notify_one();
  }

 private:
  std::shared_ptr<Turns> turns_;
};

UpstreamStream::UpstreamStream(std::shared_ptr<State> state, milliseconds idle_timeout,
                               CallerGone caller_gone)
    : state_(std::move(state)), idle_timeout_(idle_timeout), caller_gone_(std::move(caller_gone)) {}

UpstreamStream::~UpstreamStream() { cancel(); }

void UpstreamStream::cancel() {
  const std::lock_guard lock(state_->mutex);
  if (state_->cancelled || state_->done) {
    state_->cancelled = true;
    return;
  }
  state_->cancelled = true;
  if (state_->client != nullptr) state_->client->stop();
}

void UpstreamStream::abandon() {
  {
    const std::lock_guard lock(state_->mutex);
    if (state_->done || state_->cancelled) return;
  }
  if (state_->abandoned) ++*state_->abandoned;
  cancel();
}

UpstreamStream::Next UpstreamStream::next(std::string& out) {
  const auto deadline = Clock::now() + idle_timeout_;
  std::unique_lock lock(state_->mutex);
  for (;;) {
    if (!state_->chunks.empty()) {
      out = std::move(state_->chunks.front());
      state_->chunks.pop_front();
      return Next::kData;
    }
    if (state_->done) {
      if (state_->error == httplib::Error::Success) return Next::kEnd;
      // The upstream read timed out (it equals our idle timeout): a stall, not a broken stream.
      const bool stalled = Clock::now() - state_->last_data >= idle_timeout_ - milliseconds(50);
      return stalled ? Next::kTimeout : Next::kBroken;
    }
    const auto now = Clock::now();
    if (now >= deadline) return Next::kTimeout;
    state_->changed.wait_for(lock, std::min<Clock::duration>(deadline - now, kWatchInterval));
    if (caller_gone_ && state_->chunks.empty() && !state_->done) {
      lock.unlock();
      if (caller_gone_()) {
        abandon();
        return Next::kCallerGone;
      }
      lock.lock();
    }
  }
}

CopilotClient::CopilotClient(std::string base_url, std::string internal_token, milliseconds timeout,
                             size_t max_in_flight)
    : base_url_(std::move(base_url)),
      internal_token_(std::move(internal_token)),
      timeout_(timeout),
      turns_(std::make_shared<Turns>(std::max<size_t>(1, max_in_flight))),
      watch_(std::make_unique<Watch>()) {
  watch_->thread = std::thread([this] { watch_loop(); });
}

CopilotClient::~CopilotClient() {
  {
    const std::lock_guard lock(watch_->mutex);
    watch_->stopping = true;
  }
  watch_->changed.notify_all();
  if (watch_->thread.joinable()) watch_->thread.join();
}

void CopilotClient::watch_loop() {
  std::unique_lock lock(watch_->mutex);
  while (!watch_->stopping) {
    if (watch_->calls.empty()) {
      watch_->changed.wait(lock, [&] { return watch_->stopping || !watch_->calls.empty(); });
      continue;
    }
    for (auto& [id, call] : watch_->calls) {
      if (!call.abandoned && (*call.caller_gone)()) {
        // The run() thread cannot unregister (and free the client) while we hold the lock.
        call.abandoned = true;
        call.client->stop();
      }
    }
    watch_->changed.wait_for(lock, kWatchInterval, [&] { return watch_->stopping; });
  }
}

size_t CopilotClient::in_flight() {
  const std::lock_guard lock(turns_->mutex);
  return turns_->used;
}

std::shared_ptr<CopilotClient::Turn> CopilotClient::take_turn(Clock::time_point deadline) {
  {
    std::unique_lock lock(turns_->mutex);
    if (!turns_->freed.wait_until(lock, deadline, [&] { return turns_->used < turns_->max; })) {
      lock.unlock();
      fail(UpstreamFailure::kTimeout, "the copilot service did not answer in time");
    }
    ++turns_->used;
  }
  return std::make_shared<Turn>(turns_);
}

std::unique_ptr<httplib::Client> CopilotClient::make_client(milliseconds read_timeout) const {
  auto client = std::make_unique<httplib::Client>(base_url_);
  set_timeout(*client, read_timeout);
  return client;
}

std::unique_ptr<httplib::Client> CopilotClient::take_client() {
  {
    const std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto client = std::move(idle_.back());
      idle_.pop_back();
      return client;
    }
  }
  auto client = make_client(timeout_);
  client->set_keep_alive(true);
  return client;
}

void CopilotClient::give_back(std::unique_ptr<httplib::Client> client) {
  const std::lock_guard lock(mutex_);
  // Never keep more connections than may be in flight: an idle one holds a copilot worker.
  if (idle_.size() < std::min(kMaxIdleClients, turns_->max)) idle_.push_back(std::move(client));
}

void CopilotClient::fail(UpstreamFailure kind, const std::string& message) const {
  if (on_failure_) on_failure_(kind);
  switch (kind) {
    case UpstreamFailure::kUnavailable:
      throw common::Error(503, "upstream_unavailable", message);
    case UpstreamFailure::kTimeout:
      throw common::Error(504, "upstream_timeout", message);
    case UpstreamFailure::kBadReply:
      break;
  }
  throw common::Error(502, "upstream_error", message);
}

UpstreamReply CopilotClient::run(const nlohmann::json& body, std::string_view request_id,
                                 const CallerGone& caller_gone) {
  const httplib::Headers headers = {{"X-Internal-Token", internal_token_},
                                    {"X-Request-Id", std::string(request_id)},
                                    {"Accept", "application/json"}};
  const std::string payload = body.dump();
  const auto start = Clock::now();
  // Wait for a turn (bounded by the timeout), and give it back however this call ends.
  const auto turn = take_turn(start + timeout_);
  for (int attempt = 0;; ++attempt) {
    auto client = take_client();
    const auto tried = Clock::now();
    unsigned long long watched = 0;
    if (caller_gone) {
      const std::lock_guard lock(watch_->mutex);
      watched = ++watch_->next_id;
      watch_->calls.emplace(watched, Watch::Call{&caller_gone, client.get()});
    }
    watch_->changed.notify_one();
    auto result = client->Post("/run", headers, payload, "application/json");
    bool abandoned = false;
    if (watched != 0) {
      const std::lock_guard lock(watch_->mutex);
      abandoned = watch_->calls.at(watched).abandoned;
      watch_->calls.erase(watched);
    }
    if (abandoned) {
      ++*abandoned_;
      throw common::Error(499, "client_closed", "the caller went away before the answer");
    }
    if (result) {
      UpstreamReply reply{result->status, std::move(result->body)};
      give_back(std::move(client));
      if (attempt > 0 && is_duplicate_request_id(reply)) {
        // The retry below found the first attempt had reached the copilot after all (it dropped
        // the connection while answering): that failure is ours, not a 409 for an id the caller
        // never chose.
        fail(UpstreamFailure::kBadReply,
             "the copilot service dropped the connection after taking the request");
      }
      return reply;
    }
    const auto error = result.error();
    const auto elapsed = Clock::now() - start;
    if (is_connect_failure(error))
      fail(UpstreamFailure::kUnavailable, "the copilot service is unavailable");
    if (elapsed >= timeout_ - milliseconds(20)) {
      fail(UpstreamFailure::kTimeout, "the copilot service did not answer in time");
    }
    // A kept-alive connection the copilot closed in the meantime fails at once: retry once on a
    // new one. A copilot that drops a fresh connection is broken.
    if (attempt == 0 && Clock::now() - tried < milliseconds(50) &&
        (error == httplib::Error::Write || error == httplib::Error::Read)) {
      continue;
    }
    fail(UpstreamFailure::kBadReply, "the copilot service gave no valid reply");
  }
}

CopilotClient::Opened CopilotClient::open_stream(const nlohmann::json& body,
                                                 std::string_view request_id,
                                                 const CallerGone& caller_gone) {
  const auto start = Clock::now();
  auto turn = take_turn(start + timeout_);
  auto state = std::make_shared<UpstreamStream::State>();
  state->abandoned = abandoned_;
  // The request runs on its own thread, holding the turn until it ends; the handler reads its
  // bytes as they arrive. The thread owns copies of everything it needs, so it may outlive this
  // call and the client.
  std::thread([state, turn = std::move(turn), url = base_url_, token = internal_token_,
               rid = std::string(request_id), payload = body.dump(), timeout = timeout_] {
    httplib::Client client(url);
    set_timeout(client, timeout);
    {
      const std::lock_guard lock(state->mutex);
      state->client = &client;
    }
    httplib::Request req;
    req.method = "POST";
    req.path = "/run";
    req.headers = {{"X-Internal-Token", token},
                   {"X-Request-Id", rid},
                   {"Accept", "text/event-stream"},
                   {"Content-Type", "application/json"}};
    req.body = payload;
    req.response_handler = [state](const httplib::Response& res) {
      const std::lock_guard lock(state->mutex);
      state->headers = true;
      state->status = res.status;
      state->content_type = res.get_header_value("Content-Type");
      state->changed.notify_all();
      return !state->cancelled;
    };
    req.content_receiver = [state](const char* data, size_t length, uint64_t, uint64_t) {
      const std::lock_guard lock(state->mutex);
      if (state->cancelled) return false;
      state->chunks.emplace_back(data, length);
      state->last_data = Clock::now();
      state->changed.notify_all();
      return true;
    };
    httplib::Response res;
    httplib::Error error = httplib::Error::Success;
    bool cancelled = false;
    {
      const std::lock_guard lock(state->mutex);
      cancelled = state->cancelled;
    }
    if (!cancelled) client.send(req, res, error);
    const std::lock_guard lock(state->mutex);
    state->client = nullptr;
    state->done = true;
    state->error = cancelled ? httplib::Error::Canceled : error;
    state->changed.notify_all();
  }).detach();

  // Owned from here on: leaving early in any way (an Error below) cancels the call.
  auto stream = std::make_unique<UpstreamStream>(state, timeout_, caller_gone);
  std::unique_lock lock(state->mutex);
  for (;;) {
    if (state->headers || state->done) break;
    const auto now = Clock::now();
    if (now >= start + timeout_) {
      lock.unlock();
      fail(UpstreamFailure::kTimeout, "the copilot service did not answer in time");
    }
    state->changed.wait_for(lock,
                            std::min<Clock::duration>(start + timeout_ - now, kWatchInterval));
    if (caller_gone && !state->headers && !state->done) {
      lock.unlock();
      if (caller_gone()) {
        stream->abandon();
        throw common::Error(499, "client_closed", "the caller went away before the answer");
      }
      lock.lock();
    }
  }
  if (!state->headers) {
    const auto error = state->error;
    lock.unlock();
    if (is_connect_failure(error))
      fail(UpstreamFailure::kUnavailable, "the copilot service is unavailable");
    if (Clock::now() - start >= timeout_ - milliseconds(20)) {
      fail(UpstreamFailure::kTimeout, "the copilot service did not answer in time");
    }
    fail(UpstreamFailure::kBadReply, "the copilot service gave no valid reply");
  }
  if (state->status == 200 && state->content_type.rfind("text/event-stream", 0) == 0) {
    lock.unlock();
    Opened opened;
    opened.stream = std::move(stream);
    return opened;
  }
  // Not a stream (an error reply): collect it whole.
  const auto rest = timeout_ - std::chrono::duration_cast<milliseconds>(Clock::now() - start);
  if (!state->changed.wait_for(lock, std::max(rest, milliseconds(1)),
                               [&] { return state->done; })) {
    lock.unlock();
    fail(UpstreamFailure::kTimeout, "the copilot service did not answer in time");
  }
  Opened opened;
  opened.reply.status = state->status;
  for (auto& chunk : state->chunks) opened.reply.body += chunk;
  if (state->error != httplib::Error::Success) {
    lock.unlock();
    fail(UpstreamFailure::kBadReply, "the copilot service gave no valid reply");
  }
  return opened;
}

UpstreamReply CopilotClient::get(const std::string& target, std::string_view request_id) {
  const httplib::Headers headers = {{"X-Internal-Token", internal_token_},
                                    {"X-Request-Id", std::string(request_id)},
                                    {"Accept", "application/json"}};
  const auto client = make_client(timeout_);
  auto result = client->Get(target, headers);
  if (result) return {result->status, std::move(result->body)};
  const auto error = result.error();
  if (is_connect_failure(error)) {
    fail(UpstreamFailure::kUnavailable, "the copilot service is unavailable");
  }
  if (error == httplib::Error::Read) {
    fail(UpstreamFailure::kTimeout, "the copilot service did not answer in time");
  }
  fail(UpstreamFailure::kBadReply, "the copilot service gave no valid reply");
}

UpstreamReply CopilotClient::post(const std::string& target, const nlohmann::json& body,
                                  std::string_view request_id) {
  const httplib::Headers headers = {{"X-Internal-Token", internal_token_},
                                    {"X-Request-Id", std::string(request_id)},
                                    {"Accept", "application/json"}};
  const auto client = make_client(timeout_);
  auto result = client->Post(target, headers, body.dump(), "application/json");
  if (result) return {result->status, std::move(result->body)};
  const auto error = result.error();
  if (is_connect_failure(error)) {
    fail(UpstreamFailure::kUnavailable, "the copilot service is unavailable");
  }
  if (error == httplib::Error::Read) {
    fail(UpstreamFailure::kTimeout, "the copilot service did not answer in time");
  }
  fail(UpstreamFailure::kBadReply, "the copilot service gave no valid reply");
}

bool CopilotClient::healthy() {
  httplib::Client client(base_url_);
  set_timeout(client, milliseconds(1000));
  const auto result = client.Get("/health");
  return result && result->status == 200;
}

}  // namespace gateway::ask
