#include "copilot/planning/time_phrases.hpp"

#include "copilot/planning/lexicon.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <set>

namespace copilot::planning {
namespace {

using namespace std::chrono;

constexpr std::array<const char*, 12> kMonths = {"january",   "february", "march",    "april",
                                                 "may",       "june",     "july",     "august",
                                                 "september", "october",  "november", "december"};
constexpr std::array<const char*, 12> kMonthNames = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

std::optional<int> small_number(const std::string& token) {
  // "thirty", "forty-five" as well as "3"
  if (token.find_first_of("0123456789") == std::string::npos) {
    if (auto v = number_value(token); v && *v == static_cast<int>(*v)) return static_cast<int>(*v);
    return std::nullopt;
  }
  if (!token.empty() && token.size() <= 4 &&
      token.find_first_not_of("0123456789") == std::string::npos) {
    return std::stoi(token);
  }
  return std::nullopt;
}

std::optional<int> year_of(const std::string& token) {
  if (token.size() == 4 && token.find_first_not_of("0123456789") == std::string::npos) {
    int y = std::stoi(token);
    if (y >= 1990 && y <= 2100) return y;
  }
  return std::nullopt;
}

sys_days first_of_month(int y, int m) {
  return sys_days{year{y} / month{static_cast<unsigned>(m)} / 1};
}

sys_days add_months(sys_days day, int n) {
  year_month_day ymd{day};
  int total = static_cast<int>(ymd.year()) * 12 +
              static_cast<int>(static_cast<unsigned>(ymd.month())) - 1 + n;
  return first_of_month(total / 12, total % 12 + 1);
}

// The same day n months away ("August 24" a year back is "August 24, 2021"), the month's last
// day when that month is shorter.
sys_days shift_months(sys_days day, int n) {
  const sys_days target = add_months(day, n) + (day - add_months(day, 0));
  return std::min(target, add_months(day, n + 1) - days{1});
}

TimeRange month_range(int y, int m, bool relative) {
  auto from = first_of_month(y, m);
  return {from, add_months(from, 1), std::string(kMonthNames[m - 1]) + " " + std::to_string(y),
          "month", relative};
}

TimeRange half_range(int y, int h, bool relative) {
  auto from = first_of_month(y, h == 1 ? 1 : 7);
  return {from, add_months(from, 6), "H" + std::to_string(h) + " " + std::to_string(y), "half",
          relative};
}

TimeRange quarter_range(int y, int q, bool relative) {
  auto from = first_of_month(y, (q - 1) * 3 + 1);
  return {from, add_months(from, 3), "Q" + std::to_string(q) + " " + std::to_string(y), "quarter",
          relative};
}

TimeRange year_range(int y, bool relative) {
  return {first_of_month(y, 1), first_of_month(y + 1, 1), std::to_string(y), "year", relative};
}

// A day of the month as written: "15", "15th", "1st", "22nd", "3rd" → 1..31.
std::optional<unsigned> day_of_month(const std::string& token) {
  size_t digits = 0;
  while (digits < token.size() && digits < 2 &&
         std::isdigit(static_cast<unsigned char>(token[digits]))) {
    ++digits;
  }
  if (digits == 0) return std::nullopt;
  const std::string suffix = token.substr(digits);
  if (!suffix.empty() && suffix != "st" && suffix != "nd" && suffix != "rd" && suffix != "th") {
    return std::nullopt;
  }
  const int day = std::stoi(token.substr(0, digits));
  if (day < 1 || day > 31) return std::nullopt;
  return static_cast<unsigned>(day);
}

bool is_ordinal(const std::string& token) {
  return !token.empty() && !std::isdigit(static_cast<unsigned char>(token.back()));
}

// One calendar day, when the date exists (no February 30th).
std::optional<TimeRange> day_range(int y, int m, unsigned d, bool relative) {
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{d}};
  if (!ymd.ok()) return std::nullopt;
  const sys_days first{ymd};
  return TimeRange{first, first + days{1}, format_date(first), "day", relative};
}

bool is(const std::vector<std::string>& t, size_t i, const char* word) {
  return i < t.size() && t[i] == word;
}

// "July last year", "Q2 of this year", "June the year before", "March a year ago": the year of a
// month, quarter or half named by where it stands from the as-of year. The year's offset (0 or
// -1) and the number of words it takes after `at`.
struct RelativeYear {
  int offset = 0;
  size_t words = 0;
};
std::optional<RelativeYear> relative_year_at(const std::vector<std::string>& t, size_t at) {
  size_t k = at;
  if (is(t, k, "of")) ++k;
  const auto taken = [&](int offset, size_t end) { return RelativeYear{offset, end - at}; };
  if ((is(t, k, "last") || is(t, k, "previous") || is(t, k, "past")) && is(t, k + 1, "year")) {
    return taken(-1, k + 2);
  }
  if ((is(t, k, "this") || is(t, k, "current")) && is(t, k + 1, "year")) return taken(0, k + 2);
  if (is(t, k, "the") && (is(t, k + 1, "previous") || is(t, k + 1, "prior")) &&
      is(t, k + 2, "year")) {
    return taken(-1, k + 3);
  }
  if (k == at && is(t, k, "the") && is(t, k + 1, "year") &&
      (is(t, k + 2, "before") || is(t, k + 2, "prior"))) {
    return taken(-1, k + 3);
  }
  if (k == at && is(t, k, "a") && is(t, k + 1, "year") && is(t, k + 2, "ago")) {
    return taken(-1, k + 3);
  }
  return std::nullopt;
}

// Sunday = 0 … Saturday = 6, as C's weekday encoding.
std::optional<unsigned> weekday_index(const std::string& token) {
  static const std::array<const char*, 7> kWeekdays = {"sunday",   "monday", "tuesday", "wednesday",
                                                       "thursday", "friday", "saturday"};
  for (unsigned k = 0; k < kWeekdays.size(); ++k) {
    if (token == kWeekdays[k]) return k;
  }
  return std::nullopt;
}

}  // namespace

std::optional<unsigned> weekday_or_short(const std::string& token) {
  if (auto full = weekday_index(token)) return full;
  static const std::array<std::array<const char*, 3>, 7> kShort = {{{"sun", "sun", "sun"},
                                                                    {"mon", "mon", "mon"},
                                                                    {"tue", "tues", "tu"},
                                                                    {"wed", "weds", "wed"},
                                                                    {"thu", "thur", "thurs"},
                                                                    {"fri", "fri", "fri"},
                                                                    {"sat", "sat", "sat"}}};
  for (unsigned k = 0; k < kShort.size(); ++k) {
    for (const char* word : kShort[k]) {
      if (token == word) return k;
    }
  }
  return std::nullopt;
}

