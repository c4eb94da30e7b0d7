#include "copilot/risk/risk_scoring.hpp"

#include <pg_query.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>

#include "common/error/error.hpp"
#include "copilot/guardrail/parse_tree.hpp"

namespace copilot::risk {
namespace {

using guardrail::JsonRef;
using guardrail::JsonTree;
using guardrail::ParseResult;

// Columns that point at a person even when masked: the masked names and email of
// v_customer_masked. (Unmasked PII is not readable by any role at all: see common/roles.)
const std::set<std::string, std::less<>>& pii_adjacent_columns() {
  // Not first_name / last_name: readable only on actor (public film credits), never a
  // customer's (v_customer_masked has the masked ones).
  static const std::set<std::string, std::less<>> kColumns = {
      "first_name_masked", "last_name_masked", "email_masked", "email", "phone", "address"};
  return kColumns;
}

std::optional<double> literal_number(const JsonRef& node) {
  const JsonRef constant = node.get("A_Const");
  if (!constant.present()) return std::nullopt;
  if (const JsonRef ival = constant.get("ival"); ival.present()) {
    // libpg_query leaves out a zero: {"ival":{}}.
    return static_cast<double>(ival.get("ival").integer().value_or(0));
  }
  if (const JsonRef fval = constant.get("fval"); fval.present()) {
    const std::string text(fval.get("fval").text());
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (end != text.c_str() && std::isfinite(value)) return value;
  }
  return std::nullopt;
}

std::optional<std::string_view> literal_string(const JsonRef& node) {
  const JsonRef sval = node.get("A_Const").get("sval");
  if (!sval.present()) return std::nullopt;
  return sval.get("sval").text();
}

std::string_view last_name_part(const JsonRef& names) {
  std::string_view out;
  for (JsonRef part = names.first(); part.present(); part = part.next()) {
    out = part.get("String").get("sval").text();
  }
  return out;
}

std::vector<JsonRef> elements(const JsonRef& array) {
  std::vector<JsonRef> out;
  for (JsonRef e = array.first(); e.present(); e = e.next()) out.push_back(e);
  return out;
}

class Analyser {
 public:
  explicit Analyser(StatementFacts& facts) : facts_(facts) {}

  void walk(const JsonRef& node) {
    if (node.is_array()) {
      for (JsonRef e = node.first(); e.present(); e = e.next()) walk(e);
      return;
    }
    if (!node.is_object()) return;
    for (JsonRef member = node.first(); member.present(); member = member.next()) {
      const std::string_view key = member.key();
      if (key == "FuncCall") {
        call(member);
      } else if (key == "RangeVar") {
        add_unique(facts_.relations, std::string(member.get("relname").text()));
      } else if (key == "ColumnRef") {
        column(member);
      } else if (key == "JoinExpr") {
        join(member);
      } else if (key == "SelectStmt") {
        // FROM a, b without any WHERE: every row of one with every row of the other.
        if (member.get("fromClause").size() > 1 && !member.get("whereClause").present()) {
          facts_.cartesian_joins += static_cast<int>(member.get("fromClause").size()) - 1;
        }
      }
      walk(member);
    }
  }

 private:
  static void add_unique(std::vector<std::string>& list, std::string value) {
    if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(std::move(value));
  }

  void column(const JsonRef& ref) {
    const std::string_view name = last_name_part(ref.get("fields"));
    if (pii_adjacent_columns().count(name) != 0) {
      add_unique(facts_.pii_columns, std::string(name));
    }
  }

  void join(const JsonRef& expr) {
    // CROSS JOIN (no condition at all) or a condition that is the constant true.
    if (expr.get("jointype").text() != "JOIN_INNER" || expr.get("isNatural").boolean() ||
        expr.get("usingClause").present()) {
      return;
    }
    const JsonRef quals = expr.get("quals");
    const bool constant_true = quals.get("A_Const").get("boolval").present() &&
                               quals.get("A_Const").get("boolval").get("boolval").boolean();
    if (!quals.present() || constant_true) ++facts_.cartesian_joins;
  }

  void call(const JsonRef& fn) {
    const std::string_view name = last_name_part(fn.get("funcname"));
    const std::vector<JsonRef> args = elements(fn.get("args"));
    if (name == "generate_series" || name == "generate_subscripts") {
      StatementFacts::Call c{std::string(name), std::nullopt};
      if (args.size() >= 2) {
        const auto from = literal_number(args[0]);
        const auto to = literal_number(args[1]);
        const auto step = args.size() >= 3 ? literal_number(args[2]) : std::optional<double>(1.0);
        if (from && to && step && *step != 0) c.size = std::abs(*to - *from) / std::abs(*step) + 1;
      }
      facts_.set_returning.push_back(std::move(c));
    } else if (name == "lpad" || name == "rpad" || name == "repeat") {
      StatementFacts::Call c{std::string(name), std::nullopt};
      if (args.size() >= 2) {
        if (const auto n = literal_number(args[1])) {
          double bytes = std::max(0.0, *n);
          if (name == "repeat") {
            // repeat builds the string n times; a non-literal string counts one byte per time.
            const auto text = literal_string(args[0]);
            bytes *= static_cast<double>(std::max<size_t>(1, text ? text->size() : 1));
          }
          c.size = bytes;
          facts_.largest_literal_string = std::max(facts_.largest_literal_string, bytes);
        }
      }
      facts_.string_building.push_back(std::move(c));
    }
  }

