// copilot/guardrail/check_sql_cli.hpp — `copilot check-sql`, the guardrail for security reviews.
//
//   copilot check-sql --role ROLE [--stores 1,2] [--max-limit N] [--risk]
//
// In: the arguments after `check-sql` (a leading "check-sql" is tolerated) and one SQL statement
// per input line (blank lines are skipped). Out: one JSON line per statement —
//   {"line":1,"verdict":"accept"|"reject","reason_code":..,"reason":..,"sql":..,
//    "fingerprint":..,"effective_limit":..,"input":..}
// where `sql` is what may run (null when rejected). Returns 0 when every line was judged, 2 with
// a message on stderr when the arguments are wrong. The role's relations come from
// copilot::readable_relations; the store scope is not the guardrail's business (the database
// enforces it) but is validated so a review states what it ran with. With --risk, each accepted
// statement also carries "risk" ({score, level, factors, note?}) from `risk` — the risk stage
// (copilot/risk), which EXPLAINs on the database in that scope (default: stores 1,2).
#pragma once

#include <functional>
#include <iosfwd>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "copilot/core/roles.hpp"

namespace copilot::guardrail {

// Scores one accepted statement (given by the caller: the guardrail does not depend on the risk
// stage, which is built on it).
using RiskHook = std::function<nlohmann::json(const std::string& sql, Role role,
                                              const std::vector<int>& stores)>;

int run_check_sql(std::vector<std::string> args, std::istream& in, std::ostream& out,
                  const RiskHook& risk = {});

}  // namespace copilot::guardrail