std::optional<int> month_index(const std::string& token) {
  for (size_t i = 0; i < kMonths.size(); ++i) {
    const std::string name = kMonths[i];
    if (token == name ||
        (token.size() == 3 && name.rfind(token, 0) == 0 && token != "mar" && token != "may") ||
        (token == "sept" && i == 8)) {
      return static_cast<int>(i) + 1;
    }
  }
  if (token == "mar") return 3;
  return std::nullopt;
}

std::optional<sys_days> parse_date(const std::string& text) {
  int y = 0, m = 0, d = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3) return std::nullopt;
  year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return sys_days{ymd};
}

std::string format_date(sys_days value) {
  year_month_day ymd{value};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::optional<sys_seconds> parse_instant(const std::string& text) {
  const auto day = parse_date(text);
  if (!day) return std::nullopt;
  int h = 0, m = 0, sec = 0;
  if (text.size() >= 19 && (text[10] == ' ' || text[10] == 'T') &&
      std::sscanf(text.c_str() + 11, "%2d:%2d:%2d", &h, &m, &sec) == 3) {
    if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60) return std::nullopt;
    return sys_seconds{*day} + hours{h} + minutes{m} + seconds{sec};
  }
  return text.size() == 10 ? std::optional<sys_seconds>{sys_seconds{*day}} : std::nullopt;
}

std::string format_instant(sys_seconds instant) {
  const auto day = floor<days>(instant);
  const hh_mm_ss<seconds> time{instant - day};
  char buf[16];
  std::snprintf(buf, sizeof buf, " %02d:%02d:%02d", static_cast<int>(time.hours().count()),
                static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count()));
  return format_date(day) + buf;
}

std::string period_words(const std::string& label) {
  if (label.empty()) return "";
  if (label.rfind("since ", 0) == 0) return " " + label;
  const bool dated = label.size() >= 10 && label[4] == '-' && label[7] == '-';
  if (dated) return (label.size() == 10 ? " on " : " from ") + label;
  return " in " + label;
}

TimeRange same_days_in(const TimeRange& span, const TimeRange& period) {
  const year_month_day a{span.from};
  const year_month_day b{period.from};
  const int months = (static_cast<int>(b.year()) * 12 + static_cast<int>(unsigned{b.month()})) -
                     (static_cast<int>(a.year()) * 12 + static_cast<int>(unsigned{a.month()}));
  const auto shift = [&](sys_days day) {
    const sys_days target = add_months(day, months) + (day - add_months(day, 0));
    return std::min(target, add_months(day, months + 1));
  };
  TimeRange out = span;
  out.from = shift(span.from);
  // The end is exclusive: shift the last day in, then step past it.
  out.to = shift(span.to - days{1}) + days{1};
  out.grain = "day";
  out.relative = span.relative || period.relative;
  out.label = format_date(out.from) + " to " + format_date(out.to - days{1});
  return out;
}

TimeRange previous_period(const TimeRange& range) {
  TimeRange prev = range;
  prev.relative = range.relative;
  if (range.grain == "month" || range.grain == "quarter" || range.grain == "half" ||
      range.grain == "year") {
    const int months = range.grain == "month"     ? 1
                       : range.grain == "quarter" ? 3
                       : range.grain == "half"    ? 6
                                                  : 12;
    prev.from = add_months(range.from, -months);
    prev.to = range.from;
    year_month_day ymd{prev.from};
    const int y = static_cast<int>(ymd.year());
    const int m = static_cast<int>(static_cast<unsigned>(ymd.month()));
    prev.label =
        range.grain == "month"     ? std::string(kMonthNames[m - 1]) + " " + std::to_string(y)
        : range.grain == "quarter" ? "Q" + std::to_string((m - 1) / 3 + 1) + " " + std::to_string(y)
        : range.grain == "half"    ? "H" + std::to_string(m < 7 ? 1 : 2) + " " + std::to_string(y)
                                   : std::to_string(y);
  } else if (range.after && range.until) {
    const auto length = *range.until - *range.after;
    prev.until = range.after;
    prev.after = *range.after - length;
    prev.from = floor<days>(*prev.after);
    prev.to = floor<days>(*prev.until) + days{1};
    prev.label =
        "the " + std::to_string(floor<hours>(length).count()) + " hours before " + range.label;
  } else {
    const auto length = range.to - range.from;
    prev.from = range.from - length;
    prev.to = range.from;
    // The days themselves, so the answer says which: "2022-08-08 to 2022-08-14".
    prev.label = length.count() == 1
                     ? format_date(prev.from)
                     : format_date(prev.from) + " to " + format_date(prev.to - days{1});
  }
  return prev;
}

TimeRange shifted_back(const TimeRange& range, const std::string& unit, int n) {
  const std::string u = unit.ends_with("s") ? unit.substr(0, unit.size() - 1) : unit;
  if (u == range.grain && n == 1) return previous_period(range);
  TimeRange out = range;
  if (u == "day" || u == "week" || u == "fortnight") {
    const days by{(u == "week" ? 7 : u == "fortnight" ? 14 : 1) * n};
    out.from = range.from - by;
    out.to = range.to - by;
    if (range.after && range.until) {
      out.after = *range.after - by;
      out.until = *range.until - by;
    }
  } else {
    const int months = (u == "month" ? 1 : u == "quarter" ? 3 : 12) * n;
    // (Day for day: "this month so far" a year back ends on the same day, not on the 1st. The
    // end is exclusive: its last day is moved, then stepped past.)
    out.from = shift_months(range.from, -months);
    out.to = shift_months(range.to - days{1}, -months) + days{1};
    if (range.after && range.until) {  // the same clock times on the moved days
      const auto moved = [&](sys_seconds at) {
        const auto day = floor<days>(at);
        return sys_seconds{shift_months(day, -months)} + (at - day);
      };
      out.after = moved(*range.after);
      out.until = moved(*range.until);
    }
  }
  if (out.after && out.until) {
    out.label =
        "the hours from " + format_instant(*out.after) + " to " + format_instant(*out.until);
    return out;
  }
  const year_month_day from{out.from};
  if (range.grain == "month" && out.to == add_months(out.from, 1) && from.day() == day{1}) {
    return month_range(static_cast<int>(from.year()),
                       static_cast<int>(static_cast<unsigned>(from.month())), range.relative);
  }
  if (range.grain == "year" && out.to == add_months(out.from, 12) && from.day() == day{1} &&
      from.month() == January) {
    return year_range(static_cast<int>(from.year()), range.relative);
  }
  const auto length = out.to - out.from;
  out.label = length.count() == 1 ? format_date(out.from)
                                  : format_date(out.from) + " to " + format_date(out.to - days{1});
  if (range.grain != "month" && range.grain != "year") out.grain = range.grain;
  return out;
}

