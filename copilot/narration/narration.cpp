#include "copilot/narration/narration.hpp"

#include <cmath>
#include <cstdio>
#include <optional>

#include "copilot/planning/time_phrases.hpp"

namespace copilot::narration {
namespace {

bool is_numeric_type(const std::string& type) {
  return type == "int2" || type == "int4" || type == "int8" || type == "numeric" ||
         type == "float4" || type == "float8";
}

std::string cell_text(const nlohmann::json& cell) {
  if (cell.is_null()) return "—";
  if (cell.is_string()) return cell.get<std::string>();
  if (cell.is_number_integer()) return format_number(cell.get<double>(), false, true);
  if (cell.is_number()) return format_number(cell.get<double>(), false, false);
  return cell.dump();
}

std::string metric_text(const nlohmann::json& cell, const std::string& format) {
  if (cell.is_null()) return "no data";
  double v = 0;
  if (cell.is_number()) {
    v = cell.get<double>();
  } else if (cell.is_string()) {
    try {
      v = std::stod(cell.get<std::string>());
    } catch (const std::exception&) {
      return cell.get<std::string>();
    }
  } else {
    return cell.dump();
  }
  const bool integer = std::floor(v) == v && format != "currency";
  return (format == "currency" ? "$" : "") + format_number(v, format == "currency", integer) +
         (format == "percent" ? "%" : "");
}

std::string scope_text(const nlohmann::json& sq) {
  std::string out;
  for (const auto& f : sq.value("filters", nlohmann::json::array())) {
    const std::string dim = f.at("dimension");
    std::string values;
    for (size_t i = 0; i < f.at("values").size(); ++i) {
      const auto& v = f.at("values")[i];
      values += (i ? (i + 1 == f.at("values").size() ? " and " : ", ") : "") +
                (v.is_string() ? v.get<std::string>() : v.dump());
    }
    if (dim == "store") {
      out += (f.at("values").size() > 1 ? " for stores " : " for store ") + values;
    } else if (dim == "rating") {
      out += " for " + values + "-rated films";
    } else if (dim == "country") {
      out += " for customers in " + values;
    } else if (dim == "day_of_week") {
      out += " on " + values;
    } else {
      out += " in ";
      out += dim;
      out += " ";
      out += values;
    }
  }
  if (sq.contains("time") && sq["time"].is_object()) {
    out += planning::period_words(sq["time"].value("label", std::string()));
  }
  return out;
}

}  // namespace

std::string format_number(double value, bool currency, bool integer) {
  char buf[64];
  if (integer) {
    std::snprintf(buf, sizeof buf, "%.0f", value);
  } else {
    std::snprintf(buf, sizeof buf, "%.2f", value);
  }
  std::string digits = buf;
  const bool negative = !digits.empty() && digits[0] == '-';
  if (negative) digits.erase(0, 1);
  const auto dot = digits.find('.');
  std::string whole = digits.substr(0, dot);
  const std::string frac = dot == std::string::npos ? "" : digits.substr(dot);
  for (int i = static_cast<int>(whole.size()) - 3; i > 0; i -= 3)
    whole.insert(static_cast<size_t>(i), ",");
  (void)currency;
  return (negative ? "-" : "") + whole + frac;
}

Narrative narrate(const planning::Plan& plan, const ResultSet& rs, std::string_view as_of) {
  Narrative out;
  const auto& sq = plan.semantic_query;
  const std::string metric = sq.value("metric", std::string());
  std::string label = metric;
  std::string format = "number";
  if (!metric.empty()) {
    for (char& c : label) c = c == '_' ? ' ' : c;
    if (metric == "revenue" || metric == "avg_payment" || metric == "revenue_per_customer") {
      format = "currency";
    }
    if (!label.empty())
      label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
  }
  // The semantic model's own label and format when the planner passed them on.
  if (!plan.metric_label.empty()) label = plan.metric_label;
  if (!plan.metric_format.empty()) format = plan.metric_format;
  const std::string scope = scope_text(sq);
  const bool relative =
      sq.contains("time") && sq["time"].is_object() && sq["time"].value("relative", false);
  const bool relative_growth = sq.contains("growth") && sq["growth"].is_object() &&
                               sq["growth"]["current"].value("relative", false);
  const std::string as_of_note =
      (relative || relative_growth)
          ? " (relative to the data's as-of date, " + std::string(as_of.substr(0, 10)) + ")"
          : "";

  if (rs.rows.empty()) {
    out.answer = "No data matched" + scope + as_of_note + ".";
  } else if (sq.contains("growth") && sq["growth"].is_object() && rs.columns.size() >= 3) {
    const auto& row = rs.rows.front();
    out.answer = label + " went from " + metric_text(row[0], format) + " in " +
                 sq["growth"]["previous"]["label"].get<std::string>() + " to " +
                 metric_text(row[1], format) + " in " +
                 sq["growth"]["current"]["label"].get<std::string>() +
                 (row[2].is_null() ? " (no change can be computed from zero)"
                                   : ", a change of " + cell_text(row[2]) + "%") +
                 as_of_note + ".";
  } else if (rs.rows.size() == 1 && rs.columns.size() == 1) {
    out.answer = label + scope + " was " + metric_text(rs.rows[0][0], format) + as_of_note + ".";
  } else {
    // Label columns first, the metric after them.
    size_t metric_col = rs.columns.size() - 1;
    for (size_t i = 0; i < rs.columns.size(); ++i) {
      if (rs.columns[i].name == metric) metric_col = i;
    }
    const size_t label_col = metric_col == 0 ? 1 : 0;
    // Every label column of a row ("1 · BUCKET BROTHERHOOD" for a top film per store); the rank
    // and share columns are numbers about the metric, not labels.
    const auto row_label = [&](const std::vector<nlohmann::json>& row) {
      std::string text;
      for (size_t c = 0; c < rs.columns.size() && c < row.size(); ++c) {
        const auto& name = rs.columns[c].name;
        if (c == metric_col || name == "rank" || name == "share_pct") continue;
        text += (text.empty() ? "" : " · ") + cell_text(row[c]);
      }
      return text.empty() ? cell_text(row[label_col]) : text;
    };
    // A share asked for is stated as one: "R is 19.5% of films in the catalogue (195)".
    std::optional<size_t> share_col;
    for (size_t i = 0; i < rs.columns.size(); ++i) {
      if (rs.columns[i].name == "share_pct" && i != metric_col) share_col = i;
    }
    const auto value_text = [&](const std::vector<nlohmann::json>& row) {
      if (!share_col || *share_col >= row.size() || row[*share_col].is_null()) {
        return metric_text(row[metric_col], format);
      }
      return cell_text(row[*share_col]) + "% (" + metric_text(row[metric_col], format) + ")";
    };
    std::string lower_label = label;
    if (!lower_label.empty()) {
      lower_label[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(lower_label[0])));
    }
    std::string lead = (share_col ? "Share of " + lower_label : label) + " by " +
                       rs.columns[label_col].name + scope;
    if (plan.intent == "ranking") {
      lead = (sq.value("order", std::string()) == "metric_asc" ? "Bottom " : "Top ") +
             std::to_string(rs.rows.size()) + " by " + label + scope;
      if (sq.contains("limit_per") && sq["limit_per"].is_string() &&
          sq.value("limit", nlohmann::json()).is_number_integer()) {
        lead = (sq.value("order", std::string()) == "metric_asc" ? "Bottom " : "Top ") +
               std::to_string(sq["limit"].get<int>()) + " per " +
               sq["limit_per"].get<std::string>() + " by " + label + scope;
      }
    }
    std::string items;
    const size_t shown = std::min<size_t>(rs.rows.size(), plan.intent == "trend" ? 3 : 5);
    for (size_t i = 0; i < shown; ++i) {
      items += (i ? "; " : "") + row_label(rs.rows[i]) + ": " + value_text(rs.rows[i]);
    }
    if (share_col && rs.rows.size() == 1 && sq.contains("share_of") && sq["share_of"].is_object()) {
      const auto& row = rs.rows.front();
      out.answer = row_label(row) + " is " + cell_text(row[*share_col]) + "% of " + lower_label +
                   scope + as_of_note + " (" + metric_text(row[metric_col], format) + ").";
    } else if (plan.intent == "trend" && rs.rows.size() > 3 && !share_col) {
      size_t best = 0;
      for (size_t i = 1; i < rs.rows.size(); ++i) {
        if (rs.rows[i][metric_col].is_number() && rs.rows[best][metric_col].is_number() &&
            rs.rows[i][metric_col].get<double>() > rs.rows[best][metric_col].get<double>()) {
          best = i;
        }
      }
      out.answer = lead + as_of_note + ": " + std::to_string(rs.rows.size()) + " periods from " +
                   cell_text(rs.rows.front()[label_col]) + " (" +
                   metric_text(rs.rows.front()[metric_col], format) + ") to " +
                   cell_text(rs.rows.back()[label_col]) + " (" +
                   metric_text(rs.rows.back()[metric_col], format) + "); the highest was " +
                   cell_text(rs.rows[best][label_col]) + " (" +
                   metric_text(rs.rows[best][metric_col], format) + ").";
    } else {
      out.answer = lead + as_of_note + ": " + items + (rs.rows.size() > shown ? "; …" : "") + ".";
    }
    (void)is_numeric_type;
  }
  if (rs.truncated) out.answer += " Only the first rows are shown.";

  // Follow-ups that edit this query.
  const auto dims = sq.value("dimensions", nlohmann::json::array());
  const bool by_month = std::find(dims.begin(), dims.end(), "month") != dims.end();
  out.suggestions.emplace_back(by_month ? "by store instead" : "by month instead");
  if (plan.intent != "ranking") out.suggestions.push_back("top 5 by " + label);
  out.suggestions.emplace_back("what about last month?");
  return out;
}

}  // namespace copilot::narration
