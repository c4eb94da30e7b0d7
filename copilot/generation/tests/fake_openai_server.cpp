#include "copilot/generation/tests/fake_openai_server.hpp"

#include <stdexcept>

namespace copilot::generation::testing {

using nlohmann::json;

namespace {

json usage_of(const Reply& reply) {
  json usage{{"prompt_tokens", reply.prompt_tokens},
             {"completion_tokens", reply.completion_tokens},
             {"total_tokens", reply.prompt_tokens + reply.completion_tokens}};
  if (reply.cost) usage["cost"] = *reply.cost;
  return usage;
}

}  // namespace

FakeOpenAiServer::FakeOpenAiServer() {
  server_.Post("/v1/chat/completions",
               [this](const httplib::Request& req, httplib::Response& res) { handle(req, res); });
  server_.set_tcp_nodelay(true);  // no Nagle delay between headers and body
  server_.new_task_queue = [] { return new httplib::ThreadPool(4); };  // NOLINT: httplib's API
  port_ = server_.bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("fake OpenAI server: cannot bind a loopback port");
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

FakeOpenAiServer::~FakeOpenAiServer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  server_.stop();
  if (thread_.joinable()) thread_.join();
}

std::string FakeOpenAiServer::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/v1";
}

void FakeOpenAiServer::script(const std::string& model, std::vector<Reply> replies) {
  std::lock_guard lock(mutex_);
  auto& queue = scripts_[model];
  for (auto& reply : replies) queue.push_back(std::move(reply));
}

void FakeOpenAiServer::set_fallback(Reply reply) {
  std::lock_guard lock(mutex_);
  fallback_ = std::move(reply);
}

std::vector<json> FakeOpenAiServer::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

std::vector<json> FakeOpenAiServer::requests_for(const std::string& model) const {
  std::lock_guard lock(mutex_);
  std::vector<json> out;
  for (const auto& request : requests_) {
    if (request.is_object() && request.value("model", "") == model) out.push_back(request);
  }
  return out;
}

std::vector<std::string> FakeOpenAiServer::authorization_headers() const {
  std::lock_guard lock(mutex_);
  return authorizations_;
}

double FakeOpenAiServer::server_ms() const {
  std::lock_guard lock(mutex_);
  return server_ms_;
}

bool FakeOpenAiServer::wait_or_stop(std::chrono::milliseconds delay) {
  std::unique_lock lock(mutex_);
  return !stop_cv_.wait_for(lock, delay, [this] { return stopping_; });
}

void FakeOpenAiServer::handle(const httplib::Request& req, httplib::Response& res) {
  const auto started = std::chrono::steady_clock::now();
  json body = json::parse(req.body, nullptr, false);
  const std::string model = body.is_object() ? body.value("model", "") : "";
  Reply reply;
  {
    std::lock_guard lock(mutex_);
    requests_.push_back(body.is_discarded() ? json(nullptr) : body);
    authorizations_.push_back(req.get_header_value("Authorization"));
    auto& queue = scripts_[model];
    if (queue.empty()) {
      reply = fallback_;
    } else {
      reply = std::move(queue.front());
      queue.pop_front();
    }
  }
  if (reply.delay.count() > 0 && !wait_or_stop(reply.delay)) {
    res.status = 503;
    return;
  }
  if (reply.retry_after) res.set_header("Retry-After", *reply.retry_after);
  res.status = reply.status;
  const bool stream = body.is_object() && body.value("stream", false);
  if (!reply.raw_body.empty() || reply.status != 200) {
    res.set_content(reply.raw_body, "application/json");
  } else if (stream) {
    // SSE: the content in small deltas, then a usage-only chunk, then [DONE].
    std::string events = ": fake-openai processing\n\n";
    for (size_t i = 0; i < reply.content.size(); i += 7) {
      json chunk{
          {"object", "chat.completion.chunk"},
          {"model", model},
          {"choices", {{{"index", 0}, {"delta", {{"content", reply.content.substr(i, 7)}}}}}}};
      events += "data: " + chunk.dump() + "\n\n";
    }
    json last{{"object", "chat.completion.chunk"},
              {"model", model},
              {"choices", {{{"index", 0}, {"delta", json::object()}, {"finish_reason", "stop"}}}}};
    events += "data: " + last.dump() + "\n\n";
    json usage{{"object", "chat.completion.chunk"},
               {"model", model},
               {"choices", json::array()},
               {"usage", usage_of(reply)}};
    events += "data: " + usage.dump() + "\n\ndata: [DONE]\n\n";
    res.set_chunked_content_provider("text/event-stream",
                                     [events](size_t offset, httplib::DataSink& sink) {
                                       // Two writes, so the client sees a chunk boundary inside an
                                       // event.
                                       if (offset == 0) {
                                         const size_t half = events.size() / 2;
                                         sink.write(events.data(), half);
                                         sink.write(events.data() + half, events.size() - half);
                                       }
                                       sink.done();
                                       return true;
                                     });
  } else {
    json completion{{"id", "chatcmpl-fake"},
                    {"object", "chat.completion"},
                    {"model", model},
                    {"choices",
                     {{{"index", 0},
                       {"message", {{"role", "assistant"}, {"content", reply.content}}},
                       {"finish_reason", "stop"}}}},
                    {"usage", usage_of(reply)}};
    res.set_content(completion.dump(), "application/json");
  }
  const double elapsed =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  std::lock_guard lock(mutex_);
  server_ms_ += elapsed;
}

}  // namespace copilot::generation::testing
