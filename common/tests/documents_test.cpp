// An upload's checks and its chunks (common/docs/documents.hpp), without a database.
#include "common/docs/documents.hpp"

#include <gtest/gtest.h>

#include "common/error/error.hpp"
#include "common/text/utf8.hpp"

namespace common::docs {
namespace {

int status_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.http_status();
  }
  return 0;
}

TEST(Documents, ReadsTheThreeTypesAndRefusesOthers) {
  EXPECT_EQ(kind_of_content_type("text/markdown"), Kind::kMarkdown);
  EXPECT_EQ(kind_of_content_type("Text/Plain; charset=UTF-8"), Kind::kText);
  EXPECT_EQ(kind_of_content_type("application/pdf"), Kind::kPdf);
  EXPECT_EQ(status_of([] { (void)kind_of_content_type("text/html"); }), 415);
  EXPECT_EQ(status_of([] { (void)kind_of_content_type(""); }), 415);
  EXPECT_EQ(status_of([] { (void)kind_of_content_type("text/plain; charset=latin1"); }), 415);
}

TEST(Documents, RolesAreTheFourAndTitlesArePlainText) {
  EXPECT_EQ(parse_roles("marketing, finance,marketing"),
            (std::vector<std::string>{"finance", "marketing"}));
  EXPECT_EQ(status_of([] { (void)parse_roles(""); }), 422);
  EXPECT_EQ(status_of([] { (void)parse_roles("admin,,finance"); }), 422);
  EXPECT_EQ(status_of([] { (void)parse_roles("superuser"); }), 422);
  EXPECT_EQ(parse_title("  Returns policy "), "Returns policy");
  EXPECT_EQ(status_of([] { (void)parse_title(" "); }), 422);
  EXPECT_EQ(status_of([] { (void)parse_title("a\nb"); }), 422);
  EXPECT_EQ(status_of([] { (void)parse_title(std::string(201, 'a')); }), 422);
}

TEST(Documents, PlainTextMustBeValidUtf8WithWords) {
  EXPECT_EQ(plain_text("\xEF\xBB\xBFline one\r\nline two"), "line one\nline two");
  EXPECT_EQ(status_of([] { (void)plain_text("caf\xE9"); }), 422);
  EXPECT_EQ(status_of([] { (void)plain_text(std::string("a\0b", 3)); }), 422);
  EXPECT_EQ(status_of([] { (void)plain_text(" \n\t "); }), 422);
}

TEST(Documents, ChunksFollowHeadingsAndStayBoundedWithOverlap) {
  const auto md = chunk_text("# One\n\nFirst part.\n\n## Two\n\nSecond part.\n", Kind::kMarkdown);
  ASSERT_EQ(md.size(), 2U);
  EXPECT_EQ(md[0].heading, "One");
  EXPECT_EQ(md[0].content, "First part.");
  EXPECT_EQ(md[1].heading, "Two");
  EXPECT_EQ(md[1].embedding_text(), "Two\nSecond part.");
  // Plain text: '#' is not a heading.
  EXPECT_EQ(chunk_text("# not a heading", Kind::kText)[0].heading, "");

  std::string text;
  for (int i = 0; i < 100; ++i) text += "word" + std::to_string(i) + " ";
  text += "\n\n" + std::string(3000, 'x') + "\n\nend é ü";
  const auto chunks = chunk_text(text, Kind::kText, 300, 60);
  ASSERT_GE(chunks.size(), 10U);
  for (const auto& chunk : chunks) {
    EXPECT_LE(chunk.content.size(), 300U);
    EXPECT_TRUE(text::valid_utf8(chunk.content));
  }
  // The second chunk starts with the end of the first (from a word start).
  const auto& first = chunks[0].content;
  const auto opening = chunks[1].content.substr(0, chunks[1].content.find(' '));
  EXPECT_NE(first.find(opening), std::string::npos) << first << " | " << chunks[1].content;
  EXPECT_NE(chunks.back().content.find("end é ü"), std::string::npos);
}

TEST(Documents, HashesAndVectorsAreChecked) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(vector_text(nlohmann::json::array({0.5, -1, 0}), 3), "[0.5,-1,0]");
  EXPECT_EQ(status_of([] { (void)vector_text(nlohmann::json::array({1, 2}), 3); }), 502);
  EXPECT_EQ(status_of([] { (void)vector_text(nlohmann::json::array({1, "x", 2}), 3); }), 502);
}

}  // namespace
}  // namespace common::docs
