// Fuzzes copilot::guardrail::check with arbitrary text as SQL. Besides the sanitizers it checks
// the guardrail's promises: an accepted verdict carries SQL that is accepted again unchanged,
// with a LIMIT within bounds; a rejected one carries a reason code and no SQL.
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include "copilot/core/roles.hpp"
#include "copilot/guardrail/guardrail.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::set<std::string> kRelations =
      copilot::readable_relations(copilot::Role::kAdmin);
  const std::string_view sql(reinterpret_cast<const char*>(data), size);
  const copilot::guardrail::Verdict v = copilot::guardrail::check(sql, kRelations);
  if (!v.accepted) {
    if (v.reason_code.empty() || !v.sql.empty()) std::abort();
    return 0;
  }
  if (v.effective_limit < 0 || v.effective_limit > 200 || v.sql.empty()) std::abort();
  const copilot::guardrail::Verdict again = copilot::guardrail::check(v.sql, kRelations);
  if (!again.accepted || again.sql != v.sql || again.effective_limit != v.effective_limit) {
    std::abort();
  }
  return 0;
}