namespace {

// One calendar day written from `from` on ("18 July", "the 20th of August", "July 18th"), read
// as "on <those words>": the day and how many words it took, or nothing.
std::optional<std::pair<TimeRange, size_t>> one_day_at(const std::vector<std::string>& t,
                                                       size_t from, sys_days as_of) {
  if (from >= t.size()) return std::nullopt;
  const size_t to = std::min(t.size(), from + 5);
  std::vector<std::string> rest = {"on"};
  rest.insert(rest.end(), t.begin() + static_cast<std::ptrdiff_t>(from),
              t.begin() + static_cast<std::ptrdiff_t>(to));
  std::vector<bool> scratch(rest.size(), false);
  scratch[0] = true;
  const auto found = find_time_ranges(rest, scratch, as_of);
  if (found.empty() || found.front().grain != "day" ||
      found.front().to - found.front().from != days{1} || scratch.size() < 2 ||
      !(scratch[1] || (rest[1] == "the" && scratch.size() > 2 && scratch[2]))) {
    return std::nullopt;
  }
  size_t read = 1;
  while (read < scratch.size() && (scratch[read] || (read == 1 && rest[1] == "the"))) ++read;
  return std::make_pair(found.front(), read - 1);
}

}  // namespace

std::vector<TimeRange> find_time_ranges(const std::vector<std::string>& t, std::vector<bool>& used,
                                        sys_days as_of, std::optional<sys_seconds> as_of_instant) {
  std::vector<TimeRange> out;
  const year_month_day today{as_of};
  const int ay = static_cast<int>(today.year());
  const int am = static_cast<int>(static_cast<unsigned>(today.month()));
  const sys_days tomorrow = as_of + days{1};
  auto mark = [&](size_t from, size_t count) {
    for (size_t k = from; k < from + count && k < used.size(); ++k) used[k] = true;
  };
  // Where each period read by `add` starts: "from April 1 on" is read once the period is.
  std::vector<std::pair<size_t, size_t>> starts;  // (index in out, first token)
  // "since July 1", "since March": from the start of that period up to the as-of date.
  auto add = [&](TimeRange r, size_t at) {
    starts.emplace_back(out.size(), at);
    // "since the end of June", "after the end of Q1": from the day after it to the as-of date.
    if (at >= 3 && t[at - 1] == "of" && t[at - 2] == "end") {
      size_t k = at - 3;
      if (t[k] == "the" && k > 0) --k;
      if ((t[k] == "since" || t[k] == "after") && r.to <= as_of) {
        r.label = "since the end of " + r.label;
        r.from = r.to;
        r.to = tomorrow;
        r.grain = "day";
        r.relative = true;
        for (size_t j = k; j < at; ++j) used[j] = true;
        out.push_back(std::move(r));
        return;
      }
    }
    if (at > 0 && t[at - 1] == "since") {
      r.to = tomorrow;
      r.label = "since " + r.label;
      r.relative = true;
      used[at - 1] = true;
    }
    out.push_back(std::move(r));
  };

  for (size_t i = 0; i < t.size(); ++i) {
    if (used[i]) continue;
    // "Q2 vs the same quarter last year", "July against the same month a year ago": the period
    // just named, a year back (read alone, "last year" would be all of the year before).
    if (is(t, i, "same") && !out.empty()) {
      static const std::set<std::string_view> kSpans = {"month", "quarter", "half",  "period",
                                                        "time",  "week",    "weeks", "days",
                                                        "dates", "stretch"};
      const auto year_after = i + 1 < t.size() && kSpans.count(t[i + 1]) > 0
                                  ? relative_year_at(t, i + 2)
                                  : std::nullopt;
      if (year_after && year_after->offset == -1) {
        out.push_back(shifted_back(out.back(), "year", 1));
        mark(i, 2 + year_after->words);
        continue;
      }
    }
    // "since Saturday": from the latest Saturday before today up to the as-of date (a week ago
    // when today is a Saturday).
    if (is(t, i, "since") && i + 1 < t.size()) {
      static const std::array<const char*, 7> kDays = {"sunday",   "monday", "tuesday", "wednesday",
                                                       "thursday", "friday", "saturday"};
      const auto named = std::find_if(kDays.begin(), kDays.end(), [&](const char* d) {
        return t[i + 1] == d || t[i + 1] == std::string(d) + "s";
      });
      if (named != kDays.end()) {
        const auto wanted = static_cast<unsigned>(named - kDays.begin());
        const unsigned now = weekday{as_of}.c_encoding();
        const unsigned back = (now + 7 - wanted) % 7 == 0 ? 7 : (now + 7 - wanted) % 7;
        const sys_days from = as_of - days{back};
        std::string day_name = *named;
        day_name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(day_name[0])));
        out.push_back(
            {from, tomorrow, "since " + day_name + " (" + format_date(from) + ")", "day", true});
        mark(i, 2);
        continue;
      }
    }
    // "last Saturday", "this past Sunday", "on Sunday just gone": that one day, the latest such
    // weekday before today (a week ago when today is that weekday).
    {
      size_t day_at = 0;
      size_t words = 0;
      // ("past Sunday" alone, or "last Sunday"; "this past Sunday" is read from its "this".)
      const bool last_or_past =
          is(t, i, "last") || (is(t, i, "past") && (i == 0 || t[i - 1] != "this"));
      if (last_or_past && i + 1 < t.size() && weekday_index(t[i + 1])) {
        day_at = i + 1;
        words = 2;
      } else if (is(t, i, "this") && i + 2 < t.size() && t[i + 1] == "past" &&
                 weekday_index(t[i + 2])) {
        day_at = i + 2;
        words = 3;
      } else if (weekday_index(t[i]) && i + 2 < t.size() && t[i + 1] == "just" &&
                 t[i + 2] == "gone") {
        day_at = i;
        words = 3;
      }
      if (words != 0) {
        const unsigned wanted = *weekday_index(t[day_at]);
        const unsigned now = weekday{as_of}.c_encoding();
        const unsigned back = (now + 7 - wanted) % 7 == 0 ? 7 : (now + 7 - wanted) % 7;
        const sys_days day = as_of - days{back};
        // ("since last Wednesday": from that day up to the as-of date.)
        if (i > 0 && t[i - 1] == "since" && !used[i - 1]) {
          std::string name = t[day_at];
          if (name.ends_with("s")) name.pop_back();
          name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
          out.push_back(
              {day, tomorrow, "since last " + name + " (" + format_date(day) + ")", "day", true});
          mark(i - 1, words + 1);
          continue;
        }
        out.push_back({day, day + days{1}, format_date(day), "day", true});
        mark(i, words);
        continue;
      }
    }
    // "the week ending 20 August", "the 7 days to 20 August", "the ten days up to the 20th of
    // August": that many days, the named day the last of them.
    {
      size_t n_days = 0;
      size_t at = i;  // the first word after the length
      if (is(t, i, "week") || is(t, i, "fortnight")) {
        n_days = is(t, i, "week") ? 7 : 14;
        at = i + 1;
      } else if (const auto n = small_number(t[i]);
                 n && *n > 0 && *n <= 366 && (is(t, i + 1, "days") || is(t, i + 1, "day"))) {
        n_days = static_cast<size_t>(*n);
        at = i + 2;
      }
      size_t joiner = 0;
      if (n_days > 0 && at < t.size()) {
        if (t[at] == "ending" || t[at] == "ended" || t[at] == "to" || t[at] == "through" ||
            t[at] == "until" || t[at] == "thru") {
          joiner = 1;
        } else if (t[at] == "up" && is(t, at + 1, "to")) {
          joiner = 2;
        }
      }
      if (joiner > 0) {
        const size_t from = at + joiner;
        if (auto day = one_day_at(t, from, as_of)) {
          TimeRange span = day->first;
          span.from = span.to - days{static_cast<int>(n_days)};
          span.label = format_date(span.from) + " to " + format_date(span.to - days{1});
          out.push_back(span);
          mark(i, from - i + day->second);
          continue;
        }
      }
    }
    // "the week commencing 18 July", "the week beginning July 18th", "the week of the 18th of
    // July": seven days from that day (commencing, beginning, starting) or its Monday week (of).
    if (is(t, i, "week") && i + 2 < t.size() &&
        (t[i + 1] == "commencing" || t[i + 1] == "beginning" || t[i + 1] == "starting" ||
         t[i + 1] == "of")) {
      if (auto day = one_day_at(t, i + 2, as_of)) {
        TimeRange week = day->first;
        if (t[i + 1] == "of") {
          const weekday wd{week.from};
          week.from -= days{(wd.iso_encoding() + 6) % 7};
        }
        week.to = week.from + days{7};
        week.label =
            "the week of " + format_date(week.from) + " to " + format_date(week.to - days{1});
        out.push_back(week);
        mark(i, 2 + day->second);
        continue;
      }
    }
    // "the first three weeks of August", "the last 10 days of July", "the first week of June": a
    // part of a named month, counted from its start or back from its end.
    if ((is(t, i, "first") || is(t, i, "last") || is(t, i, "final")) && i + 3 < t.size()) {
      size_t k = i + 1;
      const auto n = small_number(t[k]);
      if (n) ++k;
      const std::string& unit = t[k];
      // ("the first fortnight of July": two weeks.)
      const bool fortnight = unit == "fortnight" && !n;
      const bool week_unit = unit == "week" || unit == "weeks" || fortnight;
      const bool day_unit = unit == "day" || unit == "days";
      if ((week_unit || day_unit) && (fortnight || n.has_value() == (unit.back() == 's')) &&
          k + 2 < t.size() && t[k + 1] == "of") {
        if (auto m = month_index(t[k + 2])) {
          const auto y = k + 3 < t.size() ? year_of(t[k + 3]) : std::nullopt;
          const auto month = month_range(y.value_or(ay), *m, !y.has_value());
          const int length = (fortnight ? 2 : n.value_or(1)) * (week_unit ? 7 : 1);
          TimeRange part = month;
          if (t[i] == "first") {
            part.to = std::min(month.to, month.from + days{length});
          } else {
            part.from = std::max(month.from, month.to - days{length});
          }
          part.grain = "day";
          part.label = format_date(part.from) + " to " + format_date(part.to - days{1});
          out.push_back(part);
          mark(i, k + 3 - i + (y ? 1 : 0));
          continue;
        }
      }
    }
    const bool rel_word = is(t, i, "last") || is(t, i, "past") || is(t, i, "previous");
    const bool this_word = is(t, i, "this") || is(t, i, "current");
    // "last/past N days|weeks|months|quarters"; "the last three complete / full months": whole
    // calendar periods before the current one (months and quarters always are; weeks then are
    // Monday-to-Sunday weeks, not the rolling days).
    if (rel_word && i + 2 < t.size()) {
      if (auto n = small_number(t[i + 1])) {
        static const std::set<std::string_view> kWhole = {"complete", "completed", "full",
                                                          "whole",    "entire",    "finished"};
        const bool whole = i + 3 < t.size() && kWhole.count(t[i + 2]) > 0;
        if (whole) {
          const std::string& unit = t[i + 3];
          if (unit == "weeks" || unit == "week") {
            const auto weekday = year_month_weekday(as_of).weekday().iso_encoding();  // Mon = 1
            const sys_days monday = as_of - days{weekday - 1};
            out.push_back({monday - days{*n * 7}, monday,
                           "the last " + std::to_string(*n) + " complete weeks (" +
                               format_date(monday - days{*n * 7}) + " to " +
                               format_date(monday - days{1}) + ")",
                           "week", true});
            mark(i, 4);
            continue;
          }
          if (unit != "months" && unit != "month" && unit != "quarters" && unit != "quarter") {
            continue;  // "the last 3 full days": not read (left for the question back)
          }
        }
        const std::string& unit = whole ? t[i + 3] : t[i + 2];
        const size_t width = whole ? 4 : 3;
        // "the past 24 hrs": the instants after N hours before the as-of instant, up to it — a
        // day's worth of hours is not yesterday and today.
        if (!whole && (unit == "hours" || unit == "hour") && as_of_instant && *n <= 24 * 31) {
          TimeRange window;
          window.after = *as_of_instant - hours{*n};
          window.until = *as_of_instant;
          window.from = floor<days>(*window.after);
          window.to = floor<days>(*window.until) + days{1};
          window.label = "the last " + std::to_string(*n) + (*n == 1 ? " hour" : " hours");
          window.grain = "hour";
          window.relative = true;
          out.push_back(std::move(window));
          mark(i, 3);
          continue;
        }
        if (unit == "quarters" || unit == "quarter") {
          const int q = (static_cast<int>(am) - 1) / 3;  // the current quarter, 0-based
          const auto start = add_months(first_of_month(ay, q * 3 + 1), -3 * *n);
          out.push_back({start, first_of_month(ay, q * 3 + 1),
                         "the last " + std::to_string(*n) + " quarters", "quarter", true});
          mark(i, width);
          continue;
        }
        if (whole) {  // months
          auto start = add_months(first_of_month(ay, am), -*n);
          out.push_back({start, first_of_month(ay, am),
                         "the last " + std::to_string(*n) + " complete months", "month", true});
          mark(i, width);
          continue;
        }
        if (unit == "days" || unit == "day") {
          out.push_back({as_of - days{*n - 1}, tomorrow, "the last " + std::to_string(*n) + " days",
                         "day", true});
          mark(i, 3);
          continue;
        }
        if (unit == "weeks" || unit == "week") {
          out.push_back({as_of - days{*n * 7 - 1}, tomorrow,
                         "the last " + std::to_string(*n) + " weeks", "day", true});
          mark(i, 3);
          continue;
        }
        if (unit == "months" || unit == "month") {
          auto start = add_months(first_of_month(ay, am), -*n);
          out.push_back({start, first_of_month(ay, am),
                         "the last " + std::to_string(*n) + " months", "month", true});
          mark(i, 3);
          continue;
        }
      }
    }
    // "the last fortnight": the 14 days ending on the as-of date.
    if (rel_word && i + 1 < t.size() && t[i + 1] == "fortnight") {
      out.push_back({as_of - days{13}, tomorrow, "the last 14 days", "day", true});
      mark(i, 2);
      continue;
    }
    if ((rel_word || this_word) && i + 1 < t.size()) {
      const std::string& unit = t[i + 1];
      if (unit == "month") {
        if (rel_word) {
          auto r = month_range(am == 1 ? ay - 1 : ay, am == 1 ? 12 : am - 1, true);
          out.push_back(r);
        } else {
          auto r = month_range(ay, am, true);
          r.to = tomorrow;
          r.label = "this month (" + r.label + " to date)";
          out.push_back(r);
        }
        mark(i, 2);
        continue;
      }
      if (unit == "year") {
        if (rel_word) {
          out.push_back(year_range(ay - 1, true));
        } else {
          auto r = year_range(ay, true);
          r.to = tomorrow;
          r.label = "this year (" + std::to_string(ay) + " to date)";
          out.push_back(r);
        }
        mark(i, 2);
        continue;
      }
      if (unit == "quarter") {
        const int q = (am - 1) / 3 + 1;
        if (rel_word) {
          out.push_back(q == 1 ? quarter_range(ay - 1, 4, true) : quarter_range(ay, q - 1, true));
        } else {
          auto r = quarter_range(ay, q, true);
          r.to = tomorrow;
          r.label = "this quarter (Q" + std::to_string(q) + " " + std::to_string(ay) + " to date)";
          out.push_back(r);
        }
        mark(i, 2);
        continue;
      }
      // "last weekend": the Saturday and Sunday before this week's Monday.
      if (unit == "weekend" && rel_word) {
        const weekday wd{as_of};
        const auto monday = as_of - days{(wd.c_encoding() + 6) % 7};
        out.push_back({monday - days{2}, monday,
                       "last weekend (" + format_date(monday - days{2}) + " to " +
                           format_date(monday - days{1}) + ")",
                       "day", true});
        mark(i, 2);
        continue;
      }
      if (unit == "week") {
        const weekday wd{as_of};
        const auto monday = as_of - days{(wd.c_encoding() + 6) % 7};
        if (is(t, i, "past")) {
          // "the past week": the seven days up to the data's "now" ("last week" is the calendar
          // week before this one).
          out.push_back({as_of - days{6}, tomorrow,
                         "the past 7 days (" + format_date(as_of - days{6}) + " to " +
                             format_date(as_of) + ")",
                         "day", true});
        } else if (rel_word) {
          out.push_back({monday - days{7}, monday,
                         "last week (" + format_date(monday - days{7}) + " to " +
                             format_date(monday - days{1}) + ")",
                         "week", true});
        } else {
          out.push_back({monday, tomorrow, "this week", "week", true});
        }
        mark(i, 2);
        continue;
      }
    }
    // "the 30 days up to and including yesterday", "the 7 days to today", "the 14 days ending
    // yesterday": N calendar days that end on the day named.
    if (is(t, i, "the") && i + 4 < t.size() && small_number(t[i + 1]) &&
        (is(t, i + 2, "days") || is(t, i + 2, "day"))) {
      size_t k = i + 3;
      if (is(t, k, "up") && is(t, k + 1, "to")) {
        k += 2;
      } else if (is(t, k, "to") || is(t, k, "ending") || is(t, k, "through") || is(t, k, "until") ||
                 is(t, k, "till")) {
        k += 1;
      } else {
        k = 0;
      }
      if (k != 0 && is(t, k, "and") && is(t, k + 1, "including")) k += 2;
      if (k != 0 && k < t.size() && (t[k] == "yesterday" || t[k] == "today")) {
        const int n = *small_number(t[i + 1]);
        const sys_days last = t[k] == "yesterday" ? as_of - days{1} : as_of;
        if (n >= 1 && n <= 3660) {
          const sys_days first = last - days{n - 1};
          out.push_back({first, last + days{1},
                         "the " + std::to_string(n) + " days to " + format_date(last) + " (" +
                             format_date(first) + " to " + format_date(last) + ")",
                         "day", true});
          const size_t start = i > 0 && (t[i - 1] == "over" || t[i - 1] == "across") ? i - 1 : i;
          mark(start, k + 1 - start);
          continue;
        }
      }
    }
    // "Saturday the 20th": that weekday's date in the as-of month, or in the month before when
    // the day is still to come — and only if the date is that weekday (else asked back).
    if (weekday_index(t[i]) && i + 2 < t.size() && t[i + 1] == "the" && is_ordinal(t[i + 2]) &&
        std::isdigit(static_cast<unsigned char>(t[i + 2].front())) != 0 &&
        !(i + 3 < t.size() && (month_index(t[i + 3]) || t[i + 3] == "of"))) {
      const unsigned wanted = *weekday_index(t[i]);
      const int day_number = std::atoi(t[i + 2].c_str());
      const year_month_day as_of_date{as_of};
      year_month month = as_of_date.year() / as_of_date.month();
      if (day_number > static_cast<int>(static_cast<unsigned>(as_of_date.day()))) {
        month -= months{1};
      }
      const year_month_day date{month / day{static_cast<unsigned>(day_number)}};
      if (date.ok() && weekday{sys_days{date}}.c_encoding() == wanted) {
        const sys_days start{date};
        out.push_back({start, start + days{1}, format_date(start), "day", true});
        mark(i, 3);
        continue;
      }
    }
    // "the first seven months of the year", "the first 3 months of 2022": January onwards.
    if (is(t, i, "first") && i + 4 < t.size() && is(t, i + 2, "months") && is(t, i + 3, "of")) {
      const int count = small_number(t[i + 1]).value_or(0);
      const bool this_year = is(t, i + 4, "the") && is(t, i + 5, "year");
      const int year = this_year ? ay : year_of(t[i + 4]).value_or(0);
      if (count >= 1 && count <= 12 && year > 0) {
        TimeRange r = month_range(year, 1, this_year);
        r.to = month_range(year, count, this_year).to;
        r.grain = "month";
        r.label = count == 1 ? month_range(year, 1, true).label
                             : "January to " + month_range(year, count, true).label;
        out.push_back(r);
        mark(i, this_year ? 6 : 5);
        continue;
      }
    }
    // The year to date: "year to date", "YTD", "since the start of the year" (read "since the
    // year" once the start is taken as said).
    const size_t to_date_words =
        is(t, i, "ytd") ? 1
        : (is(t, i, "year") && is(t, i + 1, "to") && is(t, i + 2, "date")) ||
                (is(t, i, "since") && is(t, i + 1, "the") && is(t, i + 2, "year"))
            ? 3
            : 0;
    if (to_date_words > 0) {
      auto r = year_range(ay, true);
      r.to = tomorrow;
      r.label = std::to_string(ay) + " to date";
      out.push_back(r);
      mark(i, to_date_words);
      continue;
    }
    if (is(t, i, "yesterday")) {
      out.push_back({as_of - days{1}, as_of, format_date(as_of - days{1}), "day", true});
      mark(i, 1);
      continue;
    }
    if (is(t, i, "today")) {
      out.push_back({as_of, tomorrow, format_date(as_of), "day", true});
      mark(i, 1);
      continue;
    }
    // "the last full week of July", "the first full week of June": the Monday-to-Sunday week
    // wholly inside that month.
    if ((t[i] == "first" || t[i] == "last") && i + 4 < t.size() && t[i + 1] == "full" &&
        t[i + 2] == "week" && t[i + 3] == "of" && month_index(t[i + 4])) {
      std::optional<int> y;
      size_t width = 5;
      if (i + 5 < t.size() && (y = year_of(t[i + 5]))) width = 6;
      const int year = y.value_or(ay);
      const sys_days first = first_of_month(year, *month_index(t[i + 4]));
      const sys_days next = add_months(first, 1);
      sys_days monday;
      if (t[i] == "first") {
        const unsigned iso = weekday{first}.iso_encoding();  // Mon = 1
        monday = first + days{(8 - iso) % 7};
      } else {
        const sys_days last_day = next - days{1};
        const unsigned iso = weekday{last_day}.iso_encoding();
        const sys_days sunday = iso == 7 ? last_day : last_day - days{iso};
        monday = sunday - days{6};
      }
      out.push_back({monday, monday + days{7},
                     format_date(monday) + " to " + format_date(monday + days{6}), "day",
                     !y.has_value()});
      mark(i, width);
      continue;
    }
    // "the first half of July", "the second half of August 2022": days 1-15 and 16 to the end;
    // a bare "the second half" beside a month's first half is that month's.
    if ((t[i] == "first" || t[i] == "second") && i + 1 < t.size() && t[i + 1] == "half") {
      std::optional<int> month;
      std::optional<int> y;
      size_t width = 2;
      if (i + 3 < t.size() && t[i + 2] == "of" && month_index(t[i + 3])) {
        month = month_index(t[i + 3]);
        width = 4;
        if (i + 4 < t.size() && (y = year_of(t[i + 4]))) width = 5;
      } else if (i + 2 >= t.size() || t[i + 2] != "of") {
        for (size_t j = 0; j + 2 < t.size() && !month; ++j) {
          if (j != i + 1 && t[j] == "half" && t[j + 1] == "of" && month_index(t[j + 2])) {
            month = month_index(t[j + 2]);
            if (j + 3 < t.size()) y = year_of(t[j + 3]);
          }
        }
      }
      if (month) {
        const int year = y.value_or(ay);
        const sys_days first = first_of_month(year, *month);
        const sys_days next = add_months(first, 1);
        const bool second = t[i] == "second";
        const sys_days from = second ? first + days{15} : first;
        const sys_days to = second ? next : first + days{15};
        out.push_back({from, to, format_date(from) + " to " + format_date(to - days{1}), "day",
                       !y.has_value()});
        mark(i, width);
        continue;
      }
    }
    // "h1 2022", "first half of 2022", "the second half of the year"
    if ((t[i] == "h1" || t[i] == "h2") ||
        ((t[i] == "first" || t[i] == "second") && i + 1 < t.size() && t[i + 1] == "half")) {
      const int h = (t[i] == "h1" || t[i] == "first") ? 1 : 2;
      size_t used_words = t[i].size() == 2 ? 1 : 2;
      if (i + used_words < t.size() && t[i + used_words] == "of") ++used_words;
      std::optional<int> y;
      if (i + used_words < t.size()) y = year_of(t[i + used_words]);
      if (y) {
        ++used_words;
      } else if (i + used_words + 1 < t.size() && t[i + used_words] == "the" &&
                 t[i + used_words + 1] == "year") {
        used_words += 2;
      } else if (used_words > 1 && t[i + used_words - 1] == "of") {
        --used_words;  // "of" belongs to what follows
      }
      // "the first half of last year", "H1 this year"
      int year_offset = 0;
      if (const auto year_after = y ? std::nullopt : relative_year_at(t, i + used_words)) {
        year_offset = year_after->offset;
        used_words += year_after->words;
      }
      out.push_back(half_range(y.value_or(ay + year_offset), h, !y.has_value()));
      mark(i, used_words);
      continue;
    }
    // "q1 2022", "q3", "first quarter of 2022"
    if (t[i].size() == 2 && t[i][0] == 'q' && t[i][1] >= '1' && t[i][1] <= '4') {
      const int q = t[i][1] - '0';
      auto y = i + 1 < t.size() ? year_of(t[i + 1]) : std::nullopt;
      const auto year_after = y ? std::nullopt : relative_year_at(t, i + 1);
      add(quarter_range(y.value_or(ay + (year_after ? year_after->offset : 0)), q, !y.has_value()),
          i);
      mark(i, y ? 2 : 1 + (year_after ? year_after->words : 0));
      continue;
    }
    // A calendar day: "2022-07-15", "july 15(th) (2022)", "(the) 15(th) (of) july (2022)". A bare
    // number next to a month is a day only when nothing else can be meant: an ordinal, a year
    // after it, the end of the question or a joining word ("june 1 and june 15"); otherwise
    // "top 5 july rentals" would be July 5th.
    if (t[i].size() == 10 && t[i][4] == '-' && t[i][7] == '-') {
      if (auto d = parse_date(t[i])) {
        add({*d, *d + days{1}, format_date(*d), "day", false}, i);
        mark(i, 1);
        continue;
      }
    }
    static const std::array<const char*, 9> kJoins = {"and", "to", "until",  "till", "through",
                                                      "or",  "vs", "versus", "on"};
    const auto joins = [&](size_t k) {
      return k >= t.size() ||
             std::any_of(kJoins.begin(), kJoins.end(), [&](const char* w) { return t[k] == w; });
    };
    // "20-21 August", "20 to 21 aug", "between the 1st and 7th of July": a range of days of
    // one month, days first.
    {
      std::optional<unsigned> d1, d2;
      size_t k = i;
      const auto dash = t[i].find('-');
      if (dash != std::string::npos && dash > 0 && dash + 1 < t[i].size() &&
          t[i].find_first_not_of("0123456789-") == std::string::npos) {
        d1 = day_of_month(t[i].substr(0, dash));
        d2 = day_of_month(t[i].substr(dash + 1));
        k = i + 1;
      } else if (i + 2 < t.size() && day_of_month(t[i]) &&
                 (t[i + 1] == "and" || t[i + 1] == "to" || t[i + 1] == "-" ||
                  t[i + 1] == "through" || t[i + 1] == "until" || t[i + 1] == "till")) {
        const size_t second = t[i + 2] == "the" ? i + 3 : i + 2;  // "the 1st to the 7th"
        if (second < t.size() && day_of_month(t[second])) {
          d1 = day_of_month(t[i]);
          d2 = day_of_month(t[second]);
          k = second + 1;
        }
      }
      if (d1 && d2 && *d1 < *d2 && k < t.size()) {
        if (t[k] == "of" && k + 1 < t.size()) ++k;
        if (auto m = month_index(t[k]); m && !(t[k] == "may" && i > 0 && t[i - 1] == "and")) {
          const auto y = k + 1 < t.size() ? year_of(t[k + 1]) : std::nullopt;
          const bool relative = !y.has_value();
          auto a = day_range(y.value_or(ay), *m, *d1, relative);
          auto b = day_range(y.value_or(ay), *m, *d2, relative);
          if (a && b) {
            out.push_back({a->from, b->to, format_date(a->from) + " to " + format_date(b->from),
                           "day", relative});
            mark(i, k - i + 1 + (y ? 1 : 0));
            continue;
          }
        }
      }
    }
    // "aug 1-7", "july 10-15 2022": a range of days of one month.
    if (auto m = month_index(t[i]); m && i + 1 < t.size()) {
      const auto& w = t[i + 1];
      const auto dash = w.find('-');
      if (dash != std::string::npos && dash > 0 && dash + 1 < w.size() &&
          w.find_first_not_of("0123456789-") == std::string::npos) {
        const auto d1 = day_of_month(w.substr(0, dash));
        const auto d2 = day_of_month(w.substr(dash + 1));
        const std::optional<int> named_year = i + 2 < t.size() ? year_of(t[i + 2]) : std::nullopt;
        const bool relative = !named_year.has_value();
        const int year_value = relative ? ay : *named_year;
        if (d1 && d2 && *d1 <= *d2) {
          auto a = day_range(year_value, *m, *d1, relative);
          auto b = day_range(year_value, *m, *d2, relative);
          if (a && b) {
            out.push_back({a->from, b->to, format_date(a->from) + " to " + format_date(b->from),
                           "day", relative});
            mark(i, relative ? 2 : 3);
            continue;
          }
        }
      }
    }
    if (auto m = month_index(t[i]); m && i + 1 < t.size()) {
      if (auto d = day_of_month(t[i + 1])) {
        const auto y = i + 2 < t.size() ? year_of(t[i + 2]) : std::nullopt;
        // "since July 1, rentals …": after a preposition of time the number is the day, not a
        // count of what follows.
        // ("Sat Aug 20", "Aug 20 vs Aug 21": a weekday before it, or a comparison, dates it too.)
        const bool dated =
            i > 0 && (t[i - 1] == "since" || t[i - 1] == "on" || t[i - 1] == "from" ||
                      t[i - 1] == "until" || t[i - 1] == "till" || t[i - 1] == "before" ||
                      t[i - 1] == "after" || t[i - 1] == "vs" || t[i - 1] == "versus" ||
                      t[i - 1] == "against" || weekday_or_short(t[i - 1]).has_value());
        // ("aug 1 - my shop's rentals?", "July 5: payments": a date that opens the question.)
        const bool opens = i == 0 || (i == 1 && weekday_or_short(t[0]).has_value());
        if (y || is_ordinal(t[i + 1]) || joins(i + 2) || dated || opens) {
          if (auto r = day_range(y.value_or(ay), *m, *d, !y.has_value())) {
            add(*r, i);
            mark(i, y ? 3 : 2);
            continue;
          }
        }
      }
    }
    if (auto d = day_of_month(t[i]); d && i + 1 < t.size()) {
      size_t k = i + 1;
      if (t[k] == "of" && k + 1 < t.size()) ++k;
      if (auto m = month_index(t[k])) {
        const auto y = k + 1 < t.size() ? year_of(t[k + 1]) : std::nullopt;
        // ("Saturday 20 August": a weekday before the date names it as well — when it is that
        // date's weekday; "Monday 21 August", a Sunday, is left unread and so asked about.)
        const int year_number = y.has_value() ? y.value() : ay;
        const auto named_weekday = i > 0 ? weekday_or_short(t[i - 1]) : std::nullopt;
        bool weekday_fits = false;
        if (named_weekday) {
          if (auto date = day_range(year_number, *m, *d, !y.has_value())) {
            weekday_fits = weekday{date->from}.c_encoding() == *named_weekday;
          }
        }
        // (A day and month opening the question, "20 Aug vs 21 Aug", can be nothing else.)
        const bool after_preposition =
            i == 0 ||
            (t[i - 1] == "on" || t[i - 1] == "the" || t[i - 1] == "from" || t[i - 1] == "between" ||
             t[i - 1] == "since" || joins(i - 1) || weekday_fits);
        if (y || is_ordinal(t[i]) || after_preposition) {
          if (auto r = day_range(year_number, *m, *d, !y.has_value())) {
            // (The weekday that names the date is part of it: read once, not as a filter too.)
            const size_t start = weekday_fits ? i - 1 : i;
            add(*r, start);
            mark(start, k - start + 1 + (y ? 1 : 0));
            continue;
          }
        }
      }
    }
    // month names: "july 2022", "in july", "jun"; "may" only with a year or after "in"
    if (auto m = month_index(t[i])) {
      auto y = i + 1 < t.size() ? year_of(t[i + 1]) : std::nullopt;
      const bool prepositioned =
          i > 0 &&
          (t[i - 1] == "in" || t[i - 1] == "for" || t[i - 1] == "during" || t[i - 1] == "of" ||
           t[i - 1] == "and" || t[i - 1] == "vs" || t[i - 1] == "versus" || t[i - 1] == "to" ||
           t[i - 1] == "from" || t[i - 1] == "since" || t[i - 1] == "through" ||
           t[i - 1] == "thru" || t[i - 1] == "until" || t[i - 1] == "till" || t[i - 1] == "-" ||
           t[i - 1] == "against" || t[i - 1] == "with" || t[i - 1] == "than");
      // "May revenue", "May vs June": the month when a figure or a comparison follows (the
      // verb "may" is followed by a verb or a pronoun: "may I see", "we may need").
      static const std::set<std::string_view> kMonthBefore = {
          "revenue",   "rentals",  "rental",  "sales",   "payments", "payment", "takings",
          "customers", "figures",  "numbers", "totals",  "total",    "income",  "earnings",
          "turnover",  "vs",       "versus",  "against", "compared", "through", "till",
          "until",     "thru",     "results", "report",  "numbers",  "figure",  "stats",
          "compare",   "compares", "stack",   "stacks",  "shape"};
      const bool names_the_month =
          (i + 1 < t.size() && kMonthBefore.count(t[i + 1]) > 0) ||
          (i > 0 && (t[i - 1] == "last" || t[i - 1] == "between" || t[i - 1] == "early" ||
                     t[i - 1] == "late" || t[i - 1] == "mid" || t[i - 1] == "end" ||
                     // "how did May compare", "how was May": no verb "may" after these
                     t[i - 1] == "did" || t[i - 1] == "does" || t[i - 1] == "was"));
      const auto year_after = y ? std::nullopt : relative_year_at(t, i + 1);
      // ("April, May and June": a month in a list of months — the commas are gone.)
      const bool month_listed =
          (i > 0 && month_index(t[i - 1]).has_value()) ||
          (i + 1 < t.size() && t[i + 1] != "may" && month_index(t[i + 1]).has_value()) ||
          (i + 2 < t.size() && (t[i + 1] == "and" || t[i + 1] == "or") &&
           month_index(t[i + 2]).has_value());
      // ("May: average payment by staff member": the month that opens the question, unless a
      // person follows — "may I see …", "may we …".)
      static const std::set<std::string_view> kAsked = {"i",   "we",  "you", "they",    "he",
                                                        "she", "one", "me",  "someone", "somebody"};
      const bool opens = i == 0 && (i + 1 >= t.size() || kAsked.count(t[i + 1]) == 0);
      // ("late returns, may, per store": between figures and a breakdown it is the month too —
      // the verb has a subject before it or a verb after it: "that may be", "you may want".)
      static const std::set<std::string_view> kBeforeVerb = {
          "i",   "we",   "you",   "they",  "he",    "she", "it",      "that",     "this", "which",
          "who", "what", "there", "these", "those", "one", "someone", "somebody", "how"};
      static const std::set<std::string_view> kAfterVerb = {
          "i",     "we",   "you",     "be",       "have",    "not",  "also", "need",
          "want",  "see",  "get",     "ask",      "know",    "show", "help", "well",
          "still", "just", "differ",  "include",  "contain", "seem", "look", "come",
          "go",    "use",  "take",    "give",     "find",    "they", "he",   "she",
          "it",    "one",  "someone", "somebody", "me",      "us"};
      const bool verb_may = (i > 0 && kBeforeVerb.count(t[i - 1]) > 0) ||
                            (i + 1 < t.size() && kAfterVerb.count(t[i + 1]) > 0);
      if (t[i] == "may" && !y && !prepositioned && !names_the_month && !year_after &&
          !month_listed && !opens && verb_may) {
        continue;
      }
      const int year_offset = year_after.has_value() ? year_after.value().offset : 0;
      const size_t year_words = year_after.has_value() ? year_after.value().words : 0;
      add(month_range(y.value_or(ay + year_offset), *m, !y.has_value()), i);
      mark(i, y ? 2 : 1 + year_words);
      continue;
    }
    if (auto y = year_of(t[i])) {
      add(year_range(*y, false), i);
      mark(i, 1);
      continue;
    }
  }
  // "from April 1 on", "from July onwards": from the start of that period up to the as-of date,
  // as "since" reads it ("from July 4 on at store 1" too; "from July 4 on July 6" is no such).
  static const std::set<std::string_view> kOnward = {"on", "onward", "onwards", "forward",
                                                     "forwards"};
  for (const auto& [index, at] : starts) {
    if (at == 0 || t[at - 1] != "from" || used[at - 1] || index >= out.size()) continue;
    size_t end = at;
    while (end < t.size() && used[end]) ++end;
    if (end >= t.size() || kOnward.count(t[end]) == 0) continue;
    const bool dated_after =
        end + 1 < t.size() &&
        (month_index(t[end + 1]) || weekday_or_short(t[end + 1]) ||
         std::isdigit(static_cast<unsigned char>(t[end + 1][0])) != 0 || t[end + 1] == "the");
    if (dated_after || out[index].from > as_of) continue;
    out[index].to = tomorrow;
    out[index].label = "since " + out[index].label;
    out[index].grain = "day";
    out[index].relative = true;
    used[at - 1] = used[end] = true;
  }
  // "H2 so far", "Q3 to date", "August so far": a period still under way ends at the as-of date.
  for (size_t i = 0; i + 1 < t.size(); ++i) {
    const bool so_far = (t[i] == "so" && t[i + 1] == "far") || (t[i] == "to" && t[i + 1] == "date");
    if (!so_far) continue;
    bool cut = false;
    for (auto& r : out) {
      if (r.from <= as_of && as_of < r.to && r.to > tomorrow) {
        r.to = tomorrow;
        r.label += " to date";
        r.relative = true;
        cut = true;
      } else if (i > 0 && t[i - 1] == "year" && r.grain == "year" && r.to <= as_of &&
                 r.to == add_months(r.from, 12)) {
        // "last year to date": that year up to the same day as today, not all of it.
        const int back = static_cast<int>(year_month_day{as_of}.year()) -
                         static_cast<int>(year_month_day{r.from}.year());
        r.to = shift_months(as_of, -12 * back) + days{1};
        r.label += " to " + format_date(r.to - days{1});
        r.relative = true;
        cut = true;
      }
    }
    if (cut) mark(i, 2);
  }
  // "the week of July 4 vs the following week", "May and the next month": the period after the
  // one named (when exactly one period of that unit was named; alone, "the next week" is the
  // future, and stays unread).
  for (size_t i = 1; i + 1 < t.size(); ++i) {
    if (used[i] || used[i + 1] || t[i - 1] != "the" || (t[i] != "following" && t[i] != "next")) {
      continue;
    }
    const std::string& unit = t[i + 1];
    if (unit != "day" && unit != "week" && unit != "month" && unit != "quarter" && unit != "year") {
      continue;
    }
    std::optional<TimeRange> named;
    size_t count = 0;
    for (const auto& r : out) {
      // ("the week of July 4" is seven days from a Monday, whatever grain its phrase gave it.)
      if (r.grain == unit || (unit == "week" && r.to - r.from == days{7}) ||
          (unit == "day" && r.to - r.from == days{1})) {
        named = r;
        ++count;
      }
    }
    if (count != 1) continue;
    out.push_back(shifted_back(*named, unit, -1));
    mark(i - 1, 3);
  }
  // "Sat 20 Aug", "Sunday, August 21": a weekday said before the date it is — one day, said
  // twice. (A weekday the date is not stays unread, and so is asked back.)
  for (size_t i = 0; i + 1 < t.size(); ++i) {
    const size_t date_at = t[i + 1] == "," && i + 2 < t.size() ? i + 2 : i + 1;
    if (used[i] || !used[date_at]) continue;
    const auto named = weekday_or_short(t[i]);
    if (!named) continue;
    const bool that_day = std::any_of(out.begin(), out.end(), [&](const TimeRange& r) {
      return r.to - r.from == days{1} && weekday{r.from}.c_encoding() == *named;
    });
    if (that_day) mark(i, date_at - i);
  }
  return out;
}

}  // namespace copilot::planning
