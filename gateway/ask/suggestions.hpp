// gateway/ask/suggestions.hpp — example questions a role can ask and get answered.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gateway::ask {

// Questions within the role's matrix (DESIGN.md); empty for an unknown role.
const std::vector<std::string>& suggestions_for(std::string_view role);

}  // namespace gateway::ask
