// copilot/generation/model_config.hpp — which OpenAI-compatible models the copilot may call, read
// once from the environment at start.
//
// In:  OPENROUTER_* (the seed's names) or LLM_* (generic aliases); the first set name wins.
// Out: a validated ModelConfig. No model configured = the embedded planner answers alone.
// Refuses (ConfigError): a model without a base URL, a non-http(s) URL, numbers out of range.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace copilot::generation {

struct RetryPolicy {
  int max_attempts = 3;                         // HTTP calls per model and step, first one included
  std::chrono::milliseconds base_backoff{250};  // doubled per retry, full jitter
  std::chrono::milliseconds max_backoff{4000};
  std::chrono::milliseconds max_retry_after{10000};  // a longer Retry-After: give up on the model
};

struct BreakerPolicy {
  int failure_threshold = 3;                  // consecutive failures that open the circuit
  std::chrono::milliseconds cooldown{30000};  // open → half-open (one probe call) after this
};

struct ModelConfig {
  std::string base_url;  // e.g. https://openrouter.ai/api/v1 (".../chat/completions" added)
  std::string api_key;   // empty: no Authorization header (Ollama, llama.cpp)
  std::vector<std::string> models;  // primary first, then the fallbacks; empty = no model
  std::chrono::milliseconds call_timeout{15000};  // one HTTP call
  std::chrono::milliseconds total_budget{30000};  // the whole llm_generation stage
  int max_tokens = 800;
  double temperature = 0.0;
  bool structured_output = true;                // ask for a JSON semantic query first
  std::string response_format = "json_schema";  // json_schema | json_object | none
  bool stream = false;                          // use SSE streaming for completions
  std::string app_url;                          // OpenRouter attribution headers (optional)
  std::string app_name;
  std::string prompt_dir;  // prompt packs root; default: the source tree's prompts/
  std::string prompt_version = "v1";
  std::string prompt_org;       // optional per-org override folder inside the pack
  double cost_per_mtok_in = 0;  // used when the provider reports no cost (0 = unknown)
  double cost_per_mtok_out = 0;
  RetryPolicy retry;
  BreakerPolicy breaker;

  [[nodiscard]] bool enabled() const { return !models.empty(); }
  // The model list and endpoint for logs: never the key.
  [[nodiscard]] std::string describe() const;
};

// Reads the environment (README.md, "Model providers", lists every variable). Throws
// common::config::ConfigError.
ModelConfig load_model_config();

// An http(s) URL as libcurl's URL API reads it (curl_url): the scheme in lower case and the host
// it would connect to (an IPv6 literal keeps its brackets). nullopt for anything else.
struct UrlParts {
  std::string scheme;
  std::string host;
};
std::optional<UrlParts> parse_http_url(std::string_view url);
// 127.0.0.0/8, [::1] or localhost (any case, one trailing dot allowed); nothing else.
bool is_loopback_host(std::string_view host);
// parse_http_url + is_loopback_host: whether a key sent to this URL stays on this machine.
bool is_loopback_url(std::string_view url);

// "a, b ,c" → {"a","b","c"} (empty items dropped, duplicates removed, order kept).
std::vector<std::string> split_model_list(std::string_view list);

}  // namespace copilot::generation
