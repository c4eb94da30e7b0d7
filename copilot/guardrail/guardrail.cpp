#include "copilot/guardrail/guardrail.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <optional>
#include <unordered_map>
#include <vector>

#include "common/text/utf8.hpp"
#include "copilot/guardrail/allow_lists.hpp"
#include "copilot/guardrail/parse_tree.hpp"

namespace copilot::guardrail {
namespace {

// Nesting the walk accepts; PostgreSQL's own parser gives up long before most such queries.
constexpr int kMaxNodeDepth = 300;

struct Failure {
  std::string_view code;
  std::string reason;
};

// ---------------------------------------------------------------------------------------------
// The allow-list of parse-tree nodes and, for each, of its fields. A node type or a field that is
// not listed here is refused, so a construct the guardrail was not written for never passes.

enum class FieldKind : std::uint8_t {
  kScalar,        // a string, number or boolean: nothing to check
  kChecked,       // checked by the node's own rule (e.g. FuncCall.funcname)
  kNode,          // one node
  kNodeList,      // a list of nodes
  kColumnNames,   // a list of String (column names: no system columns) or other nodes
  kOperatorName,  // an operator's name: unqualified or pg_catalog
  kAlias,         // an embedded Alias
  kTypeName,      // an embedded TypeName
  kWindowDef,     // an embedded WindowDef
};

enum class Special : std::uint8_t {
  kNone,
  kRangeVar,
  kFuncCall,
  kColumnRef,
  kAConst,
  kSqlValueFunction,
};

struct FieldRule {
  std::string_view name;
  FieldKind kind;
};

struct NodeRule {
  std::string_view name;
  Special special;
  std::vector<FieldRule> fields;

