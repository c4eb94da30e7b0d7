// copilot/semantic/model.hpp — the semantic model (semantic_model.json): what a user can ask for,
// as data. In: the JSON file. Out: typed metrics, dimensions, joins and entity lists. Refuses to
// load (throws ModelError naming the item) when a metric or dimension refers to an unknown
// source, join or column.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace copilot::semantic {

class ModelError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Source {
  std::string view;   // v_payment_scoped, ... or inventory
  std::string alias;  // p, r, c, i
  std::string time;   // time column expression (p.payment_date); empty when none
  std::vector<std::string> columns;
  bool scoped_by_hand = false;  // not a scoped view: the compiler adds the store filter itself
  // A reference table every role reads (film): no store column, so no store filter; metrics over
  // it reach store data only through scoped views or the {store_ids} placeholder.
  bool reference = false;
  // Neither a scoped view nor needing a permission check of its own.
  [[nodiscard]] bool checked_by_hand() const { return scoped_by_hand || reference; }
};

struct Join {
  std::string name;
  std::string sql;    // with {a} for the source alias
  std::string needs;  // the source column it joins on
  std::string after;  // a join that must come first (language after film)
  std::string view;   // a scoped view the join reads (needs the role's permission), or empty
  // For a join that multiplies rows (a film's categories or actors): the same relation as a
  // correlated subquery, so a filter can test membership without counting a row twice.
  std::string exists;
};

struct Metric {
  std::string name, label, source, agg, arg, expr, where, format;
  int round = -1;
  std::vector<std::string> joins;
  std::vector<std::string> synonyms;
  // Scoped views its `where` or `expr` reads in a subquery ("films never rented" reads rentals):
  // the role must be allowed to read them too.
  std::vector<std::string> reads;
  // For a measure of what did NOT happen in a period ("customers who haven't rented in the last
  // 30 days"): the time column of the subquery in `where` that the asked period restricts (the
  // `{period}` placeholder there), instead of the source's own time column.
  std::string period_inside;
  // Verbs that name this measure only when no other measure is named ("what did we generate in
  // Q2" is revenue; "how many rentals did we rack up" is rentals).
  std::vector<std::string> weak_synonyms;
  // The column naming the things it counts (customer_id, film_id), for a count of distinct
  // things: "customers who rented in May but not in June" keeps those with (or without) rows of
  // their own elsewhere. Empty for measures that are not a count of things.
  std::string entity_key;
  // The aggregate SQL, optionally restricted with FILTER (WHERE condition).
  // `rounded` false: the exact aggregate, for comparisons ("an average above 3.00" must not
  // drop a group whose average is 3.004 because it shows as 3.00).
  [[nodiscard]] std::string sql(const std::string& filter = "", bool rounded = true) const;
  // The decimals the figure is shown with: `round`, or those of an expression's own outer
  // round(…, N); -1 when it is not rounded.
  [[nodiscard]] int shown_digits() const;
  // An expression can be restricted too when it marks where each aggregate's FILTER goes
  // ("count(DISTINCT r.customer_id){filter}"): two periods side by side need it.
  // Whether the figures of several groups add up to the figure of them together (a sum or a
  // count, not a ratio); `distinct_too`: a count of distinct things adds up only across groups
  // that share none of them, so a caller that cannot tell asks for false.
  [[nodiscard]] bool adds_up(bool distinct_too = true) const {
    return (agg == "sum" || agg == "count") && expr.find('/') == std::string::npos &&
           (distinct_too || expr.find("DISTINCT") == std::string::npos);
  }
  [[nodiscard]] bool filterable() const {
    return expr.empty() || expr.find("{filter}") != std::string::npos;
  }
  // Whether a period can apply to it (its source has dates, or its subquery has).
  [[nodiscard]] bool dated(const Source& from) const {
    return !from.time.empty() || !period_inside.empty();
  }
};

struct Dimension {
  std::string name, column;
  bool is_time = false;
  nlohmann::json expr, group, joins;  // a string, or an object keyed by source view ("*" default)
  std::string order;                  // sort expression when not the value itself
  std::vector<std::string> synonyms;
  // A view the role must be allowed to read to group or filter by this dimension, even when the
  // source carries the column itself (customer city on a payment is customer data).
  std::string requires_view;
  // Attributes only (numeric columns conditions compare: film length, payment amount, ...).
  std::string label;  // "film length"
  std::string unit;   // minutes | currency | year | days
  // Dimensions and attributes that hold several values per film (its categories, its actors):
  // a filter on them asks whether ANY value matches, so a row is never counted twice.
  bool multi_valued = false;
  [[nodiscard]] std::string expr_for(const Source& source) const;
  [[nodiscard]] std::string group_for(const Source& source) const;
  [[nodiscard]] std::string order_for(const Source& source) const;
  [[nodiscard]] std::vector<std::string> joins_for(const Source& source) const;
};

class Model {
 public:
  std::map<std::string, Source> sources;
  std::map<std::string, Join> joins;
  std::vector<Metric> metrics;
  std::vector<Dimension> dimensions;
  // Numeric attributes a condition can compare ("longer than two hours", "payments over $5").
  std::vector<Dimension> attributes;
  std::map<std::string, std::vector<std::string>> entities;  // category, rating, language, country
  // Other names for values (kind → alias → value as the data has it): "usa" → "United States",
  // "comedies" → "Comedy"; "country_demonym" holds "canadian" → "Canada" (people only).
  std::map<std::string, std::map<std::string, std::string>> aliases;
  nlohmann::json raw;

  [[nodiscard]] const Metric* metric(const std::string& name) const;
  [[nodiscard]] const Dimension* dimension(const std::string& name) const;
  [[nodiscard]] const Dimension* attribute(const std::string& name) const;
  [[nodiscard]] const Source& source(const std::string& view) const;
  // True when the dimension can group or filter rows of the source (its column and the columns
  // its joins need exist there).
  [[nodiscard]] bool applies(const Dimension& dim, const Source& src) const;
  // The scoped views a metric grouped by these dimensions reads (for permission checks).
  [[nodiscard]] std::vector<std::string> views_for(const Metric& metric,
                                                   const std::vector<std::string>& dims) const;
};

// Why a semantic query cannot carry further measures beside its metric ("revenue and rentals in
// June"), or empty when it can: the measures are lined up row by row, so the query must have no
// shape of its own (growth, a share, HAVING, a top N, an average per period, counted groups) and
// its breakdown must sort by its own columns.
std::string why_not_several_measures(const nlohmann::json& semantic_query, const Model& model);

// The model with weeks that start on Sunday (a user's preference): the week dimension's
// expression shifted by a day, everything else the same. Both the embedded path and a model's
// semantic query compile with it for such a user.
Model with_sunday_weeks(const Model& model);
// True when a semantic query cuts time into weeks (by week, or an average per week): where the
// first day of the week changes the answer.
bool cuts_weeks(const nlohmann::json& semantic_query);

Model parse_model(const nlohmann::json& doc);
Model load_model(const std::string& path);

}  // namespace copilot::semantic
