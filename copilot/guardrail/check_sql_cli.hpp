// copilot/guardrail/check_sql_cli.hpp — `copilot check-sql`, the guardrail for security reviews.
//
//   copilot check-sql --role ROLE [--stores 1,2] [--max-limit N]
//
// In: the arguments after `check-sql` (a leading "check-sql" is tolerated) and one SQL statement
// per input line (blank lines are skipped). Out: one JSON line per statement —
//   {"line":1,"verdict":"accept"|"reject","reason_code":..,"reason":..,"sql":..,
//    "fingerprint":..,"effective_limit":..,"input":..}
// where `sql` is what may run (null when rejected). Returns 0 when every line was judged, 2 with
// a message on stderr when the arguments are wrong. The role's relations come from
// copilot::readable_relations; the store scope is not the guardrail's business (the database
// enforces it) but is validated so a review states what it ran with.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace copilot::guardrail {

int run_check_sql(std::vector<std::string> args, std::istream& in, std::ostream& out);

}  // namespace copilot::guardrail
