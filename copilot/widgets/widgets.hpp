// copilot/widgets/widgets.hpp — chart widgets chosen from the intent and the shape of the rows
// (contracts/README.md): a metric tile for a single value, a line for trends, a bar for
// rankings and comparisons, a pie for shares with few slices, and always a table. Charts carry a
// Vega-Lite v5 spec with the rows inline, so the web renders them with a real chart library.
#pragma once

#include <nlohmann/json.hpp>

#include "copilot/core/types.hpp"
#include "copilot/planning/planner.hpp"

namespace copilot::widgets {

nlohmann::json build(const planning::Plan& plan, const ResultSet& rows);

}  // namespace copilot::widgets
