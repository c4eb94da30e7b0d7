// copilot/tests/result_compare.hpp — result-set equality for the canonical-question tests, the
// same rules as eval/compare.mjs: column names ignored, gold columns matched to distinct answer
// columns by values (positional first), rows as multisets unless order matters, numbers within
// 0.01, strings case/space-insensitive, dates normalised, weekday names ↔ day numbers, percent
// ↔ fraction.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace copilot::testing {

struct Comparison {
  bool ok = false;
  std::string why;
};

Comparison compare_result(const nlohmann::json& gold, const nlohmann::json& answer,
                          bool order_matters);

}  // namespace copilot::testing
