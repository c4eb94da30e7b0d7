#include "copilot/planning/conditions.hpp"
#include <algorithm>

#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <set>

#include "common/text/numbers.hpp"
#include "copilot/planning/lexicon.hpp"

namespace copilot::planning {
namespace {

using Tokens = std::vector<std::string>;

struct Comparator {
  std::vector<std::string> words;
  std::string op;
  std::string attribute;  // what the comparative itself names ("longer" → length)
};

const std::vector<Comparator>& comparators() {
  static const std::vector<Comparator> kComparators = [] {
    std::vector<Comparator> c = {
        {{"in", "excess", "of"}, ">", ""},
        {{"more", "expensive", "than"}, ">", "price"},
        {{"less", "expensive", "than"}, "<", "price"},
        {{"no", "less", "than"}, ">=", ""},
        {{"not", "less", "than"}, ">=", ""},
        {{"no", "fewer", "than"}, ">=", ""},
        {{"no", "more", "than"}, "<=", ""},
        {{"not", "more", "than"}, "<=", ""},
        // "no longer than", "not over": the negated comparative is the inclusive opposite.
        {{"no", "longer", "than"}, "<=", "length"},
        {{"not", "longer", "than"}, "<=", "length"},
        {{"no", "shorter", "than"}, ">=", "length"},
        {{"not", "shorter", "than"}, ">=", "length"},
        {{"no", "cheaper", "than"}, ">=", "price"},
        {{"not", "cheaper", "than"}, ">=", "price"},
        {{"no", "more", "expensive", "than"}, "<=", "price"},
        {{"not", "more", "expensive", "than"}, "<=", "price"},
        {{"no", "pricier", "than"}, "<=", "price"},
        {{"no", "dearer", "than"}, "<=", "price"},
        {{"no", "greater", "than"}, "<=", ""},
        {{"no", "higher", "than"}, "<=", ""},
        {{"no", "bigger", "than"}, "<=", ""},
        {{"no", "lower", "than"}, ">=", ""},
        {{"no", "smaller", "than"}, ">=", ""},
        {{"not", "over"}, "<=", ""},
        {{"not", "above"}, "<=", ""},
        {{"not", "exceeding"}, "<=", ""},
        {{"not", "under"}, ">=", ""},
        {{"not", "below"}, ">=", ""},
        {{"more", "than"}, ">", ""},
        {{"greater", "than"}, ">", ""},
        {{"higher", "than"}, ">", ""},
        {{"larger", "than"}, ">", ""},
        {{"bigger", "than"}, ">", ""},
        {{"upwards", "of"}, ">", ""},
        {{"north", "of"}, ">", ""},
        {{"at", "least"}, ">=", ""},
        {{"minimum", "of"}, ">=", ""},
        {{"less", "than"}, "<", ""},
        {{"fewer", "than"}, "<", ""},
        {{"lower", "than"}, "<", ""},
        {{"smaller", "than"}, "<", ""},
        {{"at", "most"}, "<=", ""},
        {{"up", "to"}, "<=", ""},
        {{"maximum", "of"}, "<=", ""},
        {{"equal", "to"}, "=", ""},
        {{"longer", "than"}, ">", "length"},
        {{"shorter", "than"}, "<", "length"},
        {{"cheaper", "than"}, "<", "price"},
        {{"pricier", "than"}, ">", "price"},
        {{"costlier", "than"}, ">", "price"},
        {{"dearer", "than"}, ">", "price"},
        {{"over"}, ">", ""},
        {{"within"}, "<=", ""},
        {{"above"}, ">", ""},
        {{"exceeding"}, ">", ""},
        {{"exceeds"}, ">", ""},
        {{"exceed"}, ">", ""},
        {{"beyond"}, ">", ""},
        {{">"}, ">", ""},
        {{">="}, ">=", ""},
        {{"under"}, "<", ""},
        {{"below"}, "<", ""},
        {{"beneath"}, "<", ""},
        {{"<"}, "<", ""},
        {{"<="}, "<=", ""},
        {{"exactly"}, "=", ""},
        {{"precisely"}, "=", ""},
        {{"equals"}, "=", ""},
        {{"="}, "=", ""},
    };
    return c;
  }();
  return kComparators;
}

// "or more", "+", "and up": a comparison written after its number.
const std::vector<Comparator>& postfixes() {
  static const std::vector<Comparator> kPostfix = {{{"or", "more"}, ">=", ""},
                                                   {{"or", "over"}, ">=", ""},
                                                   {{"or", "above"}, ">=", ""},
                                                   {{"or", "higher"}, ">=", ""},
                                                   {{"or", "longer"}, ">=", "length"},
                                                   {{"and", "up"}, ">=", ""},
                                                   {{"and", "above"}, ">=", ""},
                                                   {{"and", "over"}, ">=", ""},
                                                   {{"or", "less"}, "<=", ""},
                                                   {{"or", "fewer"}, "<=", ""},
                                                   {{"or", "under"}, "<=", ""},
                                                   {{"or", "below"}, "<=", ""},
                                                   {{"or", "lower"}, "<=", ""},
                                                   {{"or", "shorter"}, "<=", "length"},
                                                   {{"or", "cheaper"}, "<=", ""},
                                                   {{"or", "pricier"}, ">=", ""},
                                                   {{"or", "dearer"}, ">=", ""},
                                                   {{"and", "under"}, "<=", ""},
                                                   {{"and", "below"}, "<=", ""},
                                                   {{"+"}, ">=", ""},
                                                   {{"plus"}, ">=", ""}};
  return kPostfix;
}

bool words_at(const Tokens& t, const std::vector<bool>& used, size_t at,
              const std::vector<std::string>& words) {
  if (at + words.size() > t.size()) return false;
  for (size_t k = 0; k < words.size(); ++k) {
    if (used[at + k] || t[at + k] != words[k]) return false;
  }
  return true;
}

struct Unit {
  std::string name;   // minutes | currency | days | percent | times
  double factor = 1;  // to the unit's base (hours → 60 minutes, cents → 0.01 dollars)
};

std::optional<Unit> unit_word(const std::string& w) {
  if (w == "hours" || w == "hour" || w == "hrs" || w == "hr" || w == "h")
    return Unit{"minutes", 60};
  if (w == "minutes" || w == "minute" || w == "mins" || w == "min" || w == "m") {
    return Unit{"minutes", 1};
  }
  if (w == "dollars" || w == "dollar" || w == "bucks" || w == "buck" || w == "usd") {
    return Unit{"currency", 1};
  }
  if (w == "cents" || w == "cent" || w == "c" || w == "\xC2\xA2") return Unit{"currency", 0.01};
  if (w == "days" || w == "day") return Unit{"days", 1};
  if (w == "weeks" || w == "week") return Unit{"days", 7};
  if (w == "percent") return Unit{"percent", 1};
  if (w == "times" || w == "time") return Unit{"times", 1};
  return std::nullopt;
}

// A number with its unit starting at `at`: "$5", "5 dollars", "2 hours", "90min", "an hour",
// "1.5 hours", "an hour and a half", "2 hours 30 minutes", "99 cents". Returns the value in the
// unit's base and the index after it.
struct Amount {
  double value = 0;
  std::string unit;
  size_t end = 0;
};

std::optional<Amount> read_amount(const Tokens& t, const std::vector<bool>& used, size_t at) {
  if (at >= t.size() || used[at]) return std::nullopt;
  size_t i = at;
  bool dollar_sign = false;
  if (t[i] == "$") {
    dollar_sign = true;
    ++i;
  }
  if (i >= t.size() || used[i]) return std::nullopt;
  std::optional<double> number;
  std::optional<Unit> unit;
  if (auto n = number_value(t[i])) {
    number = *n;
    ++i;
  } else if ((t[i] == "a" || t[i] == "an" || t[i] == "one") && i + 1 < t.size() &&
             unit_word(t[i + 1]) && t[i + 1] != "m" && t[i + 1] != "h" && t[i + 1] != "c") {
    number = 1;
    ++i;
  } else if (t[i] == "half" && i + 2 < t.size() && (t[i + 1] == "an" || t[i + 1] == "a") &&
             (t[i + 2] == "hour" || t[i + 2] == "dollar")) {
    number = 0.5;
    i += 2;
  } else {
    // "90min", "2hrs", "5usd", "99c", "5k": digits with a unit glued on.
    const auto& w = t[i];
    size_t digits = 0;
    while (digits < w.size() && ((w[digits] >= '0' && w[digits] <= '9') || w[digits] == '.')) {
      ++digits;
    }
    if (digits == 0 || digits == w.size()) return std::nullopt;
    auto glued = number_value(w.substr(0, digits));
    if (!glued) return std::nullopt;
    auto suffix = w.substr(digits);
    // "3-day", "2-hour", "90-minute": the hyphen of a compound adjective.
    if (suffix.size() > 1 && suffix[0] == '-' && unit_word(suffix.substr(1))) {
      suffix = suffix.substr(1);
    }
    if (suffix == "k") {
      number = *glued * 1000;
    } else if (auto u = unit_word(suffix)) {
      number = *glued;
      unit = u;
    } else {
      return std::nullopt;
    }
    ++i;
  }
  // "two and a half hours": the half before the unit.
  bool half_before_unit = false;
  if (!unit && i + 3 < t.size() && t[i] == "and" && t[i + 1] == "a" && t[i + 2] == "half" &&
      unit_word(t[i + 3]) && !used[i + 3]) {
    half_before_unit = true;
    i += 3;
  }
  if (!unit && i < t.size() && !used[i]) {
    if (auto u = unit_word(t[i])) {
      // A bare "m"/"h"/"c" is a unit only right after a number.
      unit = u;
      ++i;
    }
  }
  double value = *number + (half_before_unit ? 0.5 : 0.0);
  // "and a half", "an hour and a quarter", "2 hours 30 minutes"
  if (unit && i + 2 < t.size() && t[i] == "and" && t[i + 1] == "a" && t[i + 2] == "half") {
    value += 0.5;
    i += 3;
  } else if (unit && i + 2 < t.size() && t[i] == "and" && t[i + 1] == "a" &&
             t[i + 2] == "quarter") {
    value += 0.25;
    i += 3;
  } else if (unit && i + 2 < t.size() && t[i] == "and" && t[i + 1] == "three" &&
             t[i + 2] == "quarters") {
    value += 0.75;
    i += 3;
  }
  if (unit && unit->name == "minutes" && unit->factor == 60 && i < t.size()) {
    size_t k = i;
    if (t[k] == "and" && k + 1 < t.size()) ++k;
    if (auto m = k < t.size() ? number_value(t[k]) : std::nullopt;
        m && k + 1 < t.size() && unit_word(t[k + 1]) && unit_word(t[k + 1])->factor == 1 &&
        unit_word(t[k + 1])->name == "minutes") {
      value = value * 60 + *m;
      unit = Unit{"minutes", 1};
      i = k + 2;
      return Amount{value, "minutes", i};
    }
  }
  if (dollar_sign) {
    if (unit && unit->name != "currency") return std::nullopt;
    return Amount{value, "currency", i};
  }
  if (unit) return Amount{value * unit->factor, unit->name, i};
  return Amount{value, "", i};
}

std::string join(const Tokens& t, size_t begin, size_t end) {
  std::string out;
  for (size_t k = begin; k < end; ++k) out += (out.empty() ? "" : " ") + t[k];
  return out;
}

}  // namespace

std::vector<Condition> find_conditions(const Tokens& t, std::vector<bool>& used) {
  std::vector<Condition> out;
  const auto mark = [&](size_t begin, size_t end) {
    for (size_t k = begin; k < end; ++k) used[k] = true;
  };
  for (size_t i = 0; i < t.size(); ++i) {
    if (used[i]) continue;
    // "between 1 and 3 dollars", "between $1 and $3", "between 90 and 120 minutes"
    if (t[i] == "between") {
      auto low = read_amount(t, used, i + 1);
      if (low && low->end < t.size() && (t[low->end] == "and" || t[low->end] == "to")) {
        auto high = read_amount(t, used, low->end + 1);
        if (high) {
          std::string unit = !high->unit.empty() ? high->unit : low->unit;
          double lo = low->value;
          // "between 1 and 2 hours": the unit written once applies to both.
          if (low->unit.empty() && !high->unit.empty()) {
            const double factor = high->unit == "minutes" && t[high->end - 1].starts_with("h")
                                      ? 60
                                      : (t[high->end - 1] == "cents" ? 0.01 : 1);
            lo *= factor;
          }
          if (!low->unit.empty() && !high->unit.empty() && low->unit != high->unit) continue;
          out.push_back({i, high->end, "between", std::min(lo, high->value),
                         std::max(lo, high->value), unit, "", join(t, i, high->end)});
          mark(i, high->end);
          i = high->end - 1;
          continue;
        }
      }
    }
    // "films running 100 to 140 minutes", "from $1 to $3", "1h40 to 2h20": a range said with
    // "to" — read only with a unit, so that days of a month ("10 to 20 July") stay periods.
    // (Only after a word that sets a condition up: "…, under an hour, one to two hours" lists
    // bands, and "the films' rental period, 3 to 7 days" says what the rows range over.)
    static const std::set<std::string> kLeadIn = {
        "running", "lasting", "run",    "runs",     "last",    "lasts",  "for",     "of",
        "films",   "movies",  "titles", "payments", "costing", "cost",   "costs",   "priced",
        "at",      "paid",    "rent",   "rents",    "renting", "kept",   "amounts", "with",
        "are",     "is",      "were",   "was",      "length",  "lengths"};
    const bool led_in = t[i] == "from" || (i > 0 && kLeadIn.count(t[i - 1]) > 0);
    if (led_in && (number_value(t[i]) || t[i] == "from" || t[i].front() == '$' ||
                   std::isdigit(static_cast<unsigned char>(t[i].front())) != 0)) {
      const size_t start = t[i] == "from" ? i + 1 : i;
      auto low = read_amount(t, used, start);
      if (low && low->end + 1 < t.size() && t[low->end] == "to" && !used[low->end]) {
        auto high = read_amount(t, used, low->end + 1);
        if (high && !high->unit.empty() && (low->unit.empty() || low->unit == high->unit) &&
            high->end > low->end + 1) {
          double lo = low->value;
          if (low->unit.empty()) {
            lo *= high->unit == "minutes" && t[high->end - 1].starts_with("h")
                      ? 60
                      : (t[high->end - 1] == "cents" ? 0.01 : 1);
          }
          size_t end = high->end;
          // ("…, inclusive": both ends are in a range already.)
          if (end < t.size() && (t[end] == "inclusive" || t[end] == "inclusively")) ++end;
          out.push_back({i, end, "between", std::min(lo, high->value), std::max(lo, high->value),
                         high->unit, "", join(t, i, end)});
          mark(i, end);
          i = end - 1;
          continue;
        }
      }
    }
    bool matched = false;
    for (const auto& c : comparators()) {
      if (!words_at(t, used, i, c.words)) continue;
      // "payments that added up to $60 or more": what they came to, not "at most $60" (the
      // comparison, if any, follows the amount).
      if (c.words.size() == 2 && c.words[0] == "up" && i > 0 &&
          (t[i - 1] == "added" || t[i - 1] == "add" || t[i - 1] == "adds" ||
           t[i - 1] == "adding")) {
        continue;
      }
      auto amount = read_amount(t, used, i + c.words.size());
      if (!amount) continue;
      // "came back within three days": a number of days kept; "within 2 days of the due date"
      // is measured from another point in time, not read here.
      // ("rentals within 7 days", with no word of returning, could as well be a period: left
      // unread, and so asked about.)
      const bool returning = std::any_of(t.begin(), t.end(), [](const std::string& w) {
        return w == "back" || w == "returned" || w == "return" || w == "returns" || w == "kept" ||
               w == "keep";
      });
      // ("returned within 48 hours": two days kept, not a film's running time.)
      if (c.words.size() == 1 && c.words[0] == "within" && amount->unit == "minutes" && returning) {
        amount->unit = "days";
        amount->value /= 1440.0;
      }
      if (c.words.size() == 1 && c.words[0] == "within" &&
          (amount->unit != "days" || (amount->end < t.size() && t[amount->end] == "of") ||
           !returning)) {
        continue;
      }
      out.push_back({i, amount->end, c.op, amount->value, 0, amount->unit, c.attribute,
                     join(t, i, amount->end)});
      mark(i, amount->end);
      i = amount->end - 1;
      matched = true;
      break;
    }
    if (matched) continue;
    // A number followed by its comparison: "30 or more rentals", "30+ times", "2 hours or longer"
    if (auto amount = read_amount(t, used, i)) {
      for (const auto& c : postfixes()) {
        if (!words_at(t, used, amount->end, c.words)) continue;
        const size_t end = amount->end + c.words.size();
        // "30+ times": a unit may follow the postfix.
        std::string unit = amount->unit;
        size_t stop = end;
        if (unit.empty() && end < t.size() && !used[end]) {
          if (auto u = unit_word(t[end]); u && t[end].size() > 1) {
            unit = u->name;
            amount->value *= u->factor;
            stop = end + 1;
          }
        }
        out.push_back({i, stop, c.op, amount->value, 0, unit, c.attribute, join(t, i, stop)});
        mark(i, stop);
        i = stop - 1;
        break;
      }
    }
  }
  // "longer than 2 hours but shorter than 3", "over $2 and under 4": a bare bound joined to one
  // written with its unit is in that unit (read alone, "3" would be three minutes).
  for (size_t k = 1; k < out.size(); ++k) {
    Condition& c = out[k];
    const Condition& before = out[k - 1];
    if (!c.unit.empty() || before.unit.empty() || before.unit == "times") continue;
    if (!c.attribute.empty() && !before.attribute.empty() && c.attribute != before.attribute) {
      continue;
    }
    static const std::set<std::string> kJoins = {"and", "but", "or", ",", "yet", "though"};
    bool joined = c.begin > before.end && c.begin - before.end <= 2;
    for (size_t j = before.end; joined && j < c.begin; ++j) joined = kJoins.count(t[j]) > 0;
    if (!joined) continue;
    // The factor of the unit as the first bound wrote it ("hours" → 60, "cents" → 0.01).
    const std::string& last = t[before.end - 1];
    auto written = unit_word(last);
    if (const auto digits = last.find_first_not_of("0123456789.");
        !written && digits != std::string::npos && digits > 0) {
      written = unit_word(last.substr(digits));  // "2hrs", "99c"
    }
    const double factor = written && written->name == before.unit ? written->factor : 1;
    c.value *= factor;
    c.value2 *= factor;
    c.unit = before.unit;
  }
  return out;
}

std::optional<Condition> read_equality(const Tokens& t, const std::vector<bool>& used, size_t at) {
  auto amount = read_amount(t, used, at);
  if (!amount) return std::nullopt;
  // "the last 2 quarters", "lasts 3 months": a count of calendar periods is time, never an
  // attribute's value (film length is not 2 because "last" is one of its words).
  static const std::set<std::string> kPeriods = {
      "months", "month",  "quarters", "quarter",  "qtrs", "qtr",   "years",    "year",
      "halves", "decade", "decades",  "complete", "full", "whole", "previous", "straight"};
  if (amount->end < t.size() && kPeriods.count(t[amount->end]) > 0) return std::nullopt;
  // "in the last 24 hours", "over the past 90 minutes": a window of time before now, not a film
  // that runs that long.
  if (at > 0 && (t[at - 1] == "last" || t[at - 1] == "past" || t[at - 1] == "previous" ||
                 t[at - 1] == "next" || t[at - 1] == "first")) {
    return std::nullopt;
  }
  return Condition{at, amount->end,  "=", amount->value,
                   0,  amount->unit, "",  join(t, at, amount->end)};
}

std::string describe_condition(const Condition& c, const std::string& label) {
  // A year is a name, not an amount: "release year 2006", never "exactly 2,006".
  const bool year = label.ends_with("year") && std::floor(c.value) == c.value;
  const auto number = [&](double v) {
    if (year) return std::to_string(static_cast<long long>(v));
    std::string text = c.unit == "currency" ? "$" + common::text::grouped_number(v, 2)
                       : std::floor(v) == v ? common::text::grouped_number(v, 0)
                                            : common::text::grouped_number(v, 2);
    if (c.unit == "minutes") text += " minutes";
    if (c.unit == "days") text += " days";
    if (c.unit == "percent") text += "%";
    return text;
  };
  const std::string op = c.op == ">"    ? "over"
                         : c.op == ">=" ? "at least"
                         : c.op == "<"  ? "under"
                         : c.op == "<=" ? "at most"
                         : c.op == "="  ? "exactly"
                                        : "between";
  if (c.op == "between") return label + " between " + number(c.value) + " and " + number(c.value2);
  if (year && c.op == "=") return label + " " + number(c.value);
  return label + " " + op + " " + number(c.value);
}

}  // namespace copilot::planning
