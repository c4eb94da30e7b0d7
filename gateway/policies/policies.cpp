#include "gateway/policies/policies.hpp"

#include "common/error/error.hpp"
#include "common/policy/rules.hpp"
#include "common/text/utf8.hpp"
#include "gateway/server/db.hpp"

namespace gateway::policies {
namespace {

using common::Error;
using nlohmann::json;

// A version as the API shows it (columns in this order; version_json reads them).
constexpr const char* kColumns =
    " version, rules::text, source, comment, "
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), created_by, "
    "coalesce(created_by_username, '') ";

json created_by(const pqxx::row& r, int id_column) {
  if (r[id_column].is_null()) return nullptr;
  return {{"user_id", r[id_column].as<long long>()},
          {"username", r[id_column + 1].as<std::string>()}};
}

json version_json(const pqxx::row& r) {
  json rules = json::parse(r[1].c_str(), nullptr, /*allow_exceptions=*/false);
  if (rules.is_discarded()) rules = nullptr;
  return {{"version", r[0].as<long long>()},      {"rules", rules},
          {"source", r[2].as<std::string>()},     {"comment", r[3].as<std::string>()},
          {"created_at", r[4].as<std::string>()}, {"created_by", created_by(r, 5)}};
}

// A policy document nests a few levels deep; anything much deeper is not one, and walking it
// (here, in dump(), in the database) would cost a stack frame per level.
constexpr int kMaxDepth = 32;

// PostgreSQL refuses NUL in text, and jsonb refuses \u0000: such a document could never be
// stored, so it is refused as invalid rather than failed as a database error.
void check_storable(const json& value, int depth) {
  if (depth > kMaxDepth) {
    throw Error::invalid_field("rules", "rules nest more than " + std::to_string(kMaxDepth) +
                                            " levels deep: not a policy document");
  }
  const auto no_nul = [](const std::string& text) {
    if (text.find('\0') != std::string::npos) {
      throw Error::invalid_field("rules", "rules must not contain NUL characters");
    }
  };
  if (value.is_string()) no_nul(value.get_ref<const std::string&>());
  if (value.is_object()) {
    for (const auto& [key, item] : value.items()) {
      no_nul(key);
      check_storable(item, depth + 1);
    }
  }
  if (value.is_array()) {
    for (const auto& item : value) check_storable(item, depth + 1);
  }
}

// nlohmann's "[json.exception.parse_error.101] parse error at line 3, column 5: ..." without
// its bracketed prefix. Its "last read" excerpt may stop inside a UTF-8 character: repaired, or
// the error body itself could not be written as JSON.
// (parse_error and out_of_range alike: "1e22222" parses as a number too large for a double.)
std::string parse_message(const json::exception& e) {
  const std::string text = e.what();
  const auto end = text.find("] ");
  return common::text::sanitize_utf8(end == std::string::npos ? text : text.substr(end + 2));
}

json rules_of(const json& body) {
  const auto it = body.find("rules");
  if (it == body.end() || it->is_null()) {
    throw Error::invalid_field("rules", "rules is missing: send the policy document");
  }
  const json* document = &*it;
  json parsed;
  if (it->is_string()) {
    try {
      parsed = json::parse(it->get_ref<const std::string&>());
    } catch (const json::exception& e) {
      throw Error::invalid_field("rules", "rules is not JSON: " + parse_message(e));
    }
    document = &parsed;
  }
  check_storable(*document, 0);  // before any copy: copying is recursive
  try {
    (void)common::policy::compile_rules(*document);
  } catch (const common::policy::RulesError& e) {
    throw Error::invalid_field("rules", std::string("the policy does not compile: ") + e.what());
  }
  return *document;
}

}  // namespace

SaveRequest parse_save_request(const json& body) {
  if (!body.is_object()) throw Error::bad_request("the body must be a JSON object");
  SaveRequest out;
  // base_version first: without it nothing can be saved, whatever the rules say.
  const auto base = body.find("base_version");
  if (base == body.end() || !base->is_number_integer() || base->get<long long>() < 0) {
    throw Error::invalid_field("base_version",
                               "base_version must be the version you edited (an integer >= 0)");
  }
  out.base_version = base->get<long long>();
  if (const auto comment = body.find("comment"); comment != body.end() && !comment->is_null()) {
    if (!comment->is_string() || comment->get<std::string>().size() > kMaxCommentBytes ||
        comment->get<std::string>().find('\0') != std::string::npos) {
      throw Error::invalid_field("comment", "comment must be a string of at most 2000 bytes");
    }
    out.comment = comment->get<std::string>();
  }
  out.rules = rules_of(body);
  return out;
}

