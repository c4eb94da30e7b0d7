#include "copilot/workflow/guardrail_validation.hpp"

#include "copilot/guardrail/guardrail.hpp"

namespace copilot::workflow {

ValidationResult GuardrailValidation::validate(std::string_view sql, Role role) {
  const auto verdict = guardrail::check(sql, readable_relations(role));
  ValidationResult out;
  out.accepted = verdict.accepted;
  out.reason_code = verdict.reason_code;
  out.reason = verdict.reason;
  out.sql = verdict.sql;
  out.fingerprint = verdict.fingerprint;
  out.effective_limit = verdict.effective_limit;
  return out;
}

}  // namespace copilot::workflow
