#include "common/prefs/preferences.hpp"

#include <algorithm>

#include "common/error/error.hpp"
#include "common/text/utf8.hpp"

namespace common::prefs {
namespace {

using nlohmann::json;

std::string join_stores(const std::vector<int>& ids) {
  std::string out;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out += i + 1 == ids.size() ? " and " : ", ";
    out += std::to_string(ids[i]);
  }
  return out;
}

json validate_stores(const json& value, const Owner& owner) {
  const std::string field(kDefaultStores);
  if (!value.is_array() || value.empty() || value.size() > 50) {
    throw Error::invalid_field(field, "default_stores must be a non-empty list of store ids");
  }
  std::vector<int> ids;
  for (const auto& item : value) {
    if (!item.is_number_integer() || item.get<long long>() < 1 || item.get<long long>() > 1000000) {
      throw Error::invalid_field(field, "default_stores must hold store ids (positive integers)");
    }
    ids.push_back(item.get<int>());
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  for (int id : ids) {
    if (std::find(owner.store_ids.begin(), owner.store_ids.end(), id) == owner.store_ids.end()) {
      const std::string reason =
          "Store " + std::to_string(id) + " is outside your scope (" +
          (owner.store_ids.empty()
               ? std::string("no stores")
               : "store" + std::string(owner.store_ids.size() > 1 ? "s " : " ") +
                     join_stores(owner.store_ids)) +
          "): a preference can only narrow what you see, never widen it.";
      throw Error(403, "scope_denied", reason, {{"field", field}, {"reason", reason}});
    }
  }
  return ids;
}

// One transaction as the owner (their organisation and user set). A lost connection leaves the
// pool and becomes Error 503; a database error becomes Error 500 without SQL or server details.
template <typename Work>
auto as_owner(db::ConnectionPool& pool, const Owner& owner, Work&& work) {
  auto lease = pool.acquire();
  try {
    db::UserTransaction tx(*lease, owner.org_id, owner.user_id);
    auto out = work(tx);
    tx.commit();
    return out;
  } catch (const pqxx::broken_connection&) {
    lease.mark_broken();
    throw Error(503, "upstream_unavailable", "the database is unavailable, try again");
  } catch (const pqxx::sql_error&) {
    throw Error::internal("database error");
  }
}

}  // namespace

const std::vector<std::string>& kinds() {
  static const std::vector<std::string> kKinds = {
      std::string(kDefaultStores), std::string(kMoneyWithoutCents), std::string(kWeekStart)};
  return kKinds;
}

json kinds_json() {
  return json::array(
      {{{"key", kDefaultStores},
        {"type", "store_ids"},
        {"label", "Default stores"},
        {"description",
         "Answer for these stores when a question names none (only stores you may see)."}},
       {{"key", kMoneyWithoutCents},
        {"type", "boolean"},
        {"label", "Money without cents"},
        {"description", "Show amounts rounded to whole dollars."}},
       {{"key", kWeekStart},
        {"type", "enum"},
        {"label", "Week starts on"},
        {"values", {"monday", "sunday"}},
        {"description", "The first day of a week in weekly figures."}}});
}

json validate(std::string_view key, const json& value, const Owner& owner) {
  const std::string field(key);
  if (key == kDefaultStores) return validate_stores(value, owner);
  if (key == kMoneyWithoutCents) {
    if (!value.is_boolean()) throw Error::invalid_field(field, field + " must be true or false");
    return value;
  }
  if (key == kWeekStart) {
    if (!value.is_string() || (value != "monday" && value != "sunday")) {
      throw Error::invalid_field(field, field + " must be \"monday\" or \"sunday\"");
    }
    return value;
  }
  std::string known;
  for (const auto& k : kinds()) known += (known.empty() ? "" : ", ") + k;
  // Cut on a character boundary: a key cut inside a multi-byte character made the error body
  // invalid UTF-8 (found by gateway_memory_bodies_fuzz).
  const std::string shown =
      field.size() > 64 ? std::string(common::text::truncate_utf8(field, 64)) + "…" : field;
  throw Error::invalid_field(field.size() > 64 ? std::string("preferences") : field,
                             "unknown preference \"" + shown + "\" (known: " + known + ")");
}

std::string describe(std::string_view key, const json& value) {
  if (key == kDefaultStores && value.is_array()) {
    std::vector<int> ids;
    for (const auto& v : value) {
      if (v.is_number_integer()) ids.push_back(v.get<int>());
    }
    return "figures for store" + std::string(ids.size() > 1 ? "s " : " ") + join_stores(ids) +
           " by default";
  }
  if (key == kMoneyWithoutCents && value.is_boolean()) {
    return value.get<bool>() ? "money without cents" : "money with cents";
  }
  if (key == kWeekStart && value.is_string()) {
    return value == "sunday" ? "weeks start on Sunday" : "weeks start on Monday";
  }
  return std::string(key);
}

Preferences from_json(const json& stored) {
  Preferences out;
  if (!stored.is_object()) return out;
  if (const auto it = stored.find(kDefaultStores); it != stored.end() && it->is_array()) {
    std::vector<int> ids;
    for (const auto& v : *it) {
      if (v.is_number_integer() && v.get<long long>() > 0 && v.get<long long>() <= 1000000) {
        ids.push_back(v.get<int>());
      }
    }
    if (!ids.empty()) out.default_stores = ids;
  }
  if (const auto it = stored.find(kMoneyWithoutCents); it != stored.end() && it->is_boolean()) {
    out.money_without_cents = it->get<bool>();
  }
  if (const auto it = stored.find(kWeekStart);
      it != stored.end() && (*it == "monday" || *it == "sunday")) {
    out.week_start = it->get<std::string>();
  }
  return out;
}

json load(db::ConnectionPool& pool, const Owner& owner) {
  return as_owner(pool, owner, [](db::UserTransaction& tx) {
    json out = json::object();
    for (const auto& row : tx.exec("SELECT pref_key, value::text FROM user_preferences")) {
      json value = json::parse(row[1].c_str(), nullptr, /*allow_exceptions=*/false);
      if (!value.is_discarded()) out[row[0].as<std::string>()] = std::move(value);
    }
    return out;
  });
}

json list(db::ConnectionPool& pool, const Owner& owner) {
  json by_key = as_owner(pool, owner, [](db::UserTransaction& tx) {
    json found = json::object();
    for (const auto& row :
         tx.exec("SELECT pref_key, value::text, source, "
                 "to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
                 "FROM user_preferences")) {
      json value = json::parse(row[1].c_str(), nullptr, /*allow_exceptions=*/false);
      if (value.is_discarded()) continue;
      const auto key = row[0].as<std::string>();
      found[key] = {{"key", key},
                    {"value", value},
                    {"description", describe(key, value)},
                    {"source", row[2].as<std::string>()},
                    {"updated_at", row[3].as<std::string>()}};
    }
    return found;
  });
  json out = json::array();
  for (const auto& k : kinds()) {
    if (by_key.contains(k)) out.push_back(by_key[k]);
  }
  return out;
}

void put(db::ConnectionPool& pool, const Owner& owner, const json& values,
         std::string_view source) {
  as_owner(pool, owner, [&](db::UserTransaction& tx) {
    for (const auto& [key, value] : values.items()) {
      tx.exec_params0(
          "INSERT INTO user_preferences (pref_key, value, source) VALUES ($1, $2::jsonb, $3) "
          "ON CONFLICT (org_id, user_id, pref_key) DO UPDATE "
          "SET value = EXCLUDED.value, source = EXCLUDED.source, updated_at = now()",
          key, value.dump(), std::string(source));
    }
    return 0;
  });
}

bool remove(db::ConnectionPool& pool, const Owner& owner, std::string_view key) {
  return as_owner(pool, owner, [&](db::UserTransaction& tx) {
    return tx.exec_params0("DELETE FROM user_preferences WHERE pref_key = $1", std::string(key))
               .affected_rows() > 0;
  });
}

int remove_all(db::ConnectionPool& pool, const Owner& owner) {
  return as_owner(pool, owner, [](db::UserTransaction& tx) {
    return static_cast<int>(tx.exec0("DELETE FROM user_preferences").affected_rows());
  });
}

}  // namespace common::prefs
