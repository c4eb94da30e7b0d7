// Fuzzes the semantic-query compiler with arbitrary JSON, as a model's structured output reaches
// it: every key (row sets, facts beside a ranking, shares, growth, HAVING, further figures) with
// any type, for each role. The request's scope is set the way the service sets it; the rest is
// the input's. A compile either returns SQL or throws (common::Error for a refused query,
// nlohmann's exceptions for a field of the wrong type — both become a clean 422 upstream).
#include <cstddef>
#include <cstdint>
#include <exception>
#include <nlohmann/json.hpp>
#include <string>

#include "copilot/generation/sql_compiler.hpp"

namespace {

const copilot::semantic::Model& model() {
  static const auto m = copilot::semantic::load_model(COPILOT_SEMANTIC_MODEL);
  return m;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto query = nlohmann::json::parse(data, data + size, nullptr, false);
  if (query.is_discarded() || !query.is_object()) return 0;
  query["store_ids"] = {1, 2};
  query["as_of"] = "2022-08-23T21:50:12Z";
  using copilot::Role;
  for (const Role role : {Role::kAdmin, Role::kStoreManager, Role::kMarketing, Role::kFinance}) {
    try {
      const auto compiled = copilot::generation::compile(query, model(), role);
      if (compiled.sql.empty()) __builtin_trap();  // a compiled query is never empty
    } catch (const std::exception&) {
      // a refusal, or a field of the wrong type: a clean outcome
    }
  }
  return 0;
}
