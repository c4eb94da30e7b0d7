// common/roles/roles.hpp — the role matrix of DESIGN.md, in one place. Everything that needs to
// know what a role may read (policy, retrieval, planner, guardrail, execution) asks here.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace common {

enum class Role { kAdmin, kStoreManager, kMarketing, kFinance };

std::optional<Role> parse_role(std::string_view name);
std::string_view role_name(Role role);
// The NOLOGIN database role the role's questions run as, e.g. "reader_finance".
std::string_view reader_role(Role role);

// The scoped views of the role (v_payment_scoped, v_rental_scoped, v_customer_masked).
const std::vector<std::string>& scoped_views(Role role);
// Reference tables and unscoped views every role may join (film, ..., v_store_location).
const std::vector<std::string>& reference_relations();
// Everything the role may name in a FROM clause: scoped views + reference relations.
std::set<std::string> readable_relations(Role role);
// Fields the role only ever sees masked (reported in the response's security block).
const std::vector<std::string>& masked_fields(Role role);

}  // namespace common
