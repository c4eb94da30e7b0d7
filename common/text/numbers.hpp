// common/text/numbers.hpp — numbers as people read them: thousands grouped with commas and a
// fixed number of decimals ("1,234.50", "2,600"). The narrative and the planner's readings of a
// question ("revenue over $2,600.00") write figures the same way.
#pragma once

#include <string>

namespace common::text {

// 1234.5 with 2 decimals → "1,234.50"; with 0 → "1,235"; -0.5 with 2 → "-0.50".
std::string grouped_number(double value, int decimals);

}  // namespace common::text
