// copilot/workflow/plan_cli.hpp — `copilot plan`, the embedded planner for reviews and debugging:
// how a question is read, the plan, and the SQL it compiles to, without running it.
//
//   copilot plan --role ROLE [--stores 1,2] [--no-values] QUESTION...
//
// Out: one JSON object {status, intent, understanding, not_understood, clarification,
// refusal, semantic_query, sql}. The data's values (film titles, actors, cities) are loaded from
// ANALYTICS_DATABASE_URL unless --no-values. Returns 0, or 2 with a message on stderr when the
// arguments are wrong.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace copilot::workflow {

int run_plan_cli(std::vector<std::string> args, std::ostream& out, std::ostream& err);

}  // namespace copilot::workflow
