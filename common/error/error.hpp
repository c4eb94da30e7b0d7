// common/error/error.hpp — the one exception type both services throw for failures.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

namespace common {

// A failure with a stable machine-readable code and the HTTP status it maps to. Thrown where the
// failure is found, turned into {"error":{code,message,request_id}} only at the HTTP edge.
// Expected outcomes (a refusal, a clarification) are values, not Errors.
class Error : public std::runtime_error {
 public:
  Error(int http_status, std::string code, const std::string& message,
        nlohmann::json extra = nlohmann::json::object())
      : std::runtime_error(message),
        http_status_(http_status),
        code_(std::move(code)),
        extra_(std::move(extra)) {}

  [[nodiscard]] int http_status() const noexcept { return http_status_; }
  [[nodiscard]] const std::string& code() const noexcept { return code_; }
  // Additional fields merged into the error object (e.g. "field", "retry_after_s").
  [[nodiscard]] const nlohmann::json& extra() const noexcept { return extra_; }

  static Error bad_request(const std::string& message) { return {400, "bad_request", message}; }
  static Error unauthorized(const std::string& message) { return {401, "unauthorized", message}; }
  static Error forbidden(const std::string& message) { return {403, "forbidden", message}; }
  static Error not_found(const std::string& message) { return {404, "not_found", message}; }
  static Error invalid_field(const std::string& field, const std::string& message) {
    return {422, "invalid_field", message, {{"field", field}}};
  }
  static Error internal(const std::string& message) { return {500, "internal", message}; }

 private:
  int http_status_;
  std::string code_;
  nlohmann::json extra_;
};

// The JSON body of an error response.
nlohmann::json error_body(const Error& error, std::string_view request_id);

// A generic code for an HTTP status, used when a failure has no more specific code.
std::string_view code_for_status(int status);

}  // namespace common
