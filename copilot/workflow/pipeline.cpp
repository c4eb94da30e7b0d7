#include "copilot/workflow/pipeline.hpp"

#include <algorithm>
#include <cmath>

#include "common/ids/ids.hpp"
#include "common/log/log.hpp"
#include "common/orgmem/definitions.hpp"
#include "copilot/catalog/catalog_question.hpp"
#include "copilot/core/ranking_ties.hpp"
#include "copilot/execution/execution_error.hpp"
#include "copilot/semantic/model.hpp"

namespace copilot::workflow {
namespace {

using json = nlohmann::json;

double round3(double ms) { return std::round(ms * 1000.0) / 1000.0; }

json columns_json(const ResultSet& rows) {
  json out = json::array();
  for (const auto& c : rows.columns) out.push_back({{"name", c.name}, {"type", c.type}});
  return out;
}

json rows_json(const ResultSet& rows) {
  json out = json::array();
  for (const auto& r : rows.rows) out.push_back(r);
  return out;
}

// What the narrative and the chart describe: the embedded plan, unless a model wrote the query.
// A model's semantic query replaces the plan's; raw model SQL has none, so the rows' shape says
// what it is (one number, a series over time, or a breakdown) and its last column names the
// measure.
PlanResult presented_plan(const PlanResult& plan, const GenerationResult& generated,
                          const ResultSet& rows) {
  if (generated.path == "embedded_planner" || generated.path.empty()) return plan;
  PlanResult out = plan;
  out.metric_label.clear();
  out.metric_format.clear();
  if (generated.semantic_query.is_object()) {
    out.semantic_query = generated.semantic_query;
    const auto dims = out.semantic_query.value("dimensions", json::array());
    const bool ranked = out.semantic_query.value("order", json()).is_string();
    out.intent = dims.empty()         ? "kpi"
                 : ranked             ? "ranking"
                 : out.intent.empty() ? "distribution"
                                      : out.intent;
    return out;
  }
  static const std::vector<std::string> kTime = {"month",   "week", "day",  "date",
                                                 "quarter", "year", "hour", "day_of_week"};
  const auto& cols = rows.columns;
  out.semantic_query = json::object();
  if (!cols.empty()) out.semantic_query["metric"] = cols.back().name;
  if (cols.size() <= 1 && rows.rows.size() <= 1) {
    out.intent = "kpi";
  } else if (!cols.empty() &&
             std::find(kTime.begin(), kTime.end(), cols.front().name) != kTime.end()) {
    out.intent = "trend";
  } else {
    out.intent = "distribution";
  }
  return out;
}

json strings_json(const std::vector<std::string>& values) { return json(values); }

const char* plan_status(PlanResult::Status s) {
  switch (s) {
    case PlanResult::Status::kOk:
      return "ok";
    case PlanResult::Status::kNeedsClarification:
      return "needs_clarification";
    case PlanResult::Status::kRefused:
      return "refused";
  }
  return "ok";
}

// One request's progress: the events so far, timings, and what the audit row will say.
class Run {
 public:
  Run(const Dependencies& deps, const RunRequest& request, const StageListener& listener)
      : deps_(deps), request_(request), listener_(listener), start_(deps.clock.steady_now()) {}

  [[nodiscard]] double elapsed_ms(std::chrono::steady_clock::time_point since) const {
    return std::chrono::duration<double, std::milli>(deps_.clock.steady_now() - since).count();
  }
  [[nodiscard]] std::chrono::steady_clock::time_point now() const {
    return deps_.clock.steady_now();
  }

  void emit(const std::string& stage, const std::string& status, double ms, json details) {
    StageEvent event{stage, status, round3(ms), std::move(details)};
    if (status != "skipped" && stage != "completed" && stage != "failed") {
      timings_[stage] = event.duration_ms;
    }
    done_.insert(stage);
    events_.push_back(event);
    if (listener_) listener_(events_.back());
  }

  // The stages after `stage` that did not run.
  void skip_rest() {
    for (const auto& name : stage_names()) {
      if (name == "completed" || name == "failed") continue;
      if (done_.count(name) == 0) emit(name, "skipped", 0, json::object());
    }
  }

  void finish(const std::string& final_stage, const std::string& status) {
    const double total = elapsed_ms(start_);
    timings_["total"] = round3(total);
    emit(final_stage, status, 0, {{"total_ms", round3(total)}});
    total_ms_ = total;
  }

  [[nodiscard]] bool done(const std::string& stage) const { return done_.count(stage) != 0; }
  [[nodiscard]] const json& timings() const { return timings_; }
  [[nodiscard]] double total_ms() const { return total_ms_; }
  std::vector<StageEvent>& events() { return events_; }

