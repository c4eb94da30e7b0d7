#include "copilot/catalog/catalog.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>

namespace copilot::catalog {
namespace {

using nlohmann::json;

bool identifier_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// Whether SQL text names `alias.column` as a whole word ("p.amount", not "p.amounts").
bool mentions_column(const std::string& text, const std::string& alias, const std::string& column) {
  const std::string needle = alias + "." + column;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    const bool starts = at == 0 || !identifier_char(text[at - 1]);
    const size_t end = at + needle.size();
    const bool ends = end == text.size() || !identifier_char(text[end]);
    if (starts && ends) return true;
  }
  return false;
}

// The relations a piece of the model's SQL reads, with their aliases: "JOIN film f ON ..." →
// (film, f). The model's SQL is ours, written as FROM/JOIN relation alias.
std::vector<std::pair<std::string, std::string>> relations_in(const std::string& sql) {
  std::vector<std::string> words;
  std::string word;
  for (const char c : sql) {
    if (identifier_char(c)) {
      word += c;
    } else {
      if (!word.empty()) words.push_back(word);
      word.clear();
      if (c == '(' || c == ')' || c == ',' || c == '=' || c == '.') words.emplace_back(1, c);
    }
  }
  if (!word.empty()) words.push_back(word);
  std::vector<std::pair<std::string, std::string>> out;
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    std::string keyword = words[i];
    std::transform(keyword.begin(), keyword.end(), keyword.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (keyword != "FROM" && keyword != "JOIN") continue;
    const std::string& relation = words[i + 1];
    if (relation.empty() || !identifier_char(relation.front())) continue;
    // extract(epoch FROM r.return_date): a column, not a relation.
    if (i + 2 < words.size() && words[i + 2] == ".") continue;
    std::string alias;
    if (i + 2 < words.size() && identifier_char(words[i + 2].front())) {
      alias = words[i + 2];
      std::string upper = alias;
      std::transform(upper.begin(), upper.end(), upper.begin(),
                     [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
      if (upper == "AS" && i + 3 < words.size()) alias = words[i + 3];
      static const std::set<std::string> kNotAliases = {"ON",    "WHERE", "JOIN",  "LEFT", "GROUP",
                                                        "ORDER", "USING", "INNER", "AND"};
      if (kNotAliases.count(upper) != 0) alias.clear();
    }
    out.emplace_back(relation, alias);
  }
  return out;
}

// What one role may use: the role matrix and the reader's privileges, both at once.
class Allowed {
 public:
  Allowed(Role role, const ReadableColumns& readable, const semantic::Model& model)
      : matrix_(readable_relations(role)), readable_(readable), model_(model) {}

  [[nodiscard]] bool relation(const std::string& name) const {
    return matrix_.count(name) != 0 && readable_.count(name) != 0;
  }
  [[nodiscard]] bool column(const std::string& relation, const std::string& column) const {
    const auto it = readable_.find(relation);
    if (it == readable_.end() || matrix_.count(relation) == 0) return false;
    return std::any_of(it->second.begin(), it->second.end(),
                       [&](const ReadableColumn& c) { return c.name == column; });
  }
  // Every column of `source` that `text` names through `alias` is readable.
  [[nodiscard]] bool columns_of(const semantic::Source& source, const std::string& alias,
                                const std::string& text) const {
    return std::all_of(source.columns.begin(), source.columns.end(), [&](const std::string& c) {
      return !mentions_column(text, alias, c) || column(source.view, c);
    });
  }
  // Every relation `sql` reads is readable, and every column of those the model knows (its
  // sources) that `text` names through the relation's alias.
  [[nodiscard]] bool sql(const std::string& sql, const std::string& text) const {
    for (const auto& [relation, alias] : relations_in(sql)) {
      if (!this->relation(relation)) return false;
      const auto source = model_.sources.find(relation);
      if (source != model_.sources.end() && !alias.empty() &&
          !columns_of(source->second, alias, text)) {
        return false;
      }
    }
    return true;
  }
  [[nodiscard]] bool views(const std::vector<std::string>& views) const {
    return std::all_of(views.begin(), views.end(),
                       [&](const std::string& v) { return relation(v); });
  }

 private:
  std::set<std::string> matrix_;
  const ReadableColumns& readable_;
  const semantic::Model& model_;
};

// The `catalog` blocks of the model's metrics or dimensions, by name.
std::map<std::string, json> catalog_blocks(const json& raw, const char* section) {
  std::map<std::string, json> out;
  if (!raw.is_object() || !raw.contains(section) || !raw[section].is_array()) return out;
  for (const auto& item : raw[section]) {
    if (item.is_object() && item.contains("name") && item.contains("catalog")) {
      out[item["name"].get<std::string>()] = item["catalog"];
    }
  }
  return out;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// Model SQL as it reads a source: {a} is the source's alias, {t} its time column.
std::string filled(const std::string& sql, const semantic::Source& source) {
  return replace_all(replace_all(sql, "{a}", source.alias), "{t}", source.time);
}

// The SQL a metric computes with (its aggregate, condition and own joins), for the checks.
std::string metric_text(const semantic::Model& model, const semantic::Metric& metric) {
  std::string text = metric.sql() + " " + metric.where;
  for (const auto& j : metric.joins) text += " " + model.joins.at(j).sql;
  return filled(text, model.source(metric.source));
}

bool metric_allowed(const semantic::Model& model, const semantic::Metric& metric,
                    const Allowed& allowed) {
  const auto& source = model.source(metric.source);
  const std::string text = metric_text(model, metric);
  if (!allowed.relation(source.view) || !allowed.views(model.views_for(metric, {}))) return false;
  if (!allowed.columns_of(source, source.alias, text)) return false;
  // Relations read by its joins and subqueries ("films never rented" reads rentals).
  return allowed.sql(text, text);
}

bool dimension_allowed(const semantic::Model& model, const semantic::Metric& metric,
                       const semantic::Dimension& dim, const Allowed& allowed) {
  const auto& source = model.source(metric.source);
  if (!model.applies(dim, source)) return false;
  if (!allowed.views(model.views_for(metric, {dim.name}))) return false;
  std::string joins;
  for (const auto& j : dim.joins_for(source)) joins += " " + filled(model.joins.at(j).sql, source);
  const std::string text = dim.expr_for(source) + " " + dim.group_for(source) + joins;
  return allowed.columns_of(source, source.alias, text) && allowed.sql(joins, text);
}

std::string text_or(const json& block, const char* key, const std::string& fallback) {
  return block.is_object() && block.contains(key) && block[key].is_string()
             ? block[key].get<std::string>()
             : fallback;
}

}  // namespace

std::vector<std::string> catalog_relations(Role role) {
  std::vector<std::string> out = scoped_views(role);
  out.insert(out.end(), reference_relations().begin(), reference_relations().end());
  return out;
}

json build_catalog(const semantic::Model& model, Role role, const ReadableColumns& readable) {
  const Allowed allowed(role, readable, model);
  const auto metric_blocks = catalog_blocks(model.raw, "metrics");
  const auto dimension_blocks = catalog_blocks(model.raw, "dimensions");

  json metrics = json::array();
  std::set<std::string> used_dimensions;
  for (const auto& metric : model.metrics) {
    if (!metric_allowed(model, metric, allowed)) continue;
    json dims = json::array();
    for (const auto& dim : model.dimensions) {
      if (dimension_allowed(model, metric, dim, allowed)) {
        dims.push_back(dim.name);
        used_dimensions.insert(dim.name);
      }
    }
    const auto block =
        metric_blocks.count(metric.name) != 0 ? metric_blocks.at(metric.name) : json::object();
    json examples = block.is_object() && block.contains("examples") && block["examples"].is_array()
                        ? block["examples"]
                        : json::array({metric.label + " by month"});
    metrics.push_back({{"name", metric.name},
                       {"label", metric.label},
                       {"description", text_or(block, "description", metric.label)},
                       {"format", metric.format},
                       {"view", metric.source},
                       {"examples", examples},
                       {"dimensions", dims}});
  }

  json dimensions = json::array();
  for (const auto& dim : model.dimensions) {
    if (used_dimensions.count(dim.name) == 0) continue;
    const auto block =
        dimension_blocks.count(dim.name) != 0 ? dimension_blocks.at(dim.name) : json::object();
    dimensions.push_back({{"name", dim.name},
                          {"label", text_or(block, "label", dim.name)},
                          {"description", text_or(block, "description", "")},
                          {"time", dim.is_time}});
  }

  const auto& masked = masked_fields(role);
  const auto& scoped = scoped_views(role);
  json views = json::array();
  for (const auto& relation : catalog_relations(role)) {
    if (!allowed.relation(relation)) continue;
    json columns = json::array();
    for (const auto& c : readable.at(relation)) {
      columns.push_back(
          {{"name", c.name},
           {"type", c.type},
           {"masked", std::find(masked.begin(), masked.end(), c.name) != masked.end()}});
    }
    const bool is_scoped = std::find(scoped.begin(), scoped.end(), relation) != scoped.end();
    views.push_back(
        {{"name", relation}, {"kind", is_scoped ? "scoped" : "reference"}, {"columns", columns}});
  }
  return {{"role", role_name(role)},
          {"metrics", metrics},
          {"dimensions", dimensions},
          {"views", views}};
}

}  // namespace copilot::catalog
