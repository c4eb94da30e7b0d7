// copilot/workflow/guardrail_validation.hpp — the validation stage: the SQL guardrail
// (copilot/guardrail) with the role's readable relations.
#pragma once

#include "copilot/workflow/stages.hpp"

namespace copilot::workflow {

class GuardrailValidation final : public ValidationStage {
 public:
  ValidationResult validate(std::string_view sql, Role role) override;
};

}  // namespace copilot::workflow
