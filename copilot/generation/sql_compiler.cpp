#include "copilot/generation/sql_compiler.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <optional>
#include <set>

#include "common/error/error.hpp"
#include "copilot/core/ranking_ties.hpp"

namespace copilot::generation {
namespace {

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

std::string literal(const nlohmann::json& value) {
  if (value.is_number_integer()) return std::to_string(value.get<long>());
  if (value.is_number()) return value.dump();
  if (value.is_string()) return quote_literal(value.get<std::string>());
  throw common::Error::invalid_field("filters", "filter values must be numbers or strings");
}

// A number for a condition: finite, written without exponent.
std::string number_literal(const nlohmann::json& value, const char* field) {
  if (!value.is_number()) throw common::Error::invalid_field(field, "must be a number");
  const double v = value.get<double>();
  if (!std::isfinite(v) || std::abs(v) > 1e12) {
    throw common::Error::invalid_field(field, "is out of range");
  }
  if (value.is_number_integer()) return std::to_string(value.get<long>());
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f", v);
  std::string out = buf;
  while (out.back() == '0') out.pop_back();
  if (out.back() == '.') out.pop_back();
  return out;
}

// "expr > 120", "expr BETWEEN 1 AND 3" for a comparison {op, value, value2}.
std::string comparison(const std::string& expr, const nlohmann::json& c, const char* field) {
  static const std::set<std::string> kOps = {">", ">=", "<", "<=", "=", "between"};
  const auto op = c.value("op", std::string());
  if (kOps.count(op) == 0) throw common::Error::invalid_field(field, "unknown operator " + op);
  if (op == "between") {
    return expr + " BETWEEN " + number_literal(c.at("value"), field) + " AND " +
           number_literal(c.at("value2"), field);
  }
  return expr + " " + op + " " + number_literal(c.at("value"), field);
}

std::string time_literal(const nlohmann::json& day) {
  const auto text = day.get<std::string>();
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' ||
      text.find_first_not_of("0123456789-") != std::string::npos) {
    throw common::Error::invalid_field("time", "dates must be YYYY-MM-DD");
  }
  return "'" + text + " 00:00:00+00'";
}

// "2022-08-23 21:50:12" exactly (UTC): anything else is refused, never passed on.
std::string instant_literal(const nlohmann::json& instant) {
  const auto text = instant.is_string() ? instant.get<std::string>() : std::string();
  static constexpr std::string_view kShape = "dddd-dd-dd dd:dd:dd";
  bool fits = text.size() == kShape.size();
  for (size_t i = 0; fits && i < text.size(); ++i) {
    fits = kShape[i] == 'd' ? std::isdigit(static_cast<unsigned char>(text[i])) != 0
                            : text[i] == kShape[i];
  }
  if (!fits) throw common::Error::invalid_field("time", "instants must be YYYY-MM-DD HH:MM:SS");
  return "'" + text + "+00'";
}

// A period is whole days [from, to); a rolling window in hours is (after, until].
std::string range_condition(const std::string& column, const nlohmann::json& range) {
  if (range.contains("after") || range.contains("until")) {
    return column + " > " + instant_literal(range.value("after", nlohmann::json())) + " AND " +
           column + " <= " + instant_literal(range.value("until", nlohmann::json()));
  }
  return column + " >= " + time_literal(range.at("from")) + " AND " + column + " < " +
         time_literal(range.at("to"));
}

std::string as_of_literal(const nlohmann::json& sq) {
  const auto text = sq.value("as_of", std::string());
  if (text.size() < 10) return "now()";
  std::string clean;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == ':' || c == ' ' ||
        c == '+' || c == '.' || c == 'T') {
      clean.push_back(c);
    }
  }
  return "'" + clean + "'::timestamptz";
}

// A join once, after the joins it needs (language after film).
void add_join(std::vector<std::string>& joins, const semantic::Model& model,
              const std::string& name) {
  if (std::find(joins.begin(), joins.end(), name) != joins.end()) return;
  const auto& join = model.joins.at(name);
  if (!join.after.empty()) add_join(joins, model, join.after);
  joins.push_back(name);
}

struct FilterSql {
  const semantic::Dimension* dim;
  nlohmann::json values;
  bool exclude = false;
};

struct ConditionSql {
  const semantic::Dimension* attribute;
  nlohmann::json comparison;
};

std::vector<FilterSql> read_filters(const nlohmann::json& sq, const semantic::Model& model,
                                    const semantic::Source& src, const std::string& label) {
  std::vector<FilterSql> out;
  for (const auto& f : sq.value("filters", nlohmann::json::array())) {
    const auto* dim = model.dimension(f.at("dimension").get<std::string>());
    if (dim == nullptr || !model.applies(*dim, src)) {
      throw common::Error::invalid_field(
          "filters", "cannot filter " + label + " by " + f.at("dimension").get<std::string>());
    }
    if (!f.at("values").is_array() || f.at("values").empty()) {
      throw common::Error::invalid_field("filters", "a filter needs at least one value");
    }
    out.push_back({dim, f.at("values"), f.value("exclude", false)});
  }
  return out;
}

std::vector<ConditionSql> read_conditions(const nlohmann::json& sq, const semantic::Model& model,
                                          const semantic::Source& src, const std::string& label) {
  std::vector<ConditionSql> out;
  for (const auto& c : sq.value("conditions", nlohmann::json::array())) {
    const auto* attribute = model.attribute(c.value("attribute", std::string()));
    if (attribute == nullptr || !model.applies(*attribute, src)) {
      throw common::Error::invalid_field(
          "conditions", "cannot compare " + label + " by " + c.value("attribute", std::string()));
    }
    out.push_back({attribute, c});
  }
  return out;
}

