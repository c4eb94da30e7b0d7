// copilot/narration/narration.hpp — a short factual answer from the rows. Every number in the
// text is read from the rows (formatted, never computed anew except a rank order already in the
// rows); relative time states the as-of date. Also proposes follow-up questions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "copilot/core/types.hpp"
#include "copilot/planning/planner.hpp"

namespace copilot::narration {

struct Narrative {
  std::string answer;
  std::vector<std::string> suggestions;
};

Narrative narrate(const planning::Plan& plan, const ResultSet& rows, std::string_view as_of);

// 1234.5 → "1,234.50" (currency) / "1,235" (count) / "1,234.50" (other decimals).
std::string format_number(double value, bool currency, bool integer);

// The text with every dollar amount in whole dollars, rounded half away from zero: "$1,234.56"
// → "$1,235", "-$0.49" → "-$0". Only figures written "$<digits>[.<digits>]" change.
std::string without_cents(std::string_view text);

}  // namespace copilot::narration
