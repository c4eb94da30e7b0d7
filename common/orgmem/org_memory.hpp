// common/orgmem/org_memory.hpp — organisation memory (issue 15, part 2): an organisation's
// glossary and rules in plain words, versioned and append-only (org_memory_versions,
// db/migrations/20261208000200_org_memory.sql), per organisation under row-level security.
// The gateway writes (admins, /api/org/memory); the copilot reads the current entries to
// retrieve and cite them, and applies the few it can map exactly — only ever to narrow.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/db/org_transaction.hpp"
#include "common/db/pool.hpp"

namespace common::orgmem {

inline constexpr size_t kMaxTextBytes = 1000;

struct Entry {
  long long entry_id = 0;
  int version = 0;
  std::string kind;  // glossary | rule
  std::string text;
  bool deleted = false;
  std::string created_at;
  long long created_by = 0;
  std::string created_by_username;
  [[nodiscard]] nlohmann::json to_json() const;
};

// What an entry restricts, when it maps exactly onto something the copilot enforces: "staff_names"
// for "never show staff names" (and close wordings); empty otherwise (context only).
std::string restriction_of(const std::string& text);

// {kind, text} from a request body, validated: Error 422 invalid_field naming the field (kind
// not glossary|rule, text missing, empty, over 1000 bytes, holding NUL).
struct Draft {
  std::string kind;
  std::string text;
};
Draft parse_draft(const nlohmann::json& body);

// The current version of every entry that is not deleted, by entry id.
std::vector<Entry> current(db::ConnectionPool& pool, db::OrgId org);
// Every version of one entry, oldest first (empty: no such entry in the organisation).
std::vector<Entry> history(db::ConnectionPool& pool, db::OrgId org, long long entry_id);
// A new entry (version 1).
Entry add(db::ConnectionPool& pool, db::OrgId org, const Draft& draft, long long user_id,
          const std::string& username);
// A new version of an entry (its current one is `before`); nullopt when there is no such live
// entry. `draft` null: a deletion.
struct Changed {
  Entry before;
  Entry after;
};
std::optional<Changed> change(db::ConnectionPool& pool, db::OrgId org, long long entry_id,
                              const std::optional<Draft>& draft, long long user_id,
                              const std::string& username);

}  // namespace common::orgmem