// One filter as a WHERE condition. A film has several categories and actors: unless the query
// groups by that dimension, a filter on it tests membership (EXISTS), so a rental of a film in
// two of the named categories counts once and "not Action" drops every Action film.
std::string filter_sql(const FilterSql& f, const semantic::Model& model,
                       const semantic::Source& src, bool as_membership) {
  const auto expr = f.dim->expr_for(src);
  std::string list;
  for (const auto& v : f.values) list += (list.empty() ? "" : ", ") + literal(v);
  const bool one = f.values.size() == 1;
  if (!as_membership) {
    if (one) return expr + (f.exclude ? " <> " : " = ") + list;
    return expr + (f.exclude ? " NOT IN (" : " IN (") + list + ")";
  }
  const auto joins_needed = f.dim->joins_for(src);
  if (joins_needed.empty() || model.joins.at(joins_needed.back()).exists.empty()) {
    throw common::Error::invalid_field("filters", "cannot filter by " + f.dim->name);
  }
  const auto member = one ? expr + " = " + list : expr + " IN (" + list + ")";
  return std::string(f.exclude ? "NOT EXISTS (" : "EXISTS (") +
         replace_all(model.joins.at(joins_needed.back()).exists, "{a}", src.alias) + " AND " +
         member + ")";
}

// "Customers who rented in May but not in June", "… both a Documentary and a Horror title": the
// things a metric counts (its entity_key) that have rows of their own in another period, with
// other filters or conditions — or none. One row set as the keys it holds, read with the same
// scope and permission checks as the metric's own rows; compile_one keeps (IN) or drops (NOT IN)
// the counted rows whose key is among them.
CompiledSql row_set_sql(const nlohmann::json& rows, const std::string& things,
                        const semantic::Metric& metric, const semantic::Model& model, Role role,
                        const std::string& store_list, const char* field) {
  if (!rows.is_object()) throw common::Error::invalid_field(field, "must be a list of row sets");
  // A part of a row set the compiler does not read would be dropped silently: refused instead.
  static const std::set<std::string> kKeys = {"source",  "key",        "time",
                                              "filters", "conditions", "text"};
  for (const auto& item : rows.items()) {
    if (kKeys.count(item.key()) == 0) {
      throw common::Error::invalid_field(field, "a row set cannot have " + item.key());
    }
  }
  const auto source_name = rows.value("source", metric.source);
  if (model.sources.count(source_name) == 0) {
    throw common::Error::invalid_field(field, "unknown source " + source_name);
  }
  const auto& src = model.source(source_name);
  if (std::find(src.columns.begin(), src.columns.end(), things) == src.columns.end()) {
    throw common::Error::invalid_field(field, src.view + " has no " + things);
  }
  const auto filters = read_filters(rows, model, src, field);
  const auto conditions = read_conditions(rows, model, src, field);
  std::vector<std::string> dims;
  dims.reserve(filters.size());
  for (const auto& f : filters) dims.push_back(f.dim->name);
  CompiledSql out;
  semantic::Metric reader;  // the rows read bare: only the source and the filters' views
  reader.source = src.view;
  for (const auto& view : model.views_for(reader, dims)) {
    if (std::find(scoped_views(role).begin(), scoped_views(role).end(), view) ==
        scoped_views(role).end()) {
      throw common::Error(403, "policy_denied",
                          "the " + std::string(role_name(role)) + " role may not read " + view);
    }
    out.views_used.push_back(view);
  }
  if (src.checked_by_hand()) out.views_used.push_back(src.view);

  std::vector<std::string> joins;
  std::vector<std::string> where;
  if (src.scoped_by_hand) {
    where.push_back(store_list.empty() ? "FALSE" : src.alias + ".store_id IN (" + store_list + ")");
  }
  if (rows.contains("time") && rows["time"].is_object()) {
    if (src.time.empty()) throw common::Error::invalid_field(field, src.view + " has no dates");
    where.push_back(range_condition(src.time, rows["time"]));
  }
  for (const auto& f : filters) {
    if (!f.dim->multi_valued) {
      for (const auto& j : f.dim->joins_for(src)) add_join(joins, model, j);
    }
    where.push_back(filter_sql(f, model, src, f.dim->multi_valued));
  }
  for (const auto& c : conditions) {
    for (const auto& j : c.attribute->joins_for(src)) add_join(joins, model, j);
    where.push_back(comparison(c.attribute->expr_for(src), c.comparison, field));
  }
  if (where.empty()) throw common::Error::invalid_field(field, "a row set needs a condition");
  out.sql = "SELECT " + src.alias + "." + things + " FROM " + src.view + " " + src.alias;
  for (const auto& j : joins) out.sql += " " + replace_all(model.joins.at(j).sql, "{a}", src.alias);
  for (size_t i = 0; i < where.size(); ++i) out.sql += (i ? " AND " : " WHERE ") + where[i];
  return out;
}

}  // namespace

std::string quote_literal(const std::string& value) {
  return "'" + replace_all(value, "'", "''") + "'";
}

// A lookup: catalogue facts about named things, one row per thing, no aggregate ("how long is
// ACADEMY DINOSAUR", "films of PENELOPE GUINESS", "who acts in ALONE TRIP"). Reads the film
// catalogue and its reference tables only, which every role may read.
CompiledSql compile_lookup(const nlohmann::json& sq, const semantic::Model& model) {
  const auto& lookup = sq.at("lookup");
  const auto& src = model.source("film");
  const auto entity_name = lookup.value("entity", std::string("film"));
  const auto* entity = model.dimension(entity_name);
  if (entity == nullptr || !model.applies(*entity, src) || entity->is_time) {
    throw common::Error::invalid_field("lookup", "cannot look up " + entity_name);
  }
  std::vector<const semantic::Dimension*> columns = {entity};
  for (const auto& name : lookup.value("attributes", nlohmann::json::array())) {
    const auto text = name.get<std::string>();
    const auto* column = model.attribute(text);
    if (column == nullptr) column = model.dimension(text);
    if (column == nullptr || !model.applies(*column, src) || column->is_time) {
      throw common::Error::invalid_field("lookup", "unknown attribute " + text);
    }
    if (std::find(columns.begin(), columns.end(), column) == columns.end()) {
      columns.push_back(column);
    }
  }
  const auto filters = read_filters(sq, model, src, "films");
  const auto conditions = read_conditions(sq, model, src, "films");

  std::vector<std::string> joins;
  const auto shown = [&](const semantic::Dimension* d) {
    return std::find(columns.begin(), columns.end(), d) != columns.end();
  };
  for (const auto* c : columns) {
    for (const auto& j : c->joins_for(src)) add_join(joins, model, j);
  }
  for (const auto& c : conditions) {
    for (const auto& j : c.attribute->joins_for(src)) add_join(joins, model, j);
  }
  std::vector<std::string> where;
  for (const auto& f : filters) {
    const bool membership = f.dim->multi_valued && !shown(f.dim);
    if (!membership) {
      for (const auto& j : f.dim->joins_for(src)) add_join(joins, model, j);
    }
    where.push_back(filter_sql(f, model, src, membership));
  }
  for (const auto& c : conditions) {
    where.push_back(comparison(c.attribute->expr_for(src), c.comparison, "conditions"));
  }

  CompiledSql out;
  out.views_used = {src.view};
  std::string sql = "SELECT DISTINCT " + entity->expr_for(src) + " AS " + entity->column;
  for (size_t i = 1; i < columns.size(); ++i) {
    sql += ",\n       " + columns[i]->expr_for(src) + " AS " + columns[i]->column;
  }
  sql += "\nFROM " + src.view + " " + src.alias;
  for (const auto& j : joins) sql += "\n" + replace_all(model.joins.at(j).sql, "{a}", src.alias);
  for (size_t i = 0; i < where.size(); ++i) sql += (i ? "\n  AND " : "\nWHERE ") + where[i];
  sql += "\nORDER BY " + entity->column;
  for (size_t i = 1; i < columns.size(); ++i) sql += ", " + columns[i]->column;
  sql += "\nLIMIT 200";
  out.sql = sql;
  return out;
}

