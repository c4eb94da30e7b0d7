#include "gateway/routes/routes.hpp"

#include "common/http/http.hpp"
#include "common/ids/ids.hpp"
#include "common/text/utf8.hpp"
#include "gateway/ask/validation.hpp"
#include "gateway/history/history.hpp"
#include "gateway/server/context.hpp"
#include "gateway/server/router.hpp"

namespace gateway::routes {
namespace {

using common::Error;
using nlohmann::json;

void feedback(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  const auto user = ctx.require_user(req);
  const json body = common::http::parse_json_object(req);
  const auto request_id = body.find("request_id");
  if (request_id == body.end() || !request_id->is_string() ||
      !common::ids::is_safe_request_id(request_id->get_ref<const std::string&>())) {
    throw Error::invalid_field("request_id", "request_id must be the id of an answer");
  }
  const auto rating = body.find("rating");
  if (rating == body.end() || !rating->is_string() || (*rating != "up" && *rating != "down")) {
    throw Error::invalid_field("rating", "rating must be \"up\" or \"down\"");
  }
  std::optional<std::string> comment;
  if (const auto c = body.find("comment"); c != body.end() && !c->is_null()) {
    const auto length =
        c->is_string() ? common::text::utf8_length(c->get_ref<const std::string&>()) : std::nullopt;
    if (!length || *length > 2000) {
      throw Error::invalid_field("comment", "comment must be text of at most 2000 characters");
    }
    comment = c->get<std::string>();
  }
  // Feedback only on your own answers; an id the trail does not know yet is accepted.
  const auto owner = history::request_owner(ctx.pool, user.org_id, request_id->get<std::string>());
  if (owner && *owner != user.user_id) throw Error::not_found("request not found");
  const auto id = history::add_feedback(ctx.pool, user.org_id, request_id->get<std::string>(),
                                        user.user_id, rating->get<std::string>(), comment);
  common::http::write_json(res, 201, {{"feedback_id", id}});
}

}  // namespace

void add_feedback_routes(Router& router, Context& ctx) {
  router.post("/api/feedback", "/api/feedback",
              [&ctx](const httplib::Request& req, httplib::Response& res) {
                common::http::guarded(req, res,
                                      [&](const std::string&) { feedback(ctx, req, res); });
              });
}

}  // namespace gateway::routes
