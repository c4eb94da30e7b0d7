// copilot/guardrail/guardrail.hpp — the SQL guardrail (layer 4 of DESIGN.md's defence in depth).
//
// In: one model-written SQL statement and the relations the caller's role may read
// (copilot::readable_relations). Out: a Verdict — accepted with the SQL that may run (LIMIT added
// when missing, clamped when above Options::max_limit), its effective LIMIT and its fingerprint;
// or rejected with a stable reason code and a human reason.
//
// Every decision is taken on PostgreSQL 15's own parse tree (libpg_query), never on the text.
// The tree is walked against allow-lists of node types, fields, functions, casts and
// relations, so anything the guardrail does not know is refused. It refuses: several
// statements; anything but a SELECT (WITH, set operations, subqueries and window functions are
// fine); data-modifying CTEs; SELECT INTO; FOR UPDATE/SHARE; a relation outside the allow-list
// or outside schema `public` (a CTE name in scope is the CTE, even when a base table has that
// name); system columns; functions and casts outside the allow-lists. The rewritten SQL is parsed
// and checked again before it is returned, so what runs is exactly what was checked.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <string_view>

namespace copilot::guardrail {

struct Options {
  int max_limit = 200;                    // LIMIT added when missing, clamped when higher
  std::size_t max_sql_bytes = 64 * 1024;  // longer input is refused before parsing
};

struct Verdict {
  bool accepted = false;
  std::string reason_code;  // a stable code (see reason::); empty when accepted
  std::string reason;       // for people: why it was refused, or what was rewritten
  std::string sql;          // what may run (LIMIT added or clamped); empty when rejected
  std::string fingerprint;  // pg_query_fingerprint of `sql` (of the input when rejected, if it
                            // parses). Equal for queries differing only in constants.
  int effective_limit = 0;  // the LIMIT `sql` ends up with; 0 when rejected
};

// Checks one statement against the role's readable relations on PostgreSQL's parse tree.
// Thread-safe; never throws (a failure inside, even std::bad_alloc, is a rejection).
Verdict check(std::string_view sql, const std::set<std::string>& allowed_relations,
              const Options& opts = {});

// The stable reason codes.
namespace reason {
inline constexpr std::string_view kInvalidInput = "invalid_input";  // NUL byte, bad UTF-8, too long
inline constexpr std::string_view kParseError = "parse_error";
inline constexpr std::string_view kEmptyStatement = "empty_statement";
inline constexpr std::string_view kMultipleStatements = "multiple_statements";
inline constexpr std::string_view kNotSelect = "not_select";
inline constexpr std::string_view kSelectInto = "select_into";
inline constexpr std::string_view kLockingClause = "locking_clause";
inline constexpr std::string_view kDataModifyingCte = "data_modifying_cte";
inline constexpr std::string_view kRelationNotAllowed = "relation_not_allowed";
inline constexpr std::string_view kSchemaNotAllowed = "schema_not_allowed";
inline constexpr std::string_view kFunctionNotAllowed = "function_not_allowed";
inline constexpr std::string_view kTypeNotAllowed = "type_not_allowed";
inline constexpr std::string_view kOperatorNotAllowed = "operator_not_allowed";
inline constexpr std::string_view kSystemColumn = "system_column";
inline constexpr std::string_view kConstructNotAllowed = "construct_not_allowed";
// A plain '...' literal holding a backslash: read differently when standard_conforming_strings
// is off, so the server could see code where the guardrail saw a string.
inline constexpr std::string_view kAmbiguousLiteral = "ambiguous_string_literal";
inline constexpr std::string_view kInvalidLimit = "invalid_limit";  // e.g. a negative LIMIT
inline constexpr std::string_view kTooComplex = "too_complex";      // nesting beyond our bound
inline constexpr std::string_view kLimitRewriteFailed = "limit_rewrite_failed";
inline constexpr std::string_view kInternalError = "internal_error";  // fails closed
}  // namespace reason

}  // namespace copilot::guardrail
