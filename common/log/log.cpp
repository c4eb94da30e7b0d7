#include "common/log/log.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <string>

#include "common/config/env.hpp"

namespace common::log {
namespace {

struct State {
  std::shared_ptr<spdlog::logger> logger;
  std::string service = "copilot";
  Level min_level = Level::kInfo;
};

State& state() {
  static State instance;
  return instance;
}

std::string_view level_name(Level level) {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
  }
  return "info";
}

std::string iso_now() {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  const std::time_t t = system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[40];
  std::snprintf(out, sizeof out, "%s.%03dZ", buf, static_cast<int>(ms));
  return out;
}

}  // namespace

void init(std::string_view service) {
  auto& s = state();
  s.service = std::string(service);
  const auto level = config::env_or("LOG_LEVEL", "info");
  s.min_level = level == "debug"   ? Level::kDebug
                : level == "warn"  ? Level::kWarn
                : level == "error" ? Level::kError
                                   : Level::kInfo;
  if (!s.logger) {
    s.logger = spdlog::stdout_logger_mt(std::string(service) + "_json");
    s.logger->set_pattern("%v");
    s.logger->flush_on(spdlog::level::info);
  }
}

void event(Level level, std::string_view name, const nlohmann::json& fields) {
  auto& s = state();
  if (level < s.min_level) return;
  if (!s.logger) init(s.service);
  nlohmann::json line = {{"ts", iso_now()},
                         {"level", level_name(level)},
                         {"service", s.service},
                         {"event", std::string(name)}};
  if (fields.is_object()) {
    for (const auto& [key, value] : fields.items()) line[key] = value;
  }
  s.logger->info(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace common::log