  const FieldRule* field(std::string_view key) const {
    for (const FieldRule& f : fields) {
      if (f.name == key) return &f;
    }
    return nullptr;
  }
};

using F = FieldKind;

const std::unordered_map<std::string_view, NodeRule>& node_rules() {
  static const std::unordered_map<std::string_view, NodeRule> kRules = [] {
    const std::vector<NodeRule> rules = {
        {"ResTarget",
         Special::kNone,
         {{"name", F::kScalar},
          {"indirection", F::kColumnNames},
          {"val", F::kNode},
          {"location", F::kScalar}}},
        {"ColumnRef", Special::kColumnRef, {{"fields", F::kChecked}, {"location", F::kScalar}}},
        {"A_Star", Special::kNone, {}},
        {"String", Special::kNone, {{"sval", F::kScalar}}},
        {"Integer", Special::kNone, {{"ival", F::kScalar}}},
        {"Float", Special::kNone, {{"fval", F::kScalar}}},
        {"Boolean", Special::kNone, {{"boolval", F::kScalar}}},
        {"BitString", Special::kNone, {{"bsval", F::kScalar}}},
        {"A_Const",
         Special::kAConst,
         {{"ival", F::kChecked},
          {"fval", F::kChecked},
          {"boolval", F::kChecked},
          {"sval", F::kChecked},
          {"bsval", F::kChecked},
          {"isnull", F::kScalar},
          {"location", F::kScalar}}},
        {"A_Expr",
         Special::kNone,
         {{"kind", F::kScalar},
          {"name", F::kOperatorName},
          {"lexpr", F::kNode},
          {"rexpr", F::kNode},
          {"location", F::kScalar}}},
        {"FuncCall",
         Special::kFuncCall,
         {{"funcname", F::kChecked},
          {"args", F::kNodeList},
          {"agg_order", F::kNodeList},
          {"agg_filter", F::kNode},
          {"over", F::kWindowDef},
          {"agg_within_group", F::kScalar},
          {"agg_star", F::kScalar},
          {"agg_distinct", F::kScalar},
          {"func_variadic", F::kScalar},
          {"funcformat", F::kScalar},
          {"location", F::kScalar}}},
        {"NamedArgExpr",
         Special::kNone,
         {{"arg", F::kNode},
          {"name", F::kScalar},
          {"argnumber", F::kScalar},
          {"location", F::kScalar}}},
        {"TypeCast",
         Special::kNone,
         {{"arg", F::kNode}, {"typeName", F::kTypeName}, {"location", F::kScalar}}},
        {"RangeVar",
         Special::kRangeVar,
         {{"catalogname", F::kChecked},
          {"schemaname", F::kChecked},
          {"relname", F::kChecked},
          {"inh", F::kScalar},
          {"relpersistence", F::kScalar},
          {"alias", F::kAlias},
          {"location", F::kScalar}}},
        {"RangeSubselect",
         Special::kNone,
         {{"lateral", F::kScalar}, {"subquery", F::kNode}, {"alias", F::kAlias}}},
        {"RangeFunction",
         Special::kNone,
         {{"lateral", F::kScalar},
          {"ordinality", F::kScalar},
          {"is_rowsfrom", F::kScalar},
          {"functions", F::kNodeList},
          {"alias", F::kAlias},
          {"coldeflist", F::kNodeList}}},
        {"JoinExpr",
         Special::kNone,
         {{"jointype", F::kScalar},
          {"isNatural", F::kScalar},
          {"larg", F::kNode},
          {"rarg", F::kNode},
          {"usingClause", F::kColumnNames},
          {"join_using_alias", F::kAlias},
          {"quals", F::kNode},
          {"alias", F::kAlias},
          {"rtindex", F::kScalar}}},
        {"SubLink",
         Special::kNone,
         {{"subLinkType", F::kScalar},
          {"subLinkId", F::kScalar},
          {"testexpr", F::kNode},
          {"operName", F::kOperatorName},
          {"subselect", F::kNode},
          {"location", F::kScalar}}},
        {"BoolExpr",
         Special::kNone,
         {{"boolop", F::kScalar}, {"args", F::kNodeList}, {"location", F::kScalar}}},
        {"NullTest",
         Special::kNone,
         {{"arg", F::kNode},
          {"nulltesttype", F::kScalar},
          {"argisrow", F::kScalar},
          {"location", F::kScalar}}},
        {"BooleanTest",
         Special::kNone,
         {{"arg", F::kNode}, {"booltesttype", F::kScalar}, {"location", F::kScalar}}},
        {"CaseExpr",
         Special::kNone,
         {{"arg", F::kNode},
          {"args", F::kNodeList},
          {"defresult", F::kNode},
          {"location", F::kScalar}}},
        {"CaseWhen",
         Special::kNone,
         {{"expr", F::kNode}, {"result", F::kNode}, {"location", F::kScalar}}},
        {"CoalesceExpr", Special::kNone, {{"args", F::kNodeList}, {"location", F::kScalar}}},
        {"MinMaxExpr",
         Special::kNone,
         {{"op", F::kScalar}, {"args", F::kNodeList}, {"location", F::kScalar}}},
        {"RowExpr",
         Special::kNone,
         {{"args", F::kNodeList},
          {"row_format", F::kScalar},
          {"colnames", F::kNodeList},
          {"location", F::kScalar}}},
        {"A_ArrayExpr", Special::kNone, {{"elements", F::kNodeList}, {"location", F::kScalar}}},
        {"A_Indirection", Special::kNone, {{"arg", F::kNode}, {"indirection", F::kColumnNames}}},
        {"A_Indices",
         Special::kNone,
         {{"is_slice", F::kScalar}, {"lidx", F::kNode}, {"uidx", F::kNode}}},
        {"SortBy",
         Special::kNone,
         {{"node", F::kNode},
          {"sortby_dir", F::kScalar},
          {"sortby_nulls", F::kScalar},
          {"useOp", F::kOperatorName},
          {"location", F::kScalar}}},
        {"WindowDef",
         Special::kNone,
         {{"name", F::kScalar},
          {"refname", F::kScalar},
          {"partitionClause", F::kNodeList},
          {"orderClause", F::kNodeList},
          {"frameOptions", F::kScalar},
          {"startOffset", F::kNode},
          {"endOffset", F::kNode},
          {"location", F::kScalar}}},
        {"GroupingSet",
         Special::kNone,
         {{"kind", F::kScalar}, {"content", F::kNodeList}, {"location", F::kScalar}}},
        {"GroupingFunc", Special::kNone, {{"args", F::kNodeList}, {"location", F::kScalar}}},
        {"SQLValueFunction",
         Special::kSqlValueFunction,
         {{"op", F::kChecked}, {"typmod", F::kScalar}, {"location", F::kScalar}}},
        {"CollateClause",
         Special::kNone,
         {{"arg", F::kNode}, {"collname", F::kOperatorName}, {"location", F::kScalar}}},
        {"List", Special::kNone, {{"items", F::kNodeList}}},
        // Embedded structs (no node wrapper in the tree), reached through their fields.
        {"Alias", Special::kNone, {{"aliasname", F::kScalar}, {"colnames", F::kNodeList}}},
    };
    std::unordered_map<std::string_view, NodeRule> out;
    for (const NodeRule& rule : rules) out.emplace(rule.name, rule);
    return out;
  }();
  return kRules;
}

const NodeRule* find_rule(std::string_view type) {
  const auto& rules = node_rules();
  const auto it = rules.find(type);
  return it == rules.end() ? nullptr : &it->second;
}

bool is_data_modifying(std::string_view type) {
  return type == "InsertStmt" || type == "UpdateStmt" || type == "DeleteStmt" ||
         type == "MergeStmt";
}

// A String node's value ({"String":{"sval":"x"}}), or nullopt when `node` is not a String.
std::optional<std::string_view> string_value(JsonRef node) {
  if (!node.is_object() || node.size() != 1) return std::nullopt;
  const JsonRef inner = node.first();
  if (inner.key() != "String" || !inner.is_object()) return std::nullopt;
  return inner.get("sval").text();
}

// A name list of String nodes with one or two parts, the first of which must be pg_catalog.
// Returns the last part, or nullopt when the list is anything else.
std::optional<std::string_view> catalog_name(JsonRef names) {
  if (!names.is_array() || names.size() < 1 || names.size() > 2) return std::nullopt;
  JsonRef part = names.first();
  if (names.size() == 2) {
    const auto schema = string_value(part);
    if (!schema || *schema != "pg_catalog") return std::nullopt;
    part = part.next();
  }
  return string_value(part);
}

std::string quoted(std::string_view name) { return "\"" + std::string(name) + "\""; }

// ---------------------------------------------------------------------------------------------
// The walk.

// CTE names visible at one point of the tree: a chain of WITH lists, innermost first.
struct Scope {
  const Scope* parent = nullptr;
  const std::vector<std::string_view>* names = nullptr;

