#include "copilot/narration/narration.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>

#include "common/text/numbers.hpp"
#include "copilot/core/ranking_ties.hpp"
#include "copilot/planning/time_phrases.hpp"

namespace copilot::narration {
namespace {

using nlohmann::json;

constexpr std::array<const char*, 12> kMonthNames = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

bool is_numeric_type(const std::string& type) {
  return type == "int2" || type == "int4" || type == "int8" || type == "numeric" ||
         type == "float4" || type == "float8";
}

std::optional<double> number_of(const json& cell) {
  if (cell.is_number()) return cell.get<double>();
  if (cell.is_string()) {
    try {
      size_t used = 0;
      const auto text = cell.get<std::string>();
      const double v = std::stod(text, &used);
      if (used == text.size()) return v;
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

// "2022-07-15" → "July 15, 2022"; "2022-07" or a month's first day with grain month → "July 2022".
std::string date_words(const std::string& iso, const std::string& grain = "day") {
  int y = 0, m = 0, d = 0;
  if (std::sscanf(iso.c_str(), "%4d-%2d-%2d", &y, &m, &d) < 2 || m < 1 || m > 12) return iso;
  if (grain == "month") return std::string(kMonthNames[m - 1]) + " " + std::to_string(y);
  if (grain == "quarter") return "Q" + std::to_string((m - 1) / 3 + 1) + " " + std::to_string(y);
  if (grain == "year") return std::to_string(y);
  if (d == 0) return std::string(kMonthNames[m - 1]) + " " + std::to_string(y);
  const std::string day =
      std::string(kMonthNames[m - 1]) + " " + std::to_string(d) + ", " + std::to_string(y);
  return grain == "week" ? "the week of " + day : day;
}

// Period labels with ISO dates in them ("2022-06-01 to 2022-06-15", "since 2022-07-01") in words.
std::string label_words(std::string label) {
  for (size_t at = 0; at + 10 <= label.size(); ++at) {
    if (std::isdigit(static_cast<unsigned char>(label[at])) && label[at + 4] == '-' &&
        label[at + 7] == '-' &&
        (at == 0 || !std::isdigit(static_cast<unsigned char>(label[at - 1])))) {
      const auto words = date_words(label.substr(at, 10));
      label.replace(at, 10, words);
      at += words.size();
    }
  }
  return label;
}

std::string period_phrase(const std::string& label) {
  return label_words(planning::period_words(label));
}

std::string capitalise(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

std::string lower_first(std::string s) {
  // Keep acronyms ("PG-13 films", "ARPU") as they are.
  if (s.size() > 1 && std::isupper(static_cast<unsigned char>(s[1]))) return s;
  if (!s.empty()) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return s;
}

std::string list_words(const std::vector<std::string>& items, const std::string& last = "and") {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " " + last + " " : ", ";
    out += items[i];
  }
  return out;
}

// A column name as words: "store_id" → "store", "day_of_week" → "day of week".
std::string column_words(std::string name) {
  if (name.size() > 3 && name.ends_with("_id")) name.resize(name.size() - 3);
  std::replace(name.begin(), name.end(), '_', ' ');
  return name;
}

// What the rows of a breakdown are, counted: "1 film", "341 films", "2 categories".
std::string groups_word(const json& sq, double n) {
  const auto dims = sq.value("dimensions", json::array());
  std::string group =
      dims.empty() || !dims.front().is_string() ? "group" : column_words(dims.front());
  if (n == 1) return group;
  return group.ends_with("y") ? group.substr(0, group.size() - 1) + "ies" : group + "s";
}

std::string value_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<long>());
  return v.dump();
}

// A label cell as a person reads it: "Store 1", "July 2022", "Q2 2022", "Monday", "14:00".
std::string label_cell(const std::string& column, const json& cell) {
  if (cell.is_null()) return "—";
  std::string text = value_text(cell);
  if (column == "store_id" || column == "store") return "Store " + text;
  if (column == "staff_id") return "Staff member " + text;
  if (column == "customer_id") return "Customer " + text;
  if (column == "actor_id") return "Actor " + text;
  if (column == "month") return date_words(text, "month");
  if (column == "quarter") return date_words(text, "quarter");
  if (column == "week") return date_words(text, "week");
  if (column == "day") return date_words(text, "day");
  if (column == "hour" && cell.is_number()) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:00", cell.get<int>());
    return buf;
  }
  if (column == "status") return capitalise(text);
  return text;
}

struct Measure {
  std::string label;   // "Revenue", "Rentals", "Late return rate"
  std::string format;  // currency | number | percent
  bool count = false;  // a count of things: "There were 3,352 rentals"
};

std::string figure(const json& cell, const std::string& format) {
  const auto v = number_of(cell);
  if (!v) return cell.is_null() ? "no data" : value_text(cell);
  if (format == "currency") {
    return std::string(*v < 0 ? "-$" : "$") + format_number(std::fabs(*v), true, false);
  }
  if (format == "percent") return format_number(*v, false, false) + "%";
  const bool integer = std::floor(*v) == *v;
  return format_number(*v, false, integer);
}

// A count with its noun, singular for one: "1 rental", "3,352 rentals", "1,000 films in the
// catalogue".
std::string counted(const json& cell, const std::string& label) {
  std::string noun = lower_first(label);
  const auto v = number_of(cell);
  if (v && *v == 1) {
    const auto space = noun.find(' ');
    const auto head = noun.substr(0, space);
    if (head.size() > 1 && head.back() == 's') {
      noun =
          head.substr(0, head.size() - 1) + (space == std::string::npos ? "" : noun.substr(space));
    }
  }
  return figure(cell, "number") + " " + noun;
}

std::string signed_figure(double v, const std::string& format) {
  const std::string sign = v > 0 ? "+" : v < 0 ? "-" : "";
  return sign + figure(std::fabs(v), format);
}

// The filters, conditions and stores of the query as a trailing phrase: " for Action or Comedy
// films, excluding Sports, with film length over 120 minutes, at store 1".
std::string scope_phrase(const json& sq) {
  std::vector<std::string> parts;
  for (const auto& f : sq.value("filters", json::array())) {
    const std::string dim = f.value("dimension", "");
    const bool exclude = f.value("exclude", false);
    std::vector<std::string> values;
    for (const auto& v : f.value("values", json::array())) values.push_back(value_text(v));
    const std::string joined = list_words(values, exclude ? "and" : "or");
    const std::string lead = exclude ? "excluding " : "for ";
    if (dim == "store") {
      parts.push_back((exclude ? "excluding store" : "at store") +
                      std::string(values.size() > 1 ? "s " : " ") + list_words(values));
    } else if (dim == "rating") {
      parts.push_back(lead + joined + "-rated films");
    } else if (dim == "category") {
      parts.push_back(lead + joined + " films");
    } else if (dim == "language") {
      parts.push_back(lead + "films in " + joined);
    } else if (dim == "actor" || dim == "actor_id") {
      parts.push_back(lead + "films with " + (dim == "actor_id" ? "actor " : "") + joined);
    } else if (dim == "film") {
      parts.push_back(lead + joined);
    } else if (dim == "country" || dim == "city") {
      parts.push_back(lead + "customers in " + joined);
    } else if (dim == "day_of_week") {
      parts.push_back(std::string(exclude ? "except on " : "on ") + list_words(values));
    } else if (dim == "customer_status") {
      parts.push_back(lead + joined + " customers");
    } else {
      parts.push_back(lead + dim + " " + joined);
    }
  }
  for (const auto& c : sq.value("conditions", json::array())) {
    if (c.contains("text")) parts.push_back("with " + c["text"].get<std::string>());
  }
  // "the average rental rate of the titles we stock": say the catalogue was narrowed.
  if (sq.value("stocked", false)) {
    std::vector<std::string> stores;
    for (const auto& s : sq.value("store_ids", json::array())) stores.push_back(value_text(s));
    parts.push_back("over the titles stocked at store" +
                    std::string(stores.size() > 1 ? "s " : " ") + list_words(stores) +
                    " (each title once)");
  }
  // "What did our ten top-earning titles take between them?": say which rows were added up.
  if (sq.value("total_of_ranked", false) && sq.contains("limit") &&
      sq["limit"].is_number_integer()) {
    parts.push_back(
        std::string("from the ") + (sq.value("order", "") == "metric_asc" ? "bottom " : "top ") +
        std::to_string(sq["limit"].get<int>()) + " " + groups_word(sq, 2) + " together");
  }
  if (sq.value("total_of_groups", false) && !sq.contains("having")) {
    // ("revenue by category" → "total them up": every row shown, added up.)
    parts.push_back("across all the " + groups_word(sq, 2) + " together");
  }
  if (sq.contains("having") && sq["having"].is_object() && sq["having"].contains("text")) {
    // ("… combined": the groups that pass, added up.)
    parts.push_back((sq.value("total_of_groups", false)
                         ? "from the " + groups_word(sq, 2) + " with "
                         : std::string("with ")) +
                    sq["having"]["text"].get<std::string>() +
                    (sq.value("total_of_groups", false) ? " together" : ""));
  }
  std::string out;
  for (const auto& p : parts) out += " " + p;
  return out;
}

// Further figures over other rows ("English vs non-English", "under $5 vs at least $5") each
// carry their own filter or condition in their label: the scope phrase states only what all of
// them share.
json shared_by_every_figure(const json& sq) {
  if (!sq.contains("figures") || !sq["figures"].is_array()) return sq;
  json out = sq;
  for (const char* key : {"filters", "conditions"}) {
    if (!sq.contains(key) || !sq[key].is_array()) continue;
    json shared = json::array();
    for (const auto& item : sq[key]) {
      const bool everywhere =
          std::all_of(sq["figures"].begin(), sq["figures"].end(), [&](const json& figure) {
            const auto list = figure.value(key, json::array());
            return std::find(list.begin(), list.end(), item) != list.end();
          });
      if (everywhere) shared.push_back(item);
    }
    out[key] = shared;
  }
  return out;
}

std::string as_of_note(const json& sq, std::string_view as_of) {
  const bool relative =
      (sq.contains("time") && sq["time"].is_object() && sq["time"].value("relative", false)) ||
      (sq.contains("growth") && sq["growth"].is_object() &&
       sq["growth"]["current"].value("relative", false));
  if (!relative) return "";
  return " (data as of " + date_words(std::string(as_of.substr(0, 10))) + ")";
}

// Index of the measure column: the one named like the metric, else the last numeric column that
// is not a share, a change or a rank.
size_t measure_column(const ResultSet& rs, const std::string& metric) {
  for (size_t i = 0; i < rs.columns.size(); ++i) {
    if (rs.columns[i].name == metric) return i;
  }
  static const std::array<const char*, 6> kAside = {"share_pct", "change",     "change_pct",
                                                    "rank",      "growth_pct", kTiedCountColumn};
  for (size_t i = rs.columns.size(); i-- > 0;) {
    const auto& name = rs.columns[i].name;
    if (is_numeric_type(rs.columns[i].type) &&
        std::none_of(kAside.begin(), kAside.end(), [&](const char* a) { return name == a; })) {
      return i;
    }
  }
  return rs.columns.size() - 1;
}

std::optional<size_t> column(const ResultSet& rs, const std::string& name) {
  for (size_t i = 0; i < rs.columns.size(); ++i) {
    if (rs.columns[i].name == name) return i;
  }
  return std::nullopt;
}

const json& cell_at(const std::vector<json>& row, size_t i) {
  static const json kNull;
  return i < row.size() ? row[i] : kNull;
}

std::string lookup_answer(const ResultSet& rs, const json& sq) {
  const auto& lookup = sq["lookup"];
  const std::string entity = lookup.value("entity", "film");
  if (rs.rows.empty()) return "No " + entity + " matched" + scope_phrase(sq) + ".";
  // Facts of one film: "ACADEMY DINOSAUR — length 86 minutes, rating PG, rental rate $0.99."
  std::map<std::string, std::vector<std::string>> facts;  // column → distinct values, in order
  std::vector<std::string> order;
  std::vector<std::string> keys;
  for (const auto& row : rs.rows) {
    const auto key = value_text(cell_at(row, 0));
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
    for (size_t c = 1; c < rs.columns.size(); ++c) {
      const auto& name = rs.columns[c].name;
      if (std::find(order.begin(), order.end(), name) == order.end()) order.push_back(name);
      std::string v;
      const auto& cell = cell_at(row, c);
      if (name == "rental_rate" || name == "replacement_cost") {
        v = figure(cell, "currency");
      } else if (name == "length") {
        v = figure(cell, "number") + " minutes";
      } else {
        v = value_text(cell);
      }
      auto& list = facts[name];
      if (std::find(list.begin(), list.end(), v) == list.end()) list.push_back(v);
    }
  }
  const auto fact_text = [&](const std::string& name) {
    std::string label = name;
    std::replace(label.begin(), label.end(), '_', ' ');
    if (name == "category" && facts[name].size() > 1) label = "categories";
    return label + " " + list_words(facts[name]);
  };
  if (entity == "actor") {
    return "The cast" + scope_phrase(sq) + " (" + std::to_string(keys.size()) + " actor" +
           (keys.size() == 1 ? "" : "s") + "): " + list_words(keys) + ".";
  }
  if (keys.size() == 1 && !order.empty()) {
    std::vector<std::string> parts;
    parts.reserve(order.size());
    for (const auto& name : order) parts.push_back(fact_text(name));
    return keys.front() + " — " + list_words(parts) + ".";
  }
  std::string shown;
  const size_t limit = std::min<size_t>(keys.size(), 8);
  for (size_t i = 0; i < limit; ++i) shown += (i ? ", " : "") + keys[i];
  return std::to_string(keys.size()) + " film" + (keys.size() == 1 ? "" : "s") + " match" +
         (keys.size() == 1 ? "es" : "") + scope_phrase(sq) +
         (rs.truncated ? " (the first " + std::to_string(keys.size()) + " shown)" : "") + ": " +
         shown + (keys.size() > limit ? ", …" : "") + ".";
}

std::string growth_answer(const ResultSet& rs, const json& sq, const Measure& m,
                          std::string_view as_of) {
  const auto& row = rs.rows.front();
  const std::string metric = sq.value("metric", "");
  const auto get = [&](const std::string& name) -> json {
    const auto i = column(rs, name);
    return i ? cell_at(row, *i) : json();
  };
  const auto prev = get("previous_" + metric);
  const auto cur = get("current_" + metric);
  const auto pct = get("growth_pct");
  const std::string prev_label = label_words(sq["growth"]["previous"].value("label", ""));
  const std::string cur_label = label_words(sq["growth"]["current"].value("label", ""));
  const auto pv = number_of(prev), cv = number_of(cur);
  // A breakdown ("rentals by category, June vs July"): each group named with its two figures —
  // the first row alone, unnamed, read as if it were the total.
  std::vector<size_t> labels;
  for (size_t c = 0; c < rs.columns.size(); ++c) {
    const auto& name = rs.columns[c].name;
    if (name != "previous_" + metric && name != "current_" + metric && name != "change" &&
        name != "growth_pct" && name != "gap") {
      labels.push_back(c);
    }
  }
  if (!labels.empty()) {
    const auto label_of = [&](const std::vector<json>& r) {
      std::string text;
      for (const size_t c : labels) {
        text += (text.empty() ? "" : " · ") + label_cell(rs.columns[c].name, cell_at(r, c));
      }
      return text;
    };
    const auto moved = [&](const std::vector<json>& r) {
      const auto i = column(rs, "previous_" + metric), j = column(rs, "current_" + metric),
                 k = column(rs, "growth_pct");
      const auto a = i ? cell_at(r, *i) : json(), b = j ? cell_at(r, *j) : json();
      std::string text = figure(a, m.format) + " → " + figure(b, m.format);
      const auto x = number_of(a), y = number_of(b);
      if (x && y) {
        const auto p = k ? cell_at(r, *k) : json();
        text += " (" + signed_figure(*y - *x, m.format) +
                (p.is_null() ? "" : ", " + signed_figure(number_of(p).value_or(0), "percent")) +
                ")";
      }
      return text;
    };
    const std::string order =
        sq.contains("order") && sq["order"].is_string() ? sq["order"].get<std::string>() : "";
    const std::string between = " from " + prev_label + " to " + cur_label;
    std::string text;
    if (!order.empty() && rs.rows.size() == 1) {
      const std::string rank_by = sq.value("rank_by", std::string());
      const bool ascending = order == "metric_asc";
      const std::string what = rank_by == "abs_change"   ? "the biggest change in "
                               : rank_by == "growth_pct" ? (ascending ? "the lowest percentage "
                                                                        "change in "
                                                                      : "the highest percentage "
                                                                        "change in ")
                               : ascending               ? "the lowest change in "
                                                         : "the biggest rise in ";
      text = label_of(row) + " had " + what + lower_first(m.label) + scope_phrase(sq) + between +
             ": " + moved(row);
    } else {
      text = m.label + scope_phrase(sq) + between +
             (order.empty() ? "" : ", ordered by the change") + ": ";
      const size_t shown = std::min<size_t>(rs.rows.size(), 6);
      for (size_t r = 0; r < shown; ++r) {
        text += (r ? "; " : "") + label_of(rs.rows[r]) + " " + moved(rs.rows[r]);
      }
      if (rs.rows.size() > shown) {
        text += "; and " + std::to_string(rs.rows.size() - shown) + " more in the table";
      }
    }
    return text + as_of_note(sq, as_of) + ".";
  }
  std::string text = m.label + scope_phrase(sq);
  if (pv && cv) {
    const double diff = *cv - *pv;
    const char* verb = diff > 0 ? " rose from " : diff < 0 ? " fell from " : " stayed at ";
    if (diff == 0) {
      text += verb + figure(cur, m.format) + " in both " + prev_label + " and " + cur_label;
    } else {
      text += verb + figure(prev, m.format) + " in " + prev_label + " to " + figure(cur, m.format) +
              " in " + cur_label + ": " + signed_figure(diff, m.format);
      text += pct.is_null() ? " (no percentage change from zero)"
                            : " (" + signed_figure(number_of(pct).value_or(0), "percent") + ")";
    }
  } else {
    text += " was " + figure(prev, m.format) + " in " + prev_label + " and " +
            figure(cur, m.format) + " in " + cur_label;
  }
  return text + as_of_note(sq, as_of) + ".";
}

}  // namespace

// One row of a gap (label, figure, runner-up label, its figure, difference — see the SQL
// compiler): "Store 2 was ahead of Store 1 on revenue by $173.04 ($14,000.00 vs $13,826.96,
// 1.25% more)".
std::string gap_answer(const ResultSet& rs, const json& sq, const Measure& m) {
  const auto& row = rs.rows.front();
  const std::string& label_col = rs.columns[0].name;
  const std::string first = label_cell(label_col, cell_at(row, 0));
  const std::string what = lower_first(m.label);
  const auto a = number_of(cell_at(row, 1));
  const auto b = number_of(cell_at(row, 3));
  if (cell_at(row, 2).is_null() || !a || !b) {
    return "Only " + first + " had any " + what + " (" + figure(cell_at(row, 1), m.format) + ")";
  }
  const std::string second = label_cell(label_col, cell_at(row, 2));
  const double gap = std::fabs(*a - *b);
  if (gap == 0)
    return first + " and " + second + " were level on " + what + " at " + figure(*a, m.format);
  const bool ascending = sq.value("order", std::string()) == "metric_asc";
  const std::string by = m.format == "percent"
                             ? format_number(gap, false, false) + " percentage points"
                             : (m.count ? counted(gap, m.label) : figure(gap, m.format));
  // "Store 2 had 4 more rentals than Store 1", "Store 1 was ahead of Store 2 on average payment
  // by $0.06".
  std::string text = m.count
                         ? first + " had " + figure(gap, "number") +
                               (ascending ? " fewer " : " more ") + what + " than " + second + " ("
                         : first + (ascending ? " was behind " : " was ahead of ") + second +
                               " on " + what + " by " + by + " (";
  text += figure(*a, m.format) + " vs " + figure(*b, m.format);
  // % more of the smaller figure, % less of the larger.
  const double base = ascending ? std::max(*a, *b) : std::min(*a, *b);
  if (m.format != "percent" && base > 0) {
    text += ", " + format_number(100.0 * gap / base, false, false) + "% " +
            (ascending ? "less" : "more");
  }
  return text + ")";
}

std::string without_cents(std::string_view text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] != '$') {
      out.push_back(text[i++]);
      continue;
    }
    // "$" then digits with thousands separators, then maybe "." and decimals.
    size_t j = i + 1;
    std::string whole;
    while (j < text.size() && (std::isdigit(static_cast<unsigned char>(text[j])) != 0 ||
                               (text[j] == ',' && j + 1 < text.size() &&
                                std::isdigit(static_cast<unsigned char>(text[j + 1])) != 0))) {
      if (text[j] != ',') whole.push_back(text[j]);
      ++j;
    }
    if (whole.empty() || j >= text.size() || text[j] != '.' || j + 1 >= text.size() ||
        std::isdigit(static_cast<unsigned char>(text[j + 1])) == 0) {
      out.append(text.substr(i, j - i));
      i = j;
      continue;
    }
    size_t k = j + 1;
    const bool round_up = text[k] >= '5';
    while (k < text.size() && std::isdigit(static_cast<unsigned char>(text[k])) != 0) ++k;
    // Whole-number addition on the digits, so no amount is ever read through a double.
    if (round_up) {
      int pos = static_cast<int>(whole.size()) - 1;
      while (pos >= 0 && whole[static_cast<size_t>(pos)] == '9') {
        whole[static_cast<size_t>(pos)] = '0';
        --pos;
      }
      if (pos < 0) {
        whole.insert(whole.begin(), '1');
      } else {
        ++whole[static_cast<size_t>(pos)];
      }
    }
    out.push_back('$');
    for (int p = static_cast<int>(whole.size()) - 3; p > 0; p -= 3) {
      whole.insert(static_cast<size_t>(p), ",");
    }
    out += whole;
    i = k;
  }
  return out;
}

