#include "copilot/workflow/plan_cli.hpp"

#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/config/env.hpp"
#include "common/db/pool.hpp"
#include "common/error/error.hpp"
#include "copilot/generation/sql_compiler.hpp"
#include "copilot/planning/pg_value_source.hpp"
#include "copilot/planning/planner.hpp"
#include "copilot/semantic/model.hpp"
#include "copilot/workflow/service_config.hpp"

namespace copilot::workflow {

int run_plan_cli(std::vector<std::string> args, std::ostream& out, std::ostream& err) {
  if (!args.empty() && args.front() == "plan") args.erase(args.begin());
  std::string role_text;
  std::vector<int> stores;
  bool with_values = true;
  std::string question;
  std::string previous_question;  // planned first; the question is then read as its follow-up
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--after" && i + 1 < args.size()) {
      previous_question = args[++i];
    } else if (args[i] == "--role" && i + 1 < args.size()) {
      role_text = args[++i];
    } else if (args[i] == "--stores" && i + 1 < args.size()) {
      std::stringstream list(args[++i]);
      for (std::string part; std::getline(list, part, ',');) {
        try {
          stores.push_back(std::stoi(part));
        } catch (const std::exception&) {
          err << "plan: --stores takes ids like 1,2\n";
          return 2;
        }
      }
    } else if (args[i] == "--no-values") {
      with_values = false;
    } else {
      question += (question.empty() ? "" : " ") + args[i];
    }
  }
  const auto role = parse_role(role_text);
  if (!role || question.empty()) {
    err << "usage: copilot plan --role ROLE [--stores 1,2] [--no-values] [--after QUESTION] "
           "QUESTION...\n";
    return 2;
  }
  if (stores.empty()) stores = {1, 2};
  const std::string root = find_root();
  const auto model = semantic::load_model(resolve(
      root, common::config::env_or("SEMANTIC_MODEL_PATH", "copilot/semantic/semantic_model.json")));
  planning::ValueCatalog values(planning::planner_vocabulary(model));
  values.load({});
  if (with_values) {
    const auto url = common::config::env("ANALYTICS_DATABASE_URL");
    if (!url) {
      err << "plan: ANALYTICS_DATABASE_URL is not set (or pass --no-values)\n";
      return 2;
    }
    common::db::ConnectionPool pool(*url, 1);
    planning::PgValueSource source(pool);
    values.load(source.load());
  }
  planning::Planner planner(model, &values);
  const auto as_of = common::config::env_or("AS_OF", "2022-08-23T21:50:12Z");
  nlohmann::json previous;
  std::vector<nlohmann::json> earlier;
  bool previous_is_latest = true;
  if (!previous_question.empty()) {
    // As the service does: a previous question that was declined leaves nothing to carry on.
    auto first =
        planner.plan({previous_question, *role, stores, stores, nullptr, as_of, {}, {}, true});
    previous_is_latest = first.status == planning::Plan::Status::kOk;
    if (previous_is_latest) {
      previous = std::move(first.semantic_query);
      earlier.push_back(previous);
    }
  }
  const auto plan = planner.plan(
      {question, *role, stores, stores, previous, as_of, {}, earlier, previous_is_latest});
  static const char* kStatus[] = {"ok", "needs_clarification", "refused"};
  nlohmann::json body = {{"status", kStatus[static_cast<int>(plan.status)]},
                         {"intent", plan.intent},
                         {"understanding", plan.understood},
                         {"not_understood", plan.not_understood},
                         {"clarification", plan.clarification},
                         {"semantic_query", plan.semantic_query}};
  if (plan.status == planning::Plan::Status::kRefused) {
    body["refusal"] = {{"code", plan.refusal_code}, {"reason", plan.refusal_reason}};
  }
  if (plan.status == planning::Plan::Status::kOk) {
    try {
      body["sql"] = generation::compile(plan.semantic_query, model, *role).sql;
    } catch (const common::Error& e) {
      body["sql_error"] = e.what();
    }
  }
  out << body.dump(2) << "\n";
  return 0;
}

}  // namespace copilot::workflow
