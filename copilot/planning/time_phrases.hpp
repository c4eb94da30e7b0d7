// copilot/planning/time_phrases.hpp — relative and absolute time in a question, resolved against
// the data's as-of date (DESIGN.md "Meaning of the data"): "last month" is the calendar month
// before the as-of month, "this year" runs from January 1 to the as-of date, "last N days" are
// the N calendar days ending on the as-of date, quarters are calendar quarters.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace copilot::planning {

struct TimeRange {
  std::chrono::sys_days from;  // inclusive
  std::chrono::sys_days to;    // exclusive
  std::string label;           // "July 2022", "the last 30 days"
  std::string grain;           // month, quarter, year, week, day — the unit the phrase named
  bool relative = false;       // resolved against the as-of date
  // A rolling window in hours ("the last 24 hours") is the instants after `after` up to and
  // including `until` (the as-of instant); from/to then are the days it touches.
  std::optional<std::chrono::sys_seconds> after = std::nullopt;
  std::optional<std::chrono::sys_seconds> until = std::nullopt;
};

// A month's number from its name or its short form ("june", "jun" -> 6, "sept" -> 9).
std::optional<int> month_index(const std::string& token);

// Parses "2022-08-23", "2022-08-23 21:50:12+00" or "2022-08-23T21:50:12Z" (the date part).
std::optional<std::chrono::sys_days> parse_date(const std::string& text);
std::string format_date(std::chrono::sys_days day);
// Parses "2022-08-23 21:50:12+00" or "2022-08-23T21:50:12Z" to the second (UTC; a fraction is
// dropped); a date alone is its midnight.
std::optional<std::chrono::sys_seconds> parse_instant(const std::string& text);
// "2022-08-23 21:50:12" (UTC).
std::string format_instant(std::chrono::sys_seconds instant);

// A weekday by its name or its short form ("sat", "tues", "thurs"), Sunday = 0.
std::optional<unsigned> weekday_or_short(const std::string& token);

// Every time phrase in the (lower-cased, tokenised) question, in order of appearance. Tokens
// used by a phrase are marked in `used` so later stages do not read them again. Windows in hours
// ("the past 24 hrs") are read only when the as-of instant is known.
std::vector<TimeRange> find_time_ranges(
    const std::vector<std::string>& tokens, std::vector<bool>& used, std::chrono::sys_days as_of,
    std::optional<std::chrono::sys_seconds> as_of_instant = std::nullopt);

// How a period reads after a figure, from its label: " in July 2022", " on 2022-07-15",
// " from 2022-06-01 to 2022-06-15", " since 2022-07-01"; "" for an empty label.
std::string period_words(const std::string& label);

// The period of the same length just before `range` (previous month, quarter, year, N days).
TimeRange previous_period(const TimeRange& range);
// The same span moved back by n units ("a week earlier" from yesterday is the day 7 days before;
// "a year earlier" from July 2022 is July 2021). unit: day(s), week(s), month(s), quarter(s),
// year(s).
TimeRange shifted_back(const TimeRange& range, const std::string& unit, int n);

// The same days of the month as `span`, in the month (or year) `period` starts in: "this month so
// far (Aug 1-23) against the same period last month" is July 1-23, not all of July.
TimeRange same_days_in(const TimeRange& span, const TimeRange& period);

}  // namespace copilot::planning
