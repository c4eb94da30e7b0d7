// gateway/ask/copilot_client.hpp — the gateway's only way to the internal copilot service.
// In: the /run body (question + user_context built from the token) and the request id. Out: the
// copilot's status and body (JSON), or an open event stream (SSE). Sends X-Internal-Token and
// X-Request-Id. Failures become common::Error: nothing listening → 503 upstream_unavailable,
// no complete reply within the timeout → 504 upstream_timeout, a reply that is not what the
// contract says → 502 upstream_error.
#pragma once

#include <atomic>
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

// Whether the caller of the request being relayed has gone away (closed its connection).
using CallerGone = std::function<bool()>;

// One relayed event stream. next() hands out the copilot's bytes as they arrive.
class UpstreamStream {
 public:
  struct State;
  UpstreamStream(std::shared_ptr<State> state, std::chrono::milliseconds idle_timeout,
                 CallerGone caller_gone);
  UpstreamStream(const UpstreamStream&) = delete;
  UpstreamStream& operator=(const UpstreamStream&) = delete;
  ~UpstreamStream();  // cancels the upstream request when the client went away

  enum class Next { kData, kEnd, kTimeout, kBroken, kCallerGone };
  // Waits for the next bytes (at most idle_timeout); kEnd when the copilot finished cleanly,
  // kCallerGone (the upstream call closed) when our caller went away meanwhile.
  Next next(std::string& out);
  // Ends the upstream call: its connection is closed, so the copilot sees it.
  void cancel();
  // cancel(), counted as abandoned (our caller went away), unless the call already ended.
  void abandon();

 private:
  std::shared_ptr<State> state_;
  std::chrono::milliseconds idle_timeout_;
  CallerGone caller_gone_;
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
  // When caller_gone() turns true meanwhile, the call is abandoned (its connection closed, so
  // the copilot stops working on it) and Error 499 `client_closed` is thrown.
  UpstreamReply run(const nlohmann::json& body, std::string_view request_id,
                    const CallerGone& caller_gone = {});
  // POST /run with Accept: text/event-stream. Returns once the copilot answered 200 with an
  // event stream; any other answer comes back as `reply` for the caller to map. The stream
  // holds one of the `max_in_flight` turns until it ends, like a JSON call.
  struct Opened {
    std::unique_ptr<UpstreamStream> stream;  // set when streaming
    UpstreamReply reply;                     // set otherwise
  };
  Opened open_stream(const nlohmann::json& body, std::string_view request_id,
                     const CallerGone& caller_gone = {});
  // GET `target` (a path and query, e.g. /catalog?role=finance) with the internal token, on a
  // connection of its own (not one of the /run turns: these reads are small and cached there).
  // Throws common::Error 502/503/504 like run(); any HTTP status is returned as-is.
  UpstreamReply get(const std::string& target, std::string_view request_id);
  // POST `target` (/rerun, /run_statement, /embed) with a JSON body, on a connection of its own
  // like get(): for exports' re-runs, reviewers' corrections and document embeddings, which are
  // bounded (one statement, ≤ 200 rows) and rare. Throws common::Error 502/503/504 like run(); any
  // HTTP status is returned as-is.
  UpstreamReply post(const std::string& target, const nlohmann::json& body,
                     std::string_view request_id);
  // GET /health within a short timeout.
  bool healthy();

  [[nodiscard]] std::chrono::milliseconds timeout() const { return timeout_; }
  // Calls abandoned because their caller went away.
  [[nodiscard]] unsigned long long abandoned() const { return abandoned_->load(); }
  // /run calls (JSON and streams) using the copilot right now.
  [[nodiscard]] size_t in_flight();

  // Called on every upstream failure (metrics).
  void on_failure(std::function<void(UpstreamFailure)> callback) {
    on_failure_ = std::move(callback);
  }

 private:
  struct Turns;  // the in-flight cap, shared with streams that outlive a call
  class Turn;    // one turn, given back when its last holder lets go
  struct Watch;  // JSON calls whose callers are watched
  std::unique_ptr<httplib::Client> make_client(std::chrono::milliseconds read_timeout) const;
  std::unique_ptr<httplib::Client> take_client();
  void give_back(std::unique_ptr<httplib::Client> client);
  [[noreturn]] void fail(UpstreamFailure kind, const std::string& message) const;
  // A turn (one of max_in_flight), or Error 504 when none came free within the timeout.
  std::shared_ptr<Turn> take_turn(std::chrono::steady_clock::time_point deadline);
  void watch_loop();

  std::string base_url_;
  std::string internal_token_;
  std::chrono::milliseconds timeout_;
  std::function<void(UpstreamFailure)> on_failure_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<httplib::Client>> idle_;
  std::shared_ptr<Turns> turns_;
  std::shared_ptr<std::atomic<unsigned long long>> abandoned_ =
      std::make_shared<std::atomic<unsigned long long>>(0);
  // One thread looks at the callers of all JSON calls in flight (every 50 ms) and closes the
  // call of one that went away.
  std::unique_ptr<Watch> watch_;
};

}  // namespace gateway::ask
