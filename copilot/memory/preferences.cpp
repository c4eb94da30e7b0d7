#include "copilot/memory/preferences.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace copilot::memory {
namespace {

using nlohmann::json;

// Lower-case ASCII words and numbers; "i'm" → "i", "am"; anything else separates.
std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> out;
  std::string word;
  const auto flush = [&] {
    if (word.empty()) return;
    if (word == "i'm" || word == "im") {
      out.emplace_back("i");
      out.emplace_back("am");
    } else {
      while (!word.empty() && word.back() == '\'') word.pop_back();
      if (!word.empty()) out.push_back(word);
    }
    word.clear();
  };
  for (const char raw : text) {
    const auto c = static_cast<unsigned char>(raw);
    if (std::isalnum(c) != 0 || (c == '\'' && !word.empty())) {
      word.push_back(static_cast<char>(std::tolower(c)));
    } else {
      flush();
    }
  }
  flush();
  return out;
}

bool has(const std::vector<std::string>& w, std::string_view word) {
  return std::find(w.begin(), w.end(), word) != w.end();
}

bool has_any(const std::vector<std::string>& w, std::initializer_list<std::string_view> words) {
  return std::any_of(words.begin(), words.end(), [&](std::string_view x) { return has(w, x); });
}

bool is_store_word(const std::string& w) {
  static const std::set<std::string> kWords = {"store",    "stores",   "branch", "branches",
                                               "shop",     "shops",    "outlet", "outlets",
                                               "location", "locations"};
  return kWords.count(w) != 0;
}

