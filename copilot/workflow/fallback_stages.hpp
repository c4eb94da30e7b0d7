// copilot/workflow/fallback_stages.hpp — stand-ins used only while a build lacks the embedded
// planner: the service still starts, refuses, audits and reports health; questions that need a
// plan get a clarification saying why.
#pragma once

#include "copilot/workflow/stages.hpp"

namespace copilot::workflow {

class UnavailablePlanning final : public PlanningStage {
 public:
  PlanResult plan(const PlanInput&) override {
    PlanResult out;
    out.status = PlanResult::Status::kNeedsClarification;
    out.clarification = {{"question", "The question planner is not available in this build."},
                         {"options", nlohmann::json::array()}};
    return out;
  }
};

class UnavailableGeneration final : public GenerationStage {
 public:
  GenerationResult generate(const PlanInput&, const PlanResult&) override {
    GenerationResult out;
    out.error_code = "no_plan";
    out.error = "no SQL generator in this build";
    return out;
  }
};

// A plain answer and a table widget.
class BasicPresentation final : public PresentationStage {
 public:
  Narrative narrate(const PlanResult&, const ResultSet& rows, const std::string& as_of) override {
    return {std::to_string(rows.rows.size()) + " rows (data as of " + as_of.substr(0, 10) + ").",
            {}};
  }
  nlohmann::json widgets(const PlanResult&, const ResultSet& rows) override {
    nlohmann::json columns = nlohmann::json::array();
    for (const auto& c : rows.columns) columns.push_back(c.name);
    return nlohmann::json::array(
        {{{"id", "table"}, {"type", "table"}, {"title", "Result"}, {"columns", columns}}});
  }
};

}  // namespace copilot::workflow
