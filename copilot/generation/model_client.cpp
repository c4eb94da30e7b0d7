#include "copilot/generation/model_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <mutex>

#include "copilot/core/cancellation.hpp"

namespace copilot::generation {
namespace {

using nlohmann::json;

constexpr size_t kMaxBodyBytes = size_t{4} * 1024 * 1024;  // a chat completion is a few KB
constexpr size_t kPoolSize = 8;

// Owners for libcurl's handles: freed on every path.
struct CurlEasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;

struct CurlSlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using CurlSlist = std::unique_ptr<curl_slist, CurlSlistDeleter>;

void global_init_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

std::string truncate(std::string_view text, size_t max) {
  if (text.size() <= max) return std::string(text);
  return std::string(text.substr(0, max)) + "…";
}

Usage parse_usage(const json& usage) {
  Usage out;
  if (!usage.is_object()) return out;
  auto number = [&](const char* key) -> long {
    auto it = usage.find(key);
    return it != usage.end() && it->is_number() ? it->get<long>() : 0;
  };
  out.prompt_tokens = number("prompt_tokens");
  out.completion_tokens = number("completion_tokens");
  out.total_tokens = number("total_tokens");
  if (out.total_tokens == 0) out.total_tokens = out.prompt_tokens + out.completion_tokens;
  if (auto it = usage.find("cost"); it != usage.end() && it->is_number()) {
    out.cost = it->get<double>();
  }
  return out;
}

// The message of an OpenAI-style error object, or the body's start.
std::string error_message(std::string_view body) {
  auto parsed = json::parse(body, nullptr, false);
  if (parsed.is_object()) {
    if (auto it = parsed.find("error"); it != parsed.end()) {
      if (it->is_object() && it->contains("message") && (*it)["message"].is_string()) {
        return truncate((*it)["message"].get<std::string>(), 300);
      }
      if (it->is_string()) return truncate(it->get<std::string>(), 300);
    }
  }
  return truncate(trim(body), 300);
}

// What one transfer collects through libcurl's callbacks.
struct Transfer {
  bool want_stream = false;
  bool is_sse = false;
  std::string body;
  std::string retry_after;
  SseChatParser* sse = nullptr;
  bool too_large = false;
};

// libcurl's progress callback: a non-zero return aborts the transfer (CURLE_ABORTED_BY_CALLBACK).
// It runs often while data flows and about once a second while the server is silent.
int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* cancellation = static_cast<const Cancellation*>(user);
  return cancellation != nullptr && cancellation->cancelled() ? 1 : 0;
}

size_t on_header(char* buffer, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  std::string_view line(buffer, size * count);
  if (line.starts_with("HTTP/")) {  // a new response (after 100-continue): forget the last one
    transfer->retry_after.clear();
    transfer->is_sse = false;
    return size * count;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return size * count;
  auto name = lower(trim(line.substr(0, colon)));
  auto value = trim(line.substr(colon + 1));
  if (name == "retry-after") transfer->retry_after = std::string(value);
  if (name == "content-type") {
    transfer->is_sse = lower(value).starts_with("text/event-stream");
  }
  return size * count;
}

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  std::string_view bytes(data, size * count);
  if (transfer->want_stream && transfer->is_sse && transfer->sse != nullptr) {
    transfer->sse->feed(bytes);
    return bytes.size();
  }
  if (transfer->body.size() + bytes.size() > kMaxBodyBytes) {
    transfer->too_large = true;
    return 0;  // aborts the transfer
  }
  transfer->body.append(bytes);
  return bytes.size();
}

}  // namespace

Usage& Usage::operator+=(const Usage& other) {
  prompt_tokens += other.prompt_tokens;
  completion_tokens += other.completion_tokens;
  total_tokens += other.total_tokens;
  if (other.cost) cost = cost.value_or(0) + *other.cost;
  return *this;
}

json Usage::to_json() const {
  json out{{"prompt_tokens", prompt_tokens},
           {"completion_tokens", completion_tokens},
           {"total_tokens", total_tokens}};
  out["cost"] = cost ? json(*cost) : json(nullptr);
  return out;
}

std::string ChatResponse::outcome() const {
  switch (status) {
    case Status::kOk:
      return "ok";
    case Status::kHttpError:
      return "http_" + std::to_string(http_status);
    case Status::kTimeout:
      return "timeout";
    case Status::kTransport:
      return "transport_error";
    case Status::kMalformed:
      return "malformed_response";
  }
  return "unknown";
}

json chat_request_body(const ChatRequest& request) {
  json messages = json::array();
  for (const auto& message : request.messages) {
    messages.push_back({{"role", message.role}, {"content", message.content}});
  }
  json body{{"model", request.model},
            {"messages", std::move(messages)},
            {"max_tokens", request.max_tokens},
            {"temperature", request.temperature}};
  if (!request.response_format.is_null()) body["response_format"] = request.response_format;
  if (request.stream) {
    body["stream"] = true;
    body["stream_options"] = {{"include_usage", true}};
  }
  return body;
}