std::optional<int> number_word(const std::string& w) {
  static const std::vector<std::string> kNumbers = {"one", "two", "three", "four", "five"};
  for (size_t i = 0; i < kNumbers.size(); ++i) {
    if (w == kNumbers[i]) return static_cast<int>(i) + 1;
  }
  if (w.empty() || w.size() > 6 || w.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoi(w);
}

// Store ids named after a store word: "store 1", "stores 1 and 2".
std::vector<int> store_ids_in(const std::vector<std::string>& w) {
  std::vector<int> ids;
  for (size_t i = 0; i < w.size(); ++i) {
    if (!is_store_word(w[i])) continue;
    for (size_t j = i + 1; j < w.size(); ++j) {
      if (const auto n = number_word(w[j])) {
        ids.push_back(*n);
      } else if (w[j] != "and" && w[j] != "or" && w[j] != "no" && w[j] != "number") {
        break;
      }
    }
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

// The meaning of a statement's body, or nullopt when it cannot be mapped.
std::optional<StatedPreference> meaning(const std::vector<std::string>& w) {
  StatedPreference out;
  out.action = StatedPreference::Action::kSet;
  // A role or a permission is never a preference: "remember I'm an admin", "make me a manager".
  const bool about_me = (has(w, "i") && has_any(w, {"am", "was", "be"})) || has(w, "me") ||
                        has_any(w, {"role", "permission", "permissions", "access"});
  if (about_me && has_any(w, {"admin", "administrator", "manager", "finance", "marketing",
                              "superuser", "role", "permission", "permissions", "access"})) {
    out.action = StatedPreference::Action::kRefuseRole;
    return out;
  }
  if (has_any(w, {"cent", "cents"})) {
    const bool without = has_any(w, {"without", "no", "drop", "hide", "round", "rounded"});
    const bool with = has(w, "with") && !without;
    if (!without && !with) return std::nullopt;
    out.values[std::string(common::prefs::kMoneyWithoutCents)] = without;
    return out;
  }
  if (has_any(w, {"week", "weeks"}) && has_any(w, {"start", "starts", "begin", "begins"})) {
    const bool sunday = has(w, "sunday");
    const bool monday = has(w, "monday");
    if (sunday == monday) return std::nullopt;
    out.values[std::string(common::prefs::kWeekStart)] = sunday ? "sunday" : "monday";
    return out;
  }
  const bool stores_word = std::any_of(w.begin(), w.end(), is_store_word);
  if (stores_word) {
    const auto ids = store_ids_in(w);
    // "all stores", "every store": not a narrowing the copilot can read exactly.
    if (ids.empty() || has_any(w, {"all", "every", "other", "both"})) return std::nullopt;
    out.values[std::string(common::prefs::kDefaultStores)] = ids;
    return out;
  }
  return std::nullopt;
}

std::optional<std::string> forgotten_key(const std::vector<std::string>& w) {
  if (has_any(w, {"cent", "cents", "money"})) return std::string(common::prefs::kMoneyWithoutCents);
  if (has_any(w, {"week", "weeks"})) return std::string(common::prefs::kWeekStart);
  if (std::any_of(w.begin(), w.end(), is_store_word)) {
    return std::string(common::prefs::kDefaultStores);
  }
  if (has_any(w, {"preferences", "everything", "all"})) return std::string();
  return std::nullopt;
}

}  // namespace

json PgPreferenceStore::load(const common::prefs::Owner& owner) {
  return common::prefs::load(pool_, owner);
}

void PgPreferenceStore::put(const common::prefs::Owner& owner, const json& values) {
  common::prefs::put(pool_, owner, values, "question");
}

int PgPreferenceStore::forget(const common::prefs::Owner& owner, std::string_view key) {
  if (key.empty()) return common::prefs::remove_all(pool_, owner);
  return common::prefs::remove(pool_, owner, key) ? 1 : 0;
}

std::optional<StatedPreference> read_stated_preference(std::string_view question) {
  if (question.size() > 300) return std::nullopt;
  auto w = words_of(question);
  if (w.empty()) return std::nullopt;
  if (w.front() == "please") w.erase(w.begin());
  if (w.empty()) return std::nullopt;
  // "forget my store preference", "forget all my preferences".
  if (w.front() == "forget") {
    StatedPreference out;
    const auto key = forgotten_key(w);
    if (!key) return out;  // kUnclear
    out.action = StatedPreference::Action::kForget;
    out.key = *key;
    return out;
  }
  const bool lead = w.front() == "remember" || w.front() == "always" ||
                    (w.size() > 2 && w[0] == "from" && w[1] == "now" && w[2] == "on") ||
                    (w.size() > 1 && w[0] == "by" && w[1] == "default");
  // Sentences that are a preference whole: "my weeks start on Sunday", "show money without
  // cents", "figures for store 1 by default".
  const bool week_sentence =
      w.size() <= 6 && has_any(w, {"week", "weeks"}) &&
      has_any(w, {"start", "starts", "begin", "begins"}) && has_any(w, {"sunday", "monday"}) &&
      !has_any(w, {"revenue", "rentals", "payments", "customers", "how", "what", "which"});
  const bool cents_sentence =
      w.size() <= 7 && has_any(w, {"cent", "cents"}) &&
      std::all_of(w.begin(), w.end(), [](const std::string& x) {
        static const std::set<std::string> kWords = {
            "show", "display", "money", "amounts", "figures", "prices", "without", "with",
            "no",   "cents",   "cent",  "i",       "want",    "prefer", "again",   "the"};
        return kWords.count(x) != 0;
      });
  const bool by_default = w.size() >= 2 && w[w.size() - 2] == "by" && w.back() == "default";
  if (!lead && !week_sentence && !cents_sentence && !by_default) return std::nullopt;
  if (auto found = meaning(w)) return found;
  return StatedPreference{};  // kUnclear
}

bool names_stores(std::string_view question) {
  const auto w = words_of(question);
  return std::any_of(w.begin(), w.end(), [](const std::string& x) {
    return is_store_word(x) || x == "chain" || x == "chain-wide" || x == "company-wide" ||
           x == "company" || x == "companywide" || x == "chainwide";
  });
}

}  // namespace copilot::memory