  bool has(std::string_view name) const {
    for (const Scope* s = this; s != nullptr; s = s->parent) {
      if (s->names != nullptr &&
          std::find(s->names->begin(), s->names->end(), name) != s->names->end()) {
        return true;
      }
    }
    return false;
  }
};

// The LIMIT of the top-level SELECT, as the tree tells it.
struct TopLimit {
  enum class Kind : std::uint8_t { kNone, kInteger, kFloat, kAllOrNull, kOther };
  Kind kind = Kind::kNone;
  bool with_ties = false;
  int location = -1;
  std::int64_t value = 0;  // kInteger (libpg_query writes a negative integer as 0: see below)
  std::string text;        // kFloat (a copy: the tree dies with the analysis)
};

// The outcome of parsing and walking one text.
struct Analysis {
  std::optional<Failure> failure;
  bool parsed = false;
  int stmt_location = 0;
  int stmt_len = 0;  // 0: to the end of the text
  TopLimit limit;
};

class TreeCheck {
 public:
  TreeCheck(std::string_view sql, const std::set<std::string>& allowed)
      : sql_(sql), allowed_(allowed) {}

  // Checks the parse result's root ({"version":..,"stmts":[..]}); fills `out`.
  void run(JsonRef root, Analysis& out) {
    const JsonRef stmts = root.get("stmts");
    if (!root.is_object() || (stmts.present() && !stmts.is_array())) {
      out.failure = Failure{reason::kParseError, "the parse tree has an unexpected shape"};
      return;
    }
    if (stmts.size() == 0) {
      out.failure = Failure{reason::kEmptyStatement, "there is no statement to run"};
      return;
    }
    if (stmts.size() > 1) {
      out.failure = Failure{reason::kMultipleStatements,
                            "exactly one statement may run; found " + std::to_string(stmts.size())};
      return;
    }
    const JsonRef raw = stmts.first();
    out.stmt_location = static_cast<int>(raw.get("stmt_location").integer().value_or(0));
    out.stmt_len = static_cast<int>(raw.get("stmt_len").integer().value_or(0));
    const JsonRef stmt = raw.get("stmt");
    if (!stmt.is_object() || stmt.size() != 1) {
      out.failure = Failure{reason::kParseError, "the parse tree has an unexpected shape"};
      return;
    }
    const JsonRef body = stmt.first();
    if (body.key() != "SelectStmt") {
      out.failure =
          Failure{reason::kNotSelect, "only a SELECT may run; found " + std::string(body.key())};
      return;
    }
    const Scope top;
    if (!select(body, top, 0)) {
      out.failure = std::move(failure_);
      return;
    }
    out.limit = top_limit(body);
  }

 private:
  bool fail(std::string_view code, std::string reason) {
    failure_ = Failure{code, std::move(reason)};
    return false;
  }
  bool construct(std::string_view what) {
    return fail(reason::kConstructNotAllowed, std::string(what) + " is not allowed in a query");
  }

