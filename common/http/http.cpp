#include "common/http/http.hpp"

#include <pqxx/except>

#include "common/ids/ids.hpp"
#include "common/log/log.hpp"

namespace common::http {

std::string ensure_request_id(const httplib::Request& req, httplib::Response& res) {
  if (res.has_header(kRequestIdHeader)) return res.get_header_value(kRequestIdHeader);
  std::string id = req.get_header_value(kRequestIdHeader);
  if (!ids::is_safe_request_id(id)) id = ids::new_uuid();
  res.set_header(kRequestIdHeader, id);
  return id;
}

void write_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  "application/json");
}

void write_error(httplib::Response& res, const Error& error, std::string_view request_id) {
  write_json(res, error.http_status(), error_body(error, request_id));
}

nlohmann::json parse_json_object(const httplib::Request& req) {
  const std::string content_type = req.get_header_value("Content-Type");
  const auto media = content_type.substr(0, content_type.find(';'));
  std::string lowered;
  for (char c : media) {
    if (c != ' ') lowered.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  if (lowered != "application/json") {
    throw Error(415, "unsupported_media_type", "Content-Type must be application/json");
  }
  auto body = nlohmann::json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) throw Error::bad_request("request body is not valid JSON");
  if (!body.is_object()) throw Error::bad_request("request body must be a JSON object");
  return body;
}

void log_unexpected(std::string_view request_id, const std::exception& e) {
  log::error("unexpected_exception", {{"request_id", std::string(request_id)}, {"what", e.what()}});
}

void use_exclusive_port(httplib::Server& server) {
  server.set_socket_options([](socket_t sock) {
    // SO_REUSEADDR only: a restart may rebind while old connections sit in TIME_WAIT.
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
}

void install_json_errors(httplib::Server& server) {
  const httplib::Server::HandlerWithResponse on_error = [](const httplib::Request& req,
                                                           httplib::Response& res) {
    const std::string request_id = ensure_request_id(req, res);
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    const int status = res.status;
    std::string message = status == 404   ? "no such route"
                          : status == 413 ? "request body too large"
                          : status == 405 ? "method not allowed"
                                          : "request could not be processed";
    write_error(res, Error(status, std::string(code_for_status(status)), message), request_id);
    return httplib::Server::HandlerResponse::Handled;
  };
  server.set_error_handler(on_error);
  server.set_exception_handler([](const httplib::Request& req, httplib::Response& res,
                                  const std::exception_ptr& ep) {
    const std::string request_id = ensure_request_id(req, res);
    try {
      std::rethrow_exception(ep);
    } catch (const Error& e) {
      write_error(res, e, request_id);
    } catch (const pqxx::broken_connection& e) {
      // The database went away under a handler that had no narrower answer for it (a
      // restart): the service is unavailable for a moment, not broken — 503, to retry.
      log::error("database_connection_lost", {{"request_id", request_id}, {"what", e.what()}});
      write_error(res, Error(503, "upstream_unavailable", "the database is unavailable, try again"),
                  request_id);
    } catch (const pqxx::in_doubt_error& e) {
      // Lost while committing: whether the write happened is unknown to us too; saying so
      // as a 503 lets the caller look before retrying, where a 500 would claim a bug.
      log::error("database_commit_in_doubt", {{"request_id", request_id}, {"what", e.what()}});
      write_error(res,
                  Error(503, "upstream_unavailable",
                        "the database connection was lost while saving; check before retrying"),
                  request_id);
    } catch (const std::exception& e) {
      log_unexpected(request_id, e);
      write_error(res, Error::internal("internal error"), request_id);
    } catch (...) {
      write_error(res, Error::internal("internal error"), request_id);
    }
  });
}

}  // namespace common::http
