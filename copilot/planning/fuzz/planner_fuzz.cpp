// Fuzzes the embedded planner with arbitrary question text: tokenising (every script's digits,
// invisible characters, broken UTF-8), the value index's spelling reader, conditions, stores,
// lookups, the accounting of every word — for each role — then the compiler and the narrator on
// what it planned.
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/error/error.hpp"
#include "copilot/generation/sql_compiler.hpp"
#include "copilot/narration/narration.hpp"
#include "copilot/planning/planner.hpp"

namespace {

using namespace copilot;

const semantic::Model& model() {
  static const auto m = semantic::load_model(COPILOT_SEMANTIC_MODEL);
  return m;
}

const planning::ValueCatalog& values() {
  static planning::ValueCatalog catalog(planning::planner_vocabulary(model()));
  static const bool loaded = [] {
    catalog.load({{"film", "ACADEMY DINOSAUR", 1, ""},
                  {"film", "ALONE TRIP", 17, ""},
                  {"actor", "SUSAN DAVIS", 101, ""},
                  {"actor", "SUSAN DAVIS", 110, ""},
                  {"city", "London", 312, "United Kingdom"},
                  {"city", "London", 313, "Canada"},
                  {"store", "Hamilton", 2, "New Zealand"}});
    return true;
  }();
  (void)loaded;
  return catalog;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 2000) return 0;  // the gateway refuses longer questions
  const std::string question(reinterpret_cast<const char*>(data), size);
  const planning::Planner planner(model(), &values());
  for (const Role role : {Role::kAdmin, Role::kStoreManager, Role::kMarketing, Role::kFinance}) {
    const std::vector<int> stores =
        role == Role::kStoreManager ? std::vector<int>{1} : std::vector<int>{1, 2};
    const auto plan = planner.plan(
        {question, role, stores, stores, nullptr, "2022-08-23T21:50:12Z", {}, {}, true});
    if (plan.status != planning::Plan::Status::kOk) continue;
    try {
      const auto compiled = generation::compile(plan.semantic_query, model(), role);
      if (compiled.sql.empty()) __builtin_trap();  // a plan compiles to something
    } catch (const common::Error&) {
      // a refusal of the compiler is a clean outcome
    }
    // The narrator on an empty result (the shape of rows is the database's business).
    (void)narration::narrate(plan, ResultSet{}, "2022-08-23");
  }
  return 0;
}
