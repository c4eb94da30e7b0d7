#include "gateway/oidc/sign_in.hpp"

#include <sodium.h>

#include <array>
#include <vector>

#include "common/db/org_transaction.hpp"
#include "common/db/pg_array.hpp"
#include "common/log/log.hpp"
#include "gateway/oidc/claim_mapping.hpp"
#include "gateway/oidc/id_token.hpp"
#include "gateway/server/db.hpp"

namespace gateway::oidc {
namespace {

using nlohmann::json;

Outcome refused(std::string reason) {
  Outcome out;
  out.reason = std::move(reason);
  return out;
}

bool valid_token_text(std::string_view text, size_t max) {
  if (text.empty() || text.size() > max) return false;
  for (const char c : text) {
    if (static_cast<unsigned char>(c) < 0x21 || static_cast<unsigned char>(c) > 0x7e) return false;
  }
  return true;
}

}  // namespace

std::string random_token(size_t bytes) {
  std::vector<unsigned char> random(bytes);
  randombytes_buf(random.data(), random.size());
  return base64url_encode(
      std::string_view(reinterpret_cast<const char*>(random.data()), random.size()));
}

std::string s256_challenge(std::string_view verifier) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(verifier.data()),
                     verifier.size());
  return base64url_encode(
      std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

SignInFlow::SignInFlow(const Settings& settings, ProviderClient& provider,
                       common::db::ConnectionPool& pool, auth::UserDirectory& users,
                       const common::Clock& clock)
    : settings_(settings), provider_(provider), pool_(pool), users_(users), clock_(clock) {}

std::optional<StartResult> SignInFlow::start() {
  const auto endpoints = provider_.discovery();
  if (!endpoints) return std::nullopt;
  StartResult out;
  out.state = random_token(32);
  const std::string nonce = random_token(32);
  const std::string verifier = random_token(48);  // 64 characters (RFC 7636: 43..128)
  out.expires_in = settings_.state_ttl.count();
  db::with_connection(pool_, [&](pqxx::connection& conn) {
    pqxx::work tx(conn);
    // Expired rows go as new ones come: the table holds only sign-ins in progress.
    tx.exec("DELETE FROM oidc_login_states WHERE expires_at < now() - interval '1 hour'");
    tx.exec_params(
        "INSERT INTO oidc_login_states (state, nonce, code_verifier, redirect_uri, expires_at) "
        "VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))",
        out.state, nonce, verifier, settings_.redirect_uri, out.expires_in);
    tx.commit();
  });
  const char* sep = endpoints->authorization_endpoint.find('?') == std::string::npos ? "?" : "&";
  out.authorization_url = endpoints->authorization_endpoint + sep +
                          "response_type=code&client_id=" + form_escape(settings_.client_id) +
                          "&redirect_uri=" + form_escape(settings_.redirect_uri) +
                          "&scope=" + form_escape(settings_.scopes) + "&state=" + out.state +
                          "&nonce=" + nonce + "&code_challenge=" + s256_challenge(verifier) +
                          "&code_challenge_method=S256";
  return out;
}

std::string SignInFlow::logout_url() {
  const auto endpoints = provider_.discovery();
  if (!endpoints || endpoints->end_session_endpoint.empty()) return {};
  const char* sep = endpoints->end_session_endpoint.find('?') == std::string::npos ? "?" : "&";
  return endpoints->end_session_endpoint + sep + "client_id=" + form_escape(settings_.client_id) +
         "&post_logout_redirect_uri=" + form_escape(settings_.post_logout_redirect_uri);
}

Outcome SignInFlow::finish(std::string_view state, std::string_view code,
                           std::string_view provider_error, const AttemptInfo& attempt) {
  json details = json::object();
  Outcome outcome;
  try {
    outcome = finish_checked(state, code, provider_error, details);
  } catch (const std::exception& e) {
    common::log::warn("oidc_sign_in_failed",
                      {{"request_id", attempt.request_id}, {"error", e.what()}});
    outcome = refused("internal_error");
  }
  record("oidc", outcome, attempt, details);
  return outcome;
}

Outcome SignInFlow::refuse(const std::string& reason, const AttemptInfo& attempt) {
  Outcome outcome = refused(reason);
  record("oidc", outcome, attempt, json{{"browser_state", "mismatch"}});
  return outcome;
}

Outcome SignInFlow::finish_checked(std::string_view state, std::string_view code,
                                   std::string_view provider_error, json& details) {
  if (!valid_token_text(state, 128)) return refused("bad_state");
  // The state is consumed whatever happens next: one callback per sign-in.
  struct Stored {
    std::string nonce, verifier, redirect_uri;
    bool expired = false;
  };
  std::optional<Stored> stored;
  std::string state_reason;
  db::with_connection(pool_, [&](pqxx::connection& conn) {
    pqxx::work tx(conn);
    const auto rows = tx.exec_params(
        "UPDATE oidc_login_states SET used_at = now() WHERE state = $1 AND used_at IS NULL "
        "RETURNING nonce, code_verifier, redirect_uri, expires_at < now()",
        std::string(state));
    if (rows.empty()) {
      const auto seen =
          tx.exec_params("SELECT 1 FROM oidc_login_states WHERE state = $1", std::string(state));
      state_reason = seen.empty() ? "bad_state" : "replayed_code";
    } else {
      stored =
          Stored{rows[0][0].c_str(), rows[0][1].c_str(), rows[0][2].c_str(), rows[0][3].as<bool>()};
    }
    tx.commit();
  });
  if (!stored) return refused(state_reason);
  if (stored->expired) return refused("state_expired");
  if (!provider_error.empty()) {
    details["provider_error"] = std::string(provider_error.substr(0, 64));
    return refused("provider_error");
  }
  if (!valid_token_text(code, 2048)) return refused("bad_code");

  const auto endpoints = provider_.discovery();
  if (!endpoints) return refused("provider_unavailable");
  const TokenResult tokens =
      provider_.exchange(*endpoints, std::string(code), stored->verifier, stored->redirect_uri);
  if (tokens.id_token.empty()) {
    details["token_error"] = tokens.error.substr(0, 64);
    // invalid_grant: the code was used already (or expired, or issued for another verifier).
    return refused(tokens.error == "invalid_grant" ? "replayed_code" : "token_exchange_failed");
  }
  const IdTokenResult header = read_header(tokens.id_token);
  details["kid"] = header.kid;
  details["alg"] = header.alg;
  const auto keys = provider_.keys_for(header.kid);
  const IdTokenResult verified = verify_id_token(
      tokens.id_token, keys, Expected{endpoints->issuer, settings_.client_id, stored->nonce},
      clock_.now());
  if (!verified.ok()) return refused(verified.reason);
  const json& claims = verified.claims;

  Outcome out;
  out.subject = claims["sub"].get<std::string>();
  out.username = username_for(claims);

  std::vector<MappingRule> rules;
  db::with_connection(pool_, [&](pqxx::connection& conn) {
    pqxx::read_transaction tx(conn);
    for (const auto& row : tx.exec(
             "SELECT mapping_id, org_id, claim, value, role, is_all_stores, store_ids, priority "
             "FROM oidc_claim_mappings")) {
      rules.push_back(MappingRule{row[0].as<long long>(), row[1].as<long long>(), row[2].c_str(),
                                  row[3].c_str(), row[4].c_str(), row[5].as<bool>(),
                                  common::db::parse_int_array(row[6].c_str()), row[7].as<int>()});
    }
  });
  const auto rule = match_rule(rules, claims);
  if (!rule) {
    out.reason = "unmapped";
    if (const auto groups = claims.find("groups"); groups != claims.end() && groups->is_array()) {
      details["groups"] = *groups;
    }
    return out;
  }
  details["mapping_id"] = rule->mapping_id;
  out.org_id = rule->org_id;
  std::string reason;
  const auto user =
      upsert_user(claims, rule->org_id, rule->role, rule->is_all_stores, rule->store_ids, reason);
  if (!user) {
    out.reason = reason;
    return out;
  }
  // Every check a password login makes: a disabled user stays out.
  if (user->disabled) {
    out.reason = "user_disabled";
    return out;
  }
  out.user = user;
  out.username = user->username;
  return out;
}

std::optional<auth::UserRecord> SignInFlow::upsert_user(const json& claims, long long org_id,
                                                        const std::string& role, bool is_all_stores,
                                                        const std::vector<int>& store_ids,
                                                        std::string& reason) {
  const std::string subject = claims["sub"].get<std::string>();
  const std::string username = username_for(claims);
  std::string display_name;
  if (const auto name = claims.find("name"); name != claims.end() && name->is_string()) {
    display_name = name->get<std::string>().substr(0, 200);
  }
  if (username.empty()) {
    reason = "bad_claims";
    return std::nullopt;
  }
  std::optional<long long> user_id;
  try {
    db::with_connection(pool_, [&](pqxx::connection& conn) {
      common::db::OrgTransaction tx(conn, org_id);
      auto found = tx.exec_params(
          "SELECT user_id FROM app_users WHERE oidc_issuer = $1 AND oidc_subject = $2",
          settings_.issuer, subject);
      if (found.empty()) {
        found = tx.exec_params(
            "INSERT INTO app_users (username, role, is_all_stores, display_name, oidc_issuer, "
            "oidc_subject) VALUES ($1, $2, $3, NULLIF($4, ''), $5, $6) RETURNING user_id",
            username, role, is_all_stores, display_name, settings_.issuer, subject);
      } else {
        // The provider's mapping is the truth at each sign-in: role and stores follow it.
        tx.exec_params(
            "UPDATE app_users SET role = $2, is_all_stores = $3, "
            "display_name = coalesce(NULLIF($4, ''), display_name) WHERE user_id = $1",
            found[0][0].as<long long>(), role, is_all_stores, display_name);
      }
      user_id = found[0][0].as<long long>();
      tx.exec_params("DELETE FROM app_user_store_access WHERE user_id = $1", *user_id);
      tx.exec_params(
          "INSERT INTO app_user_store_access (user_id, store_id) "
          "SELECT $1, unnest($2::integer[])",
          *user_id, common::db::int_array(store_ids));
      tx.commit();
    });
  } catch (const pqxx::unique_violation&) {
    // The username belongs to another account (a password user, or this subject in another
    // organisation): never taken over.
    reason = "username_taken";
    return std::nullopt;
  }
  if (!user_id) {
    reason = "internal_error";
    return std::nullopt;
  }
  auto user = users_.by_id(org_id, *user_id);
  if (!user) reason = "internal_error";
  return user;
}

void SignInFlow::record(const std::string& method, const Outcome& outcome,
                        const AttemptInfo& attempt, const json& details) {
  try {
    db::with_connection(pool_, [&](pqxx::connection& conn) {
      pqxx::work tx(conn);
      tx.exec_params(
          "INSERT INTO sign_in_events (method, outcome, reason, request_id, client_ip, issuer, "
          "subject, username, user_id, org_id, details) VALUES ($1, $2, NULLIF($3, ''), $4, "
          "NULLIF($5, ''), NULLIF($6, ''), NULLIF($7, ''), NULLIF($8, ''), $9, $10, $11::jsonb)",
          method, outcome.ok() ? "signed_in" : "refused", outcome.reason, attempt.request_id,
          attempt.client_ip, method == "oidc" ? settings_.issuer : std::string(),
          outcome.subject.substr(0, 255), outcome.username.substr(0, 255),
          outcome.user ? std::optional<long long>(outcome.user->user_id) : std::nullopt,
          outcome.org_id > 0 ? std::optional<long long>(outcome.org_id) : std::nullopt,
          details.dump(-1, ' ', false, json::error_handler_t::replace));
      tx.commit();
    });
  } catch (const std::exception& e) {
    common::log::warn("sign_in_audit_failed",
                      {{"request_id", attempt.request_id}, {"error", e.what()}});
  }
  common::log::info(outcome.ok() ? "sign_in" : "sign_in_refused",
                    {{"request_id", attempt.request_id},
                     {"method", method},
                     {"reason", outcome.reason},
                     {"user", outcome.username}});
}

}  // namespace gateway::oidc
