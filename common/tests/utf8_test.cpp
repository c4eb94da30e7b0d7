// The one UTF-8 reader: validation, length and the repair used before text is stored.
#include <gtest/gtest.h>

#include <string>

#include "common/text/utf8.hpp"

namespace {

using common::text::utf8_length;

bool is_valid_utf8(std::string_view text) { return utf8_length(text).has_value(); }
std::string sanitize_for_storage(std::string_view text) {
  return common::text::storable_utf8(text, text.size() * 3);
}

const std::string kFffd = "\xEF\xBF\xBD";

TEST(Utf8, LengthCountsCodePointsOfWellFormedText) {
  EXPECT_EQ(utf8_length(""), 0U);
  EXPECT_EQ(utf8_length("abc"), 3U);
  EXPECT_EQ(utf8_length("é€𝄞"), 3U);
  EXPECT_TRUE(is_valid_utf8("revenue in Łódź"));
}

TEST(Utf8, MalformedSequencesAreRejected) {
  for (const std::string& bad :
       {std::string("\xC3"), std::string("\xC0\xAF"), std::string("\xED\xA0\x80"),
        std::string("\xF4\x90\x80\x80"), std::string("\xFF"), std::string("\x80"),
        std::string("\xE2\x82"), std::string("a\xF0\x9D\x84")}) {
    EXPECT_FALSE(utf8_length(bad)) << bad.size();
    EXPECT_FALSE(is_valid_utf8(bad));
  }
}

TEST(Utf8, SanitizeKeepsGoodTextAndReplacesEachBadByte) {
  EXPECT_EQ(sanitize_for_storage("revenue in Łódź €"), "revenue in Łódź €");
  // A question cut inside "€" (E2 82 AC): the two bytes left become two replacement characters.
  EXPECT_EQ(sanitize_for_storage("price \xE2\x82"), "price " + kFffd + kFffd);
  EXPECT_EQ(sanitize_for_storage(std::string("a\0b", 3)), "a" + kFffd + "b");
  EXPECT_EQ(sanitize_for_storage("\xC0\xAF"), kFffd + kFffd);
  EXPECT_EQ(sanitize_for_storage("\xED\xA0\x80x"), kFffd + kFffd + kFffd + "x");
  for (const std::string& bad : {std::string("\xC3"), std::string("\xFF\xFE"),
                                 std::string("ok\xF4\x90\x80\x80ok"), std::string(5, '\0')}) {
    const auto fixed = sanitize_for_storage(bad);
    EXPECT_TRUE(is_valid_utf8(fixed));
    EXPECT_EQ(fixed.find('\0'), std::string::npos);
  }
}

TEST(Utf8, StorableTextIsCutOnACharacterBoundary) {
  EXPECT_EQ(common::text::storable_utf8("a€b", 3), "a");  // "€" would not fit whole
  EXPECT_EQ(common::text::storable_utf8("a€b", 4), "a€");
}

}  // namespace
