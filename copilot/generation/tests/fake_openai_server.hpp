// A real local HTTP server speaking the OpenAI chat-completions API, scripted per test: each model
// has a queue of replies (success, HTTP error with Retry-After, delay past the client's timeout,
// malformed body). Streams SSE chunks when the request asks for `stream`. Loopback only.
#pragma once

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace copilot::generation::testing {

struct Reply {
  int status = 200;
  std::string content;   // the assistant message (status 200)
  std::string raw_body;  // sent as-is instead of a chat completion when set
  std::optional<std::string> retry_after;
  std::chrono::milliseconds delay{0};  // before answering (a timeout when > the client's)
  long prompt_tokens = 120;
  long completion_tokens = 30;
  std::optional<double> cost = 0.00042;

  static Reply ok(std::string content) {
    Reply r;
    r.content = std::move(content);
    return r;
  }
  static Reply http(int status, std::optional<std::string> retry_after = std::nullopt) {
    Reply r;
    r.status = status;
    r.retry_after = std::move(retry_after);
    r.raw_body =
        nlohmann::json{
            {"error", {{"message", "scripted " + std::to_string(status)}, {"code", status}}}}
            .dump();
    return r;
  }
  static Reply timeout(std::chrono::milliseconds delay = std::chrono::milliseconds(3000)) {
    Reply r = ok("SELECT 1");
    r.delay = delay;
    return r;
  }
  static Reply malformed(std::string body = "<html>502 Bad Gateway</html>") {
    Reply r;
    r.raw_body = std::move(body);
    return r;
  }
  Reply& after(std::chrono::milliseconds wait) {
    delay = wait;
    return *this;
  }
};

class FakeOpenAiServer {
 public:
  FakeOpenAiServer();
  ~FakeOpenAiServer();
  FakeOpenAiServer(const FakeOpenAiServer&) = delete;
  FakeOpenAiServer& operator=(const FakeOpenAiServer&) = delete;

  // e.g. http://127.0.0.1:41234/v1
  [[nodiscard]] std::string base_url() const;
  // Replies for `model`, in order. When its queue is empty: `fallback` (default 500).
  void script(const std::string& model, std::vector<Reply> replies);
  void set_fallback(Reply reply);
  // Every request body received, in order (for assertions on prompts and formats).
  [[nodiscard]] std::vector<nlohmann::json> requests() const;
  [[nodiscard]] std::vector<nlohmann::json> requests_for(const std::string& model) const;
  [[nodiscard]] std::vector<std::string> authorization_headers() const;
  // Total time the server spent answering (delays included): the "model latency".
  [[nodiscard]] double server_ms() const;

 private:
  void handle(const httplib::Request& req, httplib::Response& res);
  bool wait_or_stop(std::chrono::milliseconds delay);

  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mutex_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  std::map<std::string, std::deque<Reply>> scripts_;
  Reply fallback_ = Reply::http(500);
  std::vector<nlohmann::json> requests_;
  std::vector<std::string> authorizations_;
  double server_ms_ = 0;
};

}  // namespace copilot::generation::testing
