// copilot/planning/conditions.hpp — numeric conditions in a question: "longer than two hours",
// "over $5", "between $1 and $3", "at least 30 rentals", "30+ times", "under 90 minutes". In:
// tokens (time phrases and stores already taken). Out: each comparison with its operator, value(s)
// in the unit of the attribute it names (minutes, dollars, days, a plain count), the attribute
// when the words or the unit name one, and the token span it came from. Which attribute or
// measure an unnamed count applies to is decided by the planner, which sees the whole question.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace copilot::planning {

struct Condition {
  size_t begin = 0, end = 0;  // token span [begin, end), comparator to unit
  std::string op;             // > >= < <= = between
  double value = 0;           // in `unit`; the lower bound for between
  double value2 = 0;          // the upper bound for between
  std::string unit;           // minutes | currency | days | percent | times | "" (a plain number)
  std::string attribute;      // named by the comparative ("longer" → length), else empty
  std::string text;           // the words, for explanations: "longer than two hours"
};

// Every comparison over the unused tokens, marking what it reads in `used`.
std::vector<Condition> find_conditions(const std::vector<std::string>& tokens,
                                       std::vector<bool>& used);

// An amount written right after an attribute, as an equality ("a rental rate of 4.99", "length
// is 90 minutes"): a condition with op "=" over [at, end of the amount), or nullopt.
std::optional<Condition> read_equality(const std::vector<std::string>& tokens,
                                       const std::vector<bool>& used, size_t at);

// "> 120 minutes", "between $1.00 and $3.00", "≥ 30": a condition as a person reads it.
std::string describe_condition(const Condition& c, const std::string& label);

}  // namespace copilot::planning
