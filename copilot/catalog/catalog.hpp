// copilot/catalog/catalog.hpp — "What can I ask?": the metrics, dimensions, views and columns one
// role may use, with example questions.
//
// In:  the semantic model (its metrics, dimensions, joins and their `catalog` blocks), the role,
//      and what PostgreSQL says the role's reader (reader_<role>) may SELECT, column by column.
// Out: {role, metrics:[{name, label, description, format, view, examples, dimensions}],
//      dimensions:[{name, label, description, time}], views:[{name, kind, columns:[{name, type,
//      masked}]}]}.
// Refuses to show more than both checks allow: an item is listed only when the role matrix
// (common/roles, what the planner answers) AND the database's privileges allow every relation
// and column it reads. A column the reader may not SELECT is absent, never marked.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "copilot/core/roles.hpp"
#include "copilot/semantic/model.hpp"

namespace copilot::catalog {

struct ReadableColumn {
  std::string name;
  std::string type;  // format_type(): integer, numeric, text, timestamp with time zone, ...
};

// Per relation, the columns the reader may SELECT, in the relation's column order. A relation
// the reader can read nothing of is absent.
using ReadableColumns = std::map<std::string, std::vector<ReadableColumn>>;

// Where the privileges come from: PostgreSQL (pg_privileges.hpp), or a fake in tests.
class PrivilegeSource {
 public:
  virtual ~PrivilegeSource() = default;
  // The columns of `relations` that the database role `reader` may SELECT.
  virtual ReadableColumns readable_columns(std::string_view reader,
                                           const std::vector<std::string>& relations) = 0;
};

// The relations a role's catalog is checked over: its scoped views, then the reference tables.
std::vector<std::string> catalog_relations(Role role);

// Builds the role's catalog from the model and the reader's privileges.
nlohmann::json build_catalog(const semantic::Model& model, Role role,
                             const ReadableColumns& readable);

}  // namespace copilot::catalog
