// The copilot's event stream as the caller gets it: event by event, without raw upstream text.
#include <gtest/gtest.h>

#include "common/http/sse.hpp"
#include "gateway/ask/stream_relay.hpp"

namespace gateway::ask {
namespace {

using nlohmann::json;

std::string stage(const json& event) { return common::http::sse_frame("stage", event.dump()); }

TEST(SseReader, EventsComeOutWholeHoweverTheBytesAreSplit) {
  const std::string stream =
      "event: stage\r\ndata: {\"a\":1}\r\n\r\n: comment\n\nevent: result\ndata: line1\ndata: "
      "line2\nid: 7\n\n";
  for (size_t split = 1; split < stream.size(); ++split) {
    common::http::SseReader reader;
    ASSERT_TRUE(reader.feed(stream.substr(0, split)));
    ASSERT_TRUE(reader.feed(stream.substr(split)));
    const auto first = reader.next();
    const auto second = reader.next();
    ASSERT_TRUE(first && second) << split;
    EXPECT_EQ(first->event, "stage");
    EXPECT_EQ(first->data, "{\"a\":1}");
    EXPECT_EQ(second->event, "result");
    EXPECT_EQ(second->data, "line1\nline2");
    EXPECT_EQ(second->id, "7");
    EXPECT_FALSE(reader.next());
  }
}

TEST(SseReader, AnOversizedEventStopsTheReader) {
  common::http::SseReader reader(64);
  EXPECT_FALSE(reader.feed("data: " + std::string(100, 'x')));
  EXPECT_TRUE(reader.overflowed());
  EXPECT_FALSE(reader.feed("data: more\n\n"));
}

TEST(SseFrame, MultiLineDataIsOneDataLineEach) {
  EXPECT_EQ(common::http::sse_frame("error", "a\nb"), "event: error\ndata: a\ndata: b\n\n");
}

TEST(StreamRelay, OkStagesPassAtOnceWithoutRawText) {
  StreamRelay relay;
  const auto out = relay.feed(stage(
      {{"stage", "llm_generation"},
       {"status", "ok"},
       {"details",
        {{"path", "model:x"},
         {"attempts", json::array({{{"outcome", "http_429"}, {"error", "org-SECRET quota"}}})}}}}));
  EXPECT_NE(out.find("http_429"), std::string::npos);
  EXPECT_EQ(out.find("org-SECRET"), std::string::npos);
  EXPECT_FALSE(relay.terminal());
}

TEST(StreamRelay, AFailedStageCarriesTheFinalErrorsCleanText) {
  StreamRelay relay;
  std::string out = relay.feed(stage({{"stage", "policy"}, {"status", "ok"}}));
  EXPECT_NE(out.find("policy"), std::string::npos);
  out = relay.feed(stage({{"stage", "db_execution"},
                          {"status", "failed"},
                          {"details",
                           {{"error_code", "query_failed"},
                            {"message", "ERROR: relation \"secret\" does not exist"},
                            {"sqlstate", "42P01"}}}}));
  EXPECT_EQ(out, "") << "held until the final event";
  out += relay.feed(stage({{"stage", "narration"}, {"status", "skipped"}}));
  out += relay.feed(common::http::sse_frame(
      "error", R"({"error":{"code":"query_failed","message":"the query could not be run"}})"));
  EXPECT_TRUE(relay.terminal());
  EXPECT_EQ(out.find("secret"), std::string::npos) << out;
  EXPECT_EQ(out.find("42P01"), std::string::npos) << out;
  EXPECT_NE(out.find(R"({"error_code":"query_failed","message":"the query could not be run"})"),
            std::string::npos)
      << out;
  EXPECT_LT(out.find("narration"), out.find("event: error"));
}

TEST(StreamRelay, AStreamThatEndsWithoutAFinalEventGetsTheGatewaysError) {
  StreamRelay relay;
  relay.feed(stage({{"stage", "db_execution"}, {"status", "failed"}, {"details", "raw"}}));
  const auto out = relay.finish(
      {{"error", {{"code", "upstream_error"}, {"message", "the copilot stream broke off"}}}});
  EXPECT_NE(out.find(R"("details":{"error_code":"upstream_error")"), std::string::npos) << out;
  EXPECT_NE(out.find("event: error"), std::string::npos);
  EXPECT_TRUE(relay.terminal());
}

TEST(StreamRelay, MistypedEventsNeverThrow) {
  StreamRelay relay;
  EXPECT_NO_THROW(
      relay.feed(stage({{"stage", 1}, {"status", 2}, {"details", {{"error_code", 3}}}})));
  EXPECT_NO_THROW(relay.feed("event: stage\ndata: not json\n\n"));
  EXPECT_NO_THROW(relay.feed("event: error\ndata: {\"error\":{\"code\":5,\"message\":[1]}}\n\n"));
  EXPECT_TRUE(relay.terminal());
}

}  // namespace
}  // namespace gateway::ask
