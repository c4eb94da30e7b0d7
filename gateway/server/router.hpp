// gateway/server/router.hpp — the gateway's route table over cpp-httplib: registers each handler
// and remembers (method, path pattern, label) so that a known path asked with another method is
// answered 405 with `Allow`, and metrics name routes by their label (/api/conversations/:id),
// never by raw paths, so the label set stays small whatever clients send.
#pragma once

#include <httplib.h>

#include <functional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace gateway {

class Router {
 public:
  using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;

  explicit Router(httplib::Server& server) : server_(server) {}

  // `pattern` is a full-match regular expression (httplib's), `label` its name in metrics.
  void get(const std::string& pattern, std::string label, Handler handler);
  void post(const std::string& pattern, std::string label, Handler handler);
  void put(const std::string& pattern, std::string label, Handler handler);
  void del(const std::string& pattern, std::string label, Handler handler);

  // "GET, POST" for a path some route matches, empty when none does.
  [[nodiscard]] std::string allowed_methods(std::string_view path) const;
  // The label of the route matching path (any method), or "other".
  [[nodiscard]] std::string_view label_of(std::string_view path) const;

 private:
  struct Route {
    std::string method;
    std::regex pattern;
    std::string label;
  };
  httplib::Server& server_;
  std::vector<Route> routes_;
};

}  // namespace gateway
