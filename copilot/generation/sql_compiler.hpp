// copilot/generation/sql_compiler.hpp — the embedded path of llm_generation: a semantic query
// (from the planner, or from a model's structured output) compiled to readable SQL over the
// scoped views and reference tables only. Throws common::Error (403 policy_denied) if the query
// would read a view the role may not, (422) when it names an unknown metric or dimension.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "copilot/core/roles.hpp"
#include "copilot/semantic/model.hpp"

namespace copilot::generation {

struct CompiledSql {
  std::string sql;
  std::vector<std::string> views_used;
};

CompiledSql compile(const nlohmann::json& semantic_query, const semantic::Model& model, Role role);

// A SQL string literal with quotes doubled.
std::string quote_literal(const std::string& value);

}  // namespace copilot::generation
