// Fuzzes the policy's rules compiler with arbitrary documents: what an admin sends in
// PUT /api/policies reaches it, and the copilot compiles what the database holds. Besides the
// sanitizers it checks its promises: a document either compiles or is refused with a RulesError
// (never another exception); a compiled rule has an id, a known code, a reason and, for pattern
// rules, patterns; each pattern's search on a question ends within its limits; the same document
// compiles the same way twice.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/policy/rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto document = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) return 0;
  common::policy::RuleSet set;
  try {
    set = common::policy::compile_rules(document);
  } catch (const common::policy::RulesError&) {
    return 0;
  }
  for (const auto& rule : set.rules) {
    if (rule.id.empty() || rule.reason.empty()) std::abort();
    if (rule.code != "policy_denied" && rule.code != "scope_denied") std::abort();
    if (rule.kind != common::policy::RuleKind::kStoreMention && rule.patterns.empty()) std::abort();
    for (const auto& pattern : rule.patterns) {
      (void)pattern.search("how many rentals did we have in store 2 last month?");
    }
  }
  if (common::policy::compile_rules(document).rules.size() != set.rules.size()) std::abort();
  return 0;
}
