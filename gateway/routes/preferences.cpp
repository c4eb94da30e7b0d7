// The caller's own preferences (issue 15, part 1). Every change and every refusal of a signed-in
// user is audited with the preferences before and after; reads are logged like every request.
// The owner is always the token's user: no route takes a user id.
#include "common/prefs/preferences.hpp"
#include "common/http/http.hpp"
#include "common/log/log.hpp"
#include "common/text/utf8.hpp"
#include "gateway/routes/routes.hpp"
#include "gateway/server/context.hpp"
#include "gateway/server/router.hpp"

namespace gateway::routes {
namespace {

using common::Error;
using nlohmann::json;

common::prefs::Owner owner_of(const auth::Principal& user) {
  return {user.org_id, user.user_id, user.store_ids, user.is_all_stores};
}

json body_of(Context& ctx, const auth::Principal& user) {
  return {{"preferences", common::prefs::list(ctx.pool, owner_of(user))},
          {"kinds", common::prefs::kinds_json()}};
}

// The current {key: value}, for the audit's before/after; null when it cannot be read (the
// database may be why the request failed).
json current_or_null(Context& ctx, const auth::Principal& user) {
  try {
    return common::prefs::load(ctx.pool, owner_of(user));
  } catch (const std::exception&) {
    return nullptr;
  }
}

void put_preferences(Context& ctx, const httplib::Request& req, httplib::Response& res,
                     const std::string& request_id) {
  const auto user = ctx.require_user(req);
  try {
    const json body = common::http::parse_json_object(req);
    // {preferences: {key: value}}, or the keys at the top level.
    const json& values =
        body.contains("preferences") && body["preferences"].is_object() && body.size() == 1
            ? body["preferences"]
            : body;
    if (values.empty()) {
      throw Error::invalid_field("preferences", "send at least one preference to set");
    }
    json checked = json::object();
    for (const auto& [key, value] : values.items()) {
      checked[key] = common::prefs::validate(key, value, owner_of(user));
    }
    const json before = common::prefs::load(ctx.pool, owner_of(user));
    common::prefs::put(ctx.pool, owner_of(user), checked, "api");
    json after = before;
    after.update(checked);
    std::string said;
    for (const auto& [key, value] : checked.items()) {
      said += (said.empty() ? "" : "; ") + common::prefs::describe(key, value);
    }
    record_call(ctx, user, request_id, 200, "preference_saved", "preferences set: " + said,
                "preferences", {{"before", before}, {"after", after}, {"source", "api"}});
    common::log::info("preferences_saved",
                      {{"request_id", request_id}, {"user", user.username}, {"keys", checked}});
    common::http::write_json(res, 200, body_of(ctx, user));
  } catch (const Error& e) {
    const json proposed = json::parse(req.body, nullptr, /*allow_exceptions=*/false);
    record_call(ctx, user, request_id, e.http_status(), "", "preferences refused", "preferences",
                {{"before", current_or_null(ctx, user)},
                 {"proposed",
                  proposed.is_discarded() ? json(common::text::sanitize_utf8(req.body)) : proposed},
                 {"field", e.extra().value("field", "")}},
                &e);
    throw;
  }
}

void delete_preferences(Context& ctx, const httplib::Request& req, httplib::Response& res,
                        const std::string& request_id, const std::optional<std::string>& key) {
  const auto user = ctx.require_user(req);
  try {
    const json before = common::prefs::load(ctx.pool, owner_of(user));
    std::string said;
    if (key) {
      const auto& kinds = common::prefs::kinds();
      if (std::find(kinds.begin(), kinds.end(), *key) == kinds.end()) {
        throw Error::not_found("no such preference");
      }
      if (!common::prefs::remove(ctx.pool, owner_of(user), *key)) {
        throw Error::not_found("the preference " + *key + " is not set");
      }
      said = "preference deleted: " + common::prefs::describe(*key, before.value(*key, json()));
    } else {
      const int removed = common::prefs::remove_all(ctx.pool, owner_of(user));
      said = "all preferences deleted (" + std::to_string(removed) + ")";
    }
    json after = before;
    if (key) {
      after.erase(*key);
    } else {
      after = json::object();
    }
    record_call(ctx, user, request_id, 200, "preference_deleted", said, "preferences",
                {{"before", before}, {"after", after}, {"source", "api"}});
    common::http::write_json(res, 200, body_of(ctx, user));
  } catch (const Error& e) {
    record_call(
        ctx, user, request_id, e.http_status(), "", "preference delete refused", "preferences",
        {{"key", key ? common::text::sanitize_utf8(key->substr(0, 100)) : std::string()}}, &e);
    throw;
  }
}

}  // namespace

void add_preferences_routes(Router& router, Context& ctx) {
  router.get("/api/me/preferences", "/api/me/preferences",
             [&ctx](const httplib::Request& req, httplib::Response& res) {
               common::http::guarded(req, res, [&](const std::string&) {
                 const auto user = ctx.require_user(req);
                 common::http::write_json(res, 200, body_of(ctx, user));
               });
             });
  router.put("/api/me/preferences", "/api/me/preferences",
             [&ctx](const httplib::Request& req, httplib::Response& res) {
               common::http::guarded(req, res, [&](const std::string& request_id) {
                 put_preferences(ctx, req, res, request_id);
               });
             });
  router.del("/api/me/preferences", "/api/me/preferences",
             [&ctx](const httplib::Request& req, httplib::Response& res) {
               common::http::guarded(req, res, [&](const std::string& request_id) {
                 delete_preferences(ctx, req, res, request_id, std::nullopt);
               });
             });
  router.del(R"(/api/me/preferences/([^/]+))", "/api/me/preferences/:key",
             [&ctx](const httplib::Request& req, httplib::Response& res) {
               common::http::guarded(req, res, [&](const std::string& request_id) {
                 delete_preferences(ctx, req, res, request_id,
                                    req.matches.size() > 1 ? std::string(req.matches[1]) : "");
               });
             });
}

}  // namespace gateway::routes
