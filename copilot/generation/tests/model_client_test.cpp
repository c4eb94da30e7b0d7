// The OpenAI-compatible client's parsing (bodies, SSE, Retry-After) and its HTTP behaviour
// against the local fake server.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "copilot/generation/model_client.hpp"
#include "copilot/generation/tests/fake_openai_server.hpp"

namespace copilot::generation {
namespace {

using nlohmann::json;
using testing::FakeOpenAiServer;
using testing::Reply;
using namespace std::chrono_literals;

ChatRequest request_for(const std::string& model) {
  ChatRequest request;
  request.model = model;
  request.messages = {{"system", "be brief"}, {"user", "hi"}};
  request.timeout = 2000ms;
  return request;
}

TEST(ModelClientParsing, ReadsContentUsageAndCost) {
  ChatResponse out;
  parse_chat_body(R"({"model":"m","choices":[{"message":{"role":"assistant","content":"SELECT 1"},
    "finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":2,"cost":0.5}})",
                  out);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out.content, "SELECT 1");
  EXPECT_EQ(out.finish_reason, "stop");
  EXPECT_EQ(out.usage.total_tokens, 12);
  EXPECT_DOUBLE_EQ(*out.usage.cost, 0.5);
}

TEST(ModelClientParsing, ErrorObjectInA200BodyIsAnHttpError) {
  ChatResponse out;
  parse_chat_body(R"({"error":{"message":"Provider returned error","code":429}})", out);
  EXPECT_EQ(out.status, ChatResponse::Status::kHttpError);
  EXPECT_EQ(out.http_status, 429);
  EXPECT_EQ(out.outcome(), "http_429");
}

TEST(ModelClientParsing, NonJsonAndMissingContentAreMalformed) {
  ChatResponse html;
  parse_chat_body("<html>oops</html>", html);
  EXPECT_EQ(html.status, ChatResponse::Status::kMalformed);
  ChatResponse tool_call;
  parse_chat_body(R"({"choices":[{"message":{"role":"assistant","content":null}}]})", tool_call);
  EXPECT_EQ(tool_call.status, ChatResponse::Status::kMalformed);
}

TEST(ModelClientParsing, SseChunksSplitAnywhereAreReassembled) {
  const std::string stream =
      ": OPENROUTER PROCESSING\n\n"
      "data: "
      "{\"model\":\"m\",\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"SEL\"}}]}"
      "\r\n\r\n"
      "data: {\"choices\":[{\"delta\":{\"content\":\"ECT 1\"},\"finish_reason\":\"stop\"}]}\n\n"
      "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3}}\n\n"
      "data: [DONE]\n\n";
  for (size_t split = 1; split < stream.size(); split += 13) {
    std::string deltas;
    SseChatParser parser([&](std::string_view d) { deltas += d; });
    parser.feed(std::string_view(stream).substr(0, split));
    parser.feed(std::string_view(stream).substr(split));
    ChatResponse out;
    parser.finish(out);
    ASSERT_TRUE(out.ok()) << split;
    EXPECT_EQ(out.content, "SELECT 1");
    EXPECT_EQ(deltas, "SELECT 1");
    EXPECT_EQ(out.usage.total_tokens, 8);
    EXPECT_EQ(out.served_model, "m");
  }
}

TEST(ModelClientParsing, SseErrorEventAndTruncatedStream) {
  SseChatParser failing;
  failing.feed("data: {\"error\":{\"message\":\"upstream overloaded\",\"code\":503}}\n\n");
  ChatResponse error;
  failing.finish(error);
  EXPECT_EQ(error.outcome(), "http_503");

  SseChatParser truncated;
  truncated.feed("data: {\"choices\":[{\"delta\":{\"content\":\"SEL\"}}]}\n\n");
  ChatResponse cut;
  truncated.finish(cut);
  EXPECT_EQ(cut.status, ChatResponse::Status::kMalformed);
}

TEST(ModelClientParsing, RetryAfterSecondsAndHttpDate) {
  const auto now = std::chrono::system_clock::from_time_t(1445412480);  // 2015-10-21 07:28:00 GMT
  EXPECT_EQ(parse_retry_after("7", now), 7000ms);
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now), 30000ms);
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:27:00 GMT", now), 0ms);
  EXPECT_FALSE(parse_retry_after("soon", now).has_value());
}

TEST(ModelClientParsing, RequestBodyShape) {
  auto request = request_for("m");
  request.response_format = {{"type", "json_object"}};
  request.stream = true;
  auto body = chat_request_body(request);
  EXPECT_EQ(body["model"], "m");
  EXPECT_EQ(body["messages"][1]["content"], "hi");
  EXPECT_EQ(body["response_format"]["type"], "json_object");
  EXPECT_EQ(body["stream_options"]["include_usage"], true);
  EXPECT_FALSE(chat_request_body(request_for("m")).contains("response_format"));
}

TEST(ModelClientHttp, SuccessAndErrorStatusWithRetryAfter) {
  FakeOpenAiServer server;
  server.script("m", {Reply::ok("SELECT 1"), Reply::http(429, "3")});
  ModelConfig config;
  config.base_url = server.base_url();
  OpenAiCompatibleClient client(config);

  auto ok = client.complete(request_for("m"));
  ASSERT_TRUE(ok.ok()) << ok.error;
  EXPECT_EQ(ok.content, "SELECT 1");
  EXPECT_EQ(ok.usage.total_tokens, 150);
  EXPECT_GT(ok.latency_ms, 0);
  EXPECT_EQ(server.authorization_headers()[0], "");  // no key configured: no header

  auto limited = client.complete(request_for("m"));
  EXPECT_EQ(limited.outcome(), "http_429");
  EXPECT_EQ(limited.retry_after, 3000ms);
  EXPECT_EQ(limited.error, "scripted 429");
}

TEST(ModelClientHttp, TimeoutIsReportedAsTimeout) {
  FakeOpenAiServer server;
  server.script("m", {Reply::timeout()});
  ModelConfig config;
  config.base_url = server.base_url();
  OpenAiCompatibleClient client(config);
  auto request = request_for("m");
  request.timeout = 100ms;
  auto out = client.complete(request);
  EXPECT_EQ(out.status, ChatResponse::Status::kTimeout);
  EXPECT_LT(out.latency_ms, 1000);
}

TEST(ModelClientHttp, ConcurrentCallsShareThePool) {
  FakeOpenAiServer server;
  server.set_fallback(Reply::ok("SELECT 1"));
  ModelConfig config;
  config.base_url = server.base_url();
  OpenAiCompatibleClient client(config);
  std::vector<std::thread> threads;
  threads.reserve(4);
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) ok += client.complete(request_for("m")).ok() ? 1 : 0;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), 40);
}

}  // namespace
}  // namespace copilot::generation
