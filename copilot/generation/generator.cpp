#include "copilot/generation/generator.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/config/env.hpp"
#include "common/log/log.hpp"

namespace copilot::generation {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr size_t kMaxDocuments = 8;
constexpr size_t kMaxDocumentChars = 1500;
constexpr size_t kMaxMemoryTurns = 4;

const std::vector<std::string>& required_files() {
  static const std::vector<std::string> kFiles = {
      "system.md",          "structured.md",   "sql.md",
      "repair.md",          "roles/admin.md",  "roles/store_manager.md",
      "roles/marketing.md", "roles/finance.md"};
  return kFiles;
}

std::optional<std::string> read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

uint64_t fnv1a(uint64_t hash, std::string_view text) {
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

// The body of the first ``` fence (language tag dropped), or the text itself.
std::string_view unfence(std::string_view content) {
  content = trim(content);
  auto open = content.find("```");
  if (open == std::string_view::npos) return content;
  auto body_start = content.find('\n', open);
  if (body_start == std::string_view::npos) return content;
  auto close = content.find("```", body_start + 1);
  auto body =
      content.substr(body_start + 1, close == std::string_view::npos ? std::string_view::npos
                                                                     : close - body_start - 1);
  return trim(body);
}

std::string schema_text(const GenerationInput& input) {
  std::string out;
  if (input.schema.empty()) {  // no column list given: the relation names at least
    for (const auto& relation : readable_relations(input.role)) out += "- " + relation + "\n";
    return out;
  }
  for (const auto& relation : input.schema) {
    out += "- " + relation.relation;
    if (!relation.columns.empty()) out += ": ";
    for (size_t i = 0; i < relation.columns.size(); ++i) {
      out += (i ? ", " : "") + relation.columns[i];
    }
    out += "\n";
  }
  return out;
}

std::string documents_text(const GenerationInput& input) {
  if (input.retrieved.empty()) return "(none)\n";
  std::string out;
  for (size_t i = 0; i < input.retrieved.size() && i < kMaxDocuments; ++i) {
    const auto& doc = input.retrieved[i];
    out += "### [" + doc.kind + "] " + doc.title + "\n";
    out += doc.content.size() > kMaxDocumentChars ? doc.content.substr(0, kMaxDocumentChars) + "…"
                                                  : doc.content;
    out += "\n\n";
  }
  return out;
}

std::string memory_text(const GenerationInput& input) {
  if (input.memory.empty()) return "(new conversation)\n";
  std::string out;
  size_t first = input.memory.size() > kMaxMemoryTurns ? input.memory.size() - kMaxMemoryTurns : 0;
  for (size_t i = first; i < input.memory.size(); ++i) {
    const auto& turn = input.memory[i];
    out += "Q: " + turn.question + "\n";
    if (!turn.sql.empty()) out += "SQL: " + turn.sql + "\n";
    if (!turn.answer.empty()) out += "A: " + turn.answer + "\n";
  }
  return out;
}

// Why validation refused a statement: the text fed back in the repair round, and an outcome.
struct Refusal {
  std::string outcome;  // guardrail_rejected | db_error | empty_sql
  std::string message;
};

std::optional<Refusal> validate_sql(const GenerationInput& input, const std::string& sql,
                                    std::vector<std::string>* relations) {
  if (sql.empty()) return Refusal{"empty_sql", "the answer contained no SQL statement"};
  GuardrailResult verdict = input.guardrail(sql);
  if (!verdict.accepted) {
    std::string message = "the SQL guardrail refused it (" + verdict.reason_code + ")";
    if (!verdict.reason.empty()) message += ": " + verdict.reason;
    return Refusal{"guardrail_rejected", message};
  }
  if (relations != nullptr) *relations = verdict.relations;
  if (input.probe) {
    if (auto error = input.probe(sql)) {
      return Refusal{"db_error", "the database refused it: " + *error};
    }
  }
  return std::nullopt;
}

json sum_usage(const json& attempts) {
  Usage total;
  bool any_cost = false;
  for (const auto& attempt : attempts) {
    if (!attempt.contains("tokens")) continue;
    const auto& tokens = attempt["tokens"];
    total.prompt_tokens += tokens.value("prompt_tokens", 0L);
    total.completion_tokens += tokens.value("completion_tokens", 0L);
    total.total_tokens += tokens.value("total_tokens", 0L);
    if (attempt.contains("cost") && attempt["cost"].is_number()) {
      total.cost = total.cost.value_or(0) + attempt["cost"].get<double>();
      any_cost = true;
    }
  }
  if (!any_cost) total.cost.reset();
  return total.to_json();
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Prompt pack

PromptPack PromptPack::load(const std::string& root, const std::string& version) {
  PromptPack pack;
  pack.version_ = version;
  const fs::path dir = fs::path(root) / version;
  for (const auto& name : required_files()) {
    auto text = read_text(dir / name);
    if (!text) {
      throw common::config::ConfigError("prompt pack file missing: " + (dir / name).string() +
                                        " (LLM_PROMPT_DIR / LLM_PROMPT_PACK)");
    }
    pack.files_[name] = std::move(*text);
  }
  std::error_code ec;
  for (const auto& org_dir : fs::directory_iterator(dir / "orgs", ec)) {
    if (!org_dir.is_directory()) continue;
    auto& overrides = pack.orgs_[org_dir.path().filename().string()];
    for (const auto& name : required_files()) {
      if (auto text = read_text(org_dir.path() / name)) overrides[name] = std::move(*text);
    }
  }
  pack.versions_[""] = pack.compute_version("");
  for (const auto& entry : pack.orgs_)
    pack.versions_[entry.first] = pack.compute_version(entry.first);
  return pack;
}

const std::string& PromptPack::file(const std::string& name, const std::string& org) const {
  if (!org.empty()) {
    if (auto it = orgs_.find(org); it != orgs_.end()) {
      if (auto file = it->second.find(name); file != it->second.end()) return file->second;
    }
  }
  return files_.at(name);
}

std::string PromptPack::version(const std::string& org) const {
  auto it = versions_.find(org);
  return it != versions_.end() ? it->second : versions_.at("");
}

std::string PromptPack::compute_version(const std::string& org) const {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (const auto& name : required_files()) hash = fnv1a(hash, file(name, org));
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  std::string label = version_;
  if (!org.empty() && orgs_.contains(org)) label += "/" + org;
  return label + "@" + std::string(hex, 8);
}

std::string render_template(std::string_view text, const std::map<std::string, std::string>& vars) {
  std::string out;
  out.reserve(text.size() + 256);
  size_t pos = 0;
  while (pos < text.size()) {
    auto open = text.find("{{", pos);
    if (open == std::string_view::npos) break;
    auto close = text.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    out.append(text.substr(pos, open - pos));
    auto key = std::string(trim(text.substr(open + 2, close - open - 2)));
    if (auto it = vars.find(key); it != vars.end()) {
      out += it->second;
    } else {
      out.append(text.substr(open, close + 2 - open));
    }
    pos = close + 2;
  }
  out.append(text.substr(pos));
  return out;
}

std::string extract_sql(std::string_view content) {
  std::string_view sql = unfence(content);
  while (!sql.empty() &&
         (sql.back() == ';' || std::isspace(static_cast<unsigned char>(sql.back())))) {
    sql.remove_suffix(1);
  }
  return std::string(trim(sql));
}

json extract_json(std::string_view content) {
  auto text = unfence(content);
  auto parsed = json::parse(text, nullptr, false);
  if (parsed.is_object()) return parsed;
  // Prose around the object: take the outermost braces.
  auto open = text.find('{');
  auto close = text.rfind('}');
  if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
    parsed = json::parse(text.substr(open, close - open + 1), nullptr, false);
    if (parsed.is_object()) return parsed;
  }
  return json(json::value_t::discarded);
}

const json& default_semantic_query_schema() {
  // The shape copilot::generation::compile reads (the workflow passes one with the semantic
  // model's names as enums; this generic one is for callers without a model).
  static const json kTime = {{"type", "object"},
                             {"properties",
                              {{"from", {{"type", "string"}}},
                               {"to", {{"type", "string"}}},
                               {"label", {{"type", "string"}}}}},
                             {"required", {"from", "to"}}};
  static const json kSchema = {
      {"type", "object"},
      {"properties",
       {{"metric", {{"type", "string"}}},
        {"dimensions", {{"type", "array"}, {"items", {{"type", "string"}}}}},
        {"filters",
         {{"type", "array"},
          {"items",
           {{"type", "object"},
            {"properties", {{"dimension", {{"type", "string"}}}, {"values", {{"type", "array"}}}}},
            {"required", {"dimension", "values"}}}}}},
        {"time", kTime},
        {"order", {{"type", "string"}, {"enum", {"metric_desc", "metric_asc"}}}},
        {"limit", {{"type", "integer"}, {"minimum", 1}, {"maximum", 200}}}}},
      {"required", {"metric"}}};
  return kSchema;
}

// ---------------------------------------------------------------------------------------------
// Output

json GenerationOutput::audit_details() const {
  json details{{"path", path},
               {"mode", mode},
               {"attempts", attempts},
               {"prompt_pack_version", prompt_pack_version},
               {"usage", usage}};
  if (!fallback_reason.empty()) details["fallback_reason"] = fallback_reason;
  if (!ok) {
    details["error_code"] = error_code;
    details["error"] = error;
  }
  return details;
}

// ---------------------------------------------------------------------------------------------
// Generator

Generator::Generator(ModelConfig config, PromptPack prompts, ModelClient& client,
                     const common::Clock& clock, Sleeper& sleeper, uint64_t jitter_seed)
    : config_(std::move(config)),
      prompts_(std::move(prompts)),
      client_(client),
      clock_(clock),
      sleeper_(sleeper),
      breakers_(clock, config_.breaker),
      jitter_(jitter_seed) {}

std::vector<ChatMessage> Generator::prompt(const GenerationInput& input, bool structured) const {
  const std::string& org = prompt_org(input);
  const std::string role(role_name(input.role));
  const std::map<std::string, std::string> vars = {
      {"role", role},
      {"as_of", input.as_of.empty() ? "(unknown)" : input.as_of},
      {"schema", schema_text(input)},
      {"semantic_catalog",
       input.semantic_catalog.empty() ? "(see retrieved documents)" : input.semantic_catalog},
      {"documents", documents_text(input)},
      {"memory", memory_text(input)},
      {"week_start",
       input.week_start == "sunday"
           ? "Sunday (this user's preference: a week is (date_trunc('week', t + interval '1 day') "
             "- interval '1 day')::date, never date_trunc('week', t) alone)"
           : "Monday"},
      {"question", input.question}};
  std::string system = render_template(prompts_.file("system.md", org), vars);
  system += "\n" + render_template(prompts_.file("roles/" + role + ".md", org), vars);
  std::string user =
      render_template(prompts_.file(structured ? "structured.md" : "sql.md", org), vars);
  return {{"system", std::move(system)}, {"user", std::move(user)}};
}

Usage Generator::priced(Usage usage) const {
  if (!usage.cost && (config_.cost_per_mtok_in > 0 || config_.cost_per_mtok_out > 0)) {
    usage.cost = (static_cast<double>(usage.prompt_tokens) * config_.cost_per_mtok_in +
                  static_cast<double>(usage.completion_tokens) * config_.cost_per_mtok_out) /
                 1e6;
  }
  return usage;
}

ResilientResult Generator::call(const std::string& model, const std::string& step,
                                std::vector<ChatMessage> messages, json response_format,
                                const GenerationInput& input, const Budget& budget,
                                GenerationOutput& out) {
  ChatRequest request;
  request.model = model;
  request.messages = std::move(messages);
  request.response_format = std::move(response_format);
  request.max_tokens = config_.max_tokens;
  request.temperature = config_.temperature;
  request.timeout = config_.call_timeout;
  request.stream = config_.stream;
  if (config_.stream && input.on_token) request.on_delta = input.on_token;

  ResilientResult result = call_with_retries(client_, std::move(request), config_.retry,
                                             breakers_.for_model(model), budget, sleeper_, jitter_);
  for (auto& record : result.calls) {
    record.usage = priced(record.usage);
    json entry = record.to_json();
    entry["model"] = model;
    entry["step"] = step;
    out.attempts.push_back(std::move(entry));
  }
  return result;
}

bool Generator::try_model(const std::string& model, const GenerationInput& input,
                          const Budget& budget, GenerationOutput& out, std::string& last_refusal) {
  auto mark = [&](const std::string& outcome, const std::string& error) {
    if (out.attempts.empty()) return;
    out.attempts.back()["outcome"] = outcome;
    out.attempts.back()["error"] = error;
  };
  auto succeed = [&](const std::string& mode, std::string sql, json semantic_query,
                     std::vector<std::string> views) {
    out.ok = true;
    out.path = "model:" + model;
    out.mode = mode;
    out.sql = std::move(sql);
    out.semantic_query = std::move(semantic_query);
    out.views_used = std::move(views);
    return true;
  };

  // 1. Structured output: a semantic query, validated and compiled by the semantic model.
  if (config_.structured_output && input.compile) {
    json format = nullptr;
    const json& schema = input.semantic_query_schema.is_object() ? input.semantic_query_schema
                                                                 : default_semantic_query_schema();
    if (config_.response_format == "json_schema") {
      format = {
          {"type", "json_schema"},
          {"json_schema", {{"name", "semantic_query"}, {"strict", false}, {"schema", schema}}}};
    } else if (config_.response_format == "json_object") {
      format = {{"type", "json_object"}};
    }
    auto result = call(model, "structured", prompt(input, true), format, input, budget, out);
    if (result.give_up_model) return false;
    if (result.response.ok()) {
      json semantic_query = extract_json(result.response.content);
      if (semantic_query.is_discarded()) {
        mark("invalid_json", "structured answer is not a JSON object");
      } else {
        if (semantic_query.contains("semantic_query") &&
            semantic_query["semantic_query"].is_object()) {
          semantic_query = semantic_query["semantic_query"];
        }
        CompileResult compiled = input.compile(semantic_query);
        if (!compiled.ok) {
          mark("invalid_semantic_query", compiled.error);
        } else if (auto refusal = validate_sql(input, compiled.sql, nullptr)) {
          mark(refusal->outcome, refusal->message);
          if (refusal->outcome == "guardrail_rejected") last_refusal = refusal->message;
        } else {
          if (compiled.semantic_query.is_object())
            semantic_query = std::move(compiled.semantic_query);
          return succeed("structured", std::move(compiled.sql), std::move(semantic_query),
                         std::move(compiled.views_used));
        }
      }
    }
    // kBadRequest (e.g. response_format unsupported) or an unusable answer: raw SQL next.
  }

  // 2. Raw SQL, always through the guardrail.
  std::vector<ChatMessage> messages = prompt(input, false);
  auto result = call(model, "sql", messages, nullptr, input, budget, out);
  if (!result.response.ok()) return false;
  std::string sql = extract_sql(result.response.content);
  std::vector<std::string> relations;
  auto refusal = validate_sql(input, sql, &relations);
  if (!refusal) return succeed("sql", std::move(sql), nullptr, std::move(relations));
  mark(refusal->outcome, refusal->message);
  if (refusal->outcome == "guardrail_rejected") last_refusal = refusal->message;

  // 3. One repair round with the error fed back.
  if (budget.exhausted()) return false;
  messages.push_back({"assistant", result.response.content});
  messages.push_back(
      {"user",
       render_template(prompts_.file("repair.md", prompt_org(input)),
                       {{"error", refusal->message}, {"sql", sql}, {"question", input.question}})});
  result = call(model, "repair", std::move(messages), nullptr, input, budget, out);
  if (!result.response.ok()) return false;
  sql = extract_sql(result.response.content);
  relations.clear();
  refusal = validate_sql(input, sql, &relations);
  if (!refusal) return succeed("repair", std::move(sql), nullptr, std::move(relations));
  mark(refusal->outcome, refusal->message);
  if (refusal->outcome == "guardrail_rejected") last_refusal = refusal->message;
  return false;
}

void Generator::answer_with_embedded_planner(const GenerationInput& input, GenerationOutput& out,
                                             const std::string& reason,
                                             const std::string& last_refusal) {
  out.fallback_reason = reason;
  if (input.embedded_semantic_query.is_null() || input.embedded_semantic_query.is_discarded() ||
      !input.compile) {
    out.ok = false;
    out.path.clear();
    out.error_code = last_refusal.empty() ? "no_plan" : "guardrail_rejected";
    out.error = last_refusal.empty() ? "no model answered and the embedded planner has no plan"
                                     : last_refusal;
    return;
  }
  CompileResult compiled = input.compile(input.embedded_semantic_query);
  if (!compiled.ok) {
    out.ok = false;
    out.path.clear();
    out.error_code = compiled.error_code.empty() ? "compile_failed" : compiled.error_code;
    out.error = compiled.error;
    return;
  }
  out.ok = true;
  out.path = "embedded_planner";
  out.mode = "embedded";
  out.sql = std::move(compiled.sql);
  out.semantic_query = input.embedded_semantic_query;
  out.views_used = std::move(compiled.views_used);
}

const std::string& Generator::prompt_org(const GenerationInput& input) const {
  // The asker's organisation's overrides when the pack has a folder for it; otherwise the
  // deployment's (LLM_PROMPT_ORG, possibly none).
  return prompts_.has_org(input.org) ? input.org : config_.prompt_org;
}

GenerationOutput Generator::generate(const GenerationInput& input) {
  GenerationOutput out;
  const std::string& org = prompt_org(input);
  out.prompt_pack_version = prompts_.version(org);
  if (!config_.enabled()) {
    out.prompt_pack_version.clear();  // no prompt was sent
    answer_with_embedded_planner(input, out, "no_model_configured", "");
    out.usage = sum_usage(out.attempts);
    return out;
  }
  if (!input.guardrail) {
    // Model SQL must never bypass the guardrail: without one, only the embedded planner answers.
    answer_with_embedded_planner(input, out, "no_guardrail_bound", "");
    out.usage = sum_usage(out.attempts);
    return out;
  }

  const Budget budget(clock_, config_.total_budget);
  std::string last_refusal;
  std::string reason = "all_models_failed";
  for (const auto& model : config_.models) {
    if (budget.exhausted()) {
      reason = "budget_exhausted";
      out.attempts.push_back({{"model", model}, {"step", "-"}, {"outcome", "budget_exhausted"}});
      continue;
    }
    if (try_model(model, input, budget, out, last_refusal)) break;
    common::log::warn(
        "model_failed",
        {{"request_id", input.request_id},
         {"model", model},
         {"outcome", out.attempts.empty() ? json("") : out.attempts.back()["outcome"]}});
  }
  if (!out.ok) answer_with_embedded_planner(input, out, reason, last_refusal);
  out.usage = sum_usage(out.attempts);
  common::log::info("llm_generation", {{"request_id", input.request_id},
                                       {"path", out.path},
                                       {"mode", out.mode},
                                       {"calls", out.attempts.size()},
                                       {"elapsed_ms", budget.elapsed().count()}});
  return out;
}

}  // namespace copilot::generation