void parse_chat_body(std::string_view body, ChatResponse& out) {
  auto parsed = json::parse(body, nullptr, false);
  if (!parsed.is_object()) {
    out.status = ChatResponse::Status::kMalformed;
    out.error = "response is not JSON: " + truncate(trim(body), 120);
    return;
  }
  auto choices = parsed.find("choices");
  if (choices == parsed.end() || !choices->is_array() || choices->empty()) {
    if (auto error = parsed.find("error"); error != parsed.end()) {
      out.status = ChatResponse::Status::kHttpError;
      out.http_status = 502;
      if (error->is_object() && error->contains("code") && (*error)["code"].is_number_integer()) {
        out.http_status = (*error)["code"].get<int>();
      }
      out.error = error_message(body);
      return;
    }
    out.status = ChatResponse::Status::kMalformed;
    out.error = "response has no choices";
    return;
  }
  const auto& choice = (*choices)[0];
  const json* content = nullptr;
  if (choice.is_object() && choice.contains("message") && choice["message"].is_object() &&
      choice["message"].contains("content")) {
    content = &choice["message"]["content"];
  }
  if (content == nullptr || !content->is_string()) {
    out.status = ChatResponse::Status::kMalformed;
    out.error = "response has no message content";
    return;
  }
  out.status = ChatResponse::Status::kOk;
  out.content = content->get<std::string>();
  if (choice.contains("finish_reason") && choice["finish_reason"].is_string()) {
    out.finish_reason = choice["finish_reason"].get<std::string>();
  }
  if (parsed.contains("model") && parsed["model"].is_string()) {
    out.served_model = parsed["model"].get<std::string>();
  }
  if (parsed.contains("usage")) out.usage = parse_usage(parsed["usage"]);
}

void SseChatParser::feed(std::string_view bytes) {
  pending_.append(bytes);
  size_t start = 0;
  for (size_t newline = pending_.find('\n', start); newline != std::string::npos;
       newline = pending_.find('\n', start)) {
    std::string_view line(pending_.data() + start, newline - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    handle_line(line);
    start = newline + 1;
  }
  pending_.erase(0, start);
}

void SseChatParser::handle_line(std::string_view line) {
  if (done_ || !line.starts_with("data:")) return;  // blank separators, ": comments", event:
  auto payload = trim(line.substr(5));
  if (payload == "[DONE]") {
    done_ = true;
    return;
  }
  auto chunk = json::parse(payload, nullptr, false);
  if (!chunk.is_object()) {
    bad_chunk_ = true;
    return;
  }
  saw_chunk_ = true;
  if (auto error = chunk.find("error"); error != chunk.end() && !error->is_null()) {
    error_ = error_message(payload);
    if (error->is_object() && error->contains("code") && (*error)["code"].is_number_integer()) {
      error_status_ = (*error)["code"].get<int>();
    }
    return;
  }
  if (chunk.contains("model") && chunk["model"].is_string()) {
    model_ = chunk["model"].get<std::string>();
  }
  if (chunk.contains("usage") && chunk["usage"].is_object()) usage_ = parse_usage(chunk["usage"]);
  auto choices = chunk.find("choices");
  if (choices == chunk.end() || !choices->is_array() || choices->empty()) return;
  const auto& choice = (*choices)[0];
  if (!choice.is_object()) return;
  if (choice.contains("delta") && choice["delta"].is_object()) {
    const auto& delta = choice["delta"];
    if (delta.contains("content") && delta["content"].is_string()) {
      const auto& text = delta["content"].get_ref<const std::string&>();
      content_ += text;
      if (on_delta_ && !text.empty()) on_delta_(text);
    }
  }
  if (choice.contains("finish_reason") && choice["finish_reason"].is_string()) {
    finish_reason_ = choice["finish_reason"].get<std::string>();
  }
}

void SseChatParser::finish(ChatResponse& out) {
  if (!pending_.empty()) {  // a last line without its newline
    std::string last = std::move(pending_);
    pending_.clear();
    handle_line(trim(last));
  }
  out.usage = usage_;
  out.served_model = model_;
  out.finish_reason = finish_reason_;
  out.content = content_;
  if (!error_.empty()) {
    out.status = ChatResponse::Status::kHttpError;
    out.http_status = error_status_ != 0 ? error_status_ : 502;
    out.error = error_;
  } else if (!saw_chunk_) {
    out.status = ChatResponse::Status::kMalformed;
    out.error = "stream carried no chunk";
  } else if (!done_ && finish_reason_.empty()) {
    out.status = ChatResponse::Status::kMalformed;
    out.error = "stream ended before [DONE]";
  } else if (bad_chunk_ && content_.empty()) {
    out.status = ChatResponse::Status::kMalformed;
    out.error = "stream chunks are not JSON";
  } else {
    out.status = ChatResponse::Status::kOk;
  }
}

std::optional<std::chrono::milliseconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point now) {
  value = trim(value);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(),
                  [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    if (value.size() > 7) return std::chrono::hours(24 * 365);  // absurd: "very long"
    return std::chrono::seconds(std::stol(std::string(value)));
  }
  std::string date(value);
  time_t when = curl_getdate(date.c_str(), nullptr);
  if (when < 0) return std::nullopt;
  auto delta = std::chrono::system_clock::from_time_t(when) - now;
  if (delta < std::chrono::milliseconds(0)) return std::chrono::milliseconds(0);
  return std::chrono::duration_cast<std::chrono::milliseconds>(delta);
}

