#include "gateway/ask/copilot_client.hpp"

#include <algorithm>

#include <httplib.h>

#include <thread>

#include "common/error/error.hpp"

namespace gateway::ask {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds kConnectTimeout{1000};
constexpr size_t kMaxIdleClients = 64;

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
};

UpstreamStream::UpstreamStream(std::shared_ptr<State> state, milliseconds idle_timeout)
    : state_(std::move(state)), idle_timeout_(idle_timeout) {}

UpstreamStream::~UpstreamStream() { cancel(); }

void UpstreamStream::cancel() {
  const std::lock_guard lock(state_->mutex);
  state_->cancelled = true;
}

UpstreamStream::Next UpstreamStream::next(std::string& out) {
  std::unique_lock lock(state_->mutex);
  const bool ready = state_->changed.wait_for(
      lock, idle_timeout_, [&] { return !state_->chunks.empty() || state_->done; });
  if (!state_->chunks.empty()) {
    out = std::move(state_->chunks.front());
    state_->chunks.pop_front();
    return Next::kData;
  }
  if (!ready) return Next::kTimeout;
  if (state_->error == httplib::Error::Success) return Next::kEnd;
  // The upstream read timed out (it equals our idle timeout): a stall, not a broken stream.
  const bool stalled = Clock::now() - state_->last_data >= idle_timeout_ - milliseconds(50);
  return stalled ? Next::kTimeout : Next::kBroken;
}

CopilotClient::CopilotClient(std::string base_url, std::string internal_token, milliseconds timeout,
                             size_t max_in_flight)
    : base_url_(std::move(base_url)),
      internal_token_(std::move(internal_token)),
      timeout_(timeout),
      max_in_flight_(std::max<size_t>(1, max_in_flight)) {}

CopilotClient::~CopilotClient() = default;

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
  if (idle_.size() < std::min(kMaxIdleClients, max_in_flight_)) idle_.push_back(std::move(client));
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

UpstreamReply CopilotClient::run(const nlohmann::json& body, std::string_view request_id) {
  const httplib::Headers headers = {{"X-Internal-Token", internal_token_},
                                    {"X-Request-Id", std::string(request_id)},
                                    {"Accept", "application/json"}};
  const std::string payload = body.dump();
  const auto start = Clock::now();
  // Wait for a turn (bounded by the timeout), and give it back however this call ends.
  {
    std::unique_lock lock(mutex_);
    if (!turn_.wait_until(lock, start + timeout_, [&] { return in_flight_ < max_in_flight_; })) {
      lock.unlock();
      fail(UpstreamFailure::kTimeout, "the copilot service did not answer in time");
    }
    ++in_flight_;
  }
  struct Turn {
    CopilotClient& owner;
    explicit Turn(CopilotClient& client) : owner(client) {}
    Turn(const Turn&) = delete;
    Turn& operator=(const Turn&) = delete;
    ~Turn() {
      {
        const std::lock_guard lock(owner.mutex_);
        --owner.in_flight_;
      }
      owner.turn_.notify_one();
    }
  } const turn{*this};
  for (int attempt = 0;; ++attempt) {
    auto client = take_client();
    const auto tried = Clock::now();
    auto result = client->Post("/run", headers, payload, "application/json");
    if (result) {
      UpstreamReply reply{result->status, std::move(result->body)};
      give_back(std::move(client));
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
                                                 std::string_view request_id) {
  auto state = std::make_shared<UpstreamStream::State>();
  // The request runs on its own thread; the handler reads its bytes as they arrive. The thread
  // owns copies of everything it needs, so it may outlive this call and the client.
  std::thread([state, url = base_url_, token = internal_token_, rid = std::string(request_id),
               payload = body.dump(), timeout = timeout_] {
    httplib::Client client(url);
    set_timeout(client, timeout);
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
    client.send(req, res, error);
    const std::lock_guard lock(state->mutex);
    state->done = true;
    state->error = error;
    state->changed.notify_all();
  }).detach();

  const auto start = Clock::now();
  std::unique_lock lock(state->mutex);
  if (!state->changed.wait_for(lock, timeout_, [&] { return state->headers || state->done; })) {
    state->cancelled = true;
    lock.unlock();
    fail(UpstreamFailure::kTimeout, "the copilot service did not answer in time");
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
    opened.stream = std::make_unique<UpstreamStream>(state, timeout_);
    return opened;
  }
  // Not a stream (an error reply): collect it whole.
  const auto rest = timeout_ - std::chrono::duration_cast<milliseconds>(Clock::now() - start);
  if (!state->changed.wait_for(lock, std::max(rest, milliseconds(1)),
                               [&] { return state->done; })) {
    state->cancelled = true;
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

bool CopilotClient::healthy() {
  httplib::Client client(base_url_);
  set_timeout(client, milliseconds(1000));
  const auto result = client.Get("/health");
  return result && result->status == 200;
}

}  // namespace gateway::ask
