// copilot/planning/row_sets.hpp — counts of things kept by what else they did: "customers who
// rented in May but not in June", "… a Horror film but never a Comedy one", "titles stocked at
// store 1 but not at store 2", "customers who rented in both June and July". In: the question.
// Out: the plan of its first part (what is counted: customers, titles) with the second part as a
// row set of the semantic query (`without` / `with_also`), or nothing when the question has no
// such second part — or one that does not read whole (the planner then asks back, as before).
#pragma once

#include <optional>

#include "copilot/planning/planner.hpp"
#include "copilot/semantic/model.hpp"

namespace copilot::planning {

// The second part takes from the first whatever it does not say itself: "NC-17 last week but
// nothing rated R" is R-rated rentals last week; "from store 2 this month but not from store 1"
// is store 1 this month. A second part naming what the role may not see refuses the question.
std::optional<Plan> plan_row_sets(const Planner& planner, const semantic::Model& model,
                                  const PlanRequest& request);

}  // namespace copilot::planning
