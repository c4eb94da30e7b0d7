#include "copilot/guardrail/check_sql_cli.hpp"

#include <charconv>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "copilot/core/roles.hpp"
#include "copilot/guardrail/guardrail.hpp"

namespace copilot::guardrail {
namespace {

constexpr std::string_view kUsage =
    "usage: copilot check-sql --role admin|store_manager|marketing|finance [--stores 1,2] "
    "[--max-limit N] [--risk]\n"
    "Reads one SQL statement per line on stdin; prints one JSON verdict per statement.\n";

std::optional<int> positive_int(std::string_view text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || value <= 0) return std::nullopt;
  return value;
}

// "1,2" → {1, 2}; nullopt when any part is not a positive integer.
std::optional<std::vector<int>> parse_stores(std::string_view text) {
  std::vector<int> stores;
  while (true) {
    const std::size_t comma = text.find(',');
    const auto store = positive_int(text.substr(0, comma));
    if (!store) return std::nullopt;
    stores.push_back(*store);
    if (comma == std::string_view::npos) return stores;
    text.remove_prefix(comma + 1);
  }
}

int usage_error(const std::string& message) {
  std::cerr << "copilot check-sql: " << message << "\n" << kUsage;
  return 2;
}

nlohmann::json text_or_null(const std::string& s) {
  return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
}

}  // namespace

int run_check_sql(std::vector<std::string> args, std::istream& in, std::ostream& out,
                  const RiskHook& risk) {
  std::optional<Role> role;
  std::optional<std::vector<int>> stores;
  Options options;
  bool with_risk = false;
  std::size_t i = (!args.empty() && args[0] == "check-sql") ? 1 : 0;
  for (; i < args.size(); ++i) {
    std::string flag = args[i];
    std::optional<std::string> value;
    if (const auto eq = flag.find('='); eq != std::string::npos && flag.rfind("--", 0) == 0) {
      value = flag.substr(eq + 1);
      flag.resize(eq);
    }
    if (flag == "--help" || flag == "-h") {
      out << kUsage;
      return 0;
    }
    if (flag == "--risk" && !value) {
      if (!risk) return usage_error("--risk is not available in this build");
      with_risk = true;
      continue;
    }
    if (flag != "--role" && flag != "--stores" && flag != "--max-limit") {
      return usage_error("unknown argument '" + args[i] + "'");
    }
    if (!value) {
      if (i + 1 >= args.size()) return usage_error(flag + " needs a value");
      value = args[++i];
    }
    if (flag == "--role") {
      role = parse_role(*value);
      if (!role) return usage_error("unknown role '" + *value + "'");
    } else if (flag == "--stores") {
      stores = parse_stores(*value);
      if (!stores) return usage_error("--stores wants store ids like 1,2; got '" + *value + "'");
    } else {
      const auto limit = positive_int(*value);
      if (!limit) return usage_error("--max-limit wants a positive integer; got '" + *value + "'");
      options.max_limit = *limit;
    }
  }
  if (!role) return usage_error("--role is required");

  const std::set<std::string> relations = readable_relations(*role);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t\f\v") == std::string::npos) continue;
    const Verdict v = check(line, relations, options);
    nlohmann::json j;
    j["line"] = number;
    j["verdict"] = v.accepted ? "accept" : "reject";
    j["reason_code"] = text_or_null(v.reason_code);
    j["reason"] = v.reason;
    j["sql"] = text_or_null(v.sql);
    j["fingerprint"] = text_or_null(v.fingerprint);
    j["effective_limit"] = v.accepted ? nlohmann::json(v.effective_limit) : nlohmann::json(nullptr);
    if (with_risk && v.accepted) {
      try {
        j["risk"] = risk(v.sql, *role, stores.value_or(std::vector<int>{1, 2}));
      } catch (const std::exception& e) {
        j["risk"] = {{"error", e.what()}};
      }
    }
    j["input"] = line;
    out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  }
  out.flush();
  return 0;
}

}  // namespace copilot::guardrail