  static TopLimit top_limit(JsonRef body) {
    TopLimit out;
    out.with_ties = body.get("limitOption").text() == "LIMIT_OPTION_WITH_TIES";
    const JsonRef count = body.get("limitCount");
    if (!count.present()) return out;
    out.kind = TopLimit::Kind::kOther;
    if (!count.is_object() || count.size() != 1 || count.first().key() != "A_Const") return out;
    const JsonRef constant = count.first();
    out.location = static_cast<int>(constant.get("location").integer().value_or(-1));
    if (constant.get("isnull").boolean()) {
      out.kind = TopLimit::Kind::kAllOrNull;
    } else if (const JsonRef ival = constant.get("ival"); ival.present()) {
      // {"ival":{}} is 0 — and, in libpg_query 15-4.0, any negative integer too.
      const auto value = ival.get("ival").integer();
      if (ival.get("ival").present() && !value) return out;
      out.kind = TopLimit::Kind::kInteger;
      out.value = value.value_or(0);
    } else if (const JsonRef fval = constant.get("fval"); fval.present()) {
      out.kind = TopLimit::Kind::kFloat;
      out.text = std::string(fval.get("fval").text());
    }
    return out;
  }

  // One SelectStmt body (also a set operation's larg/rarg, which have no node wrapper).
  bool select(JsonRef body, const Scope& scope, int depth) {
    if (depth > kMaxNodeDepth) return fail(reason::kTooComplex, "the query nests too deeply");
    if (!body.is_object()) return construct("this SELECT shape");
    if (body.get("intoClause").present()) {
      return fail(reason::kSelectInto, "SELECT INTO creates a table; only reading is allowed");
    }
    if (body.get("lockingClause").present()) {
      return fail(reason::kLockingClause, "FOR UPDATE/SHARE locks rows; only reading is allowed");
    }
    std::vector<std::string_view> ctes;
    const Scope inner{&scope, &ctes};
    if (const JsonRef with = body.get("withClause"); with.present()) {
      if (!with_clause(with, ctes, scope, depth + 1)) return false;
    }
    for (JsonRef m = body.first(); m.present(); m = m.next()) {
      const std::string_view key = m.key();
      if (key == "withClause") continue;
      if (key == "larg" || key == "rarg") {
        if (!select(m, inner, depth + 1)) return false;
      } else if (key == "distinctClause" || key == "targetList" || key == "fromClause" ||
                 key == "groupClause" || key == "windowClause" || key == "valuesLists" ||
                 key == "sortClause") {
        if (!node_list(m, inner, depth + 1)) return false;
      } else if (key == "whereClause" || key == "havingClause" || key == "limitOffset" ||
                 key == "limitCount") {
        if (!node(m, inner, depth + 1)) return false;
      } else if (key == "groupDistinct" || key == "limitOption" || key == "op" || key == "all") {
        if (!m.is_scalar()) return construct("SELECT." + std::string(key));
      } else {
        return construct("SELECT." + std::string(key));
      }
    }
    return true;
  }

  // A WITH list: each CTE's query is checked in the scope PostgreSQL resolves it in (earlier
  // siblings, or all of them under RECURSIVE); `names` ends up holding every CTE name.
  bool with_clause(JsonRef with, std::vector<std::string_view>& names, const Scope& outer,
                   int depth) {
    const JsonRef ctes = with.get("ctes");
    const bool recursive = with.get("recursive").boolean();
    for (JsonRef m = with.first(); m.present(); m = m.next()) {
      if (m.key() != "ctes" && m.key() != "recursive" && m.key() != "location") {
        return construct("WITH." + std::string(m.key()));
      }
    }
    if (!ctes.is_array()) return construct("this WITH shape");
    std::vector<JsonRef> bodies;
    bodies.reserve(ctes.size());
    for (JsonRef c = ctes.first(); c.present(); c = c.next()) {
      if (!c.is_object() || c.size() != 1 || c.first().key() != "CommonTableExpr" ||
          !c.first().is_object()) {
        return construct("this WITH shape");
      }
      bodies.push_back(c.first());
    }
    if (recursive) {
      for (const JsonRef& cte : bodies) names.push_back(cte.get("ctename").text());
    }
    const Scope visible{&outer, &names};
    for (const JsonRef& cte : bodies) {
      for (JsonRef m = cte.first(); m.present(); m = m.next()) {
        const std::string_view key = m.key();
        if (key == "aliascolnames") {
          if (!node_list(m, visible, depth + 1)) return false;
        } else if (key == "ctename" || key == "ctematerialized" || key == "location" ||
                   key == "cterecursive") {
          if (!m.is_scalar()) return construct("CTE." + std::string(key));
        } else if (key != "ctequery") {
          return construct("CTE." + std::string(key));  // SEARCH / CYCLE clauses among others
        }
      }
      const JsonRef query = cte.get("ctequery");
      if (!query.is_object() || query.size() != 1) return construct("this CTE shape");
      const std::string_view type = query.first().key();
      if (is_data_modifying(type)) {
        return fail(reason::kDataModifyingCte, "the CTE " + quoted(cte.get("ctename").text()) +
                                                   " modifies data (" + std::string(type) + ")");
      }
      if (type != "SelectStmt") {
        return fail(reason::kNotSelect, "a CTE may only hold a SELECT; found " + std::string(type));
      }
      if (!select(query.first(), visible, depth + 1)) return false;
      if (!recursive) names.push_back(cte.get("ctename").text());
    }
    return true;
  }

