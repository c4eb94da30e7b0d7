#include "copilot/widgets/widgets.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "copilot/core/ranking_ties.hpp"

namespace copilot::widgets {
namespace {

bool numeric(const std::string& type) {
  return type == "int2" || type == "int4" || type == "int8" || type == "numeric" ||
         type == "float4" || type == "float8";
}

bool temporal(const std::string& type) {
  return type == "date" || type == "timestamp" || type == "timestamptz";
}

nlohmann::json values(const ResultSet& rs) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& row : rs.rows) {
    nlohmann::json item = nlohmann::json::object();
    for (size_t i = 0; i < rs.columns.size() && i < row.size(); ++i)
      item[rs.columns[i].name] = row[i];
    out.push_back(item);
  }
  return out;
}

// How each result column reads: its format (currency, number, percent) and a label for
// headers and axes ("Store", "Revenue"), so the table and the chart show "$1,234.50" and not
// a bare 1234.5 under "store_id".
struct ColumnLook {
  std::string format;
  std::string label;
};

std::string words_of(std::string name) {
  if (name.size() > 3 && name.ends_with("_id")) name.resize(name.size() - 3);
  for (char& c : name) c = c == '_' ? ' ' : c;
  if (!name.empty()) name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  return name;
}

ColumnLook look_of(const planning::Plan& plan, const Column& column, const std::string& format) {
  static const std::set<std::string> kMoney = {
      "revenue",           "amount",      "rental_rate",    "avg_payment",
      "replacement_cost",  "max_payment", "median_payment", "revenue_per_customer",
      "revenue_per_rental"};
  static const std::set<std::string> kPercent = {"share_pct", "growth_pct", "change_pct",
                                                 "late_rate", "rented_out_pct"};
  const std::string metric = plan.semantic_query.value("metric", std::string());
  const auto& name = column.name;
  ColumnLook look{numeric(column.type) ? "number" : "", words_of(name)};
  if (kPercent.count(name)) {
    look.format = "percent";
    if (name == "share_pct") look.label = "Share";
    if (name == "growth_pct" || name == "change_pct") look.label = "Change %";
  } else if (!metric.empty() &&
             (name == metric || name == "previous_" + metric || name == "current_" + metric ||
              name == "change" || name == "runner_up_" + metric ||
              (name == "difference" && plan.semantic_query.value("gap", false)))) {
    look.format = format;
    if (name == "runner_up_" + metric) {
      look.label = (plan.metric_label.empty() ? words_of(metric) : plan.metric_label) + " (next)";
    }
    if (name == "difference") look.label = "Difference";
    if (name == metric && !plan.metric_label.empty()) look.label = plan.metric_label;
    if (name == "previous_" + metric) look.label = "Before";
    if (name == "current_" + metric) look.label = "After";
    if (name == "change") look.label = "Change";
  } else if (const auto more =
                 std::find_if(plan.also_measures.begin(), plan.also_measures.end(),
                              [&](const nlohmann::json& m) { return m.value("name", "") == name; });
             more != plan.also_measures.end()) {
    // A further measure beside the metric ("… and rentals"): its own label and format.
    look.format = more->value("format", "number");
    look.label = more->value("label", look.label);
  } else if (kMoney.count(name)) {
    look.format = "currency";
  } else if (name == "length") {
    look.label = "Length (min)";
  }
  return look;
}

std::string vega_format(const std::string& format) {
  if (format == "currency") return "$,.2f";
  if (format == "percent") return ".2~f";
  return ",~r";
}

std::string title_of(const planning::Plan& plan) {
  std::string metric = plan.metric_label.empty()
                           ? plan.semantic_query.value("metric", std::string("result"))
                           : plan.metric_label;
  for (char& c : metric) c = c == '_' ? ' ' : c;
  if (!metric.empty())
    metric[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(metric[0])));
  const auto dims = plan.semantic_query.value("dimensions", nlohmann::json::array());
  if (!dims.empty()) metric += " by " + dims[0].get<std::string>();
  if (plan.time_range.is_object()) metric += " · " + plan.time_range.value("label", std::string());
  return metric;
}

}  // namespace

