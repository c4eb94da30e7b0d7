// The one UTF-8 reader: validation, length and the repair used before text is stored.
#include <gtest/gtest.h>

#include <string>

#include "common/text/utf8.hpp"

namespace {

using common::text::sanitize_utf8;
using common::text::truncate_utf8;
using common::text::utf8_length;
using common::text::valid_utf8;

const std::string kFffd = "\xEF\xBF\xBD";

TEST(Utf8, LengthCountsCodePointsOfWellFormedText) {
  EXPECT_EQ(utf8_length(""), 0U);
  EXPECT_EQ(utf8_length("abc"), 3U);
  EXPECT_EQ(utf8_length("é€𝄞"), 3U);
  EXPECT_TRUE(valid_utf8("revenue in Łódź"));
}

TEST(Utf8, MalformedSequencesAreRejected) {
  for (const std::string& bad :
       {std::string("\xC3"), std::string("\xC0\xAF"), std::string("\xED\xA0\x80"),
        std::string("\xF4\x90\x80\x80"), std::string("\xFF"), std::string("\x80"),
        std::string("\xE2\x82"), std::string("a\xF0\x9D\x84")}) {
    EXPECT_FALSE(utf8_length(bad)) << bad.size();
    EXPECT_FALSE(valid_utf8(bad));
  }
}

// What the audit trail stores from a question: a character cut in half (the 2000-byte cut of a
// refused request's question) or a NUL used to make PostgreSQL refuse the whole batch.
TEST(Utf8, SanitizeKeepsGoodTextAndRepairsWhatPostgresRefuses) {
  EXPECT_EQ(sanitize_utf8("revenue in Łódź €"), "revenue in Łódź €");
  EXPECT_EQ(sanitize_utf8("price \xE2\x82"), "price " + kFffd + kFffd);  // "€" cut in half
  EXPECT_EQ(sanitize_utf8(std::string("a\0b", 3)), "ab");
  EXPECT_EQ(sanitize_utf8("\xC0\xAF"), kFffd + kFffd);
  for (const std::string& bad : {std::string("\xC3"), std::string("\xFF\xFE"),
                                 std::string("ok\xF4\x90\x80\x80ok"), std::string(5, '\0')}) {
    const auto fixed = sanitize_utf8(bad);
    EXPECT_TRUE(valid_utf8(fixed));
    EXPECT_EQ(fixed.find('\0'), std::string::npos);
  }
}

TEST(Utf8, TruncateCutsOnACharacterBoundary) {
  EXPECT_EQ(truncate_utf8("a€b", 3), "a");  // "€" would not fit whole
  EXPECT_EQ(truncate_utf8("a€b", 4), "a€");
}

}  // namespace
