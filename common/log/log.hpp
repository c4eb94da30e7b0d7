// common/log/log.hpp — one JSON line per request and per notable event (the only global state).
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

namespace common::log {

enum class Level { kDebug, kInfo, kWarn, kError };

// Sets the service name written into every line and the minimum level (from LOG_LEVEL).
void init(std::string_view service);
// Writes {"ts","level","service","event",...fields} as one line on stdout.
void event(Level level, std::string_view name, const nlohmann::json& fields = {});

inline void info(std::string_view name, const nlohmann::json& fields = {}) {
  event(Level::kInfo, name, fields);
}
inline void warn(std::string_view name, const nlohmann::json& fields = {}) {
  event(Level::kWarn, name, fields);
}
inline void error(std::string_view name, const nlohmann::json& fields = {}) {
  event(Level::kError, name, fields);
}

}  // namespace common::log