namespace {

CompiledSql compile_one(const nlohmann::json& sq, const semantic::Model& model, Role role) {
  if (sq.is_object() && sq.contains("lookup") && sq["lookup"].is_object()) {
    return compile_lookup(sq, model);
  }
  if (!sq.is_object() || !sq.contains("metric") || !sq["metric"].is_string()) {
    throw common::Error::invalid_field("metric", "the semantic query names no metric");
  }
  const auto* metric = model.metric(sq["metric"].get<std::string>());
  if (metric == nullptr) {
    throw common::Error::invalid_field("metric",
                                       "unknown metric " + sq["metric"].get<std::string>());
  }
  const auto& src = model.source(metric->source);
  const std::string& a = src.alias;

  std::vector<const semantic::Dimension*> dims;
  for (const auto& d : sq.value("dimensions", nlohmann::json::array())) {
    const auto* dim = model.dimension(d.get<std::string>());
    if (dim == nullptr) {
      throw common::Error::invalid_field("dimensions", "unknown dimension " + d.get<std::string>());
    }
    if (!model.applies(*dim, src)) {
      throw common::Error::invalid_field("dimensions",
                                         metric->label + " cannot be broken down by " + dim->name);
    }
    dims.push_back(dim);
  }
  if (sq.value("gap", false) &&
      (sq.contains("limit_per") || sq.contains("average_per") || sq.value("count_groups", false))) {
    throw common::Error::invalid_field("gap", "a gap is between two groups, not within them");
  }
  // Top N within each group: the group's label comes first ("store 1 · its top film").
  if (sq.contains("limit_per") && sq["limit_per"].is_string()) {
    const auto per = sq["limit_per"].get<std::string>();
    std::stable_partition(dims.begin(), dims.end(), [&](const auto* d) { return d->name == per; });
  }
  std::vector<std::string> used_dims;
  used_dims.reserve(dims.size());
  for (const auto* d : dims) used_dims.push_back(d->name);
  const auto filters = read_filters(sq, model, src, metric->label);
  for (const auto& f : filters) used_dims.push_back(f.dim->name);
  const auto conditions = read_conditions(sq, model, src, metric->label);
  const semantic::Dimension* share_dim = nullptr;
  nlohmann::json share_value;
  // "What share of July rentals were Horror or Sci-Fi / not in English?": several values (or all
  // but some) of one dimension as the part, the rows counted once in the part and once in the
  // whole — a FILTER on the same scan, so a row in two of the values is not counted twice.
  std::optional<FilterSql> share_part;
  if (sq.contains("share_of") && sq["share_of"].is_object() && sq["share_of"].contains("values")) {
    const auto& so = sq["share_of"];
    const auto* dim = model.dimension(so.value("dimension", std::string()));
    if (dim == nullptr || !model.applies(*dim, src) || !metric->filterable()) {
      throw common::Error::invalid_field("share_of", "cannot take a share by that dimension");
    }
    if (!so["values"].is_array() || so["values"].empty()) {
      throw common::Error::invalid_field("share_of", "a share needs at least one value");
    }
    share_part = FilterSql{dim, so["values"], so.value("exclude", false)};
    used_dims.push_back(dim->name);
  } else if (sq.contains("share_of") && sq["share_of"].is_object()) {
    share_dim = model.dimension(sq["share_of"].at("dimension").get<std::string>());
    if (share_dim == nullptr || !model.applies(*share_dim, src)) {
      throw common::Error::invalid_field("share_of", "cannot take a share by that dimension");
    }
    share_value = sq["share_of"].at("value");
    used_dims.push_back(share_dim->name);
  }

  CompiledSql out;
  out.views_used = model.views_for(*metric, used_dims);
  const auto& allowed = scoped_views(role);
  for (const auto& view : out.views_used) {
    if (std::find(allowed.begin(), allowed.end(), view) == allowed.end()) {
      throw common::Error(403, "policy_denied",
                          "the " + std::string(role_name(role)) + " role may not read " + view);
    }
  }
  if (src.checked_by_hand()) out.views_used.push_back(src.view);

  // Joins, each once, prerequisites first.
  std::vector<std::string> joins;
  for (const auto& j : metric->joins) add_join(joins, model, j);
  const auto grouped_by = [&](const semantic::Dimension* d) {
    return std::find(dims.begin(), dims.end(), d) != dims.end();
  };
  const auto as_membership = [&](const FilterSql& f) {
    return f.dim->multi_valued && !grouped_by(f.dim);
  };
  for (const auto& f : filters) {
    if (as_membership(f)) continue;
    for (const auto& j : f.dim->joins_for(src)) add_join(joins, model, j);
  }
  for (const auto& c : conditions) {
    for (const auto& j : c.attribute->joins_for(src)) add_join(joins, model, j);
  }
  if (share_part && !share_part->dim->multi_valued) {
    for (const auto& j : share_part->dim->joins_for(src)) add_join(joins, model, j);
  }
  // The share denominator reads the same rows without the grouping joins: a film in several
  // categories must count once in the total.
  const std::vector<std::string> base_joins = joins;
  for (const auto* d : dims) {
    for (const auto& j : d->joins_for(src)) add_join(joins, model, j);
  }
  if (share_dim != nullptr) {
    for (const auto& j : share_dim->joins_for(src)) add_join(joins, model, j);
  }

  // The request's store scope as a SQL list, for sources scoped by hand and for metrics that
  // look into a store table themselves ({store_ids}); NULL matches nothing (fail closed).
  std::string store_list;
  for (const auto& s : sq.value("store_ids", nlohmann::json::array())) {
    if (!s.is_number_integer()) throw common::Error::invalid_field("store_ids", "not a store id");
    store_list += (store_list.empty() ? "" : ", ") + std::to_string(s.get<int>());
  }
  const std::string metric_sql =
      replace_all(metric->sql(), "{store_ids}", store_list.empty() ? "NULL" : store_list);

  // WHERE
  std::vector<std::string> where;
  // A share of the whole with no breakdown: the metric's own condition moves into the numerator.
  // "What % of each store's rentals are still out?" (share_within): the same, per group.
  const bool share_of_whole =
      sq.value("share", false) && (dims.empty() || sq.value("share_within", false)) &&
      share_dim == nullptr && !metric->where.empty() && metric->filterable() &&
      !(sq.contains("growth") && sq["growth"].is_object());
  // What did not happen in a period: the period restricts the subquery, not the source's rows.
  std::string period_inside;
  if (!metric->period_inside.empty()) {
    if ((sq.contains("growth") && sq["growth"].is_object()) ||
        std::any_of(dims.begin(), dims.end(), [](const auto* d) { return d->is_time; })) {
      throw common::Error::invalid_field(
          "time", metric->label + " is for one period at a time (no growth, no breakdown by time)");
    }
    if (sq.contains("time") && sq["time"].is_object()) {
      period_inside = " AND " + range_condition(metric->period_inside, sq["time"]);
    }
  }
  const std::string metric_where =
      replace_all(replace_all(replace_all(metric->where, "{as_of}", as_of_literal(sq)),
                              "{store_ids}", store_list.empty() ? "NULL" : store_list),
                  "{period}", period_inside);
  if (!metric->where.empty() && !share_of_whole) {
    where.push_back(metric_where);
  }
  if (src.scoped_by_hand) {
    // Not a scoped view: apply the request's store scope here (fail closed when empty).
    where.push_back(store_list.empty() ? "FALSE" : a + ".store_id IN (" + store_list + ")");
  }
  // "the average rental rate of the titles we stock": the catalogue narrowed to the films with a
  // copy in the stores in scope, each film once (not weighted by its copies).
  if (sq.value("stocked", false)) {
    if (src.view != "film" || metric->name == "films_not_stocked") {
      throw common::Error::invalid_field(
          "stocked", metric->label + " cannot be narrowed to the stocked films");
    }
    where.push_back("EXISTS (SELECT 1 FROM inventory si WHERE si.film_id = " + a +
                    ".film_id AND si.store_id IN (" + (store_list.empty() ? "NULL" : store_list) +
                    "))");
  }
  const auto& growth = sq.contains("growth") ? sq["growth"] : nlohmann::json();
  // Two periods, each a range: checked here, so that no read below looks up a key that is not
  // there (found by semantic_query_fuzz: a model's growth without "previous").
  if (growth.is_object()) {
    for (const char* period : {"previous", "current"}) {
      const auto range = growth.find(period);
      if (range == growth.end() || !range->is_object() || !range->contains("from") ||
          !range->contains("to")) {
        throw common::Error::invalid_field("growth", "needs a previous and a current range");
      }
    }
  }
  if (!src.time.empty() && metric->period_inside.empty()) {
    if (growth.is_object()) {
      where.push_back(src.time + " >= " + time_literal(growth["previous"].at("from")) + " AND " +
                      src.time + " < " + time_literal(growth["current"].at("to")));
    } else if (sq.contains("time") && sq["time"].is_object()) {
      where.push_back(range_condition(src.time, sq["time"]));
    }
  }
  for (const auto& f : filters) where.push_back(filter_sql(f, model, src, as_membership(f)));
  for (const char* key : {"with_also", "without"}) {
    for (const auto& rows : sq.value(key, nlohmann::json::array())) {
      const auto things = rows.is_object() && rows.contains("key") && rows["key"].is_string()
                              ? rows["key"].get<std::string>()
                              : metric->entity_key;
      if (things.empty() ||
          std::find(src.columns.begin(), src.columns.end(), things) == src.columns.end()) {
        throw common::Error::invalid_field(key, metric->label + " is not a count of things");
      }
      auto set = row_set_sql(rows, things, *metric, model, role, store_list, key);
      const bool keep = std::string_view(key) == "with_also";
      where.push_back(a + "." + things + (keep ? " IN (" : " NOT IN (") + set.sql + ")");
      for (auto& v : set.views_used) {
        if (std::find(out.views_used.begin(), out.views_used.end(), v) == out.views_used.end()) {
          out.views_used.push_back(std::move(v));
        }
      }
    }
  }
  // A share picked by conditions: they restrict the numerator only (FILTER), not the whole.
  // (With groups, each group's part of its own whole: "what % of each store's rentals …".)
  const bool share_by_conditions = sq.value("share_by_conditions", false) && !conditions.empty() &&
                                   share_dim == nullptr && metric->filterable() &&
                                   !(sq.contains("growth") && sq["growth"].is_object());
  std::string part;
  for (const auto& c : conditions) {
    const auto sql = comparison(c.attribute->expr_for(src), c.comparison, "conditions");
    if (share_by_conditions) {
      part += (part.empty() ? "" : " AND ") + sql;
    } else {
      where.push_back(sql);
    }
  }

  std::string from_base = "FROM " + src.view + " " + a;
  for (const auto& j : base_joins) from_base += " " + replace_all(model.joins.at(j).sql, "{a}", a);
  std::string where_base;
  for (size_t i = 0; i < where.size(); ++i) where_base += (i ? " AND " : " WHERE ") + where[i];
  const std::string total = "(SELECT " + metric_sql + " " + from_base + where_base + ")";

  // SELECT
  std::vector<std::string> select;
  std::vector<std::string> group;
  for (const auto* d : dims) {
    select.push_back(d->expr_for(src) + " AS " + d->column);
    group.push_back(d->group_for(src));
    if (!d->order_for(src).empty()) group.push_back(d->order_for(src));
  }
  const std::string name = metric->name;
  // "Which genre had the biggest jump in rentals from June to July?": groups ranked by the change
  // between the periods (or its percentage, or its size either way), not by either figure.
  std::string growth_rank_key = "change";
  if (growth.is_object() && metric->filterable()) {
    // A sum over a period with no rows is 0 (no revenue), not unknown.
    const auto zero_if_empty = [&](const std::string& expr) {
      return metric->agg == "sum" ? "coalesce(" + expr + ", 0)" : expr;
    };
    const auto prev = zero_if_empty(metric->sql(range_condition(src.time, growth["previous"])));
    const auto cur = zero_if_empty(metric->sql(range_condition(src.time, growth["current"])));
    // The change and its % from the figures before rounding: an average payment of 4.2271 and
    // 4.1927 is -0.81%, not the -0.95% of 4.23 and 4.19. (Shown rounded like the figures.)
    const auto prev_exact =
        zero_if_empty(metric->sql(range_condition(src.time, growth["previous"]), false));
    const auto cur_exact =
        zero_if_empty(metric->sql(range_condition(src.time, growth["current"]), false));
    const std::string difference = "(" + cur_exact + " - " + prev_exact + ")";
    const auto as_shown = [&](const std::string& expr) {
      return prev_exact == prev || metric->shown_digits() < 0
                 ? expr
                 : "round(" + expr + ", " + std::to_string(metric->shown_digits()) + ")";
    };
    select.push_back(prev + " AS previous_" + name);
    select.push_back(cur + " AS current_" + name);
    select.push_back(as_shown(cur_exact + " - " + prev_exact) + " AS change");
    select.push_back("round(100.0 * " + difference + " / nullif(" + prev_exact +
                     ", 0), 2) AS growth_pct");
    // "H1 vs H2, with the gap in dollars": how far apart they are, whichever is ahead.
    if (sq.value("growth_gap", false)) {
      select.push_back(as_shown("abs" + difference) + " AS gap");
    }
    const auto rank_by = sq.value("rank_by", nlohmann::json());
    if (rank_by == "growth_pct") growth_rank_key = "growth_pct";
    if (rank_by == "abs_change") growth_rank_key = "abs" + difference;
  } else {
    select.push_back(metric_sql + " AS " + name);
    // Periods side by side ("June vs July"): each period's change from the one before it.
    const semantic::Dimension* period = nullptr;
    std::string partition;
    for (const auto* d : dims) {
      if (d->is_time && period == nullptr) {
        period = d;
      } else {
        partition += (partition.empty() ? "" : ", ") + d->group_for(src);
      }
    }
    if (sq.value("period_change", false) && period != nullptr) {
      const std::string previous = "lag(" + metric_sql + ") OVER (" +
                                   (partition.empty() ? "" : "PARTITION BY " + partition + " ") +
                                   "ORDER BY " + period->group_for(src) + ")";
      select.push_back(metric_sql + " - " + previous + " AS change");
      select.push_back("round(100.0 * (" + metric_sql + " - " + previous + ") / nullif(" +
                       previous + ", 0), 2) AS change_pct");
    }
  }
  if (share_part) {
    // The groups' labels stay; the measure becomes the part's share of each group's whole.
    select.resize(dims.size());
    const auto part_sql = filter_sql(*share_part, model, src, share_part->dim->multi_valued);
    select.push_back("round(100.0 * " +
                     replace_all(metric->sql("(" + part_sql + ")"), "{store_ids}",
                                 store_list.empty() ? "NULL" : store_list) +
                     " / nullif(" + metric_sql + ", 0), 2) AS share_pct");
  }
  if (share_by_conditions) {
    select.resize(dims.size());
    select.push_back("round(100.0 * " + metric->sql("(" + part + ")") + " / nullif(" + metric_sql +
                     ", 0), 2) AS share_pct");
  }
  if (share_of_whole) {
    // Keep the group labels (share_within); replace the measure by the share — beside the part
    // counted in each group ("active customers per store and the % of each store's customers
    // that are active" asks both).
    select.resize(dims.size());
    if (!dims.empty()) select.push_back(metric->sql("(" + metric_where + ")") + " AS " + name);
    select.push_back("round(100.0 * " + metric->sql("(" + metric_where + ")") + " / nullif(" +
                     metric->sql() + ", 0), 2) AS share_pct");
  }
  if (sq.value("share", false) && !dims.empty() && !share_of_whole) {
    // "each rating's share of the copies at each store": of each store's own whole.
    std::string whole = total;
    if (sq.contains("share_per") && sq["share_per"].is_string()) {
      const auto per = std::find_if(dims.begin(), dims.end(), [&](const auto* d) {
        return d->name == sq["share_per"].get<std::string>();
      });
      const bool adds_up = metric->adds_up(false);
      if (per == dims.end() || dims.size() < 2 || !adds_up) {
        throw common::Error::invalid_field(
            "share_per",
            "a share within each group needs that group among the breakdowns and "
            "a measure that adds up");
      }
      whole = "sum(" + metric_sql + ") OVER (PARTITION BY " + (*per)->group_for(src) + ")";
    }
    select.push_back("round(100.0 * " + metric_sql + " / nullif(" + whole +
                     ", 0), 2) AS share_pct");
  }
  std::string share_column;
  if (share_dim != nullptr) {
    share_column = share_dim->column;
    select.insert(select.begin(), share_dim->expr_for(src) + " AS " + share_column);
    group.insert(group.begin(), share_dim->group_for(src));
    if (growth.is_object() && metric->filterable()) {
      // "What share of July's rentals were Sports, and June's?": the slice's share of each
      // period's own total, and the change in percentage points (not the change of the counts).
      std::erase_if(select, [](const std::string& column) {
        return column.ends_with(" AS change") || column.ends_with(" AS growth_pct");
      });
      const auto share_in = [&](const char* period) {
        const auto in_period = replace_all(metric->sql(range_condition(src.time, growth[period])),
                                           "{store_ids}", store_list.empty() ? "NULL" : store_list);
        return "round(100.0 * " + in_period + " / nullif((SELECT " + in_period + " " + from_base +
               where_base + "), 0), 2)";
      };
      const auto previous = share_in("previous"), current = share_in("current");
      select.push_back(previous + " AS previous_share_pct");
      select.push_back(current + " AS current_share_pct");
      select.push_back(current + " - " + previous + " AS share_change_pts");
    } else {
      select.push_back("round(100.0 * " + metric_sql + " / nullif(" + total +
                       ", 0), 2) AS share_pct");
    }
  }
  // Top N within each group ("most rented film in each store"): rank inside the group, then keep
  // the first N of every group.
  const semantic::Dimension* per_dim = nullptr;
  if (sq.contains("limit_per") && sq["limit_per"].is_string()) {
    for (const auto* d : dims) {
      if (d->name == sq["limit_per"].get<std::string>()) per_dim = d;
    }
    if (per_dim == nullptr || dims.size() < 2 || share_dim != nullptr || growth.is_object()) {
      throw common::Error::invalid_field("limit_per", "limit_per must name a second dimension");
    }
    std::string rank_order =
        metric_sql + (sq.value("order", nlohmann::json()) == "metric_asc" ? " ASC" : " DESC");
    for (const auto* d : dims) {
      if (d != per_dim) rank_order += ", " + d->expr_for(src);
    }
    select.push_back("row_number() OVER (PARTITION BY " + per_dim->expr_for(src) + " ORDER BY " +
                     rank_order + ") AS rank");
  }

  // "top earning title in H1 — and how long does it run?": catalogue facts of each film listed,
  // shown beside its figure (one value per film, so grouping by them changes no row).
  for (const auto& shown : sq.value("beside", nlohmann::json::array())) {
    const auto text = shown.is_string() ? shown.get<std::string>() : std::string();
    const auto* column = model.attribute(text);
    if (column == nullptr) column = model.dimension(text);
    const bool per_film =
        std::any_of(dims.begin(), dims.end(), [](const auto* d) { return d->name == "film"; });
    if (column == nullptr || column->is_time || column->multi_valued || !per_film ||
        !model.applies(*column, src) || growth.is_object() || share_dim != nullptr || share_part ||
        share_of_whole || sq.value("gap", false) || sq.value("count_groups", false)) {
      throw common::Error::invalid_field("beside", "cannot show " + text + " beside each film");
    }
    for (const auto& j : column->joins_for(src)) add_join(joins, model, j);
    select.push_back(column->expr_for(src) + " AS " + column->column);
    group.push_back(column->group_for(src));
  }
  // "What's the cheapest film to rent?": 341 films share $0.99, and a top-N cut at a tie would
  // name some of them as if they stood alone. Each row carries how many groups share its figure
  // (counted before the LIMIT), so the narrative can say so; see narration::settle_ties.
  const auto order_of_rank = sq.value("order", nlohmann::json());
  if ((order_of_rank == "metric_desc" || order_of_rank == "metric_asc") && sq.contains("limit") &&
      sq["limit"].is_number_integer() && !dims.empty() && !group.empty() && per_dim == nullptr &&
      share_dim == nullptr && !share_part && !share_of_whole && !share_by_conditions &&
      !sq.value("share", false) && !growth.is_object() && !sq.value("gap", false) &&
      !sq.value("total_of_ranked", false) && !sq.value("count_groups", false) &&
      !sq.contains("average_per")) {
    select.push_back("count(*) OVER (PARTITION BY " + metric_sql + ") AS " +
                     std::string(kTiedCountColumn));
  }
  std::string sql = "SELECT " + select.front();
  for (size_t i = 1; i < select.size(); ++i) sql += ",\n       " + select[i];
  sql += "\nFROM " + src.view + " " + a;
  for (const auto& j : joins) sql += "\n" + replace_all(model.joins.at(j).sql, "{a}", a);
  if (!where.empty()) {
    sql += "\nWHERE " + where.front();
    for (size_t i = 1; i < where.size(); ++i) sql += "\n  AND " + where[i];
  }
  if (!group.empty()) {
    sql += "\nGROUP BY " + group.front();
    for (size_t i = 1; i < group.size(); ++i) sql += ", " + group[i];
  }
  const auto having = sq.value("having", nlohmann::json());
  if (having.is_object()) {
    if (group.empty()) {
      throw common::Error::invalid_field(
          "having", "a condition on " + metric->label + " needs a breakdown to apply to");
    }
    const std::string exact = replace_all(metric->sql("", false), "{store_ids}",
                                          store_list.empty() ? "NULL" : store_list);
    sql += "\nHAVING " + comparison(exact, having, "having");
  }
  // "How many customers rented more than 30 times?": the groups that pass, counted.
  if (sq.value("count_groups", false)) {
    if (dims.size() != 1 || !having.is_object()) {
      throw common::Error::invalid_field("count_groups", "needs one breakdown and a condition");
    }
    out.sql = "SELECT count(*) AS " + dims.front()->name + "_count\nFROM (" + sql + ") AS groups";
    return out;
  }
  // "…, and what did those bring in combined?": the groups that pass, added up.
  if (sq.value("total_of_groups", false)) {
    const bool adds_up = metric->adds_up();
    // (A condition picks the groups of one breakdown; without one every row shown is added up.)
    if (dims.empty() || (having.is_object() && dims.size() != 1) || !adds_up) {
      throw common::Error::invalid_field("total_of_groups",
                                         "needs a breakdown and a measure that adds up");
    }
    out.sql = "SELECT sum(" + name + ") AS " + name + "\nFROM (" + sql + ") AS groups";
    return out;
  }

  // ORDER BY: rankings by the metric (ties by the labels, so top-N is deterministic); trends
  // by time; everything else by its labels.
  std::vector<std::string> order;
  const auto order_kind = sq.value("order", nlohmann::json()).is_string()
                              ? sq["order"].get<std::string>()
                              : std::string();
  if ((order_kind == "metric_desc" || order_kind == "metric_asc") && growth.is_object()) {
    // (A percentage from nothing is unknown: last either way.)
    order.push_back(growth_rank_key + (order_kind == "metric_desc" ? " DESC" : " ASC") +
                    " NULLS LAST");
  } else if (order_kind == "metric_desc" || order_kind == "metric_asc") {
    order.push_back((share_of_whole || share_part ? std::string("share_pct") : name) +
                    (order_kind == "metric_desc" ? " DESC" : " ASC"));
  }
  for (const auto* d : dims) {
    order.push_back(d->order_for(src).empty() ? d->column : d->order_for(src));
  }
  if (per_dim != nullptr) {
    const long per = sq.contains("limit") && sq["limit"].is_number_integer()
                         ? std::clamp(sq["limit"].get<long>(), 1L, 200L)
                         : 1L;
    out.sql = "SELECT *\nFROM (" + sql + ") AS ranked\nWHERE rank <= " + std::to_string(per) +
              "\nORDER BY " + per_dim->column + ", rank\nLIMIT 200";
    return out;
  }
  // An average per period: the grouped figures above are the periods; the mean is taken over
  // them, by the remaining (non-time) dimensions.
  if (sq.contains("average_per") && sq["average_per"].is_string()) {
    const auto grain = sq["average_per"].get<std::string>();
    std::vector<std::string> keys;
    bool has_grain = false;
    for (const auto* d : dims) {
      if (d->name == grain) {
        has_grain = true;
      } else {
        keys.push_back(d->column);
      }
    }
    if (!has_grain || share_dim != nullptr || per_dim != nullptr || growth.is_object()) {
      throw common::Error::invalid_field("average_per", "average_per must name a time grain");
    }
    std::string outer = "SELECT ";
    for (const auto& k : keys) outer += k + ", ";
    outer += "round(avg(" + name + "), 2) AS avg_" + name + "_per_" + grain + "\nFROM (" + sql +
             ") AS per_" + grain;
    if (!keys.empty()) {
      std::string list = keys.front();
      for (size_t i = 1; i < keys.size(); ++i) list += ", " + keys[i];
      outer += "\nGROUP BY " + list + "\nORDER BY " + list;
    }
    out.sql = outer;
    return out;
  }
  if (!order.empty() && share_dim == nullptr) {
    sql += "\nORDER BY " + order.front();
    for (size_t i = 1; i < order.size(); ++i) sql += ", " + order[i];
  }
  if (sq.contains("limit") && sq["limit"].is_number_integer() && share_dim == nullptr) {
    const long limit = std::clamp(sq["limit"].get<long>(), 1L, 200L);
    sql += "\nLIMIT " + std::to_string(limit);
  }
  if (share_dim != nullptr) {
    sql = "SELECT *\nFROM (" + sql + ") AS slices\nWHERE " + share_column + " = " +
          literal(share_value);
  }
  // "What did our ten top-earning titles take between them?": the ranked rows added up.
  if (sq.value("total_of_ranked", false)) {
    const bool adds_up = metric->adds_up();
    if (dims.size() != 1 || order_kind.empty() || !sq.contains("limit") ||
        !sq["limit"].is_number_integer() || share_dim != nullptr || share_of_whole || share_part ||
        growth.is_object() || !adds_up) {
      throw common::Error::invalid_field(
          "total_of_ranked", "a total of the top N needs one ranked breakdown of a count or sum");
    }
    out.sql = "SELECT sum(" + name + ") AS " + name + "\nFROM (" + sql + ") AS ranked";
    return out;
  }
  // "Did store 1 or store 2 take more in Q1, and by how much?": one row — the one ahead, its
  // figure, the one after it, its figure, and the gap between them (never negative).
  if (sq.value("gap", false)) {
    if (dims.size() != 1 || order.empty() || order_kind.empty() || share_dim != nullptr ||
        share_of_whole || share_part || growth.is_object() || !sq.contains("limit") ||
        sq["limit"] != 2) {
      throw common::Error::invalid_field(
          "gap", "a gap is between the first two of one breakdown ranked by its measure");
    }
    const std::string& label = dims.front()->column;
    const bool ascending = order_kind == "metric_asc";
    const std::string window =
        "(ORDER BY " + name + (ascending ? " ASC, " : " DESC, ") + label + ")";
    const std::string next = "lead(" + name + ") OVER w";
    sql = "SELECT " + label + ", " + name + ", runner_up_" + label + ", runner_up_" + name +
          ", difference\nFROM (SELECT ranked." + label + ", ranked." + name + ", lead(" + label +
          ") OVER w AS runner_up_" + label + ", " + next + " AS runner_up_" + name + ", " +
          (ascending ? next + " - " + name : name + " - " + next) +
          " AS difference, row_number() OVER w AS place\n      FROM (" + sql +
          ") AS ranked\n      WINDOW w AS " + window + ") AS pair\nWHERE place = 1";
  }
  out.sql = sql;
  return out;
}

CompiledSql compile_measures(const nlohmann::json& sq, const semantic::Model& model, Role role) {
  if (!sq.is_object() || !sq.contains("also")) return compile_one(sq, model, role);
  // "Revenue and rentals in June": each measure compiled on its own over the same period,
  // filters and breakdown (so each keeps its own source, joins and permission checks), then
  // lined up - one row when there is no breakdown, else joined on the breakdown's columns.
  const auto& also = sq["also"];
  if (!also.is_array() || also.empty() || also.size() > 3) {
    throw common::Error::invalid_field("also", "also names one to three further measures");
  }
  if (const auto why = semantic::why_not_several_measures(sq, model); !why.empty()) {
    throw common::Error::invalid_field("also", why);
  }
  nlohmann::json one = sq;
  one.erase("also");
  // "Top 5 films by rentals in July, with their revenue": the first measure picks and orders the
  // rows; the others are shown beside each of them (never ranked on their own, which would list
  // other films).
  const auto order_kind = sq.value("order", nlohmann::json());
  const bool ranked = order_kind == "metric_desc" || order_kind == "metric_asc";
  std::vector<std::string> names{sq.value("metric", std::string())};
  std::vector<CompiledSql> parts{compile_one(one, model, role)};
  const bool ranked_has_ties =
      ranked && parts.front().sql.find(std::string(" AS ") + kTiedCountColumn) != std::string::npos;
  if (ranked) {
    one["order"] = nullptr;
    one.erase("limit");
  }
  for (const auto& extra : also) {
    if (!extra.is_string() || model.metric(extra.get<std::string>()) == nullptr) {
      throw common::Error::invalid_field("also", "unknown metric in also");
    }
    if (std::find(names.begin(), names.end(), extra.get<std::string>()) != names.end()) {
      throw common::Error::invalid_field("also", "a measure is named twice");
    }
    names.push_back(extra.get<std::string>());
    one["metric"] = extra;
    parts.push_back(compile_one(one, model, role));
  }
  std::vector<std::string> keys;
  for (const auto& d : sq.value("dimensions", nlohmann::json::array())) {
    keys.push_back(model.dimension(d.get<std::string>())->column);
  }
  CompiledSql out;
  std::string select, from;
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string alias = "m" + std::to_string(i + 1);
    select += (i ? ", " : "") + alias + "." + names[i];
    from += i == 0 ? "(" + parts[i].sql + ") AS " + alias
            : keys.empty()
                ? "\nCROSS JOIN (" + parts[i].sql + ") AS " + alias
                : (ranked ? "\nLEFT JOIN (" : "\nFULL JOIN (") + parts[i].sql + ") AS " + alias;
    if (i > 0 && !keys.empty()) {
      std::string using_list;
      for (const auto& k : keys) using_list += (using_list.empty() ? "" : ", ") + k;
      from += " USING (" + using_list + ")";
    }
    for (auto& v : parts[i].views_used) {
      if (std::find(out.views_used.begin(), out.views_used.end(), v) == out.views_used.end()) {
        out.views_used.push_back(std::move(v));
      }
    }
  }
  std::string key_list;
  for (const auto& k : keys) key_list += (key_list.empty() ? "" : ", ") + k;
  if (ranked_has_ties) select += std::string(", m1.") + kTiedCountColumn;
  out.sql = "SELECT " + (key_list.empty() ? "" : key_list + ", ") + select + "\nFROM " + from;
  if (ranked) {
    // The ranked rows keep their order (ties by their labels, as the ranking itself cut them).
    out.sql += "\nORDER BY m1." + names.front() + (order_kind == "metric_asc" ? " ASC" : " DESC") +
               (key_list.empty() ? std::string() : ", " + key_list);
  } else if (!key_list.empty()) {
    out.sql += "\nORDER BY " + key_list;
  }
  return out;
}

