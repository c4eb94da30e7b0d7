// The organisation's memory (issue 15, part 2): its glossary and rules in plain words, for its
// admins. Every change is a new version (nothing is rewritten), audited with the entry before and
// after; every refusal of a signed-in user is audited too. Row-level security keeps each
// organisation's entries its own: the organisation is always the token's.
#include <charconv>

#include "common/http/http.hpp"
#include "common/log/log.hpp"
#include "common/orgmem/org_memory.hpp"
#include "common/text/utf8.hpp"
#include "gateway/routes/routes.hpp"
#include "gateway/server/context.hpp"
#include "gateway/server/router.hpp"

namespace gateway::routes {
namespace {

using common::Error;
using nlohmann::json;

auth::Principal require_admin(Context& ctx, const httplib::Request& req) {
  auto user = ctx.require_user(req);
  if (user.role != "admin") throw Error::forbidden("organisation memory is for admins only");
  return user;
}

json entries_json(const std::vector<common::orgmem::Entry>& entries) {
  json out = json::array();
  for (const auto& e : entries) out.push_back(e.to_json());
  return out;
}

}  // namespace

void add_org_memory_routes(Router& router, Context& ctx) {
  router.get("/api/org/memory", "/api/org/memory",
             [&ctx](const httplib::Request& req, httplib::Response& res) {
               common::http::guarded(req, res, [&](const std::string&) {
                 const auto admin = require_admin(ctx, req);
                 common::http::write_json(
                     res, 200,
                     {{"entries", entries_json(common::orgmem::current(ctx.pool, admin.org_id))}});
               });
             });
  router.post("/api/org/memory", "/api/org/memory",
              [&ctx](const httplib::Request& req, httplib::Response& res) {
                common::http::guarded(req, res, [&](const std::string& request_id) {
                  for_admin(
                      ctx, req, request_id, "org_memory", "organisation memory",
                      [&](const auth::Principal& admin) {
                        const auto draft =
                            common::orgmem::parse_draft(common::http::parse_json_object(req));
                        const auto added = common::orgmem::add(ctx.pool, admin.org_id, draft,
                                                               admin.user_id, admin.username);
                        record_call(ctx, admin, request_id, 201, "org_memory_saved",
                                    "organisation memory entry " + std::to_string(added.entry_id) +
                                        " added",
                                    "org_memory",
                                    {{"before", nullptr}, {"after", added.to_json()}});
                        common::http::write_json(res, 201, added.to_json());
                      },
                      [](const httplib::Request& r) {
                        return json{{"proposed", sent_by(r)}};
                      });
                });
              });
  router.get(
      R"(/api/org/memory/([^/]+))", "/api/org/memory/:id",
      [&ctx](const httplib::Request& req, httplib::Response& res) {
        common::http::guarded(req, res, [&](const std::string&) {
          const auto admin = require_admin(ctx, req);
          const auto id = path_id(req);
          const auto versions = id ? common::orgmem::history(ctx.pool, admin.org_id, *id)
                                   : std::vector<common::orgmem::Entry>{};
          if (versions.empty()) throw Error::not_found("no such memory entry");
          common::http::write_json(res, 200, {{"id", *id}, {"versions", entries_json(versions)}});
        });
      });
  const auto change = [&ctx](const httplib::Request& req, httplib::Response& res, bool remove) {
    common::http::guarded(req, res, [&](const std::string& request_id) {
      for_admin(
          ctx, req, request_id, "org_memory", "organisation memory",
          [&](const auth::Principal& admin) {
            const auto id = path_id(req);
            std::optional<common::orgmem::Draft> draft;
            if (!remove) draft = common::orgmem::parse_draft(common::http::parse_json_object(req));
            const auto changed = id ? common::orgmem::change(ctx.pool, admin.org_id, *id, draft,
                                                             admin.user_id, admin.username)
                                    : std::nullopt;
            if (!changed) throw Error::not_found("no such memory entry");
            record_call(
                ctx, admin, request_id, 200, remove ? "org_memory_deleted" : "org_memory_saved",
                "organisation memory entry " + std::to_string(*id) +
                    (remove ? " deleted" : " changed") + " (version " +
                    std::to_string(changed->after.version) + ")",
                "org_memory",
                {{"before", changed->before.to_json()}, {"after", changed->after.to_json()}});
            common::http::write_json(res, 200, changed->after.to_json());
          },
          [](const httplib::Request& r) {
            return json{{"proposed", sent_by(r)}};
          });
    });
  };
  router.put(
      R"(/api/org/memory/([^/]+))", "/api/org/memory/:id",
      [change](const httplib::Request& req, httplib::Response& res) { change(req, res, false); });
  router.del(
      R"(/api/org/memory/([^/]+))", "/api/org/memory/:id",
      [change](const httplib::Request& req, httplib::Response& res) { change(req, res, true); });
}

}  // namespace gateway::routes
