#include "common/orgmem/org_memory.hpp"

#include <algorithm>
#include <cctype>

#include "common/error/error.hpp"
#include "common/orgmem/definitions.hpp"

namespace common::orgmem {
namespace {

using nlohmann::json;

constexpr const char* kColumns =
    " entry_id, version, kind, text, deleted, "
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), created_by, "
    "created_by_username ";

Entry entry_of(const pqxx::row& r) {
  Entry e;
  e.entry_id = r[0].as<long long>();
  e.version = r[1].as<int>();
  e.kind = r[2].as<std::string>();
  e.text = r[3].as<std::string>();
  e.deleted = r[4].as<bool>();
  e.created_at = r[5].as<std::string>();
  e.created_by = r[6].as<long long>();
  e.created_by_username = r[7].as<std::string>();
  return e;
}

std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> out;
  std::string word;
  for (const char raw : text + " ") {
    const auto c = static_cast<unsigned char>(raw);
    if (std::isalnum(c) != 0 || c == '\'') {
      word.push_back(static_cast<char>(std::tolower(c)));
    } else if (!word.empty()) {
      out.push_back(word);
      word.clear();
    }
  }
  return out;
}

// One organisation's transaction; database failures become Errors without details.
template <typename Work>
auto in_org(db::ConnectionPool& pool, db::OrgId org, Work&& work) {
  auto lease = pool.acquire();
  try {
    db::OrgTransaction tx(*lease, org);
    auto out = work(tx);
    tx.commit();
    return out;
  } catch (const pqxx::broken_connection&) {
    lease.mark_broken();
    throw Error(503, "upstream_unavailable", "the database is unavailable, try again");
  } catch (const pqxx::unique_violation&) {
    throw Error(409, "conflict", "another change to this entry came first: reload and retry");
  } catch (const pqxx::sql_error&) {
    throw Error::internal("database error");
  }
}

}  // namespace

json Entry::to_json() const {
  json out = {{"id", entry_id},
              {"version", version},
              {"kind", kind},
              {"text", text},
              {"deleted", deleted},
              {"created_at", created_at},
              {"created_by", {{"user_id", created_by}, {"username", created_by_username}}}};
  const auto restriction = restriction_of(text);
  const auto definition = restriction.empty() ? definition_of(text) : std::nullopt;
  const auto fiscal = restriction.empty() ? fiscal_year_start_of(text) : std::nullopt;
  out["applied"] =
      !restriction.empty() ? json({{"restriction", restriction}})
      : definition
          ? json({{"definition", {{"term", definition->term}, {"meaning", definition->meaning}}}})
      : fiscal ? json({{"fiscal_year_start_month", *fiscal}})
               : json(nullptr);
  return out;
}

std::string restriction_of(const std::string& text) {
  const auto w = words_of(text);
  const auto has = [&](std::string_view x) { return std::find(w.begin(), w.end(), x) != w.end(); };
  const bool negative = has("never") || has("don't") || has("dont") || has("not") || has("no");
  const bool show = has("show") || has("display") || has("reveal") || has("include") ||
                    has("list") || has("name") || has("mention");
  if (negative && show && (has("staff") || has("employee") || has("employees")) &&
      (has("names") || has("name"))) {
    return "staff_names";
  }
  return "";
}

Draft parse_draft(const json& body) {
  Draft d;
  const auto kind = body.find("kind");
  if (kind == body.end() || !kind->is_string() || (*kind != "glossary" && *kind != "rule")) {
    throw Error::invalid_field("kind", "kind must be \"glossary\" or \"rule\"");
  }
  d.kind = kind->get<std::string>();
  const auto text = body.find("text");
  if (text == body.end() || !text->is_string()) {
    throw Error::invalid_field("text", "text is missing: say the term or the rule in words");
  }
  d.text = text->get<std::string>();
  const auto first = d.text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) throw Error::invalid_field("text", "text must not be empty");
  d.text = d.text.substr(first, d.text.find_last_not_of(" \t\r\n") - first + 1);
  if (d.text.size() > kMaxTextBytes) {
    throw Error::invalid_field("text", "text must be at most 1000 bytes");
  }
  if (d.text.find('\0') != std::string::npos) {
    throw Error::invalid_field("text", "text must not contain NUL characters");
  }
  return d;
}

std::vector<Entry> current(db::ConnectionPool& pool, db::OrgId org) {
  return in_org(pool, org, [](db::OrgTransaction& tx) {
    std::vector<Entry> out;
    for (const auto& r :
         tx.exec(std::string("SELECT * FROM (SELECT DISTINCT ON (entry_id)") + kColumns +
                 "FROM org_memory_versions ORDER BY entry_id, version DESC) c "
                 "WHERE NOT deleted ORDER BY entry_id")) {
      out.push_back(entry_of(r));
    }
    return out;
  });
}

std::vector<Entry> history(db::ConnectionPool& pool, db::OrgId org, long long entry_id) {
  return in_org(pool, org, [&](db::OrgTransaction& tx) {
    std::vector<Entry> out;
    for (const auto& r : tx.exec_params(std::string("SELECT") + kColumns +
                                            "FROM org_memory_versions WHERE entry_id = $1 "
                                            "ORDER BY version",
                                        entry_id)) {
      out.push_back(entry_of(r));
    }
    return out;
  });
}

Entry add(db::ConnectionPool& pool, db::OrgId org, const Draft& draft, long long user_id,
          const std::string& username) {
  return in_org(pool, org, [&](db::OrgTransaction& tx) {
    // Entry ids count per organisation; two adds at once meet on the primary key (409).
    return entry_of(tx.exec_params1(
        std::string("INSERT INTO org_memory_versions (entry_id, version, kind, text, created_by, "
                    "created_by_username) SELECT coalesce(max(entry_id), 0) + 1, 1, $1, $2, $3, "
                    "$4 FROM org_memory_versions RETURNING") +
            kColumns,
        draft.kind, draft.text, user_id, username));
  });
}

std::optional<Changed> change(db::ConnectionPool& pool, db::OrgId org, long long entry_id,
                              const std::optional<Draft>& draft, long long user_id,
                              const std::string& username) {
  return in_org(pool, org, [&](db::OrgTransaction& tx) -> std::optional<Changed> {
    const auto found = tx.exec_params(std::string("SELECT") + kColumns +
                                          "FROM org_memory_versions WHERE entry_id = $1 "
                                          "ORDER BY version DESC LIMIT 1",
                                      entry_id);
    if (found.empty()) return std::nullopt;
    Changed out;
    out.before = entry_of(found[0]);
    if (out.before.deleted) return std::nullopt;
    const std::string kind = draft ? draft->kind : out.before.kind;
    const std::string text = draft ? draft->text : out.before.text;
    out.after = entry_of(tx.exec_params1(
        std::string("INSERT INTO org_memory_versions (entry_id, version, kind, text, deleted, "
                    "created_by, created_by_username) VALUES ($1, $2, $3, $4, $5, $6, $7) "
                    "RETURNING") +
            kColumns,
        entry_id, out.before.version + 1, kind, text, !draft.has_value(), user_id, username));
    return out;
  });
}

}  // namespace common::orgmem
