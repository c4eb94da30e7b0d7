// The ask body is checked field by field; a bad field is 422 naming it, never a 500.
#include <gtest/gtest.h>

#include "common/error/error.hpp"
#include "common/text/utf8.hpp"
#include "gateway/ask/validation.hpp"

namespace gateway::ask {
namespace {

using nlohmann::json;

// The status and field of the Error validate_ask throws, or 0 when it accepts.
std::pair<int, std::string> outcome(const json& body) {
  try {
    validate_ask(body);
    return {0, ""};
  } catch (const common::Error& e) {
    return {e.http_status(), e.extra().value("field", "")};
  }
}

TEST(AskValidation, AcceptsAMinimalQuestion) {
  const auto r = validate_ask({{"question", "  total revenue \n"}});
  EXPECT_EQ(r.question, "total revenue");
  EXPECT_FALSE(r.store_id);
  EXPECT_FALSE(r.conversation_id);
}

TEST(AskValidation, AcceptsAllFields) {
  const auto r = validate_ask({{"question", "revenue"},
                               {"store_id", 2},
                               {"conversation_id", "A1B2C3D4-0000-4000-8000-000000000001"},
                               {"role", "admin"}});
  EXPECT_EQ(r.store_id, 2);
  EXPECT_EQ(r.conversation_id, "a1b2c3d4-0000-4000-8000-000000000001");
  EXPECT_EQ(r.claimed_role, "admin");
}

TEST(AskValidation, NullOptionalFieldsAreAbsent) {
  const auto r =
      validate_ask({{"question", "q"}, {"store_id", nullptr}, {"conversation_id", nullptr}});
  EXPECT_FALSE(r.store_id);
  EXPECT_FALSE(r.conversation_id);
}

TEST(AskValidation, QuestionLengthIsCountedInCharacters) {
  std::string thousand;
  for (int i = 0; i < 1000; ++i) thousand += "é";  // 2 bytes each
  EXPECT_EQ(outcome({{"question", thousand}}).first, 0);
  EXPECT_EQ(outcome({{"question", thousand + "x"}}),
            (std::pair<int, std::string>{422, "question"}));
}

TEST(AskValidation, RefusesBadQuestions) {
  for (const json& q : {json(nullptr), json(""), json("   \n "), json(42), json::array({"a"}),
                        json(std::string(1001, 'a')), json(std::string("a\x01") + "b")}) {
    EXPECT_EQ(outcome({{"question", q}}), (std::pair<int, std::string>{422, "question"})) << q;
  }
  EXPECT_EQ(outcome(json::object()), (std::pair<int, std::string>{422, "question"}));
}

TEST(AskValidation, RefusesBadStoreIds) {
  for (const json& s : {json("1"), json("1 OR 1=1"), json(0), json(-1), json(1.5),
                        json(4294967296LL), json(true), json::array({1}), json::object()}) {
    EXPECT_EQ(outcome({{"question", "q"}, {"store_id", s}}),
              (std::pair<int, std::string>{422, "store_id"}))
        << s;
  }
  EXPECT_EQ(outcome({{"question", "q"}, {"store_id", 18446744073709551615ULL}}).first, 422);
}

TEST(AskValidation, RefusesBadConversationIds) {
  for (const json& c : {json("abc"), json(1), json("a1b2c3d4-0000-4000-8000-00000000000"),
                        json("'; DROP TABLE conversations; --")}) {
    EXPECT_EQ(outcome({{"question", "q"}, {"conversation_id", c}}),
              (std::pair<int, std::string>{422, "conversation_id"}))
        << c;
  }
}

TEST(AskValidation, ParseRefusesNonObjectsAndBrokenJson) {
  for (const char* body : {"{\"question\": ", "[]", "\"q\"", "null", "", "{'question':'x'}"}) {
    try {
      parse_ask(body);
      ADD_FAILURE() << body;
    } catch (const common::Error& e) {
      EXPECT_EQ(e.http_status(), 400) << body;
    }
  }
}

TEST(AskValidation, ParseRefusesOversizedBodies) {
  const std::string body = "{\"question\":\"" + std::string(kMaxBodyBytes, 'a') + "\"}";
  try {
    parse_ask(body);
    ADD_FAILURE();
  } catch (const common::Error& e) {
    EXPECT_EQ(e.http_status(), 413);
  }
}

TEST(AskValidation, Utf8LengthRejectsInvalidSequences) {
  EXPECT_EQ(common::text::utf8_length("abc"), 3U);
  EXPECT_EQ(common::text::utf8_length("é€𝄞"), 3U);
  EXPECT_FALSE(common::text::utf8_length("\xC3"));
  EXPECT_FALSE(common::text::utf8_length("\xC0\xAF"));          // overlong
  EXPECT_FALSE(common::text::utf8_length("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(common::text::utf8_length("\xF4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_FALSE(common::text::utf8_length("\xFF"));
}

TEST(StoreScope, ManagerOnlyOwnStoresAdminAny) {
  EXPECT_TRUE(store_in_scope(1, {1}, false));
  EXPECT_FALSE(store_in_scope(2, {1}, false));
  EXPECT_TRUE(store_in_scope(2, {1, 2}, false));
  EXPECT_TRUE(store_in_scope(2, {1, 2}, true));
  EXPECT_FALSE(store_in_scope(0, {1, 2}, true));
  EXPECT_FALSE(store_in_scope(1, {}, false));
}

}  // namespace
}  // namespace gateway::ask
