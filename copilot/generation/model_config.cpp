#include "copilot/generation/model_config.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>

#include <algorithm>
#include <initializer_list>
#include <memory>
#include <string_view>

#include "common/config/env.hpp"
#include "common/memory/owned.hpp"

#ifndef COPILOT_PROMPTS_DIR
#define COPILOT_PROMPTS_DIR "copilot/generation/prompts"
#endif

namespace copilot::generation {
namespace {

using common::config::ConfigError;
using common::config::env;
using common::config::env_or;

constexpr std::string_view kOpenRouterUrl = "https://openrouter.ai/api/v1";

// The first set name among aliases, with the name it came from (for error messages).
std::optional<std::pair<std::string, std::string>> first_set(
    std::initializer_list<std::string_view> names) {
  for (auto name : names) {
    if (auto value = env(name)) return std::make_pair(std::string(name), *value);
  }
  return std::nullopt;
}

long int_setting(std::initializer_list<std::string_view> names, long fallback, long min, long max) {
  for (auto name : names) {
    if (env(name)) return common::config::env_int(name, fallback, min, max);
  }
  return fallback;
}

double double_setting(std::string_view name, double fallback, double min, double max) {
  auto value = env(name);
  if (!value) return fallback;
  try {
    size_t used = 0;
    double parsed = std::stod(*value, &used);
    if (used != value->size() || parsed < min || parsed > max) throw std::out_of_range("range");
    return parsed;
  } catch (const std::exception&) {
    throw ConfigError(std::string(name) + " must be a number between " + std::to_string(min) +
                      " and " + std::to_string(max) + ", got '" + *value + "'");
  }
}

// Owners for libcurl's URL handle and the strings it hands out: freed on every path.
using CurlUrl = common::Owned<CURLU, curl_url_cleanup>;
using CurlString = common::Owned<char, curl_free>;

std::optional<std::string> url_part(CURLU* url, CURLUPart part) {
  char* raw = nullptr;
  if (curl_url_get(url, part, &raw, 0) != CURLUE_OK) return std::nullopt;
  const CurlString owned(raw);
  if (owned == nullptr) return std::nullopt;
  return std::string(owned.get());
}

}  // namespace

std::optional<UrlParts> parse_http_url(std::string_view url) {
  // libcurl's parser is the one the client connects with, so the host judged here is the host
  // the key would be sent to. A URL with a NUL or no scheme is refused outright.
  if (url.find('\0') != std::string_view::npos) return std::nullopt;
  const CurlUrl handle(curl_url());
  if (!handle) return std::nullopt;
  const std::string text(url);
  if (curl_url_set(handle.get(), CURLUPART_URL, text.c_str(), 0) != CURLUE_OK) return std::nullopt;
  auto scheme = url_part(handle.get(), CURLUPART_SCHEME);
  auto host = url_part(handle.get(), CURLUPART_HOST);
  if (!scheme || !host || host->empty()) return std::nullopt;
  std::transform(scheme->begin(), scheme->end(), scheme->begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (*scheme != "http" && *scheme != "https") return std::nullopt;
  return UrlParts{*scheme, *host};
}

bool is_loopback_host(std::string_view host) {
  std::string name(host);
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (name.size() > 2 && name.front() == '[' && name.back() == ']') {  // an IPv6 literal
    in6_addr v6{};
    const std::string inner = name.substr(1, name.size() - 2);
    return inet_pton(AF_INET6, inner.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
  }
  if (!name.empty() && name.back() == '.') name.pop_back();  // "localhost." is localhost
  if (name == "localhost") return true;
  in_addr v4{};
  // Only a plain dotted quad (libcurl already wrote shorthand forms like 127.1 out in full).
  return inet_pton(AF_INET, name.c_str(), &v4) == 1 && (ntohl(v4.s_addr) >> 24) == 127;
}

bool is_loopback_url(std::string_view url) {
  const auto parts = parse_http_url(url);
  return parts && is_loopback_host(parts->host);
}

std::vector<std::string> split_model_list(std::string_view list) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= list.size()) {
    size_t end = list.find(',', start);
    if (end == std::string_view::npos) end = list.size();
    auto item = list.substr(start, end - start);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (!item.empty() && std::find(out.begin(), out.end(), item) == out.end()) {
      out.emplace_back(item);
    }
    start = end + 1;
  }
  return out;
}

std::string ModelConfig::describe() const {
  if (!enabled()) return "embedded planner only (no model configured)";
  std::string out = base_url + " models=";
  for (size_t i = 0; i < models.size(); ++i) out += (i ? "," : "") + models[i];
  out += api_key.empty() ? " (no api key)" : " (api key set)";
  return out;
}

ModelConfig load_model_config() {
  ModelConfig config;
  config.prompt_dir = env_or({"LLM_PROMPT_DIR"}, COPILOT_PROMPTS_DIR);
  config.prompt_version = env_or({"LLM_PROMPT_PACK"}, "v1");
  config.prompt_org = env_or({"LLM_PROMPT_ORG"}, "");
  if (config.prompt_version.find('/') != std::string::npos ||
      config.prompt_version.find("..") != std::string::npos ||
      config.prompt_org.find('/') != std::string::npos ||
      config.prompt_org.find("..") != std::string::npos) {
    throw ConfigError("LLM_PROMPT_PACK and LLM_PROMPT_ORG must be plain folder names");
  }
  if (common::config::env_bool("LLM_DISABLED", false)) return config;

  // Generic names win over the seed's when both are set: they are the newer, explicit choice.
  auto model = first_set({"LLM_MODEL", "OPENROUTER_MODEL"});
  auto fallbacks = first_set({"LLM_FALLBACK_MODELS", "OPENROUTER_FALLBACK_MODELS"});
  if (model) config.models = split_model_list(model->second);
  if (fallbacks) {
    if (!model) {
      throw ConfigError(fallbacks->first + " is set but no primary model (LLM_MODEL or " +
                        "OPENROUTER_MODEL)");
    }
    for (auto& name : split_model_list(fallbacks->second)) {
      if (std::find(config.models.begin(), config.models.end(), name) == config.models.end()) {
        config.models.push_back(name);
      }
    }
  }

  auto base = first_set({"LLM_BASE_URL", "OPENROUTER_BASE_URL"});
  auto key = first_set({"LLM_API_KEY", "OPENROUTER_API_KEY"});
  bool openrouter_names = env("OPENROUTER_MODEL") || env("OPENROUTER_API_KEY");
  if (base) {
    config.base_url = base->second;
  } else if (openrouter_names) {
    config.base_url = std::string(kOpenRouterUrl);
  }
  if (key) config.api_key = key->second;
  while (!config.base_url.empty() && config.base_url.back() == '/') config.base_url.pop_back();

  config.call_timeout = std::chrono::milliseconds(
      int_setting({"LLM_TIMEOUT_MS", "OPENROUTER_TIMEOUT_MS"}, 15000, 50, 600000));
  config.total_budget =
      std::chrono::milliseconds(int_setting({"LLM_BUDGET_MS"}, 30000, 50, 900000));
  config.max_tokens =
      static_cast<int>(int_setting({"LLM_MAX_TOKENS", "OPENROUTER_MAX_TOKENS"}, 800, 16, 32768));
  config.temperature = double_setting("LLM_TEMPERATURE", 0.0, 0.0, 2.0);
  config.structured_output = common::config::env_bool("LLM_STRUCTURED_OUTPUT", true);
  config.response_format = env_or({"LLM_RESPONSE_FORMAT"}, "json_schema");
  if (config.response_format != "json_schema" && config.response_format != "json_object" &&
      config.response_format != "none") {
    throw ConfigError("LLM_RESPONSE_FORMAT must be json_schema, json_object or none, got '" +
                      config.response_format + "'");
  }
  config.stream = common::config::env_bool("LLM_STREAM", false);
  config.app_url = env_or({"LLM_APP_URL", "OPENROUTER_APP_URL"}, "");
  config.app_name = env_or({"LLM_APP_NAME", "OPENROUTER_APP_NAME"}, "");
  config.cost_per_mtok_in = double_setting("LLM_COST_PER_MTOK_IN", 0, 0, 1e6);
  config.cost_per_mtok_out = double_setting("LLM_COST_PER_MTOK_OUT", 0, 0, 1e6);
  config.retry.max_attempts = static_cast<int>(int_setting({"LLM_MAX_ATTEMPTS"}, 3, 1, 10));
  config.retry.base_backoff =
      std::chrono::milliseconds(int_setting({"LLM_BACKOFF_MS"}, 250, 0, 60000));
  config.retry.max_backoff =
      std::chrono::milliseconds(int_setting({"LLM_MAX_BACKOFF_MS"}, 4000, 0, 300000));
  config.retry.max_retry_after =
      std::chrono::milliseconds(int_setting({"LLM_MAX_RETRY_AFTER_MS"}, 10000, 0, 600000));
  config.breaker.failure_threshold =
      static_cast<int>(int_setting({"LLM_BREAKER_THRESHOLD"}, 3, 1, 100));
  config.breaker.cooldown =
      std::chrono::milliseconds(int_setting({"LLM_BREAKER_COOLDOWN_MS"}, 30000, 0, 3600000));

  if (!config.enabled()) return config;  // a key or URL alone changes nothing: no model to call
  if (config.base_url.empty()) {
    throw ConfigError(
        "LLM_MODEL is set but LLM_BASE_URL is not (e.g. http://127.0.0.1:11434/v1 "
        "for Ollama)");
  }
  const auto parts = parse_http_url(config.base_url);
  if (!parts) {
    throw ConfigError("LLM_BASE_URL must be an http:// or https:// URL with a host, got '" +
                      config.base_url + "'");
  }
  if (config.base_url.find("openrouter.ai") != std::string::npos && config.api_key.empty()) {
    throw ConfigError("OpenRouter needs an API key: set OPENROUTER_API_KEY (or LLM_API_KEY)");
  }
  // A key sent in clear text to another machine is an unsafe setting.
  if (!config.api_key.empty() && parts->scheme == "http" && !is_loopback_host(parts->host) &&
      !common::config::env_bool("LLM_ALLOW_INSECURE", false)) {
    throw ConfigError("refusing to send the API key over plain http to " + config.base_url +
                      " (use https, a loopback address, or LLM_ALLOW_INSECURE=true)");
  }
  return config;
}

}  // namespace copilot::generation
