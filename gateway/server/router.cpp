#include "gateway/server/router.hpp"

namespace gateway {

void Router::get(const std::string& pattern, std::string label, Handler handler) {
  routes_.push_back({"GET", std::regex(pattern), std::move(label)});
  server_.Get(pattern, std::move(handler));
}

void Router::post(const std::string& pattern, std::string label, Handler handler) {
  routes_.push_back({"POST", std::regex(pattern), std::move(label)});
  server_.Post(pattern, std::move(handler));
}

void Router::put(const std::string& pattern, std::string label, Handler handler) {
  routes_.push_back({"PUT", std::regex(pattern), std::move(label)});
  server_.Put(pattern, std::move(handler));
}

void Router::del(const std::string& pattern, std::string label, Handler handler) {
  routes_.push_back({"DELETE", std::regex(pattern), std::move(label)});
  server_.Delete(pattern, std::move(handler));
}

std::string Router::allowed_methods(std::string_view path) const {
  std::string out;
  for (const auto& route : routes_) {
    if (!std::regex_match(path.begin(), path.end(), route.pattern)) continue;
    if (out.find(route.method) != std::string::npos) continue;
    if (!out.empty()) out += ", ";
    out += route.method;
  }
  return out;
}

std::string_view Router::label_of(std::string_view path) const {
  for (const auto& route : routes_) {
    if (std::regex_match(path.begin(), path.end(), route.pattern)) return route.label;
  }
  return "other";
}

}  // namespace gateway