// A few easy handles kept between calls so their connections (and TLS sessions) are reused.
struct OpenAiCompatibleClient::HandlePool {
  std::mutex mutex;
  std::vector<CurlEasy> idle;

  CurlEasy acquire() {
    {
      std::lock_guard lock(mutex);
      if (!idle.empty()) {
        CurlEasy handle = std::move(idle.back());
        idle.pop_back();
        curl_easy_reset(handle.get());  // options cleared, connection cache kept
        return handle;
      }
    }
    return CurlEasy(curl_easy_init());
  }
  void release(CurlEasy handle) {
    std::lock_guard lock(mutex);
    if (idle.size() < kPoolSize) idle.push_back(std::move(handle));
  }
};

OpenAiCompatibleClient::OpenAiCompatibleClient(const ModelConfig& config)
    : endpoint_(config.base_url + "/chat/completions"),
      api_key_(config.api_key),
      app_url_(config.app_url),
      app_name_(config.app_name),
      pool_(std::make_unique<HandlePool>()) {
  global_init_once();
}

OpenAiCompatibleClient::~OpenAiCompatibleClient() = default;

ChatResponse OpenAiCompatibleClient::complete(const ChatRequest& request) {
  ChatResponse out;
  // The request's cancellation (its client went away) aborts the call, or skips it altogether.
  Cancellation* cancellation = Cancellation::current();
  if (cancellation != nullptr && cancellation->cancelled()) {
    out.status = ChatResponse::Status::kTransport;
    out.error = "cancelled: the client disconnected";
    return out;
  }
  CurlEasy handle = pool_->acquire();
  if (!handle) {
    out.status = ChatResponse::Status::kTransport;
    out.error = "curl_easy_init failed";
    return out;
  }
  CURL* curl = handle.get();
  const std::string payload = chat_request_body(request).dump();

  CurlSlist headers;
  auto add_header = [&](const std::string& header) {
    curl_slist* next = curl_slist_append(headers.get(), header.c_str());
    if (next != nullptr) {
      (void)headers.release();  // now owned through `next`
      headers.reset(next);
    }
  };
  add_header("Content-Type: application/json");
  add_header("Expect:");  // no 100-continue round trip before a large prompt
  add_header(request.stream ? "Accept: text/event-stream" : "Accept: application/json");
  if (!api_key_.empty()) add_header("Authorization: Bearer " + api_key_);
  if (!app_url_.empty()) add_header("HTTP-Referer: " + app_url_);
  if (!app_name_.empty()) add_header("X-Title: " + app_name_);

  SseChatParser sse(request.on_delta);
  Transfer transfer;
  transfer.want_stream = request.stream;
  transfer.sse = &sse;
  char error_buffer[CURL_ERROR_SIZE] = {0};
  const long timeout_ms = std::max<long>(1, static_cast<long>(request.timeout.count()));

  curl_easy_setopt(curl, CURLOPT_URL, endpoint_.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM for timeouts
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, payload.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(payload.size()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, std::min<long>(timeout_ms, 5000L));
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, cancellation);
  // No Accept-Encoding: a completion is a few KB, and compressing it costs the server more time
  // (brotli at its default quality) than the bytes save on the wire; SSE must not be buffered.
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "analytics-copilot/0.1");

  const auto started = std::chrono::steady_clock::now();
  const CURLcode code = curl_easy_perform(curl);
  out.latency_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  long http_status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &http_status);
  // The handle no longer points at our stack (headers, buffers) once it is reset on reuse.
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, nullptr);
  pool_->release(std::move(handle));

  out.http_status = static_cast<int>(http_status);
  if (!transfer.retry_after.empty()) {
    out.retry_after = parse_retry_after(transfer.retry_after, std::chrono::system_clock::now());
  }
  if (code == CURLE_OPERATION_TIMEDOUT) {
    out.status = ChatResponse::Status::kTimeout;
    out.error = "no answer within " + std::to_string(timeout_ms) + " ms";
    return out;
  }
  if (code == CURLE_ABORTED_BY_CALLBACK) {
    out.status = ChatResponse::Status::kTransport;
    out.error = "cancelled: the client disconnected";
    return out;
  }
  if (code == CURLE_WRITE_ERROR && transfer.too_large) {
    out.status = ChatResponse::Status::kMalformed;
    out.error = "response larger than 4 MB";
    return out;
  }
  if (code != CURLE_OK) {
    out.status = ChatResponse::Status::kTransport;
    out.error = error_buffer[0] != '\0' ? std::string(error_buffer) : curl_easy_strerror(code);
    return out;
  }
  if (http_status < 200 || http_status >= 300) {
    out.status = ChatResponse::Status::kHttpError;
    out.error = error_message(transfer.body);
    return out;
  }
  if (request.stream && transfer.is_sse) {
    sse.finish(out);
  } else {
    parse_chat_body(transfer.body, out);
  }
  return out;
}

}  // namespace copilot::generation
