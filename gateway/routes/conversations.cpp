#include "gateway/routes/routes.hpp"

#include <algorithm>
#include <cctype>

#include "common/http/http.hpp"
#include "common/ids/ids.hpp"
#include "gateway/history/history.hpp"
#include "gateway/server/context.hpp"
#include "gateway/server/router.hpp"

namespace gateway::routes {

void add_conversations_routes(Router& router, Context& ctx) {
  router.get(
      R"(/api/conversations/([^/]+))", "/api/conversations/:id",
      [&ctx](const httplib::Request& req, httplib::Response& res) {
        common::http::guarded(req, res, [&](const std::string&) {
          const auto user = ctx.require_user(req);
          std::string id = req.matches.size() > 1 ? std::string(req.matches[1]) : std::string();
          std::transform(id.begin(), id.end(), id.begin(), [](char c) {
            return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          });
          if (!common::ids::is_uuid(id)) {
            throw common::Error::not_found("conversation not found");
          }
          auto conversation = history::read_conversation(ctx.pool, user.org_id, id, user.user_id);
          if (!conversation) throw common::Error::not_found("conversation not found");
          common::http::write_json(res, 200, *conversation);
        });
      });
}

}  // namespace gateway::routes
