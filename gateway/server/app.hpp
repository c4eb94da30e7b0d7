// gateway/server/app.hpp — the public HTTP server: the connection limits (body bytes, deadlines,
// per-address connections), the routes of gateway/routes/, and what every exchange gets the same
// way: a request id minted here, JSON errors, one JSON log line and its metrics.
#pragma once

#include "common/error/error.hpp"
#include "common/http/bounded_server.hpp"
#include "gateway/server/config.hpp"
#include "gateway/server/context.hpp"
#include "gateway/server/router.hpp"

namespace gateway {

class App {
 public:
  explicit App(Config config);
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Binds and serves until stop(); false when the address cannot be bound.
  bool listen();
  void stop() { server_.stop(); }

 private:
  void install_hooks();
  void on_error(const httplib::Request& req, httplib::Response& res);
  void audit_oversized_ask(const httplib::Request& req, const common::Error& error);

  Context ctx_;
  common::http::BoundedServer server_;
  Router router_;
};

}  // namespace gateway
