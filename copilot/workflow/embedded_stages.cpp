#include "copilot/workflow/embedded_stages.hpp"

#include "common/error/error.hpp"
#include "copilot/generation/sql_compiler.hpp"
#include "copilot/narration/narration.hpp"
#include "copilot/planning/planner.hpp"
#include "copilot/semantic/model.hpp"
#include "copilot/widgets/widgets.hpp"

namespace copilot::workflow {
namespace {

using nlohmann::json;

planning::Plan to_plan(const PlanResult& p) {
  planning::Plan out;
  out.status = p.status == PlanResult::Status::kOk ? planning::Plan::Status::kOk
               : p.status == PlanResult::Status::kNeedsClarification
                   ? planning::Plan::Status::kNeedsClarification
                   : planning::Plan::Status::kRefused;
  out.intent = p.intent;
  out.semantic_query = p.semantic_query;
  out.views_used = p.views_used;
  out.filters = p.filters;
  out.time_range = p.time_range;
  out.clarification = p.clarification;
  out.refusal_code = p.refusal_code;
  out.refusal_reason = p.refusal_reason;
  out.suggestion = p.suggestion;
  out.metric_label = p.metric_label;
  out.metric_format = p.metric_format;
  out.metric_kind = p.metric_kind;
  out.also_measures = p.also_measures;
  out.understood = p.understood;
  out.not_understood = p.not_understood;
  out.partial = p.partial;
  out.out_of_domain = p.out_of_domain;
  return out;
}

PlanResult from_plan(const planning::Plan& p) {
  PlanResult out;
  out.status = p.status == planning::Plan::Status::kOk ? PlanResult::Status::kOk
               : p.status == planning::Plan::Status::kNeedsClarification
                   ? PlanResult::Status::kNeedsClarification
                   : PlanResult::Status::kRefused;
  out.intent = p.intent;
  out.semantic_query = p.semantic_query;
  out.views_used = p.views_used;
  out.filters = p.filters;
  out.time_range = p.time_range;
  out.clarification = p.clarification;
  out.refusal_code = p.refusal_code;
  out.refusal_reason = p.refusal_reason;
  out.suggestion = p.suggestion;
  out.metric_label = p.metric_label;
  out.metric_format = p.metric_format;
  out.metric_kind = p.metric_kind;
  out.also_measures = p.also_measures;
  out.understood = p.understood;
  out.not_understood = p.not_understood;
  out.partial = p.partial;
  out.out_of_domain = p.out_of_domain;
  return out;
}

class Planning final : public PlanningStage {
 public:
  Planning(const semantic::Model& model, const planning::ValueCatalog& values)
      : planner_(model, &values) {}
  PlanResult plan(const PlanInput& input) override {
    planning::PlanRequest request;
    request.question = input.question;
    request.role = input.role;
    request.store_ids = input.store_ids;
    request.user_store_ids = input.user_store_ids;
    request.previous = input.previous;
    request.previous_is_latest = input.history.empty() || input.history.back().status == "ok";
    for (const auto& turn : input.history) {
      if (turn.status == "ok" && turn.semantic_query.is_object()) {
        request.earlier.push_back(turn.semantic_query);
      }
    }
    request.as_of = input.as_of;
    request.retrieved = input.retrieved;
    return from_plan(planner_.plan(request));
  }

 private:
  planning::Planner planner_;
};

class Generation final : public GenerationStage {
 public:
  explicit Generation(const semantic::Model& model)
      : model_(model), sunday_model_(semantic::with_sunday_weeks(model)) {}
  GenerationResult generate(const PlanInput& input, const PlanResult& plan) override {
    GenerationResult out;
    out.path = "embedded_planner";
    out.semantic_query = plan.semantic_query;
    const bool sunday = plan.semantic_query.is_object() &&
                        plan.semantic_query.value("week_start", json()) == "sunday";
    nlohmann::json query = plan.semantic_query;
    if (query.is_object()) query.erase("week_start");
    try {
      auto compiled = generation::compile(query, sunday ? sunday_model_ : model_, input.role);
      out.ok = true;
      out.sql = std::move(compiled.sql);
      out.views_used = std::move(compiled.views_used);
    } catch (const common::Error& e) {
      out.error_code = e.code();
      out.error = e.what();
    }
    return out;
  }

 private:
  const semantic::Model& model_;
  const semantic::Model sunday_model_;
};

// Amounts in whole dollars for a user who asked for money without cents: the narrative's "$"
// figures rounded, the charts' and tables' currency columns marked.
nlohmann::json without_cents(nlohmann::json widgets) {
  for (auto& w : widgets) {
    if (!w.is_object()) continue;
    for (auto& [key, value] : w.items()) {
      if (value.is_string() && value.get_ref<const std::string&>() == "$,.2f") value = "$,.0f";
    }
    w["money_without_cents"] = true;
  }
  return widgets;
}

class Presentation final : public PresentationStage {
 public:
  Narrative narrate(const PlanResult& plan, const ResultSet& rows,
                    const std::string& as_of) override {
    auto n = narration::narrate(to_plan(plan), rows, as_of);
    if (plan.money_without_cents) n.answer = narration::without_cents(n.answer);
    return {std::move(n.answer), std::move(n.suggestions)};
  }
  nlohmann::json widgets(const PlanResult& plan, const ResultSet& rows) override {
    auto built = widgets::build(to_plan(plan), rows);
    return plan.money_without_cents ? without_cents(std::move(built)) : built;
  }
};

}  // namespace

struct EmbeddedStages::Impl {
  explicit Impl(const std::string& path)
      : model(semantic::load_model(path)),
        values(planning::planner_vocabulary(model)),
        planning(model, values),
        generation(model) {
    values.load({});  // the vocabulary alone until the data's values are loaded
  }
  semantic::Model model;
  planning::ValueCatalog values;
  Planning planning;
  Generation generation;
  Presentation presentation;
};

EmbeddedStages::EmbeddedStages(const std::string& semantic_model_path)
    : impl_(std::make_unique<Impl>(semantic_model_path)) {}
EmbeddedStages::~EmbeddedStages() = default;
PlanningStage& EmbeddedStages::planning() { return impl_->planning; }
GenerationStage& EmbeddedStages::generation() { return impl_->generation; }
PresentationStage& EmbeddedStages::presentation() { return impl_->presentation; }
planning::ValueCatalog& EmbeddedStages::values() { return impl_->values; }

}  // namespace copilot::workflow
