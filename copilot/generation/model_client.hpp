// copilot/generation/model_client.hpp — one chat-completions call to an OpenAI-compatible API.
//
// In:  a ChatRequest (model, messages, optional response_format, timeout, streaming callback).
// Out: a ChatResponse value: the content, token usage and cost, or what went wrong (HTTP status,
//      Retry-After, timeout, transport error, malformed body). Failures are values, never thrown:
//      the caller (resilience + generator) decides whether to retry, fall back or give up.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "copilot/generation/model_config.hpp"

namespace copilot::generation {

struct ChatMessage {
  std::string role;  // system, user, assistant
  std::string content;
};

struct ChatRequest {
  std::string model;
  std::vector<ChatMessage> messages;
  nlohmann::json response_format;  // null: none; else {"type":"json_schema",...}
  int max_tokens = 800;
  double temperature = 0.0;
  std::chrono::milliseconds timeout{15000};
  bool stream = false;
  // Streaming only: called with each content delta as it arrives (on the calling thread).
  std::function<void(std::string_view)> on_delta;
};

struct Usage {
  long prompt_tokens = 0;
  long completion_tokens = 0;
  long total_tokens = 0;
  std::optional<double> cost;  // as the provider reports it (OpenRouter: credits, i.e. USD)

  Usage& operator+=(const Usage& other);
  [[nodiscard]] nlohmann::json to_json() const;
};

struct ChatResponse {
  enum class Status {
    kOk,         // 2xx with a message
    kHttpError,  // non-2xx (or an error object in a 200 body): see http_status
    kTimeout,    // no complete answer within the call's timeout
    kTransport,  // connection refused, DNS, TLS, reset
    kMalformed,  // 2xx but the body is not a chat completion
  };
  Status status = Status::kTransport;
  int http_status = 0;
  std::string content;        // choices[0].message.content (or the concatenated deltas)
  std::string finish_reason;  // stop, length, ...
  std::string served_model;   // "model" of the response (OpenRouter may route elsewhere)
  Usage usage;
  std::optional<std::chrono::milliseconds> retry_after;  // from the Retry-After header
  std::string error;                                     // human-readable, no secrets
  double latency_ms = 0;

  [[nodiscard]] bool ok() const { return status == Status::kOk; }
  // Stable short name for audit: ok, http_429, http_402, timeout, transport_error, malformed.
  [[nodiscard]] std::string outcome() const;
};

// The boundary: the real client below, scripted fakes in tests.
class ModelClient {
 public:
  virtual ~ModelClient() = default;
  virtual ChatResponse complete(const ChatRequest& request) = 0;
};

// POST {base_url}/chat/completions over libcurl (HTTPS with the system's CA store). Thread-safe:
// each call takes an easy handle from a small pool, so keep-alive connections are reused.
class OpenAiCompatibleClient final : public ModelClient {
 public:
  explicit OpenAiCompatibleClient(const ModelConfig& config);
  ~OpenAiCompatibleClient() override;
  OpenAiCompatibleClient(const OpenAiCompatibleClient&) = delete;
  OpenAiCompatibleClient& operator=(const OpenAiCompatibleClient&) = delete;

  ChatResponse complete(const ChatRequest& request) override;

 private:
  struct HandlePool;
  std::string endpoint_;
  std::string api_key_;
  std::string app_url_;
  std::string app_name_;
  std::unique_ptr<HandlePool> pool_;
};

// The JSON body sent for a request (exposed for tests and logs).
nlohmann::json chat_request_body(const ChatRequest& request);

// Parses a non-streaming response body; fills content/usage/served_model or sets kMalformed /
// kHttpError (an error object in a 200 body, as OpenRouter sends for upstream failures).
void parse_chat_body(std::string_view body, ChatResponse& out);

// Incremental parser of an SSE stream of chat.completion.chunk events ("data: {...}" lines,
// terminated by "data: [DONE]"). Feed bytes as they arrive.
class SseChatParser {
 public:
  explicit SseChatParser(std::function<void(std::string_view)> on_delta = {})
      : on_delta_(std::move(on_delta)) {}
  void feed(std::string_view bytes);
  // Call when the transfer ends: completes the response (kMalformed if no usable event came).
  void finish(ChatResponse& out);

 private:
  void handle_line(std::string_view line);

  std::function<void(std::string_view)> on_delta_;
  std::string pending_;
  std::string content_;
  std::string finish_reason_;
  std::string model_;
  std::string error_;
  int error_status_ = 0;
  Usage usage_;
  bool saw_chunk_ = false;
  bool done_ = false;
  bool bad_chunk_ = false;
};

// Retry-After: delta-seconds or an HTTP date (relative to now). nullopt when unparseable.
std::optional<std::chrono::milliseconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point now);

}  // namespace copilot::generation
