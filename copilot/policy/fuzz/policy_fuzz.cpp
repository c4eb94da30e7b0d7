// Fuzzes the policy with arbitrary questions for every role. Besides the sanitizers (and
// libFuzzer's per-input timeout, which a backtracking regex would trip) it checks its promises: a
// refusal names its rule, code and reason; the same question gets the same verdict twice; a store
// the question names outside the scope is never allowed.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "copilot/policy/policy.hpp"

#ifndef COPILOT_POLICY_RULES
#error "COPILOT_POLICY_RULES must name copilot/policy/rules.json"
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const copilot::policy::Policy kPolicy =
      copilot::policy::Policy::from_file(COPILOT_POLICY_RULES);
  const std::string_view question(reinterpret_cast<const char*>(data), size);
  const std::vector<int> scope = {1};
  for (const auto role : {copilot::Role::kAdmin, copilot::Role::kStoreManager,
                          copilot::Role::kMarketing, copilot::Role::kFinance}) {
    const auto out = kPolicy.check(question, role, scope);
    if (!out.allowed && (out.rule.empty() || out.code.empty() || out.reason.empty())) std::abort();
    const auto again = kPolicy.check(question, role, scope);
    if (again.allowed != out.allowed || again.rule != out.rule) std::abort();
    if (out.allowed) {
      for (int store : copilot::policy::stores_named(copilot::policy::normalise(question))) {
        if (store != 1) std::abort();
      }
    }
  }
  return 0;
}