  bool node_list(JsonRef list, const Scope& scope, int depth) {
    if (!list.is_array()) return construct("this list shape");
    for (JsonRef item = list.first(); item.present(); item = item.next()) {
      if (!node(item, scope, depth)) return false;
    }
    return true;
  }

  // One wrapped node ({"Type":{...}}); an empty object is an absent node.
  bool node(JsonRef n, const Scope& scope, int depth) {
    if (depth > kMaxNodeDepth) return fail(reason::kTooComplex, "the query nests too deeply");
    if (!n.is_object()) return construct("this node shape");
    if (n.size() == 0) return true;
    if (n.size() != 1) return construct("this node shape");
    const JsonRef body = n.first();
    const std::string_view type = body.key();
    if (type == "SelectStmt") return select(body, scope, depth + 1);
    const NodeRule* rule = find_rule(type);
    if (rule == nullptr || type == "Alias") {
      if (is_data_modifying(type)) {
        return fail(reason::kDataModifyingCte, std::string(type) + " modifies data");
      }
      return construct(type);
    }
    if (!body.is_object()) return construct(type);
    switch (rule->special) {
      case Special::kNone:
        break;
      case Special::kRangeVar:
        if (!range_var(body, scope)) return false;
        break;
      case Special::kFuncCall:
        if (!func_call(body)) return false;
        break;
      case Special::kColumnRef:
        if (!column_ref(body)) return false;
        break;
      case Special::kAConst:
        if (!a_const(body)) return false;
        break;
      case Special::kSqlValueFunction:
        if (!sql_value_function_allowed(body.get("op").text())) {
          return fail(
              reason::kFunctionNotAllowed,
              "the SQL value function " + std::string(body.get("op").text()) + " is not allowed");
        }
        break;
    }
    return fields(body, *rule, scope, depth + 1);
  }

  // The members of a node body, each by its field rule.
  bool fields(JsonRef body, const NodeRule& rule, const Scope& scope, int depth) {
    if (!body.is_object()) return construct(rule.name);
    for (JsonRef m = body.first(); m.present(); m = m.next()) {
      const FieldRule* f = rule.field(m.key());
      if (f == nullptr) return construct(std::string(rule.name) + "." + std::string(m.key()));
      bool ok = true;
      switch (f->kind) {
        case FieldKind::kScalar:
          ok = m.is_scalar() || construct(std::string(rule.name) + "." + std::string(m.key()));
          break;
        case FieldKind::kChecked:
          break;
        case FieldKind::kNode:
          ok = node(m, scope, depth);
          break;
        case FieldKind::kNodeList:
          ok = node_list(m, scope, depth);
          break;
        case FieldKind::kColumnNames:
          ok = column_names(m, scope, depth);
          break;
        case FieldKind::kOperatorName:
          ok = operator_name(m);
          break;
        case FieldKind::kAlias:
          ok = fields(m, *find_rule("Alias"), scope, depth + 1);
          break;
        case FieldKind::kTypeName:
          ok = type_name(m, scope, depth + 1);
          break;
        case FieldKind::kWindowDef:
          ok = fields(m, *find_rule("WindowDef"), scope, depth + 1);
          break;
      }
      if (!ok) return false;
    }
    return true;
  }

  bool range_var(JsonRef body, const Scope& scope) {
    const std::string_view catalog = body.get("catalogname").text();
    const std::string_view schema = body.get("schemaname").text();
    const std::string_view relation = body.get("relname").text();
    if (!catalog.empty()) {
      return fail(reason::kSchemaNotAllowed,
                  "relations may not name a database (" + quoted(catalog) + ")");
    }
    if (!schema.empty() && schema != "public") {
      return fail(reason::kSchemaNotAllowed, "only schema public may be read; " + quoted(schema) +
                                                 "." + quoted(relation) + " is outside it");
    }
    // A qualified name always means a real relation; an unqualified one is a CTE when one of
    // that name is in scope, even if a base table shares the name.
    if (schema.empty() && scope.has(relation)) return true;
    if (allowed_.count(std::string(relation)) == 0) {
      return fail(reason::kRelationNotAllowed,
                  "the relation " + quoted(relation) + " is not readable by this role");
    }
    return true;
  }

