#include "copilot/workflow/model_generation.hpp"

#include <algorithm>
#include <set>

#include "common/error/error.hpp"
#include "copilot/execution/execution_error.hpp"
#include "copilot/generation/sql_compiler.hpp"
#include "copilot/guardrail/guardrail.hpp"
#include "copilot/risk/risk_scoring.hpp"

namespace copilot::workflow {
namespace {

using nlohmann::json;

// Columns of Pagila's reference relations (the semantic model lists only its sources' columns).
const std::map<std::string, std::vector<std::string>>& reference_columns() {
  static const std::map<std::string, std::vector<std::string>> kColumns = {
      {"film",
       {"film_id", "title", "description", "release_year", "language_id", "rental_duration",
        "rental_rate", "length", "replacement_cost", "rating"}},
      {"film_category", {"film_id", "category_id"}},
      {"category", {"category_id", "name"}},
      {"language", {"language_id", "name"}},
      {"actor", {"actor_id", "first_name", "last_name"}},
      {"film_actor", {"actor_id", "film_id"}},
      {"inventory", {"inventory_id", "film_id", "store_id"}},
      {"store", {"store_id", "manager_staff_id", "address_id"}},
      {"city", {"city_id", "city", "country_id"}},
      {"country", {"country_id", "country"}},
      {"v_store_location", {"store_id", "city", "country"}},
      {"v_data_as_of", {"as_of"}}};
  return kColumns;
}

bool role_reads_all(Role role, const std::vector<std::string>& views) {
  const auto& allowed = scoped_views(role);
  return std::all_of(views.begin(), views.end(), [&](const std::string& view) {
    return std::find(allowed.begin(), allowed.end(), view) != allowed.end();
  });
}

// The role's allowed relations with their columns: its scoped views first, then the references.
std::vector<generation::RelationColumns> schema_for(Role role, const semantic::Model& model) {
  std::vector<generation::RelationColumns> out;
  for (const auto& view : scoped_views(role)) {
    auto it = model.sources.find(view);
    out.push_back(
        {view, it != model.sources.end() ? it->second.columns : std::vector<std::string>{}});
  }
  for (const auto& relation : reference_relations()) {
    auto it = reference_columns().find(relation);
    out.push_back(
        {relation, it != reference_columns().end() ? it->second : std::vector<std::string>{}});
  }
  return out;
}

// The metrics the role may ask for (every view they read is the role's) and every dimension.
std::vector<const semantic::Metric*> metrics_for(Role role, const semantic::Model& model) {
  std::vector<const semantic::Metric*> out;
  for (const auto& metric : model.metrics) {
    if (role_reads_all(role, model.views_for(metric, {}))) out.push_back(&metric);
  }
  return out;
}

// The JSON schema of a semantic query as copilot::generation::compile reads it, with the
// semantic model's names as enums (providers with structured outputs then cannot invent one).
json query_schema_for(Role role, const semantic::Model& model) {
  json metrics = json::array();
  for (const auto* metric : metrics_for(role, model)) metrics.push_back(metric->name);
  json dimensions = json::array();
  for (const auto& dimension : model.dimensions) dimensions.push_back(dimension.name);
  const json range = {{"type", "object"},
                      {"properties",
                       {{"from", {{"type", "string"}, {"description", "YYYY-MM-DD, inclusive"}}},
                        {"to", {{"type", "string"}, {"description", "YYYY-MM-DD, exclusive"}}},
                        {"label", {{"type", "string"}}}}},
                      {"required", {"from", "to"}}};
  return {
      {"type", "object"},
      {"properties",
       {{"metric", {{"type", "string"}, {"enum", metrics}}},
        {"dimensions", {{"type", "array"}, {"items", {{"type", "string"}, {"enum", dimensions}}}}},
        {"filters",
         {{"type", "array"},
          {"items",
           {{"type", "object"},
            {"properties",
             {{"dimension", {{"type", "string"}, {"enum", dimensions}}},
              {"values", {{"type", "array"}}}}},
            {"required", {"dimension", "values"}}}}}},
        {"time", range},
        {"growth",
         {{"type", "object"},
          {"properties", {{"previous", range}, {"current", range}}},
          {"required", {"previous", "current"}}}},
        {"order", {{"type", "string"}, {"enum", {"metric_desc", "metric_asc"}}}},
        {"limit", {{"type", "integer"}, {"minimum", 1}, {"maximum", 200}}},
        {"share", {{"type", "boolean"}}}}},
      {"required", {"metric"}}};
}

std::string catalog_for(Role role, const semantic::Model& model) {
  std::string out = "Metrics (\"metric\", exactly one):\n";
  for (const auto* metric : metrics_for(role, model)) {
    out += "- " + metric->name + ": " + metric->label + " (from " + metric->source + ")\n";
  }
  out += "Dimensions (\"dimensions\" to group by, \"filters\" to restrict):\n";
  for (const auto& dimension : model.dimensions) {
    out += "- " + dimension.name + (dimension.is_time ? " (time)" : "") + "\n";
  }
  for (const auto& [kind, values] : model.entities) {
    out += "Known " + kind + " values: ";
    for (size_t i = 0; i < values.size() && i < 30; ++i) out += (i ? ", " : "") + values[i];
    out += values.size() > 30 ? ", …\n" : "\n";
  }
  out +=
      "A semantic query is one JSON object, e.g. {\"metric\": \"revenue\", \"dimensions\": "
      "[\"category\"], \"filters\": [{\"dimension\": \"rating\", \"values\": [\"PG\"]}], "
      "\"time\": {\"from\": \"2022-07-01\", \"to\": \"2022-08-01\", \"label\": \"July 2022\"}, "
      "\"order\": \"metric_desc\", \"limit\": 10}. \"time\" is a date range (\"to\" exclusive); "
      "\"growth\": {\"previous\": range, \"current\": range} compares two periods; \"order\" is "
      "metric_desc or metric_asc for rankings; \"share\": true adds each group's percentage.\n";
  return out;
}

// The relations a statement the guardrail accepted reads: each readable relation whose removal
// from the allow-list makes the guardrail refuse it (decided on the parse tree, not the text).
std::vector<std::string> relations_read(const std::string& sql, Role role) {
  const auto allowed = readable_relations(role);
  std::vector<std::string> out;
  for (const auto& relation : allowed) {
    auto without = allowed;
    without.erase(relation);
    const auto verdict = guardrail::check(sql, without);
    if (!verdict.accepted && verdict.reason_code == guardrail::reason::kRelationNotAllowed) {
      out.push_back(relation);
    }
  }
  return out;
}

}  // namespace

ModelGeneration::ModelGeneration(const generation::ModelConfig& config, semantic::Model model,
                                 const common::Clock& clock, execution::SqlExecutor* probe)
    : owned_client_(std::make_unique<generation::OpenAiCompatibleClient>(config)),
      owned_sleeper_(std::make_unique<generation::ThreadSleeper>()),
      model_(std::move(model)),
      sunday_model_(semantic::with_sunday_weeks(model_)),
      probe_(probe),
      generator_(config, generation::PromptPack::load(config.prompt_dir, config.prompt_version),
                 *owned_client_, clock, *owned_sleeper_) {
  for (Role role : {Role::kAdmin, Role::kStoreManager, Role::kMarketing, Role::kFinance}) {
    roles_[role] = {schema_for(role, model_), query_schema_for(role, model_),
                    catalog_for(role, model_)};
  }
}

ModelGeneration::ModelGeneration(const generation::ModelConfig& config, semantic::Model model,
                                 generation::ModelClient& client, const common::Clock& clock,
                                 generation::Sleeper& sleeper, execution::SqlExecutor* probe)
    : model_(std::move(model)),
      sunday_model_(semantic::with_sunday_weeks(model_)),
      probe_(probe),
      generator_(config, generation::PromptPack::load(config.prompt_dir, config.prompt_version),
                 client, clock, sleeper) {
  for (Role role : {Role::kAdmin, Role::kStoreManager, Role::kMarketing, Role::kFinance}) {
    roles_[role] = {schema_for(role, model_), query_schema_for(role, model_),
                    catalog_for(role, model_)};
  }
}

ModelGeneration::~ModelGeneration() = default;

generation::CompileResult ModelGeneration::compile(const json& query,
                                                   const PlanInput& input) const {
  generation::CompileResult out;
  if (!query.is_object()) {
    out.error = "the semantic query is not a JSON object";
    return out;
  }
  json normalised = query;
  // A model may answer {"metrics": ["revenue"]}: the compiler reads one "metric".
  if (!normalised.contains("metric") && normalised.contains("metrics") &&
      normalised["metrics"].is_array() && !normalised["metrics"].empty()) {
    normalised["metric"] = normalised["metrics"][0];
    normalised.erase("metrics");
  }
  // The request decides the scope and the data's "now", never the model.
  normalised["store_ids"] = input.store_ids;
  normalised["as_of"] = input.as_of;
  try {
    const bool sunday = input.week_start == "sunday";
    auto compiled = generation::compile(normalised, sunday ? sunday_model_ : model_, input.role);
    if (sunday && semantic::cuts_weeks(normalised)) normalised["week_start"] = "sunday";
    out.ok = true;
    out.sql = std::move(compiled.sql);
    out.views_used = std::move(compiled.views_used);
    out.semantic_query = std::move(normalised);
  } catch (const common::Error& e) {
    out.error = e.what();
    out.error_code = e.code();
  } catch (const std::exception& e) {  // a field of the wrong type (nlohmann's exceptions)
    out.error = std::string("the semantic query is malformed: ") + e.what();
    out.error_code = "invalid_semantic_query";
  }
  return out;
}

std::optional<std::string> ModelGeneration::probe(const std::string& sql,
                                                  const PlanInput& input) const {
  if (probe_ == nullptr || input.store_ids.empty()) return std::nullopt;
  // EXPLAIN folds constants: lpad('x', 500000000, 'y') would build that string while planning.
  // Such a statement is not probed; the risk stage scores it from its literals (and holds or
  // refuses it) before anything runs.
  if (risk::analyse(sql).largest_literal_string > risk::kMaxExplainedStringBytes) {
    return std::nullopt;
  }
  try {
    // EXPLAIN plans without running: as the role's reader, in the request's scope, read only.
    probe_->execute({"EXPLAIN " + sql, input.role, input.store_ids, ""});
    return std::nullopt;
  } catch (const execution::ExecutionError& e) {
    // The database being down or slow is not the model's fault: execution reports it.
    if (e.code() == "analytics_unavailable" || e.code() == "upstream_timeout") return std::nullopt;
    std::string message = e.detail().empty() ? std::string(e.what()) : e.detail();
    if (!e.sqlstate().empty()) message += " (SQLSTATE " + e.sqlstate() + ")";
    return message;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

generation::GenerationInput ModelGeneration::generation_input(const PlanInput& input,
                                                              const PlanResult& plan) const {
  const RoleContext& context = roles_.at(input.role);
  generation::GenerationInput out;
  out.request_id = input.request_id;
  out.question = input.question;
  out.role = input.role;
  out.org = input.org_slug;
  out.week_start = input.week_start;
  out.schema = context.schema;
  out.retrieved = input.retrieved;
  for (const auto& turn : input.history) {
    out.memory.push_back({turn.question, turn.sql, turn.answer});
  }
  out.as_of = input.as_of.substr(0, 10);
  if (plan.status == PlanResult::Status::kOk) out.embedded_semantic_query = plan.semantic_query;
  out.semantic_query_schema = context.query_schema;
  out.semantic_catalog = context.catalog;
  out.compile = [this, &input](const json& query) { return compile(query, input); };
  out.guardrail = [role = input.role](const std::string& sql) {
    const auto verdict = guardrail::check(sql, readable_relations(role));
    generation::GuardrailResult result;
    result.accepted = verdict.accepted;
    result.reason_code = verdict.reason_code;
    result.reason = verdict.reason;
    return result;
  };
  if (probe_ != nullptr) {
    out.probe = [this, &input](const std::string& sql) { return probe(sql, input); };
  }
  return out;
}

GenerationResult ModelGeneration::generate(const PlanInput& input, const PlanResult& plan) {
  const generation::GenerationOutput out = generator_.generate(generation_input(input, plan));
  GenerationResult result;
  result.ok = out.ok;
  result.sql = out.sql;
  // Nothing answered: the embedded planner was the last one asked.
  result.path = out.path.empty() ? "embedded_planner" : out.path;
  result.semantic_query = out.semantic_query;
  result.views_used = out.views_used;
  // Raw model SQL: what it reads, for explain and the security block (compiled SQL brings its own).
  if (out.ok && result.views_used.empty() && !out.sql.empty()) {
    result.views_used = relations_read(out.sql, input.role);
  }
  result.error_code = out.error_code;
  result.error = out.error;
  result.details = out.audit_details();
  return result;
}

}  // namespace copilot::workflow
