#include "common/config/env.hpp"

#include <cstdlib>
#include <stdexcept>

namespace common::config {

std::optional<std::string> env(std::string_view name) {
  const char* value = std::getenv(std::string(name).c_str());  // NOLINT(concurrency-mt-unsafe)
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

std::string env_or(std::initializer_list<std::string_view> names, std::string_view fallback) {
  for (auto name : names) {
    if (auto value = env(name)) return *value;
  }
  return std::string(fallback);
}

std::string env_or(std::string_view name, std::string_view fallback) {
  return env_or({name}, fallback);
}

long env_int(std::string_view name, long fallback, long min, long max) {
  auto value = env(name);
  if (!value) return fallback;
  try {
    size_t used = 0;
    long parsed = std::stol(*value, &used);
    if (used != value->size() || parsed < min || parsed > max) throw std::out_of_range("range");
    return parsed;
  } catch (const std::exception&) {
    throw ConfigError(std::string(name) + " must be an integer between " + std::to_string(min) +
                      " and " + std::to_string(max) + ", got '" + *value + "'");
  }
}

bool env_bool(std::string_view name, bool fallback) {
  auto value = env(name);
  if (!value) return fallback;
  if (*value == "1" || *value == "true" || *value == "yes" || *value == "on") return true;
  if (*value == "0" || *value == "false" || *value == "no" || *value == "off") return false;
  throw ConfigError(std::string(name) + " must be true or false, got '" + *value + "'");
}

}  // namespace common::config
