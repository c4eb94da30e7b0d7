// common/http/http.hpp — what both services do the same way at the HTTP edge: request ids,
// JSON bodies, and the one place where failures become JSON error responses.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/error/error.hpp"

namespace common::http {

inline constexpr const char* kRequestIdHeader = "X-Request-Id";

// The request id of this exchange: already on the response, else the caller's X-Request-Id when
// it is safe to echo, else a new UUID. Stored on the response header so every later step agrees.
std::string ensure_request_id(const httplib::Request& req, httplib::Response& res);

void write_json(httplib::Response& res, int status, const nlohmann::json& body);
// The one place where an Error becomes {"error":{code,message,request_id,...}}.
void write_error(httplib::Response& res, const Error& error, std::string_view request_id);

// Parses a JSON object body: 415 unless Content-Type is application/json, 400 when the body is
// not JSON or not an object.
nlohmann::json parse_json_object(const httplib::Request& req);

// JSON for every error the server itself produces (404, 413, 400 on a broken request line) and
// for any exception escaping a handler (500 without internals). Only fills empty bodies.
void install_json_errors(httplib::Server& server);

// Binds without SO_REUSEPORT (httplib's default sets it): a second instance started on a port
// already in use must fail to start, not silently take half the traffic with its own secrets.
void use_exclusive_port(httplib::Server& server);

// Runs handler, turning common::Error into its JSON response and anything else into a 500 with
// a generic message (the details go to the log, never to the client).
template <typename Handler>
void guarded(const httplib::Request& req, httplib::Response& res, Handler&& handler);

void log_unexpected(std::string_view request_id, const std::exception& e);

template <typename Handler>
void guarded(const httplib::Request& req, httplib::Response& res, Handler&& handler) {
  const std::string request_id = ensure_request_id(req, res);
  try {
    handler(request_id);
  } catch (const Error& e) {
    write_error(res, e, request_id);
  } catch (const std::exception& e) {
    log_unexpected(request_id, e);
    write_error(res, Error::internal("internal error"), request_id);
  }
}

}  // namespace common::http
