// The public security corpora (../shared/security), read as published: every reject rejected
// for every role, every accept accepted for admin with exactly its expected LIMIT.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "copilot/core/roles.hpp"
#include "copilot/guardrail/guardrail.hpp"

namespace copilot::guardrail {
namespace {

const std::filesystem::path kCorpusDir = "../shared/security";

struct Case {
  std::string id;
  std::string second;  // category (reject) or expected limit (accept)
  std::string sql;
};

// id<TAB>second<TAB>sql lines; '#' comments and the header line are not cases.
std::vector<Case> read_tsv(const std::string& name) {
  std::vector<Case> cases;
  std::ifstream in(kCorpusDir / name);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const auto tab1 = line.find('\t');
    const auto tab2 = tab1 == std::string::npos ? tab1 : line.find('\t', tab1 + 1);
    if (tab2 == std::string::npos) continue;
    Case c{line.substr(0, tab1), line.substr(tab1 + 1, tab2 - tab1 - 1), line.substr(tab2 + 1)};
    if (c.id == "id") continue;
    cases.push_back(std::move(c));
  }
  return cases;
}

const std::vector<Role> kRoles = {Role::kAdmin, Role::kStoreManager, Role::kMarketing,
                                  Role::kFinance};

TEST(SecurityCorpus, FilesArePresentBesideTheCheckout) {
  for (const char* name : {"sql_must_reject.tsv", "sql_must_accept.tsv"}) {
    const auto path = kCorpusDir / name;
    ASSERT_TRUE(std::filesystem::is_regular_file(path))
        << "the security corpus " << std::filesystem::absolute(path)
        << " is missing: the shared folder must sit beside the checkout (../shared/security) "
           "and ctest must run from the project root";
  }
}

TEST(SecurityCorpus, EveryRejectIsRejectedForEveryRole) {
  const auto cases = read_tsv("sql_must_reject.tsv");
  ASSERT_FALSE(cases.empty()) << "no cases read from " << kCorpusDir / "sql_must_reject.tsv";
  int rejected = 0;
  for (const Case& c : cases) {
    for (const Role role : kRoles) {
      const Verdict v = check(c.sql, readable_relations(role));
      EXPECT_FALSE(v.accepted) << c.id << " (" << c.second << ") accepted for " << role_name(role)
                               << ": " << c.sql << "\n  ran as: " << v.sql;
      EXPECT_FALSE(v.reason_code.empty()) << c.id;
      EXPECT_TRUE(v.sql.empty()) << c.id;
      if (!v.accepted) ++rejected;
    }
  }
  std::cout << "reject corpus: " << rejected / static_cast<int>(kRoles.size()) << "/"
            << cases.size() << " rejected for all " << kRoles.size() << " roles\n";
}

TEST(SecurityCorpus, EveryAcceptIsAcceptedForAdminWithItsLimit) {
  const auto cases = read_tsv("sql_must_accept.tsv");
  ASSERT_FALSE(cases.empty()) << "no cases read from " << kCorpusDir / "sql_must_accept.tsv";
  int accepted = 0;
  for (const Case& c : cases) {
    const Verdict v = check(c.sql, readable_relations(Role::kAdmin));
    EXPECT_TRUE(v.accepted) << c.id << " rejected (" << v.reason_code << ": " << v.reason
                            << "): " << c.sql;
    EXPECT_EQ(std::to_string(v.effective_limit), c.second) << c.id << ": " << v.sql;
    EXPECT_FALSE(v.fingerprint.empty()) << c.id;
    if (v.accepted && std::to_string(v.effective_limit) == c.second) ++accepted;
  }
  std::cout << "accept corpus: " << accepted << "/" << cases.size()
            << " accepted with the expected limit\n";
}

TEST(SecurityCorpus, AcceptedSqlIsAFixedPoint) {
  // Checking what the guardrail returned changes nothing: the rewrite is stable.
  for (const Case& c : read_tsv("sql_must_accept.tsv")) {
    const Verdict first = check(c.sql, readable_relations(Role::kAdmin));
    ASSERT_TRUE(first.accepted) << c.id;
    const Verdict again = check(first.sql, readable_relations(Role::kAdmin));
    EXPECT_TRUE(again.accepted) << c.id;
    EXPECT_EQ(again.sql, first.sql) << c.id;
    EXPECT_EQ(again.effective_limit, first.effective_limit) << c.id;
    EXPECT_EQ(again.fingerprint, first.fingerprint) << c.id;
  }
}

}  // namespace
}  // namespace copilot::guardrail