  StatementFacts& facts_;
};

int clamp_weight(double w, int max) {
  if (!std::isfinite(w)) return max;
  return static_cast<int>(std::lround(std::clamp(w, 0.0, static_cast<double>(max))));
}

// 1234567 → "1.2 million": numbers as people read them in the panel and the notes.
std::string human(double n) {
  struct Scale {
    double at;
    const char* word;
  };
  static constexpr std::array<Scale, 4> kScales = {
      {{1e12, "trillion"}, {1e9, "billion"}, {1e6, "million"}, {1e3, "thousand"}}};
  std::array<char, 64> buffer{};
  for (const auto& s : kScales) {
    if (n >= s.at) {
      std::snprintf(buffer.data(), buffer.size(), "%.1f %s", n / s.at, s.word);
      return buffer.data();
    }
  }
  std::snprintf(buffer.data(), buffer.size(), "%.0f", n);
  return buffer.data();
}

std::string bytes_text(double bytes) {
  if (bytes >= 1024.0 * 1024.0) return human(bytes / (1024.0 * 1024.0)) + " MB";
  if (bytes >= 1024.0) return human(bytes / 1024.0) + " KB";
  return human(bytes) + " bytes";
}

// On log scales: cost 1e5 (a scan of every Pagila payment with joins is ~1e3-1e4) weighs
// nothing, every factor of ten above it 16 more; a plan node above a million rows likewise.
int cost_weight(double cost) {
  return cost <= 0 ? 0 : clamp_weight((std::log10(cost) - 5) * 16, 80);
}
int rows_weight(double rows) {
  return rows <= 0 ? 0 : clamp_weight((std::log10(rows) - 6) * 13, 80);
}

}  // namespace

std::string_view level_name(Level level) {
  switch (level) {
    case Level::kLow:
      return "low";
    case Level::kMedium:
      return "medium";
    case Level::kHigh:
      return "high";
    case Level::kBlock:
      return "block";
  }
  return "low";
}

Level level_of(int score, const Thresholds& t) {
  if (score >= t.block_at) return Level::kBlock;
  if (score >= t.high_at) return Level::kHigh;
  if (score >= t.medium_at) return Level::kMedium;
  return Level::kLow;
}

StatementFacts analyse(std::string_view sql) {
  StatementFacts facts;
  const std::string text(sql);
  const ParseResult parsed(pg_query_parse(text.c_str()));
  if (parsed->error != nullptr || parsed->parse_tree == nullptr) return facts;
  const JsonTree tree(parsed->parse_tree);
  if (!tree.ok()) return facts;
  facts.parsed = true;
  Analyser(facts).walk(tree.root());
  return facts;
}

Author author_of(std::string_view path) {
  if (path.rfind("model:", 0) == 0) return Author::kModel;
  if (path.rfind("reviewer", 0) == 0) return Author::kReviewer;
  return Author::kPlanner;
}

std::string shape_of(std::string_view sql, const StatementFacts& facts, Author author) {
  if (author == Author::kPlanner && facts.parsed && facts.set_returning.empty() &&
      facts.string_building.empty() && facts.cartesian_joins == 0) {
    if (std::string fingerprint = guardrail::fingerprint_of(sql); !fingerprint.empty()) {
      return "fp:" + fingerprint;
    }
  }
  return "sql:" + std::string(sql);
}

nlohmann::json Assessment::to_json() const {
  nlohmann::json factors_json = nlohmann::json::array();
  for (const auto& f : factors) {
    factors_json.push_back({{"name", f.name}, {"detail", f.detail}, {"weight", f.weight}});
  }
  nlohmann::json out = {{"score", score}, {"level", level_name(level)}, {"factors", factors_json}};
  if (!note.empty()) out["note"] = note;
  return out;
}

Assessment score(const StatementFacts& facts, const std::optional<PlanEstimate>& estimate,
                 const std::string& explain_error, Author author, Role role,
                 const Thresholds& thresholds) {
  Assessment out;
  out.estimate = estimate;
  out.explain_error = explain_error;

  // Resource factors: only the heaviest counts (the others are shown with weight 0).
  std::vector<Factor> resource;
  if (estimate) {
    resource.push_back({"estimated_cost",
                        "PostgreSQL estimates a total cost of " + human(estimate->total_cost) +
                            " (" + human(estimate->rows) + " result rows of " +
                            std::to_string(estimate->width) + " bytes)",
                        cost_weight(estimate->total_cost)});
    resource.push_back(
        {"estimated_rows",
         "the largest step of the plan handles about " + human(estimate->max_node_rows) + " rows",
         rows_weight(estimate->max_node_rows)});
    if (estimate->width >= 100000) {
      resource.push_back({"estimated_width",
                          "each result row is estimated at " + bytes_text(estimate->width), 20});
    }
  } else if (!explain_error.empty()) {
    resource.push_back({"estimate_unavailable", explain_error, 35});
  }
  for (const auto& c : facts.set_returning) {
    if (c.size) {
      resource.push_back({"set_returning_function",
                          c.name + " produces " + human(*c.size) + " rows", rows_weight(*c.size)});
    } else {
      resource.push_back({"set_returning_function",
                          c.name + " with arguments that are not constants (its size is unknown)",
                          10});
    }
  }
  for (const auto& c : facts.string_building) {
    if (!c.size) {
      resource.push_back({"string_building",
                          c.name + " with a length that is not a constant (its size is unknown)",
                          10});
    } else if (*c.size > kMaxStringBytes) {
      resource.push_back({"string_building",
                          c.name + " asks for a " + bytes_text(*c.size) +
                              " string: larger than PostgreSQL's 1 GB limit, it can never succeed",
                          100});
    } else {
      const int w = *c.size >= kMaxExplainedStringBytes ? 65 : *c.size >= 10240 ? 20 : 0;
      resource.push_back(
          {"string_building", c.name + " builds a " + bytes_text(*c.size) + " string", w});
    }
  }
  int heaviest = -1;
  for (size_t i = 0; i < resource.size(); ++i) {
    if (heaviest < 0 || resource[i].weight > resource[static_cast<size_t>(heaviest)].weight) {
      heaviest = static_cast<int>(i);
    }
  }
  int total = 0;
  for (size_t i = 0; i < resource.size(); ++i) {
    if (static_cast<int>(i) == heaviest) {
      total += resource[i].weight;
    } else if (resource[i].weight > 0) {
      resource[i].detail += " (the heaviest resource factor counts alone)";
      resource[i].weight = 0;
    }
    out.factors.push_back(resource[i]);
  }

  if (facts.cartesian_joins > 0) {
    const int w = std::min(30, 15 * facts.cartesian_joins);
    out.factors.push_back({"cartesian_join",
                           std::to_string(facts.cartesian_joins) +
                               " join(s) without a join condition: every row with every row",
                           w});
    total += w;
  }
  if (!facts.pii_columns.empty()) {
    std::string list;
    for (const auto& c : facts.pii_columns) list += (list.empty() ? "" : ", ") + c;
    const int w = std::min(15, 5 * static_cast<int>(facts.pii_columns.size()));
    out.factors.push_back({"pii_adjacent_columns", "reads " + list, w});
    total += w;
  }
  switch (author) {
    case Author::kPlanner:
      out.factors.push_back(
          {"author", "compiled by the embedded planner from the semantic model", 0});
      break;
    case Author::kModel:
      out.factors.push_back({"author", "written by a language model", 10});
      total += 10;
      break;
    case Author::kReviewer:
      out.factors.push_back({"author", "written by a reviewer", 5});
      total += 5;
      break;
  }
  out.factors.push_back({"role",
                         std::string(role_name(role)) + ": medium from " +
                             std::to_string(thresholds.medium_at) + ", high from " +
                             std::to_string(thresholds.high_at) + ", block from " +
                             std::to_string(thresholds.block_at),
                         0});

  out.score = std::clamp(total, 0, 100);
  out.level = level_of(out.score, thresholds);
  const std::string why = heaviest >= 0 && resource[static_cast<size_t>(heaviest)].weight > 0
                              ? resource[static_cast<size_t>(heaviest)].detail
                              : std::string("risk score ") + std::to_string(out.score);
  switch (out.level) {
    case Level::kLow:
      break;
    case Level::kMedium:
      out.note = "This query is heavier than usual (" + why + "); it ran.";
      break;
    case Level::kHigh:
      out.note = "This query needs an approver's review before it runs: " + why + ".";
      break;
    case Level::kBlock:
      out.note = "This query is too costly or risky to run (risk " + std::to_string(out.score) +
                 "/100): " + why + ".";
      break;
  }
  return out;
}

Assessment RiskScorer::assess(const std::string& sql, Role role, const std::vector<int>& store_ids,
                              std::string_view path, long long org_id) {
  const StatementFacts facts = analyse(sql);
  const Author author = author_of(path);
  std::optional<PlanEstimate> estimate;
  std::string error;
  double ms = 0;
  if (facts.largest_literal_string > kMaxExplainedStringBytes) {
    error = "not estimated: the planner would build the " +
            bytes_text(facts.largest_literal_string) + " string while planning";
  } else {
    const auto start = std::chrono::steady_clock::now();
    try {
      estimate = probe_.explain(sql, shape_of(sql, facts, author), role, store_ids);
    } catch (const common::Error& e) {
      // The database being unreachable says nothing about the statement's risk: the request
      // fails now with that 503 (analytics_unavailable) rather than being scored without a plan.
      if (e.http_status() == 503) throw;
      error = std::string("PostgreSQL could not estimate this query: ") + e.what();
    } catch (const std::exception& e) {
      error = std::string("PostgreSQL could not estimate this query: ") + e.what();
    }
    ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  }
  Assessment out = score(facts, estimate, error, author, role, thresholds_.for_role(org_id, role));
  out.explain_ms = ms;
  return out;
}

}  // namespace copilot::risk