std::optional<json> active(common::db::ConnectionPool& pool, common::db::OrgId org) {
  return db::with_connection(pool, [&](pqxx::connection& conn) -> std::optional<json> {
    common::db::OrgTransaction tx(conn, org);
    const auto rows = tx.exec(std::string("SELECT") + kColumns +
                              "FROM policy_versions ORDER BY version DESC LIMIT 1");
    tx.commit();
    if (rows.empty()) return std::nullopt;
    return version_json(rows[0]);
  });
}

std::optional<json> version(common::db::ConnectionPool& pool, common::db::OrgId org,
                            long long number) {
  return db::with_connection(pool, [&](pqxx::connection& conn) -> std::optional<json> {
    common::db::OrgTransaction tx(conn, org);
    const auto rows = tx.exec_params(
        std::string("SELECT") + kColumns + "FROM policy_versions WHERE version = $1", number);
    tx.commit();
    if (rows.empty()) return std::nullopt;
    return version_json(rows[0]);
  });
}

json list(common::db::ConnectionPool& pool, common::db::OrgId org, int limit) {
  return db::with_connection(pool, [&](pqxx::connection& conn) {
    common::db::OrgTransaction tx(conn, org);
    const auto rows = tx.exec_params(
        "SELECT version, source, comment, "
        "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), created_by, "
        "coalesce(created_by_username, ''), "
        "CASE WHEN jsonb_typeof(rules -> 'rules') = 'array' "
        "THEN jsonb_array_length(rules -> 'rules') ELSE 0 END "
        "FROM policy_versions ORDER BY version DESC LIMIT $1",
        limit);
    tx.commit();
    json versions = json::array();
    for (const auto& r : rows) {
      versions.push_back({{"version", r[0].as<long long>()},
                          {"source", r[1].as<std::string>()},
                          {"comment", r[2].as<std::string>()},
                          {"created_at", r[3].as<std::string>()},
                          {"created_by", created_by(r, 4)},
                          {"rule_count", r[6].as<long long>()}});
    }
    const json current = versions.empty() ? json(0) : versions[0]["version"];
    return json{{"versions", versions}, {"current", current}};
  });
}

Saved save(common::db::ConnectionPool& pool, common::db::OrgId org, const SaveRequest& request,
           long long user_id, const std::string& username) {
  return db::with_connection(pool, [&](pqxx::connection& conn) {
    const auto conflict = [](long long current) {
      return Error(409, "conflict",
                   "the policy changed since you loaded it: version " + std::to_string(current) +
                       " is in force now; reload it, then make your change again",
                   {{"current_version", current}});
    };
    Saved out;
    try {
      common::db::OrgTransaction tx(conn, org);
      const auto newest =
          tx.exec("SELECT version, rules::text FROM policy_versions ORDER BY version DESC LIMIT 1");
      if (!newest.empty()) {
        out.before = newest[0][0].as<long long>();
        out.before_rules = json::parse(newest[0][1].c_str(), nullptr, false);
        if (out.before_rules.is_discarded()) out.before_rules = nullptr;
      }
      if (out.before != request.base_version) throw conflict(out.before);
      // The next version's number is the key: a save of the same base committed meanwhile makes
      // this insert fail on the primary key (after waiting for that commit), never overwrite.
      const auto row = tx.exec_params1(
          "INSERT INTO policy_versions (version, rules, source, created_by, created_by_username, "
          "comment) VALUES ($1, $2::jsonb, 'api', $3, $4, $5) RETURNING" +
              std::string(kColumns),
          request.base_version + 1, request.rules.dump(), user_id, username, request.comment);
      out.version = version_json(row);
      tx.commit();
    } catch (const pqxx::unique_violation&) {
      throw conflict(request.base_version + 1);
    }
    return out;
  });
}

}  // namespace gateway::policies