nlohmann::json build(const planning::Plan& plan, const ResultSet& rs) {
  nlohmann::json out = nlohmann::json::array();
  const std::string title = title_of(plan);
  const std::string metric = plan.semantic_query.value("metric", std::string());
  std::string format =
      (metric == "revenue" || metric == "avg_payment" || metric == "revenue_per_customer")
          ? "currency"
          : "number";
  if (!plan.metric_format.empty()) format = plan.metric_format;  // from the semantic model
  nlohmann::json columns = nlohmann::json::array();
  nlohmann::json formats = nlohmann::json::object();
  nlohmann::json labels = nlohmann::json::object();
  std::map<std::string, ColumnLook> looks;
  for (const auto& c : rs.columns) {
    columns.push_back(c.name);
    const auto look = look_of(plan, c, format);
    looks[c.name] = look;
    if (!look.format.empty()) formats[c.name] = look.format;
    labels[c.name] = look.label;
  }

  const bool several_measures = !plan.also_measures.empty();
  if (several_measures && rs.rows.size() == 1 &&
      plan.semantic_query.value("dimensions", nlohmann::json::array()).empty()) {
    // "Revenue and rentals in June": one figure per measure, each with its own format.
    for (size_t i = 0; i < rs.columns.size(); ++i) {
      const auto& look = looks[rs.columns[i].name];
      out.push_back({{"id", i == 0 ? std::string("metric") : "metric_" + std::to_string(i + 1)},
                     {"type", "metric"},
                     {"title", look.label + (plan.time_range.is_object()
                                                 ? " · " + plan.time_range.value("label", "")
                                                 : std::string())},
                     {"value", rs.rows[0][i]},
                     {"format", look.format},
                     {"label", rs.columns[i].name}});
    }
  } else if (plan.semantic_query.value("gap", false) && rs.rows.size() == 1 &&
             rs.columns.size() == 5) {
    // "Did store 1 or store 2 take more, and by how much?" (one row: label, figure, runner-up,
    // its figure, difference): the gap as the figure, and the two side by side as bars.
    const auto& row = rs.rows[0];
    const std::string& x = rs.columns[0].name;
    const std::string& y = rs.columns[1].name;
    out.push_back({{"id", "metric"},
                   {"type", "metric"},
                   {"title", looks["difference"].label + " · " + title},
                   {"value", row[4]},
                   {"format", format},
                   {"label", "difference"}});
    nlohmann::json pair = nlohmann::json::array({{{x, row[0]}, {y, row[1]}}});
    if (!row[2].is_null()) pair.push_back({{x, row[2]}, {y, row[3]}});
    const auto& y_look = looks[y];
    const nlohmann::json spec = {
        {"$schema", "https://vega.github.io/schema/vega-lite/v5.json"},
        {"data", {{"values", pair}}},
        {"width", "container"},
        {"height", 280},
        {"mark",
         {{"type", "bar"},
          {"tooltip", nlohmann::json::array({{{"field", x}, {"title", looks[x].label}},
                                             {{"field", y},
                                              {"title", y_look.label},
                                              {"format", vega_format(y_look.format)}}})}}},
        {"encoding",
         {{"x", {{"field", x}, {"type", "nominal"}, {"sort", nullptr}, {"title", looks[x].label}}},
          {"y",
           {{"field", y},
            {"type", "quantitative"},
            {"title", y_look.label},
            {"axis", {{"format", vega_format(y_look.format)}}}}}}}};
    out.push_back({{"id", "chart"}, {"type", "bar"}, {"title", title}, {"vega_lite", spec}});
  } else if (rs.rows.size() == 1 && rs.columns.size() == 1 && numeric(rs.columns[0].type)) {
    out.push_back({{"id", "metric"},
                   {"type", "metric"},
                   {"title", title},
                   {"value", rs.rows[0][0]},
                   {"format", format},
                   {"label", rs.columns[0].name}});
  } else if (!rs.rows.empty() && rs.columns.size() >= 2) {
    // The measure is the last numeric column that is not a share; the label the first column.
    size_t y = rs.columns.size() - 1;
    for (size_t i = rs.columns.size(); i-- > 0;) {
      // With further measures beside it, the chart shows the metric asked first.
      if (several_measures) {
        if (rs.columns[i].name == metric && i != 0) y = i;
        continue;
      }
      // A rank within a group ("top film per store") orders the rows; it is not the measure.
      if (numeric(rs.columns[i].type) && rs.columns[i].name != "share_pct" &&
          rs.columns[i].name != "rank" && rs.columns[i].name != kTiedCountColumn && i != 0) {
        y = i;
        break;
      }
    }
    if (rs.columns[y].name == metric || y != 0) {
      const auto& x = rs.columns[0];
      // A line joins points in time: months and days, hours by their number; "weekday" and
      // "weekend" are two categories side by side, so bars.
      const bool is_time = temporal(x.type) || (plan.intent == "trend" && numeric(x.type));
      std::string kind = is_time ? "line" : "bar";
      // A pie shows parts of one whole: not rates of several wholes (each store's own share),
      // and not rows split by a second label (store and status), whose slices would repeat.
      if (plan.intent == "distribution" && rs.rows.size() <= 6 && !is_time &&
          rs.columns.size() == 2 && !plan.semantic_query.value("share_within", false)) {
        kind = "pie";
      }
      nlohmann::json spec = {{"$schema", "https://vega.github.io/schema/vega-lite/v5.json"},
                             {"data", {{"values", values(rs)}}},
                             {"width", "container"},
                             {"height", 280}};
      const std::string x_type =
          temporal(x.type) ? "temporal" : (numeric(x.type) ? "ordinal" : "nominal");
      if (kind == "pie") {
        spec["mark"] = {{"type", "arc"}, {"tooltip", true}};
        spec["encoding"] = {{"theta", {{"field", rs.columns[y].name}, {"type", "quantitative"}}},
                            {"color", {{"field", x.name}, {"type", "nominal"}}}};
      } else if (kind == "line") {
        spec["mark"] = {{"type", "line"}, {"point", true}, {"tooltip", true}};
        spec["encoding"] = {{"x", {{"field", x.name}, {"type", x_type}, {"sort", nullptr}}},
                            {"y", {{"field", rs.columns[y].name}, {"type", "quantitative"}}}};
      } else {
        spec["mark"] = {{"type", "bar"}, {"tooltip", true}};
        spec["encoding"] = {{"x",
                             {{"field", x.name},
                              {"type", x_type == "temporal" ? "ordinal" : x_type},
                              {"sort", nullptr}}},
                            {"y", {{"field", rs.columns[y].name}, {"type", "quantitative"}}}};
      }
      // A second label column (e.g. store next to month) colours the series.
      if (rs.columns.size() >= 3 && y >= 2 && kind != "pie" &&
          !numeric(rs.columns[1].type) == false && rs.columns[1].name != "share_pct" &&
          rs.columns[1].name != rs.columns[y].name) {
        spec["encoding"]["color"] = {{"field", rs.columns[1].name}, {"type", "nominal"}};
      }
      // Axes and tooltips read like the narrative: "$4,847.60", "Store", "Revenue".
      const auto& y_look = looks[rs.columns[y].name];
      auto& enc = spec["encoding"];
      const char* value_channel = kind == "pie" ? "theta" : "y";
      enc[value_channel]["title"] = y_look.label;
      if (kind != "pie") enc["y"]["axis"] = {{"format", vega_format(y_look.format)}};
      if (enc.contains("x")) enc["x"]["title"] = looks[x.name].label;
      if (enc.contains("color"))
        enc["color"]["title"] = looks[enc["color"]["field"].get<std::string>()].label;
      spec["mark"]["tooltip"] =
          nlohmann::json::array({{{"field", x.name}, {"title", looks[x.name].label}},
                                 {{"field", rs.columns[y].name},
                                  {"title", y_look.label},
                                  {"format", vega_format(y_look.format)}}});
      out.push_back({{"id", "chart"}, {"type", kind}, {"title", title}, {"vega_lite", spec}});
    }
  }
  out.push_back({{"id", "table"},
                 {"type", "table"},
                 {"title", title},
                 {"columns", columns},
                 {"formats", formats},
                 {"labels", labels}});
  return out;
}

}  // namespace copilot::widgets
