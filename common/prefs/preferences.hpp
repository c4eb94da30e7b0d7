// common/prefs/preferences.hpp — user memory (issue 15, part 1): the closed list of preferences a
// user may keep, their validation, and their storage (user_preferences, row-level security per
// user: db/migrations/20261208000100_user_preferences.sql). Shared by the gateway (GET/PUT/DELETE
// /api/me/preferences) and the copilot (a preference stated in a question, and preferences
// applied to planning and presentation), so both validate the same way.
//
// A preference only ever narrows or reformats: default stores must be a subset of the user's own
// stores (checked when written and again when applied — the user's stores may have shrunk since),
// the week start changes how weeks are cut, money without cents how amounts read.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/db/org_transaction.hpp"
#include "common/db/pool.hpp"

namespace common::prefs {

// The kinds, in the order they are listed.
inline constexpr std::string_view kDefaultStores = "default_stores";
inline constexpr std::string_view kMoneyWithoutCents = "money_without_cents";
inline constexpr std::string_view kWeekStart = "week_start";
const std::vector<std::string>& kinds();

// {key, type, label, description, values?} for each kind: what the settings page offers.
nlohmann::json kinds_json();

// The user a preference belongs to and the stores they may see.
struct Owner {
  db::OrgId org_id = 0;
  long long user_id = 0;
  std::vector<int> store_ids;
  bool is_all_stores = false;
};

// A user's preferences, typed; unset ones are nullopt.
struct Preferences {
  std::optional<std::vector<int>> default_stores;
  std::optional<bool> money_without_cents;
  std::optional<std::string> week_start;  // "monday" | "sunday"
  [[nodiscard]] bool empty() const {
    return !default_stores && !money_without_cents && !week_start;
  }
};

// The value of `key` as it will be stored. Throws Error 422 invalid_field naming the field (an
// unknown key, a value of the wrong type or outside its values) and Error 403 scope_denied (with
// field and reason) for default stores outside the owner's stores.
nlohmann::json validate(std::string_view key, const nlohmann::json& value, const Owner& owner);

// A preference in words: "figures for store 1 by default", "money without cents", "weeks start
// on Sunday".
std::string describe(std::string_view key, const nlohmann::json& value);

// Typed from stored rows (keys or values that no longer validate are left out).
Preferences from_json(const nlohmann::json& stored);

// The owner's preferences: {key: value}.
nlohmann::json load(db::ConnectionPool& pool, const Owner& owner);
// [{key, value, description, source, updated_at}] in kinds() order.
nlohmann::json list(db::ConnectionPool& pool, const Owner& owner);
// Writes each key of `values` (already validated) in one transaction; source api | question.
void put(db::ConnectionPool& pool, const Owner& owner, const nlohmann::json& values,
         std::string_view source);
// Deletes one preference; false when it was not set.
bool remove(db::ConnectionPool& pool, const Owner& owner, std::string_view key);
// Deletes every preference of the owner; how many there were.
int remove_all(db::ConnectionPool& pool, const Owner& owner);

}  // namespace common::prefs
