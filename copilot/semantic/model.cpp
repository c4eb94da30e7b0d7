#include "copilot/semantic/model.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace copilot::semantic {
namespace {

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// A field that is a string, or an object keyed by source view with a "*" default.
nlohmann::json pick(const nlohmann::json& field, const Source& source) {
  if (!field.is_object()) return field;
  if (field.contains(source.view)) return field.at(source.view);
  if (field.contains("*")) return field.at("*");
  return nullptr;
}

std::string fill(const std::string& text, const Source& source) {
  return replace_all(replace_all(text, "{a}", source.alias), "{t}", source.time);
}

std::vector<std::string> strings(const nlohmann::json& j) {
  std::vector<std::string> out;
  if (j.is_array()) {
    for (const auto& s : j) out.push_back(s.get<std::string>());
  }
  return out;
}

// An expression written as "round(X, N)": X and N, so that comparisons and changes can use X
// before rounding. Our own model's text, checked by its shape; anything else is left whole.
std::optional<std::pair<std::string, int>> outer_round(const std::string& expr) {
  if (!expr.starts_with("round(") || expr.back() != ')') return std::nullopt;
  int depth = 0;
  size_t last_comma = std::string::npos;
  for (size_t i = 5; i < expr.size(); ++i) {
    if (expr[i] == '(') ++depth;
    if (expr[i] == ')' && --depth == 0 && i + 1 != expr.size()) return std::nullopt;
    if (expr[i] == ',' && depth == 1) last_comma = i;
  }
  if (last_comma == std::string::npos) return std::nullopt;
  std::string digits = expr.substr(last_comma + 1, expr.size() - last_comma - 2);
  while (!digits.empty() && digits.front() == ' ') digits.erase(0, 1);
  if (digits.empty() || digits.size() > 2 || !std::all_of(digits.begin(), digits.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) != 0;
      })) {
    return std::nullopt;
  }
  return std::make_pair(expr.substr(6, last_comma - 6), std::stoi(digits));
}

bool has_column(const Source& source, const std::string& column) {
  return std::find(source.columns.begin(), source.columns.end(), column) != source.columns.end();
}

}  // namespace

std::string Metric::sql(const std::string& filter, bool rounded) const {
  std::string out;
  if (!expr.empty()) {
    const std::string restriction = filter.empty() ? "" : " FILTER (WHERE " + filter + ")";
    const auto unrounded = rounded ? std::nullopt : outer_round(expr);
    out = unrounded ? unrounded->first : expr;
    for (size_t at = out.find("{filter}"); at != std::string::npos;
         at = out.find("{filter}", at + restriction.size())) {
      out.replace(at, 8, restriction);
    }
  } else {
    out = agg + "(" + arg + ")";
    if (!filter.empty()) out += " FILTER (WHERE " + filter + ")";
  }
  if (rounded && round >= 0 && expr.empty()) {
    out = "round(" + out + ", " + std::to_string(round) + ")";
  }
  return out;
}

int Metric::shown_digits() const {
  if (round >= 0 || expr.empty()) return round;
  const auto unrounded = outer_round(expr);
  return unrounded ? unrounded->second : -1;
}

std::string Dimension::expr_for(const Source& source) const {
  auto e = pick(expr, source);
  if (!e.is_string()) return "";
  const auto text = e.get<std::string>();
  // "{a}.column" applies only to sources that have the column; time grains need a time column.
  if (text.rfind("{a}.", 0) == 0 && text.find_first_of(" (") == std::string::npos &&
      !has_column(source, text.substr(4))) {
    return "";
  }
  if (text.find("{t}") != std::string::npos && source.time.empty()) return "";
  return fill(text, source);
}

std::string Dimension::group_for(const Source& source) const {
  auto g = pick(group, source);
  return g.is_string() ? fill(g.get<std::string>(), source) : expr_for(source);
}

std::string Dimension::order_for(const Source& source) const {
  return order.empty() ? "" : fill(order, source);
}

std::vector<std::string> Dimension::joins_for(const Source& source) const {
  return strings(pick(joins, source));
}

