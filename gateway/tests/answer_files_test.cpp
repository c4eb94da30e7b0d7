// The answer files (gateway/exports/answer_files.hpp): CSV quoting and formula-injection safety,
// file names, and that the XLSX writer produces a workbook (its cells are read back by exceljs
// in e2e/specs/answer-exports-and-conversation-report.spec.ts).
#include "gateway/exports/answer_files.hpp"

#include <gtest/gtest.h>

namespace gateway::exports {
namespace {

using nlohmann::json;

const json kColumns =
    json::array({{{"name", "film_title"}, {"type", "text"}},
                 {{"name", "revenue"}, {"type", "numeric"}, {"format", "currency"}},
                 {{"name", "rented_on"}, {"type", "date"}}});

std::string body_of(const std::string& csv) { return csv.substr(3); }  // after the BOM

TEST(AnswerCsv, StartsWithByteOrderMarkAndHumanHeaders) {
  const auto csv = to_csv(kColumns, json::array());
  EXPECT_EQ(csv.rfind("\xEF\xBB\xBF", 0), 0U);
  EXPECT_EQ(body_of(csv), "Film title,Revenue,Rented on\r\n");
}

TEST(AnswerCsv, QuotesPerRfc4180) {
  const auto csv =
      to_csv(kColumns, json::array({json::array({"A \"big\", film\nII", 1.5, nullptr})}));
  EXPECT_EQ(body_of(csv), "Film title,Revenue,Rented on\r\n\"A \"\"big\"\", film\nII\",1.5,\r\n");
}

TEST(AnswerCsv, DefusesCellsThatStartLikeFormulas) {
  const auto csv =
      to_csv(kColumns, json::array({json::array({"=HYPERLINK(\"http://x\")", 2, "2022-05-01"}),
                                    json::array({"+1+cmd|' /C calc'!A0", -3.25, nullptr}),
                                    json::array({"-2+3", "-7", nullptr}),
                                    json::array({"@SUM(A1)", nullptr, nullptr}),
                                    json::array({"\tTAB", nullptr, nullptr})}));
  EXPECT_EQ(body_of(csv),
            "Film title,Revenue,Rented on\r\n"
            "\"'=HYPERLINK(\"\"http://x\"\")\",2,2022-05-01\r\n"
            "'+1+cmd|' /C calc'!A0,-3.25,\r\n"
            "'-2+3,-7,\r\n"
            "'@SUM(A1),,\r\n"
            "'\tTAB,,\r\n");
}

TEST(AnswerCsv, TextThatLooksNumericInATextColumnIsStillDefused) {
  const json columns = json::array({{{"name", "code"}, {"type", "text"}}});
  EXPECT_EQ(body_of(to_csv(columns, json::array({json::array({"-5"})}))), "Code\r\n'-5\r\n");
}

TEST(AnswerFileName, KeepsOnlySafeCharacters) {
  EXPECT_EQ(file_name("Revenue by month", "abcd1234-ffff", "csv"),
            "answer-revenue-by-month-abcd1234.csv");
  EXPECT_EQ(file_name("\"; rm -rf /\r\nX-Evil: 1", "../../etc", "xlsx"),
            "answer-rm-rf-x-evil-1-et.xlsx");
  EXPECT_EQ(file_name("", "", "csv"), "answer.csv");
}

TEST(AnswerXlsx, IsAZipWorkbook) {
  const auto bytes = to_xlsx(kColumns,
                             json::array({json::array({"Academy Dinosaur", 1234.5, "2022-05-01"}),
                                          json::array({"=cmd", nullptr, "not a date"})}),
                             {"Revenue by film", "SELECT 1", "finance", "1", "2026-12-10", false});
  ASSERT_GT(bytes.size(), 1000U);
  EXPECT_EQ(bytes.substr(0, 2), "PK");
  EXPECT_NE(bytes.find("xl/worksheets/sheet1.xml"), std::string::npos);
}

}  // namespace
}  // namespace gateway::exports