  bool func_call(JsonRef body) {
    const JsonRef names = body.get("funcname");
    const auto name = catalog_name(names);
    if (!name || !function_allowed(*name)) {
      std::string shown;
      for (JsonRef part = names.first(); part.present(); part = part.next()) {
        if (!shown.empty()) shown += '.';
        shown += string_value(part).value_or("?");
      }
      return fail(reason::kFunctionNotAllowed, "the function " + shown + " is not allowed");
    }
    return true;
  }

  bool column_ref(JsonRef body) {
    const JsonRef parts = body.get("fields");
    if (!parts.is_array()) return construct("this column reference");
    for (JsonRef part = parts.first(); part.present(); part = part.next()) {
      if (part.is_object() && part.size() == 1 && part.first().key() == "A_Star" &&
          part.first().is_object() && part.first().size() == 0) {
        continue;
      }
      const auto name = string_value(part);
      if (!name) return construct("this column reference");
      if (is_system_column(*name)) {
        return fail(reason::kSystemColumn,
                    "the system column " + std::string(*name) + " may not be read");
      }
    }
    return true;
  }

  bool column_names(JsonRef list, const Scope& scope, int depth) {
    if (!list.is_array()) return construct("this name list");
    for (JsonRef item = list.first(); item.present(); item = item.next()) {
      if (const auto name = string_value(item); name && is_system_column(*name)) {
        return fail(reason::kSystemColumn,
                    "the system column " + std::string(*name) + " may not be read");
      }
      if (!node(item, scope, depth)) return false;
    }
    return true;
  }

  bool operator_name(JsonRef names) {
    if (!catalog_name(names)) {
      return fail(reason::kOperatorNotAllowed,
                  "operators may only be unqualified or from pg_catalog");
    }
    return true;
  }

  bool type_name(JsonRef body, const Scope& scope, int depth) {
    if (!body.is_object()) return construct("this type name");
    const auto name = catalog_name(body.get("names"));
    if (!name || !type_allowed(*name) || body.get("setof").boolean() ||
        body.get("pct_type").boolean()) {
      std::string shown;
      for (JsonRef part = body.get("names").first(); part.present(); part = part.next()) {
        if (!shown.empty()) shown += '.';
        shown += string_value(part).value_or("?");
      }
      return fail(reason::kTypeNotAllowed, "casting to " + shown + " is not allowed");
    }
    for (JsonRef m = body.first(); m.present(); m = m.next()) {
      const std::string_view key = m.key();
      if (key == "typmods" || key == "arrayBounds") {
        if (!node_list(m, scope, depth)) return false;
      } else if (key == "names") {
        continue;
      } else if (key == "typeOid" || key == "typemod" || key == "location" || key == "setof" ||
                 key == "pct_type") {
        if (!m.is_scalar()) return construct("TypeName." + std::string(key));
      } else {
        return construct("TypeName." + std::string(key));
      }
    }
    return true;
  }

  bool a_const(JsonRef body) {
    for (JsonRef m = body.first(); m.present(); m = m.next()) {
      const std::string_view key = m.key();
      if ((key == "ival" || key == "fval" || key == "boolval" || key == "sval" || key == "bsval") &&
          !m.is_object()) {
        return construct("this constant");
      }
    }
    const JsonRef sval = body.get("sval");
    if (!sval.present()) return true;
    // The server reads '...' with standard_conforming_strings; if that were ever off, a
    // backslash would escape the closing quote and the server would see code where we saw text.
    const auto location = body.get("location").integer().value_or(-1);
    if (location >= 0 && static_cast<std::size_t>(location) < sql_.size() &&
        sql_[static_cast<std::size_t>(location)] == '\'' &&
        sval.get("sval").text().find('\\') != std::string_view::npos) {
      return fail(reason::kAmbiguousLiteral,
                  "a '...' string holding a backslash is ambiguous; use E'...' instead");
    }
    return true;
  }

