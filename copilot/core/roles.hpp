// copilot/core/roles.hpp — the copilot's names for the role model, which lives in the shared
// library (common/roles) so that the gateway and the copilot read one matrix.
#pragma once

#include "common/roles/roles.hpp"

namespace copilot {

using common::masked_fields;
using common::parse_role;
using common::readable_relations;
using common::reader_role;
using common::reference_relations;
using common::Role;
using common::role_name;
using common::scoped_views;

}  // namespace copilot
