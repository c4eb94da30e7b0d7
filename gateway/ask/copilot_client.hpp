// gateway/ask/copilot_client.hpp — the gateway's only way to the internal copilot service.
// In: the /run body (question + user_context built from the token) and the request id. Out: the
// copilot's status and body (JSON), or an open event stream (SSE). Sends X-Internal-Token and
// X-Request-Id. Failures become common::Error: nothing listening → 503 upstream_unavailable,
// no complete reply within the timeout → 504 upstream_timeout, a reply that is not what the
// contract says → 502 upstream_error.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace httplib {
class Client;
}

namespace gateway::ask {

struct UpstreamReply {
  int status = 0;
  std::string body;
};

// Kinds of upstream failure, for metrics.
enum class UpstreamFailure { kUnavailable, kTimeout, kBadReply };

// One relayed event stream. next() hands out the copilot's bytes as they arrive.
class UpstreamStream {
 public:
  struct State;
  explicit UpstreamStream(std::shared_ptr<State> state, std::chrono::milliseconds idle_timeout);
  UpstreamStream(const UpstreamStream&) = delete;
  UpstreamStream& operator=(const UpstreamStream&) = delete;
  ~UpstreamStream();  // cancels the upstream request when the client went away

  enum class Next { kData, kEnd, kTimeout, kBroken };
  // Waits for the next bytes (at most idle_timeout); kEnd when the copilot finished cleanly.
  Next next(std::string& out);
  void cancel();

 private:
  std::shared_ptr<State> state_;
  std::chrono::milliseconds idle_timeout_;
};

class CopilotClient {
 public:
  // At most `max_in_flight` /run calls use the copilot at once; the rest wait their turn here
  // (within the timeout) instead of queueing behind idle kept-alive connections there.
  CopilotClient(std::string base_url, std::string internal_token, std::chrono::milliseconds timeout,
                size_t max_in_flight = 8);
  ~CopilotClient();
  CopilotClient(const CopilotClient&) = delete;
  CopilotClient& operator=(const CopilotClient&) = delete;

  // POST /run, JSON. Throws common::Error 502/503/504; any HTTP status is returned as-is.
  UpstreamReply run(const nlohmann::json& body, std::string_view request_id);
  // POST /run with Accept: text/event-stream. Returns once the copilot answered 200 with an
  // event stream; any other answer comes back as `reply` for the caller to map.
  struct Opened {
    std::unique_ptr<UpstreamStream> stream;  // set when streaming
    UpstreamReply reply;                     // set otherwise
  };
  Opened open_stream(const nlohmann::json& body, std::string_view request_id);
  // GET /health within a short timeout.
  bool healthy();

  [[nodiscard]] std::chrono::milliseconds timeout() const { return timeout_; }

  // Called on every upstream failure (metrics).
  void on_failure(std::function<void(UpstreamFailure)> callback) {
    on_failure_ = std::move(callback);
  }

 private:
  std::unique_ptr<httplib::Client> make_client(std::chrono::milliseconds read_timeout) const;
  std::unique_ptr<httplib::Client> take_client();
  void give_back(std::unique_ptr<httplib::Client> client);
  [[noreturn]] void fail(UpstreamFailure kind, const std::string& message) const;

  std::string base_url_;
  std::string internal_token_;
  std::chrono::milliseconds timeout_;
  std::function<void(UpstreamFailure)> on_failure_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<httplib::Client>> idle_;
  size_t max_in_flight_;
  size_t in_flight_ = 0;  // guarded by mutex_
  std::condition_variable turn_;
};

}  // namespace gateway::ask
