// common/config/env.hpp — reading settings from the environment, once, at start.
#pragma once

#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace common::config {

// The variable's value, or nullopt when unset or empty.
std::optional<std::string> env(std::string_view name);
// The first set variable among names (aliases), or fallback.
std::string env_or(std::initializer_list<std::string_view> names, std::string_view fallback);
std::string env_or(std::string_view name, std::string_view fallback);
// An integer setting within [min, max]; throws ConfigError naming the variable when invalid.
long env_int(std::string_view name, long fallback, long min, long max);
bool env_bool(std::string_view name, bool fallback);

// A missing or unsafe setting: the service prints it and stops.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace common::config
