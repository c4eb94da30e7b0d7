// `copilot check-sql`: arguments, one JSON verdict per input line.
#include "copilot/guardrail/check_sql_cli.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace copilot::guardrail {
namespace {

using ::testing::HasSubstr;

struct CliRun {
  int code = 0;
  std::vector<nlohmann::json> lines;
  std::string out;
  std::string err;
};

CliRun run(std::vector<std::string> args, const std::string& input) {
  std::istringstream in(input);
  std::ostringstream out;
  std::ostringstream err;
  std::streambuf* old = std::cerr.rdbuf(err.rdbuf());
  CliRun r;
  r.code = run_check_sql(std::move(args), in, out);
  std::cerr.rdbuf(old);
  r.out = out.str();
  r.err = err.str();
  std::istringstream lines(r.out);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind('{', 0) == 0) r.lines.push_back(nlohmann::json::parse(line));
  }
  return r;
}

TEST(CheckSqlCli, PrintsOneVerdictPerStatementLine) {
  const CliRun r = run({"--role", "admin", "--stores", "1,2"},
                       "SELECT sum(amount) FROM v_payment_scoped\n"
                       "\n"
                       "DELETE FROM payment\r\n"
                       "SELECT title FROM film LIMIT 1000\n");
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.err, "");
  ASSERT_EQ(r.lines.size(), 3U);
  EXPECT_EQ(r.lines[0]["verdict"], "accept");
  EXPECT_EQ(r.lines[0]["sql"], "SELECT sum(amount) FROM v_payment_scoped\nLIMIT 200");
  EXPECT_EQ(r.lines[0]["effective_limit"], 200);
  EXPECT_TRUE(r.lines[0]["reason_code"].is_null());
  EXPECT_EQ(r.lines[0]["fingerprint"].get<std::string>().size(), 16U);
  EXPECT_EQ(r.lines[0]["line"], 1);
  EXPECT_EQ(r.lines[1]["verdict"], "reject");
  EXPECT_EQ(r.lines[1]["reason_code"], "not_select");
  EXPECT_TRUE(r.lines[1]["sql"].is_null());
  EXPECT_EQ(r.lines[1]["input"], "DELETE FROM payment");
  EXPECT_EQ(r.lines[1]["line"], 3);
  EXPECT_EQ(r.lines[2]["effective_limit"], 200);
}

TEST(CheckSqlCli, JudgesByTheRole) {
  const std::string sql = "SELECT sum(amount) FROM v_payment_scoped\n";
  EXPECT_EQ(run({"--role", "finance", "--stores", "1"}, sql).lines.at(0)["verdict"], "accept");
  const CliRun marketing = run({"--role=marketing", "--stores=1,2"}, sql);
  EXPECT_EQ(marketing.lines.at(0)["verdict"], "reject");
  EXPECT_EQ(marketing.lines.at(0)["reason_code"], "relation_not_allowed");
}

TEST(CheckSqlCli, ToleratesTheSubcommandNameAndAMaxLimit) {
  const CliRun r =
      run({"check-sql", "--role", "admin", "--max-limit", "50"}, "SELECT title FROM film\n");
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.lines.at(0)["effective_limit"], 50);
}

TEST(CheckSqlCli, InvalidUtf8InputStillGivesJson) {
  const CliRun r = run({"--role", "admin"}, "SELECT '\xff'\n");
  ASSERT_EQ(r.lines.size(), 1U);
  EXPECT_EQ(r.lines[0]["reason_code"], "invalid_input");
}

TEST(CheckSqlCli, BadArgumentsExitTwoWithAMessage) {
  const std::vector<std::vector<std::string>> bad = {
      {},
      {"--stores", "1,2"},
      {"--role"},
      {"--role", "root"},
      {"--role", "admin", "--stores", "1,x"},
      {"--role", "admin", "--stores", ""},
      {"--role", "admin", "--stores", "0"},
      {"--role", "admin", "--max-limit", "-3"},
      {"--role", "admin", "--verbose"},
  };
  for (const auto& args : bad) {
    const CliRun r = run(args, "SELECT 1\n");
    EXPECT_EQ(r.code, 2) << ::testing::PrintToString(args);
    EXPECT_THAT(r.err, HasSubstr("copilot check-sql: ")) << ::testing::PrintToString(args);
    EXPECT_THAT(r.err, HasSubstr("usage:"));
    EXPECT_EQ(r.out, "") << ::testing::PrintToString(args);
  }
}

TEST(CheckSqlCli, HelpPrintsUsage) {
  const CliRun r = run({"--help"}, "");
  EXPECT_EQ(r.code, 0);
  EXPECT_THAT(r.out, HasSubstr("usage: copilot check-sql"));
}

}  // namespace
}  // namespace copilot::guardrail
