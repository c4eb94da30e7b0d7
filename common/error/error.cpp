#include "common/error/error.hpp"

namespace common {

nlohmann::json error_body(const Error& error, std::string_view request_id) {
  nlohmann::json inner = {
      {"code", error.code()}, {"message", error.what()}, {"request_id", std::string(request_id)}};
  if (error.extra().is_object()) {
    for (const auto& [key, value] : error.extra().items()) {
      if (!inner.contains(key)) inner[key] = value;
    }
  }
  return {{"error", inner}};
}

std::string_view code_for_status(int status) {
  switch (status) {
    case 400:
      return "bad_request";
    case 401:
      return "unauthorized";
    case 403:
      return "forbidden";
    case 404:
      return "not_found";
    case 405:
      return "method_not_allowed";
    case 408:
      return "request_timeout";
    case 413:
      return "payload_too_large";
    case 414:
      return "uri_too_long";
    case 415:
      return "unsupported_media_type";
    case 422:
      return "invalid_field";
    case 429:
      return "rate_limited";
    case 431:
      return "headers_too_large";
    case 502:
      return "upstream_error";
    case 503:
      return "upstream_unavailable";
    case 504:
      return "upstream_timeout";
    default:
      return status >= 500 ? "internal" : "bad_request";
  }
}

}  // namespace common