 private:
  const Dependencies& deps_;
  [[maybe_unused]] const RunRequest& request_;  // kept for stage details to come
  const StageListener& listener_;
  std::chrono::steady_clock::time_point start_;
  std::vector<StageEvent> events_;
  std::set<std::string> done_;
  json timings_ = json::object();
  double total_ms_ = 0;
};

}  // namespace

const std::vector<std::string>& stage_names() {
  static const std::vector<std::string> kNames = {
      "policy",       "rag_retrieval", "planning", "llm_generation", "validation", "risk",
      "db_execution", "narration",     "widgets",  "completed",      "failed"};
  return kNames;
}

void Pipeline::record_rejected(const std::string& request_id, const json& body,
                               const common::Error& error) {
  audit::AuditRecord record;
  record.request_id = request_id;
  if (body.is_object()) {
    if (body.contains("question") && body["question"].is_string()) {
      record.question = body["question"].get<std::string>().substr(0, 2000);
    }
    if (body.contains("user_context") && body["user_context"].is_object()) {
      const auto& uc = body["user_context"];
      if (uc.contains("role") && uc["role"].is_string() &&
          parse_role(uc["role"].get<std::string>())) {
        record.role = uc["role"].get<std::string>();
      }
      if (uc.contains("username") && uc["username"].is_string()) {
        record.username = uc["username"].get<std::string>().substr(0, 64);
      }
      if (uc.contains("user_id") && uc["user_id"].is_number_integer() &&
          uc["user_id"].get<long>() > 0) {
        record.user_id = uc["user_id"].get<long>();
      }
      // The organisation the gateway sent, when it is a valid id: the rejection joins that
      // organisation's trail. Without one the writer drops the record (logged and counted):
      // there is no organisation to guess.
      if (uc.contains("org_id") && uc["org_id"].is_number_integer() &&
          uc["org_id"].get<long long>() > 0) {
        record.org_id = uc["org_id"].get<long long>();
      }
    }
  }
  record.status = error.http_status() == 403 || error.http_status() == 409 ? "refused" : "failed";
  record.error_stage = "request";
  record.error_code = error.code();
  record.error_message = error.what();
  record.http_status = error.http_status();
  record.events.push_back({record.status == "refused" ? "completed" : "failed",
                           record.status,
                           0,
                           {{"error_code", error.code()}, {"message", error.what()}}});
  deps_.audit.record(std::move(record));
}

RunResult Pipeline::run(const RunRequest& request, const StageListener& on_stage) {
  Run run(deps_, request, on_stage);
  const Role role = request.user.role;
  std::vector<int> scope =
      request.store_id ? std::vector<int>{*request.store_id} : request.user.store_ids;
  // User memory: the asker's preferences, read once (a failed read answers without them).
  const common::prefs::Owner owner{request.user.org_id, request.user_id, request.user.store_ids,
                                   request.user.is_all_stores};
  const bool has_memory =
      deps_.preferences != nullptr && request.user_id > 0 && request.user.org_id > 0;
  common::prefs::Preferences prefs;
  if (has_memory) {
    try {
      prefs = common::prefs::from_json(deps_.preferences->load(owner));
    } catch (const std::exception& e) {
      common::log::warn("preferences_unreadable",
                        {{"request_id", request.request_id}, {"what", e.what()}});
    }
  }
  json preferences_used = json::array();
  const auto used = [&](std::string_view key, const json& value) {
    preferences_used.push_back(
        {{"key", key},
         {"description", common::prefs::describe(key, value)},
         {"text", "Used your preference: " + common::prefs::describe(key, value)}});
  };
  // Default stores narrow a question that names no store (and an ask without store_id); only
  // the stores still in the user's scope count, so a preference can never widen it.
  if (prefs.default_stores && !request.store_id && !memory::names_stores(request.question)) {
    std::vector<int> narrowed;
    for (int s : *prefs.default_stores) {
      if (std::find(scope.begin(), scope.end(), s) != scope.end()) narrowed.push_back(s);
    }
    if (!narrowed.empty() && narrowed != scope) {
      scope = narrowed;
      used(common::prefs::kDefaultStores, narrowed);
    }
  }
  const std::string conversation_id =
      request.conversation_id.empty() ? common::ids::new_uuid() : request.conversation_id;

  audit::AuditRecord record;
  record.request_id = request.request_id;
  record.conversation_id = conversation_id;
  record.org_id = request.user.org_id;
  if (request.user_id > 0) record.user_id = request.user_id;
  record.username = request.user.username;
  record.role = std::string(role_name(role));
  record.store_ids = scope;
  record.question = request.question;

  // The policy version this request is checked against, whatever is saved meanwhile.
  const auto active_policy = deps_.policy.current(request.user.org_id);
  json security = {{"role", role_name(role)},     {"store_ids", scope},
                   {"views_used", json::array()}, {"masked_fields", json::array()},
                   {"policy", json::array()},     {"policy_version", active_policy->version}};
  json explain = {{"path", ""},
                  {"semantic_query", nullptr},
                  {"views_used", json::array()},
                  {"filters", json::array()},
                  {"time_range", nullptr},
                  {"as_of", deps_.as_of.substr(0, 10)},
                  {"retrieved", json::array()},
                  {"guardrail", nullptr},
                  {"cache_hit", false},
                  {"preferences_used", preferences_used}};
  memory::Turn turn;
  turn.request_id = request.request_id;
  turn.question = request.question;
  turn.store_id = request.store_id;

  // Ends the request: memory, audit, and the result handed back.
  const auto conclude = [&](RunResult result, const std::string& status) {
    record.status = status;
    record.http_status = result.http_status;
    record.timings = run.timings();
    record.total_ms = run.total_ms();
    record.events = run.events();
    turn.status = status;
    if (request.user_id > 0) {
      try {
        deps_.memory.append(request.user.org_id, conversation_id, request.user_id, turn);
      } catch (const std::exception& e) {
        common::log::warn("memory_append_failed",
                          {{"request_id", request.request_id}, {"what", e.what()}});
      }
    }
    deps_.audit.record(std::move(record));
    return result;
  };

  const auto error_result = [&](const common::Error& e) {
    RunResult result;
    result.http_status = e.http_status();
    result.body = common::error_body(e, request.request_id);
    return result;
  };

  // A refusal (policy, planner, guardrail): 403 with reason and suggestion.
  const auto refuse = [&](const std::string& stage, const std::string& code,
                          const std::string& reason, const std::string& suggestion) {
    run.skip_rest();
    run.finish("completed", "refused");
    record.error_stage = stage;
    record.error_code = code.empty() ? "policy_denied" : code;
    record.error_message = reason;
    turn.answer = reason;
    json extra = {{"reason", reason}, {"suggestion", suggestion}};
    return conclude(error_result(common::Error(403, record.error_code, reason, extra)), "refused");
  };

  // A stated preference: set or forgotten and confirmed, refused (a role, stores outside the
  // scope) or asked back (not understood; nothing stored).
  const auto answer_preference = [&](const memory::StatedPreference& stated) {
    using Action = memory::StatedPreference::Action;
    const auto t = run.now();
    turn.intent = "preference";
    explain["path"] = "preference";
    std::string answer;
    json details = {{"intent", "preference"}};
    if (stated.action == Action::kRefuseRole) {
      run.emit("planning", "refused", run.elapsed_ms(t),
               {{"status", "refused"}, {"intent", "preference"}, {"reason", "role"}});
      return refuse("planning", "policy_denied",
                    "A role or a permission cannot be set by a preference: your role is " +
                        std::string(role_name(role)) + ", given by your account.",
                    "Ask an admin to change your account's role.");
    }
    if (stated.action == Action::kUnclear) {
      const std::string question =
          "I can remember default stores (within your scope), money without cents and the day "
          "your weeks start. Which did you mean? Nothing was stored.";
      run.emit("planning", "clarify", run.elapsed_ms(t),
               {{"status", "needs_clarification"}, {"intent", "preference"}});
      run.skip_rest();
      run.finish("completed", "clarify");
      turn.answer = question;
      const json options = json::array(
          {{{"label", "Money without cents"}, {"question", "Show money without cents"}},
           {{"label", "Weeks start on Sunday"}, {"question", "My weeks start on Sunday"}},
           {{"label", "Default store " +
                          std::to_string(owner.store_ids.empty() ? 1 : owner.store_ids.front())},
            {"question", "Remember that I want figures for store " +
                             std::to_string(owner.store_ids.empty() ? 1 : owner.store_ids.front()) +
                             " by default"}}});
      json suggestions = json::array();
      for (const auto& o : options) suggestions.push_back(o["question"]);
      RunResult result;
      result.body = {{"request_id", request.request_id},
                     {"conversation_id", conversation_id},
                     {"status", "needs_clarification"},
                     {"answer", question},
                     {"sql", ""},
                     {"columns", json::array()},
                     {"rows", json::array()},
                     {"row_count", 0},
                     {"truncated", false},
                     {"intent", "preference"},
                     {"widgets", json::array()},
                     {"suggestions", suggestions},
                     {"clarification", {{"question", question}, {"options", options}}},
                     {"explain", explain},
                     {"security", security},
                     {"timings", run.timings()}};
      return conclude(std::move(result), "needs_clarification");
    }
    json before = json::object();
    try {
      before = deps_.preferences->load(owner);
    } catch (const std::exception&) {  // only for the audit: the write below reports failures
    }
    if (stated.action == Action::kForget) {
      const int removed = deps_.preferences->forget(owner, stated.key);
      answer = stated.key.empty() ? (removed > 0 ? "Done: I forgot all your preferences."
                                                 : "You had no preferences to forget.")
               : removed > 0
                   ? "Done: I forgot your preference (" +
                         common::prefs::describe(stated.key, before.value(stated.key, json())) +
                         ")."
                   : "You had no such preference to forget.";
      details["forgot"] = stated.key.empty() ? json("all") : json(stated.key);
    } else {
      json checked = json::object();
      try {
        for (const auto& [key, value] : stated.values.items()) {
          checked[key] = common::prefs::validate(key, value, owner);
        }
      } catch (const common::Error& e) {
        run.emit("planning", "refused", run.elapsed_ms(t),
                 {{"status", "refused"},
                  {"intent", "preference"},
                  {"proposed", stated.values},
                  {"reason", e.what()}});
        return refuse(
            "planning", e.http_status() == 403 ? "scope_denied" : "policy_denied", e.what(),
            owner.store_ids.empty()
                ? "Ask an admin for access."
                : "Choose among your stores: " +
                      [&] {
                        std::string out;
                        for (int s : owner.store_ids) {
                          out += (out.empty() ? "store " : ", store ") + std::to_string(s);
                        }
                        return out;
                      }() +
                      ".");
      }
      deps_.preferences->put(owner, checked);
      std::string said;
      for (const auto& [key, value] : checked.items()) {
        said += (said.empty() ? "" : "; ") + common::prefs::describe(key, value);
      }
      answer = "Done: I will remember " + said +
               ". You can see or delete it under Settings, or say \"forget my preference\".";
      details["set"] = checked;
    }
    json after = json::object();
    try {
      after = deps_.preferences->load(owner);
    } catch (const std::exception&) {
    }
    details["before"] = before;
    details["after"] = after;
    run.emit("planning", "ok", run.elapsed_ms(t), details);
    run.skip_rest();
    run.finish("completed", "ok");
    record.path = "preference";
    turn.answer = answer;
    RunResult result;
    result.body = {{"request_id", request.request_id},
                   {"conversation_id", conversation_id},
                   {"status", "ok"},
                   {"answer", answer},
                   {"sql", ""},
                   {"columns", json::array()},
                   {"rows", json::array()},
                   {"row_count", 0},
                   {"truncated", false},
                   {"intent", "preference"},
                   {"widgets", json::array()},
                   {"suggestions", json::array()},
                   {"explain", explain},
                   {"security", security},
                   {"timings", run.timings()}};
    return conclude(std::move(result), "ok");
  };

  std::string stage = "policy";
  try {
    // ── policy ──────────────────────────────────────────────────────────────────────────────
    auto t = run.now();
    const auto decision = active_policy->policy.check(request.question, role, scope);
    for (const auto& d : decision.decisions) {
      security["policy"].push_back(
          {{"rule", d.rule}, {"decision", d.decision}, {"reason", d.reason}});
    }
    run.emit("policy", decision.allowed ? "ok" : "refused", run.elapsed_ms(t),
             {{"decisions", security["policy"]},
              {"rule", decision.rule},
              {"matched", decision.matched},
              {"scope", scope},
              {"policy_version", active_policy->version}});
    if (!decision.allowed)
      return refuse("policy", decision.code, decision.reason, decision.suggestion);

    // ── rag_retrieval ───────────────────────────────────────────────────────────────────────
    stage = "rag_retrieval";
    t = run.now();
    PlanInput input;
    input.request_id = request.request_id;
    input.question = request.question;
    input.role = role;
    input.store_ids = scope;
    input.user_store_ids = request.user.store_ids;
    input.as_of = deps_.as_of;
    input.week_start = prefs.week_start == "sunday" ? "sunday" : "monday";
    if (const auto slug = deps_.org_slugs.find(request.user.org_id);
        slug != deps_.org_slugs.end()) {
      input.org_slug = slug->second;
    }
    input.retrieved = deps_.retriever.retrieve(request.question, role, deps_.top_k);
    json retrieved = json::array();
    for (const auto& d : input.retrieved) {
      retrieved.push_back({{"id", d.id},
                           {"key", d.key},
                           {"kind", d.kind},
                           {"title", d.title},
                           {"score", round3(d.score)}});
    }
    // The organisation's own glossary and rules, near the question: cited, never granting.
    retrieval::OrgRecall org_recall;
    if (deps_.org_memory != nullptr) {
      org_recall = deps_.org_memory->recall(request.user.org_id, request.question);
      json notes = json::array();
      for (const auto& n : org_recall.retrieved) {
        retrieved.push_back({{"id", "org_memory:" + std::to_string(n.id)},
                             {"key", "org_memory:" + std::to_string(n.id)},
                             {"kind", "org_memory"},
                             {"title", n.text},
                             {"score", round3(n.score)}});
        notes.push_back({{"id", n.id},
                         {"version", n.version},
                         {"kind", n.kind},
                         {"text", n.text},
                         {"used_as", n.restriction.empty() ? "context" : "restriction"}});
        RetrievedDoc doc;
        doc.key = "org_memory:" + std::to_string(n.id);
        doc.kind = "org_memory";
        doc.title = n.text;
        doc.content = n.text;
        doc.score = n.score;
        input.retrieved.push_back(std::move(doc));
      }
      explain["org_memory"] = notes;
    }
    // Reviewed corrections near the question (the model path's examples), cited like documents.
    if (deps_.reviewed_examples != nullptr) {
      for (auto& doc : deps_.reviewed_examples->recall(request.user.org_id, role_name(role),
                                                       request.question)) {
        retrieved.push_back({{"id", doc.key},
                             {"key", doc.key},
                             {"kind", "reviewed_example"},
                             {"title", doc.title},
                             {"score", round3(doc.score)}});
        input.retrieved.push_back(std::move(doc));
      }
    }
    // The organisation's documents tagged with the asker's role: cited, never granting.
    if (deps_.documents != nullptr) {
      json sources = json::array();
      for (const auto& p : deps_.documents->retrieve(request.user.org_id, request.question, role)) {
        const std::string key =
            "document:" + std::to_string(p.document_id) + ":" + std::to_string(p.chunk);
        retrieved.push_back({{"id", key},
                             {"key", key},
                             {"kind", "document"},
                             {"title", p.title},
                             {"score", round3(p.score)}});
        sources.push_back({{"document_id", p.document_id},
                           {"title", p.title},
                           {"version", p.version},
                           {"chunk", p.chunk},
                           {"heading", p.heading},
                           {"excerpt", p.excerpt()},
                           {"score", round3(p.score)}});
        RetrievedDoc doc;
        doc.key = key;
        doc.kind = "document";
        doc.title = p.heading.empty() ? p.title : p.title + " — " + p.heading;
        doc.content = p.content;
        doc.score = p.score;
        input.retrieved.push_back(std::move(doc));
      }
      explain["sources"] = sources;
    }
    explain["retrieved"] = retrieved;
    run.emit("rag_retrieval", "ok", run.elapsed_ms(t), {{"retrieved", retrieved}});

    // ── planning (with conversation memory) ─────────────────────────────────────────────────
    stage = "planning";
    t = run.now();
    // A preference stated in the question ("show money without cents"): stored through the same
    // validation as PUT /api/me/preferences and confirmed; nothing is planned or run.
    if (has_memory) {
      if (const auto stated = memory::read_stated_preference(request.question)) {
        return answer_preference(*stated);
      }
    }
    // A question about what can be asked is answered from the role's catalog, before the
    // planner: no statement is written or run, and no other question reaches this.
    if (deps_.catalogs != nullptr) {
      if (const auto asked = catalog::read_catalog_question(request.question)) {
        const auto answer = catalog::answer_from_catalog(deps_.catalogs->for_role(role), *asked);
        turn.intent = "catalog";
        turn.answer = answer.answer;
        explain["path"] = "catalog";
        explain["understanding"] = json::array(
            {{{"text", request.question}, {"as", "catalog"}, {"meaning", "what you can ask"}}});
        run.emit("planning", "ok", run.elapsed_ms(t),
                 {{"status", "ok"},
                  {"intent", "catalog"},
                  {"topic", asked->topic},
                  {"metrics", answer.metrics}});
        run.skip_rest();
        run.finish("completed", "ok");
        record.path = "catalog";
        record.row_count = static_cast<int>(answer.rows.rows.size());
        json labels = json::object();
        labels["metric"] = "Measure";
        labels["description"] = "What it counts";
        labels["example"] = "Example question";
        RunResult result;
        result.body = {{"request_id", request.request_id},
                       {"conversation_id", conversation_id},
                       {"status", "ok"},
                       {"answer", answer.answer},
                       {"sql", ""},
                       {"columns", columns_json(answer.rows)},
                       {"rows", rows_json(answer.rows)},
                       {"row_count", answer.rows.rows.size()},
                       {"truncated", false},
                       {"intent", "catalog"},
                       {"widgets", json::array({{{"id", "table"},
                                                 {"type", "table"},
                                                 {"title", "What you can ask"},
                                                 {"columns", {"metric", "description", "example"}},
                                                 {"formats", json::object()},
                                                 {"labels", labels}}})},
                       {"suggestions", answer.suggestions},
                       {"explain", explain},
                       {"security", security},
                       {"timings", run.timings()}};
        return conclude(std::move(result), "ok");
      }
    }
    if (!request.conversation_id.empty() && request.user_id > 0) {
      input.history =
          deps_.memory.recent(request.user.org_id, request.conversation_id, request.user_id, 3);
      input.previous = memory::previous_semantic_query(input.history);
    }
    // The organisation's definitions of its own words ("premium film means …", "our fiscal year
    // starts in February"): the question is planned with the words a defined term stands for, and
    // those words pass the policy as the question did (a definition rewords, it never grants). A
    // definition read from a plain statement ("a premium film rents for 4.99") applies only to
    // words the planner did not understand by themselves: "An overdue rental costs $1 a day" says
    // what a fee is, and must not take "overdue rentals" away from the planner.
    json defined = json::array();  // explain.understanding entries, one per term used
    std::vector<common::orgmem::Definition> stated;
    std::vector<common::orgmem::Definition> read_from_statements;
    std::vector<const retrieval::OrgNote*> stated_by;
    std::vector<const retrieval::OrgNote*> statement_of;
    for (const auto& n : org_recall.definitions) {
      if (n.definition) {
        (n.definition->stated ? stated : read_from_statements).push_back(*n.definition);
        (n.definition->stated ? stated_by : statement_of).push_back(&n);
      }
      if (n.fiscal_year_start) {
        for (auto& d : common::orgmem::fiscal_definitions(*n.fiscal_year_start, deps_.as_of)) {
          stated.push_back(std::move(d));
          stated_by.push_back(&n);
        }
      }
    }
    // Rewrites input.question with `definitions`; the refusal when the new words are not allowed.
    const auto reword =
        [&](const std::vector<common::orgmem::Definition>& definitions,
            const std::vector<const retrieval::OrgNote*>& entries) -> std::optional<RunResult> {
      const auto glossed = common::orgmem::apply_definitions(input.question, definitions);
      if (glossed.applied.empty()) return std::nullopt;
      json notes = explain.value("org_memory", json::array());
      for (const auto& applied : glossed.applied) {
        const auto& n = *entries[applied.index];
        notes.erase(std::remove_if(notes.begin(), notes.end(),
                                   [&](const json& note) { return note.value("id", 0LL) == n.id; }),
                    notes.end());
        notes.push_back({{"id", n.id},
                         {"version", n.version},
                         {"kind", n.kind},
                         {"text", n.text},
                         {"used_as", "definition"}});
        defined.push_back({{"text", applied.matched},
                           {"as", "definition"},
                           {"meaning", applied.replaced_by + " (your organisation's definition)"}});
      }
      explain["org_memory"] = notes;
      explain["question_as_planned"] = glossed.question;
      const auto reworded = active_policy->policy.check(glossed.question, role, scope);
      if (!reworded.allowed) {
        return refuse("planning", reworded.code,
                      reworded.reason + " (the question in your organisation's words: \"" +
                          glossed.question + "\")",
                      reworded.suggestion);
      }
      input.question = glossed.question;
      return std::nullopt;
    };
    if (auto refused = reword(stated, stated_by)) return std::move(*refused);
    PlanResult plan = deps_.planning.plan(input);
    if (!read_from_statements.empty() && !plan.not_understood.empty()) {
      const std::string before = input.question;
      if (auto refused = reword(read_from_statements, statement_of)) return std::move(*refused);
      if (input.question != before) plan = deps_.planning.plan(input);
    }
    if (!defined.empty()) {
      json understood = defined;
      for (const auto& u : plan.understood.is_array() ? plan.understood : json::array()) {
        understood.push_back(u);
      }
      plan.understood = std::move(understood);
    }
    // Weeks cut on the user's first day (the compiler reads week_start from the query).
    if (prefs.week_start == "sunday" && semantic::cuts_weeks(plan.semantic_query)) {
      plan.semantic_query["week_start"] = "sunday";
      used(common::prefs::kWeekStart, "sunday");
    }
    plan.money_without_cents = prefs.money_without_cents.value_or(false);
    explain["preferences_used"] = preferences_used;
    turn.intent = plan.intent;
    explain["semantic_query"] = plan.semantic_query;
    explain["understanding"] = plan.understood.is_array() ? plan.understood : json::array();
    explain["not_understood"] = strings_json(plan.not_understood);
    explain["views_used"] = strings_json(plan.views_used);
    explain["filters"] = plan.filters.is_null() ? json::array() : plan.filters;
    explain["time_range"] = plan.time_range;
    const char* planned = plan.status == PlanResult::Status::kNeedsClarification ? "clarify"
                          : plan.status == PlanResult::Status::kRefused          ? "refused"
                                                                                 : "ok";
    run.emit("planning", planned, run.elapsed_ms(t),
             {{"status", plan_status(plan.status)},
              {"intent", plan.intent},
              {"semantic_query", plan.semantic_query},
              {"follow_up", !input.previous.is_null()},
              {"cache_hit", plan.cache_hit},
              {"views_used", plan.views_used},
              {"time_range", plan.time_range},
              {"understanding", explain["understanding"]},
              {"not_understood", plan.not_understood},
              {"out_of_domain", plan.out_of_domain},
              {"refusal_reason", plan.refusal_reason}});
    if (plan.status == PlanResult::Status::kRefused) {
      return refuse("planning", plan.refusal_code, plan.refusal_reason, plan.suggestion);
    }
    // The organisation's rules that narrow: "never show staff names" refuses a breakdown by, or a
    // filter on, staff.
    for (const auto& rule : org_recall.restrictions) {
      if (rule.restriction != "staff_names" || !plan.semantic_query.is_object()) continue;
      const std::string query = plan.semantic_query.dump();
      if (query.find("\"staff") == std::string::npos) continue;
      json notes = explain.value("org_memory", json::array());
      notes.push_back({{"id", rule.id},
                       {"version", rule.version},
                       {"kind", rule.kind},
                       {"text", rule.text},
                       {"used_as", "restriction"}});
      explain["org_memory"] = notes;
      return refuse("planning", "policy_denied", "Your organisation's rule: \"" + rule.text + "\".",
                    "Ask for the same figures without a breakdown by staff.");
    }

    const auto clarify = [&](const std::string& at, json clarification) {
      run.skip_rest();
      run.finish("completed", "clarify");
      record.error_stage = at == "planning" ? "" : at;
      const std::string question =
          clarification.value("question", "Could you say more precisely what you want to see?");
      json suggestions = json::array();
      for (const auto& o : clarification.value("options", json::array())) {
        if (o.is_object() && o.contains("question")) suggestions.push_back(o["question"]);
      }
      turn.answer = question;
      RunResult result;
      result.body = {{"request_id", request.request_id},
                     {"conversation_id", conversation_id},
                     {"status", "needs_clarification"},
                     {"answer", question},
                     {"sql", ""},
                     {"columns", json::array()},
                     {"rows", json::array()},
                     {"row_count", 0},
                     {"truncated", false},
                     {"intent", plan.intent},
                     {"widgets", json::array()},
                     {"suggestions", suggestions},
                     {"clarification", clarification},
                     {"explain", explain},
                     {"security", security},
                     {"timings", run.timings()}};
      return conclude(std::move(result), "needs_clarification");
    };
    // Words the embedded planner could not account for: a configured model may still answer
    // (the embedded plan, which would ignore them, is never its fallback); otherwise, and for a
    // question outside the data, the question goes back to the user.
    const bool model_may_answer = plan.status == PlanResult::Status::kNeedsClarification &&
                                  plan.partial && !plan.out_of_domain &&
                                  deps_.generation.answers_unplanned();
    // An approved statement runs as it was approved, whatever the planner makes of the question
    // today.
    if (plan.status == PlanResult::Status::kNeedsClarification && !model_may_answer &&
        !request.approval_id) {
      return clarify("planning",
                     plan.clarification.is_object() ? plan.clarification : json::object());
    }

    // ── llm_generation ──────────────────────────────────────────────────────────────────────
    stage = "llm_generation";
    t = run.now();
    GenerationResult generated;
    if (request.approval_id) {
      // An approved statement: nothing new is written; the held one runs, once, for its requester
      // (role and scope checked by the claim), and goes through the guardrail and the risk stage
      // again below.
      std::optional<approvals::Approved> approved;
      if (deps_.approvals != nullptr) {
        approved =
            deps_.approvals->claim(request.user.org_id, *request.approval_id, request.user_id,
                                   std::string(role_name(role)), scope, request.request_id);
      }
      if (!approved) {
        throw common::Error(
            409, "approval_not_runnable",
            "approval " + std::to_string(*request.approval_id) +
                " is not approved for this requester and scope, or has already run");
      }
      generated.ok = true;
      generated.sql = approved->sql;
      generated.path = approved->path.empty() ? "embedded_planner" : approved->path;
      generated.semantic_query = approved->semantic_query;
      generated.views_used = plan.views_used;
      generated.details = {{"approval_id", *request.approval_id}, {"approved_statement", true}};
    } else {
      generated = deps_.generation.generate(input, plan);
    }
    json gen_details = generated.details.is_object() ? generated.details : json::object();
    gen_details["path"] = generated.path;
    gen_details["sql"] = generated.sql;
    gen_details["views_used"] = generated.views_used;
    if (!generated.ok) {
      gen_details["error_code"] = generated.error_code;
      gen_details["error"] = generated.error;
    }
    run.emit("llm_generation", generated.ok ? "ok" : "failed", run.elapsed_ms(t), gen_details);
    explain["path"] = generated.path;
    if (!generated.semantic_query.is_null()) explain["semantic_query"] = generated.semantic_query;
    // A model's weekly query was cut on the user's first day too (ModelGeneration::compile).
    if (input.week_start == "sunday" && generated.semantic_query.is_object() &&
        generated.semantic_query.value("week_start", "") == "sunday" &&
        !plan.semantic_query.contains("week_start")) {
      used(common::prefs::kWeekStart, "sunday");
      explain["preferences_used"] = preferences_used;
    }
    turn.semantic_query = explain["semantic_query"];
    std::vector<std::string> views =
        generated.views_used.empty() ? plan.views_used : generated.views_used;
    explain["views_used"] = views;
    security["views_used"] = views;
    for (const auto& v : views) {
      if (v == "v_customer_masked") security["masked_fields"] = masked_fields(role);
    }
    if (!generated.ok) {
      if (generated.error_code == "policy_denied" || generated.error_code == "scope_denied") {
        return refuse("llm_generation", generated.error_code, generated.error,
                      "Ask about the data your role may read, e.g. a total, a trend or a top-N.");
      }
      if (generated.error_code == "guardrail_rejected") {
        return refuse("llm_generation", "policy_denied",
                      "The query written for this question was refused by the SQL guardrail: " +
                          generated.error,
                      "Ask about the data your role may read, e.g. a total, a trend or a top-N.");
      }
      record.error_code = generated.error_code;
      record.error_message = generated.error;
      if (model_may_answer && plan.clarification.is_object()) {
        return clarify("llm_generation", plan.clarification);
      }
      return clarify("llm_generation",
                     {{"question",
                       "I could not turn this question into a query. Could you rephrase it, "
                       "naming a measure (revenue, rentals, customers) and a breakdown?"},
                      {"options", json::array()}});
    }

    // ── validation ──────────────────────────────────────────────────────────────────────────
    stage = "validation";
    t = run.now();
    const ValidationResult verdict = deps_.validation.validate(generated.sql, role);
    explain["guardrail"] = {
        {"verdict", verdict.accepted ? "accept" : "reject"},
        {"reason", verdict.accepted ? verdict.reason : verdict.reason_code + ": " + verdict.reason},
        {"fingerprint", verdict.fingerprint}};
    run.emit("validation", verdict.accepted ? "ok" : "refused", run.elapsed_ms(t),
             {{"verdict", verdict.accepted ? "accept" : "reject"},
              {"reason_code", verdict.reason_code},
              {"reason", verdict.reason},
              {"fingerprint", verdict.fingerprint},
              {"effective_limit", verdict.effective_limit},
              {"cache_hit", verdict.cache_hit},
              {"sql", verdict.accepted ? verdict.sql : generated.sql}});
    if (!verdict.accepted) {
      record.final_sql = generated.sql;
      return refuse("validation", "policy_denied",
                    "The query for this question was refused by the SQL guardrail (" +
                        verdict.reason_code + "): " + verdict.reason,
                    "Ask about the data your role may read, e.g. a total, a trend or a top-N.");
    }
    record.final_sql = verdict.sql;
    turn.sql = verdict.sql;

    // ── risk ────────────────────────────────────────────────────────────────────────────────
    stage = "risk";
    if (deps_.risk != nullptr) {
      t = run.now();
      const risk::Assessment assessed =
          deps_.risk->assess(verdict.sql, role, scope, generated.path, request.user.org_id);
      const json risk_json = assessed.to_json();
      explain["risk"] = risk_json;
      const bool approved = request.approval_id.has_value();
      const bool hold = assessed.level == risk::Level::kHigh && !approved;
      std::optional<long> approval_id;
      if (hold && deps_.approvals != nullptr) {
        approvals::Hold h;
        h.request_id = request.request_id;
        h.org_id = request.user.org_id;
        h.user_id = request.user_id;
        h.username = request.user.username;
        h.role = std::string(role_name(role));
        h.store_ids = scope;
        h.conversation_id = conversation_id;
        h.question = request.question;
        h.sql = verdict.sql;
        h.path = generated.path;
        h.semantic_query = generated.semantic_query;
        h.fingerprint = verdict.fingerprint;
        h.risk = risk_json;
        approval_id = deps_.approvals->hold(h);
      }
      json details = risk_json;
      details["explain_ms"] = round3(assessed.explain_ms);
      if (!assessed.explain_error.empty()) details["explain_error"] = assessed.explain_error;
      if (assessed.estimate) {
        details["estimate"] = {{"total_cost", assessed.estimate->total_cost},
                               {"rows", assessed.estimate->rows},
                               {"width", assessed.estimate->width},
                               {"max_node_rows", assessed.estimate->max_node_rows}};
      }
      if (approval_id) details["approval_id"] = *approval_id;
      if (approved) details["approved_approval_id"] = *request.approval_id;
      const bool refused = assessed.level == risk::Level::kBlock || (hold && !approval_id);
      run.emit("risk",
               refused ? "refused"
               : hold  ? "pending_approval"
                       : "ok",
               run.elapsed_ms(t), details);
      if (refused) {
        return refuse("risk", "policy_denied", assessed.note,
                      "Ask a narrower question: a total, a breakdown by store or month, or a "
                      "top-N.");
      }
      if (hold) {
        run.skip_rest();
        run.finish("completed", "pending_approval");
        record.path = generated.path;
        turn.answer = assessed.note;
        RunResult result;
        result.http_status = 202;
        result.body = {{"request_id", request.request_id},
                       {"conversation_id", conversation_id},
                       {"status", "pending_approval"},
                       {"approval_id", *approval_id},
                       {"risk", risk_json},
                       {"answer", assessed.note},
                       {"sql", verdict.sql},
                       {"explain", explain},
                       {"security", security},
                       {"timings", run.timings()}};
        return conclude(std::move(result), "pending_approval");
      }
    }

    // ── db_execution ────────────────────────────────────────────────────────────────────────
    stage = "db_execution";
    t = run.now();
    execution::ExecResult executed;
    try {
      executed = deps_.executor.execute({verdict.sql, role, scope, verdict.fingerprint});
    } catch (const execution::ExecutionError& e) {
      run.emit("db_execution", "failed", run.elapsed_ms(t),
               {{"error_code", e.code()},
                {"message", e.what()},
                {"sqlstate", e.sqlstate()},
                {"detail", e.detail()}});
      throw;
    }
    ResultSet& rows = executed.result;
    rows.truncated =
        rows.truncated || (verdict.effective_limit >= static_cast<int>(execution::kMaxRows) &&
                           rows.rows.size() >= static_cast<size_t>(verdict.effective_limit));
    explain["cache_hit"] = executed.cache_hit;
    // Which database answered: the analytics one, or the fallback when it was unreachable.
    if (!executed.database.empty()) explain["database"] = executed.database;
    record.row_count = static_cast<int>(rows.rows.size());
    json executed_event = {{"row_count", rows.rows.size()},
                           {"truncated", rows.truncated},
                           {"cache_hit", executed.cache_hit},
                           {"columns", columns_json(rows)}};
    if (!executed.database.empty()) executed_event["database"] = executed.database;
    run.emit("db_execution", "ok", run.elapsed_ms(t), std::move(executed_event));

    // ── narration ───────────────────────────────────────────────────────────────────────────
    stage = "narration";
    t = run.now();
    const PlanResult presented = presented_plan(plan, generated, rows);
    if (const auto& sq = presented.semantic_query;
        sq.is_object() && sq.contains("metric") && sq["metric"].is_string()) {
      drop_tie_column_unless_cut(rows, sq["metric"].get<std::string>());
    }
    const Narrative narrative = deps_.presentation.narrate(presented, rows, deps_.as_of);
    if (presented.money_without_cents && narrative.answer.find('$') != std::string::npos) {
      used(common::prefs::kMoneyWithoutCents, true);
      explain["preferences_used"] = preferences_used;
    }
    turn.answer = narrative.answer;
    run.emit("narration", "ok", run.elapsed_ms(t), {{"answer", narrative.answer}});

    // ── widgets ─────────────────────────────────────────────────────────────────────────────
    stage = "widgets";
    t = run.now();
    json widgets = deps_.presentation.widgets(presented, rows);
    if (!widgets.is_array()) widgets = json::array();
    json widget_types = json::array();
    for (const auto& w : widgets) widget_types.push_back(w.value("type", ""));
    run.emit("widgets", "ok", run.elapsed_ms(t), {{"types", widget_types}});

    run.finish("completed", "ok");
    record.path = generated.path;
    RunResult result;
    result.body = {{"request_id", request.request_id},
                   {"conversation_id", conversation_id},
                   {"status", "ok"},
                   {"answer", narrative.answer},
                   {"sql", verdict.sql},
                   {"columns", columns_json(rows)},
                   {"rows", rows_json(rows)},
                   {"row_count", rows.rows.size()},
                   {"truncated", rows.truncated},
                   {"intent", presented.intent},
                   {"widgets", widgets},
                   {"suggestions", narrative.suggestions},
                   {"explain", explain},
                   {"security", security},
                   {"timings", run.timings()}};
    return conclude(std::move(result), "ok");
  } catch (const common::Error& e) {
    if (!run.done(stage))
      run.emit(stage, "failed", 0, {{"error_code", e.code()}, {"message", e.what()}});
    run.skip_rest();
    run.finish("failed", "failed");
    record.error_stage = stage;
    record.error_code = e.code();
    record.error_message = e.what();
    turn.answer = e.what();
    return conclude(error_result(e), "failed");
  } catch (const std::exception& e) {
    common::log::error("stage_exception",
                       {{"request_id", request.request_id}, {"stage", stage}, {"what", e.what()}});
    if (!run.done(stage))
      run.emit(stage, "failed", 0, {{"error_code", "internal"}, {"message", e.what()}});
    run.skip_rest();
    run.finish("failed", "failed");
    record.error_stage = stage;
    record.error_code = "internal";
    record.error_message = e.what();
    return conclude(error_result(common::Error::internal("internal error")), "failed");
  }
}

}  // namespace copilot::workflow
