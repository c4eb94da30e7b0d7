// The compact tree laid over simdjson's reading of libpg_query's JSON output.
#include "copilot/guardrail/parse_tree.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "copilot/guardrail/allow_lists.hpp"

namespace copilot::guardrail {
namespace {

TEST(ParseTree, ReadsObjectsArraysAndScalars) {
  const std::string json = R"({"a":[1,-2.5e3,"x"],"b":{"c":true,"d":null},"e":{}})";
  const JsonTree tree(json);
  ASSERT_TRUE(tree.ok());
  const JsonRef root = tree.root();
  EXPECT_EQ(root.size(), 3U);
  EXPECT_EQ(root.get("a").size(), 3U);
  EXPECT_EQ(root.get("a").first().integer(), 1);
  EXPECT_EQ(root.get("a").first().next().kind(), JsonRef::Kind::kNumber);
  EXPECT_FALSE(root.get("a").first().next().integer().has_value());
  EXPECT_EQ(root.get("a").first().next().next().text(), "x");
  EXPECT_TRUE(root.get("b").get("c").boolean());
  EXPECT_EQ(root.get("b").get("d").kind(), JsonRef::Kind::kNull);
  EXPECT_TRUE(root.get("e").is_object());
  EXPECT_EQ(root.get("e").size(), 0U);
  EXPECT_FALSE(root.get("missing").present());
  EXPECT_FALSE(root.get("missing").get("deeper").present());
}

TEST(ParseTree, KeepsOnlyIntegersThatFitInt64) {
  const JsonTree tree(R"([9223372036854775807, 18446744073709551615, -9223372036854775808, 1.0])");
  ASSERT_TRUE(tree.ok());
  const JsonRef first = tree.root().first();
  EXPECT_EQ(first.integer(), INT64_MAX);
  EXPECT_FALSE(first.next().integer().has_value());
  EXPECT_EQ(first.next().next().integer(), INT64_MIN);
  EXPECT_FALSE(first.next().next().next().integer().has_value());
  EXPECT_EQ(first.next().next().next().kind(), JsonRef::Kind::kNumber);
}

TEST(ParseTree, DecodesEscapes) {
  const std::string json = R"(["a\"b\\c\/\n\u003c\u00e9\ud83d\ude00"])";
  const JsonTree tree(json);
  ASSERT_TRUE(tree.ok());
  EXPECT_EQ(tree.root().first().text(), "a\"b\\c/\n<\xc3\xa9\xf0\x9f\x98\x80");
}

TEST(ParseTree, RefusesMalformedJson) {
  for (const char* bad : {"", "{", "[1,]", "{\"a\"}", "{\"a\":1,}", "\"\\x\"", "01x", "[1] 2",
                          "\"\\ud800\"", "tru", "{\"a\":-}", "[\"\xff\"]", "[1e999999]"}) {
    EXPECT_FALSE(JsonTree(bad).ok()) << bad;
  }
}

TEST(ParseTree, RefusesNestingBeyondTheBound) {
  const std::string deep =
      std::string(JsonTree::kMaxDepth + 5, '[') + std::string(JsonTree::kMaxDepth + 5, ']');
  EXPECT_FALSE(JsonTree(deep).ok());
  const std::string fine = std::string(100, '[') + std::string(100, ']');
  EXPECT_TRUE(JsonTree(fine).ok());
}

TEST(ParseTree, LargeDocumentsStayReadableAfterTheParserGivesBackItsScratch) {
  // Past the parser's retained capacity: it is trimmed before the tree is laid over the document,
  // which must not depend on it (ASan would see a read of freed scratch).
  std::string big = "[";
  for (int i = 0; i < 100000; ++i)
    big += (i == 0 ? "" : ",") + std::string("\"v") + std::to_string(i) + "\"";
  big += "]";
  const JsonTree large(big);
  ASSERT_TRUE(large.ok());
  EXPECT_EQ(large.root().size(), 100000U);
  EXPECT_EQ(large.root().first().text(), "v0");
  const JsonTree small(R"({"after":[1,2,3]})");
  ASSERT_TRUE(small.ok());
  EXPECT_EQ(small.root().get("after").size(), 3U);
  EXPECT_EQ(large.root().first().next().text(), "v1");  // the first tree is untouched
}

TEST(ParseTree, OwnsLibpgQueryResults) {
  const ParseResult parsed(pg_query_parse("SELECT 1"));
  ASSERT_EQ(parsed->error, nullptr);
  const JsonTree tree(parsed->parse_tree);
  ASSERT_TRUE(tree.ok());
  EXPECT_EQ(tree.root().get("stmts").size(), 1U);
  const ParseResult failed(pg_query_parse("SELEC 1"));
  EXPECT_NE(failed->error, nullptr);
}

TEST(AllowLists, KnowTheirNames) {
  EXPECT_TRUE(function_allowed("date_trunc"));
  EXPECT_TRUE(function_allowed("count"));
  EXPECT_FALSE(function_allowed("pg_sleep"));
  EXPECT_FALSE(function_allowed("set_config"));
  EXPECT_TRUE(type_allowed("numeric"));
  EXPECT_FALSE(type_allowed("regclass"));
  EXPECT_TRUE(sql_value_function_allowed("SVFOP_CURRENT_DATE"));
  EXPECT_FALSE(sql_value_function_allowed("SVFOP_CURRENT_USER"));
  EXPECT_TRUE(is_system_column("ctid"));
  EXPECT_FALSE(is_system_column("amount"));
}

}  // namespace
}  // namespace copilot::guardrail