  std::string_view sql_;
  const std::set<std::string>& allowed_;
  Failure failure_;
};

// ---------------------------------------------------------------------------------------------
// Parsing, the LIMIT rewrite and the verdict.

// Parses `sql` with libpg_query and walks the tree.
Analysis analyse(std::string_view sql, const std::set<std::string>& allowed) {
  Analysis out;
  const std::string text(sql);  // libpg_query wants a NUL-terminated string
  const ParseResult parsed(pg_query_parse(text.c_str()));
  if (parsed->error != nullptr) {
    out.failure = Failure{reason::kParseError,
                          std::string("the SQL does not parse: ") +
                              (parsed->error->message != nullptr ? parsed->error->message : "?")};
    return out;
  }
  if (parsed->parse_tree == nullptr) {
    out.failure = Failure{reason::kParseError, "the SQL does not parse"};
    return out;
  }
  const JsonTree tree(parsed->parse_tree);
  if (!tree.ok()) {
    out.failure = Failure{reason::kTooComplex, "the parse tree is too deep or malformed"};
    return out;
  }
  out.parsed = true;
  TreeCheck(sql, allowed).run(tree.root(), out);
  return out;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The length of the numeric literal at `at` (digits, fraction, exponent), 0 when there is none.
std::size_t number_length(std::string_view s, std::size_t at) {
  std::size_t i = at;
  while (i < s.size() && is_digit(s[i])) ++i;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && is_digit(s[i])) ++i;
  }
  if (i > at && i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    std::size_t j = i + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
    if (j < s.size() && is_digit(s[j])) {
      while (j < s.size() && is_digit(s[j])) ++j;
      i = j;
    }
  }
  return i - at;
}

// The integer LIMIT written at `location` of `sql`, read from the text because the tree loses
// the sign of negative integers. nullopt when the text there is not a plain non-negative integer.
std::optional<std::int64_t> literal_integer(std::string_view sql, int location) {
  if (location < 0 || static_cast<std::size_t>(location) >= sql.size()) return std::nullopt;
  const auto at = static_cast<std::size_t>(location);
  std::size_t end = at;
  while (end < sql.size() && is_digit(sql[end])) ++end;
  if (end == at) return std::nullopt;
  std::int64_t value = 0;
  const auto [ptr, error] = std::from_chars(sql.data() + at, sql.data() + end, value);
  if (error != std::errc{} || ptr != sql.data() + end) return std::nullopt;
  return value;
}

struct Rewrite {
  std::optional<Failure> failure;
  std::string sql;
  std::string note;  // what was done, for the verdict's reason
};

// The statement's text with the LIMIT the guardrail requires, spliced at the positions the tree
// gives (never found by searching the text).
Rewrite rewrite_limit(std::string_view sql, const Analysis& a, int max_limit) {
  Rewrite out;
  const auto begin = std::min(static_cast<std::size_t>(std::max(a.stmt_location, 0)), sql.size());
  std::string_view stmt =
      a.stmt_len > 0 ? sql.substr(begin, static_cast<std::size_t>(a.stmt_len)) : sql.substr(begin);
  while (!stmt.empty() && is_space(stmt.back())) stmt.remove_suffix(1);
  const std::string max = std::to_string(max_limit);
  const auto splice = [&](int location, std::size_t length) {
    const std::size_t at = static_cast<std::size_t>(location) - begin;
    std::string s(stmt.substr(0, at));
    s += max;
    s += stmt.substr(at + length);
    return s;
  };
  const auto wrap = [&] {
    return "SELECT * FROM (\n" + std::string(stmt) + "\n) AS guardrail_limited\nLIMIT " + max;
  };
  const auto inside = [&](int location) {
    return location >= 0 && static_cast<std::size_t>(location) >= begin &&
           static_cast<std::size_t>(location) < begin + stmt.size();
  };
  const TopLimit& limit = a.limit;
  const auto invalid = [&](const std::string& why) {
    out.failure = Failure{reason::kInvalidLimit, why};
    return out;
  };

  switch (limit.kind) {
    case TopLimit::Kind::kNone:
      // A newline first, so that a trailing "-- comment" cannot swallow the clause.
      out.sql = std::string(stmt) + "\nLIMIT " + max;
      out.note = "LIMIT " + max + " added";
      return out;
    case TopLimit::Kind::kInteger: {
      if (limit.location < 0) {  // FETCH FIRST ROW ONLY: an implicit 1
        if (limit.value < 0 || limit.value > max_limit || limit.with_ties) break;
        out.sql = std::string(stmt);
        out.note = "LIMIT kept";
        return out;
      }
      if (!inside(limit.location)) break;
      if (sql[static_cast<std::size_t>(limit.location)] == '-') {
        return invalid("a negative LIMIT is not allowed");
      }
      const auto written = literal_integer(sql, limit.location);
      if (!written || *written != limit.value) break;
      if (limit.with_ties) break;
      if (*written <= max_limit) {
        out.sql = std::string(stmt);
        out.note = "LIMIT " + std::to_string(*written) + " kept";
        return out;
      }
      out.sql =
          splice(limit.location, number_length(sql, static_cast<std::size_t>(limit.location)));
      out.note = "LIMIT " + std::to_string(*written) + " clamped to " + max;
      return out;
    }
    case TopLimit::Kind::kFloat: {
      if (!limit.text.empty() && limit.text.front() == '-') {
        return invalid("a negative LIMIT is not allowed");
      }
      if (!inside(limit.location) || limit.with_ties) break;
      const std::size_t length = number_length(sql, static_cast<std::size_t>(limit.location));
      if (length == 0) break;
      if (sql.substr(static_cast<std::size_t>(limit.location), length) != limit.text) break;
      const double value = std::strtod(std::string(limit.text).c_str(), nullptr);
      if (!(value >= 0.0)) return invalid("the LIMIT is not a number");
      if (value <= static_cast<double>(max_limit)) {
        out.sql = std::string(stmt);
        out.note = "LIMIT kept";
        return out;
      }
      out.sql = splice(limit.location, length);
      out.note = "LIMIT " + std::string(limit.text) + " clamped to " + max;
      return out;
    }
    case TopLimit::Kind::kAllOrNull: {
      if (!inside(limit.location) || limit.with_ties) break;
      const auto at = static_cast<std::size_t>(limit.location);
      std::size_t length = 0;
      while (at + length < sql.size() &&
             std::isalpha(static_cast<unsigned char>(sql[at + length]))) {
        ++length;
      }
      std::string word(sql.substr(at, length));
      std::transform(word.begin(), word.end(), word.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (word != "all" && word != "null") break;
      out.sql = splice(limit.location, length);
      out.note = "LIMIT " + word + " replaced by " + max;
      return out;
    }
    case TopLimit::Kind::kOther:
      break;
  }
  // Anything else (an expression, a parameter, WITH TIES): bound the whole result from outside.
  out.sql = wrap();
  out.note = "wrapped to bound the rows by LIMIT " + max;
  return out;
}

Verdict reject(const Failure& failure, std::string fingerprint = {}) {
  Verdict v;
  v.accepted = false;
  v.reason_code = std::string(failure.code);
  v.reason = failure.reason;
  v.fingerprint = std::move(fingerprint);
  return v;
}

Verdict check_or_throw(std::string_view sql, const std::set<std::string>& allowed_relations,
                       const Options& opts) {
  const int max_limit = std::max(opts.max_limit, 0);
  if (sql.size() > opts.max_sql_bytes) {
    return reject({reason::kInvalidInput,
                   "the SQL is longer than " + std::to_string(opts.max_sql_bytes) + " bytes"});
  }
  if (sql.find('\0') != std::string_view::npos) {
    return reject({reason::kInvalidInput, "the SQL holds a NUL byte"});
  }
  if (!common::text::utf8_length(sql))
    return reject({reason::kInvalidInput, "the SQL is not valid UTF-8"});

  const Analysis first = analyse(sql, allowed_relations);
  if (first.failure) {
    return reject(*first.failure, first.parsed ? fingerprint_of(sql) : std::string{});
  }
  Rewrite rewritten = rewrite_limit(sql, first, max_limit);
  if (rewritten.failure) return reject(*rewritten.failure, fingerprint_of(sql));

  // What runs is parsed and checked again, and must carry a plain LIMIT within bounds (unless it
  // is exactly the text just checked: a LIMIT already within bounds is kept as written).
  const Analysis second = rewritten.sql == sql ? first : analyse(rewritten.sql, allowed_relations);
  if (second.failure) {
    return reject({reason::kLimitRewriteFailed,
                   "the rewritten SQL failed its check: " + second.failure->reason},
                  fingerprint_of(sql));
  }
  const TopLimit& limit = second.limit;
  std::optional<std::int64_t> effective;
  if (limit.kind == TopLimit::Kind::kInteger && !limit.with_ties) {
    effective = limit.location < 0 ? std::optional<std::int64_t>(limit.value)
                                   : literal_integer(rewritten.sql, limit.location);
    if (effective && *effective != limit.value) effective.reset();
  } else if (limit.kind == TopLimit::Kind::kFloat && !limit.with_ties) {
    const double value = std::strtod(std::string(limit.text).c_str(), nullptr);
    if (value >= 0.0 && value <= static_cast<double>(max_limit)) effective = std::llround(value);
  }
  if (!effective || *effective < 0 || *effective > max_limit) {
    return reject({reason::kLimitRewriteFailed, "the rewritten SQL has no LIMIT within bounds"},
                  fingerprint_of(sql));
  }

  Verdict v;
  v.accepted = true;
  v.reason = std::move(rewritten.note);
  v.sql = std::move(rewritten.sql);
  v.fingerprint = fingerprint_of(v.sql);
  v.effective_limit = static_cast<int>(*effective);
  return v;
}

}  // namespace

Verdict check(std::string_view sql, const std::set<std::string>& allowed_relations,
              const Options& opts) {
  try {
    return check_or_throw(sql, allowed_relations, opts);
  } catch (const std::exception& e) {  // e.g. std::bad_alloc: fail closed, never let it run
    return reject({reason::kInternalError, std::string("the guardrail failed: ") + e.what()});
  }
}

}  // namespace copilot::guardrail
