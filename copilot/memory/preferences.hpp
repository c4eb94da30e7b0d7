// copilot/memory/preferences.hpp — user memory as the copilot uses it (issue 15, part 1).
//
// In:  the asking user (organisation, user id, stores) and the question.
// Out: the user's stored preferences (common/prefs/preferences.hpp, the same validation as
//      PUT /api/me/preferences), and what a question states about them: a preference to set or
//      forget, a request the copilot must refuse (a role or stores the user does not have), or a
//      statement it cannot map — a clarification, never stored.
// Refuses: nothing by itself; the pipeline answers the statement (confirmation, 403 or question).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/db/pool.hpp"
#include "common/prefs/preferences.hpp"

namespace copilot::memory {

class PreferenceStore {
 public:
  virtual ~PreferenceStore() = default;
  // {key: value} of the owner.
  virtual nlohmann::json load(const common::prefs::Owner& owner) = 0;
  // Sets (validated) values, source "question".
  virtual void put(const common::prefs::Owner& owner, const nlohmann::json& values) = 0;
  // Forgets one key, or every key when `key` is empty; how many were removed.
  virtual int forget(const common::prefs::Owner& owner, std::string_view key) = 0;
};

class PgPreferenceStore final : public PreferenceStore {
 public:
  explicit PgPreferenceStore(common::db::ConnectionPool& app_pool) : pool_(app_pool) {}
  nlohmann::json load(const common::prefs::Owner& owner) override;
  void put(const common::prefs::Owner& owner, const nlohmann::json& values) override;
  int forget(const common::prefs::Owner& owner, std::string_view key) override;

 private:
  common::db::ConnectionPool& pool_;
};

// What a question says about the asker's preferences.
struct StatedPreference {
  enum class Action {
    kSet,         // values: {key: value} (not yet validated against the user's stores)
    kForget,      // key: one kind; empty: all of them
    kRefuseRole,  // "remember I'm an admin": a role is never a preference
    kUnclear,     // a "remember …" the copilot cannot map: asked back, nothing stored
  };
  Action action = Action::kUnclear;
  nlohmann::json values = nlohmann::json::object();
  std::string key;
};

// nullopt when the question is not about preferences (the usual case). Narrow on purpose: a
// statement starts with "remember", "forget", "from now on", "always", "by default", or is one
// of the few fixed sentences ("my weeks start on Sunday", "show money without cents").
std::optional<StatedPreference> read_stated_preference(std::string_view question);

// True when the question names a store or the whole chain in any words ("store 2", "both
// stores", "by store", "chain-wide"): default stores then do not apply.
bool names_stores(std::string_view question);

}  // namespace copilot::memory
