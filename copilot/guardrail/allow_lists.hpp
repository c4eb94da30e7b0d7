// copilot/guardrail/allow_lists.hpp — what a BI query may call, cast to and name, by the
// guardrail's rules. Names are as the parser produces them: lower case, and for SQL-syntax
// functions and keyword types the pg_catalog spelling (EXTRACT → extract, TRIM → btrim,
// INTEGER → int4, DOUBLE PRECISION → float8).
#pragma once

#include <string_view>

namespace copilot::guardrail {

// Aggregate, window, date/time, math, string, conditional and set-returning functions.
bool function_allowed(std::string_view name);
// Ordinary scalar types (numbers, text, boolean, date/time); never reg* or other OID aliases.
bool type_allowed(std::string_view name);
// SQLValueFunction ops (CURRENT_DATE, LOCALTIMESTAMP, ...): date/time ones only, never
// CURRENT_USER, SESSION_USER, CURRENT_ROLE, CURRENT_SCHEMA or CURRENT_CATALOG.
bool sql_value_function_allowed(std::string_view op);
// xmin, xmax, cmin, cmax, ctid, tableoid.
bool is_system_column(std::string_view name);

}  // namespace copilot::guardrail