std::string format_number(double value, bool currency, bool integer) {
  (void)currency;
  return common::text::grouped_number(value, integer ? 0 : 2);
}

Narrative narrate(const planning::Plan& plan, const ResultSet& rs, std::string_view as_of) {
  Narrative out;
  const auto& sq = plan.semantic_query;
  const std::string metric = sq.value("metric", std::string());
  Measure m;
  m.label = plan.metric_label;
  if (m.label.empty()) {
    m.label = metric;
    std::replace(m.label.begin(), m.label.end(), '_', ' ');
    m.label = capitalise(m.label);
  }
  m.format = plan.metric_format.empty() ? "number" : plan.metric_format;
  m.count = plan.metric_kind == "count";
  // "… in May 2022 but not in June", "… and also Horror": the user's own words for what else the
  // things counted did (or never did), after the period they are read against.
  std::string rows_said;
  for (const char* key : {"with_also", "without"}) {
    for (const auto& rows : sq.value(key, json::array())) {
      if (rows.contains("text") && rows["text"].is_string()) {
        rows_said += " " + rows["text"].get<std::string>();
      }
    }
  }
  const std::string period =
      (sq.contains("time") && sq["time"].is_object() ? period_phrase(sq["time"].value("label", ""))
                                                     : "") +
      rows_said;
  const std::string scope = scope_phrase(shared_by_every_figure(sq));
  const std::string note = as_of_note(sq, as_of);

  // Further measures beside the metric ("revenue and rentals in June"): their columns, by name.
  std::vector<std::pair<size_t, Measure>> also;
  for (const auto& more : plan.also_measures) {
    if (const auto col = column(rs, more.value("name", ""))) {
      Measure extra;
      extra.label = more.value("label", more.value("name", ""));
      extra.format = more.value("format", "number");
      extra.count = more.value("kind", "") == "count";
      also.emplace_back(*col, std::move(extra));
    }
  }
  const auto also_value = [&](const std::vector<json>& row, const Measure& extra, size_t col) {
    return extra.count ? counted(cell_at(row, col), extra.label)
                       : lower_first(extra.label) + " " + figure(cell_at(row, col), extra.format);
  };

  if (sq.contains("lookup") && sq["lookup"].is_object()) {
    out.answer = lookup_answer(rs, sq);
  } else if (!also.empty() && rs.rows.size() == 1 &&
             sq.value("dimensions", json::array()).empty()) {
    // One row of several measures: each named with its figure, in the order asked.
    const auto& row = rs.rows.front();
    const size_t first = measure_column(rs, metric);
    std::string text = m.count ? counted(cell_at(row, first), m.label)
                               : m.label + " " + figure(cell_at(row, first), m.format);
    for (size_t i = 0; i < also.size(); ++i) {
      text += std::string(i + 1 == also.size() ? " and " : ", ") +
              also_value(row, also[i].second, also[i].first);
    }
    out.answer = capitalise(text) + scope + period + note + ".";
  } else if (rs.rows.empty() || rs.columns.empty()) {
    out.answer = "No data matched: " + lower_first(m.label) + scope + period + note + ".";
  } else if (sq.contains("growth") && sq["growth"].is_object() && rs.columns.size() >= 3) {
    out.answer = growth_answer(rs, sq, m, as_of);
  } else if (sq.value("gap", false) && rs.rows.size() == 1 && rs.columns.size() == 5 &&
             column(rs, "difference")) {
    out.answer = gap_answer(rs, sq, m) + scope + period + note + ".";
  } else if (rs.rows.size() == 1 && rs.columns.size() == 1) {
    const auto& cell = rs.rows[0][0];
    if (sq.value("count_groups", false)) {
      out.answer = figure(cell, "number") + " " + groups_word(sq, number_of(cell).value_or(0)) +
                   scope + period + note + ".";
    } else if (m.count && !cell.is_null()) {
      const auto v = number_of(cell).value_or(0);
      // What exists now ("There are 1,000 films") or what happened ("There were 3,352 rentals").
      const bool now =
          !(sq.contains("time") && sq["time"].is_object()) && plan.intent != "comparison" &&
          (metric == "films" || metric == "inventory_items" || metric == "titles_stocked" ||
           metric.find("customers") != std::string::npos || metric.starts_with("films_"));
      out.answer = std::string(now ? (v == 1 ? "There is " : "There are ")
                                   : (v == 1 ? "There was " : "There were ")) +
                   counted(cell, m.label) + scope + period + note + ".";
    } else {
      out.answer = m.label + scope + period + " was " + figure(cell, m.format) + note + ".";
    }
  } else {
    // A share within each group ("% of each store's rentals still out") carries the share in
    // place of the measure: the share is then the figure of each row.
    const bool share_in_place = !column(rs, metric) && column(rs, "share_pct").has_value();
    if (share_in_place) {
      m.format = "percent";
      m.count = false;
    }
    const size_t metric_col =
        share_in_place ? *column(rs, "share_pct") : measure_column(rs, metric);
    const auto share_col = share_in_place ? std::nullopt : column(rs, "share_pct");
    const auto change_col = column(rs, "change");
    // The label columns: everything that is not a measure beside the metric.
    std::vector<size_t> labels;
    for (size_t c = 0; c < rs.columns.size(); ++c) {
      const auto& name = rs.columns[c].name;
      const bool another_measure = std::any_of(also.begin(), also.end(),
                                               [&](const auto& extra) { return extra.first == c; });
      if (c == metric_col || another_measure || name == "rank" || name == "share_pct" ||
          name == "change" || name == "change_pct" || name == kTiedCountColumn) {
        continue;
      }
      labels.push_back(c);
    }
    const auto row_label = [&](const std::vector<json>& row) {
      std::string text;
      for (const size_t c : labels) {
        text += (text.empty() ? "" : " · ") + label_cell(rs.columns[c].name, cell_at(row, c));
      }
      return text.empty() ? std::string("—") : text;
    };
    const auto row_value = [&](const std::vector<json>& row) {
      std::string v = m.count ? counted(cell_at(row, metric_col), m.label)
                              : figure(cell_at(row, metric_col), m.format);
      if (share_col && !cell_at(row, *share_col).is_null()) {
        v = figure(cell_at(row, *share_col), "percent") + " (" + v + ")";
      }
      for (const auto& [col, extra] : also) v += " (" + also_value(row, extra, col) + ")";
      return v;
    };
    // The catalogue facts asked beside each film's figure ("replacement cost $20.99, rating PG").
    const auto facts_beside = [&](const std::vector<json>& row) {
      std::string facts;
      for (const auto& shown : sq.value("beside", json::array())) {
        const auto at = shown.is_string() ? column(rs, shown.get<std::string>()) : std::nullopt;
        if (!at) continue;
        const auto& name = rs.columns[*at].name;
        const auto& cell = cell_at(row, *at);
        const bool money =
            name.find("rate") != std::string::npos || name.find("cost") != std::string::npos;
        const bool minutes = name == "length";
        facts += (facts.empty() ? "" : ", ") + column_words(name) + " " +
                 (cell.is_string()
                      ? cell.get<std::string>()
                      : figure(cell, money ? "currency" : "number") + (minutes ? " minutes" : ""));
      }
      return facts;
    };
    const auto dims = sq.value("dimensions", json::array());
    const std::string by =
        labels.empty() ? std::string() : " by " + column_words(rs.columns[labels.front()].name);
    std::string lead = (share_col ? "Share of " + lower_first(m.label) : m.label) + scope + period;
    const auto title_col = column(rs, "title");
    // "how much has ACADEMY DINOSAUR made, and what does it cost to replace?": one film's figure
    // with its facts, in one sentence.
    if (plan.intent != "ranking" && rs.rows.size() == 1 && title_col &&
        !facts_beside(rs.rows.front()).empty()) {
      const auto& row = rs.rows.front();
      // ("7 rentals for ACE GOLDFINGER (rental rate $4.99).", "Revenue for ACADEMY DINOSAUR was
      // $36.77 (replacement cost $20.99).": the scope already names the film.)
      const std::string figure_text =
          m.count ? capitalise(row_value(row)) + scope + period + note
                  : m.label + scope + period + " was " + row_value(row) + note;
      out.answer = figure_text + " (" + facts_beside(row) + ").";
    } else if (share_col && rs.rows.size() == 1 && sq.contains("share_of") &&
               sq["share_of"].is_object()) {
      const auto& row = rs.rows.front();
      out.answer = row_label(row) + " is " + figure(cell_at(row, *share_col), "percent") + " of " +
                   lower_first(m.label) + scope + period + note + " (" +
                   figure(cell_at(row, metric_col), m.format) + ").";
    } else if (plan.intent == "ranking" && rs.rows.size() >= 1) {
      const long hidden_ties = ties_beyond_cut(rs, rs.columns[metric_col].name);
      const bool ascending = sq.value("order", std::string()) == "metric_asc";
      const auto& first = rs.rows.front();
      std::string text = (ascending ? "Lowest " : "Top ") + std::to_string(rs.rows.size()) +
                         " by " + lower_first(m.label) + scope + period + note + ": ";
      if (sq.contains("limit_per") && sq["limit_per"].is_string()) {
        std::string items;
        for (size_t i = 0; i < std::min<size_t>(rs.rows.size(), 6); ++i) {
          items += (i ? "; " : "") + row_label(rs.rows[i]) + " " + row_value(rs.rows[i]);
        }
        text = (ascending ? "Lowest per " : "Top per ") + sq["limit_per"].get<std::string>() +
               " by " + lower_first(m.label) + scope + period + note + ": " + items;
      } else if (rs.rows.size() == 1 && hidden_ties > 0) {
        // Not "ACADEMY DINOSAUR has the lowest rental rate" when 341 films share it.
        text = std::to_string(hidden_ties + 1) + " " + groups_word(sq, 2) + " share the " +
               (ascending ? "lowest " : "highest ") + lower_first(m.label) + scope + period + note +
               ", " + row_value(first) + "; the first by name is " + row_label(first);
      } else if (rs.rows.size() == 1) {
        text = row_label(first) + (ascending ? " has the lowest " : " leads ") +
               lower_first(m.label) + scope + period + note + " with " + row_value(first);
        // "… and what's its rental rate?": the facts asked beside it.
        if (const auto facts = facts_beside(first); !facts.empty()) text += "; its " + facts;
      } else {
        const auto a = number_of(cell_at(first, metric_col));
        const auto b = number_of(cell_at(rs.rows[1], metric_col));
        text +=
            row_label(first) + (ascending ? " is lowest with " : " leads with ") + row_value(first);
        if (a && b) {
          const double gap = std::fabs(*a - *b);
          text += gap == 0 ? ", tied with " + row_label(rs.rows[1])
                           : ", " + figure(gap, m.format) + (ascending ? " below " : " ahead of ") +
                                 row_label(rs.rows[1]) + " (" + row_value(rs.rows[1]) + ")";
        }
        std::string rest;
        for (size_t i = 2; i < std::min<size_t>(rs.rows.size(), 5); ++i) {
          rest += (rest.empty() ? "" : "; ") + row_label(rs.rows[i]) + " " + row_value(rs.rows[i]);
        }
        if (!rest.empty()) text += "; then " + rest;
        if (rs.rows.size() > 5) text += "; …";
        if (hidden_ties > 0) {
          text += " — " + std::to_string(hidden_ties) + " more " +
                  groups_word(sq, static_cast<double>(hidden_ties)) + " share the last figure (" +
                  (m.count ? counted(cell_at(rs.rows.back(), metric_col), m.label)
                           : figure(cell_at(rs.rows.back(), metric_col), m.format)) +
                  ") and are not listed";
        }
      }
      out.answer = text + ".";
    } else if (plan.intent == "trend" && labels.size() == 2 && rs.rows.size() > 2) {
      // Per-store (or per-category) trends: each series described on its own.
      const size_t series = labels.front();
      const size_t when = labels.back();
      std::vector<std::string> names;
      std::map<std::string, std::vector<const std::vector<json>*>> rows_of;
      for (const auto& row : rs.rows) {
        const auto key = label_cell(rs.columns[series].name, cell_at(row, series));
        if (rows_of.count(key) == 0) names.push_back(key);
        rows_of[key].push_back(&row);
      }
      std::string text = m.label + scope + period + note + ": ";
      for (size_t s = 0; s < names.size() && s < 4; ++s) {
        const auto& list = rows_of[names[s]];
        const auto* best = list.front();
        for (const auto* r : list) {
          if (number_of(cell_at(*r, metric_col)).value_or(0) >
              number_of(cell_at(*best, metric_col)).value_or(0)) {
            best = r;
          }
        }
        const auto& col = rs.columns[when].name;
        text += (s ? "; " : "") + names[s] + " went from " +
                figure(cell_at(*list.front(), metric_col), m.format) + " in " +
                label_cell(col, cell_at(*list.front(), when)) + " to " +
                figure(cell_at(*list.back(), metric_col), m.format) + " in " +
                label_cell(col, cell_at(*list.back(), when)) + " (highest " +
                figure(cell_at(*best, metric_col), m.format) + " in " +
                label_cell(col, cell_at(*best, when)) + ")";
      }
      out.answer = text + ".";
    } else if (plan.intent == "trend" && rs.rows.size() > 3 && !share_col && !labels.empty()) {
      size_t best = 0;
      for (size_t i = 1; i < rs.rows.size(); ++i) {
        if (number_of(cell_at(rs.rows[i], metric_col)).value_or(0) >
            number_of(cell_at(rs.rows[best], metric_col)).value_or(0)) {
          best = i;
        }
      }
      out.answer = m.label + scope + period + note + " over " + std::to_string(rs.rows.size()) +
                   " periods: from " + row_value(rs.rows.front()) + " in " +
                   row_label(rs.rows.front()) + " to " + row_value(rs.rows.back()) + " in " +
                   row_label(rs.rows.back()) + "; the highest was " + row_label(rs.rows[best]) +
                   " (" + row_value(rs.rows[best]) + ").";
    } else if (rs.rows.size() == 2 && !share_col) {
      // Two things side by side: both figures, the difference and the % difference.
      const auto& a = rs.rows[0];
      const auto& b = rs.rows[1];
      std::string text = lead + by + note + ": " + row_label(a) + " " + row_value(a) + ", " +
                         row_label(b) + " " + row_value(b);
      const auto av = number_of(cell_at(a, metric_col));
      const auto bv = number_of(cell_at(b, metric_col));
      if (av && bv && *av != *bv) {
        const bool a_more = *av > *bv;
        const double hi = std::max(*av, *bv), lo = std::min(*av, *bv);
        if (m.format == "percent") {
          // Two percentages differ by points, not by a percent of a percent.
          text += " — " + row_label(a_more ? a : b) + " is higher by " +
                  format_number(hi - lo, false, false) + " percentage points";
        } else {
          text += " — " + row_label(a_more ? a : b) + " is ahead by " + figure(hi - lo, m.format);
          if (lo != 0) text += " (" + format_number(100.0 * (hi - lo) / lo, false, false) + "%)";
        }
      } else if (av && bv) {
        text += " — the same";
      }
      out.answer = text + ".";
    } else {
      std::string items;
      const size_t shown = std::min<size_t>(rs.rows.size(), 6);
      for (size_t i = 0; i < shown; ++i) {
        items += (i ? "; " : "") + row_label(rs.rows[i]) + " " + row_value(rs.rows[i]);
        if (change_col && i > 0 && !cell_at(rs.rows[i], *change_col).is_null()) {
          // The difference and the % change on the period before ("-$156.62, -8.8%").
          const auto pct_col = column(rs, "change_pct");
          std::string pct;
          if (pct_col && !cell_at(rs.rows[i], *pct_col).is_null()) {
            pct = ", " +
                  signed_figure(number_of(cell_at(rs.rows[i], *pct_col)).value_or(0), "percent");
          }
          items +=
              " (" +
              signed_figure(number_of(cell_at(rs.rows[i], *change_col)).value_or(0), m.format) +
              pct + ")";
        }
      }
      out.answer = lead + by + note + ": " + items + (rs.rows.size() > shown ? "; …" : "") + ".";
    }
    (void)dims;
  }
  if (rs.truncated) out.answer += " Only the first rows are shown.";

  // Follow-ups that edit this query.
  const auto dims = sq.value("dimensions", json::array());
  const bool by_month = std::find(dims.begin(), dims.end(), "month") != dims.end();
  if (!sq.contains("lookup")) {
    out.suggestions.emplace_back(by_month ? "by store instead" : "by month instead");
    if (plan.intent != "ranking") out.suggestions.push_back("top 5 by " + lower_first(m.label));
    out.suggestions.emplace_back("what about last month?");
  }
  return out;
}

}  // namespace copilot::narration