// Whether a query's rows line up with another's of the same breakdown: one measure per group (or
// one row), no ranking, growth, share or group condition. `why` names what does not.
std::string why_not_a_figure(const nlohmann::json& sq) {
  for (const char* key : {"figures", "having", "average_per", "limit_per", "lookup"}) {
    if (sq.contains(key)) return std::string("a figure beside another cannot have ") + key;
  }
  for (const char* key : {"order", "limit", "growth", "share_of", "period_change"}) {
    if (sq.contains(key) && !sq[key].is_null()) {
      return std::string("a figure beside another cannot have ") + key;
    }
  }
  for (const char* key : {"share", "count_groups", "share_within", "share_by_conditions",
                          "total_of_ranked", "total_of_groups"}) {
    if (sq.value(key, false)) return std::string("a figure beside another cannot have ") + key;
  }
  return {};
}

bool is_column_name(const std::string& name) {
  if (name.empty() || name.size() > 63 || !std::islower(static_cast<unsigned char>(name[0]))) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c)) || c == '_';
  });
}

}  // namespace

// "How many Action films, and how many of them are in English?": further figures over other
// rows than the first (narrowed, another period), each compiled on its own — with its own
// permission checks — and lined up beside it: one row, or one row per group of the same breakdown.
CompiledSql compile(const nlohmann::json& sq, const semantic::Model& model, Role role) {
  if (!sq.is_object() || !sq.contains("figures")) return compile_measures(sq, model, role);
  const auto& figures = sq["figures"];
  if (!figures.is_array() || figures.empty() || figures.size() > 3) {
    throw common::Error::invalid_field("figures", "figures names one to three further figures");
  }
  nlohmann::json first = sq;
  first.erase("figures");
  if (const auto why = why_not_a_figure(first); !why.empty()) {
    throw common::Error::invalid_field("figures", why);
  }
  const auto dims = first.value("dimensions", nlohmann::json::array());
  std::vector<std::string> keys;
  for (const auto& d : dims) {
    const auto* dim = d.is_string() ? model.dimension(d.get<std::string>()) : nullptr;
    if (dim == nullptr) throw common::Error::invalid_field("dimensions", "unknown dimension");
    keys.push_back(dim->column);
  }
  std::vector<std::string> taken{first.value("metric", std::string())};
  for (const auto& more : first.value("also", nlohmann::json::array())) {
    if (more.is_string()) taken.push_back(more.get<std::string>());
  }
  CompiledSql out = compile_measures(first, model, role);
  std::string select = "m0.*";
  std::string key_list;
  for (const auto& k : keys) key_list += (key_list.empty() ? "" : ", ") + k;
  if (!keys.empty()) {
    select = key_list;
    for (const auto& name : taken) select += ", m0." + name;
  }
  std::string from = "(" + out.sql + ") AS m0";
  for (size_t i = 0; i < figures.size(); ++i) {
    const auto& figure = figures[i];
    if (!figure.is_object() || figure.contains("also")) {
      throw common::Error::invalid_field("figures", "a further figure is one semantic query");
    }
    const auto name = figure.value("as", std::string());
    if (!is_column_name(name) || std::find(taken.begin(), taken.end(), name) != taken.end()) {
      throw common::Error::invalid_field("figures", "each figure needs a new column name (as)");
    }
    if (const auto why = why_not_a_figure(figure); !why.empty()) {
      throw common::Error::invalid_field("figures", why);
    }
    if (figure.value("dimensions", nlohmann::json::array()) != dims) {
      throw common::Error::invalid_field("figures", "every figure has the first one's breakdown");
    }
    taken.push_back(name);
    nlohmann::json query = figure;
    query.erase("as");
    auto part = compile_one(query, model, role);
    const std::string alias = "f" + std::to_string(i + 1);
    select += ", " + alias + "." + query.value("metric", std::string()) + " AS " + name;
    from += (keys.empty() ? "\nCROSS JOIN (" : "\nFULL JOIN (") + part.sql + ") AS " + alias;
    if (!keys.empty()) from += " USING (" + key_list + ")";
    for (auto& v : part.views_used) {
      if (std::find(out.views_used.begin(), out.views_used.end(), v) == out.views_used.end()) {
        out.views_used.push_back(std::move(v));
      }
    }
  }
  out.sql = "SELECT " + select + "\nFROM " + from;
  if (!keys.empty()) out.sql += "\nORDER BY " + key_list;
  return out;
}

}  // namespace copilot::generation
