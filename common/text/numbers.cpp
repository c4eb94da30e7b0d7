#include "common/text/numbers.hpp"

#include <cstdio>

namespace common::text {

std::string grouped_number(double value, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals < 0 ? 0 : decimals, value);
  std::string digits = buf;
  const bool negative = !digits.empty() && digits[0] == '-';
  if (negative) digits.erase(0, 1);
  const auto dot = digits.find('.');
  const std::string whole = digits.substr(0, dot);
  std::string out = negative ? "-" : "";
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(whole[i]);
  }
  if (dot != std::string::npos) out.append(digits, dot, std::string::npos);
  return out;
}

}  // namespace common::text
