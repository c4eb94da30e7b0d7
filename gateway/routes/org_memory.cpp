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

void record(Context& ctx, const auth::Principal& user, const std::string& request_id, int status,
            const std::string& outcome, const std::string& what, json details,
            const Error* error = nullptr) {
  auto r = record_for(user, request_id);
  r.question = what;
  r.http_status = status;
  if (error != nullptr) {
    r.error_code = error->code();
    r.error_message = error->what();
  } else {
    r.status = outcome;
    r.error_code = outcome;
  }
  r.details = {{"org_memory", std::move(details)}};
  ctx.audit.record(std::move(r));
}

// Runs a change for an admin: refusals (not an admin, bad input, no such entry) audited.
template <typename Change>
void admin_change(Context& ctx, const httplib::Request& req, const std::string& request_id,
                  Change&& change) {
  const auto user = ctx.require_user(req);
  try {
    if (user.role != "admin") throw Error::forbidden("organisation memory is for admins only");
    change(user);
  } catch (const Error& e) {
    const json proposed = json::parse(req.body, nullptr, /*allow_exceptions=*/false);
    record(ctx, user, request_id, e.http_status(), "",
           "organisation memory change refused (" + req.method + " " + req.path + ")",
           {{"proposed",
             proposed.is_discarded() ? json(common::text::sanitize_utf8(req.body)) : proposed},
            {"field", e.extra().value("field", "")}},
           &e);
    throw;
  }
}

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
                  admin_change(ctx, req, request_id, [&](const auth::Principal& admin) {
                    const auto draft =
                        common::orgmem::parse_draft(common::http::parse_json_object(req));
                    const auto added = common::orgmem::add(ctx.pool, admin.org_id, draft,
                                                           admin.user_id, admin.username);
                    record(ctx, admin, request_id, 201, "org_memory_saved",
                           "organisation memory entry " + std::to_string(added.entry_id) + " added",
                           {{"before", nullptr}, {"after", added.to_json()}});
                    common::http::write_json(res, 201, added.to_json());
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
      admin_change(ctx, req, request_id, [&](const auth::Principal& admin) {
        const auto id = path_id(req);
        std::optional<common::orgmem::Draft> draft;
        if (!remove) draft = common::orgmem::parse_draft(common::http::parse_json_object(req));
        const auto changed = id ? common::orgmem::change(ctx.pool, admin.org_id, *id, draft,
                                                         admin.user_id, admin.username)
                                : std::nullopt;
        if (!changed) throw Error::not_found("no such memory entry");
        record(ctx, admin, request_id, 200, remove ? "org_memory_deleted" : "org_memory_saved",
               "organisation memory entry " + std::to_string(*id) +
                   (remove ? " deleted" : " changed") + " (version " +
                   std::to_string(changed->after.version) + ")",
               {{"before", changed->before.to_json()}, {"after", changed->after.to_json()}});
        common::http::write_json(res, 200, changed->after.to_json());
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