const Metric* Model::metric(const std::string& name) const {
  for (const auto& m : metrics) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

const Dimension* Model::dimension(const std::string& name) const {
  for (const auto& d : dimensions) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

const Dimension* Model::attribute(const std::string& name) const {
  for (const auto& a : attributes) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

const Source& Model::source(const std::string& view) const {
  auto it = sources.find(view);
  if (it == sources.end()) throw ModelError("unknown source " + view);
  return it->second;
}

bool Model::applies(const Dimension& dim, const Source& src) const {
  if (dim.expr_for(src).empty()) return false;
  for (const auto& j : dim.joins_for(src)) {
    auto it = joins.find(j);
    if (it == joins.end()) return false;
    if (!it->second.needs.empty() && !has_column(src, it->second.needs)) return false;
  }
  return true;
}

std::vector<std::string> Model::views_for(const Metric& metric,
                                          const std::vector<std::string>& dims) const {
  std::vector<std::string> views;
  const auto& src = source(metric.source);
  if (!src.checked_by_hand()) views.push_back(src.view);
  // A metric's own joins may read a scoped view too (utilisation reads open rentals).
  for (const auto& j : metric.joins) {
    const auto& view = joins.at(j).view;
    if (!view.empty() && std::find(views.begin(), views.end(), view) == views.end()) {
      views.push_back(view);
    }
  }
  for (const auto& view : metric.reads) {
    if (std::find(views.begin(), views.end(), view) == views.end()) views.push_back(view);
  }
  for (const auto& name : dims) {
    const auto* dim = dimension(name);
    if (dim == nullptr) continue;
    if (!dim->requires_view.empty() &&
        std::find(views.begin(), views.end(), dim->requires_view) == views.end()) {
      views.push_back(dim->requires_view);
    }
    for (const auto& j : dim->joins_for(src)) {
      const auto& view = joins.at(j).view;
      if (!view.empty() && std::find(views.begin(), views.end(), view) == views.end()) {
        views.push_back(view);
      }
    }
  }
  return views;
}

Model parse_model(const nlohmann::json& doc) {
  Model model;
  model.raw = doc;
  try {
    for (const auto& [view, s] : doc.at("sources").items()) {
      Source src{view,
                 s.at("alias").get<std::string>(),
                 s.at("time").is_string() ? s.at("time").get<std::string>() : "",
                 strings(s.at("columns")),
                 s.value("scoped_by_hand", false),
                 s.value("reference", false)};
      model.sources.emplace(view, std::move(src));
    }
    for (const auto& [name, j] : doc.at("joins").items()) {
      model.joins.emplace(name,
                          Join{name, j.at("sql").get<std::string>(), j.value("needs", ""),
                               j.value("after", ""), j.value("view", ""), j.value("exists", "")});
    }
    for (const auto& m : doc.at("metrics")) {
      Metric metric{m.at("name"),
                    m.at("label"),
                    m.at("source"),
                    m.value("agg", ""),
                    m.value("arg", ""),
                    m.value("expr", ""),
                    m.value("where", ""),
                    m.value("format", "number"),
                    m.value("round", -1),
                    strings(m.value("joins", nlohmann::json::array())),
                    strings(m.at("synonyms")),
                    strings(m.value("reads", nlohmann::json::array())),
                    m.value("period_inside", ""),
                    strings(m.value("weak_synonyms", nlohmann::json::array())),
                    m.value("entity_key", "")};
      if (!metric.period_inside.empty() && metric.where.find("{period}") == std::string::npos) {
        throw ModelError("metric " + metric.name + " has period_inside but no {period} in where");
      }
      model.metrics.push_back(std::move(metric));
    }
    const auto read_dimension = [](const nlohmann::json& d) {
      Dimension dim{d.at("name"),
                    d.value("column", d.at("name").get<std::string>()),
                    d.value("time", false),
                    d.at("expr"),
                    d.value("group", nlohmann::json()),
                    d.value("joins", nlohmann::json::array()),
                    d.value("order", ""),
                    strings(d.value("synonyms", nlohmann::json::array())),
                    d.value("requires_view", ""),
                    d.value("label", d.at("name").get<std::string>()),
                    d.value("unit", ""),
                    d.value("multi_valued", false)};
      return dim;
    };
    for (const auto& d : doc.at("dimensions")) model.dimensions.push_back(read_dimension(d));
    for (const auto& a : doc.value("attributes", nlohmann::json::array())) {
      model.attributes.push_back(read_dimension(a));
    }
    for (const auto& [kind, values] : doc.at("entities").items()) {
      model.entities[kind] = strings(values);
    }
    const auto aliases = doc.contains("aliases") ? doc.at("aliases") : nlohmann::json::object();
    for (const auto& [kind, map] : aliases.items()) {
      if (!map.is_object()) continue;
      for (const auto& [alias, value] : map.items()) {
        model.aliases[kind][alias] = value.get<std::string>();
      }
    }
  } catch (const nlohmann::json::exception& e) {
    throw ModelError(std::string("semantic model is malformed: ") + e.what());
  }

  // Validation: every reference resolves; an unknown column is a startup error.
  for (const auto& [name, join] : model.joins) {
    if (!join.after.empty() && model.joins.count(join.after) == 0) {
      throw ModelError("join " + name + " comes after unknown join " + join.after);
    }
  }
  for (const auto& m : model.metrics) {
    if (model.sources.count(m.source) == 0) {
      throw ModelError("metric " + m.name + " reads unknown source " + m.source);
    }
    if (m.expr.empty() && (m.agg.empty() || m.arg.empty())) {
      throw ModelError("metric " + m.name + " needs either expr or agg + arg");
    }
    const auto& src = model.sources.at(m.source);
    if (m.arg.size() > 2 && m.arg.rfind(src.alias + ".", 0) == 0 &&
        !has_column(src, m.arg.substr(src.alias.size() + 1))) {
      throw ModelError("metric " + m.name + " uses unknown column " + m.arg + " of " + m.source);
    }
    for (const auto& j : m.joins) {
      if (model.joins.count(j) == 0)
        throw ModelError("metric " + m.name + " uses unknown join " + j);
    }
    if (!m.entity_key.empty() && !has_column(src, m.entity_key)) {
      throw ModelError("metric " + m.name + " counts " + m.entity_key + ", not a column of " +
                       m.source);
    }
    for (const auto& view : m.reads) {
      if (model.sources.count(view) == 0 || model.sources.at(view).checked_by_hand()) {
        throw ModelError("metric " + m.name + " reads " + view + ", which is not a scoped view");
      }
    }
  }
  std::vector<const Dimension*> columns;
  for (const auto& d : model.dimensions) columns.push_back(&d);
  for (const auto& a : model.attributes) columns.push_back(&a);
  for (const auto* column : columns) {
    const auto& d = *column;
    for (const auto& [view, src] : model.sources) {
      for (const auto& j : d.joins_for(src)) {
        if (model.joins.count(j) == 0) {
          throw ModelError("dimension " + d.name + " uses unknown join " + j);
        }
      }
      (void)view;
    }
  }
  for (const auto* column : columns) {
    const auto& d = *column;
    if (std::none_of(model.sources.begin(), model.sources.end(),
                     [&](const auto& s) { return model.applies(d, s.second); })) {
      throw ModelError("dimension or attribute " + d.name +
                       " applies to no source (unknown column?)");
    }
  }
  return model;
}

std::string why_not_several_measures(const nlohmann::json& semantic_query, const Model& model) {
  // Each shape, with how a person would name it.
  static constexpr std::array<std::pair<const char*, const char*>, 10> kShapes = {{
      {"growth", "a change between periods"},
      {"share", "a share"},
      {"share_of", "a share"},
      {"share_by_conditions", "a share"},
      {"having", "a condition on the groups"},
      {"limit", "a top or bottom N"},
      {"limit_per", "a top N in each group"},
      {"average_per", "an average per period"},
      {"count_groups", "a count of groups"},
      {"lookup", "a lookup"},
  }};
  if (!semantic_query.is_object()) return "not a semantic query";
  // A top or bottom N of one breakdown picks its rows by the first measure; the others are shown
  // beside each row ("top 5 films by rentals, with their revenue").
  const auto order = semantic_query.value("order", nlohmann::json());
  const bool ranked_rows = (order == "metric_desc" || order == "metric_asc") &&
                           semantic_query.value("dimensions", nlohmann::json::array()).size() == 1;
  for (const auto& [key, words] : kShapes) {
    if (ranked_rows && std::string_view(key) == "limit") continue;
    if (semantic_query.contains(key) && !semantic_query[key].is_null() &&
        semantic_query[key] != false) {
      return std::string("several measures cannot be shown with ") + words;
    }
  }
  for (const auto& d : semantic_query.value("dimensions", nlohmann::json::array())) {
    const auto* dim = d.is_string() ? model.dimension(d.get<std::string>()) : nullptr;
    if (dim == nullptr) return "unknown dimension";
    // Weekday names sort by day number: rows lined up by their labels would be out of order.
    if (!dim->order.empty()) return "several measures cannot be shown by " + dim->name;
  }
  return {};
}

Model with_sunday_weeks(const Model& model) {
  Model out = model;
  for (auto& d : out.dimensions) {
    if (d.name == "week")
      d.expr = "(date_trunc('week', {t} + interval '1 day') - interval '1 day')::date";
  }
  return out;
}

bool cuts_weeks(const nlohmann::json& semantic_query) {
  if (!semantic_query.is_object()) return false;
  const auto dims = semantic_query.value("dimensions", nlohmann::json::array());
  return (dims.is_array() && std::find(dims.begin(), dims.end(), "week") != dims.end()) ||
         semantic_query.value("average_per", nlohmann::json()) == "week";
}

Model load_model(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ModelError("cannot read the semantic model at " + path);
  auto doc = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) throw ModelError("the semantic model at " + path + " is not valid JSON");
  return parse_model(doc);
}

}  // namespace copilot::semantic
