#include "copilot/planning/planner.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <functional>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <shared_mutex>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "copilot/planning/conditions.hpp"
#include "copilot/planning/context_clauses.hpp"
#include "copilot/planning/figures.hpp"
#include "copilot/planning/lexicon.hpp"
#include "copilot/planning/normalize.hpp"
#include "copilot/planning/row_sets.hpp"
#include "copilot/planning/stores.hpp"
#include "copilot/planning/time_phrases.hpp"

namespace copilot::planning {
namespace {

using Tokens = std::vector<std::string>;

struct Match {
  size_t begin = 0, end = 0;  // token span [begin, end)
  std::string name;           // metric or dimension name
  bool singular = false;      // the matched word was singular ("category" vs "categories")
};

// One value a question filters on, with where it was read ("not Action" excludes it).
struct Filter {
  std::string dimension;
  nlohmann::json value;
  size_t begin = 0, end = 0;
  bool exclude = false;
};

bool contains(const Tokens& t, std::initializer_list<const char*> words) {
  for (const auto& tok : t) {
    for (const char* w : words) {
      if (tok == w) return true;
    }
  }
  return false;
}

// Like contains(), over the words no recogniser has read ("more than 30" is a condition, not a
// ranking).
bool contains_free(const Tokens& t, const std::vector<bool>& used,
                   std::initializer_list<const char*> words) {
  for (size_t i = 0; i < t.size(); ++i) {
    if (used[i]) continue;
    for (const char* w : words) {
      if (t[i] == w) return true;
    }
  }
  return false;
}

// The words of a phrase of the model or the data (a country, a category, an alias, a measure's
// synonym), as the tokenizer splits a question. The same few hundred phrases were split again on
// every question, each through every rule of the tokenizer: ~45% of the planner's time (perf,
// BM_Planning). Each is split once and kept; the phrases come from the model and the data's names,
// never from a question, and past kMaxPhrases (a reloaded catalogue's new names) the memo starts
// over.
Tokens split_words(const std::string& phrase) {
  constexpr size_t kMaxPhrases = 50000;
  static std::shared_mutex mutex;
  static std::unordered_map<std::string, Tokens> split;
  {
    const std::shared_lock lock(mutex);
    if (const auto it = split.find(phrase); it != split.end()) return it->second;
  }
  Tokens words = tokenize(phrase);
  const std::unique_lock lock(mutex);
  if (split.size() >= kMaxPhrases) split.clear();
  split.emplace(phrase, words);
  return words;
}

bool span_free(const std::vector<bool>& used, size_t begin, size_t end) {
  for (size_t k = begin; k < end; ++k) {
    if (used[k]) return false;
  }
  return true;
}

// "…, and how many more?", "by how much", "the gap / difference / margin": the distance between
// the two compared, not only which is ahead.
bool asks_for_gap(const Tokens& tokens) {
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    const std::string after = i + 2 < tokens.size() ? tokens[i + 2] : std::string();
    if (tokens[i] == "how" && (tokens[i + 1] == "many" || tokens[i + 1] == "much") &&
        (after == "more" || after == "fewer" || after == "less" ||
         (i > 0 && tokens[i - 1] == "by"))) {
      return true;
    }
  }
  return contains(tokens, {"difference", "gap", "margin"});
}

bool span_equals(const Tokens& t, size_t at, const Tokens& phrase) {
  if (at + phrase.size() > t.size()) return false;
  for (size_t k = 0; k < phrase.size(); ++k) {
    if (t[at + k] != phrase[k]) return false;
  }
  return true;
}

// How the narrative words a measure: "There were 3,352 rentals" (count), "Revenue was" (amount),
// an average, or a ratio.
std::string measure_kind(const semantic::Metric& m) {
  if (m.format == "percent") return "ratio";
  const bool divides = m.expr.find('/') != std::string::npos;
  if (m.agg == "count" || (m.expr.rfind("count(", 0) == 0 && !divides)) return "count";
  return m.agg == "avg" || divides ? "average" : "amount";
}

// The synonyms of named items (measures, breakdowns, attributes), split and longest first.
template <typename Item>
SynonymTable synonym_table(const std::vector<Item>& items,
                           std::vector<std::string> Item::*list = &Item::synonyms) {
  SynonymTable table;
  for (const auto& item : items) {
    for (const auto& s : item.*list) {
      auto words = split_words(s);
      if (words.empty()) continue;
      const bool singular = words.back().empty() || words.back().back() != 's';
      table.push_back({std::move(words), item.name, singular});
    }
  }
  std::stable_sort(table.begin(), table.end(),
                   [](const auto& a, const auto& b) { return a.words.size() > b.words.size(); });
  return table;
}

// Longest-first, non-overlapping matches of named synonym lists over the unused tokens.
std::vector<Match> match_synonyms(const Tokens& t, const std::vector<bool>& used,
                                  const SynonymTable& table) {
  std::vector<bool> taken = used;
  std::vector<Match> out;
  for (const auto& c : table) {
    for (size_t i = 0; i + c.words.size() <= t.size(); ++i) {
      if (span_free(taken, i, i + c.words.size()) && span_equals(t, i, c.words)) {
        out.push_back({i, i + c.words.size(), c.name, c.singular});
        for (size_t k = i; k < i + c.words.size(); ++k) taken[k] = true;
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.begin < b.begin; });
  return out;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::optional<int> number_word(const std::string& token) {
  static const std::vector<std::string> kWords = {
      "zero",     "one",     "two",     "three",     "four",     "five",     "six",
      "seven",    "eight",   "nine",    "ten",       "eleven",   "twelve",   "thirteen",
      "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"};
  for (size_t i = 0; i < kWords.size(); ++i) {
    if (token == kWords[i]) return static_cast<int>(i);
  }
  if (!token.empty() && token.size() <= 3 &&
      token.find_first_not_of("0123456789") == std::string::npos) {
    return std::stoi(token);
  }
  return std::nullopt;
}

const std::set<std::string> kEntityNouns = {"category", "categories", "genre",   "genres",
                                            "rated",    "rating",     "language"};
const std::set<std::string> kStopWords = {
    "the", "a",    "an",   "each", "per",   "by",    "which",   "what",   "most",
    "top", "in",   "of",   "for",  "every", "this",  "that",    "all",    "our",
    "my",  "is",   "are",  "was",  "best",  "worst", "popular", "and",    "or",
    "to",  "from", "with", "film", "films", "movie", "movies",  "rental", "rentals"};

// The measure a count noun after a number names: "more than 30 rentals", "35 films".
std::string count_noun(const std::string& w) {
  if (w == "rentals" || w == "rental" || w == "times" || w == "rented") return "rentals";
  if (w == "payments" || w == "payment" || w == "transactions") return "payments";
  if (w == "films" || w == "movies" || w == "titles" || w == "film" || w == "movie") return "films";
  if (w == "customers" || w == "customer" || w == "clients") return "customers";
  if (w == "copies" || w == "dvds" || w == "discs") return "inventory_items";
  return "";
}

// What part of the question a recogniser read, and how (for explain and for accounting).
struct Claim {
  size_t begin = 0, end = 0;
  std::string as;       // period, store, film, actor, filter, condition, measure, breakdown, ...
  std::string meaning;  // "July 2022 (2022-07-01 to 2022-07-31)", "film length > 120 minutes"
};

std::string join_tokens(const Tokens& t, size_t begin, size_t end) {
  std::string out;
  for (size_t k = begin; k < end && k < t.size(); ++k) out += (out.empty() ? "" : " ") + t[k];
  return out;
}

// The question with a phrase (as tokenised, so case and spacing may differ) replaced, for options
// offered back; falls back to appending the replacement when the phrase is not found verbatim.
std::string replace_words(const std::string& question, const std::string& phrase,
                          const std::string& replacement) {
  const auto at = find_words(lower(question), phrase);
  if (at == std::string::npos) return question + " (" + replacement + ")";
  std::string out = question;
  out.replace(at, phrase.size(), replacement);
  return out;
}

// Completes a plan with how each part of the question was read (explain.understanding) and,
// when some words were read as nothing, turns it into a question back that quotes them: a plan
// that ignores a word of the question is never answered.
void finish_reading(Plan& plan, std::vector<Claim> claims, const Tokens& raw,
                    const std::vector<std::string>& unread, const std::string& question) {
  std::stable_sort(claims.begin(), claims.end(),
                   [](const Claim& a, const Claim& b) { return a.begin < b.begin; });
  plan.understood = nlohmann::json::array();
  for (const auto& c : claims) {
    plan.understood.push_back(
        {{"text", join_tokens(raw, c.begin, c.end)}, {"as", c.as}, {"meaning", c.meaning}});
  }
  if (unread.empty()) return;
  plan.not_understood = unread;
  plan.partial = true;
  plan.status = Plan::Status::kNeedsClarification;
  std::string quoted;
  for (size_t i = 0; i < unread.size(); ++i) {
    quoted += (i == 0 ? "" : i + 1 == unread.size() ? " and " : ", ") + ("\"" + unread[i] + "\"");
  }
  // (Words the question does not hold as typed — "leaving out" read as "excluding" — cannot be
  // taken out of it: no such option is offered.)
  std::string without = question;
  for (const auto& u : unread) {
    without = find_words(lower(without), u) == std::string::npos ? question
                                                                 : replace_words(without, u, "");
    if (without == question) break;
  }
  std::string tidy;
  for (char ch : without) {
    if (ch == ' ' && (tidy.empty() || tidy.back() == ' ')) continue;
    tidy.push_back(ch);
  }
  while (!tidy.empty() && tidy.back() == ' ') tidy.pop_back();
  nlohmann::json options = nlohmann::json::array();
  if (!tidy.empty() && tidy != question) {
    options.push_back({{"label", "Without " + quoted}, {"question", tidy}});
  }
  plan.clarification = {
      {"question", "I did not understand " + quoted +
                       " in your question, and answering without it could give the wrong "
                       "number. Could you rephrase that part?"},
      {"not_understood", unread},
      {"options", options}};
}

struct Entities {
  std::vector<Filter> filters;
  std::vector<int> stores;
  bool both_stores = false;
  std::optional<std::pair<std::string, std::string>> unknown;  // (kind, word)
  std::string suggestion;                                      // closest known value
};

void add_filter(std::vector<Filter>& filters, const std::string& dim, const nlohmann::json& value,
                size_t begin, size_t end) {
  filters.push_back({dim, value, begin, end, false});
}

// Marks an entity's neighbouring nouns ("Action category", "rated PG-13 films") as used.
void mark_neighbours(const Tokens& t, std::vector<bool>& used, size_t begin, size_t end) {
  if (begin > 0 && kEntityNouns.count(t[begin - 1])) used[begin - 1] = true;
  if (end < t.size() && kEntityNouns.count(t[end])) used[end] = true;
}

// Asks the question back with no rewording offered (the plan is then a clarification, never an
// answer over a reading it cannot give).
Plan& ask_back(Plan& plan, std::string question) {
  plan.status = Plan::Status::kNeedsClarification;
  plan.partial = true;
  plan.clarification = {{"question", std::move(question)}, {"options", nlohmann::json::array()}};
  return plan;
}

// "the titles we stock", "in stock", "on inventory", "stocked": words that narrow the catalogue
// to what the stores hold — where they are, as a token span [begin, end), or nullopt.
std::optional<std::pair<size_t, size_t>> stocked_words(const Tokens& t) {
  static const std::set<std::string> kWho = {"we", "i", "you", "they", "store", "stores"};
  static const std::set<std::string> kHolding = {"stock",   "stocks", "hold",  "holds",  "carry",
                                                 "carries", "own",    "owns",  "keep",   "keeps",
                                                 "stocked", "held",   "owned", "carried"};
  for (size_t i = 0; i < t.size(); ++i) {
    if ((t[i] == "in" || t[i] == "on") && i + 1 < t.size() &&
        (t[i + 1] == "stock" || t[i + 1] == "inventory")) {
      return std::pair{i, i + 2};
    }
    if (kWho.count(t[i]) > 0 && i + 1 < t.size() && kHolding.count(t[i + 1]) > 0) {
      return std::pair{i, i + 2};
    }
    if (t[i] == "stocked") return std::pair{i, i + 1};
  }
  return std::nullopt;
}

// "what % of our active customers rented yesterday", "the share of my customers who took out a
// Horror title": the whole is the customers on the books (all, active, in a country), not those
// who rented in the period. Returns where that base's noun ends, or 0. `also_before` may read
// more words before the noun as part of the base (a country named with it).
size_t customer_population_base(const Tokens& t,
                                const std::function<bool(size_t)>& also_before = nullptr) {
  // ("the customers who rented in July" are the period's renters: the clause names the whole.)
  static const std::set<std::string> kBefore = {"our",    "my",       "all",        "of",
                                                "active", "inactive", "registered", "current"};
  static const std::set<std::string> kPopulation = {"customers", "customer", "clients",
                                                    "members",   "client",   "member"};
  for (size_t i = 0; i + 2 < t.size(); ++i) {
    if ((classify_word(t[i]) != WordClass::kShare && t[i] != "%") || t[i + 1] != "of") continue;
    size_t k = i + 2;
    while (k < t.size() && (kBefore.count(t[k]) > 0 || (t[k] == "the" && t[k - 1] == "all") ||
                            (also_before && also_before(k)))) {
      ++k;
    }
    if (k < t.size() && kPopulation.count(t[k]) > 0) return k + 1;
  }
  // "of our active customers, what percentage rented in July?", "among my customers, what share
  // …": the whole said first, the share word right after it.
  for (size_t i = 0; i < 3 && i + 2 < t.size(); ++i) {
    if (t[i] != "of" && t[i] != "among" && t[i] != "amongst") continue;
    size_t k = i + 1;
    while (k < t.size() &&
           (kBefore.count(t[k]) > 0 || t[k] == "the" || (also_before && also_before(k)))) {
      ++k;
    }
    if (k >= t.size() || kPopulation.count(t[k]) == 0) continue;
    for (size_t j = k + 1; j < t.size() && j <= k + 6; ++j) {
      if (classify_word(t[j]) == WordClass::kShare || t[j] == "%") return k + 1;
      // (", what", and a place named with the whole: "among customers in Canada, what share".)
      static const std::set<std::string> kBetween = {",", "what", "which", "how",   "the",
                                                     "a", "in",   "from",  "based", "living"};
      if (kBetween.count(t[j]) == 0 && !(also_before && also_before(j))) break;
    }
  }
  return 0;
}

// "Inactive customers who still rented in July", "July rentals by inactive customers", "what % of
// the people who rented in July are flagged active": the customer's active flag narrows another
// measure (a filter). Alone ("how many active customers", "active customers per store") it stays
// the measure of its own, and "active vs inactive" the breakdown.
void find_customer_status(const Tokens& t, std::vector<bool>& used, const SynonymTable& metrics,
                          const semantic::Model& model, std::vector<Filter>& filters) {
  if (model.dimension("customer_status") == nullptr) return;
  static const std::set<std::string> kPeople = {
      "customers", "customer", "clients", "client", "members",  "member", "renters",
      "renter",    "people",   "payers",  "payer",  "accounts", "account"};
  static const std::set<std::string> kFlagged = {"flagged", "marked", "listed", "set"};
  static const std::set<std::string> kBe = {"are", "is", "were", "was", "still", "currently"};
  static const std::set<std::string> kOthers = {"customers", "active_customers",
                                                "inactive_customers"};
  const size_t base_end = customer_population_base(t);
  for (size_t i = 0; i < t.size(); ++i) {
    if (used[i] || (t[i] != "active" && t[i] != "inactive")) continue;
    // (In the whole of a share — "% of our active customers who …" — it is part of the base.)
    if (i < base_end) continue;
    // "active vs inactive", "active and inactive customers": the breakdown, not one of them.
    const bool both =
        (i + 2 < t.size() && (t[i + 2] == "active" || t[i + 2] == "inactive") &&
         t[i + 2] != t[i]) ||
        (i >= 2 && (t[i - 2] == "active" || t[i - 2] == "inactive") && t[i - 2] != t[i]);
    if (both) continue;
    size_t begin = i;
    const size_t end = i + 1;
    const bool before_people = end < t.size() && kPeople.count(t[end]) > 0;
    while (begin > 0 && !used[begin - 1] &&
           (kFlagged.count(t[begin - 1]) > 0 || kBe.count(t[begin - 1]) > 0)) {
      --begin;
    }
    // After the people they describe: "… who rented in July are (flagged) active".
    const bool after_people =
        begin < i && std::any_of(t.begin(), t.begin() + static_cast<long>(begin),
                                 [](const std::string& w) { return kPeople.count(w) > 0; });
    if (!before_people && !after_people) continue;
    if (before_people) begin = i;
    std::vector<bool> rest = used;
    for (size_t k = begin; k < end; ++k) rest[k] = true;
    const auto measures = match_synonyms(t, rest, metrics);
    const bool narrows = std::any_of(measures.begin(), measures.end(),
                                     [&](const Match& m) { return kOthers.count(m.name) == 0; });
    if (!narrows) continue;
    add_filter(filters, "customer_status", t[i], begin, end);
    for (size_t k = begin; k < end; ++k) used[k] = true;
  }
}

Entities find_entities(const Tokens& t, std::vector<bool>& used, const semantic::Model& model,
                       const ValueIndex* index) {
  Entities e;
  // Ratings: "PG-13", "rated R", "G-rated".
  static const std::vector<std::pair<std::string, std::string>> kRatingTokens = {
      {"pg-13", "PG-13"}, {"pg13", "PG-13"}, {"nc-17", "NC-17"}, {"nc17", "NC-17"}, {"pg", "PG"}};
  for (size_t i = 0; i < t.size(); ++i) {
    if (used[i]) continue;
    std::optional<std::string> rating;
    for (const auto& [token, value] : kRatingTokens) {
      if (t[i] == token) rating = value;
    }
    // "G" and "R" are letters too: ratings when "rated"/"rating" is next to them, or when they
    // are listed with another rating ("G or PG", "G vs NC-17").
    static const std::set<std::string> kRatings = {"g", "pg",    "pg-13", "pg13",
                                                   "r", "nc-17", "nc17"};
    static const std::set<std::string> kJoin = {"or", "and", "vs", "versus", "&", "nor"};
    static const std::set<std::string> kFilmNouns = {"films", "movies", "titles", "ones",
                                                     "dvds",  "film",   "movie",  "title"};
    // ("G, PG and PG-13": the commas are gone, so a rating right next to it counts too.)
    const bool listed =
        (i + 2 < t.size() && kJoin.count(t[i + 1]) && kRatings.count(t[i + 2]) &&
         t[i + 2] != t[i]) ||
        (i >= 2 && kJoin.count(t[i - 1]) && kRatings.count(t[i - 2]) && t[i - 2] != t[i]) ||
        (i + 1 < t.size() && kRatings.count(t[i + 1]) && t[i + 1] != t[i] && t[i + 1] != "r" &&
         t[i + 1] != "g") ||
        (i >= 1 && kRatings.count(t[i - 1]) && t[i - 1] != t[i] && t[i - 1] != "r" &&
         t[i - 1] != "g") ||
        // "NC-17 films vs G films", "G titles or PG-13 titles": a noun after each rating.
        (i >= 3 && kJoin.count(t[i - 1]) && kFilmNouns.count(t[i - 2]) &&
         kRatings.count(t[i - 3]) && t[i - 3] != t[i] && i + 1 < t.size() &&
         kFilmNouns.count(t[i + 1])) ||
        (i + 3 < t.size() && kFilmNouns.count(t[i + 1]) && kJoin.count(t[i + 2]) &&
         kRatings.count(t[i + 3]) && t[i + 3] != t[i]);
    // ("and for R?", "what about G?": the letter alone in a turn of follow-up words only.)
    static const std::set<std::string> kFollowWords = {
        "and", "for",   "what",  "about", "how",   "the",  "ones",    "then",
        "now", "same",  "but",   "only",  "just",  "with", "instead", "?",
        "of",  "those", "these", "them",  "among", "ok",   "please",  "so"};
    const bool letter_alone =
        t.size() <= 5 && std::all_of(t.begin(), t.end(), [&](const std::string& w) {
          return &w == &t[i] || kFollowWords.count(w) > 0;
        });
    // ("G films", "R movies": a film noun right after the letter.)
    if (!rating && (t[i] == "g" || t[i] == "r") &&
        (letter_alone ||
         ((i > 0 && (t[i - 1] == "rated" || t[i - 1] == "rating")) ||
          (i + 1 < t.size() && kFilmNouns.count(t[i + 1]) > 0) ||
          (i + 1 < t.size() && (t[i + 1] == "rated" || t[i + 1] == "-rated")) || listed))) {
      rating = t[i] == "g" ? "G" : "R";
    }
    if (!rating && (t[i] == "g-rated" || t[i] == "r-rated")) rating = t[i] == "g-rated" ? "G" : "R";
    if (rating) {
      add_filter(e.filters, "rating", *rating, i, i + 1);
      used[i] = true;
      mark_neighbours(t, used, i, i + 1);
    }
  }
  // Days of the week as a filter: "on Mondays", "at weekends", "on weekdays". A bare "weekday"
  // stays the day-of-week grouping ("revenue by weekday").
  {
    static const std::array<const char*, 7> kDays = {"monday", "tuesday",  "wednesday", "thursday",
                                                     "friday", "saturday", "sunday"};
    const auto day_name = [](std::string day) {
      day[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(day[0])));
      return day;
    };
    for (size_t i = 0; i < t.size(); ++i) {
      if (used[i]) continue;
      const std::string& w = t[i];
      const bool on = i > 0 && (t[i - 1] == "on" || t[i - 1] == "at" || t[i - 1] == "during" ||
                                t[i - 1] == "over");
      std::vector<std::string> days;
      for (const char* d : kDays) {
        if (w == d || w == std::string(d) + "s") days.emplace_back(day_name(d));
      }
      // "weekdays vs weekends" is a split (the day_type dimension), not two filters.
      const auto is_kind = [](const std::string& x) {
        return x == "weekend" || x == "weekends" || x == "weekday" || x == "weekdays";
      };
      // ("weekends in July versus weekdays": both kinds named anywhere are the split too.)
      const bool both_kinds =
          std::any_of(t.begin(), t.end(),
                      [](const std::string& x) { return x == "weekend" || x == "weekends"; }) &&
          std::any_of(t.begin(), t.end(),
                      [](const std::string& x) { return x == "weekday" || x == "weekdays"; });
      if (is_kind(w) && both_kinds && std::any_of(t.begin(), t.end(), [](const std::string& x) {
            return x == "vs" || x == "versus" || x == "compared" || x == "against" ||
                   x == "compare";
          })) {
        continue;
      }
      if (is_kind(w) && ((i + 2 < t.size() && is_kind(t[i + 2]) &&
                          (t[i + 1] == "vs" || t[i + 1] == "versus" || t[i + 1] == "and" ||
                           t[i + 1] == "or" || t[i + 1] == "compared")) ||
                         (i >= 2 && is_kind(t[i - 2]) &&
                          (t[i - 1] == "vs" || t[i - 1] == "versus" || t[i - 1] == "and" ||
                           t[i - 1] == "or" || t[i - 1] == "compared")))) {
        continue;
      }
      if (w == "weekend" || w == "weekends") days = {"Saturday", "Sunday"};
      // ("weekdays only": a restriction, as "on weekdays" is.)
      const bool only = i + 1 < t.size() && t[i + 1] == "only";
      if ((w == "weekdays" || w == "weekday") && (on || only)) {
        days = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"};
      }
      if (days.empty()) continue;
      // ("weekend rentals (saturday and sunday)": days said again are the same filter, not a
      // list of days to set side by side.)
      for (const auto& d : days) {
        const bool again = std::any_of(e.filters.begin(), e.filters.end(), [&](const Filter& f) {
          return f.dimension == "day_of_week" && f.value == d;
        });
        if (!again) add_filter(e.filters, "day_of_week", d, on ? i - 1 : i, i + 1);
      }
      used[i] = true;
      if (on) used[i - 1] = true;
    }
  }
  // The time of day as a filter: "before noon" is hours 0–11, "after noon" / "after midday"
  // 12–23 (the hour the rental or payment was recorded). Vaguer words ("afternoon", "evening")
  // are not read, and so are asked about.
  // A clock time at i: "noon", "midnight", "9am", "9 pm", "nine in the morning", "five in the
  // afternoon", "8 in the evening" — the hour (0–24) and where it ends.
  const auto clock_at = [&](size_t i) -> std::optional<std::pair<int, size_t>> {
    if (i >= t.size() || used[i]) return std::nullopt;
    if (t[i] == "noon" || t[i] == "midday") return std::pair{12, i + 1};
    if (t[i] == "midnight") return std::pair{24, i + 1};
    std::string word = t[i];
    std::string meridiem;
    for (const char* suffix : {"am", "pm"}) {
      if (word.size() > 2 && word.ends_with(suffix) &&
          std::isdigit(static_cast<unsigned char>(word[word.size() - 3])) != 0) {
        meridiem = suffix;
        word.resize(word.size() - 2);
      }
    }
    const auto n = number_value(word);
    if (!n || *n < 1 || *n > 12 || *n != static_cast<int>(*n)) return std::nullopt;
    int hour = static_cast<int>(*n);
    size_t end = i + 1;
    if (meridiem.empty() && end < t.size() && !used[end] && (t[end] == "am" || t[end] == "pm")) {
      meridiem = t[end];
      ++end;
    } else if (meridiem.empty() && end + 2 < t.size() && t[end] == "in" && t[end + 1] == "the" &&
               (t[end + 2] == "morning" || t[end + 2] == "afternoon" || t[end + 2] == "evening")) {
      meridiem = t[end + 2] == "morning" ? "am" : "pm";
      end += 3;
    } else if (meridiem.empty() && end + 1 < t.size() && t[end] == "at" && t[end + 1] == "night") {
      meridiem = "pm";
      end += 2;
    }
    if (meridiem.empty()) return std::nullopt;
    if (meridiem == "am" && hour == 12) hour = 0;
    if (meridiem == "pm" && hour != 12) hour += 12;
    return std::pair{hour, end};
  };
  // "staff member 2", "staff #1", "employee 2": the staff id the payment or rental was recorded
  // under (the data has ids, no names on its payments and rentals).
  for (size_t i = 0; i + 1 < t.size(); ++i) {
    if (used[i] || !(t[i] == "staff" || t[i] == "employee" || t[i] == "staffer" ||
                     t[i] == "clerk" || t[i] == "cashier")) {
      continue;
    }
    size_t k = i + 1;
    while (k < t.size() && !used[k] &&
           (t[k] == "member" || t[k] == "#" || t[k] == "id" || t[k] == "no" || t[k] == "number")) {
      ++k;
    }
    if (k >= t.size() || used[k]) continue;
    const auto n = number_value(t[k]);
    if (!n || *n < 0 || *n != static_cast<int>(*n) || t[k].find('.') != std::string::npos) {
      continue;
    }
    add_filter(e.filters, "staff", static_cast<int>(*n), i, k + 1);
    for (size_t j = i; j <= k; ++j) used[j] = true;
  }
  // Midnight ends a day (hour 24) unless it opens a span, where it is the day's first hour.
  const auto opening_hour = [](int hour) { return hour == 24 ? 0 : hour; };
  const auto add_hours = [&](int from, int to, size_t begin, size_t end) {
    for (int hour = from; hour < to; ++hour) add_filter(e.filters, "hour", hour, begin, end);
    for (size_t k = begin; k < end; ++k) used[k] = true;
  };
  // "before noon" is hours 0–11, "after 6pm" 18–23, "between 9am and 5pm" / "from 9am to 5pm"
  // 9–16 (the hour the rental or payment was recorded; the end is not included). Vaguer words
  // ("afternoon", "evening") alone are not read, and so are asked about.
  for (size_t i = 0; i + 1 < t.size(); ++i) {
    if (used[i]) continue;
    if (t[i] == "before" || t[i] == "after") {
      const auto at = clock_at(i + 1);
      if (!at || at->first == 0 || (t[i] == "after" && at->first == 24)) continue;
      if (t[i] == "before") {
        add_hours(0, at->first, i, at->second);
      } else {
        add_hours(at->first, 24, i, at->second);
      }
      continue;
    }
    // "2pm to 5pm last Saturday", "10pm onwards": the same without a preposition before it.
    if (const auto bare = clock_at(i); bare && bare->second < t.size()) {
      const auto& next = t[bare->second];
      if ((next == "onwards" || next == "onward") && bare->first < 24) {
        add_hours(bare->first, 24, i, bare->second + 1);
        continue;
      }
      if (next == "to" || next == "until" || next == "till") {
        const auto stop = clock_at(bare->second + 1);
        const int first = opening_hour(bare->first);  // ("midnight to 6am")
        if (stop && stop->first > first) {
          add_hours(first, stop->first, i, stop->second);
          continue;
        }
      }
    }
    if (t[i] != "between" && t[i] != "from") continue;
    auto start = clock_at(i + 1);
    // "between 7 and 9 in the morning", "from 2 to 5pm": the half of the day said once, after
    // the second hour, is the first's too (the earlier reading of the two when both fit).
    if (!start && i + 3 < t.size() && !used[i + 1]) {
      const auto n = number_value(t[i + 1]);
      const auto& joint = t[i + 2];
      const bool joined = t[i] == "between"
                              ? joint == "and"
                              : (joint == "to" || joint == "until" || joint == "till");
      const int until = joined ? clock_at(i + 3).value_or(std::pair{24, 0}).first : 24;
      if (n && *n >= 1 && *n <= 12 && *n == static_cast<int>(*n) && until != 24 &&
          t[i + 1].find('.') == std::string::npos) {
        const int bare = static_cast<int>(*n) % 12;
        const int afternoon = bare + 12;
        const int hour = until > 12 && afternoon < until ? afternoon : bare;
        if (hour < until) start = std::pair{hour, i + 2};
      }
    }
    if (!start || start->second >= t.size()) continue;
    start->first = opening_hour(start->first);  // ("between midnight and 6am")
    const auto& joint = t[start->second];
    if (!(t[i] == "between" ? joint == "and"
                            : (joint == "to" || joint == "until" || joint == "till"))) {
      continue;
    }
    const auto stop = clock_at(start->second + 1);
    if (!stop || stop->first <= start->first) continue;
    add_hours(start->first, stop->first, i, stop->second);
  }
  // Categories, languages, countries, special features: phrase match on the model's entity lists.
  for (const std::string kind : {"country", "category", "language", "special_feature"}) {
    // The values as the data has them (the semantic model's lists when no data is loaded) and
    // the other names users give them ("usa", "comedies", "sci fi"), longest first: built once
    // per loaded index (they were split and sorted again for every question).
    const auto build = [&] {
      std::vector<std::string> known;
      if (index != nullptr) {
        for (const auto* v : index->of_kind(kind)) known.push_back(v->value);
      }
      if (known.empty()) {
        auto it = model.entities.find(kind);
        if (it != model.entities.end()) known = it->second;
      }
      ValueIndex::Phrases list;
      list.reserve(known.size());
      for (const auto& v : known) list.emplace_back(split_words(v), v);
      if (auto a = model.aliases.find(kind); a != model.aliases.end()) {
        for (const auto& [alias, value] : a->second) list.emplace_back(split_words(alias), value);
      }
      std::stable_sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
        return a.first.size() > b.first.size();
      });
      return list;
    };
    ValueIndex::Phrases unloaded;
    const ValueIndex::Phrases& phrases =
        index != nullptr ? index->phrases_for(&model, kind, build) : (unloaded = build());
    // "Canadian customers", "Argentine cities": a demonym names a country only next to a word
    // for people or for their places ("Japanese films" are films in Japanese).
    if (kind == "country") {
      if (auto a = model.aliases.find("country_demonym"); a != model.aliases.end()) {
        static const std::set<std::string> kPeople = {
            "customers", "customer", "clients", "client", "people",   "renters",
            "members",   "users",    "folks",   "buyers", "spenders", "payers",
            "accounts",  "cities",   "city",    "towns",  "town",     "households"};
        for (const auto& [alias, value] : a->second) {
          const auto words = split_words(alias);
          for (size_t i = 0; i + words.size() < t.size(); ++i) {
            if (span_free(used, i, i + words.size()) && span_equals(t, i, words) &&
                kPeople.count(t[i + words.size()])) {
              add_filter(e.filters, "country", value, i, i + words.size());
              for (size_t k = i; k < i + words.size(); ++k) used[k] = true;
            }
          }
        }
      }
    }
    for (const auto& [words, value] : phrases) {
      for (size_t i = 0; i + words.size() <= t.size(); ++i) {
        if (!span_free(used, i, i + words.size()) || !span_equals(t, i, words)) continue;
        const size_t end = i + words.size();
        // "New" is a category, and also an everyday word: only with its noun next to it.
        if (value == "New" &&
            !((end < t.size() && (t[end] == "category" || t[end] == "releases")) ||
              (i > 0 && t[i - 1] == "category"))) {
          continue;
        }
        add_filter(e.filters, kind, value, i, end);
        for (size_t k = i; k < end; ++k) used[k] = true;
        mark_neighbours(t, used, i, end);
        if (kind == "language" && end < t.size() && t[end] == "language") used[end] = true;
      }
    }
  }
  // An unknown name where a category is expected: "category Acton", "Acton category".
  for (size_t i = 0; i < t.size(); ++i) {
    if (used[i] || (t[i] != "category" && t[i] != "genre")) continue;
    for (size_t j : {i + 1, i - 1}) {
      if (j >= t.size() || used[j] || kStopWords.count(t[j]) || number_word(t[j])) continue;
      const auto& cats = model.entities.at("category");
      std::string best;
      size_t best_distance = 99;
      for (const auto& c : cats) {
        auto d = edit_distance(t[j], lower(c), 3);
        if (d < best_distance) {
          best_distance = d;
          best = c;
        }
      }
      const size_t allowed = std::max<size_t>(1, t[j].size() / 3);
      if (t[j].size() >= 4 && best_distance > 0 && best_distance <= allowed) {
        e.unknown = std::make_pair(std::string("category"), t[j]);
        e.suggestion = best;
      }
      break;
    }
  }
  return e;
}

std::string join_ints(const std::vector<int>& values, const std::string& last_sep = " and ") {
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += i + 1 == values.size() ? last_sep : ", ";
    out += std::to_string(values[i]);
  }
  return out;
}

// "same for Turkey" after "how many customers live in Japan, and how many of them took out a
// Horror title?": what the follow-up changed in the first figure (a filter's values, the period,
// the stores) changes in each figure beside it that had the same — else the second figure would
// still be Japan's.
void carry_edits_into_figures(nlohmann::json& sq, const nlohmann::json& previous) {
  if (!sq.contains("figures") || !sq["figures"].is_array() || !previous.is_object()) return;
  const auto filter_of = [](const nlohmann::json& q, const std::string& dim) {
    for (const auto& f : q.value("filters", nlohmann::json::array())) {
      if (f.value("dimension", "") == dim) return f;
    }
    return nlohmann::json();
  };
  std::set<std::string> dims;
  for (const nlohmann::json& q : {std::cref(sq), std::cref(previous)}) {
    for (const auto& f : q.value("filters", nlohmann::json::array())) {
      dims.insert(f.value("dimension", ""));
    }
  }
  for (auto& figure : sq["figures"]) {
    if (!figure.is_object()) continue;
    if (figure.value("time", nlohmann::json()) == previous.value("time", nlohmann::json())) {
      figure["time"] = sq.value("time", nlohmann::json());
    }
    figure["store_ids"] = sq.value("store_ids", nlohmann::json::array());
    for (const auto& dim : dims) {
      const auto before = filter_of(previous, dim), now = filter_of(sq, dim);
      if (before == now || filter_of(figure, dim) != before) continue;
      auto filters = figure.value("filters", nlohmann::json::array());
      nlohmann::json kept = nlohmann::json::array();
      for (const auto& f : filters) {
        if (f.value("dimension", "") != dim) kept.push_back(f);
      }
      if (!now.is_null()) kept.push_back(now);
      figure["filters"] = kept;
    }
  }
}

// "and for store 1?" after "titles at store 2 but not at store 1": the follow-up moves the first
// part onto what the second part named, so the second takes the first's old place ("at store 1
// but not at store 2") — never "at store 1 but not at store 1", which is empty by construction.
// A value the second part does not name ("and for store 3?") leaves the second part as it was.
void reconcile_row_sets(nlohmann::json& sq, const nlohmann::json& previous) {
  if (!previous.is_object()) return;
  const auto filter_of = [](const nlohmann::json& q, const std::string& dim) {
    for (const auto& f : q.value("filters", nlohmann::json::array())) {
      if (f.value("dimension", "") == dim) return f;
    }
    return nlohmann::json();
  };
  for (const char* key : {"without", "with_also"}) {
    if (!sq.contains(key) || !sq[key].is_array()) continue;
    for (auto& part : sq[key]) {
      if (!part.is_object()) continue;
      bool swapped = false;
      std::string named;
      const auto same_span = [](const nlohmann::json& a, const nlohmann::json& b) {
        return a.is_object() && b.is_object() && a.value("from", "") == b.value("from", "") &&
               a.value("to", "") == b.value("to", "");
      };
      if (part.contains("time") && same_span(sq.value("time", nlohmann::json()), part["time"]) &&
          previous.value("time", nlohmann::json()).is_object() &&
          !same_span(previous["time"], part["time"])) {
        part["time"] = previous["time"];
        named = "in " + previous["time"].value("label", std::string("the earlier period"));
        swapped = true;
      }
      // "what about Mexico?" after "customers in Brazil who rented a comedy in both June and
      // July": a part that repeated the question's own filters (the second month's) follows the
      // edit with it — never Mexico's June renters among Brazil's July ones.
      const auto outer_before = previous.value("filters", nlohmann::json::array());
      if (!swapped && !outer_before.empty() &&
          part.value("filters", nlohmann::json::array()) == outer_before) {
        part["filters"] = sq.value("filters", nlohmann::json::array());
        if (part["filters"].empty()) part.erase("filters");
        continue;
      }
      auto filters = part.value("filters", nlohmann::json::array());
      for (auto& f : filters) {
        const std::string dim = f.value("dimension", "");
        const auto now = filter_of(sq, dim), before = filter_of(previous, dim);
        if (now != f || before == now || before.is_null()) continue;
        f = before;
        std::string values;
        for (const auto& v : before.value("values", nlohmann::json::array())) {
          values +=
              (values.empty() ? "" : " or ") + (v.is_string() ? v.get<std::string>() : v.dump());
        }
        named = (dim == "store" ? "at store " : "in ") + values;
        swapped = true;
      }
      part["filters"] = filters;
      if (part["filters"].empty()) part.erase("filters");
      if (swapped) {
        part["text"] =
            std::string(std::string_view(key) == "without" ? "but not " : "and also ") + named;
      }
    }
  }
}

// The measure that averages each attribute ("an average rental rate above $3" compares groups).
const std::map<std::string, std::string> kAverageOf = {{"rental_rate", "avg_rental_rate"},
                                                       {"length", "avg_film_length"},
                                                       {"replacement_cost", "avg_replacement_cost"},
                                                       {"amount", "avg_payment"},
                                                       {"rental_days", "avg_rental_days"}};

nlohmann::json range_json(const TimeRange& r) {
  nlohmann::json out = {{"from", format_date(r.from)},
                        {"to", format_date(r.to)},
                        {"label", r.label},
                        {"grain", r.grain},
                        {"relative", r.relative}};
  if (r.after && r.until) {
    out["after"] = format_instant(*r.after);
    out["until"] = format_instant(*r.until);
  }
  return out;
}

// A period of an earlier plan read back (range_json's inverse); nullopt when it has no days.
std::optional<TimeRange> range_from_json(const nlohmann::json& t) {
  const auto from = parse_date(t.value("from", std::string()));
  const auto to = parse_date(t.value("to", std::string()));
  if (!from || !to) return std::nullopt;
  TimeRange r{*from, *to, t.value("label", std::string()), t.value("grain", std::string("day")),
              t.value("relative", false)};
  if (t.contains("after") && t.contains("until")) {
    r.after = parse_instant(t.value("after", std::string()));
    r.until = parse_instant(t.value("until", std::string()));
  }
  return r;
}

// A store the question names outside the asker's scope: the plan refused (true), never answered
// for the stores in scope. One wording for every place a store is read.
bool refused_outside_scope(Plan& plan, const PlanRequest& request, int store) {
  if (std::find(request.store_ids.begin(), request.store_ids.end(), store) !=
      request.store_ids.end()) {
    return false;
  }
  plan.status = Plan::Status::kRefused;
  plan.refusal_code = "scope_denied";
  plan.refusal_reason = "Store " + std::to_string(store) + " is outside your scope (store" +
                        std::string(request.store_ids.size() > 1 ? "s " : " ") +
                        join_ints(request.store_ids) + ").";
  plan.suggestion = "Ask about store " + std::to_string(request.store_ids.front()) + " instead.";
  return true;
}

std::string refusal_for(Role role, const std::string& view) {
  const std::string name(role_name(role));
  if (view == "v_payment_scoped") {
    return "Payment amounts and revenue are not available to the " + name + " role.";
  }
  if (view == "v_rental_scoped") {
    return "Rental-level detail is not available to the " + name + " role.";
  }
  return "Customer data is not available to the " + name + " role.";
}

std::string suggestion_for(Role role) {
  switch (role) {
    case Role::kMarketing:
      return "How many rentals did we have per month?";
    case Role::kFinance:
    default:
      return "What was our revenue by month?";
  }
}

bool role_reads(Role role, const std::string& view) {
  const auto& views = scoped_views(role);
  return std::find(views.begin(), views.end(), view) != views.end();
}

// A plural noun that a number before it counts ("more than 10 payments", "10+ customers"): the
// measure that counts it, or empty when no one measure does; nothing for any other word.
// Where the thing a question counts is named: the word after its first "how many" or
// "number of", past "individual", "different" and the like ("how many different films …" →
// "films"), or nothing.
std::optional<size_t> counted_thing_at(const std::vector<std::string>& tokens) {
  static const std::set<std::string> kQualifiers = {
      "individual", "physical", "different", "distinct", "separate", "unique", "single"};
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    size_t k = 0;
    if (tokens[i] == "how" && tokens[i + 1] == "many") k = i + 2;
    if (tokens[i] == "number" && tokens[i + 1] == "of") k = i + 2;
    if (k == 0) continue;
    while (k < tokens.size() && kQualifiers.count(tokens[k]) > 0) ++k;
    if (k < tokens.size()) return k;
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<std::string> counted_noun(const std::string& word) {
  static const std::map<std::string, std::string> kCounted = {{"customers", "customers"},
                                                              {"rentals", "rentals"},
                                                              {"payments", "payments"},
                                                              {"films", "films"},
                                                              {"titles", "films"},
                                                              {"movies", "films"},
                                                              {"copies", "inventory_items"},
                                                              {"discs", "inventory_items"},
                                                              {"dvds", "inventory_items"},
                                                              {"transactions", ""},
                                                              {"visits", ""},
                                                              {"times", ""},
                                                              {"orders", ""},
                                                              {"purchases", ""}};
  const auto found = kCounted.find(word);
  if (found == kCounted.end()) return std::nullopt;
  return found->second;
}

// Refuses the plan when the role may not read one of `views`; whether it did.
bool refused_unless_readable(Plan& plan, Role role, const std::vector<std::string>& views) {
  for (const auto& view : views) {
    if (role_reads(role, view)) continue;
    plan.status = Plan::Status::kRefused;
    plan.refusal_code = "policy_denied";
    plan.refusal_reason = refusal_for(role, view);
    plan.suggestion = suggestion_for(role);
    return true;
  }
  return false;
}

std::string dimension_phrase(const std::string& dim) {
  if (dim == "day_of_week") return "day of week";
  if (dim == "film") return "film";
  if (dim == "rental_rate") return "rental rate";
  if (dim == "rental_duration") return "rental period";
  std::string words = dim;
  std::replace(words.begin(), words.end(), '_', ' ');
  return words;
}

}  // namespace

Planner::Planner(const semantic::Model& model, const ValueCatalog* values)
    : model_(model),
      values_(values),
      metric_synonyms_(synonym_table(model.metrics)),
      dimension_synonyms_(synonym_table(model.dimensions)),
      attribute_synonyms_(synonym_table(model.attributes)),
      verb_synonyms_(synonym_table(model.metrics, &semantic::Metric::weak_synonyms)) {}

std::optional<Plan> Planner::plan_two_measures(const PlanRequest& request, const std::string& first,
                                               const std::string& second) const {
  PlanRequest ask = request;
  ask.question = first;
  Plan a = plan(ask);
  ask.question = second;
  return combine_measures(std::move(a), plan(ask));
}

std::optional<Plan> Planner::combine_measures(Plan a, Plan b) const {
  if (a.status != Plan::Status::kOk || b.status != Plan::Status::kOk) return std::nullopt;
  auto& qa = a.semantic_query;
  const auto& qb = b.semantic_query;
  if (!qa.is_object() || !qb.is_object() || !qa.contains("metric") || !qb.contains("metric") ||
      qa["metric"] == qb["metric"] || !semantic::why_not_several_measures(qa, model_).empty() ||
      qa.value("limit", nlohmann::json()).is_number()) {
    // ("top 5 films by rentals and revenue": ranked by which? — asked, not combined.)
    return std::nullopt;
  }
  nlohmann::json same_a = qa, same_b = qb;
  for (auto* q : {&same_a, &same_b}) {
    q->erase("metric");
    q->erase("also");
    q->erase("intent");  // (a label of the reading, not a part of the rows)
  }
  if (same_a != same_b) return std::nullopt;
  // (Each measure once: "count, total, and biggest" reads the biggest in both halves.)
  nlohmann::json also = qa.value("also", nlohmann::json::array());
  const auto shown = [&](const nlohmann::json& name) {
    return name == qa["metric"] || std::find(also.begin(), also.end(), name) != also.end();
  };
  const auto add_measure = [&](const nlohmann::json& measure) {
    if (shown(measure["name"])) return;
    also.push_back(measure["name"]);
    a.also_measures.push_back(measure);
  };
  add_measure({{"name", qb["metric"]},
               {"label", b.metric_label},
               {"format", b.metric_format},
               {"kind", b.metric_kind}});
  for (const auto& more : b.also_measures) add_measure(more);
  if (also.size() > 3) return std::nullopt;
  qa["also"] = std::move(also);
  for (auto& view : b.views_used) {
    if (std::find(a.views_used.begin(), a.views_used.end(), view) == a.views_used.end()) {
      a.views_used.push_back(std::move(view));
    }
  }
  for (const auto& part : b.understood) {
    if (part.value("as", "") == "measure" &&
        std::find(a.understood.begin(), a.understood.end(), part) == a.understood.end()) {
      a.understood.push_back(part);
    }
  }
  return a;
}

namespace {

// The words of a clause that ask rather than say what to count ("and how many were there"): a
// clause made only of them and its measure adds nothing else to the question.
bool only_asking_words(const std::string& clause, const std::string& measure) {
  static const std::set<std::string> kAsking = {
      "and",  "plus",  "also",    "as",         "well", "how",  "many",  "much",
      "what", "whats", "what's",  "was",        "is",   "were", "are",   "there",
      "the",  "total", "number",  "count",      "of",   "them", "those", "these",
      "it",   "they",  "their",   "did",        "do",   "does", "we",    "our",
      "in",   "all",   "overall", "altogether", "that", "this", "too",   "figure"};
  auto words = tokenize(clause);
  for (const auto& m : tokenize(measure)) {
    if (auto it = std::find(words.begin(), words.end(), m); it != words.end()) words.erase(it);
  }
  return std::all_of(words.begin(), words.end(),
                     [](const std::string& w) { return kAsking.count(w) > 0; });
}

// The text of the measure a plan read ("total value", "revenue"), or empty.
std::string measure_text(const Plan& plan) {
  for (const auto& part : plan.understood) {
    if (part.value("as", "") == "measure") return part.value("text", "");
  }
  return {};
}

// The question without ", and their total" when that phrase adds the sum of the rows just
// counted ("number of payments and their total by month"); nullopt when it has no such phrase.
std::optional<std::string> without_and_their_total(const std::string& question) {
  std::string lowered = question;
  for (auto& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // "June payments per staff member, count and total": the same two figures as a tail.
  {
    size_t end = lowered.size();
    while (end > 0 && (lowered[end - 1] == '?' || lowered[end - 1] == '.' ||
                       lowered[end - 1] == ' ' || lowered[end - 1] == '!')) {
      --end;
    }
    // Any way of saying "how many" joined to any way of saying "how much": "count and total",
    // "how many and total", "number & sum", "no. plus the total value".
    static const std::array<std::string_view, 7> kCounts = {"count", "number", "how many", "no.",
                                                            "no",    "#",      "quantity"};
    static const auto kJoins =
        std::to_array<std::string_view>({" and ", ", and ", " & ", " plus ", " + ", "/"});
    static const auto kSums = std::to_array<std::string_view>({"total",
                                                               "sum",
                                                               "value",
                                                               "amount",
                                                               "how much",
                                                               "the total",
                                                               "total value",
                                                               "total amount",
                                                               "their total",
                                                               "the sum",
                                                               "sum total",
                                                               "the value",
                                                               "what did they come to",
                                                               "what they came to",
                                                               "what did they add up to",
                                                               "what they add up to",
                                                               "what do they add up to",
                                                               "what did they total",
                                                               "what they totalled",
                                                               "what they totaled",
                                                               "what they added up to",
                                                               "what it added up to",
                                                               "what it came to"});
    static const std::vector<std::string> kTails = [] {
      std::vector<std::string> out;
      for (const auto count : kCounts) {
        for (const auto join : kJoins) {
          for (const auto sum : kSums) {
            out.push_back(std::string(count) + std::string(join) + std::string(sum));
          }
        }
      }
      return out;
    }();
    // "number and value of payments per week", "count and total of rentals": the same two
    // figures ahead of what they count.
    for (const std::string& head : kTails) {
      const std::string phrase = head + " of ";
      for (size_t at = lowered.find(phrase); at != std::string::npos;
           at = lowered.find(phrase, at + 1)) {
        if (at > 0 && std::isalnum(static_cast<unsigned char>(lowered[at - 1])) != 0) continue;
        return question.substr(0, at) + "number of " + question.substr(at + phrase.size());
      }
    }
    for (const std::string& tail : kTails) {
      // (A whole word: "account and total" does not end in "count and total".)
      if (end < tail.size() + 1 ||
          std::string_view(lowered).substr(end - tail.size(), tail.size()) != tail ||
          std::isalnum(static_cast<unsigned char>(lowered[end - tail.size() - 1])) != 0) {
        continue;
      }
      size_t cut = end - tail.size();
      while (cut > 0 &&
             (lowered[cut - 1] == ' ' || lowered[cut - 1] == ',' || lowered[cut - 1] == ':' ||
              lowered[cut - 1] == '-' || lowered[cut - 1] == ';')) {
        --cut;
      }
      if (cut == 0) return std::nullopt;
      return question.substr(0, cut);
    }
  }
  // "April payments over $7.99: how many were there and what do they sum to?": after a count,
  // a last clause asking only what the things counted came to.
  {
    static const std::set<std::string> kSumWords = {
        "what",     "how",     "much",  "do",    "did",   "does",     "they",       "those",
        "these",    "it",      "that",  "sum",   "add",   "added",    "adds",       "up",
        "come",     "came",    "comes", "to",    "total", "totalled", "totaled",    "amount",
        "amounted", "were",    "was",   "worth", "in",    "all",      "altogether", "together",
        "combined", "overall", "their", "value", "the",   "is",       "are"};
    static const std::set<std::string> kSumVerbs = {
        "sum",   "add",    "added",    "adds",     "come",    "came",  "comes",
        "total", "amount", "amounted", "totalled", "totaled", "worth", "value"};
    const bool counted = lowered.find("how many") != std::string::npos ||
                         lowered.find("number of") != std::string::npos ||
                         lowered.find("count") != std::string::npos;
    for (const std::string_view opener : {" and what ", ", what ", " and how much "}) {
      const auto at = lowered.rfind(opener);
      if (!counted || at == std::string::npos || at == 0) continue;
      const auto rest = tokenize(lowered.substr(at + opener.size()));
      const bool only_sum = std::all_of(rest.begin(), rest.end(), [](const std::string& w) {
        return kSumWords.count(w) > 0 || w == "?" || w == "." || w == "!";
      });
      const bool asks_sum = std::any_of(
          rest.begin(), rest.end(), [](const std::string& w) { return kSumVerbs.count(w) > 0; });
      if (!rest.empty() && only_sum && (asks_sum || opener == " and how much ")) {
        size_t begin = at;
        if (begin > 0 && question[begin - 1] == ',') --begin;
        return question.substr(0, begin);
      }
    }
  }
  // ("# of payments and total taken in H1": after a count, a bare "and total" is the same.)
  // (Whole words: "account" or "discount" counts nothing.)
  const bool counted_first = [&] {
    const auto words = tokenize(question);
    for (size_t i = 0; i < words.size(); ++i) {
      const auto& next = i + 1 < words.size() ? words[i + 1] : std::string();
      if (words[i] == "count" || words[i] == "#" || (words[i] == "how" && next == "many") ||
          (words[i] == "number" && next == "of")) {
        return true;
      }
    }
    return false;
  }();
  static const std::array<std::string_view, 8> kOpeners = {
      " and their ", " and its ", " and the ", " and ", ", and ", " & ", " + ", ", "};
  static const std::set<std::string_view> kNouns = {"total", "totals", "sum"};
  static const std::set<std::string_view> kAfter = {"by",     "for", "in",   "per",  "from",
                                                    "during", "at",  "each", "over", "across"};
  // The word after `from` (spaces skipped): its [begin, end) in `lowered`.
  const auto word_after = [&](size_t from) {
    while (from < lowered.size() && lowered[from] == ' ') ++from;
    size_t end = from;
    while (end < lowered.size() && std::isalpha(static_cast<unsigned char>(lowered[end]))) ++end;
    return std::pair<size_t, size_t>{from, end};
  };
  for (const auto opener : kOpeners) {
    for (size_t at = lowered.find(opener); at != std::string::npos;
         at = lowered.find(opener, at + 1)) {
      auto [word, stop] = word_after(at + opener.size());
      // "and their combined total": the adjective says nothing more than "total".
      static const std::set<std::string_view> kAdjectives = {"combined", "overall", "grand",
                                                             "joint"};
      if (kAdjectives.count(std::string_view(lowered).substr(word, stop - word)) > 0 &&
          stop < lowered.size() && lowered[stop] == ' ') {
        std::tie(word, stop) = word_after(stop + 1);
      }
      if (kNouns.count(std::string_view(lowered).substr(word, stop - word)) == 0) continue;
      const bool bare = opener == " and " || opener == ", and " || opener == " & " ||
                        opener == " + " || opener == ", ";
      if (bare && !counted_first) continue;
      // "… and total taken at my store": the verb of the money says nothing more than "total".
      static const std::set<std::string_view> kMoneyVerbs = {
          "taken", "paid", "collected", "spent", "received", "amount", "value", "earned"};
      if (const auto verb = word_after(stop);
          verb.second > verb.first && kMoneyVerbs.count(std::string_view(lowered).substr(
                                          verb.first, verb.second - verb.first)) > 0) {
        stop = verb.second;
      }
      const auto [next, next_end] = word_after(stop);
      const bool ends =
          next >= lowered.size() || std::ispunct(static_cast<unsigned char>(lowered[next]));
      if (!ends && kAfter.count(std::string_view(lowered).substr(next, next_end - next)) == 0) {
        continue;
      }
      size_t begin = at;
      if (begin > 0 && question[begin - 1] == ',') --begin;
      return question.substr(0, begin) + question.substr(stop);
    }
  }
  return std::nullopt;
}

bool contains_words(const std::string& text, const std::string& phrase) {
  std::string lowered = text;
  for (auto& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return !phrase.empty() && lowered.find(phrase) != std::string::npos;
}

}  // namespace

std::optional<Plan> Planner::plan_two_clauses(const PlanRequest& request, const std::string& first,
                                              const std::string& second) const {
  PlanRequest ask = request;
  ask.question = first;
  const Plan one = plan(ask);
  ask.question = second;
  const Plan two = plan(ask);
  auto t1 = measure_text(one), t2 = measure_text(two);
  if (t1.empty()) return std::nullopt;
  // "…, plus how many customers did them": the customers behind the first figure's rows (who
  // rented, who paid) — not every customer on the books.
  if (two.semantic_query.is_object() && two.semantic_query.value("metric", "") == "customers" &&
      one.semantic_query.is_object() && one.semantic_query.contains("metric")) {
    const auto words = tokenize(second);
    const bool refers_back = std::any_of(words.begin(), words.end(), [](const std::string& w) {
      return w == "them" || w == "those" || w == "these" || w == "did" || w == "made" ||
             w == "behind";
    });
    const auto* first_metric = model_.metric(one.semantic_query["metric"].get<std::string>());
    if (refers_back && first_metric != nullptr) {
      const auto& view = model_.source(first_metric->source).view;
      if (view == "v_rental_scoped") t2 = "renting customers";
      if (view == "v_payment_scoped") t2 = "paying customers";
    }
  }
  // "which country has the most X, and how many is that?", "top 5 countries by revenue, and
  // which one was top": the ranking already answers the second part — the figure of the one
  // named, or its first row.
  if (t2.empty() && one.status == Plan::Status::kOk && one.semantic_query.is_object() &&
      one.semantic_query.value("order", nlohmann::json()).is_string() &&
      !one.semantic_query.value("dimensions", nlohmann::json::array()).empty()) {
    const auto& limit = one.semantic_query.value("limit", nlohmann::json());
    const bool limit_one = limit.is_number_integer() && limit.get<int>() == 1;
    static const std::set<std::string> kTop = {"which",   "one",     "top",  "first",  "biggest",
                                               "highest", "largest", "most", "best",   "who",
                                               "came",    "out",     "on",   "number", "1"};
    static const std::set<std::string> kNames = {"top",     "first",   "which", "biggest",
                                                 "highest", "largest", "most",  "best"};
    const auto words = tokenize(second);
    const bool names_top = !words.empty() &&
                           std::all_of(words.begin(), words.end(),
                                       [&](const std::string& w) {
                                         return kTop.count(w) > 0 || only_asking_words(w, "");
                                       }) &&
                           std::any_of(words.begin(), words.end(),
                                       [&](const std::string& w) { return kNames.count(w) > 0; });
    if ((limit_one && only_asking_words(second, "")) || names_top) {
      Plan answered = one;
      answered.understood.push_back(
          {{"text", second},
           {"as", "question"},
           {"meaning", limit_one ? "the figure of the one named — in the answer"
                                 : "the first row of the ranking — in the answer"}});
      return answered;
    }
  }
  // "…, and how many there were": the rows of the first figure, counted; "…: how many and
  // what total?": the same rows, summed.
  if (t2.empty() && only_asking_words(second, "") && one.status == Plan::Status::kOk &&
      one.semantic_query.contains("metric")) {
    const auto* asked = model_.metric(one.semantic_query["metric"].get<std::string>());
    const auto words = tokenize(second);
    const bool wants_amount = std::any_of(words.begin(), words.end(), [](const std::string& w) {
      return w == "much" || w == "total" || w == "value" || w == "sum";
    });
    const semantic::Metric* other = nullptr;
    for (const auto& m : model_.metrics) {
      const bool fits = wants_amount ? m.agg == "sum" : m.agg == "count" && m.arg == "*";
      if (m.source == asked->source && fits && m.where.empty() && m.expr.empty()) {
        other = &m;
        break;
      }
    }
    if (other == nullptr || other == asked) return std::nullopt;
    // The same rows with the other aggregate: the first plan with its measure swapped.
    Plan swapped = one;
    swapped.semantic_query["metric"] = other->name;
    swapped.metric_label = other->label;
    swapped.metric_format = other->format;
    swapped.metric_kind = measure_kind(*other);
    swapped.also_measures = nlohmann::json::array();
    return combine_measures(one, std::move(swapped));
  }
  if (t2.empty() || t1 == t2) return std::nullopt;
  // What the question says besides its two measures is in one clause: both measures are read
  // with it ("what was revenue in June, and how many rentals" → rentals in June too).
  if (only_asking_words(second, t2) && contains_words(first, t1)) {
    return plan_two_measures(request, first, replace_words(first, t1, t2));
  }
  if (only_asking_words(first, t1) && contains_words(second, t2)) {
    return plan_two_measures(request, replace_words(second, t2, t1), second);
  }
  return std::nullopt;
}

namespace {

// "how many is that?", "how many are there?", "count them": a count of what was just shown,
// asked with nothing else to count.
bool counts_what_was_shown(const std::vector<std::string>& words) {
  bool how_many = false;
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    how_many = how_many || (words[i] == "how" && words[i + 1] == "many");
  }
  const bool pointer = std::any_of(words.begin(), words.end(), [](const std::string& w) {
    return w == "that" || w == "there" || w == "them" || w == "those" || w == "these" ||
           w == "they";
  });
  return pointer && (how_many || std::find(words.begin(), words.end(), "count") != words.end());
}

// "sum those", "total them up", "and all together?", "what's that altogether": the rows just shown,
// added up. (Only the cue: whether the rows can be added up is the planner's to say.)
bool asks_rows_added_up(const std::vector<std::string>& words) {
  const auto at = [&](size_t k) { return k < words.size() ? words[k] : std::string(); };
  static const std::set<std::string> kRows = {"them", "those", "these", "up", "it", "that"};
  for (size_t i = 0; i < words.size(); ++i) {
    const auto& w = words[i];
    if (w == "combined" || w == "altogether" || (w == "together" && at(i + 1) != "with")) {
      return true;
    }
    if (w == "in" && at(i + 1) == "total") return true;
    if ((w == "add" || w == "adds" || w == "sum" || w == "total" || w == "tally" ||
         w == "totals") &&
        kRows.count(at(i + 1)) > 0) {
      return true;
    }
    if ((w == "total" || w == "sum") && at(i + 1) == "of" &&
        (at(i + 2) == "those" || at(i + 2) == "them" || at(i + 2) == "these")) {
      return true;
    }
    if ((w == "grand" || w == "the" || w == "a") && at(i + 1) == "total" &&
        (i + 2 == words.size() || at(i + 2) == "of" || at(i + 2) == "then")) {
      return true;
    }
  }
  return false;
}

// A follow-up read as another wording of itself ("and the rest?" → "and excluding R-rated
// films?"): that wording planned, and explained in the words the user typed when it reads.
Plan plan_reworded(const Planner& planner, const PlanRequest& request, const std::string& reworded,
                   const std::string& meaning) {
  PlanRequest asked = request;
  asked.question = reworded;
  Plan plan = planner.plan(asked);
  if (plan.status == Plan::Status::kOk) {
    // (One entry: a braced list here would insert its three pairs as three entries.)
    plan.understood.insert(
        plan.understood.begin(),
        nlohmann::json({{"text", request.question}, {"as", "follow-up"}, {"meaning", meaning}}));
  }
  return plan;
}

// "top 5 films by rentals in July" → "and what did each of them make?": the same five films, each
// with its revenue. Re-ranked by the new measure, the answer would list other films as if they
// were the ones just named. A follow-up that ranks anew ("and the top 5 by revenue?", "sorted by
// revenue") is left to the ordinary reading. Nothing when the question is not such a follow-up.
std::optional<Plan> figures_of_ranked_rows(const Planner& planner, const semantic::Model& model,
                                           const PlanRequest& request) {
  static thread_local bool inside = false;
  const auto& prev = request.previous;
  if (inside || !prev.is_object()) return std::nullopt;
  const auto prev_order = prev.value("order", nlohmann::json());
  const auto prev_dims = prev.value("dimensions", nlohmann::json::array());
  if ((prev_order != "metric_desc" && prev_order != "metric_asc") || prev_dims.size() != 1 ||
      !prev.contains("limit") || !prev["limit"].is_number_integer() || prev.contains("also") ||
      !prev.value("growth", nlohmann::json()).is_null() || prev.value("share", false) ||
      !prev.value("share_of", nlohmann::json()).is_null() || prev.contains("limit_per") ||
      prev.contains("average_per") || prev.value("total_of_ranked", false) ||
      prev.value("gap", false) || prev.contains("lookup") || prev.contains("figures")) {
    return std::nullopt;
  }
  const auto* ranked_by = model.metric(prev.value("metric", ""));
  if (ranked_by == nullptr) return std::nullopt;
  auto tokens = tokenize(request.question);
  // Words that rank anew: the reading of the follow-up as it is.
  static const std::set<std::string> kRanksAnew = {
      "top",     "bottom",   "most",    "least",  "highest", "lowest",  "best", "worst",
      "biggest", "smallest", "fewest",  "rank",   "ranked",  "ranking", "sort", "sorted",
      "order",   "ordered",  "instead", "leader", "leaders", "first",   "last", "ahead"};
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (kRanksAnew.count(tokens[i]) > 0) return std::nullopt;
    static const std::set<std::string> kRowsAfterBy = {"each",  "them", "those",
                                                       "these", "the",  "all"};
    if (tokens[i] == "by" && (i + 1 == tokens.size() || kRowsAfterBy.count(tokens[i + 1]) == 0)) {
      return std::nullopt;
    }
  }
  // The words pointing at the rows just listed, one each ("each of them", "apiece", "their").
  static const std::set<std::string> kPronouns = {"them", "they", "their", "those", "these"};
  const bool each = std::find(tokens.begin(), tokens.end(), "each") != tokens.end() ||
                    std::find(tokens.begin(), tokens.end(), "apiece") != tokens.end() ||
                    std::find(tokens.begin(), tokens.end(), "individually") != tokens.end();
  // After a ranking of one ("which category earned the most?"), "it" and "that category" are
  // that one row ("how many rentals did it have?" is not the category with the most rentals).
  const bool one_row = prev["limit"].get<int>() == 1;
  static const std::set<std::string> kOneThing = {
      "film",  "movie",    "title",    "category", "genre", "actor", "country", "city",
      "store", "language", "customer", "day",      "date",  "week",  "month",   "hour"};
  const bool it_of_one = one_row && [&] {
    for (size_t i = 0; i < tokens.size(); ++i) {
      // ("how many films is he in?" after the top actor.)
      if (tokens[i] == "it" || tokens[i] == "its" || tokens[i] == "he" || tokens[i] == "she" ||
          tokens[i] == "his" || tokens[i] == "him" || tokens[i] == "her") {
        return true;
      }
      if ((tokens[i] == "that" || tokens[i] == "this") && i + 1 < tokens.size() &&
          kOneThing.count(tokens[i + 1]) > 0) {
        return true;
      }
    }
    return false;
  }();
  const bool pronoun = it_of_one || std::any_of(tokens.begin(), tokens.end(), [](const auto& w) {
                         return kPronouns.count(w) > 0;
                       });
  if (!each && !pronoun) return std::nullopt;
  PlanRequest asked = request;
  if (!pronoun) {
    // "what was the revenue for each one?": said of the rows the previous answer listed.
    std::string rewritten;
    for (size_t i = 0; i < tokens.size(); ++i) {
      std::string word = tokens[i];
      if (word == "apiece" || word == "individually") word = "each of them";
      if (word == "each" && (i + 1 == tokens.size() || tokens[i + 1] == "one" ||
                             !std::isalnum(static_cast<unsigned char>(tokens[i + 1][0])))) {
        word = "each of them";
        if (i + 1 < tokens.size() && tokens[i + 1] == "one") ++i;
      }
      rewritten += (rewritten.empty() ? "" : " ") + word;
    }
    if (rewritten.find("of them") == std::string::npos) return std::nullopt;
    asked.question = rewritten;
  }
  struct Inside {
    Inside() { inside = true; }
    ~Inside() { inside = false; }
    Inside(const Inside&) = delete;
    Inside& operator=(const Inside&) = delete;
  };
  const Plan plan = [&] {
    const Inside guard;
    return planner.plan(asked);
  }();
  if (plan.status != Plan::Status::kOk || !plan.semantic_query.is_object()) return std::nullopt;
  auto sq = plan.semantic_query;
  const auto* shown = model.metric(sq.value("metric", ""));
  const std::string rows =
      one_row ? "the " + dimension_phrase(prev_dims.front().get<std::string>()) + " just named"
              : "the " + std::to_string(prev["limit"].get<int>()) + " " +
                    dimension_phrase(prev_dims.front().get<std::string>()) + " rows just listed";
  const auto ask_which_rows = [&](const std::string& new_ranking) {
    Plan ask;
    ask.status = Plan::Status::kNeedsClarification;
    ask.clarification = {
        {"question", "Do you mean " + rows + " (ranked by " + lower(ranked_by->label) +
                         "), or a new ranking by " + new_ranking + "?"},
        {"options", nlohmann::json::array()}};
    return ask;
  };
  // "how much did that category make in June?" after July's top category: the same measure over
  // other rows would rank anew and could name another category as if it were that one.
  if (shown != nullptr && shown->name == ranked_by->name && it_of_one) {
    for (const char* key : {"time", "filters", "store_ids", "conditions"}) {
      if (sq.value(key, nlohmann::json()) != prev.value(key, nlohmann::json())) {
        return ask_which_rows(lower(shown->label));
      }
    }
    return std::nullopt;
  }
  if (shown == nullptr || shown->name == ranked_by->name ||
      sq.value("dimensions", nlohmann::json::array()) != prev_dims || sq.contains("also") ||
      sq.value("order", nlohmann::json()) != prev_order ||
      sq.value("limit", nlohmann::json()) != prev["limit"] || sq.contains("having") ||
      sq.value("share", false) || !sq.value("share_of", nlohmann::json()).is_null() ||
      !sq.value("growth", nlohmann::json()).is_null() || sq.value("total_of_ranked", false) ||
      sq.contains("figures") || sq.contains("lookup") || sq.contains("average_per")) {
    return std::nullopt;
  }
  // Another period or filter would pick other rows: which ones are meant is asked.
  for (const char* key : {"time", "filters", "store_ids", "conditions", "with_also", "without"}) {
    if (sq.value(key, nlohmann::json()) != prev.value(key, nlohmann::json())) {
      return ask_which_rows(lower(shown->label));
    }
  }
  sq["metric"] = ranked_by->name;
  sq["also"] = nlohmann::json::array({shown->name});
  sq["intent"] = "ranking";
  if (!semantic::why_not_several_measures(sq, model).empty()) return std::nullopt;
  Plan out = plan;
  out.semantic_query = sq;
  out.intent = "ranking";
  out.also_measures = nlohmann::json::array();
  out.also_measures.push_back({{"name", shown->name},
                               {"label", plan.metric_label},
                               {"format", plan.metric_format},
                               {"kind", plan.metric_kind}});
  out.metric_label = ranked_by->label;
  out.metric_format = ranked_by->format;
  out.metric_kind = measure_kind(*ranked_by);
  // The ranking's own views, under the same permission check as any measure's.
  auto views = model.views_for(*ranked_by, prev_dims.get<std::vector<std::string>>());
  if (refused_unless_readable(out, request.role, views)) return out;
  if (model.source(ranked_by->source).checked_by_hand()) {
    views.push_back(model.source(ranked_by->source).view);
  }
  for (auto& view : views) {
    if (std::find(out.views_used.begin(), out.views_used.end(), view) == out.views_used.end()) {
      out.views_used.push_back(std::move(view));
    }
  }
  const nlohmann::json read_as = {{"text", request.question},
                                  {"as", "follow-up"},
                                  {"meaning", rows + " (ranked by " + lower(ranked_by->label) +
                                                  "), each with its " + lower(shown->label)}};
  out.understood.insert(out.understood.begin(), read_as);
  return out;
}

}  // namespace

std::string Planner::a_film_title() const {
  const auto index = values_ != nullptr ? values_->current() : nullptr;
  if (!index) return {};
  const auto films = index->of_kind("film");
  return films.empty() ? std::string() : films.front()->value;
}

Plan Planner::plan(const PlanRequest& request) const {
  // Readings of a part of the question plan that part again (two figures, two measures, a
  // context clause): each is shorter than the question, but a bound keeps a reading that failed
  // to shorten it from recursing without end — it is then asked back, never a crash.
  static thread_local int depth = 0;
  struct Nested {
    Nested() { ++depth; }
    ~Nested() { --depth; }
    Nested(const Nested&) = delete;
    Nested& operator=(const Nested&) = delete;
  } const nested;
  if (depth > 8) {
    Plan deep;
    deep.status = Plan::Status::kNeedsClarification;
    deep.partial = true;
    deep.clarification = {{"question",
                           "I could not take that question apart reliably. Could you ask one "
                           "figure at a time?"},
                          {"options", nlohmann::json::array()}};
    return deep;
  }
  // "and in August, how often did those get rented out?" after "which NICK WAHLBERG films are
  // rated G?": a measure of the films just listed — the list's filters and conditions carried as
  // those of a count of them, which the ordinary follow-up then reads with the new measure.
  if (request.previous.is_object() && request.previous.contains("lookup") &&
      request.previous["lookup"].is_object() &&
      request.previous["lookup"].value("entity", "") == "film" &&
      model_.metric("films") != nullptr) {
    // (A list shows the attribute its condition is on — "films longer than 2 hours" shows their
    // length — but a named film's own attributes are a lookup of one film, not a list.)
    const auto prev_filters = request.previous.value("filters", nlohmann::json::array());
    const bool names_a_film =
        std::any_of(prev_filters.begin(), prev_filters.end(),
                    [](const nlohmann::json& f) { return f.value("dimension", "") == "film"; });
    const bool a_list =
        request.previous["lookup"].value("attributes", nlohmann::json::array()).empty() ||
        (!names_a_film && !request.previous.value("conditions", nlohmann::json::array()).empty());
    const auto words = tokenize(request.question);
    // ("how many is that?" counts the list too.)
    const bool pronoun = std::any_of(words.begin(), words.end(),
                                     [](const std::string& w) {
                                       return w == "those" || w == "these" || w == "them" ||
                                              w == "they" || w == "their";
                                     }) ||
                         counts_what_was_shown(words);
    const auto filters = request.previous.value("filters", nlohmann::json::array());
    const auto conditions = request.previous.value("conditions", nlohmann::json::array());
    if (a_list && pronoun && (!filters.empty() || !conditions.empty())) {
      nlohmann::json counted = {
          {"metric", "films"},  {"intent", "kpi"},          {"dimensions", nlohmann::json::array()},
          {"filters", filters}, {"conditions", conditions}, {"time", nullptr},
          {"growth", nullptr},  {"order", nullptr},         {"limit", nullptr},
          {"share", false},     {"share_of", nullptr}};
      for (const char* key : {"as_of", "store_ids"}) {
        if (request.previous.contains(key)) counted[key] = request.previous[key];
      }
      PlanRequest of_listed = request;
      of_listed.previous = counted;
      if (!of_listed.earlier.empty()) of_listed.earlier.back() = counted;
      return this->plan(of_listed);
    }
  }
  // "list them", "what are they?" after a count: the things counted, one row each — as "which
  // ones?" reads them.
  if (request.previous.is_object() && request.previous.contains("metric") &&
      request.previous_is_latest) {
    std::string said;
    for (const char c : request.question) {
      if (c == '?' || c == '.' || c == '!') continue;
      said += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    while (!said.empty() && said.back() == ' ') said.pop_back();
    static const std::set<std::string> kListThem = {
        "list them",     "name them",         "show them",        "show me them",
        "what are they", "which are they",    "list those",       "show me those",
        "list them all", "can you list them", "please list them", "list them please",
        "and list them", "and what are they", "so what are they", "name them please"};
    if (kListThem.count(said) > 0) {
      Plan listed = plan_reworded(*this, request, "which ones?", "the things just counted, listed");
      if (listed.status == Plan::Status::kOk) return listed;
    }
  }
  // "and everything but those?", "and the rest?" after a figure of some films ("March revenue,
  // R-rated films only"): the same figure over the films outside that one filter.
  if (request.previous.is_object() && request.previous.contains("metric") &&
      request.previous_is_latest) {
    static const std::set<std::string> kFiller = {"and", "what", "about", "the", "for", "?",
                                                  "so",  "then", "of",    "now", "how", "all"};
    static const std::set<std::string> kPointers = {"everything", "those", "them", "these", "that"};
    static const std::set<std::string> kRest = {"but",   "except", "rest",      "else",
                                                "other", "others", "remaining", "remainder"};
    const auto words = tokenize(request.question);
    bool only_rest = !words.empty();
    bool says_rest = false;
    for (const auto& w : words) {
      says_rest = says_rest || kRest.count(w) > 0;
      only_rest =
          only_rest && (kFiller.count(w) > 0 || kPointers.count(w) > 0 || kRest.count(w) > 0);
    }
    std::vector<nlohmann::json> narrowing;
    for (const auto& f : request.previous.value("filters", nlohmann::json::array())) {
      if (f.value("dimension", "") != "store") narrowing.push_back(f);
    }
    if (only_rest && says_rest && narrowing.size() == 1 && !narrowing[0].value("exclude", false)) {
      const auto& f = narrowing[0];
      std::string values;
      for (const auto& v : f.value("values", nlohmann::json::array())) {
        if (v.is_string()) values += (values.empty() ? "" : " and ") + v.get<std::string>();
      }
      const std::string dimension = f.value("dimension", "");
      const std::string others = dimension == "rating"     ? "films rated " + values
                                 : dimension == "category" ? values + " films"
                                 : dimension == "language" ? "films in " + values
                                                           : std::string();
      if (!values.empty() && !others.empty()) {
        Plan plan = plan_reworded(*this, request, "and excluding " + others + "?",
                                  "the same figure without " + others);
        if (plan.status == Plan::Status::kOk) return plan;
      }
    }
  }
  // "and the 15th?", "same for the 19th?" after a question about one day or one month: that day
  // of the same month. (Alone, a day of no named month is no date; a month named keeps its own.)
  if (request.previous.is_object() && request.previous.contains("time") &&
      request.previous["time"].is_object()) {
    const auto from = parse_date(request.previous["time"].value("from", ""));
    const auto to = parse_date(request.previous["time"].value("to", ""));
    const auto words = tokenize(request.question);
    std::optional<size_t> ordinal_at;
    bool month_named = false;
    for (size_t i = 1; i < words.size(); ++i) {
      const auto& w = words[i];
      month_named = month_named || month_index(w).has_value();
      const bool ordinal =
          w.size() >= 3 && w.size() <= 4 &&
          std::isdigit(static_cast<unsigned char>(w.front())) != 0 &&
          (w.ends_with("th") || w.ends_with("st") || w.ends_with("nd") || w.ends_with("rd"));
      if (ordinal && words[i - 1] == "the" && (i + 1 == words.size() || words[i + 1] != "of")) {
        ordinal_at = ordinal_at ? std::optional<size_t>{words.size()} : i;  // one day only
      }
    }
    if (from && to && *to > *from && ordinal_at && *ordinal_at < words.size() && !month_named) {
      const std::chrono::year_month_day first{*from};
      const std::chrono::year_month_day last{*to - std::chrono::days{1}};
      const int day_number = std::atoi(words[*ordinal_at].c_str());
      const std::chrono::year_month_day date{first.year() / first.month() /
                                             std::chrono::day{static_cast<unsigned>(day_number)}};
      const std::string said = "the " + words[*ordinal_at];
      const auto at = lower(request.question).find(said);
      if (first.year() == last.year() && first.month() == last.month() && day_number >= 1 &&
          date.ok() && at != std::string::npos) {
        PlanRequest dated = request;
        dated.question.replace(at, said.size(), format_date(std::chrono::sys_days{date}));
        return this->plan(dated);
      }
    }
  }
  // "what about the next day, Sunday?", "the Saturday before?", "the day after?" after a
  // question about one day: the day said, counted from that one.
  if (request.previous.is_object() && request.previous.contains("time") &&
      request.previous["time"].is_object() && request.previous_is_latest) {
    const auto from = parse_date(request.previous["time"].value("from", ""));
    const auto to = parse_date(request.previous["time"].value("to", ""));
    if (from && to && *to - *from == std::chrono::days{1}) {
      const auto words = tokenize(request.question);
      std::optional<unsigned> weekday;
      int step = 0;  // -1 back, +1 forward
      bool day_word = false;
      std::vector<std::string> kept;
      static const std::set<std::string> kForward = {"next", "after", "following"};
      static const std::set<std::string> kBack = {"before", "previous", "prior"};
      for (const auto& w : words) {
        if (kForward.count(w) > 0) {
          step = step == 0 ? 1 : 2;
        } else if (kBack.count(w) > 0) {
          step = step == 0 ? -1 : 2;
        } else if (w == "day") {
          day_word = true;
        } else if (const auto d = weekday_or_short(w)) {
          weekday = weekday ? std::optional<unsigned>{7} : d;  // one weekday only
        } else {
          kept.push_back(w);
        }
      }
      static const std::set<std::string> kFiller = {"what", "about", "the", "and", "how",
                                                    "?",    ",",     "for", "on",  "then",
                                                    "same", "so",    "it",  "that"};
      const bool only_the_day = std::all_of(
          kept.begin(), kept.end(), [](const std::string& w) { return kFiller.count(w) > 0; });
      if (only_the_day && (step == 1 || step == -1) && (day_word || weekday) &&
          (!weekday || *weekday < 7)) {
        auto day = *from;
        const auto matches = [&](std::chrono::sys_days d) {
          return !weekday || std::chrono::weekday{d}.c_encoding() == *weekday;
        };
        if (day_word) {
          day += std::chrono::days{step};
        } else {
          do {
            day += std::chrono::days{step};
          } while (!matches(day));
        }
        // ("the next day, Sunday" names the day twice: the two must agree.)
        if (matches(day)) {
          return plan_reworded(
              *this, request, "and on " + format_date(day) + "?",
              "the day " + format_date(day) + ", counted from " + format_date(*from));
        }
      }
    }
  }
  // "and the other way round?" after "titles at store 2 but not at store 1": the same question
  // for what the second part named (the row sets then trade places).
  if (request.previous.is_object()) {
    const auto words = tokenize(request.question);
    std::string rest;
    for (const auto& w : words) {
      static const std::set<std::string> kFiller = {"and", "what", "about",  "how", "the", "?",
                                                    "now", "then", "please", "now", ".",   "!"};
      if (kFiller.count(w) == 0) rest += (rest.empty() ? "" : " ") + w;
    }
    const bool reversed = rest == "other way round" || rest == "other way around" ||
                          rest == "vice versa" || rest == "reverse" || rest == "opposite";
    std::optional<nlohmann::json> part;
    for (const char* key : {"without", "with_also"}) {
      if (request.previous.contains(key) && request.previous[key].is_array() &&
          request.previous[key].size() == 1) {
        part = request.previous[key][0];
      }
    }
    if (reversed && part) {
      std::string where;
      if (part->contains("time") && (*part)["time"].is_object()) {
        where = (*part)["time"].value("label", "");
      } else {
        for (const auto& f : part->value("filters", nlohmann::json::array())) {
          // (The filter the two parts differ on: "at store 1" beside the actor both share.)
          const auto mine = request.previous.value("filters", nlohmann::json::array());
          if (std::find(mine.begin(), mine.end(), f) != mine.end()) continue;
          std::string values;
          for (const auto& v : f.value("values", nlohmann::json::array())) {
            values +=
                (values.empty() ? "" : " or ") + (v.is_string() ? v.get<std::string>() : v.dump());
          }
          where = (f.value("dimension", "") == "store" ? "store " : "") + values;
        }
      }
      if (!where.empty()) {
        return plan_reworded(*this, request, "and for " + where + "?",
                             "the previous question with its two parts swapped");
      }
    }
  }
  // "of those, which ones go for 99c?" after a count of films: the titles themselves (read
  // as "ones", the count came back again).
  if (request.previous.is_object() && request.previous.value("metric", "") == "films") {
    std::string lowered = request.question;
    for (auto& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char* ones : {"which ones", "what ones", "which of them", "which of those"}) {
      const auto at = lowered.find(ones);
      if (at == std::string::npos) continue;
      PlanRequest titles = request;
      titles.question = request.question.substr(0, at) + "which titles" +
                        request.question.substr(at + std::string_view(ones).size());
      Plan plan = this->plan(titles);
      if (plan.status == Plan::Status::kOk) return plan;
      break;
    }
  }
  // "what's their combined value?" after a count of payments: what those payments came to (said
  // of films or rentals, "their total" could be many things, and stays unread).
  if (request.previous.is_object() && request.previous.value("metric", "") == "payments") {
    std::string lowered = request.question;
    for (auto& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char* total : {"their combined value", "their combined total", "their total value",
                              "their total", "their value", "their sum"}) {
      if (lowered.find(total) == std::string::npos) continue;
      PlanRequest summed = request;
      summed.question = "and what did they add up to?";
      Plan plan = this->plan(summed);
      if (plan.status == Plan::Status::kOk) {
        plan.understood.insert(plan.understood.begin(),
                               nlohmann::json({{"text", total},
                                               {"as", "follow-up"},
                                               {"meaning", "what those payments came to"}}));
        return plan;
      }
      break;
    }
  }
  if (auto beside = figures_of_ranked_rows(*this, model_, request)) return *beside;
  // "top 5 films by rentals in July, with their revenue": the ranking, then the further measure
  // of each row it lists (as if asked next: "and their revenue?").
  {
    const std::string lowered = lower(request.question);
    for (const std::string joint :
         {" along with their ", " together with their ", " alongside their ", " with their ",
          ", and their ", " and their ", ", their ", " plus their ", " including their "}) {
      const auto at = lowered.find(joint);
      if (at == std::string::npos || at == 0) continue;
      PlanRequest ranking = request;
      ranking.question = request.question.substr(0, at);
      const Plan first = this->plan(ranking);
      if (first.status != Plan::Status::kOk) break;
      PlanRequest beside = request;
      beside.question = "and their " + request.question.substr(at + joint.size());
      beside.previous = first.semantic_query;
      beside.previous_is_latest = true;
      beside.same_sentence = true;
      beside.earlier.push_back(first.semantic_query);
      auto both = figures_of_ranked_rows(*this, model_, beside);
      if (!both || both->status != Plan::Status::kOk) break;
      nlohmann::json understood = first.understood;
      for (auto& part : both->understood) {
        if (part.value("as", "") == "follow-up") {
          part = {{"text", request.question.substr(at)},
                  {"as", "presentation"},
                  {"meaning", "each row of the ranking with its " +
                                  lower(both->also_measures.front().value("label", ""))}};
        }
        understood.push_back(std::move(part));
      }
      both->understood = std::move(understood);
      return *both;
    }
  }
  // "I'm putting together the monthly review. What was revenue in July?": the background is shown
  // as read, and only the clauses that ask something are planned.
  if (auto split = split_context(request.question); !split.context.empty()) {
    PlanRequest asked = request;
    asked.question = split.question;
    Plan plan = this->plan(asked);
    nlohmann::json understood = nlohmann::json::array();
    for (const auto& clause : split.context) {
      understood.push_back(
          {{"text", clause},
           {"as", "context"},
           {"meaning", "why the question is asked; not part of what is computed"}});
    }
    for (auto& part : plan.understood) understood.push_back(std::move(part));
    plan.understood = std::move(understood);
    return plan;
  }
  Plan plan;
  // "which of my two stores …" reads as "which of my stores" (normalize.cpp): true only when the
  // asker has exactly two. With one, the second is outside the scope (refused, as "both stores"
  // is by the policy); with more, which two is asked — never guessed.
  if (request.store_ids.size() != 2) {
    std::string lowered = request.question;
    for (auto& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char* two : {"two stores", "2 stores", "two shops", "two branches", "two locations",
                            "both stores", "both my stores"}) {
      if (lowered.find(two) == std::string::npos) continue;
      const std::string scope = join_ints(request.store_ids);
      if (request.store_ids.size() < 2) {
        plan.status = Plan::Status::kRefused;
        plan.refusal_code = "scope_denied";
        plan.refusal_reason = "\"" + std::string(two) + "\": only store " + scope +
                              " is in your scope; another store is outside it.";
        plan.suggestion = "Ask about store " + scope + " instead.";
        return plan;
      }
      plan.status = Plan::Status::kNeedsClarification;
      plan.partial = true;
      plan.not_understood = {two};
      plan.clarification = {{"question", "You have " + std::to_string(request.store_ids.size()) +
                                             " stores in scope (" + scope +
                                             "): which two do you mean? Name them by number."},
                            {"reason", "which_stores"},
                            {"options", nlohmann::json::array()}};
      return plan;
    }
  }
  // Two figures asked in one sentence: one answer would drop one of them, so both are answered
  // side by side when they are two measures of the same rows, and offered one at a time if not.
  // "what's it rated?" after a lookup of one film: that film's fact.
  // (Not for the second half of one sentence: "# of copies of X, and its replacement cost" is two
  // figures of the same rows, put side by side by the two-figure reader.)
  if (const auto named = request.same_sentence && request.previous.is_object() &&
                                 !request.previous.contains("lookup")
                             ? std::nullopt
                             : with_film_named(request.question, request.previous)) {
    PlanRequest about = request;
    about.question = *named;
    about.previous = nullptr;
    Plan fact = this->plan(about);
    if (fact.status == Plan::Status::kOk && fact.semantic_query.contains("lookup")) {
      fact.understood.insert(fact.understood.begin(),
                             nlohmann::json({{"text", "it"},
                                             {"as", "follow-up"},
                                             {"meaning", "the film of the previous answer"}}));
      return fact;
    }
  }
  // "and combined?", "in total?" after a breakdown by store: the same figure over the stores
  // together (the words that say so, and nothing else).
  if (request.previous.is_object() && request.previous_is_latest &&
      request.previous.value("dimensions", nlohmann::json::array()) ==
          nlohmann::json::array({"store"}) &&
      request.store_ids.size() > 1) {
    // ("and the chain total for that?", "both shops as one number?": words that point back or
    // name the stores as a whole.)
    static const std::set<std::string> kFiller = {
        "and",   "what",   "about",  "so",      "ok",     "okay",   "the",      "then",
        "in",    "all",    "now",    "for",     "that",   "this",   "it",       "those",
        "them",  "of",     "please", "pls",     "just",   "me",     "give",     "a",
        "grand", "whole",  "chain",  "company", "stores", "shops",  "branches", "locations",
        "both",  "across", "as",     "one",     "number", "figure", "single",   "my",
        "our",   "two",    "?",      "is",      "what's", "whats"};
    static const std::set<std::string> kTogether = {"combined", "total",  "altogether", "together",
                                                    "overall",  "totals", "sum"};
    const auto words = tokenize(request.question);
    const bool only_together =
        std::any_of(words.begin(), words.end(),
                    [](const std::string& w) { return kTogether.count(w) > 0; }) &&
        std::all_of(words.begin(), words.end(), [](const std::string& w) {
          return kTogether.count(w) > 0 || kFiller.count(w) > 0;
        });
    if (only_together) {
      PlanRequest ask = request;
      ask.question =
          request.store_ids.size() == 2 ? "both stores together" : "all my stores together";
      Plan together = this->plan(ask);
      if (together.status == Plan::Status::kOk) {
        // (Explained in the words the user typed, not the ones read in their place.)
        for (auto& part : together.understood) {
          if (part.value("as", "") == "store") {
            part["text"] = request.question;
            part["meaning"] = "the stores together, one figure";
          }
        }
        return together;
      }
    }
  }
  // "copies per shop?" after a lookup of one film: that film's copies, not every film's.
  if (!request.same_sentence) {
    if (const auto about = about_film_named_before(request.question, request.previous)) {
      PlanRequest ask = request;
      ask.question = *about;
      ask.previous = nullptr;
      ask.earlier.clear();
      Plan of_film = this->plan(ask);
      const auto filters = of_film.semantic_query.is_object()
                               ? of_film.semantic_query.value("filters", nlohmann::json::array())
                               : nlohmann::json::array();
      const bool kept_film = std::any_of(filters.begin(), filters.end(), [](const auto& f) {
        return f.value("dimension", "") == "film";
      });
      if (of_film.status == Plan::Status::kOk &&
          (kept_film || of_film.semantic_query.contains("lookup"))) {
        of_film.understood.insert(of_film.understood.begin(),
                                  nlohmann::json({{"text", ""},
                                                  {"as", "follow-up"},
                                                  {"meaning", "the film of the previous answer"}}));
        return of_film;
      }
    }
  }
  // "top 3 films by revenue in H1, with the rental rate next to each", "… plus their ratings":
  // a fact of each film listed, shown beside it.
  {
    std::string lowered = request.question;
    for (auto& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char* lead :
         {", with the ", " with the ", ", with their ", " with their ", ", plus the ",
          ", plus their ", " plus their ", ", and their ", " and their ", ", with its ",
          " with its ", ", plus its ", " plus its "}) {
      const auto at = lowered.find(lead);
      if (at == std::string::npos) continue;
      std::string fact = request.question.substr(at + std::string_view(lead).size());
      std::string fact_lower = lowered.substr(at + std::string_view(lead).size());
      for (const char* tail : {" next to each one", " next to each", " beside each one",
                               " beside each", " alongside each", " next to them", " beside them",
                               " alongside", " for each one", " for each", " of each"}) {
        const auto end = fact_lower.find(tail);
        if (end != std::string::npos) {
          fact = fact.substr(0, end);
          fact_lower = fact_lower.substr(0, end);
          break;
        }
      }
      while (!fact.empty() &&
             (std::ispunct(static_cast<unsigned char>(fact.back())) || fact.back() == ' ')) {
        fact.pop_back();
      }
      if (fact.empty() || fact.size() > 40) continue;
      if (auto facts = plan_leaders_facts(*this, request, request.question.substr(0, at),
                                          "what's its " + fact + "?")) {
        facts->understood.back()["text"] = request.question.substr(at);
        return std::move(*facts);
      }
    }
  }
  // "which category earned the most in July, with its share of July revenue": the figure with
  // its share of the whole beside it.
  {
    std::string lowered = request.question;
    for (auto& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char* lead : {" with its share of ", " and its share of ", " plus its share of ",
                             " with their share of ", " and their share of ", " with its % of ",
                             " and its % of ", " with their % of ", " with each one's share of ",
                             " as a share of ", " as a % of ", " as a percentage of "}) {
      const auto at = lowered.find(lead);
      if (at == std::string::npos) continue;
      std::string first = request.question.substr(0, at);
      while (!first.empty() && (first.back() == ',' || first.back() == ' ')) first.pop_back();
      const std::string whole = request.question.substr(at + std::string_view(lead).size());
      if (auto share = plan_figure_and_its_share(*this, model_, request, first,
                                                 "what share of " + whole + " is that")) {
        share->understood.back()["text"] = request.question.substr(at + 1);
        return std::move(*share);
      }
    }
  }
  if (const auto two = split_second_question(request.question); !two.first.empty()) {
    if (auto both = plan_two_clauses(request, two.first, two.second)) return std::move(*both);
    if (auto both = plan_second_figure(*this, model_, request, two.first, two.second)) {
      return std::move(*both);
    }
    if (auto one = plan_leaders_own_figure(*this, request, two.first, two.second)) {
      return std::move(*one);
    }
    if (auto facts = plan_leaders_facts(*this, request, two.first, two.second)) {
      return std::move(*facts);
    }
    if (auto share = plan_figure_and_its_share(*this, model_, request, two.first, two.second)) {
      return std::move(*share);
    }
    plan.status = Plan::Status::kNeedsClarification;
    plan.partial = true;
    plan.understood = nlohmann::json::array(
        {{{"text", two.first}, {"as", "question"}, {"meaning", "a first figure"}},
         {{"text", two.second}, {"as", "question"}, {"meaning", "a second figure"}}});
    plan.clarification = {
        {"question", "That asks for two figures — \"" + two.first + "\" and \"" + two.second +
                         "\" — and I answer one at a time, so neither is left out. Shall I start "
                         "with the first? You can ask the second as a follow-up."},
        {"reason", "two_questions"},
        {"options", nlohmann::json::array({{{"label", two.first}, {"question", two.first}}})}};
    return plan;
  }
  // "number of payments and their total (by month)": the same rows counted and summed — a
  // second figure without a measure word of its own, which read whole would be the "in total"
  // of the first and silently dropped.
  if (auto first = without_and_their_total(request.question)) {
    if (auto both = plan_two_clauses(request, *first, "and what total")) return std::move(*both);
    // Not two aggregates of the same rows: read whole, the total would be dropped silently.
    plan.status = Plan::Status::kNeedsClarification;
    plan.partial = true;
    plan.clarification = {
        {"question", "That asks for two figures — \"" + *first +
                         "\" and their total — and I cannot put both side by side for this "
                         "question. Shall I start with the first? You can ask the second as a "
                         "follow-up."},
        {"reason", "two_questions"},
        {"options", nlohmann::json::array({{{"label", *first}, {"question", *first}}})}};
    return plan;
  }
  // "paying customers in March, and avg spend per paying customer": two clauses that each name a
  // measure of their own are two figures even without "how many" or "what" after the comma
  // (read whole, the second measure's words would swallow the first).
  for (const char* join : {", and ", ", plus ", "; and ", "; "}) {
    const auto at = request.question.find(join);
    if (at == std::string::npos || request.question.find('?') < at) continue;
    PlanRequest part = request;
    part.question = request.question.substr(0, at);
    const Plan one = this->plan(part);
    part.question = request.question.substr(at + std::string_view(join).size());
    const Plan two = this->plan(part);
    const auto t1 = measure_text(one), t2 = measure_text(two);
    if (one.status != Plan::Status::kOk || t1.empty()) break;
    if (two.status != Plan::Status::kOk || t2.empty() ||
        one.semantic_query.value("metric", "") == two.semantic_query.value("metric", "")) {
      // "X: total film count, plus the number with an R rating": the same measure over some of
      // the first figure's rows — read whole, the first figure was dropped.
      if (auto both = plan_second_figure(*this, model_, request, request.question.substr(0, at),
                                         part.question)) {
        return std::move(*both);
      }
      break;
    }
    if (auto both = plan_two_clauses(request, request.question.substr(0, at), part.question)) {
      return std::move(*both);
    }
    if (auto both = plan_second_figure(*this, model_, request, request.question.substr(0, at),
                                       part.question)) {
      return std::move(*both);
    }
    plan.status = Plan::Status::kNeedsClarification;
    plan.partial = true;
    plan.clarification = {
        {"question", "That asks for two figures — \"" + request.question.substr(0, at) +
                         "\" and \"" + part.question +
                         "\" — and I answer one at a time, so neither is left out. Shall I start "
                         "with the first? You can ask the second as a follow-up."},
        {"reason", "two_questions"},
        {"options", nlohmann::json::array({{{"label", request.question.substr(0, at)},
                                            {"question", request.question.substr(0, at)}}})}};
    return plan;
  }
  // "customers who rented in May but not in June": what is counted, kept by what else it did.
  if (auto kept = plan_row_sets(*this, model_, request)) return std::move(*kept);
  const auto index = values_ != nullptr ? values_->current() : nullptr;
  // The words as typed (for quoting back) and as read (typos corrected against the vocabulary).
  const auto raw = tokenize(capitalised_us_as_country(request.question));
  Tokens tokens = raw;
  std::vector<Claim> claims;
  if (index) {
    // "harvey hoppe": a name whose first word is right and a later one a letter off is read as
    // that name before any word is corrected on its own ("hoppe" alone is nearer "hopper").
    std::vector<bool> named(raw.size(), false);
    for (const auto& m : index->find(raw, std::vector<bool>(raw.size(), false))) {
      if (!m.fuzzy || m.candidates.size() != 1) continue;
      std::string value = m.candidates.front()->value;
      for (auto& c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      const auto words = tokenize(value);
      if (words.size() != m.end - m.begin) continue;
      for (size_t k = m.begin; k < m.end; ++k) {
        named[k] = true;
        if (tokens[k] == words[k - m.begin]) continue;
        tokens[k] = words[k - m.begin];
        claims.push_back({k, k + 1, "spelling", "read as \"" + tokens[k] + "\""});
      }
    }
    for (size_t i = 0; i < tokens.size(); ++i) {
      if (named[i]) continue;
      if (classify_word(raw[i]) != WordClass::kContent || number_value(raw[i])) continue;
      if (auto fixed = index->correct(raw[i], i + 1 < raw.size() ? raw[i + 1] : std::string());
          fixed && *fixed != raw[i]) {
        tokens[i] = *fixed;
        claims.push_back({i, i + 1, "spelling", "read as \"" + *fixed + "\""});
      }
    }
  }
  std::vector<bool> used(tokens.size(), false);
  const auto as_of = parse_date(request.as_of).value_or(std::chrono::sys_days{});
  const auto as_of_instant = parse_instant(request.as_of);
  // Records what a recogniser just read: every newly used run of tokens is one claim.
  const auto claim_new = [&](const std::vector<bool>& before, const std::string& as,
                             const std::vector<std::string>& meanings) {
    size_t n = 0;
    for (size_t i = 0; i < tokens.size();) {
      if (!used[i] || before[i]) {
        ++i;
        continue;
      }
      size_t j = i;
      while (j < tokens.size() && used[j] && !before[j]) ++j;
      claims.push_back({i, j, as, n < meanings.size() ? meanings[n] : meanings.back()});
      ++n;
      i = j;
    }
  };

  // "films released in 2006": a year a film came out, not a period of rentals or payments.
  std::vector<Condition> release_conditions;
  for (size_t i = 0; i < tokens.size(); ++i) {
    size_t k = i;
    if (tokens[k] == "released" || tokens[k] == "release") {
      ++k;
    } else if (tokens[k] == "came" && k + 1 < tokens.size() && tokens[k + 1] == "out") {
      k += 2;
    } else {
      continue;
    }
    std::string op = "=";
    if (k < tokens.size() && (tokens[k] == "in" || tokens[k] == "during")) {
      ++k;
    } else if (k < tokens.size() && (tokens[k] == "before" || tokens[k] == "after" ||
                                     tokens[k] == "since" || tokens[k] == "until")) {
      op = tokens[k] == "before" || tokens[k] == "until" ? "<" : tokens[k] == "after" ? ">" : ">=";
      ++k;
    }
    if (k < tokens.size() && tokens[k].size() == 4 && number_value(tokens[k]) &&
        tokens[k].find_first_not_of("0123456789") == std::string::npos) {
      const double year = *number_value(tokens[k]);
      // "released in 2020 or later", "came out in 2015 onwards": the year is a bound.
      size_t end = k + 1;
      if (op == "=") {
        // (As typed: "later" is not corrected to "late" here.)
        const auto next = [&](size_t at) { return at < raw.size() ? raw[at] : ""; };
        if (next(end) == "onwards" || next(end) == "on" || next(end) == "onward") {
          op = ">=";
          end += 1;
        } else if ((next(end) == "or" || next(end) == "and") &&
                   (next(end + 1) == "later" || next(end + 1) == "after" ||
                    next(end + 1) == "newer" || next(end + 1) == "since")) {
          op = ">=";
          end += 2;
        } else if ((next(end) == "or" || next(end) == "and") &&
                   (next(end + 1) == "earlier" || next(end + 1) == "before" ||
                    next(end + 1) == "older")) {
          op = "<=";
          end += 2;
        }
      }
      for (size_t j = k + 1; j < end; ++j) tokens[j] = raw[j];
      std::erase_if(claims, [&](const Claim& c) {
        return c.as == "spelling" && c.begin > k && c.begin < end;
      });
      release_conditions.push_back(
          {i, end, op, year, 0, "", "release_year", join_tokens(tokens, i, end)});
      for (size_t j = i; j < end; ++j) used[j] = true;
    }
  }
  // ---- time ----
  auto before = used;
  // "month over month", "YoY" (read as "year over year"): each period against the one before.
  std::optional<Match> over_period;
  for (size_t i = 0; i + 2 < tokens.size(); ++i) {
    static const std::set<std::string> kGrains = {"day", "week", "month", "quarter", "year"};
    if (used[i] || used[i + 1] || used[i + 2] || tokens[i + 1] != "over" ||
        tokens[i] != tokens[i + 2] || kGrains.count(tokens[i]) == 0) {
      continue;
    }
    over_period = Match{i, i + 3, tokens[i], true};
    used[i] = used[i + 1] = used[i + 2] = true;
    claims.push_back({i, i + 3, "growth", "each " + tokens[i] + " against the one before"});
    break;
  }
  // "both months", "the two quarters", "both numbers": show each figure compared — how the
  // answer is laid out, not a breakdown by month.
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    static const std::set<std::string> kShown = {"months", "quarters", "weeks",
                                                 "years",  "periods",  "halves"};
    if (used[i] || used[i + 1] || kShown.count(tokens[i + 1]) == 0) continue;
    const bool both =
        tokens[i] == "both" || (tokens[i] == "two" && i > 0 && tokens[i - 1] == "the");
    if (!both) continue;
    used[i] = used[i + 1] = true;
    claims.push_back({i, i + 2, "presentation", "each figure compared, side by side"});
  }
  auto times = find_time_ranges(tokens, used, as_of, as_of_instant);
  // "June vs July takings: both, and how far July fell short": a period named again is the same
  // period, not a third one.
  for (size_t k = 1; k < times.size();) {
    const bool again = std::any_of(
        times.begin(), times.begin() + static_cast<std::ptrdiff_t>(k),
        [&](const TimeRange& r) { return r.from == times[k].from && r.to == times[k].to; });
    if (again) {
      times.erase(times.begin() + static_cast<std::ptrdiff_t>(k));
    } else {
      ++k;
    }
  }

  {
    // Where each period was read (one run of newly read words per period, in order).
    std::vector<std::pair<size_t, size_t>> runs;
    for (size_t i = 0; i < tokens.size();) {
      if (!used[i] || before[i]) {
        ++i;
        continue;
      }
      size_t j = i;
      while (j < tokens.size() && used[j] && !before[j]) ++j;
      runs.emplace_back(i, j);
      i = j;
    }
    // "June vs the previous month": "previous" after another period is relative to that one.
    if (runs.size() == times.size()) {
      for (size_t k = 1; k < times.size(); ++k) {
        const auto& w = tokens[runs[k].first];
        if (w == "previous" || w == "preceding" || w == "prior") {
          times[k] = previous_period(times[0]);
        }
      }
    }
    // "the weekend of July 30": the Saturday and Sunday of that week.
    if (runs.size() == times.size()) {
      for (size_t r = 0; r < runs.size(); ++r) {
        const size_t at = runs[r].first;
        if (times[r].grain != "day" || at < 2 || tokens[at - 1] != "of" ||
            !(tokens[at - 2] == "weekend" || tokens[at - 2] == "weekends")) {
          continue;
        }
        const std::chrono::weekday wd{times[r].from};
        const auto saturday = times[r].from +
                              std::chrono::days{(6 - static_cast<int>(wd.iso_encoding()) + 7) % 7} -
                              std::chrono::days{wd.iso_encoding() == 7 ? 7 : 0};
        times[r].from = saturday;
        times[r].to = saturday + std::chrono::days{2};
        times[r].label =
            format_date(saturday) + " to " + format_date(saturday + std::chrono::days{1});
        used[at - 2] = used[at - 1] = true;
      }
    }
    static const std::set<std::string> kPeriodUnits = {
        "day",      "days", "week",  "weeks",     "month",      "months", "quarter",
        "quarters", "year", "years", "fortnight", "fortnights", "hour",   "hours"};
    // In a follow-up with no period of its own, "the week before" is the one before the
    // previous question's period.
    std::optional<TimeRange> asked_before;
    if (times.empty() && request.previous.is_object() && request.previous.contains("time") &&
        request.previous["time"].is_object()) {
      asked_before = range_from_json(request.previous["time"]);
    }
    // "the month before", "the 7 days before that", "the quarter prior", "a year earlier"
    for (size_t i = 0; i < tokens.size() && (!times.empty() || asked_before); ++i) {
      if (used[i]) continue;
      size_t k = i;
      if (tokens[k] == "the" || tokens[k] == "a") ++k;
      int count = 1;
      if (k < tokens.size() && !used[k] && number_value(tokens[k])) {
        count = static_cast<int>(*number_value(tokens[k]));
        ++k;
      }
      if (k >= tokens.size() || used[k] || kPeriodUnits.count(tokens[k]) == 0) continue;
      const std::string unit = tokens[k];
      ++k;
      if (k >= tokens.size() || used[k] ||
          !(tokens[k] == "before" || tokens[k] == "prior" || tokens[k] == "earlier")) {
        continue;
      }
      ++k;
      if (k < tokens.size() && !used[k] &&
          (tokens[k] == "that" || tokens[k] == "it" || tokens[k] == "then"))
        ++k;
      // "the 24 hours before" a window in hours: that many hours up to where it starts (hours
      // before a period of whole days are not read).
      if (unit == "hour" || unit == "hours") {
        const TimeRange* base = times.empty() ? &*asked_before : &times.front();
        if (!base->after || (k < tokens.size() && used[k])) continue;
        TimeRange span = *base;
        span.until = base->after;
        span.after = *base->after - std::chrono::hours{std::max(1, count)};
        span.from = std::chrono::floor<std::chrono::days>(*span.after);
        span.to = std::chrono::floor<std::chrono::days>(*span.until) + std::chrono::days{1};
        span.label = "the " + std::to_string(std::max(1, count)) + " hours before " + base->label;
        times.push_back(span);
        for (size_t j = i; j < k; ++j) used[j] = true;
        i = k - 1;
        continue;
      }
      // "the day before yesterday", "the week before last week": the period before the one
      // that follows; otherwise the one before the first period asked about.
      if (k < tokens.size() && used[k] && !before[k] && runs.size() == times.size()) {
        const std::string u = unit.ends_with("s") ? unit.substr(0, unit.size() - 1) : unit;
        for (size_t r = 0; r < runs.size(); ++r) {
          if (runs[r].first != k) continue;
          if (count == 1 && u == times[r].grain) {
            times[r] = previous_period(times[r]);
            continue;
          }
          // "the 3 months before July": April to June, the length said, up to that period.
          TimeRange span = shifted_back(times[r], unit, std::max(1, count));
          span.to = times[r].from;
          span.grain = u == "week" || u == "fortnight" ? "day" : u;
          span.label =
              format_date(span.from) + " to " + format_date(span.to - std::chrono::days{1});
          times[r] = span;
        }
      } else {
        // "a week earlier" than yesterday is a day, seven days back — never simply the period
        // before ("the month before" July is June: the same thing when the units agree).
        // "The 7 days before", "the month before": a period of that length just before.
        const TimeRange& base = times.empty() ? *asked_before : times.front();
        if (tokens[i] == "the") {
          TimeRange span = shifted_back(base, unit, std::max(1, count));
          const std::string u = unit.ends_with("s") ? unit.substr(0, unit.size() - 1) : unit;
          if (!(u == base.grain && count == 1)) {
            span.to = base.from;
            span.grain = u == "week" || u == "fortnight" ? "day" : u;
            span.label =
                format_date(span.from) + " to " + format_date(span.to - std::chrono::days{1});
          }
          times.push_back(span);
        } else {
          times.push_back(shifted_back(base, unit, std::max(1, count)));
        }
      }
      // "the same day a week earlier": "the same day" is the period moved, already read.
      size_t begin = i;
      if (begin >= 2 && tokens[begin - 2] == "same" &&
          (tokens[begin - 1] == "day" || tokens[begin - 1] == "date" ||
           tokens[begin - 1] == "period" || tokens[begin - 1] == "days" ||
           tokens[begin - 1] == "weekday" || tokens[begin - 1] == "time")) {
        begin -= 2;
        if (begin > 0 && tokens[begin - 1] == "the") --begin;
      }
      for (size_t j = begin; j < k; ++j) used[j] = true;
      i = k - 1;
    }
  }
  // "what's the % change from March?" after "april revenue": the change runs from the period named
  // to the one the conversation is about; with no later period to run to, it is asked back.
  std::optional<TimeRange> change_from;
  if (times.size() == 1) {
    for (size_t i = 1; i < tokens.size(); ++i) {
      // ("how much more or less was that than April?": "than" compares with the period named.)
      const bool than = tokens[i - 1] == "than";
      if (!used[i] || before[i] || (tokens[i - 1] != "from" && tokens[i - 1] != "since" && !than)) {
        continue;
      }
      const bool change =
          than || std::any_of(tokens.begin(), tokens.end(), [](const std::string& w) {
            return classify_word(w) == WordClass::kGrowth;
          });
      if (!change || used[i - 1]) break;
      std::optional<TimeRange> later;
      if (request.previous.is_object() && request.previous.contains("time") &&
          request.previous["time"].is_object()) {
        const auto earlier = range_from_json(request.previous["time"]);
        if (earlier && (earlier->from >= times[0].to || (than && earlier->to <= times[0].from))) {
          later = earlier;
        }
      }
      change_from = times[0];
      if (later) {
        times.push_back(*later);
        // ("than" stays free: it is what makes the two periods a comparison.)
        if (!than) used[i - 1] = true;
      }
      break;
    }
  }
  if (change_from && times.size() == 1) {
    plan.status = Plan::Status::kNeedsClarification;
    plan.partial = true;
    plan.clarification = {{"question", "A change from " + change_from->label +
                                           " to which period? Name both, e.g. \"" +
                                           change_from->label + " vs the month after\"."},
                          {"options", nlohmann::json::array()}};
    return plan;
  }
  {
    // "last month vs the previous month": read as two July 2022s; the second is the one before.
    if (times.size() == 2 && times[0].from == times[1].from && times[0].to == times[1].to) {
      times[1] = previous_period(times[0]);
    }
    std::vector<std::string> labels;
    labels.reserve(times.size());
    for (const auto& r : times) {
      // ("last week (2022-08-15 to 2022-08-21)" already says its days.)
      const std::string days =
          format_date(r.from) + " to " + format_date(r.to - std::chrono::days{1});
      labels.push_back(r.label.find(days) != std::string::npos ? r.label
                                                               : r.label + " (" + days + ")");
    }
    if (labels.empty()) labels.emplace_back("a period");
    claim_new(before, "period", labels);
  }
  // "for each of the last 7 days", "every month this year": a breakdown by that grain.
  std::string each_grain;
  // "customers who rented on each of the last 3 days": a count of people on each day, or the
  // people who rented on every one of them — asked back below when the measure counts people.
  bool on_each = false;
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (used[i] || !(tokens[i] == "each" || tokens[i] == "every")) continue;
    on_each = i > 0 && (tokens[i - 1] == "on" || tokens[i - 1] == "in");
    size_t k = i + 1;
    while (k < tokens.size() && !used[k] && (tokens[k] == "of" || tokens[k] == "the")) ++k;
    for (size_t j = k; j < std::min(tokens.size(), k + 4) && used[j]; ++j) {
      const auto& w = tokens[j];
      if (w == "days" || w == "day") each_grain = "day";
      if (w == "weeks" || w == "week") each_grain = "week";
      if (w == "months" || w == "month") each_grain = "month";
    }
    if (!each_grain.empty()) {
      for (size_t j = i; j < k; ++j) used[j] = true;
      break;
    }
  }
  // The question's period as words for questions offered back ("Revenue in July 2022").
  const std::string asked_period =
      times.empty() ? std::string() : period_words(times.front().label);

  // ---- stores ----
  before = used;
  const auto store_mentions = find_stores(tokens, used);
  claim_new(before, "store", {"stores named"});

  // ---- values from the data: films, actors, customers' cities, stores by their city ----
  Entities entities;
  entities.stores = store_mentions.ids;
  entities.both_stores = store_mentions.both || store_mentions.all;
  std::vector<ValueMatch> ambiguous;
  if (index) {
    for (const auto& m : index->find(tokens, used)) {
      // Keep the candidates this phrase can be here: a city needs "in/from/city/customers"
      // around it (Batman, Aurora, Lincoln are cities too); a store's city needs a store word.
      const auto near = [&](std::initializer_list<const char*> words, size_t reach) {
        for (size_t k = m.begin >= reach ? m.begin - reach : 0;
             k < std::min(tokens.size(), m.end + reach); ++k) {
          if (k >= m.begin && k < m.end) continue;
          for (const char* w : words) {
            if (tokens[k] == w) return true;
          }
        }
        return false;
      };
      // Where the customers live is said before the name ("in Hamilton", "living in Hamilton");
      // an "in" after it belongs to what follows ("what did Hamilton take in June?").
      const auto near_before = [&](std::initializer_list<const char*> words) {
        for (size_t k = m.begin >= 2 ? m.begin - 2 : 0; k < m.begin; ++k) {
          for (const char* w : words) {
            if (tokens[k] == w) return true;
          }
        }
        return false;
      };
      // ("what did Hamilton take in June?": a name that is only a store's city is that store,
      // store word or not. "same for Hamilton?" after a question about no place of customers: a
      // place said on its own edits where — the store there, even where a customer lives in a
      // town of that name.)
      const bool only_a_store = !m.candidates.empty() &&
                                std::all_of(m.candidates.begin(), m.candidates.end(),
                                            [](const ValueEntry* c) { return c->kind == "store"; });
      const bool place_alone = [&] {
        if (!request.previous.is_object() || tokens.size() > 5) return false;
        const auto is_place = [](const std::string& dim) {
          return dim == "city" || dim == "country";
        };
        const auto filters = request.previous.value("filters", nlohmann::json::array());
        const auto dims = request.previous.value("dimensions", nlohmann::json::array());
        return std::none_of(
                   filters.begin(), filters.end(),
                   [&](const nlohmann::json& f) { return is_place(f.value("dimension", "")); }) &&
               std::none_of(dims.begin(), dims.end(), [&](const nlohmann::json& d) {
                 return d.is_string() && is_place(d.get<std::string>());
               });
      }();
      // ("the shop in New Zealand", "our New Zealand branch": a store named by its country only
      // with the store word right there — "customers in Brazil by store" are customers.)
      const bool store_of_country =
          (m.begin >= 2 && tokens[m.begin - 1] == "in" && is_store_word(tokens[m.begin - 2])) ||
          (m.end < tokens.size() && is_store_word(tokens[m.end]));
      std::vector<const ValueEntry*> kept;
      for (const auto* c : m.candidates) {
        if (c->kind == "store" && c->value == c->detail && !store_of_country) continue;
        const bool fits =
            c->kind == "film" || c->kind == "actor" ||
            (c->kind == "store" && (only_a_store || place_alone)) ||
            (c->kind == "city" &&
             (near_before({"in", "from", "living", "based", "located", "live", "lives", "town"}) ||
              near({"city", "cities", "customers", "customer", "town"}, 2))) ||
            (c->kind == "store" &&
             near({"store", "stores", "branch", "shop", "location", "manager", "managers"}, 2));
        if (fits) kept.push_back(c);
      }
      // A name that is a store's city and a customer's town, the subject of what a store does
      // ("what did Hamilton take in June?", "Hamilton took how much?"), is the store there.
      // (Any other place word stays unread: 500 stores' cities are common words too.)
      static const std::set<std::string> kAuxiliary = {"did", "does", "has", "had", "do"};
      static const std::set<std::string> kStoreVerbs = {
          "took", "takes",   "take",   "made", "makes",   "earned", "earns", "rented", "rents",
          "did",  "brought", "pulled", "sold", "grossed", "turned", "do",    "does"};
      const bool store_subject = (m.begin > 0 && kAuxiliary.count(tokens[m.begin - 1]) > 0) ||
                                 (m.end < tokens.size() && kStoreVerbs.count(tokens[m.end]) > 0);
      if (kept.empty() && store_subject) {
        std::copy_if(m.candidates.begin(), m.candidates.end(), std::back_inserter(kept),
                     [&](const ValueEntry* c) {
                       return c->kind == "store" && (c->value != c->detail || store_of_country);
                     });
      }
      if (kept.empty()) continue;
      // "the Hamilton branch", "in the Hamilton store": a store word right beside the name makes
      // it the store, even where the city would fit too.
      // ("the Hamilton manager": the manager of the store there.)
      const bool store_word_beside =
          (m.end < tokens.size() && (is_store_word(tokens[m.end]) || tokens[m.end] == "manager" ||
                                     tokens[m.end] == "managers")) ||
          (m.begin > 0 && is_store_word(tokens[m.begin - 1]));
      if (store_word_beside || place_alone) {
        std::stable_partition(kept.begin(), kept.end(),
                              [](const ValueEntry* c) { return c->kind == "store"; });
      }
      // Equal names of one kind (two actors called SUSAN DAVIS, two Londons) are two things.
      const auto& kind = kept.front()->kind;
      std::erase_if(kept, [&](const ValueEntry* c) { return c->kind != kind; });
      for (size_t k = m.begin; k < m.end; ++k) used[k] = true;
      if (kind == "store") {
        // Mark the store word of "the Hamilton store" too.
        for (size_t k = m.end; k < std::min(tokens.size(), m.end + 1); ++k) {
          if (is_store_word(tokens[k])) used[k] = true;
        }
        if (m.begin > 0 && is_store_word(tokens[m.begin - 1])) used[m.begin - 1] = true;
      }
      // "the Xiangtan store": several stores in one city, none of them the asker's — refused
      // below like any store outside the scope, never asked about.
      if (kind == "store" && kept.size() > 1 &&
          std::none_of(kept.begin(), kept.end(), [&](const ValueEntry* c) {
            return std::find(request.store_ids.begin(), request.store_ids.end(),
                             static_cast<int>(c->id)) != request.store_ids.end();
          })) {
        claims.push_back({m.begin, m.end, kind, "stores in " + kept.front()->value});
        for (const auto* c : kept) entities.stores.push_back(static_cast<int>(c->id));
        continue;
      }
      // "Hamilton" for a user with one store there among several: that user's store.
      if (kind == "store" && kept.size() > 1) {
        const auto mine = [&](const ValueEntry* c) {
          return std::find(request.store_ids.begin(), request.store_ids.end(),
                           static_cast<int>(c->id)) != request.store_ids.end();
        };
        if (std::count_if(kept.begin(), kept.end(), mine) == 1)
          std::erase_if(kept, std::not_fn(mine));
      }
      if (kept.size() > 1) {
        ValueMatch amb = m;
        amb.candidates = kept;
        ambiguous.push_back(std::move(amb));
        continue;
      }
      const auto* v = kept.front();
      claims.push_back(
          {m.begin, m.end, kind, v->value + (v->detail.empty() ? "" : " (" + v->detail + ")")});
      if (kind == "store") {
        entities.stores.push_back(static_cast<int>(v->id));
      } else if (kind == "film") {
        add_filter(entities.filters, "film", v->value, m.begin, m.end);
      } else if (kind == "actor") {
        add_filter(entities.filters, "actor", v->value, m.begin, m.end);
      } else if (kind == "city") {
        add_filter(entities.filters, "city", v->value, m.begin, m.end);
      }
    }
    // "customer 148", "customer #148", "customer id 148": a customer by id (names are masked).
    for (size_t i = 0; i + 1 < tokens.size(); ++i) {
      if (used[i] || tokens[i] != "customer") continue;
      size_t k = i + 1;
      while (
          k < tokens.size() && !used[k] &&
          (tokens[k] == "#" || tokens[k] == "id" || tokens[k] == "no" || tokens[k] == "number")) {
        ++k;
      }
      if (k >= tokens.size() || used[k]) continue;
      const auto n = number_value(tokens[k]);
      if (!n || *n < 1 || tokens[k].find_first_not_of("0123456789") != std::string::npos) continue;
      add_filter(entities.filters, "customer", static_cast<int>(*n), i, k + 1);
      for (size_t j = i; j <= k; ++j) used[j] = true;
      claims.push_back({i, k + 1, "customer", "customer id " + tokens[k]});
    }
    // "actor 101": an actor by id (two actors share a name).
    for (size_t i = 0; i + 1 < tokens.size(); ++i) {
      if (used[i] || used[i + 1] || tokens[i] != "actor") continue;
      const auto n = number_value(tokens[i + 1]);
      if (!n || *n < 1 || *n > 100000 ||
          tokens[i + 1].find_first_not_of("0123456789") != std::string::npos) {
        continue;
      }
      add_filter(entities.filters, "actor_id", static_cast<int>(*n), i, i + 2);
      used[i] = used[i + 1] = true;
      claims.push_back({i, i + 2, "actor", "actor id " + tokens[i + 1]});
    }
  }

  // "the New Zealand shop", "the NZ branch": a country beside a store word names the stores in
  // that country, not where customers live. The asker's stores there if they have any; else all
  // of them — outside the scope, so refused below like any other store. (The places are the
  // stores' own: each store's city comes with its country.) Only with a store word in the
  // question: the list of places is built per question, and most questions name no store.
  if (index && std::any_of(tokens.begin(), tokens.end(),
                           [](const std::string& w) { return is_store_word(w); })) {
    const auto stores = index->of_kind("store");
    // Every country (with a store or not) and the other names people give them ("USA", "the
    // Kiwi store", "the Aussie branch"), each with the country it names.
    std::vector<std::pair<Tokens, std::string>> places;
    for (const auto* store : stores) {
      if (!store->detail.empty())
        places.emplace_back(split_words(lower(store->detail)), store->detail);
    }
    for (const auto* country : index->of_kind("country")) {
      places.emplace_back(split_words(lower(country->value)), country->value);
    }
    for (const char* kind : {"country", "country_demonym"}) {
      if (auto a = model_.aliases.find(kind); a != model_.aliases.end()) {
        for (const auto& [alias, value] : a->second) places.emplace_back(split_words(alias), value);
      }
    }
    // Longest names first: "south africa" before "africa", "the us" before "us".
    std::stable_sort(places.begin(), places.end(),
                     [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    for (size_t i = 0; i < tokens.size(); ++i) {
      for (const auto& [words, place] : places) {
        const size_t end = i + words.size();
        if (words.empty() || end > tokens.size()) continue;
        bool same = true;
        for (size_t k = 0; k < words.size() && same; ++k) {
          same = !used[i + k] && tokens[i + k] == words[k];
        }
        if (!same) continue;
        const bool store_after = end < tokens.size() && is_store_word(tokens[end]);
        const bool store_before = i > 0 && is_store_word(tokens[i - 1]) && !used[i - 1];
        if (!store_after && !store_before) continue;
        std::vector<int> there;
        std::vector<int> mine;
        for (const auto* store : stores) {
          const int id = static_cast<int>(store->id);
          if (store->detail != place || std::find(there.begin(), there.end(), id) != there.end()) {
            continue;
          }
          there.push_back(id);
          if (std::find(request.store_ids.begin(), request.store_ids.end(), id) !=
              request.store_ids.end()) {
            mine.push_back(id);
          }
        }
        if (there.empty()) {
          // "our UK branch": no store is there at all — nothing of the asker's to answer for.
          plan.status = Plan::Status::kRefused;
          plan.refusal_code = "scope_denied";
          plan.refusal_reason = "There is no store of yours in " + place + " (your store" +
                                std::string(request.store_ids.size() > 1 ? "s: " : ": ") +
                                join_ints(request.store_ids) + ").";
          plan.suggestion =
              "Ask about store " + std::to_string(request.store_ids.front()) + " instead.";
          return plan;
        }
        for (size_t k = i; k < end; ++k) used[k] = true;
        if (store_after) used[end] = true;
        if (store_before) used[i - 1] = true;
        claims.push_back({i, end, "store", "the stores in " + place});
        for (int id : mine.empty() ? there : mine) entities.stores.push_back(id);
        break;
      }
    }
  }

  // A store outside the scope is refused as soon as it is read, whatever else the question
  // asks (or fails to ask): never answered for the stores in scope, never asked back about.
  for (int s : entities.stores) {
    if (refused_outside_scope(plan, request, s)) return plan;
  }
  // "store 2's customers", "customers whose home store is store 1", "registered at store 2",
  // "store 1 as their home store": the customers' home store (customer.store_id), not where a
  // rental or payment happened — a filter of its own, never the store the figure is counted in.
  std::vector<std::pair<size_t, size_t>> home_store_spans;
  // "rentals by customers whose home store is 2", "takings from store 1's customers": the people
  // after "by"/"from" are who did it, not a measure or a breakdown of their own.
  const auto absorb_agent = [&](size_t& begin, size_t end) {
    static const std::set<std::string> kWho = {"customers", "customer", "custs",  "people",
                                               "renters",   "clients",  "members"};
    const auto agent = [&](size_t k) {
      return k >= 1 && (tokens[k - 1] == "by" || tokens[k - 1] == "from");
    };
    size_t p = begin;
    if (p >= 1 && (tokens[p - 1] == "whose" || tokens[p - 1] == "who")) --p;
    if (p >= 1 && kWho.count(tokens[p - 1]) > 0 && agent(p - 1)) {
      begin = p - 2;
      return;
    }
    for (size_t k = begin; k < end; ++k) {
      if (kWho.count(tokens[k]) > 0 && agent(begin)) {
        used[k] = true;
        begin = begin - 1;
        return;
      }
    }
  };
  for (const auto& [b, e] : store_mentions.spans) {
    if (e - b != 2 || !is_store_word(tokens[b]) || !number_value(tokens[b + 1])) continue;
    const int id = static_cast<int>(*number_value(tokens[b + 1]));
    const auto at = [&](size_t k) { return k < tokens.size() ? tokens[k] : std::string(); };
    size_t k = b;  // the span's start, with "the", "my", "our" before it
    while (k > 0 && (tokens[k - 1] == "the" || tokens[k - 1] == "my" || tokens[k - 1] == "our")) {
      --k;
    }
    static const std::set<std::string> kPeople = {"customers", "customer", "clients", "client",
                                                  "members",   "renters",  "people",  "base",
                                                  "books",     "regulars"};
    size_t begin = k, end = e;
    // "registered at / with / to store 2", "signed up at store 1".
    if (k >= 2 && (at(k - 1) == "at" || at(k - 1) == "with" || at(k - 1) == "to") &&
        (at(k - 2) == "registered" || at(k - 2) == "enrolled" ||
         (at(k - 2) == "up" && k >= 3 && at(k - 3) == "signed"))) {
      begin = at(k - 2) == "up" ? k - 3 : k - 2;
    } else if (k >= 3 && (at(k - 1) == "is" || at(k - 1) == "was" || at(k - 1) == "=") &&
               is_store_word(at(k - 2)) && (at(k - 3) == "home" || at(k - 3) == "registered")) {
      // "whose home store is store 1"
      begin = k - 3;
    } else if (at(e) == "as" &&
               (at(e + 1) == "home" ||
                ((at(e + 1) == "their" || at(e + 1) == "a" || at(e + 1) == "the" ||
                  at(e + 1) == "his" || at(e + 1) == "her") &&
                 at(e + 2) == "home")) &&
               is_store_word(at(e + (at(e + 1) == "home" ? 2 : 3)))) {
      // "have store 2 as their home store"
      end = e + (at(e + 1) == "home" ? 3 : 4);
    } else if (kPeople.count(at(e)) > 0 && at(e) != "books" && at(e) != "base") {
      // "store 2's customers", "store 1 customers"
      end = e + 1;
    } else if ((at(e) == "customer" && (at(e + 1) == "base" || at(e + 1) == "list")) ||
               ((at(e) == "books" || at(e) == "base") && k >= 1 && at(k - 1) == "on")) {
      // "store 2's customer base", "on store 1's books"
      end = at(e) == "customer" ? e + 2 : e + 1;
      if (at(e) != "customer") begin = k - 1;
    } else if (k >= 2 && at(k - 1) == "of" && kPeople.count(at(k - 2)) > 0 &&
               at(k - 2) != "books" && at(k - 2) != "base") {
      // "the customers of store 2"
      begin = k - 2;
    } else {
      continue;
    }
    // ("belong to store 2's customer base": the base said after the store is the same thing.)
    if (end == e && at(e) == "customer" && (at(e + 1) == "base" || at(e + 1) == "list")) {
      end = e + 2;
    }
    if (std::any_of(tokens.begin() + static_cast<std::ptrdiff_t>(begin),
                    tokens.begin() + static_cast<std::ptrdiff_t>(end),
                    [](const std::string& w) { return w == "home" || w == "registered"; }) ||
        begin < b || end > e) {
      absorb_agent(begin, end);
      std::erase(entities.stores, id);
      Filter home;
      home.dimension = "home_store";
      home.value = id;
      home.begin = b;
      home.end = e;
      entities.filters.push_back(std::move(home));
      // (The people word stays for the measure to read: "store 2's customers" still counts
      // customers.)
      for (size_t w = begin; w < end; ++w) {
        if (kPeople.count(tokens[w]) == 0 || tokens[w] == "base" || tokens[w] == "books" ||
            (w > 0 && (tokens[w - 1] == "by" || tokens[w - 1] == "from") && w < b)) {
          used[w] = true;
        }
      }
      if (at(end - 1) == "base" || at(end - 1) == "list") used[end - 2] = true;
      home_store_spans.emplace_back(begin, end);
      const size_t span_begin = b;  // (a lambda may not capture a structured binding)
      std::erase_if(claims,
                    [&](const Claim& c) { return c.as == "store" && c.begin == span_begin; });
      claims.push_back(
          {begin, end, "filter", "customers whose home store is Store " + std::to_string(id)});
    }
  }
  // "customers registered with my store", "whose home store is 1", "home store = mine": the
  // home store said without "store N" ("my store" is the asker's one store; a number alone
  // after "home store is" is a store's).
  for (size_t i = 0; i + 2 < tokens.size(); ++i) {
    if (used[i]) continue;
    const auto at = [&](size_t k) { return k < tokens.size() ? tokens[k] : std::string(); };
    size_t end = 0;
    std::optional<int> id;
    // "whose home store isn't mine", "home store is not 2": every other home store.
    bool negated = false;
    const bool registered =
        at(i) == "registered" || at(i) == "enrolled" || (at(i) == "signed" && at(i + 1) == "up");
    const size_t link = at(i) == "signed" ? i + 2 : i + 1;
    if (registered && (at(link) == "at" || at(link) == "with" || at(link) == "to") &&
        (at(link + 1) == "my" || at(link + 1) == "our") && is_store_word(at(link + 2)) &&
        request.store_ids.size() == 1) {
      id = request.store_ids.front();
      end = link + 3;
    } else if (at(i) == "home" && is_store_word(at(i + 1)) &&
               (at(i + 2) == "is" || at(i + 2) == "=" || at(i + 2) == "was" ||
                at(i + 2) == "isn't" || at(i + 2) == "isnt" || at(i + 2) == "!=") &&
               i + 3 < tokens.size()) {
      size_t v = i + 3;
      if (at(i + 2) == "isn't" || at(i + 2) == "isnt" || at(i + 2) == "!=") {
        negated = true;
      } else if ((at(i + 2) == "is" || at(i + 2) == "was") && at(i + 3) == "not") {
        negated = true;
        v = i + 4;
      }
      if ((at(v) == "mine" || at(v) == "ours") && request.store_ids.size() == 1) {
        id = request.store_ids.front();
      } else if (const auto n = number_value(at(v)); n && *n >= 1 && *n == std::floor(*n)) {
        id = static_cast<int>(*n);
      }
      end = v + 1;
    }
    if (!id || end > tokens.size() ||
        std::any_of(used.begin() + static_cast<std::ptrdiff_t>(i),
                    used.begin() + static_cast<std::ptrdiff_t>(end), [](bool u) { return u; })) {
      continue;
    }
    // (A store left out names no data of its own: not a scope question.)
    if (!negated && refused_outside_scope(plan, request, *id)) return plan;
    size_t begin = i;
    absorb_agent(begin, end);
    Filter home;
    home.dimension = "home_store";
    home.value = *id;
    home.begin = i;
    home.end = end;
    home.exclude = negated;
    entities.filters.push_back(std::move(home));
    for (size_t w = begin; w < end; ++w) used[w] = true;
    home_store_spans.emplace_back(begin, end);
    claims.push_back({begin, end, "filter",
                      std::string("customers whose home store is ") + (negated ? "not " : "") +
                          "Store " + std::to_string(*id)});
  }
  // ---- categories, languages, countries, ratings, days of the week ----
  before = used;
  auto found = find_entities(tokens, used, model_, index.get());
  for (auto& f : found.filters) entities.filters.push_back(std::move(f));
  find_customer_status(tokens, used, metric_synonyms_, model_, entities.filters);
  if (found.unknown) {
    entities.unknown = found.unknown;
    entities.suggestion = found.suggestion;
  }
  {
    // Claims are made in the order of the words, the recognisers find values dimension by
    // dimension: the meanings are put in the words' order so that each span shows its own value
    // ("India or China" showed India as China).
    std::vector<const Filter*> fresh;
    for (const auto& f : entities.filters) {
      if (f.begin < before.size() && !before[f.begin]) fresh.push_back(&f);
    }
    std::stable_sort(fresh.begin(), fresh.end(),
                     [](const Filter* a, const Filter* b) { return a->begin < b->begin; });
    std::vector<std::string> meanings;
    meanings.reserve(fresh.size() + 1);
    for (size_t k = 0; k < fresh.size(); ++k) {
      const Filter* f = fresh[k];
      const std::string value =
          f->value.is_string() ? f->value.get<std::string>() : f->value.dump();
      // One word for several values ("weekends": Saturday and Sunday) is one span: one meaning.
      if (k > 0 && fresh[k - 1]->begin == f->begin && fresh[k - 1]->dimension == f->dimension) {
        meanings.back() += ", " + value;
      } else {
        meanings.push_back(f->dimension + " " + value);
      }
    }
    if (meanings.empty()) meanings.emplace_back("a filter");
    claim_new(before, "filter", meanings);
  }
  if (entities.unknown) {
    plan.status = Plan::Status::kNeedsClarification;
    std::string fixed = request.question;
    const auto& word = entities.unknown->second;
    for (size_t at = lower(fixed).find(word); at != std::string::npos;
         at = lower(fixed).find(word, at + entities.suggestion.size())) {
      fixed.replace(at, word.size(), entities.suggestion);
    }
    plan.clarification = {
        {"question", "There is no " + entities.unknown->first + " '" + word + "' — did you mean " +
                         entities.suggestion + "?"},
        {"options",
         nlohmann::json::array({{{"label", entities.suggestion}, {"question", fixed}}})}};
    return plan;
  }
  if (!ambiguous.empty()) {
    // "SUSAN DAVIS" is two actors, "London" two cities: ask which one.
    const auto& m = ambiguous.front();
    const std::string said = join_tokens(raw, m.begin, m.end);
    nlohmann::json options = nlohmann::json::array();
    std::string names;
    for (const auto* c : m.candidates) {
      std::string label = c->value;
      std::string replacement = c->value;
      if (c->kind == "actor") {
        label += " (actor " + std::to_string(c->id) + ")";
        replacement = "actor " + std::to_string(c->id);
      } else if (c->kind == "store") {
        label = "Store " + std::to_string(c->id) + " (" + c->value +
                (c->detail.empty() ? "" : ", " + c->detail) + ")";
        replacement = "store " + std::to_string(c->id);
      } else if (!c->detail.empty()) {
        label += " (" + c->detail + ")";
        replacement = c->value + " " + c->detail;
      }
      names += (names.empty() ? "" : ", ") + label;
      options.push_back(
          {{"label", label}, {"question", replace_words(request.question, said, replacement)}});
      if (options.size() >= 5) break;
    }
    plan.status = Plan::Status::kNeedsClarification;
    plan.clarification = {
        {"question", "\"" + said + "\" could be more than one " + m.candidates.front()->kind +
                         ": " + names + ". Which one do you mean?"},
        {"options", options}};
    return plan;
  }

  // ---- numeric conditions: "longer than two hours", "over $5", "more than 30 rentals" ----
  auto conditions = find_conditions(tokens, used);
  // "horror running longer than an hour and a half", "films lasting over 2 hours": the verb of
  // a film's length belongs to the comparison.
  for (auto& c : conditions) {
    if (c.attribute != "length" && c.unit != "minutes") continue;
    if (c.begin > 0 && !used[c.begin - 1] &&
        (tokens[c.begin - 1] == "running" || tokens[c.begin - 1] == "run" ||
         tokens[c.begin - 1] == "runs" || tokens[c.begin - 1] == "lasting" ||
         tokens[c.begin - 1] == "lasts" || tokens[c.begin - 1] == "last")) {
      used[c.begin - 1] = true;
    }
  }
  // "revenue excluding films over 3 hours": the films the comparison leaves, the comparison
  // turned round (at most 3 hours) — a property of films, never of a group's total.
  for (auto& c : conditions) {
    static const std::map<std::string, std::string> kOpposite = {
        {">", "<="}, {">=", "<"}, {"<", ">="}, {"<=", ">"}};
    static const std::set<std::string> kBetween = {
        "films", "film", "titles", "movies",  "the",   "any",     "those",    "ones",
        "that",  "are",  "run",    "running", "which", "lasting", "anything", "everything"};
    // ("top 3 actors by films, leaving out anyone in fewer than 30 films": the groups left.)
    static const std::set<std::string> kWho = {"anyone", "anybody", "everyone", "in",  "with",
                                               "having", "who",     "whose",    "has", "have"};
    const auto opposite = kOpposite.find(c.op);
    if (opposite == kOpposite.end()) continue;
    const bool of_groups = c.attribute.empty() && c.unit != "minutes";
    size_t k = c.begin;
    while (k > 0 && c.begin - k < (of_groups ? 4 : 3) && !used[k - 1] &&
           (kBetween.count(tokens[k - 1]) > 0 || (of_groups && kWho.count(tokens[k - 1]) > 0))) {
      --k;
    }
    // (A group's total is only turned round where it says whose: "anyone in fewer than 30".)
    if (of_groups && (k == c.begin || kWho.count(tokens[k]) == 0)) continue;
    if (k == 0 || used[k - 1] ||
        (tokens[k - 1] != "excluding" && tokens[k - 1] != "except" && tokens[k - 1] != "without")) {
      continue;
    }
    c.op = opposite->second;
    c.begin = k - 1;
    c.text = join_tokens(tokens, c.begin, c.end);
    for (size_t j = c.begin; j < c.end; ++j) used[j] = true;
  }
  {
    // The attribute a comparison names next to it ("replacement cost is over $20", "a rental
    // rate above 2.99", "over 2 hours long") belongs to the comparison, not to the measure: the
    // question asks about films with that property, not for its average. Payment words stay for
    // the measure too ("payments above 5 bucks" counts or sums payments).
    static const std::set<std::string> kShared = {"payment", "payments",    "paid",        "amount",
                                                  "amounts", "transaction", "transactions"};
    for (auto& c : release_conditions) conditions.push_back(std::move(c));
    auto attribute_spans = match_synonyms(tokens, used, attribute_synonyms_);
    // An attribute said only in payment words ("payments") names the measure's rows as well.
    const auto all_shared = [&](const Match& am) {
      return std::all_of(tokens.begin() + static_cast<std::ptrdiff_t>(am.begin),
                         tokens.begin() + static_cast<std::ptrdiff_t>(am.end),
                         [](const std::string& w) { return kShared.count(w) > 0; });
    };
    // "a rental rate of 4.99", "replacement cost is 20.99": an equality.
    for (const auto& am : attribute_spans) {
      size_t k = am.end;
      // ("rents for $2.99", "priced at 4.99": the amount right after the attribute.)
      const bool amount_next =
          k < tokens.size() && !used[k] && (tokens[k] == "$" || number_value(tokens[k]));
      if (k < tokens.size() && !used[k] &&
          (tokens[k] == "of" || tokens[k] == "is" || tokens[k] == "=" || tokens[k] == "exactly" ||
           tokens[k] == "was" || tokens[k] == "were" || tokens[k] == "are" || amount_next)) {
        if (!amount_next) ++k;
        if (k < tokens.size() && tokens[k] == "exactly") ++k;  // "were exactly $5"
        if (auto eq = read_equality(tokens, used, k)) {
          const auto* attr = model_.attribute(am.name);
          if (eq->unit.empty() || eq->unit == attr->unit) {
            eq->begin = am.end;
            eq->attribute = am.name;
            eq->text = join_tokens(tokens, am.begin, eq->end);
            // ("how many payments of $5": "payments" is what is counted too.)
            for (size_t j = all_shared(am) ? am.end : am.begin; j < eq->end; ++j) used[j] = true;
            conditions.push_back(*eq);
          }
        }
      }
    }
    // "a 3-day rental period", "a 90-minute runtime": the amount with its unit, right before
    // the attribute it is the value of.
    for (const auto& am : attribute_spans) {
      const auto* attr = model_.attribute(am.name);
      for (size_t i = am.begin >= 3 ? am.begin - 3 : 0; i < am.begin; ++i) {
        if (used[i] || used[am.begin]) continue;
        auto eq = read_equality(tokens, used, i);
        if (!eq || eq->end != am.begin || eq->unit.empty() || eq->unit != attr->unit) continue;
        eq->attribute = am.name;
        eq->text = join_tokens(tokens, i, am.end);
        // ("$0.99 payments": "payments" is what is counted too.)
        if (!all_shared(am)) eq->end = am.end;
        for (size_t j = i; j < eq->end; ++j) used[j] = true;
        conditions.push_back(*eq);
        break;
      }
    }
    // "99-cent titles", "$4.99 rentals", "2.99 payments": a price written as the adjective of
    // what is counted is its price point — a title's (or a rental's title's) rental rate, a
    // payment's amount. The noun stays for the measure. (A bare number is a price only with
    // cents written: "2 payments" is a count.)
    for (size_t i = 0; i + 1 < tokens.size(); ++i) {
      if (used[i]) continue;
      auto eq = read_equality(tokens, used, i);
      if (!eq || eq->end >= tokens.size()) continue;
      const std::string& said = tokens[eq->end - 1];
      const bool priced = eq->unit == "currency" ||
                          (eq->unit.empty() && said.size() > 3 && said[said.size() - 3] == '.');
      if (!priced) continue;
      static const std::set<std::string> kTitles = {
          "title", "titles", "film", "films",  "movie",  "movies",  "dvd", "dvds",
          "disc",  "discs",  "copy", "copies", "rental", "rentals", "one", "ones"};
      static const std::set<std::string> kPayments = {"payment",      "payments", "transaction",
                                                      "transactions", "charge",   "charges"};
      const std::string& noun = tokens[eq->end];
      // ("and the $0 ones among them?" after payments: "ones" are the rows asked about.)
      const bool payment_ones = [&] {
        if (noun != "one" && noun != "ones") return false;
        if (contains(tokens, {"payment", "payments", "paid", "takings", "revenue"})) return true;
        const auto* previous_metric =
            request.previous.is_object()
                ? model_.metric(request.previous.value("metric", std::string()))
                : nullptr;
        return previous_metric != nullptr && previous_metric->source == "v_payment_scoped";
      }();
      const char* attribute = payment_ones            ? "amount"
                              : kTitles.count(noun)   ? "rental_rate"
                              : kPayments.count(noun) ? "amount"
                                                      : nullptr;
      if (attribute == nullptr || model_.attribute(attribute) == nullptr) continue;
      eq->attribute = attribute;
      eq->unit = "currency";
      eq->text = join_tokens(tokens, i, eq->end + 1);
      for (size_t j = i; j < eq->end; ++j) used[j] = true;
      conditions.push_back(*eq);
      i = eq->end;
    }
    // "films that cost $4.99 to rent": the rental rate, written around its amount.
    for (size_t i = 0; i + 3 < tokens.size(); ++i) {
      if (used[i] || !(tokens[i] == "cost" || tokens[i] == "costs" || tokens[i] == "costing")) {
        continue;
      }
      auto eq = read_equality(tokens, used, i + 1);
      if (!eq || eq->end + 1 >= tokens.size() || tokens[eq->end] != "to" ||
          !(tokens[eq->end + 1] == "rent" || tokens[eq->end + 1] == "hire")) {
        continue;
      }
      eq->begin = i;
      eq->end += 2;
      eq->attribute = "rental_rate";
      eq->text = join_tokens(tokens, i, eq->end);
      for (size_t j = i; j < eq->end; ++j) used[j] = true;
      conditions.push_back(*eq);
    }
    attribute_spans = match_synonyms(tokens, used, attribute_synonyms_);
    for (auto& c : conditions) {
      if (!c.attribute.empty()) continue;
      // The nearest attribute phrase: in "cost at least $25 to replace and rent for no more than
      // $0.99" the second comparison is the rent's, not the replacement's three words before.
      const Match* nearest = nullptr;
      size_t nearest_gap = 0;
      for (const auto& am : attribute_spans) {
        const bool before_it = am.end <= c.begin && c.begin - am.end <= 3;
        const bool after_it = am.begin >= c.end && am.begin - c.end <= 2;
        if (!before_it && !after_it) continue;
        if (used[am.begin]) continue;  // taken by an earlier comparison
        const auto* attr = model_.attribute(am.name);
        if (!(c.unit.empty() || c.unit == attr->unit)) continue;
        bool shared = false;
        for (size_t k = am.begin; k < am.end; ++k) shared = shared || kShared.count(tokens[k]);
        if (shared) continue;
        const size_t gap = before_it ? c.begin - am.end : am.begin - c.end;
        if (nearest == nullptr || gap < nearest_gap) {
          nearest = &am;
          nearest_gap = gap;
        }
      }
      if (nearest != nullptr) {
        const auto& am = *nearest;
        c.attribute = am.name;
        for (size_t k = am.begin; k < am.end; ++k) used[k] = true;
        // "whose replacement cost is over": the linking words belong to it too.
        for (size_t k = am.end; k < c.begin; ++k) {
          if (tokens[k] == "is" || tokens[k] == "are" || tokens[k] == "of" || tokens[k] == "was") {
            used[k] = true;
          }
        }
      }
    }
    // "priced at $4.99 to rent", "under $3 to hire": the amount is a rental rate, and "to rent"
    // belongs to it (read alone, "rent" would become the measure and replace what is counted).
    // ("would cost more than $25 to replace": the replacement cost, the same way.)
    for (auto& c : conditions) {
      if (c.end + 1 >= tokens.size() || tokens[c.end] != "to" || used[c.end + 1]) continue;
      const auto& verb = tokens[c.end + 1];
      const bool rent = verb == "rent" || verb == "hire" || verb == "borrow";
      const bool replace = verb == "replace" || verb == "replacing";
      if (!rent && !replace) continue;
      if (!(c.unit.empty() || c.unit == "currency")) continue;
      const std::string attribute = rent ? "rental_rate" : "replacement_cost";
      if (!(c.attribute.empty() || c.attribute == attribute || c.attribute == "price")) continue;
      if (model_.attribute(attribute) == nullptr) continue;
      c.attribute = attribute;
      used[c.end] = used[c.end + 1] = true;
      c.end += 2;
      c.text = join_tokens(tokens, c.begin, c.end);
    }
    // "would cost more than $25 to replace", "films costing under $1 to rent": the verb before
    // a comparison on a price belongs to it.
    for (auto& c : conditions) {
      if (c.begin == 0 || used[c.begin - 1] ||
          !(c.attribute == "rental_rate" || c.attribute == "replacement_cost") ||
          !(tokens[c.begin - 1] == "cost" || tokens[c.begin - 1] == "costs" ||
            tokens[c.begin - 1] == "costing")) {
        continue;
      }
      used[--c.begin] = true;
      c.text = join_tokens(tokens, c.begin, c.end);
    }
  }

  std::stable_sort(entities.filters.begin(), entities.filters.end(),
                   [](const Filter& a, const Filter& b) { return a.begin < b.begin; });
  // ---- negations attached to a named value: "not Action", "excluding Sports", "non-English" --
  {
    static const std::set<std::string> kSkip = {
        "the",   "in",     "a",        "an",    "category", "genre",      "films",    "movies",
        "any",   "of",     "from",     "for",   "anything", "everything", "whatever", "titles",
        "rated", "rating", "language", "based", "located",  "living"};
    for (auto& f : entities.filters) {
      size_t k = f.begin;
      // ("rated" before a rating is read with it: "not rated R".)
      while (k > 0 && kSkip.count(tokens[k - 1]) &&
             (!used[k - 1] || tokens[k - 1] == "rated" || tokens[k - 1] == "rating")) {
        --k;
      }
      if (k == 0) continue;
      const auto& w = tokens[k - 1];
      // "films that aren't in English": a state the value names, not an event that did not
      // happen (those stay asked back below).
      const bool negation = w == "not" || w == "isn't" || w == "aren't" || w == "isnt" ||
                            w == "arent" || w == "excluding" || w == "except" || w == "non" ||
                            w == "exclude" || w == "without" || w == "besides" || w == "minus" ||
                            w == "ignoring" || w == "outside" ||
                            (w == "than" && k >= 2 && tokens[k - 2] == "other") ||
                            (w == "from" && k >= 2 && tokens[k - 2] == "apart") ||
                            // "everything but Drama", "all but the Horror titles"
                            (w == "but" && k >= 2 &&
                             (tokens[k - 2] == "everything" || tokens[k - 2] == "anything" ||
                              tokens[k - 2] == "all" || tokens[k - 2] == "every" ||
                              tokens[k - 2] == "categories" || tokens[k - 2] == "genres"));
      if (!negation || used[k - 1]) continue;
      f.exclude = true;
      // "not counting weekends": every value of the one word (Saturday and Sunday) goes.
      for (auto& g : entities.filters) {
        if (g.dimension == f.dimension && g.begin == f.begin && g.end == f.end) g.exclude = true;
      }
      // "excluding horror and sports", "not Action or Comedy": every value listed after it.
      size_t end = f.end;
      for (auto& g : entities.filters) {
        if (&g == &f || g.dimension != f.dimension || g.begin < end) continue;
        bool joined = g.begin > end;
        for (size_t j = end; j < g.begin; ++j) {
          joined = joined && (tokens[j] == "and" || tokens[j] == "or" || tokens[j] == "nor" ||
                              tokens[j] == "&" || kSkip.count(tokens[j]));
        }
        if (!joined && g.begin != end) break;
        g.exclude = true;
        for (size_t j = end; j < g.begin; ++j) used[j] = true;
        end = g.end;
      }
      size_t begin = k - 1;
      if (w == "than" || w == "but" || (w == "from" && tokens[k - 2] == "apart")) begin = k - 2;
      for (size_t j = begin; j < f.begin; ++j) used[j] = true;
      claims.push_back(
          {begin, f.begin, "negation",
           "excludes " + (f.value.is_string() ? f.value.get<std::string>() : f.value.dump())});
    }
  }

  // ---- negations after the values: "with Horror taken out", "leaving R and NC-17 titles out",
  // "Sports aside", "Horror excluded" --
  {
    static const std::set<std::string> kBetween = {
        "and",    "or",   "&",     ",",    "the",      "titles",   "films",
        "movies", "ones", "rated", "dvds", "language", "category", "genre"};
    for (size_t n = 0; n < entities.filters.size(); ++n) {
      auto& f = entities.filters[n];
      if (f.exclude) continue;
      // The values listed together ("R and NC-17"), then the words that take them out.
      std::vector<size_t> listed = {n};
      size_t end = f.end;
      for (size_t m = n + 1; m < entities.filters.size(); ++m) {
        const auto& g = entities.filters[m];
        // ("weekends aside": both days of the one word.)
        if (g.dimension == f.dimension && g.begin == f.begin && g.end == f.end) {
          listed.push_back(m);
          continue;
        }
        if (g.dimension != f.dimension || g.begin < end) break;
        bool joined = true;
        for (size_t j = end; j < g.begin; ++j) joined = joined && kBetween.count(tokens[j]) > 0;
        if (!joined) break;
        listed.push_back(m);
        end = g.end;
      }
      size_t e = end;
      // (A film noun read with the value — "English-language films" — is still between.)
      while (e < tokens.size() && kBetween.count(tokens[e]) > 0 && tokens[e] != "and" &&
             tokens[e] != "or" &&
             (!used[e] || tokens[e] == "films" || tokens[e] == "titles" || tokens[e] == "movies" ||
              tokens[e] == "ones" || tokens[e] == "language" || tokens[e] == "category" ||
              tokens[e] == "genre")) {
        ++e;
      }
      if (e >= tokens.size() || used[e]) continue;
      const auto& w = tokens[e];
      const bool next_out = e + 1 < tokens.size() && tokens[e + 1] == "out" && !used[e + 1];
      const bool leaving_before =
          f.begin >= 1 && (tokens[f.begin - 1] == "leaving" || tokens[f.begin - 1] == "leave") &&
          !used[f.begin - 1];
      size_t stop = 0;
      if (w == "aside" || w == "excluded" || w == "removed") stop = e + 1;
      // ("English films left out" reads "… excluding" with nothing after it.)
      const bool value_follows =
          std::any_of(entities.filters.begin(), entities.filters.end(),
                      [&](const Filter& g) { return g.begin > e && g.begin <= e + 3; });
      // ("Drama titles, not counting anything over 2 hrs": what follows is left out, not Drama.)
      const bool condition_follows =
          std::any_of(conditions.begin(), conditions.end(),
                      [&](const Condition& c) { return c.begin > e && c.begin <= e + 3; });
      if ((w == "excluding" || w == "exempt") && !value_follows && !condition_follows) {
        stop = e + 1;
      }
      if ((w == "taken" || w == "left" || w == "stripped" || w == "knocked") && next_out) {
        stop = e + 2;
      }
      if (w == "out" && leaving_before) stop = e + 1;
      // "… - Horror films don't count", "Sports doesn't count", "R titles not counted".
      const auto at = [&](size_t k) { return k < tokens.size() && !used[k] ? tokens[k] : ""; };
      if ((w == "don't" || w == "dont" || w == "doesn't" || w == "doesnt" || w == "shouldn't" ||
           w == "won't") &&
          at(e + 1) == "count") {
        stop = e + 2;
      }
      if ((w == "do" || w == "does") && at(e + 1) == "not" && at(e + 2) == "count") stop = e + 3;
      if (w == "not" && at(e + 1) == "counted") stop = e + 2;
      if (stop == 0) continue;
      for (const auto m : listed) entities.filters[m].exclude = true;
      const size_t begin = leaving_before ? f.begin - 1 : f.begin;
      for (size_t j = end; j < stop; ++j) used[j] = true;
      if (leaving_before) used[f.begin - 1] = true;
      claims.push_back({begin, stop, "negation",
                        "excludes " +
                            (f.value.is_string() ? f.value.get<std::string>() : f.value.dump()) +
                            (listed.size() > 1 ? " and the values listed with it" : "")});
    }
  }

  // "every category except Drama and Games", "all genres other than Horror": the figure over
  // everything but the values named — one figure, not a breakdown by category.
  for (size_t i = 0; i + 2 < tokens.size(); ++i) {
    static const std::set<std::string> kKinds = {"category", "categories", "genre",    "genres",
                                                 "rating",   "ratings",    "language", "languages"};
    if (used[i] || used[i + 1] || (tokens[i] != "all" && tokens[i] != "every") ||
        kKinds.count(tokens[i + 1]) == 0) {
      continue;
    }
    const auto& next = tokens[i + 2];
    const bool all_but = next == "except" || next == "but" || next == "excluding" ||
                         next == "besides" || next == "minus" ||
                         (next == "other" && i + 3 < tokens.size() && tokens[i + 3] == "than") ||
                         (next == "apart" && i + 3 < tokens.size() && tokens[i + 3] == "from");
    const bool excluded =
        std::any_of(entities.filters.begin(), entities.filters.end(),
                    [&](const Filter& f) { return f.exclude && f.begin > i + 2; });
    if (!all_but || !excluded) continue;
    used[i] = used[i + 1] = true;
    claims.push_back({i, i + 2, "negation", "everything but the values named, as one figure"});
  }
  // Metrics and dimensions match independently; a span claimed by both is resolved below. A
  // dimension phrase longer than the metric phrase it overlaps claims its words first: in
  // "active vs inactive customers" the grouping is "active vs inactive" and the metric is
  // "customers", not "inactive customers".
  auto dim_matches = match_synonyms(tokens, used, dimension_synonyms_);
  // "…, leaving out anyone in fewer than 30 films": the things a group's count counts, said after
  // its number, are the condition's unit — not a breakdown by film.
  // (Only a noun said before, as the measure: "top 3 actors by number of films".)
  std::erase_if(dim_matches, [&](const Match& d) {
    const auto said_before =
        std::find(tokens.begin(), tokens.begin() + static_cast<long>(d.begin), tokens[d.begin]) !=
        tokens.begin() + static_cast<long>(d.begin);
    return !d.singular && d.end == d.begin + 1 && said_before &&
           std::any_of(conditions.begin(), conditions.end(), [&](const auto& c) {
             return c.end == d.begin && c.attribute.empty() && c.unit.empty();
           });
  });
  // "which 3 countries rented the most family titles?": the titles are what the Family filter
  // is of — the countries are the breakdown, not countries by title.
  {
    const auto kind_of_film = [&](const Match& d) {
      return std::any_of(entities.filters.begin(), entities.filters.end(), [&](const Filter& f) {
        return f.end == d.begin &&
               (f.dimension == "category" || f.dimension == "rating" || f.dimension == "language");
      });
    };
    const auto other_breakdown = [&](const Match& film) {
      return std::any_of(dim_matches.begin(), dim_matches.end(), [&](const Match& o) {
        // (Not the stores: "at my store" says where to look.)
        const auto* dim = model_.dimension(o.name);
        return o.name != film.name && o.name != "store" && dim != nullptr && !dim->is_time;
      });
    };
    const auto cued = [&](const Match& d) {
      for (size_t back = 1; back <= 3 && back <= d.begin; ++back) {
        const auto& w = tokens[d.begin - back];
        if (w == "each" || w == "per" || w == "by" || w == "every") return true;
      }
      return false;
    };
    std::erase_if(dim_matches, [&](const Match& d) {
      return d.name == "film" && !d.singular && d.end == d.begin + 1 && kind_of_film(d) &&
             other_breakdown(d) && !cued(d);
    });
  }
  // "what did films featuring GINA DEGENERES take in H1?", "how much have Horror titles brought
  // in?": the things named are the subject whose total is asked, not a breakdown (a breakdown
  // is asked with by, per, each, which, or a ranking).
  {
    size_t k = 0;
    static const std::set<std::string> kAux = {"did", "do", "does", "have", "has", "had"};
    // (Where the question starts, or after what opens it: "last quarter, what did titles with
    // deleted scenes take?")
    for (size_t at = 0; at + 3 < tokens.size() && k == 0; ++at) {
      if (tokens[at] == "what" && kAux.count(tokens[at + 1]) > 0) k = at + 2;
      if (at + 4 < tokens.size() && tokens[at] == "how" && tokens[at + 1] == "much" &&
          kAux.count(tokens[at + 2]) > 0) {
        k = at + 3;
      }
    }
    while (k > 0 && k < tokens.size() &&
           (tokens[k] == "the" || tokens[k] == "our" || tokens[k] == "my" || tokens[k] == "all")) {
      ++k;
    }
    if (k > 0 && !contains(tokens, {"which", "each", "every", "per", "by", "list", "top", "bottom",
                                    "most", "least", "breakdown", "split", "rank", "ranked",
                                    "ranking", "individually", "separately", "apiece"})) {
      // (Not the stores: "what did the stores take" asks for each of them as often as not.)
      std::erase_if(dim_matches, [&](const Match& d) {
        return d.begin == k && !d.singular && (d.name == "film" || d.name == "category");
      });
    }
  }
  // Period over period with no period named is a trend of changes: grouped by that period. So
  // is one over a span ("month-on-month from May to August", "month over month this year"):
  // each period of the span against the one before, not the span's two ends.
  // (Two periods only — "m-o-m growth, June to July" — are the one change between them.)
  const auto more_than_two_periods = [&] {
    if (times.empty() || !over_period) return false;
    auto from = times.front().from;
    auto to = times.front().to;
    for (const auto& t : times) {
      from = std::min(from, t.from);
      to = std::max(to, t.to);
    }
    static const std::map<std::string, int> kDays = {
        {"day", 1}, {"week", 7}, {"month", 31}, {"quarter", 92}, {"year", 366}};
    const auto unit = kDays.find(over_period->name);
    return unit != kDays.end() && (to - from).count() > 2L * unit->second;
  };
  // "April, May and June, each with its month-on-month change": three or more periods of the
  // grain listed one after the other are the span too.
  const bool listed_in_a_row = [&] {
    if (times.size() < 3 || !over_period) return false;
    auto sorted = times;
    std::sort(sorted.begin(), sorted.end(),
              [](const TimeRange& x, const TimeRange& y) { return x.from < y.from; });
    for (size_t k = 0; k < sorted.size(); ++k) {
      if (sorted[k].grain != over_period->name) return false;
      if (k > 0 && sorted[k].from != sorted[k - 1].to) return false;
    }
    return true;
  }();
  const bool period_over_span =
      over_period && model_.dimension(over_period->name) != nullptr &&
      ((times.size() >= 2 &&
        contains(tokens, {"from", "to", "through", "thru", "until", "till", "-", "between"})) ||
       (times.size() == 1 && times[0].grain != over_period->name && times[0].grain != "day") ||
       listed_in_a_row) &&
      more_than_two_periods();
  if (period_over_span && listed_in_a_row) {
    std::sort(times.begin(), times.end(),
              [](const TimeRange& x, const TimeRange& y) { return x.from < y.from; });
    times = {times.front(), times.back()};
  }
  // ("… and the % change on the month before": what month over month means already.)
  if (period_over_span && times.size() > 2) times.resize(2);
  if (over_period && (times.empty() || period_over_span) &&
      model_.dimension(over_period->name) != nullptr) {
    dim_matches.push_back(*over_period);
  }
  auto metric_matches = match_synonyms(tokens, used, metric_synonyms_);
  {
    auto claimed = used;
    bool any = false;
    for (const auto& d : dim_matches) {
      for (const auto& m : metric_matches) {
        if (d.begin < m.end && m.begin < d.end && (d.end - d.begin) > (m.end - m.begin)) {
          for (size_t k = d.begin; k < d.end; ++k) claimed[k] = true;
          any = true;
        }
      }
    }
    // "… and rent for no more than $0.99": an attribute phrase right before a comparison and
    // longer than the measure it overlaps ("rent") is the attribute compared, not the measure.
    for (const auto& a : match_synonyms(tokens, used, attribute_synonyms_)) {
      const bool compared = std::any_of(conditions.begin(), conditions.end(), [&](const auto& c) {
        return c.begin >= a.end && c.begin - a.end <= 1;
      });
      if (!compared) continue;
      for (const auto& m : metric_matches) {
        if (a.begin < m.end && m.begin < a.end && (a.end - a.begin) > (m.end - m.begin)) {
          for (size_t k = a.begin; k < a.end; ++k) claimed[k] = true;
          any = true;
        }
      }
    }
    if (any) metric_matches = match_synonyms(tokens, claimed, metric_synonyms_);
  }
  // No measure named: a verb that stands for one ("what did we turn over in Q2?").
  if (metric_matches.empty()) metric_matches = match_synonyms(tokens, used, verb_synonyms_);
  // "how much did we collect from customers in Canada?": "how much" asks an amount, and the
  // customers are whom it came from — the verb's measure, not a count of customers.
  if (!metric_matches.empty() &&
      std::all_of(metric_matches.begin(), metric_matches.end(),
                  [](const Match& m) { return m.name.find("customers") != std::string::npos; })) {
    bool how_much = false;
    for (size_t i = 0; i + 1 < tokens.size(); ++i) {
      how_much = how_much || (tokens[i] == "how" && tokens[i + 1] == "much" && !used[i]);
    }
    if (how_much) {
      if (auto verbs = match_synonyms(tokens, used, verb_synonyms_); !verbs.empty()) {
        metric_matches = std::move(verbs);
      }
    }
  }
  // "number of Action films", "how many Horror or Comedy movies": the named values sit between
  // the count words and the noun, so no catalogue phrase matched whole; the films are counted.
  // "which actor has the most Comedy films", "starred in the most PG films": after a ranking word
  // too — and when the measure is already the films ("starred in"), the noun is what it counts,
  // not a breakdown by film.
  const bool films_measured =
      !metric_matches.empty() && std::all_of(metric_matches.begin(), metric_matches.end(),
                                             [](const Match& m) { return m.name == "films"; });
  // "how many Horror films does my store stock": the titles on the shelves, not the copies (the
  // verb "stock" alone reads as copies; the noun counted says which).
  const bool stock_measured =
      !metric_matches.empty() && model_.metric("titles_stocked") != nullptr &&
      std::all_of(metric_matches.begin(), metric_matches.end(),
                  [](const Match& m) { return m.name == "inventory_items"; }) &&
      !contains(tokens, {"copies", "copy", "dvds", "dvd", "discs", "disc", "units", "items"});
  bool film_noun_read = false;
  // "how many films / titles does my store stock": the catalogue's count phrase and the stock
  // verb together count the titles on the shelves (the same with "copies" counts the copies).
  if (model_.metric("titles_stocked") != nullptr &&
      !contains(tokens, {"copies", "copy", "dvds", "dvd", "discs", "disc", "units", "items"})) {
    const auto is = [&](const char* name) {
      return [name](const Match& m) { return m.name == name; };
    };
    const auto films =
        std::count_if(metric_matches.begin(), metric_matches.end(), is("films")) +
        std::count_if(metric_matches.begin(), metric_matches.end(), is("titles_stocked"));
    const auto stock =
        std::count_if(metric_matches.begin(), metric_matches.end(), is("inventory_items"));
    if (films > 0 && stock > 0 &&
        films + stock == static_cast<std::ptrdiff_t>(metric_matches.size())) {
      for (auto& m : metric_matches) m.name = "titles_stocked";
    }
  }
  if ((metric_matches.empty() || films_measured || stock_measured) &&
      model_.metric("films") != nullptr) {
    static const std::set<std::string> kFilmNouns = {"films", "movies", "titles"};
    // A category's plural names the films themselves ("how many comedies").
    static const std::set<std::string> kFilmPlurals = {
        "comedies", "dramas", "documentaries", "horrors", "musicals", "cartoons", "animations"};
    static const std::set<std::string> kBetween = {"and", "or", ",", "&"};
    static const std::set<std::string> kRanked = {"most", "fewest", "least", "more", "fewer"};
    for (size_t i = 1; i < tokens.size() && !film_noun_read; ++i) {
      const bool noun = !used[i] && kFilmNouns.count(tokens[i]) > 0 && used[i - 1];
      if (!noun && !(used[i] && kFilmPlurals.count(tokens[i]) > 0)) continue;
      size_t k = noun ? i : i + 1;
      while (k > 0 && (used[k - 1] || kBetween.count(tokens[k - 1]) > 0)) --k;
      // "how many different PG-13 titles": each title once, as the catalogue counts them anyway.
      const bool distinct = k > 0 && (tokens[k - 1] == "different" || tokens[k - 1] == "distinct" ||
                                      tokens[k - 1] == "unique");
      if (distinct) --k;
      const bool how_many = k >= 2 && tokens[k - 1] == "many" && tokens[k - 2] == "how";
      const bool number_of = k >= 2 && tokens[k - 1] == "of" &&
                             (tokens[k - 2] == "number" || tokens[k - 2] == "count");
      const bool ranked = k >= 1 && kRanked.count(tokens[k - 1]) > 0;
      if (!how_many && !number_of && !ranked) continue;
      for (size_t j = k; j < i; ++j) used[j] = true;  // the "and"/"or" between the values
      film_noun_read = true;
      // (The ranking word stays free: it orders the answer.)
      if (!ranked) used[k - 1] = used[k - 2] = true;
      if (stock_measured) {
        if (ranked) continue;
        if (noun) used[i] = true;
        std::erase_if(dim_matches, [&](const Match& d) { return d.begin <= i && i < d.end; });
        metric_matches.assign(1, Match{i, noun ? i + 1 : i, "titles_stocked", false});
        continue;
      }
      if (ranked || films_measured) {
        if (noun) {
          used[i] = true;
          std::erase_if(dim_matches, [&](const Match& d) { return d.begin <= i && i < d.end; });
        }
        if (!films_measured) metric_matches.push_back(Match{i, noun ? i + 1 : i, "films", false});
        continue;
      }
      // "… titles do we stock / carry": the titles on the store's shelves, not the catalogue.
      const bool stocked =
          model_.metric("titles_stocked") != nullptr &&
          contains(tokens, {"stock", "stocked", "carry", "carried", "hold", "have"}) &&
          contains(tokens, {"we", "our", "store", "stores"});
      metric_matches.push_back(Match{i, i + 1, stocked ? "titles_stocked" : "films", false});
    }
  }
  // "eight films to their name": an idiom for having appeared in them.
  for (size_t i = 1; i + 2 < tokens.size(); ++i) {
    if (tokens[i] == "to" &&
        (tokens[i + 1] == "their" || tokens[i + 1] == "his" || tokens[i + 1] == "her") &&
        tokens[i + 2] == "name" && count_noun(tokens[i - 1]) == "films") {
      used[i] = used[i + 1] = used[i + 2] = true;
    }
  }
  // "the number of days G-rated films are kept out", "days a rental lasts": how long a rental is
  // kept, when "days" is what is counted and a verb of keeping follows it.
  if (model_.metric("avg_rental_days") != nullptr &&
      std::all_of(metric_matches.begin(), metric_matches.end(),
                  [](const Match& m) { return m.name == "rentals"; })) {
    static const std::set<std::string> kKeep = {"kept",    "keep", "keeps",   "last",  "lasts",
                                                "lasted",  "held", "hold",    "holds", "borrowed",
                                                "keeping", "out",  "holding", "rented"};
    for (size_t i = 1; i < tokens.size(); ++i) {
      if (used[i] || (tokens[i] != "days" && tokens[i] != "day")) continue;
      const auto& w = tokens[i - 1];
      if (!(w == "of" || w == "many" || w == "avg" || w == "average" || w == "mean" ||
            w == "typical" || w == "median")) {
        continue;
      }
      // ("how many days can you keep DINOSAUR SECRETARY": what is allowed is the film's rental
      // period, a catalogue fact read as an attribute, not how long rentals were kept.)
      bool allowed = false;
      for (size_t k = i + 1; k < tokens.size() && k <= i + 8 && !allowed; ++k) {
        allowed = tokens[k] == "can" || tokens[k] == "allowed" || tokens[k] == "may";
      }
      if (allowed) continue;
      for (size_t k = i + 1; k < tokens.size() && k <= i + 8; ++k) {
        if (used[k] || kKeep.count(tokens[k]) == 0) continue;
        // ("drama rentals are kept": the rentals are what is measured, not the measure.)
        metric_matches.clear();
        metric_matches.push_back(Match{i, i + 1, "avg_rental_days", false});
        used[i] = used[k] = true;
        if (k + 1 < tokens.size() && tokens[k] == "kept" && tokens[k + 1] == "out") {
          used[k + 1] = true;
        }
        break;
      }
      if (used[i]) break;
    }
  }
  // "how long does it run?", "how long do those films run": a film runs for its length; "how
  // long" alone is how long a rental is kept.
  for (auto& m : metric_matches) {
    if (m.name != "avg_rental_days" || model_.metric("avg_film_length") == nullptr ||
        m.end - m.begin != 2 || tokens[m.begin] != "how" || tokens[m.begin + 1] != "long") {
      continue;
    }
    for (size_t k = m.end; k < tokens.size() && k < m.end + 6; ++k) {
      if (!used[k] && (tokens[k] == "run" || tokens[k] == "runs")) {
        m.name = "avg_film_length";
        used[k] = true;
        break;
      }
    }
  }

  // "paying customers" counts who paid, or names them as a breakdown ("revenue from paying
  // customers", "top 5 paying customers by revenue") when another measure is named.
  const auto who_paid = [&](const Match& m) {
    return m.name == "paying_customers" && m.end - m.begin == 2 && tokens[m.begin] == "paying";
  };
  // "customers" is a metric and a dimension: a dimension when another metric is named.
  // The longest phrase wins; at equal length a specific metric (overdue) beats a generic one
  // (rentals), so "how many rentals are overdue" counts overdue rentals.
  static const std::set<std::string> kGeneric = {"rentals", "customers", "payments", "revenue"};
  // ("how many of those were Family films?": see below.)
  const bool films_of_those = request.previous.is_object() &&
                              request.previous.value("metric", "") != "" &&
                              request.previous.value("metric", "") != "films" &&
                              contains(tokens, {"those", "these", "them"});
  std::optional<Match> metric;
  for (const auto& m : metric_matches) {
    // Broad counts yield to anything more specific named beside them ("films in the catalogue
    // that aren't stocked" counts unstocked films).
    const bool other_named = std::any_of(metric_matches.begin(), metric_matches.end(),
                                         [&](const Match& o) { return o.name != m.name; });
    if ((m.name == "customers" || m.name == "films" || who_paid(m)) && other_named) continue;
    // "how many of those were Family films?" after a count of rentals: which of those rows
    // were of Family films — the previous measure stays, "films" only says of what kind.
    if (m.name == "films" && films_of_those) continue;
    // "and from customers in India?" after takings from customers in China: whose takings, not
    // a count of customers — the previous measure stays.
    if (m.name == "customers" && m.begin > 0 &&
        (tokens[m.begin - 1] == "from" || tokens[m.begin - 1] == "among") &&
        request.previous.is_object() && request.previous.value("metric", "") != "customers" &&
        request.previous.value("metric", "") != "") {
      continue;
    }
    // "how many copies of Family movies do we stock": the copies are counted, not the titles.
    if (m.name == "titles_stocked" &&
        std::any_of(metric_matches.begin(), metric_matches.end(),
                    [](const Match& o) { return o.name == "inventory_items"; })) {
      continue;
    }
    const auto len = m.end - m.begin;
    if (!metric || len > (metric->end - metric->begin) ||
        (len == (metric->end - metric->begin) && kGeneric.count(metric->name) &&
         !kGeneric.count(m.name))) {
      metric = m;
    }
  }
  // A late-return count asked as a share of the rentals named (the word at share_at, the
  // rentals at rows_at) is the late-return rate over those rentals.
  static const std::set<std::string> kLateShare = {"%",          "percent",  "percentage", "pct",
                                                   "proportion", "fraction", "share"};
  const auto as_late_rate = [&](size_t share_at, size_t rows_at) {
    used[rows_at] = true;
    std::erase_if(metric_matches,
                  [&](const Match& m) { return m.begin <= rows_at && rows_at < m.end; });
    claims.push_back({share_at, share_at + 1, "measure", "the share of those rentals"});
    metric->name = "late_rate";
    for (auto& m : metric_matches) {
      if (m.begin == metric->begin && m.end == metric->end) m.name = "late_rate";
    }
  };
  const bool late_count =
      metric && metric->name == "late_returns" && model_.metric("late_rate") != nullptr;
  // "% of my July drama rentals that came back late": the part of the rentals named that came
  // back late is the late-return rate over those rentals (Drama narrows them), not Drama's slice
  // of every late return.
  // ("what % of my july drama rentals came back late": the verb right after the rentals.)
  if (late_count && metric->begin >= 3 &&
      (tokens[metric->begin - 1] == "that" || tokens[metric->begin - 1] == "which" ||
       tokens[metric->begin - 1] == "were" || tokens[metric->begin - 1] == "rentals" ||
       tokens[metric->begin - 1] == "loans")) {
    std::optional<size_t> share_at, rows_at;
    for (size_t k = 0; k < metric->begin; ++k) {
      if (!used[k] && kLateShare.count(tokens[k]) > 0 && !share_at) share_at = k;
      if (share_at && (tokens[k] == "rentals" || tokens[k] == "loans")) rows_at = k;
    }
    if (share_at && rows_at && *rows_at + 2 >= metric->begin) {
      used[*share_at] = true;
      if (*share_at + 1 < tokens.size() && tokens[*share_at + 1] == "of")
        used[*share_at + 1] = true;
      for (size_t k = *rows_at + 1; k < metric->begin; ++k) used[k] = true;
      as_late_rate(*share_at, *rows_at);
    }
  }
  // "june rentals - for each store, what fraction came back after the due date?", "july
  // rentals: what % of them were returned late, per store": the share asked just before the
  // late return, of the rentals named earlier, is the late-return rate of each group's rentals —
  // not each group's slice of every late return.
  if (late_count && metric->name == "late_returns") {
    size_t k = metric->begin;
    if (k > 0 && (tokens[k - 1] == "were" || tokens[k - 1] == "was")) --k;
    if (k >= 2 && tokens[k - 2] == "of" && (tokens[k - 1] == "them" || tokens[k - 1] == "those")) {
      k -= 2;
    }
    const bool share_before = k > 0 && !used[k - 1] && kLateShare.count(tokens[k - 1]) > 0;
    std::optional<size_t> rows_at;
    for (size_t r = 0; share_before && r + 1 < k; ++r) {
      if (tokens[r] == "rentals" || tokens[r] == "loans") rows_at = r;
    }
    if (share_before && rows_at) {
      for (size_t j = k - 1; j < metric->begin; ++j) used[j] = true;
      as_late_rate(k - 1, *rows_at);
    }
  }
  // "how many hours on average did my rentals stay out?", "rental duration in hours": the unit
  // of the duration asked, not a breakdown by the hour of the day.
  if (metric && metric->name == "avg_rental_days" && model_.metric("avg_rental_hours") != nullptr) {
    for (size_t k = 1; k < tokens.size(); ++k) {
      if (used[k] || (tokens[k] != "hours" && tokens[k] != "hrs")) continue;
      const bool unit =
          tokens[k - 1] == "many" || tokens[k - 1] == "in" ||
          (k + 2 < tokens.size() && tokens[k + 1] == "on" && tokens[k + 2] == "average");
      if (!unit) continue;
      used[k] = true;
      std::erase_if(dim_matches, [&](const Match& d) { return d.begin <= k && k < d.end; });
      claims.push_back({k, k + 1, "measure", "the duration in hours"});
      metric->name = "avg_rental_hours";
      break;
    }
  }
  // "how many rentals are overdue and still not back?": two ways of saying which rows, joined as
  // one description — when one measure's rows are all among the other's (an overdue rental is
  // one not returned), the narrower is the answer, not two figures. Asking words between them
  // ("… and how many are not back") make it two questions.
  std::vector<Match> same_rows_described;
  if (metric) {
    for (const auto& m : metric_matches) {
      if (m.name == metric->name || (m.begin < metric->end && metric->begin < m.end)) continue;
      const auto* a = model_.metric(metric->name);
      const auto* b = model_.metric(m.name);
      if (a == nullptr || b == nullptr || a->source != b->source || a->agg != "count" ||
          b->agg != "count" || a->where.empty() || b->where.empty() || !a->expr.empty() ||
          !b->expr.empty()) {
        continue;
      }
      const size_t lo = std::min(m.end, metric->end), hi = std::max(m.begin, metric->begin);
      static const std::set<std::string> kJoining = {"and", "but", "still", "yet", ",", "also"};
      bool joined = false, only_joining = hi > lo;
      for (size_t k = lo; k < hi && k < tokens.size(); ++k) {
        only_joining = only_joining && kJoining.count(tokens[k]) > 0;
        joined = joined || tokens[k] == "and" || tokens[k] == "but";
      }
      if (!joined || !only_joining) continue;
      if (a->where.find(b->where) != std::string::npos) {
        same_rows_described.push_back(m);
      } else if (b->where.find(a->where) != std::string::npos) {
        same_rows_described.push_back(*metric);
        metric = m;
      }
    }
  }
  // "customer 373 - which titles did they take from my store?": a customer takes a film out (a
  // rental); a store takes money.
  if (metric && metric->name == "revenue" && metric->end == metric->begin + 1 &&
      metric->begin >= 1 && model_.metric("rentals") != nullptr) {
    static const std::set<std::string> kTake = {"take", "took", "taken", "takes", "taking"};
    static const std::set<std::string> kPerson = {"customer", "customers", "he",      "she",
                                                  "people",   "renters",   "members", "someone"};
    const auto& subject = tokens[metric->begin - 1];
    const bool customer_named = contains(tokens, {"customer"}) || contains(tokens, {"customers"});
    if (kTake.count(tokens[metric->begin]) > 0 &&
        (kPerson.count(subject) > 0 ||
         ((subject == "they" || subject == "who") && customer_named))) {
      metric->name = "rentals";
    }
  }
  // "how many customers from Japan rented from us in July?": the customers are what is counted
  // and the verb says which ones — customers who rented (paid), not the rentals (revenue).
  if (metric &&
      (metric->name == "rentals" || metric->name == "revenue" || metric->name == "payments") &&
      metric->end - metric->begin <= 2) {
    static const std::set<std::string> kRentVerb = {
        "rented", "rent",  "renting", "borrowed", "borrow", "took",   "take",
        "taken",  "takes", "taking",  "hired",    "hire",   "checked"};
    static const std::set<std::string> kPayVerb = {"paid", "spent", "pay", "paying"};
    const auto& verb = tokens[metric->begin];
    // "customers who made a payment", "… made any payments": the verb comes before the noun.
    static const std::set<std::string> kMadeVerb = {"made", "make", "makes", "making", "paid"};
    const bool made = metric->name == "payments" &&
                      ((metric->begin >= 1 && kMadeVerb.count(tokens[metric->begin - 1]) > 0) ||
                       (metric->begin >= 2 && kMadeVerb.count(tokens[metric->begin - 2]) > 0));
    const std::string counted =
        metric->name == "rentals" && kRentVerb.count(verb) > 0  ? "renting_customers"
        : metric->name == "revenue" && kPayVerb.count(verb) > 0 ? "paying_customers"
        : made                                                  ? "paying_customers"
                                                                : "";
    for (const auto& m : metric_matches) {
      if (counted.empty() || model_.metric(counted) == nullptr) break;
      if (m.name != "customers" || m.begin > metric->begin) continue;
      // "customers in Canada vs the UK who rented anything this quarter": the customers are the
      // subject and "who rented" says which ones.
      static const std::set<std::string> kDeterminer = {"our",    "my",       "the",
                                                        "unique", "distinct", "different"};
      // ("inactive customers who …": words read before the noun, such as a filter, are its own.)
      bool subject = true;
      for (size_t k = 0; k < m.begin; ++k) {
        subject = subject && (kDeterminer.count(tokens[k]) > 0 || used[k]);
      }
      // ("who still rented", "that have ever rented": the adverb does not change who.)
      static const std::set<std::string> kBetween = {"still", "also", "ever",  "actually",
                                                     "have",  "has",  "had",   "already",
                                                     "then",  "did",  "really"};
      size_t verb_at = metric->begin;
      while (verb_at >= 1 && kBetween.count(tokens[verb_at - 1]) > 0) --verb_at;
      // ("customers renting in July - how many?": the verb right after its subject.)
      const bool who_did =
          (verb_at >= 1 && (tokens[verb_at - 1] == "who" || tokens[verb_at - 1] == "that")) ||
          (verb_at == m.end && metric->begin == m.end);
      if (m.begin == 0 && !(subject && who_did)) continue;
      // ("how many of our customers …": past the determiner and "of".)
      size_t noun_at = m.begin;
      while (noun_at >= 2 &&
             (tokens[noun_at - 1] == "our" || tokens[noun_at - 1] == "my" ||
              tokens[noun_at - 1] == "the" || tokens[noun_at - 1] == "your") &&
             tokens[noun_at - 2] == "of" && noun_at >= 3 && tokens[noun_at - 3] == "many") {
        noun_at -= 2;
      }
      const std::string before_noun = noun_at > 0 ? tokens[noun_at - 1] : "";
      if ((subject && who_did) || before_noun == "many" ||
          (before_noun == "of" && noun_at >= 2 &&
           (tokens[noun_at - 2] == "number" || tokens[noun_at - 2] == "count"))) {
        metric = Match{m.begin, m.end, counted, false};
        break;
      }
    }
  }
  // "how many titles does PENELOPE GUINESS appear in?": the films an actor is in, a catalogue
  // fact — not the titles the stores stock ("how many titles does" reads so without an actor).
  if (metric && metric->name == "titles_stocked" && model_.metric("films") != nullptr &&
      std::any_of(entities.filters.begin(), entities.filters.end(),
                  [](const Filter& f) { return f.dimension == "actor"; }) &&
      contains(tokens, {"appear", "appears", "appeared", "star", "stars", "starred", "feature",
                        "features", "featured", "act", "acts", "acted", "in"}) &&
      !contains(tokens, {"stock", "stocked", "carry", "carried", "shelves", "shelf", "store",
                         "stores", "shop", "branch", "inventory", "copies"}) &&
      entities.stores.empty()) {
    metric->name = "films";
  }
  // "how many customers <did something>" not read as the customers who did it: checked once the
  // query is built (a count of customers with N rentals is read there), never answered as the
  // count of what they did with the customers silently dropped.
  std::optional<Match> customers_asked;
  if (metric &&
      (metric->name == "rentals" || metric->name == "revenue" || metric->name == "payments")) {
    for (const auto& m : metric_matches) {
      if (m.name != "customers" || m.begin >= metric->begin || m.begin == 0) continue;
      const bool counted =
          tokens[m.begin - 1] == "many" ||
          (m.begin >= 2 && tokens[m.begin - 1] == "of" &&
           (tokens[m.begin - 2] == "number" || tokens[m.begin - 2] == "count")) ||
          (m.begin >= 3 && tokens[m.begin - 3] == "many" && tokens[m.begin - 2] == "of" &&
           (tokens[m.begin - 1] == "our" || tokens[m.begin - 1] == "my" ||
            tokens[m.begin - 1] == "the" || tokens[m.begin - 1] == "your"));
      if (counted) customers_asked = m;
    }
  }
  // "top 10 films among customers from India", "the favourite rating with Canadian customers":
  // the customers say whose rentals are ranked, not what is counted.
  if (metric && metric->name == "customers" && metric->begin > 0 &&
      (tokens[metric->begin - 1] == "among" || tokens[metric->begin - 1] == "amongst" ||
       tokens[metric->begin - 1] == "with" ||
       (metric->begin > 1 && tokens[metric->begin - 2] == "among")) &&
      model_.metric("rentals") != nullptr) {
    metric->name = "rentals";
  }
  // "how many different films got rented yesterday", "DVDs rented last week": a verb of renting
  // next to a stock measure counts what was rented, not what is held.
  if (metric && (metric->name == "titles_stocked" || metric->name == "inventory_items")) {
    const bool rented = contains_free(tokens, used,
                                      {"rented", "rent", "renting", "borrowed", "borrow", "borrows",
                                       "borrowing", "hire", "hired"}) ||
                        (contains_free(tokens, used, {"went", "gone", "go", "going"}) &&
                         contains_free(tokens, used, {"out"}));
    const std::string counted = metric->name == "titles_stocked" ? "rented_titles" : "rentals";
    if (rented && model_.metric(counted) != nullptr) metric->name = counted;
  }
  // "Which actors have been in over 35 films?": the count after the number is the measure.
  if (!metric) {
    for (const auto& c : conditions) {
      if (!c.unit.empty() && c.unit != "times") continue;
      size_t k = c.end;
      while (k < tokens.size() && used[k] && k < c.end + 3) ++k;
      const auto noun = c.unit == "times"               ? std::string("rentals")
                        : k < tokens.size() && !used[k] ? count_noun(tokens[k])
                                                        : std::string();
      if (!noun.empty() && model_.metric(noun) != nullptr) {
        // A measure read from the condition's own words (nothing more to cover).
        metric = Match{c.begin, c.begin, noun, false};
        break;
      }
    }
  }
  // "the favourite rating among Canadian customers": what customers choose is what they rent.
  if (!metric && !dim_matches.empty() && model_.metric("rentals") != nullptr) {
    for (size_t i = 0; i < tokens.size(); ++i) {
      const auto& w = tokens[i];
      if (!used[i] && (w == "favourite" || w == "favorite" || w == "preferred" ||
                       w == "favourites" || w == "favorites")) {
        metric = Match{i, i + 1, "rentals", false};
        break;
      }
    }
  }
  // "what % of July's renters were from India?", "what proportion of renters this month rented
  // a Horror film": the renters are the whole a share is taken of — the customers who rented,
  // counted — not the rows of each renter (a verb after them says what the part did).
  for (const auto& d : dim_matches) {
    if (d.name != "customer" || tokens[d.begin] != "renters") continue;
    if (metric && !(metric->name == "rentals" && metric->begin > d.begin)) break;
    if (model_.metric("renting_customers") == nullptr) break;
    size_t k = d.begin;
    static const std::set<std::string> kBetween = {"the",  "our",      "all",  "this",
                                                   "last", "previous", "past", "that"};
    while (k > 0 && (kBetween.count(tokens[k - 1]) > 0 || tokens[k - 1].ends_with("'s") ||
                     month_index(tokens[k - 1]).has_value())) {
      --k;
    }
    // "July's renters - how many?": the renters counted, the "how many" apart from them.
    bool counted = false;
    for (size_t i = 0; !metric && i + 1 < tokens.size(); ++i) {
      counted = counted || (tokens[i] == "how" && tokens[i + 1] == "many");
    }
    if (counted ||
        (k >= 2 && tokens[k - 1] == "of" && classify_word(tokens[k - 2]) == WordClass::kShare)) {
      // (The verb's own words are read: what the part did is the condition after them.)
      if (metric) {
        for (size_t u = metric->begin; u < metric->end; ++u) used[u] = true;
      }
      metric = Match{d.begin, d.end, "renting_customers", false};
    }
    break;
  }
  // "which genres have an average rental rate above three bucks?", "categories where the average
  // film length is over 120 minutes": the average of the attribute compared is the measure, and
  // the comparison a condition on each group's average (never on each film before averaging).
  if (!metric) {
    const std::vector<bool> none(tokens.size(), false);
    for (const auto& a : match_synonyms(tokens, none, attribute_synonyms_)) {
      const auto avg = kAverageOf.find(a.name);
      if (avg == kAverageOf.end() || model_.metric(avg->second) == nullptr) continue;
      size_t lead = a.begin;
      if (lead > 0 && tokens[lead - 1] == "film") --lead;  // "the average film length"
      if (lead == 0 || (tokens[lead - 1] != "average" && tokens[lead - 1] != "avg" &&
                        tokens[lead - 1] != "mean")) {
        continue;
      }
      const bool compared = std::any_of(conditions.begin(), conditions.end(), [&](const auto& c) {
        return c.begin >= a.end && c.begin - a.end <= 1;
      });
      if (!compared) continue;
      metric = Match{lead - 1, a.end, avg->second, false};
      metric_matches.push_back(*metric);
      for (size_t u = lead - 1; u < a.end; ++u) used[u] = true;
      break;
    }
  }
  // "which genres cost more than $20.25 on avg to replace a title?": "on average" said of a
  // comparison on a film's own fact, per group — the group's average compared.
  if (!metric && !dim_matches.empty()) {
    for (size_t i = 1; i < tokens.size() && !metric; ++i) {
      if (used[i] || used[i - 1] || tokens[i - 1] != "on" ||
          (tokens[i] != "avg" && tokens[i] != "average" && tokens[i] != "mean")) {
        continue;
      }
      for (const auto& c : conditions) {
        const auto avg = kAverageOf.find(c.attribute);
        if (avg == kAverageOf.end() || model_.metric(avg->second) == nullptr) continue;
        metric = Match{i - 1, i + 1, avg->second, false};
        metric_matches.push_back(*metric);
        used[i - 1] = used[i] = true;
        break;
      }
    }
  }
  // "Of the Comedy films, how many carry a PG-13 rating?", "films over 2hrs that rent for less
  // than a dollar - how many r there": a "how many" apart from the films it counts.
  if (!metric && model_.metric("films") != nullptr && !films_of_those) {
    bool how_many = false;
    for (size_t i = 0; i + 1 < tokens.size(); ++i) {
      how_many = how_many || (tokens[i] == "how" && tokens[i + 1] == "many");
    }
    static const std::set<std::string> kFilmWords = {"films", "titles", "movies"};
    for (size_t i = 0; how_many && i < tokens.size(); ++i) {
      if (used[i] || kFilmWords.count(tokens[i]) == 0) continue;
      metric = Match{i, i + 1, "films", false};
      metric_matches.push_back(*metric);
      used[i] = true;
      break;
    }
  }
  // "our 10 biggest renters", "top spenders": people ranked by what they are named for. Not
  // ranked, "horror renters in July" are the customers who rented them, counted once each.
  if (!metric) {
    static const std::set<std::string> kRankedPeople = {
        "top",      "biggest", "best",     "most",     "largest", "heaviest", "highest",
        "leading",  "bottom",  "least",    "smallest", "lowest",  "fewest",   "worst",
        "frequent", "loyal",   "greatest", "keenest",  "busiest"};
    for (const auto& d : dim_matches) {
      if (d.name != "customer") continue;
      const auto& w = tokens[d.begin];
      const bool renter = w == "renters" || w == "renter";
      const bool payer = w == "spenders" || w == "payers" || w == "buyers" || w == "spender" ||
                         w == "payer" || w == "buyer";
      if (!renter && !payer) continue;
      const bool ranked = std::any_of(tokens.begin(), tokens.end(), [](const std::string& t) {
        return kRankedPeople.count(t) > 0;
      });
      const std::string measure = ranked   ? (renter ? "rentals" : "revenue")
                                  : renter ? "renting_customers"
                                           : "paying_customers";
      if (model_.metric(measure) == nullptr) continue;
      metric = Match{d.begin, ranked ? d.begin : d.end, measure, false};
      break;
    }
    // (Not ranked, the word is the measure, no longer a breakdown by customer.)
    if (metric && metric->end > metric->begin) {
      metric_matches.push_back(*metric);
      std::erase_if(dim_matches, [&](const Match& m) { return m.begin == metric->begin; });
    }
  }
  std::vector<Match> dims;
  for (const auto& d : dim_matches) {
    if (metric && d.begin < metric->end && metric->begin < d.end &&
        (d.end - d.begin) <= (metric->end - metric->begin)) {
      continue;  // the metric's own words, not a dimension
    }
    bool overlaps_other_metric = false;
    for (const auto& m : metric_matches) {
      if (metric && m.begin == metric->begin) continue;
      if (d.begin < m.end && m.begin < d.end && m.name != "customers" && !who_paid(m)) {
        overlaps_other_metric = true;
      }
    }
    if (overlaps_other_metric) continue;
    auto same =
        std::find_if(dims.begin(), dims.end(), [&](const auto& x) { return x.name == d.name; });
    if (same == dims.end()) {
      dims.push_back(d);
    } else if (const auto& w = d.begin > 0 ? tokens[d.begin - 1] : tokens[d.begin];
               w == "by" || w == "per" || w == "each" || w == "every") {
      // "store by store": the named-with-its-cue one is the breakdown.
      *same = d;
    }
  }
  // Customer nouns that only say whose place or whose store is meant ("customers in Brazil",
  // "each store's customers"): neither a breakdown nor an unread word.
  std::set<size_t> place_subjects;
  std::optional<std::pair<size_t, size_t>> owned_subject;
  const std::string lowered_question = lower(request.question);
  // A plain (non-time) dimension needs a grouping cue: "by store", "each category", "top 5
  // films", "which actor". Without one, "revenue from customers in India" is one number.
  {
    static const std::set<std::string> kCue = {
        "by",      "per",     "each",      "every",   "across",    "which",    "what",
        "top",     "bottom",  "most",      "least",   "best",      "worst",    "split",
        "among",   "between", "breakdown", "busiest", "popular",   "highest",  "lowest",
        "biggest", "ranked",  "rank",      "list",    "favourite", "favorite", "preferred"};
    // "French vs German": when the comparison is between named values, it is not a cue for
    // another noun ("average cost of films in French vs German" is per language, not per film).
    bool values_compared = false;
    for (size_t x = 0; x < entities.filters.size(); ++x) {
      for (size_t y = x + 1; y < entities.filters.size(); ++y) {
        values_compared =
            values_compared || entities.filters[x].dimension == entities.filters[y].dimension;
      }
    }
    values_compared = values_compared || entities.stores.size() >= 2;
    // ("at least 60 films", "at most 5": a bound, not a ranking word.)
    Tokens cue_tokens = tokens;
    for (size_t k = 1; k < cue_tokens.size(); ++k) {
      if ((cue_tokens[k] == "least" || cue_tokens[k] == "most") && tokens[k - 1] == "at") {
        cue_tokens[k].clear();
      }
    }
    const bool global_cue =
        contains(cue_tokens, {"top",      "bottom",    "most",      "least",    "rank",
                              "ranking",  "breakdown", "highest",   "lowest",   "longest",
                              "shortest", "busiest",   "popular",   "best",     "worst",
                              "cheapest", "priciest",  "favourite", "favorite", "preferred"}) ||
        (!values_compared && contains(tokens, {"compare", "vs", "versus"}));
    std::vector<Match> kept;
    std::vector<bool> local;  // cued by its own neighbours, not only by a word elsewhere
    for (const auto& d : dims) {
      const auto* dim = model_.dimension(d.name);
      // "weekdays only": a restriction to those values, never a breakdown by them.
      if (d.end < tokens.size() && tokens[d.end] == "only" &&
          std::any_of(entities.filters.begin(), entities.filters.end(),
                      [&](const Filter& f) { return f.begin <= d.begin && d.end <= f.end; })) {
        continue;
      }
      // A time grain, or a phrase that is itself a split ("active and inactive"), needs no cue.
      bool cued = (dim != nullptr && dim->is_time) || kCue.count(tokens[d.begin]) > 0 ||
                  d.name == "customer_status";
      // Right after an entity ("Horror films") the noun names the entity, not a grouping.
      // (Not when the titles are ranked: "8 most rented horror titles" ranks Horror titles.)
      bool ranked_titles = false;
      if (d.name == "film") {
        for (size_t back = 1; back <= 4 && back <= d.begin; ++back) {
          const auto& w = cue_tokens[d.begin - back];
          // ("the longest Horror film", "the cheapest Comedy title to rent": a superlative of
          // the film's own attribute ranks the titles the same way.)
          ranked_titles = ranked_titles || w == "most" || w == "least" || w == "top" ||
                          w == "bottom" || w == "best" || w == "worst" || w == "longest" ||
                          w == "shortest" || w == "cheapest" || w == "priciest" || w == "highest" ||
                          w == "lowest";
        }
        // "which Horror film is the priciest?": the superlative after the noun, past a verb.
        static const std::set<std::string> kBetween = {
            "is",     "was",  "are",  "were",   "the",  "has",   "had",   "with",
            "runs",   "ran",  "run",  "rented", "rent", "rents", "taken", "out",
            "earned", "made", "took", "costs",  "cost", "gone",  "went",  "been"};
        static const std::set<std::string> kSuperlative = {
            "most",     "least",     "longest", "shortest", "cheapest",
            "priciest", "costliest", "highest", "lowest",   "dearest"};
        for (size_t k = d.end; k < tokens.size() && k < d.end + 4 && !ranked_titles; ++k) {
          if (kSuperlative.count(tokens[k]) > 0) {
            ranked_titles = true;
          } else if (kBetween.count(tokens[k]) == 0) {
            break;
          }
        }
      }
      // ("Argentine cities": the cities of that country, a breakdown of its own.)
      const bool cities_of_country =
          d.name == "city" &&
          std::any_of(entities.filters.begin(), entities.filters.end(), [&](const Filter& f) {
            return f.dimension == "country" && f.end == d.begin;
          });
      const bool after_entity = d.begin > 0 && used[d.begin - 1] &&
                                !contains(tokens, {"top", "bottom"}) && !ranked_titles &&
                                !cities_of_country;
      // "paid by customers", "spent by our customers": "by" names who paid, not a grouping.
      static const std::set<std::string> kAgentVerbs = {"paid",   "spent",   "made",   "generated",
                                                        "earned", "brought", "rented", "received"};
      const auto agent_by = [&](size_t at) {
        return d.name == "customer" && tokens[at] == "by" && at > 0 &&
               kAgentVerbs.count(tokens[at - 1]) > 0;
      };
      size_t reach = 3;
      for (size_t back = 1; back <= reach && !cued && !after_entity && d.begin >= back; ++back) {
        // A cue belongs to the nearest noun after it: in "by category for films" the "by" is
        // the category's, not the films'. (A noun right before it is a compound — "customer
        // cities" — and a noun listed with it shares its cue — "by store and category".)
        const size_t at = d.begin - back;
        const auto other = std::find_if(dims.begin(), dims.end(), [&](const Match& o) {
          return o.begin != d.begin && at >= o.begin && at < o.end && o.end < d.begin;
        });
        if (other != dims.end()) {
          bool listed = true;
          for (size_t k = other->end; k < d.begin; ++k) {
            listed = listed && (tokens[k] == "and" || tokens[k] == "&" || tokens[k] == "then" ||
                                tokens[k] == "plus");
          }
          if (!listed) break;
          reach = back + (other->end - other->begin) + 3;
          back = d.begin - other->begin;  // continue before the listed noun
          continue;
        }
        const auto& w = tokens[at];
        // ("what % of customers in Canada are inactive": the "what" asks for the share, whose
        // whole the noun is — not a list of the customers.)
        const bool asks_a_share =
            (w == "what" || w == "which") && at + 2 < d.begin + 1 &&
            std::any_of(tokens.begin() + static_cast<std::ptrdiff_t>(at + 1),
                        tokens.begin() + static_cast<std::ptrdiff_t>(d.begin),
                        [](const std::string& x) {
                          return x == "%" || classify_word(x) == WordClass::kShare;
                        });
        if ((kCue.count(w) && !agent_by(at) && !asks_a_share) || number_word(w)) cued = true;
      }
      // "Q1 category takings", "genre revenue for July": a kind of group said right before the
      // measure, as one compound noun, is its breakdown (as "by category" is). (Not stores,
      // films or customers: "store revenue", "film rentals" name where or what is counted.)
      if (!cued && d.singular && metric && metric->begin == d.end &&
          (d.name == "category" || d.name == "rating" || d.name == "language" ||
           d.name == "country")) {
        cued = true;
      }
      // "per store and rating": listed after the store breakdown (read by the store rules, so
      // not among these nouns), it shares the store's cue.
      if (!cued && d.begin >= 3 &&
          (tokens[d.begin - 1] == "and" || tokens[d.begin - 1] == "&" ||
           tokens[d.begin - 1] == "plus") &&
          (tokens[d.begin - 2] == "store" || tokens[d.begin - 2] == "stores") &&
          kCue.count(tokens[d.begin - 3]) > 0) {
        cued = true;
      }
      // "rentals by customers living in Brazil", "among customers in the United States", "going
      // by where the customer lives", "each store's customers": the customers are whom a place
      // filter, a place breakdown or another noun qualifies, not a grouping of their own — unless
      // they are ranked or picked out ("top 5 customers in Brazil", "which customers in Japan").
      if (cued && d.name == "customer") {
        static const std::set<std::string> kPlaceWords = {
            "in", "from", "living", "based", "located", "residing", "who", "that", "whose"};
        static const std::set<std::string> kPicked = {
            "top", "bottom", "which", "what", "most", "least", "best", "worst", "biggest", "list"};
        const bool place_named =
            std::any_of(entities.filters.begin(), entities.filters.end(),
                        [](const auto& f) {
                          return f.dimension == "country" || f.dimension == "city" ||
                                 f.dimension == "district";
                        }) ||
            std::any_of(dims.begin(), dims.end(), [](const Match& o) {
              return o.name == "country" || o.name == "city" || o.name == "district";
            });
        const bool place_after = d.end < tokens.size() && kPlaceWords.count(tokens[d.end]) > 0;
        const bool where_lives =
            d.begin >= 1 &&
            (tokens[d.begin - 1] == "where" ||
             (d.begin >= 2 && tokens[d.begin - 1] == "the" && tokens[d.begin - 2] == "where"));
        const bool owned =
            d.begin >= 1 && lowered_question.find(tokens[d.begin - 1] + "'s " + tokens[d.begin]) !=
                                std::string::npos;
        bool picked = false;
        for (size_t back = 1; back <= 3 && back <= d.begin; ++back) {
          const size_t at = d.begin - back;
          // ("top category among customers": the "top" is the category's.)
          if (std::any_of(dims.begin(), dims.end(),
                          [&](const Match& o) { return at >= o.begin && at < o.end; })) {
            break;
          }
          picked = picked || number_word(tokens[at]) || kPicked.count(tokens[at]) > 0;
        }
        if (((place_after && place_named) || where_lives || owned) && !picked) {
          cued = false;
          place_subjects.insert(d.begin);
          if (owned)
            owned_subject = {
                d.begin >= 2 && tokens[d.begin - 2] == "each" ? d.begin - 2 : d.begin - 1, d.end};
          claims.push_back({d.begin, d.end, "subject",
                            owned ? "the customers of each " + tokens[d.begin - 1]
                                  : "the customers the place is about"});
        }
        // "rentals by customers flagged inactive", "by customers who are active": the customers
        // a status filter qualifies, not a grouping by customer.
        if (cued && !picked) {
          static const std::set<std::string> kQualify = {
              "flagged", "marked", "listed", "as",  "who", "that",      "are",
              "were",    "is",     "still",  "now", "set", "currently", "being"};
          size_t k = d.end;
          while (k < tokens.size() && k < d.end + 4 && kQualify.count(tokens[k]) > 0) ++k;
          // (The filter's words may hold the qualifier: "flagged inactive" is one value.)
          const bool status_next =
              std::any_of(entities.filters.begin(), entities.filters.end(), [&](const Filter& f) {
                return f.begin >= d.end && f.begin <= k && f.dimension == "customer_status";
              });
          if (status_next) {
            cued = false;
            for (size_t j = d.end; j < k; ++j) used[j] = used[j] || kQualify.count(tokens[j]) > 0;
            size_t from = d.begin;
            if (from >= 1 && (tokens[from - 1] == "by" || tokens[from - 1] == "from" ||
                              tokens[from - 1] == "among")) {
              --from;
            }
            for (size_t j = from; j < d.end; ++j) used[j] = true;
            place_subjects.insert(d.begin);
            claims.push_back({from, d.end, "subject", "the customers the status is about"});
          }
        }
      }
      const bool cued_here = cued;
      if (!cued && global_cue && d.name != "customer" && !after_entity) cued = true;
      if (!cued && global_cue && d.name == "customer" &&
          contains(tokens, {"top", "bottom", "most", "least", "which", "best", "biggest"})) {
        cued = true;
      }
      if (cued) {
        kept.push_back(d);
        local.push_back(cued_here);
      }
    }
    // A noun that only a far-away "top" or "most" cues is not a grouping when another is cued
    // where it stands: "top 5 actors by rentals of their films" ranks actors, not films.
    const auto is_plain = [&](const Match& d) {
      const auto* dim = model_.dimension(d.name);
      return dim != nullptr && !dim->is_time;
    };
    bool any_local_plain = false;
    for (size_t i = 0; i < kept.size(); ++i) any_local_plain |= local[i] && is_plain(kept[i]);
    std::vector<Match> heads;
    for (size_t i = 0; i < kept.size(); ++i) {
      if (any_local_plain && is_plain(kept[i]) && !local[i]) continue;
      heads.push_back(kept[i]);
    }
    // Two nouns side by side: the first qualifies the second ("customer cities" are cities),
    // unless it is a possessive ("actor's films" ranks actors).
    const auto lowered = lower(request.question);
    std::vector<Match> compact;
    for (size_t i = 0; i < heads.size(); ++i) {
      const bool next_adjacent = i + 1 < heads.size() && heads[i].end == heads[i + 1].begin &&
                                 is_plain(heads[i]) && is_plain(heads[i + 1]);
      if (!next_adjacent) {
        compact.push_back(heads[i]);
        continue;
      }
      // ("actors' films", and "actors films" typed without the apostrophe: a plural noun
      // does not qualify the next one, it owns it.)
      const auto& owner = tokens[heads[i].end - 1];
      const bool possessive = lowered.find(owner + "'s") != std::string::npos ||
                              (owner.size() > 3 && owner.back() == 's' && !heads[i].singular);
      if (possessive) {
        compact.push_back(heads[i]);
        ++i;  // the possessed noun is what is counted, not a grouping
      }
    }
    dims = compact;
  }

  const bool ranking_word = contains_free(tokens, used,
                                          {"top",
                                           "bottom",
                                           "most",
                                           "least",
                                           "best",
                                           "worst",
                                           "highest",
                                           "lowest",
                                           "fewest",
                                           "biggest",
                                           "largest",
                                           "smallest",
                                           "busiest",
                                           "popular",
                                           "rank",
                                           "ranking",
                                           "quietest",
                                           "slowest",
                                           "more",
                                           "less",
                                           "longest",
                                           "shortest",
                                           "cheapest",
                                           "priciest",
                                           "strongest",
                                           "weakest",
                                           "poorest",
                                           "performers",
                                           "underperformers",
                                           "underperforming",
                                           "laggards",
                                           "favourite",
                                           "favorite",
                                           "preferred"});
  // "most to least", "from worst to best", "high to low": the whole list in that direction (the
  // first word says which way), not the one at either end.
  std::optional<bool> pair_ascending;
  {
    static const std::set<std::string> kHigh = {"most",    "highest", "best",     "biggest",
                                                "largest", "high",    "top",      "greatest",
                                                "busiest", "longest", "strongest"};
    static const std::set<std::string> kLow = {"least",    "lowest",  "worst",   "smallest",
                                               "low",      "bottom",  "fewest",  "quietest",
                                               "shortest", "weakest", "cheapest"};
    for (size_t i = 0; i + 2 < tokens.size() && !pair_ascending; ++i) {
      if (tokens[i + 1] != "to") continue;
      if (kHigh.count(tokens[i]) && kLow.count(tokens[i + 2])) pair_ascending = false;
      if (kLow.count(tokens[i]) && kHigh.count(tokens[i + 2])) pair_ascending = true;
      if (pair_ascending) {
        for (size_t k = i; k < i + 3; ++k) used[k] = true;
        if (i > 0 && tokens[i - 1] == "from") used[i - 1] = true;
      }
    }
  }
  // ("the worst late-return rate": for a measure where more is worse, the worst is the highest
  // and the best the lowest.)
  static const std::set<std::string> kMoreIsWorse = {"late_rate", "late_returns",
                                                     "customers_returning_late", "overdue_rentals",
                                                     "unreturned_rentals"};
  const bool more_is_worse =
      metric && kMoreIsWorse.count(metric->name) > 0 &&
      !contains_free(tokens, used,
                     {"least", "lowest", "fewest", "most", "highest", "smallest", "biggest"});
  const bool ascending =
      pair_ascending ? *pair_ascending
      : more_is_worse && contains_free(tokens, used, {"worst", "poorest", "best"})
          ? contains_free(tokens, used, {"best"})
          : contains_free(tokens, used,
                          {"bottom", "least", "worst", "lowest", "fewest", "smallest", "quietest",
                           "slowest", "less", "shortest", "cheapest", "weakest", "poorest",
                           "underperformers", "underperforming", "laggards"});
  // ("the % change", "percentage increase": a change written in percent, not a share.)
  const bool share_word = [&] {
    static const std::set<std::string> kShare = {"share",    "percentage", "percent", "proportion",
                                                 "fraction", "split",      "mix"};
    static const std::set<std::string> kChange = {
        "change", "changes", "increase", "increases",  "decrease", "decreases", "growth",
        "drop",   "rise",    "fall",     "difference", "gain",     "jump",      "decline",
        "swing",  "shift",   "movement", "delta",      "diff",     "up",        "down"};
    for (size_t i = 0; i < tokens.size(); ++i) {
      if (used[i] || kShare.count(tokens[i]) == 0) continue;
      // "split by store", "split per month": a breakdown, not a share.
      if (tokens[i] == "split" && i + 1 < tokens.size() &&
          (tokens[i + 1] == "by" || tokens[i + 1] == "per" || tokens[i + 1] == "across" ||
           tokens[i + 1] == "into" || tokens[i + 1] == "out")) {
        continue;
      }
      const bool change_follows = i + 1 < tokens.size() && kChange.count(tokens[i + 1]) > 0 &&
                                  (tokens[i] == "percentage" || tokens[i] == "percent");
      // "up or down, and by what percentage?", "in percent": the size of a change, not a share.
      // ("split across ratings, in %" is a share: "in percent" is a change only beside one.)
      const bool beside_a_change =
          std::any_of(tokens.begin(), tokens.end(),
                      [](const std::string& w) { return kChange.count(w) > 0; }) ||
          contains(tokens, {"compared", "compare", "compares", "comparison", "vs", "versus", "than",
                            "against"});
      // ("july vs august - diff & %", "gap and percent": the change said both ways.)
      // ("&" is no token.)
      const auto change_at = [&](size_t k) {
        return kChange.count(tokens[k]) > 0 || tokens[k] == "gap";
      };
      const bool after_a_difference =
          (i >= 1 && change_at(i - 1)) ||
          (i >= 2 && (tokens[i - 1] == "and" || tokens[i - 1] == "plus") && change_at(i - 2));
      const bool size_of_change =
          (tokens[i] == "percentage" || tokens[i] == "percent") && i >= 1 &&
          (after_a_difference || (tokens[i - 1] == "in" && beside_a_change) ||
           tokens[i - 1] == "by" ||
           (i >= 2 &&
            (tokens[i - 1] == "what" || tokens[i - 1] == "which" || tokens[i - 1] == "many") &&
            (tokens[i - 2] == "by" || tokens[i - 2] == "how")));
      if (!change_follows && !size_of_change) return true;
    }
    return false;
  }();
  const bool went_up_or_down = [&] {
    for (size_t i = 0; i + 1 < tokens.size(); ++i) {
      if (used[i] || used[i + 1]) continue;
      if ((tokens[i] == "go" || tokens[i] == "went" || tokens[i] == "gone" ||
           tokens[i] == "going") &&
          (tokens[i + 1] == "up" || tokens[i + 1] == "down")) {
        return true;
      }
    }
    return false;
  }();
  // "the % difference", "percent diff": the change in percent.
  bool percent_difference = false;
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    percent_difference =
        percent_difference ||
        ((tokens[i] == "percent" || tokens[i] == "percentage" || tokens[i] == "pct") &&
         (tokens[i + 1] == "difference" || tokens[i + 1] == "diff"));
  }
  const bool growth_word =
      went_up_or_down || over_period.has_value() || percent_difference ||
      contains_free(tokens, used,
                    {"growth",    "grow",     "grew",      "change",  "changed",  "increase",
                     "increased", "decrease", "decreased", "decline", "declined", "drop",
                     "dropped",   "jump",     "jumped",    "spike",   "spiked",   "climb",
                     "climbed",   "gain",     "gained",    "swing",   "rise",     "rose",
                     "risen",     "fell",     "slump",     "slumped", "shrank",   "shrink",
                     "slip",      "slipped",  "dip",       "dipped",  "slide",    "slid"}) ||
      [&] {
        // "saw revenue fall the most": the verb (not "the fall", "last fall" — a season).
        for (size_t i = 1; i < tokens.size(); ++i) {
          if (used[i] || (tokens[i] != "fall" && tokens[i] != "falls" && tokens[i] != "fallen")) {
            continue;
          }
          const auto& word_before = tokens[i - 1];
          if (word_before != "the" && word_before != "this" && word_before != "last" &&
              word_before != "in" && word_before != "next" && word_before != "early" &&
              word_before != "late") {
            return true;
          }
        }
        return false;
      }();
  // "June and July side by side": each named period (or store) beside the other.
  bool side_by_side = false;
  for (size_t i = 0; i + 2 < tokens.size(); ++i) {
    if (!used[i] && tokens[i] == "side" && tokens[i + 1] == "by" && tokens[i + 2] == "side") {
      used[i] = used[i + 1] = used[i + 2] = true;
      side_by_side = true;
    }
  }
  const bool compare_word =
      side_by_side ||
      contains_free(tokens, used, {"compare", "comparison", "vs", "versus", "compared", "against"});
  // "those films", "these customers", "them": the question refers back to the previous one.
  // "how many payments was that?", "what about for that?": a closing "that" points back too.
  // ("who starred in it?", "what did we make on it?": a closing "it" after a preposition.)
  // (Only a short question naming nothing itself: "CHICAGO NORTH: who acted in it?" and "the
  // peak day …, and the number on it?" point inside the question.)
  const bool closing_it =
      tokens.size() >= 2 && tokens.size() <= 7 && entities.filters.empty() &&
      !contains(tokens, {"and"}) && tokens.back() == "it" &&
      (tokens[tokens.size() - 2] == "in" || tokens[tokens.size() - 2] == "on" ||
       tokens[tokens.size() - 2] == "for" || tokens[tokens.size() - 2] == "of" ||
       tokens[tokens.size() - 2] == "from" || tokens[tokens.size() - 2] == "about");
  // ("how many rentals is that in total?": words that only close the sentence may follow.)
  const size_t closing_end = [&] {
    static const std::set<std::string> kClosing = {
        "in", "total", "altogether", "overall", "combined", "all", "together", "then", "exactly"};
    size_t end = tokens.size();
    while (end > 0 && kClosing.count(tokens[end - 1]) > 0 && tokens[end - 1] != "that") --end;
    return end == tokens.size() || (end > 0 && tokens[end - 1] == "that") ? end : tokens.size();
  }();
  const bool closing_that = closing_end >= 2 && tokens[closing_end - 1] == "that" &&
                            (tokens[closing_end - 2] == "was" || tokens[closing_end - 2] == "is" ||
                             tokens[closing_end - 2] == "for" || tokens[closing_end - 2] == "of" ||
                             tokens[closing_end - 2] == "in" || tokens[closing_end - 2] == "from" ||
                             tokens[closing_end - 2] == "about");
  // "what does that add up to?", "what did that come to in total?": "that" as the subject
  // after the question's verb is the previous answer.
  const bool that_subject = [&] {
    static const std::set<std::string> kAux = {"does", "did", "do", "is", "was", "would", "will"};
    static const std::set<std::string> kAfter = {
        "add",   "adds",   "added", "come",     "comes",    "came",   "amount", "amounts",
        "total", "totals", "sum",   "make",     "makes",    "in",     "to",     "all",
        "per",   "for",    "on",    "combined", "together", "overall"};
    // ("split that by store", "break that down by month", "chart that": the previous answer as
    // the object of a verb that reshapes it.)
    static const std::set<std::string> kReshape = {"split", "break",  "show", "chart",
                                                   "plot",  "graph",  "sort", "rank",
                                                   "list",  "divide", "redo", "repeat"};
    for (size_t i = 1; i < tokens.size(); ++i) {
      if (tokens[i] == "that" && kReshape.count(tokens[i - 1]) > 0 &&
          (i + 1 == tokens.size() || tokens[i + 1] == "by" || tokens[i + 1] == "down" ||
           tokens[i + 1] == "per" || tokens[i + 1] == "for" || tokens[i + 1] == "into" ||
           tokens[i + 1] == "as")) {
        return true;
      }
    }
    for (size_t i = 1; i < tokens.size(); ++i) {
      if (tokens[i] == "that" && kAux.count(tokens[i - 1]) > 0 &&
          (i + 1 == tokens.size() || kAfter.count(tokens[i + 1]) > 0)) {
        return true;
      }
    }
    return false;
  }();
  // ("these days" is "nowadays"; a word that says the question is not about this data is
  // declined as such, not asked back as a pointer.)
  const bool out_of_domain_word = std::any_of(raw.begin(), raw.end(), [](const std::string& w) {
    return classify_word(w) == WordClass::kOutOfDomain;
  });
  bool these_days = false;
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    these_days = these_days || (tokens[i] == "these" && tokens[i + 1] == "days");
  }
  // "and how often has it gone out this month?": "it" in a turn that opens as a follow-up.
  // ("how many payments made it up?", "how many rentals were behind it?": "it" as what the
  // figure is made of is the previous answer, whatever the first word.)
  const bool made_of_it = [&] {
    for (size_t i = 1; i + 1 < tokens.size(); ++i) {
      // ("how many payments made that up?", "… made those up": the same.)
      if (tokens[i] != "it" && tokens[i] != "that" && tokens[i] != "those" &&
          tokens[i] != "these" && tokens[i] != "them") {
        continue;
      }
      const auto& verb = tokens[i - 1];
      if ((verb == "made" || verb == "make" || verb == "makes" || verb == "making") &&
          tokens[i + 1] == "up") {
        return true;
      }
      if (verb == "behind" || verb == "into") return true;
    }
    return false;
  }();
  const bool it_back =
      !tokens.empty() && (((tokens[0] == "and" || tokens[0] == "so" || tokens[0] == "then") &&
                           contains(tokens, {"it", "its"})) ||
                          made_of_it);
  // "the average payment in the same period", "in that window": the previous question's period
  // (not "this month vs the same period last month", which names both).
  const bool same_period_back = [&] {
    if (contains(tokens, {"vs", "versus", "against", "compared", "compare", "than", "last"})) {
      return false;
    }
    for (size_t i = 0; i + 1 < tokens.size(); ++i) {
      if (tokens[i] == "same" &&
          (tokens[i + 1] == "period" || tokens[i + 1] == "time" || tokens[i + 1] == "window" ||
           tokens[i + 1] == "dates" || tokens[i + 1] == "stretch" || tokens[i + 1] == "days")) {
        // "… rented horror in July, how many also rented a comedy that month?": the period
        // this very question named, said before it — not the previous question's.
        if (times.size() == 1 && std::any_of(claims.begin(), claims.end(), [&](const Claim& c) {
              return c.as == "period" && c.end <= i;
            })) {
          used[i] = used[i + 1] = true;
          if (i > 0 && (tokens[i - 1] == "the" || tokens[i - 1] == "in")) used[i - 1] = true;
          return false;
        }
        return true;
      }
    }
    return false;
  }();
  // "and how many of them are inactive?": the people the previous answer counted.
  bool of_them_back = false;
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    of_them_back =
        of_them_back || ((tokens[i] == "of" || tokens[i] == "among" || tokens[i] == "amongst") &&
                         tokens[i + 1] == "them");
  }
  // "and how many times have they rented here?": "they" in a turn that opens as a follow-up,
  // with no group named before it that it could mean ("and which films did they rent?" after
  // nothing is still the previous turn's people).
  const bool they_back = [&] {
    if (tokens.empty() || (tokens[0] != "and" && tokens[0] != "so" && tokens[0] != "then")) {
      return false;
    }
    for (size_t i = 1; i < tokens.size(); ++i) {
      if (tokens[i] != "they" && tokens[i] != "them" && tokens[i] != "their") continue;
      return std::none_of(dim_matches.begin(), dim_matches.end(),
                          [&](const auto& d) { return d.begin < i; });
    }
    return false;
  }();
  // "now Children titles instead": in place of something asked before ("instead of July" names
  // it itself).
  const bool instead_back = [&] {
    for (size_t i = 0; i < tokens.size(); ++i) {
      if (tokens[i] == "instead" && (i + 1 == tokens.size() || tokens[i + 1] != "of")) return true;
    }
    return false;
  }();
  // "how much revenue did it bring in?", "what did it earn?": "it" as the subject after the
  // question's verb is what the previous answer was about (in a question naming nothing itself;
  // "is it" is left alone: "is it true that …"; after an "and" inside the question, "what was
  // revenue in July and what was it in June", it is the question's own first part).
  // ("how many of his films are comedies?": "his", "her", "its" point back whatever else is
  // named.)
  // (Not "each with its month-on-month change", nor after something the question names itself.)
  const bool possessive_back = [&] {
    for (size_t i = 0; i < tokens.size(); ++i) {
      if (tokens[i] != "its" && tokens[i] != "his" && tokens[i] != "her") continue;
      if (i > 0 && (tokens[i - 1] == "with" || tokens[i - 1] == "each")) return false;
      const auto said_before = [&](const auto& m) { return m.begin < i; };
      return std::none_of(dim_matches.begin(), dim_matches.end(), said_before) &&
             std::none_of(entities.filters.begin(), entities.filters.end(), said_before);
    }
    return false;
  }();
  const bool it_subject =
      possessive_back || (entities.filters.empty() && [&] {
        for (size_t i = 1; i < tokens.size(); ++i) {
          if (tokens[i] == "and") return false;
          const auto& verb = tokens[i - 1];
          const bool asked = verb == "did" || verb == "does" || verb == "has" || verb == "had" ||
                             verb == "was" || verb == "will";
          // ("how many films is he in?": a person said as "he" or "she" was named before.)
          if ((tokens[i] == "it" && asked) ||
              ((tokens[i] == "he" || tokens[i] == "she") && (asked || verb == "is"))) {
            return true;
          }
          // ("how much is it per rental?", "what is it to rent?": the thing's price, asked of
          // "it".)
          if (tokens[i] == "it" && verb == "is" && i + 1 < tokens.size() &&
              (tokens[i + 1] == "per" || tokens[i + 1] == "to" || tokens[i + 1] == "for")) {
            return true;
          }
          // ("how many times did each store rent it out?", "who has rented it?": "it" as what
          // was rented, stocked or watched is a thing named before.)
          static const std::set<std::string> kThingVerbs = {
              "rent",    "rented", "rents",   "renting", "hire",     "hired",  "lend",
              "lent",    "loan",   "loaned",  "stock",   "stocked",  "stocks", "carry",
              "carried", "watch",  "watched", "borrow",  "borrowed", "order",  "ordered"};
          if (tokens[i] == "it" && kThingVerbs.count(verb) > 0) return true;
        }
        return false;
      }());
  // "how much did that film make?", "rentals of this category in June": the film or category the
  // previous answer was about, by what it is. (Stores have their own reading: "this store" is
  // the asker's.)
  std::optional<size_t> that_thing;
  if (entities.filters.empty()) {
    static const std::set<std::string> kThings = {"film",     "movie", "title",   "dvd",
                                                  "category", "genre", "actor",   "actress",
                                                  "country",  "city",  "language"};
    for (size_t i = 0; i + 1 < tokens.size() && !that_thing; ++i) {
      if ((tokens[i] == "that" || tokens[i] == "this") && !used[i + 1] &&
          kThings.count(tokens[i + 1]) > 0) {
        that_thing = i;
      }
    }
  }
  const bool points_back =
      !out_of_domain_word &&
      (closing_that || that_subject || contains(tokens, {"those"}) ||
       (contains(tokens, {"these"}) && !these_days) || it_back || closing_it || they_back ||
       same_period_back || of_them_back || instead_back || it_subject || that_thing.has_value());
  // Pointing back at nothing ("how many of those are active?" after a question that was not
  // answered) must not drop the reference and answer about everyone: ask for the whole question.
  if (points_back && (request.previous.is_null() || !request.previous_is_latest)) {
    const bool made_of_that = made_of_it && !contains(tokens, {"it"});
    std::string word = closing_that || that_subject                  ? "that"
                       : made_of_that && contains(tokens, {"that"})  ? "that"
                       : made_of_that && contains(tokens, {"those"}) ? "those"
                       : made_of_that && contains(tokens, {"these"}) ? "these"
                       : made_of_that                                ? "them"
                       : contains(tokens, {"those"})                 ? "those"
                       : that_thing ? join_tokens(tokens, *that_thing, *that_thing + 2)
                       : it_subject && contains(tokens, {"he"})  ? "he"
                       : it_subject && contains(tokens, {"she"}) ? "she"
                       : it_subject && contains(tokens, {"its"}) ? "its"
                       : it_subject && contains(tokens, {"his"}) ? "his"
                       : it_subject && contains(tokens, {"her"}) ? "her"
                       : (it_back || closing_it || it_subject) && !contains(tokens, {"these"})
                           ? "it"
                       : they_back && contains(tokens, {"they"}) ? "they"
                       : they_back && contains(tokens, {"them"}) ? "them"
                       : they_back                               ? "their"
                       : same_period_back                        ? "the same period"
                       : of_them_back                            ? "them"
                       : instead_back                            ? "instead"
                                                                 : "these";
    plan.status = Plan::Status::kNeedsClarification;
    plan.partial = true;
    plan.not_understood = nlohmann::json::array({word});
    plan.clarification = {
        {"question",
         "I could not tell what \"" + word + "\" refers to" +
             std::string(request.previous.is_null() ? ""
                                                    : " — the previous question was not answered") +
             ". Could you ask the whole question, naming what you mean?"},
        {"options", nlohmann::json::array()}};
    return plan;
  }
  if (that_thing) {
    // The thing pointed at is the previous question's: not a breakdown by it, nor a measure.
    const size_t noun = *that_thing + 1;
    used[*that_thing] = used[noun] = true;
    std::erase_if(dim_matches, [&](const Match& d) { return d.begin <= noun && noun < d.end; });
    std::erase_if(metric_matches, [&](const Match& m) { return m.begin <= noun && noun < m.end; });
    claims.push_back(
        {*that_thing, noun + 1, "follow-up", "the " + tokens[noun] + " of the previous question"});
  }
  // "line that up against May", "how does this stack up against Q1": the figure just given,
  // compared with another.
  const bool compares_that = contains(tokens, {"that", "this", "it"}) &&
                             contains(tokens, {"against", "versus", "vs", "compare", "compared"});
  const bool refers_back =
      !request.previous.is_null() &&
      (points_back || compares_that || contains(tokens, {"them", "they", "their"}));
  const bool follow_cue =
      refers_back || (request.same_sentence && !request.previous.is_null()) ||
      (!tokens.empty() &&
       (tokens[0] == "and" || tokens[0] == "what" || tokens[0] == "how" || tokens[0] == "same" ||
        tokens[0] == "only" || tokens[0] == "now" || tokens[0] == "just" ||
        tokens[0] == "instead" || tokens[0] == "also" || tokens[0] == "then" ||
        tokens[0] == "but") &&
       (contains(tokens, {"instead", "about", "only", "same", "just", "and", "also", "now"})));

  std::optional<int> top_n;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (used[i]) continue;
    if (auto n = number_word(tokens[i]); n && *n > 0 && *n <= 200) {
      // "which of those 3 was best?": the rows just given, counted — the best is one of them.
      if (i >= 2 && tokens[i - 2] == "of" &&
          (tokens[i - 1] == "those" || tokens[i - 1] == "these" || tokens[i - 1] == "the") &&
          request.previous.is_object()) {
        used[i] = true;
        claims.push_back({i - 1, i + 1, "follow-up", "the rows just given"});
        continue;
      }
      const bool after_rank = i > 0 && (tokens[i - 1] == "top" || tokens[i - 1] == "bottom" ||
                                        tokens[i - 1] == "which" || tokens[i - 1] == "best" ||
                                        tokens[i - 1] == "worst" || tokens[i - 1] == "first");
      const bool before_rank =
          i + 1 < tokens.size() &&
          (tokens[i + 1] == "most" || tokens[i + 1] == "least" || tokens[i + 1] == "best" ||
           tokens[i + 1] == "worst" || tokens[i + 1] == "biggest" || tokens[i + 1] == "highest" ||
           tokens[i + 1] == "lowest" || tokens[i + 1] == "top");
      if (after_rank || before_rank || ranking_word) top_n = *n;
    }
  }

  // "July rentals that came back the same calendar day they went out": two dates of one row
  // compared, not a breakdown by day — asked back, not answered as rentals per day.
  for (const auto& d : dim_matches) {
    const auto* dim = model_.dimension(d.name);
    if (dim == nullptr || !dim->is_time || used[d.begin]) continue;
    // ("same but by week": the same question, broken down by week.)
    if (tokens[d.begin] == "by" || tokens[d.begin] == "per" ||
        (d.begin >= 1 && (tokens[d.begin - 1] == "by" || tokens[d.begin - 1] == "per"))) {
      continue;
    }
    if ((d.begin >= 1 && tokens[d.begin - 1] == "same") ||
        (d.begin >= 2 && tokens[d.begin - 2] == "same")) {
      return ask_back(plan, "I cannot yet compare two dates of the same rental (\"the same " +
                                join_tokens(tokens, d.begin, d.end) +
                                "\"). Could you ask it another way, for example by how many "
                                "days rentals were kept?");
    }
  }
  // "rentals per disc I own", "revenue per copy": a rate over the discs in stock, not a
  // breakdown by film (which is what "dvd" alone names).
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (tokens[i] != "per") continue;
    const auto& unit = tokens[i + 1];
    if (unit == "dvd" || unit == "disc" || unit == "copy" || unit == "item") {
      return ask_back(plan,
                      "Did you mean the figure for each film, or divided by the discs in "
                      "stock (\"per " +
                          unit +
                          "\")? I can give each film's figure "
                          "(\"by film\") and the number of discs (\"how many copies\").");
    }
  }
  // "how many titles have more copies at store 2 than at store 1?", "… more copies than times
  // they went out": things counted by comparing two figures of each — not a comparison of the
  // two stores, and not a threshold ("more than 30 times", "no more than an hour" are read).
  for (size_t i = 0; i + 2 < tokens.size(); ++i) {
    if (tokens[i] != "how" || tokens[i + 1] != "many") continue;
    const auto& what = tokens[i + 2];
    if (what == "more" || what == "fewer" || what == "less" || what == "extra") break;
    for (size_t j = i + 3; j < tokens.size(); ++j) {
      if (tokens[j] != "more" && tokens[j] != "fewer" && tokens[j] != "less") continue;
      size_t than = j + 1;
      while (than < tokens.size() && than <= j + 4 && tokens[than] != "than") ++than;
      if (than >= tokens.size() || tokens[than] != "than") break;
      size_t next = than + 1;
      if (next < tokens.size() && tokens[next] == "the") ++next;
      static const std::set<std::string> kOtherFigure = {
          "at",   "in",    "on", "for", "from", "during",   "store",   "stores", "number",
          "they", "their", "it", "its", "last", "previous", "rentals", "copies", "payments"};
      if (next < tokens.size() && kOtherFigure.count(tokens[next]) > 0) {
        return ask_back(plan, "I cannot yet count the things whose one figure is " + tokens[j] +
                                  " than another (\"" +
                                  join_tokens(tokens, j, std::min(tokens.size(), next + 3)) +
                                  "\"). Could you ask for both figures side by side instead?");
      }
      break;
    }
    break;
  }
  // A negation the plan would not carry ("customers who haven't rented this year") would be
  // answered as its opposite: ask instead of guessing. Negations inside a metric or dimension
  // phrase ("not returned", "never rented", "not stocked") are that metric's own meaning.
  {
    static const std::set<std::string> kNegations = {
        "not",    "no",     "never",  "none",   "nobody",  "without", "haven't",
        "hasn't", "hadn't", "didn't", "don't",  "doesn't", "wasn't",  "weren't",
        "isn't",  "aren't", "won't",  "havent", "hasnt",   "didnt",   "dont",
        "doesnt", "wasnt",  "werent", "isnt",   "arent",   "neither", "nor"};
    std::vector<bool> covered = used;
    for (const auto* matches : {&metric_matches, &dim_matches}) {
      for (const auto& m : *matches) {
        for (size_t k = m.begin; k < m.end && k < covered.size(); ++k) covered[k] = true;
      }
    }
    for (size_t i = 0; i < tokens.size(); ++i) {
      if (covered[i] || kNegations.count(tokens[i]) == 0) continue;
      plan.status = Plan::Status::kNeedsClarification;
      std::string offer = metric ? model_.metric(metric->name)->label : std::string("Rentals");
      if (!dims.empty()) offer += " by " + dimension_phrase(dims.front().name);
      offer += asked_period;
      plan.clarification = {
          {"question", "Questions about what did not happen (\"" + tokens[i] +
                           "\") cannot be answered reliably yet. Would what did happen help?"},
          {"options", nlohmann::json::array({{{"label", offer}, {"question", offer}}})}};
      return plan;
    }
  }

  // Measures the plan covers: the chosen one's words and the words of every measure phrase it
  // overlaps ("rentals" inside "overdue rentals").
  std::vector<bool> covered = used;
  const auto cover = [&](size_t begin, size_t end) {
    for (size_t k = begin; k < end && k < covered.size(); ++k) covered[k] = true;
  };
  if (metric) cover(metric->begin, metric->end);
  for (const auto& d : same_rows_described) cover(d.begin, d.end);
  for (const auto& d : dims) cover(d.begin, d.end);
  // Other phrases naming the same measure or breakdown ("revenue ... bring in", "money").
  for (const auto& mm : metric_matches) {
    if (metric && mm.name == metric->name) cover(mm.begin, mm.end);
  }
  for (const auto& dm : dim_matches) {
    if (std::any_of(dims.begin(), dims.end(), [&](const Match& d) { return d.name == dm.name; })) {
      cover(dm.begin, dm.end);
    }
  }
  // The words the chosen measure is known by ("keep", "bringing back" for days rented).
  std::set<std::string> measure_words;
  const auto add_measure_words = [&](const std::vector<std::string>& synonyms) {
    for (const auto& syn : synonyms) {
      for (auto& w : split_words(syn)) measure_words.insert(std::move(w));
    }
  };
  if (metric) add_measure_words(model_.metric(metric->name)->synonyms);

  // Two measures asked at once ("revenue and rentals by month") cannot be one answer: ask.
  // (Facts of a named film — "rental rate and replacement cost for X" — are one lookup.)
  const bool names_a_film = std::any_of(entities.filters.begin(), entities.filters.end(),
                                        [](const Filter& f) { return f.dimension == "film"; });
  // (But a fact of the film and a figure of its rentals or payments — "how much has ACADEMY
  // DINOSAUR made, cost to replace?" — are two measures: read as one, the other is dropped.)
  // ("the loan period of X" is its rental duration, a fact, though the words also name a measure.)
  const auto facts_named = match_synonyms(tokens, used, attribute_synonyms_);
  const auto catalogue_fact = [&](const Match& m) {
    const auto* named = model_.metric(m.name);
    return (named != nullptr && model_.source(named->source).view == "film") ||
           std::any_of(facts_named.begin(), facts_named.end(),
                       [&](const Match& f) { return f.begin < m.end && m.begin < f.end; });
  };
  if (metric) {
    for (const auto& m : metric_matches) {
      if (m.name == metric->name || (m.begin < metric->end && metric->begin < m.end)) continue;
      const bool fact_and_figure = names_a_film && catalogue_fact(m) != catalogue_fact(*metric);
      if (names_a_film && !fact_and_figure) continue;
      if (std::any_of(same_rows_described.begin(), same_rows_described.end(),
                      [&](const Match& d) { return d.name == m.name; })) {
        continue;
      }
      const size_t lo = std::min(m.end, metric->end), hi = std::max(m.begin, metric->begin);
      // ("paying customers in March, and avg spend per paying customer": a period read between
      // them does not part the two.)
      size_t apart = 0;
      for (size_t k = lo; k < hi; ++k) {
        // ("number of rentals and number of different titles rented": the asking words of the
        // second figure do not part them either.)
        static const std::set<std::string> kAsking = {"number", "of",   "count", "the", "total",
                                                      "how",    "many", "much",  "what"};
        apart += used[k] || tokens[k] == "in" || tokens[k] == "for" || tokens[k] == "and" ||
                         tokens[k] == "," || classify_word(tokens[k]) == WordClass::kAverage ||
                         tokens[k] == "plus" || tokens[k] == "&" || tokens[k] == "+" ||
                         kAsking.count(tokens[k]) > 0
                     ? 0
                     : 1;
      }
      if (!fact_and_figure && (hi < lo || (hi - lo > 2 && (hi - lo > 6 || apart > 0)))) continue;
      bool joined = fact_and_figure;
      for (size_t k = lo; k < hi; ++k) {
        joined = joined || tokens[k] == "and" || tokens[k] == "plus" || tokens[k] == "&" ||
                 tokens[k] == "+";
      }
      if (!joined) continue;
      const auto* a = model_.metric(metric->name);
      const auto* b = model_.metric(m.name);
      // Each measure read on its own, with the other's words taken out: when both readings are
      // whole answers that differ only in the measure, the two are one answer side by side.
      // (In the order asked: "revenue and rentals" shows revenue first.)
      // (The text as typed loses the phrase; when it is not there verbatim — "# of payments" is
      // read as "number of payments" — the words as read lose it, so each reading is shorter.)
      const auto other_words = join_tokens(raw, m.begin, m.end);
      const auto metric_words = join_tokens(raw, metric->begin, metric->end);
      const bool verbatim = contains_words(request.question, other_words) &&
                            contains_words(request.question, metric_words);
      const auto without = [&](size_t begin, size_t end) {
        return join_tokens(raw, 0, begin) + " " + join_tokens(raw, end, raw.size());
      };
      const bool shorter = !verbatim && m.end > m.begin && metric->end > metric->begin;
      // "how much has ACADEMY DINOSAUR made, cost to replace?": the film's figure with the fact
      // beside it, one row.
      if (fact_and_figure) {
        const Match& fact_match = catalogue_fact(m) ? m : *metric;
        const auto fact = fact_of_film_measure(fact_match.name);
        PlanRequest ask = request;
        ask.question = without(fact_match.begin, fact_match.end);
        if (!fact.empty()) {
          if (auto both =
                  facts_beside_figure(model_, this->plan(ask), nlohmann::json::array({fact}))) {
            const auto* shown = model_.attribute(fact);
            both->understood.push_back(
                {{"text", join_tokens(raw, fact_match.begin, fact_match.end)},
                 {"as", "attribute"},
                 {"meaning", shown != nullptr ? shown->label : fact}});
            return std::move(*both);
          }
        }
      }
      if (verbatim || shorter) {
        auto with_metric =
            verbatim ? replace_words(request.question, other_words, "") : without(m.begin, m.end);
        auto with_other = verbatim ? replace_words(request.question, metric_words, "")
                                   : without(metric->begin, metric->end);
        if (m.begin < metric->begin) std::swap(with_metric, with_other);
        if (auto both = plan_two_measures(request, with_metric, with_other)) {
          return std::move(*both);
        }
      }
      plan.status = Plan::Status::kNeedsClarification;
      plan.partial = true;
      plan.clarification = {
          {"question", "I can show one measure at a time — " + a->label + " or " + b->label + "?"},
          {"options",
           nlohmann::json::array(
               {{{"label", a->label},
                 {"question",
                  replace_words(request.question, join_tokens(raw, m.begin, m.end), "")}},
                {{"label", b->label},
                 {"question", replace_words(request.question,
                                            join_tokens(raw, metric->begin, metric->end), "")}}})}};
      return plan;
    }
  }

  // Every word of the question is accounted for by the plan, or the question is asked back.
  // Operator words count when the plan carries their operation.
  struct Carried {
    bool ranked = false, compared = false, growth = false, share = false, average = false;
    bool distinct = false;  // the measure counts distinct things ("different customers")
    bool rentals = false;   // the measure is about rentals or payments ("rented", "paid")
    bool rows = false;      // the answer has a row per member of a breakdown
  };
  // A comparison word is a plain preposition unless something to compare with follows: a
  // number (read by the condition reader when it could be), or a reference it cannot compute
  // ("above the average payment").
  const auto number_follows = [&](size_t i) {
    static const std::set<std::string> kReference = {
        "average", "avg",     "mean", "median", "typical",  "usual",  "normal", "total",
        "maximum", "minimum", "max",  "min",    "expected", "target", "budget", "last"};
    for (size_t k = i + 1; k < tokens.size() && k <= i + 3; ++k) {
      if (!used[k] &&
          (number_value(tokens[k]) || tokens[k] == "$" || kReference.count(tokens[k]))) {
        return true;
      }
    }
    return false;
  };
  // Words that name a breakdown by themselves ("titles", "stores", "countries").
  std::set<std::string> entity_words;
  for (const auto& phrase : dimension_synonyms_) {
    if (phrase.words.size() == 1) entity_words.insert(phrase.words.front());
  }
  // A plain noun for rentals or payments that lost to another measure names the rows counted,
  // unless the measure chosen is read from those rows (revenue is rentals' payments) or is
  // about them by its own words ("films never rented").
  const auto other_rows_counted = [&](size_t i) {
    const auto& w = tokens[i];
    const bool rentals = w == "rentals" || w == "rental";
    const bool payments = w == "payments" || w == "payment" || w == "transactions";
    const auto* chosen = metric ? model_.metric(metric->name) : nullptr;
    if ((!rentals && !payments) || chosen == nullptr) return false;
    const auto view = model_.source(chosen->source).view;
    if (view == "v_rental_scoped" || view == "v_payment_scoped") return false;
    const bool named_as_measure =
        std::any_of(metric_matches.begin(), metric_matches.end(), [&](const Match& m) {
          return m.begin <= i && i < m.end && (m.name == "rentals" || m.name == "payments");
        });
    if (!named_as_measure) return false;
    for (const auto& syn : chosen->synonyms) {
      for (const auto& word : split_words(syn)) {
        if (rentals && word.starts_with("rent")) return false;
        if (payments &&
            (word.starts_with("pay") || word == "paid" || word.starts_with("transaction"))) {
          return false;
        }
      }
    }
    return true;
  };
  const auto not_understood = [&](const Carried& carried) {
    std::vector<std::pair<size_t, size_t>> spans;
    // Quotes [b, e) back, joined to the span before it when only a word lies between.
    const auto quote = [&](size_t b, size_t e) {
      if (!spans.empty() && spans.back().second + 1 >= b) {
        spans.back().second = e;
      } else {
        spans.emplace_back(b, e);
      }
    };
    static const std::set<std::string> kDistinct = {"different", "distinct", "unique", "individual",
                                                    "separate"};
    static const std::set<std::string> kRentVerbs = {
        "rent",   "rents", "rented", "renting", "paid",     "pay",     "pays",     "paying",
        "spent",  "spend", "spends", "borrow",  "borrowed", "checked", "check",    "watched",
        "bought", "buy",   "took",   "take",    "taken",    "return",  "returned", "returns"};
    // Words the plan accounts for by what it is, not by a recogniser's claim.
    const auto exempt = [&](size_t i) {
      const auto& w = tokens[i];
      if (kDistinct.count(w)) return carried.distinct;
      // "India and China, one line each", "separately": the rows the breakdown already gives.
      if (w == "line" || w == "lines" || w == "row" || w == "rows" || w == "separately" ||
          w == "individually" || w == "apiece") {
        return carried.rows;
      }
      // "is revenue going up or down?": the verb of a change the plan computes.
      if (w == "go" || w == "goes" || w == "going" || w == "went" || w == "gone") {
        return carried.growth;
      }
      // "how did July compare to June in terms of rentals"
      if (w == "terms" && i > 0 && tokens[i - 1] == "in" && i + 1 < tokens.size() &&
          tokens[i + 1] == "of") {
        return true;
      }
      // "how many customers have store 2 as their home store": a count of customers is by
      // their home store already (a count over rentals or payments is by where they happened,
      // and quotes "home" back below).
      if ((w == "home" || w == "registered") && i + 1 < tokens.size() &&
          (tokens[i + 1] == "store" || tokens[i + 1] == "branch" || tokens[i + 1] == "shop") &&
          !store_mentions.spans.empty()) {
        const auto* chosen = metric ? model_.metric(metric->name) : nullptr;
        return chosen != nullptr && chosen->source == "v_customer_masked";
      }
      // "name the seven titles…": a way of saying "list".
      if (w == "name" && i == 0) return true;
      // "customers on our books": the customers the business has.
      if (w == "books" && i >= 2 && tokens[i - 2] == "on") return true;
      // "our customer base" is the customers.
      if (w == "base" && i > 0 &&
          (tokens[i - 1] == "customer" || tokens[i - 1] == "customers" ||
           tokens[i - 1] == "client" || tokens[i - 1] == "member")) {
        return true;
      }
      // "top 5 customers by spend, ids only": customers are shown by their ids anyway.
      if (w == "ids" || w == "id") {
        return std::any_of(dims.begin(), dims.end(),
                           [](const Match& d) { return d.name == "customer"; });
      }
      // ("what have we been paid for rentals that came back late?": a money verb is not the
      // rentals' own verb — with a count of rentals it asks another figure.)
      static const std::set<std::string> kMoneyVerbs = {
          "paid", "pay", "pays", "paying", "spent", "spend", "spends", "bought", "buy"};
      if (kRentVerbs.count(w)) {
        const auto* chosen = metric ? model_.metric(metric->name) : nullptr;
        const bool money =
            chosen != nullptr && model_.source(chosen->source).view == "v_payment_scoped";
        return carried.rentals && (money || kMoneyVerbs.count(w) == 0);
      }
      // "before bringing it back": not a limit on time (a date after it would be read by the time
      // reader, and a limit it could not read stays unread).
      if (w == "before" || w == "after" || w == "until" || w == "till") {
        // (At the end — "how many before noon, and how many after?" — it stands for a limit
        // it does not say, and stays unread.)
        return i + 1 < tokens.size() && !used[i + 1] && !number_value(tokens[i + 1]);
      }
      if (w == "two" || w == "both") return carried.growth || carried.compared;  // "the two"
      // "break that down by category"
      return w == "down" && i > 0 &&
             (tokens[i - 1] == "break" || tokens[i - 1] == "broken" ||
              tokens[i - 1] == "breaking" || (i > 1 && tokens[i - 2] == "break"));
    };
    for (size_t i = 0; i < tokens.size(); ++i) {
      // (A share word is accounted for only by a share in the plan, even when a synonym of the
      // measure contains it: "percentage of films" must not answer with a count of films.)
      // (Not a word after "each", "every" or "per" — "a count of payments at each amount" asks
      // for a breakdown — nor a word that names a breakdown or entity of its own: "how many
      // titles went out" counts titles, not the rentals whose synonyms the word is part of.)
      const bool breakdown_asked =
          i > 0 && (tokens[i - 1] == "each" || tokens[i - 1] == "every" || tokens[i - 1] == "per");
      const bool measure_word = measure_words.count(tokens[i]) > 0 && !breakdown_asked &&
                                entity_words.count(tokens[i]) == 0 &&
                                (classify_word(tokens[i]) != WordClass::kShare || carried.share);
      // ("customers who took the same film out more than once": a repeat of one member within
      // another — a grouping no plan here makes — never a word to pass over.)
      static const std::set<std::string> kRepeatable = {
          "film", "films", "title",    "titles",     "movie",    "movies", "dvd",    "dvds",
          "disc", "discs", "copy",     "copies",     "actor",    "actors", "genre",  "genres",
          "item", "items", "category", "categories", "customer", "person", "people", "renter"};
      // ("rentals by country per horror film": "per" said of the films of a kind asks a figure
      // per film — never the kind's total with "per … film" passed over.)
      const bool per_kind_member =
          i >= 2 && kRepeatable.count(tokens[i]) && covered[i - 1] &&
          (tokens[i - 2] == "per" || tokens[i - 2] == "each" || tokens[i - 2] == "every") &&
          !covered[i - 2] && !covered[i];
      if (per_kind_member) {
        quote(i - 2, i + 1);
        continue;
      }
      // ("how many rentals came from customers who joined this year": the rentals named are
      // what is counted — a count of the customers answers another question.)
      if (!covered[i] && other_rows_counted(i)) {
        quote(i, i + 1);
        continue;
      }
      if (i > 0 && tokens[i - 1] == "same" && kRepeatable.count(tokens[i]) && !covered[i]) {
        quote(i - 1, i + 1);
        continue;
      }
      if (covered[i] || measure_word || exempt(i)) continue;
      // ("payments at each amount": the breakdown asked for is a word nothing read.)
      static const std::set<std::string> kAfterEach = {
          "of", "one", "ones", "other", "and", "the", "time", "single", "individual", "with", "in",
          "for", "at", "by", "on", "to", "its", "their", "his", "her", "has", "had", "have", "did",
          "does", "do", "was", "were", "is", "are", "a", "an", "got", "get", "gets", "took", "made",
          "went", "rented", "paid",
          // (the rows already given: "how many payments made up each figure")
          "figure", "figures", "row", "rows", "line", "lines", "result", "results", "entry",
          "group", "groups"};
      const bool unread_breakdown =
          breakdown_asked && kAfterEach.count(tokens[i]) == 0 &&
          std::isalpha(static_cast<unsigned char>(tokens[i].front())) != 0;
      bool ok = false;
      switch (unread_breakdown ? WordClass::kOutOfDomain : classify_word(tokens[i])) {
        case WordClass::kNeutral:
        case WordClass::kTotal:
          ok = true;
          break;
        case WordClass::kRanking:
          ok = carried.ranked;
          break;
        case WordClass::kComparator:
          // "over the last 30 days", "between June 1 and June 15": a preposition when no number
          // follows (a comparison with a number was read by the condition reader, or is not).
          ok = carried.ranked || carried.compared || !number_follows(i);
          break;
        case WordClass::kComparison:
          ok = carried.compared || carried.growth;
          break;
        case WordClass::kGrowth:
          ok = carried.growth || carried.compared;
          break;
        case WordClass::kShare:
          ok = carried.share || carried.growth;
          break;
        case WordClass::kAverage:
          // ("median and mean side by side": the mean is another statistic than the median.)
          ok = carried.average &&
               !(metric && metric->name.find("median") != std::string::npos &&
                 (tokens[i] == "mean" || tokens[i] == "average" || tokens[i] == "avg"));
          break;
        default:
          ok = false;
      }
      if (ok) continue;
      quote(i, i + 1);
    }
    std::vector<std::string> out;
    out.reserve(spans.size());
    for (const auto& [b, e] : spans) {
      // Neutral words between two unread words belong to the quote ("longer than two hours").
      out.push_back(join_tokens(raw, b, e));
    }
    return out;
  };
  // "how many is that?" after one count (the same figure) or after the groups passing a condition
  // (those groups, counted).
  const bool counts_shown = request.previous.is_object() && request.previous.contains("metric") &&
                            counts_what_was_shown(tokens) &&
                            (request.previous.contains("having") ||
                             request.previous.value("dimensions", nlohmann::json::array()).empty());
  // "how many categories is that?" after the categories passing a condition: the rows shown,
  // counted — not the count of categories as a measure of its own.
  if (counts_shown && metric && request.previous.contains("having")) {
    static const std::map<std::string, std::string> kCountOf = {
        {"categories", "category"}, {"actors", "actor"},      {"films", "film"},
        {"customers", "customer"},  {"countries", "country"}, {"customer_countries", "country"},
        {"customer_cities", "city"}};
    const auto dims_shown = request.previous.value("dimensions", nlohmann::json::array());
    const auto counted = kCountOf.find(metric->name);
    if (counted != kCountOf.end() && dims_shown.size() == 1 && dims_shown[0] == counted->second) {
      for (size_t k = metric->begin; k < metric->end; ++k) used[k] = true;
      claims.push_back({metric->begin, metric->end, "follow-up", "the rows just shown, counted"});
      std::erase_if(metric_matches, [&](const Match& m) { return m.name == metric->name; });
      metric.reset();
    }
  }
  // Out of the copilot's domain: words that say so (weather, a joke, code), or nothing at all
  // the planner could read as being about this data.
  const auto off_topic = [&]() {
    for (size_t i = 0; i < tokens.size(); ++i) {
      if (!covered[i] && classify_word(raw[i]) == WordClass::kOutOfDomain) return true;
    }
    return false;
  };
  const bool operator_words = std::any_of(tokens.begin(), tokens.end(), [](const std::string& t) {
    const auto c = classify_word(t);
    return c == WordClass::kRanking || c == WordClass::kGrowth || c == WordClass::kShare ||
           c == WordClass::kComparison || c == WordClass::kAverage;
  });
  const bool anything_read = (operator_words && !request.previous.is_null()) || counts_shown ||
                             metric.has_value() || !dim_matches.empty() ||
                             !metric_matches.empty() || !entities.filters.empty() ||
                             !times.empty() || !entities.stores.empty() || store_mentions.both ||
                             (request.previous.is_object() && asks_rows_added_up(tokens)) ||
                             store_mentions.all || store_mentions.other || !conditions.empty() ||
                             std::any_of(tokens.begin(), tokens.end(),
                                         [](const std::string& t) { return is_domain_word(t); });
  if (off_topic() || !anything_read) {
    plan.status = Plan::Status::kNeedsClarification;
    plan.partial = true;
    plan.out_of_domain = true;
    plan.clarification = {
        {"question",
         "That is outside what I can answer: I answer questions about this company's rentals, "
         "payments, customers, films and stores, from its own data."},
        {"reason", "out_of_domain"},
        {"options",
         nlohmann::json::array(
             {{{"label", "Revenue by month"}, {"question", "Revenue by month"}},
              {{"label", "Top 10 films by rentals"}, {"question", "Top 10 films by rentals"}}})}};
    if (request.role == Role::kMarketing) {
      plan.clarification["options"][0] = {{"label", "Rentals by month"},
                                          {"question", "Rentals by month"}};
    }
    return plan;
  }

  // A store named in words rather than by number: "the other store", "both stores".
  if (store_mentions.other) {
    std::vector<int> others;
    for (int s : request.user_store_ids) {
      if (std::find(request.store_ids.begin(), request.store_ids.end(), s) ==
          request.store_ids.end()) {
        others.push_back(s);
      }
    }
    if (request.user_store_ids.size() <= 1 || (!others.empty() && request.store_ids.size() == 1)) {
      plan.status = Plan::Status::kRefused;
      plan.refusal_code = "scope_denied";
      plan.refusal_reason = "\"The other store\" is outside your scope (store" +
                            std::string(request.store_ids.size() > 1 ? "s " : " ") +
                            join_ints(request.store_ids) + ").";
      plan.suggestion =
          "Ask about store " + std::to_string(request.store_ids.front()) + " instead.";
      return plan;
    }
    plan.status = Plan::Status::kNeedsClarification;
    nlohmann::json options = nlohmann::json::array();
    for (int s : request.store_ids) {
      options.push_back({{"label", "Store " + std::to_string(s)},
                         {"question", replace_words(request.question, "the other store",
                                                    "store " + std::to_string(s))}});
    }
    plan.clarification = {{"question", "Which store is \"the other store\" — store " +
                                           join_ints(request.store_ids, " or store ") + "?"},
                          {"options", options}};
    return plan;
  }
  if (store_mentions.both && request.store_ids.size() < 2) {
    plan.status = Plan::Status::kRefused;
    plan.refusal_code = "scope_denied";
    plan.refusal_reason = "Both stores are not within your scope: you can see store " +
                          join_ints(request.store_ids) + " only.";
    plan.suggestion = "Ask about store " + std::to_string(request.store_ids.front()) + ".";
    return plan;
  }

  // ---- conditions: which attribute or measure each comparison is about ----
  const auto attribute_matches = match_synonyms(tokens, used, attribute_synonyms_);
  struct Resolved {
    std::string attribute;      // a row condition (WHERE) on this attribute, or
    std::string having_metric;  // a condition on a measure per group (HAVING)
    std::string problem;        // why neither could be decided
  };
  const auto resolve = [&](const Condition& c, const semantic::Source* src) {
    Resolved r;
    // "only the ones above $4.45" after the average payment by genre: the rows just shown,
    // compared on the figure shown — not each payment.
    if (!metric && c.attribute.empty() && c.begin >= 1 && request.previous.is_object() &&
        !request.previous.value("dimensions", nlohmann::json::array()).empty()) {
      size_t k = c.begin;
      while (k > 0 &&
             (tokens[k - 1] == "that" || tokens[k - 1] == "which" || tokens[k - 1] == "are" ||
              tokens[k - 1] == "were" || tokens[k - 1] == "with")) {
        --k;
      }
      const bool the_rows = k > 0 && (tokens[k - 1] == "ones" || tokens[k - 1] == "those" ||
                                      tokens[k - 1] == "them" || tokens[k - 1] == "these");
      const auto* shown = model_.metric(request.previous.value("metric", ""));
      if (the_rows && shown != nullptr && c.unit == "currency" && shown->format == "currency") {
        r.having_metric = shown->name;
        return r;
      }
    }
    // "an average rental rate above three bucks": the average right before the comparison is
    // what each group is compared on (HAVING), not each film's rate (WHERE).
    for (const auto& mm : metric_matches) {
      const auto averaged = kAverageOf.find(c.attribute);
      const bool of_it =
          c.attribute.empty() || (averaged != kAverageOf.end() && averaged->second == mm.name);
      const bool average = std::any_of(kAverageOf.begin(), kAverageOf.end(),
                                       [&](const auto& kv) { return kv.second == mm.name; });
      if (average && of_it && mm.end <= c.begin && c.begin - mm.end <= 1 &&
          mm.end - mm.begin >= 2 &&
          (tokens[mm.begin] == "average" || tokens[mm.begin] == "avg" ||
           tokens[mm.begin] == "mean")) {
        r.having_metric = mm.name;
        return r;
      }
      // ("cost more than $20.25 on avg to replace": "on average" anywhere says the same.)
      if (average && of_it && !c.attribute.empty() && mm.end - mm.begin == 2 &&
          tokens[mm.begin] == "on") {
        r.having_metric = mm.name;
        return r;
      }
    }
    const bool on_payments = src != nullptr && src->view == "v_payment_scoped";
    if (c.unit == "currency" && on_payments && c.attribute.empty()) {
      // "paid more than $150 in total": what each one paid altogether, not one payment.
      size_t k = c.end;
      if (k + 1 < tokens.size() && (tokens[k] == "in" || tokens[k] == "all") &&
          (tokens[k + 1] == "total" || tokens[k + 1] == "together")) {
        k += 2;
      } else if (k < tokens.size() && (tokens[k] == "altogether" || tokens[k] == "overall" ||
                                       tokens[k] == "combined" || tokens[k] == "total")) {
        k += 1;
      }
      if (k > c.end && model_.metric("revenue") != nullptr) {
        r.having_metric = "revenue";
        cover(c.end, k);
        return r;
      }
      // "only the languages that took more than $2,700", "customers who spent over $100": what
      // each group took or spent is its total, never one payment.
      static const std::set<std::string> kEarned = {
          "took",   "take",  "taken",   "takes",   "made",  "make",   "makes",     "earned",
          "earn",   "earns", "brought", "bring",   "spent", "spend",  "generated", "grossed",
          "pulled", "raked", "rang",    "clocked", "did",   "turned", "drew",      "netted"};
      // ("which categories brought my store over $2,600": the groups named right before the
      // verb, and the store it went to between the verb and the amount.)
      static const std::set<std::string> kGroups = {
          "categories", "genres",    "films",  "titles", "movies", "actors", "stores", "ratings",
          "languages",  "countries", "cities", "staff",  "days",   "months", "weeks"};
      static const std::set<std::string> kTo = {"my",     "our",  "the", "store",
                                                "stores", "shop", "us"};
      size_t v = c.begin;
      if (v > 0 && (tokens[v - 1] == "in" || tokens[v - 1] == "up")) --v;
      while (v > 0 && v + 3 > c.begin && kTo.count(tokens[v - 1]) > 0) --v;
      if (v >= 2 && kEarned.count(tokens[v - 1]) > 0 &&
          (tokens[v - 2] == "that" || tokens[v - 2] == "which" || tokens[v - 2] == "who" ||
           tokens[v - 2] == "whose" || kGroups.count(tokens[v - 2]) > 0) &&
          model_.metric("revenue") != nullptr) {
        r.having_metric = "revenue";
        cover(v - 1, v);
        return r;
      }
      // "how many customers paid my store more than $80 in the first half?": customers who paid
      // (or spent) an amount in a period paid it altogether — one payment of it is said so ("a
      // payment of more than $80", "more than $5 for a rental", "… each time").
      {
        static const std::set<std::string> kPaid = {"paid", "spent", "spend", "pay"};
        // The verb, past words already read between it and the amount ("my store").
        size_t at = c.begin;
        static const std::set<std::string> kWhere = {"my",   "our", "the", "store", "stores",
                                                     "shop", "us",  "me",  "here"};
        while (at > 0 && at + 4 > c.begin && (used[at - 1] || kWhere.count(tokens[at - 1]) > 0) &&
               kPaid.count(tokens[at - 1]) == 0) {
          --at;
        }
        static const std::set<std::string> kWho = {"customers", "customer", "clients", "people",
                                                   "renters",   "members",  "who",     "that"};
        static const std::set<std::string> kEach = {"for", "per", "each", "a", "on", "every"};
        const std::string after = c.end + 1 < tokens.size() ? tokens[c.end + 1] : std::string();
        const bool each_time =
            c.end < tokens.size() &&
            (kEach.count(tokens[c.end]) > 0 ||
             (tokens[c.end] == "in" && (after == "a" || after == "one" || after == "any"))) &&
            after != "total" && after != "all";
        const bool one_payment = contains(tokens, {"single", "one", "any", "individual"});
        if (at >= 2 && kPaid.count(tokens[at - 1]) > 0 && kWho.count(tokens[at - 2]) > 0 &&
            !each_time && !one_payment && model_.metric("revenue") != nullptr) {
          r.having_metric = "revenue";
          cover(at - 1, at);
          return r;
        }
      }
      // "customers whose payments added up to $60 or more", "… whose spending came to over
      // $100": what each one's payments came to altogether (the dollars say it is the amount).
      size_t w = c.begin;
      if (w > 0 && tokens[w - 1] == "to") --w;
      if (w > 0 && tokens[w - 1] == "up") --w;
      static const std::set<std::string> kCameTo = {
          "added",     "add",      "adds",     "came",    "come",    "comes",
          "amounted",  "amount",   "totalled", "totaled", "total",   "totals",
          "totalling", "totaling", "summed",   "sum",     "reached", "reach"};
      static const std::set<std::string> kTheirPaying = {"payments", "payment", "spending",
                                                         "spend",    "paying",  "purchases"};
      // ("payments totalled $80" needs no "to"; "came $80" is not English.)
      const bool totalled = w >= 1 && (tokens[w - 1] == "totalled" || tokens[w - 1] == "totaled" ||
                                       tokens[w - 1] == "totalling" || tokens[w - 1] == "totaling");
      if (w >= 2 && (w < c.begin ? kCameTo.count(tokens[w - 1]) > 0 : totalled) &&
          kTheirPaying.count(tokens[w - 2]) > 0 && model_.metric("revenue") != nullptr) {
        r.having_metric = "revenue";
        cover(w - 2, c.begin);
        return r;
      }
    }
    if (c.attribute == "price") {
      r.attribute = on_payments ? "amount" : "rental_rate";
    } else if (const auto* named = model_.attribute(c.attribute);
               named != nullptr && (c.unit.empty() || c.unit == named->unit)) {
      // ("longer than 5 days" is not a film length: the comparison's own word gives way to the
      // unit of its amount.)
      r.attribute = c.attribute;
    }
    // "films over 2 hours long", "payments over $5", "a rental rate above 2.99"
    if (r.attribute.empty()) {
      const Match* best = nullptr;
      for (const auto& am : attribute_matches) {
        const bool before_it = am.end <= c.begin && c.begin - am.end <= 3;
        const bool after_it = am.begin >= c.end && am.begin - c.end <= 2;
        if (!before_it && !after_it) continue;
        const auto* attr = model_.attribute(am.name);
        const bool unit_fits = c.unit.empty() || c.unit == attr->unit;
        if (!unit_fits) continue;
        if (best == nullptr || before_it) best = &am;
      }
      if (best != nullptr) {
        r.attribute = best->name;
        cover(best->begin, best->end);
      }
    }
    if (!r.attribute.empty()) return r;
    // "more than 20 times": how many times something happened — rentals, or payments when
    // paying is what was done.
    if (c.unit == "times") {
      const bool paying = contains_free(tokens, used, {"paid", "pay", "payments", "payment"});
      r.having_metric = paying ? "payments" : "rentals";
      return r;
    }
    // What is counted, right after the number: "more than 30 rentals", "over 35 films".
    if (c.unit.empty()) {
      // "at least 5 horror rentals": the filter words between the number and the noun are read.
      size_t k = c.end;
      while (k < tokens.size() && used[k] && k < c.end + 3) ++k;
      if (k < tokens.size() && !used[k]) {
        if (auto noun = count_noun(tokens[k]); !noun.empty()) {
          r.having_metric = noun;
          cover(k, k + 1);
          return r;
        }
      }
    }
    // A measure named next to it: "revenue above $4,500", "rentals over 30".
    const auto unit_fits = [&](const Match& mm) {
      const auto* mdef = model_.metric(mm.name);
      return (c.unit == "currency" && mdef->format == "currency") ||
             (c.unit.empty() && mdef->format != "currency") ||
             (c.unit == "minutes" && mm.name == "avg_film_length") ||
             (c.unit == "days" && mm.name == "avg_rental_days");
    };
    for (const bool after : {true, false}) {
      for (const auto& mm : metric_matches) {
        // ("more than $3,000 in revenue", "over 30 of rentals": the measure after "in"/"of".)
        const bool linked = mm.begin == c.end + 1 && c.end < tokens.size() &&
                            (tokens[c.end] == "in" || tokens[c.end] == "of");
        const bool adjacent =
            after ? mm.begin == c.end || linked : mm.end <= c.begin && c.begin - mm.end <= 2;
        if (adjacent && unit_fits(mm)) {
          r.having_metric = mm.name;
          cover(mm.begin, mm.end);
          return r;
        }
      }
    }
    if (c.unit == "minutes") {
      r.attribute = "length";
    } else if (c.unit == "days") {
      // "returned more than 3 days late": days past the due date, not days kept.
      const bool late =
          c.end < tokens.size() &&
          (tokens[c.end] == "late" || tokens[c.end] == "overdue" ||
           (tokens[c.end] == "past" && c.end + 1 < tokens.size() && tokens[c.end + 1] == "due"));
      r.attribute = late && model_.attribute("days_late") != nullptr ? "days_late" : "rental_days";
    } else if (c.unit == "currency") {
      if (on_payments) {
        r.attribute = "amount";
      } else if (src != nullptr && src->view == "film") {
        r.problem = "\"" + c.text + "\": the rental rate or the replacement cost?";
      } else {
        r.problem = "\"" + c.text +
                    "\": which amount — a payment, a film's rental rate or its replacement cost?";
      }
    } else if (c.unit.empty()) {
      r.having_metric = metric ? metric->name : std::string();
      if (r.having_metric.empty()) r.problem = "\"" + c.text + "\": more than what?";
    } else {
      r.problem = "\"" + c.text + "\" is not something I can compare yet.";
    }
    return r;
  };
  const auto condition_json = [](const Condition& c, const std::string& attribute) {
    nlohmann::json j = {{"op", c.op}, {"value", c.value}};
    if (!attribute.empty()) j["attribute"] = attribute;
    if (c.op == "between") j["value2"] = c.value2;
    return j;
  };
  const auto ask_about_condition = [&](const std::string& problem) {
    plan.status = Plan::Status::kNeedsClarification;
    plan.partial = true;
    // (A problem stated as a whole sentence, with its own question to the user, is not "what
    // was not understood": '"20+" counts customers, but the question asks about …'.)
    const bool whole_sentence = problem.ends_with("?") || problem.ends_with(".");
    plan.clarification = {
        {"question",
         (whole_sentence ? "I cannot answer that as asked: " : "I did not understand ") + problem},
        {"options", nlohmann::json::array()}};
    return plan;
  };

  // ---- "rated R or longer than 3 hours": either of two different restrictions ----
  // A plan holds restrictions that all apply (AND); "or" between two of different kinds (a rating
  // and a length, two lengths) asks for rows meeting either, so it is asked back, never answered
  // as both at once. Values of one dimension joined by "or" ("Horror or Comedy") are one filter.
  {
    struct Restriction {
      size_t begin, end;
      std::string key, said;
    };
    std::vector<Restriction> restrictions;
    for (const auto& f : entities.filters) {
      restrictions.push_back(
          {f.begin, f.end, "filter " + f.dimension,
           f.dimension + " " +
               (f.value.is_string() ? f.value.get<std::string>() : f.value.dump())});
    }
    for (const auto& c : conditions) restrictions.push_back({c.begin, c.end, "condition", c.text});
    std::sort(restrictions.begin(), restrictions.end(),
              [](const Restriction& a, const Restriction& b) { return a.begin < b.begin; });
    for (size_t k = 1; k < restrictions.size(); ++k) {
      const auto& a = restrictions[k - 1];
      const auto& b = restrictions[k];
      if (a.key == b.key && a.key != "condition") continue;
      for (size_t j = a.end; j < b.begin && j < tokens.size(); ++j) {
        if (tokens[j] != "or") continue;
        plan.status = Plan::Status::kNeedsClarification;
        plan.partial = true;
        plan.not_understood = {"or"};
        plan.clarification = {
            {"question", "Do you mean what meets either \"" + a.said + "\" or \"" + b.said +
                             "\", or only what meets both? I can answer one of them, or both "
                             "together — either-or in one figure is not something I compute "
                             "reliably yet."},
            {"reason", "either_or"},
            {"options", nlohmann::json::array()}};
        return plan;
      }
    }
  }

  // ---- a follow-up of a lookup ("and for Comedy?" after "list the Action films") ----
  if (request.previous.is_object() && request.previous.contains("lookup") && !metric &&
      !entities.filters.empty() && times.empty() && entities.stores.empty() && conditions.empty()) {
    auto lq = request.previous;
    auto kept = nlohmann::json::array();
    for (const auto& f : lq.value("filters", nlohmann::json::array())) {
      if (std::none_of(entities.filters.begin(), entities.filters.end(),
                       [&](const Filter& n) { return f.at("dimension") == n.dimension; })) {
        kept.push_back(f);
      }
    }
    for (const auto& f : entities.filters) {
      nlohmann::json lf = {{"dimension", f.dimension}, {"values", {f.value}}};
      if (f.exclude) lf["exclude"] = true;
      kept.push_back(lf);
    }
    lq["filters"] = kept;
    plan.intent = "lookup";
    plan.semantic_query = lq;
    plan.views_used = {"film"};
    plan.metric_label = lq["lookup"].value("entity", "film") == "actor" ? "Actors" : "Films";
    plan.metric_format = "number";
    claims.push_back({0, 0, "follow-up", "the previous list, with these filters"});
    finish_reading(plan, claims, raw, not_understood(Carried{}), request.question);
    return plan;
  }

  // ---- lookups: facts about named films and actors, lists of films ----
  {
    static const std::set<std::string> kCatalogueMetrics = {"avg_film_length", "avg_rental_rate",
                                                            "avg_replacement_cost", "films"};
    static const std::set<std::string> kCatalogueDims = {
        "film", "actor", "actor_id", "category", "rating", "language", "special_feature"};
    bool named_film = false, named_actor = false, other_filter = false;
    for (const auto& f : entities.filters) {
      if (f.dimension == "film" && !f.exclude) named_film = true;
      if ((f.dimension == "actor" || f.dimension == "actor_id") && !f.exclude) named_actor = true;
      if (kCatalogueDims.count(f.dimension) == 0) other_filter = true;
    }
    // "What does ACADEMY DINOSAUR rent for?": "rent for" (the rental rate) is the longer phrase
    // over the measure's "rent". Of one named film, a phrase both can mean ("the loan period of
    // DINOSAUR SECRETARY") is its catalogue fact, not the average of its rentals ("the average
    // loan length of …" is longer and stays the measure).
    bool attribute_over_metric = false;
    if (metric) {
      for (const auto& am : match_synonyms(tokens, used, attribute_synonyms_)) {
        const size_t width = am.end - am.begin, metric_width = metric->end - metric->begin;
        if (am.begin <= metric->begin && am.end >= metric->end &&
            (width > metric_width || (named_film && width == metric_width))) {
          attribute_over_metric = true;
        }
      }
    }
    const bool aggregate =
        metric && kCatalogueMetrics.count(metric->name) == 0 && !attribute_over_metric;
    // ("how many minutes is WEST LION?": the count words belong to the film's length.)
    bool counting = metric && metric->name == "films" && !named_film;
    for (size_t i = 0; i < tokens.size() && !counting; ++i) {
      if (used[i] || !(tokens[i] == "many" || tokens[i] == "number" || tokens[i] == "count")) {
        continue;
      }
      counting = std::none_of(attribute_matches.begin(), attribute_matches.end(),
                              [&](const Match& am) { return am.begin <= i && i < am.end; });
    }
    const bool ranked = ranking_word || top_n.has_value();
    const bool catalogue_only = !other_filter && times.empty() && entities.stores.empty() &&
                                !store_mentions.both && !store_mentions.all;
    const bool listing = contains_free(
        tokens, used, {"which", "what", "list", "show", "name", "names", "titles", "give", "all"});
    bool film_noun = false;
    for (const auto& d : dim_matches) film_noun = film_noun || d.name == "film";
    std::vector<std::string> attributes;
    const auto add_attribute = [&](const std::string& name, size_t begin, size_t end) {
      if (std::find(attributes.begin(), attributes.end(), name) == attributes.end()) {
        attributes.push_back(name);
      }
      cover(begin, end);
      // (Explain shows which words asked for which fact: "loan period" is the rental period.)
      const auto* fact = model_.attribute(name);
      const bool said = std::any_of(claims.begin(), claims.end(), [&](const Claim& c) {
        return c.begin == begin && c.end == end && c.as == "attribute";
      });
      if (end > begin && !said) {
        claims.push_back({begin, end, "attribute", fact ? fact->label : name});
      }
    };
    bool actors_of_film = false;
    // "how much has ACADEMY DINOSAUR made, cost to replace?": a figure of the film's rentals or
    // payments asked beside its facts is not a catalogue lookup — read as one, the figure would
    // be dropped without a word.
    // (Any measure named counts, not only the one chosen: "cost to replace" may have been.)
    // (Words read as a fact of the film too — "a rental of X" is its rate, "loan period" its
    // rental duration — are the fact, not a figure.)
    const auto of_rows = [&](const Match& m) {
      const auto* named = model_.metric(m.name);
      const bool a_fact =
          std::any_of(attribute_matches.begin(), attribute_matches.end(),
                      [&](const Match& am) { return am.begin < m.end && m.begin < am.end; });
      return m.name != "films" && fact_of_film_measure(m.name).empty() && named != nullptr &&
             model_.source(named->source).view != "film" && !a_fact;
    };
    const bool figure_of_film =
        named_film && ((metric && of_rows(*metric)) ||
                       std::any_of(metric_matches.begin(), metric_matches.end(), of_rows));
    if (catalogue_only && !aggregate && !ranked && !counting && !figure_of_film &&
        (named_film || ((named_actor || !conditions.empty() || !entities.filters.empty()) &&
                        film_noun && (listing || !metric)))) {
      for (const auto& am : attribute_matches) {
        // A payment amount or days rented are not facts about a film.
        if (am.name == "amount" || am.name == "rental_days") continue;
        add_attribute(am.name, am.begin, am.end);
      }
      for (const auto& d : dim_matches) {
        if (d.name == "rating" || d.name == "language" || d.name == "category") {
          add_attribute(d.name, d.begin, d.end);
        } else if (d.name == "actor" && named_film) {
          actors_of_film = true;
          cover(d.begin, d.end);
        } else if (d.name == "film") {
          cover(d.begin, d.end);
        }
      }
      if (metric) {
        if (const auto fact = fact_of_film_measure(metric->name); !fact.empty() && named_film) {
          add_attribute(fact, metric->begin, metric->end);
        } else if (metric->name == "films") {
          cover(metric->begin, metric->end);
        }
      }
      for (size_t i = 0; i < tokens.size() && named_film; ++i) {
        if (covered[i]) continue;
        const auto& w = tokens[i];
        // "what's WILD APOLLO rated?": its rating (a rating named after "rated" is a filter,
        // read before this).
        if (w == "rated" && !used[i]) {
          add_attribute("rating", i, i + 1);
          continue;
        }
        if (w == "cast" || w == "starring" || w == "stars" || w == "star" || w == "acts" ||
            w == "acted" || w == "appears" || w == "appear" || w == "actors" || w == "actor" ||
            ((w == "who" || w == "who's" || w == "whos") && i + 1 < tokens.size() &&
             (tokens[i + 1] == "in" || tokens[i + 1] == "is" || tokens[i + 1] == "was" ||
              tokens[i + 1] == "acts" || tokens[i + 1] == "stars" || tokens[i + 1] == "appears" ||
              // "who starred in ACADEMY DINOSAUR?" ("starred in" alone also names a count of films)
              tokens[i + 1] == "starred" || tokens[i + 1] == "acted" ||
              tokens[i + 1] == "appeared" || tokens[i + 1] == "played" ||
              tokens[i + 1] == "featured"))) {
          actors_of_film = true;
          cover(i, i + 1);
        }
      }
      const bool facts_asked = !attributes.empty() || actors_of_film;
      // "Tell me about ACADEMY DINOSAUR": its catalogue facts.
      const bool about =
          named_film && !facts_asked &&
          contains_free(tokens, used,
                        {"about", "info", "information", "details", "describe", "facts"});
      if (about)
        attributes = {"category",         "rating",       "length",  "rental_rate",
                      "replacement_cost", "release_year", "language"};
      // "which films are longer than 3 hours", or just "films that rent for 99 cents or less"
      // (not "only Action films" after "revenue by month": that edits the previous question).
      const bool edits_previous =
          request.previous.is_object() && request.previous.contains("metric") && !metric;
      const bool list_of_films = !named_film && film_noun && !edits_previous &&
                                 ((listing && (!metric || metric->name == "films")) || !metric);
      // A condition on a count ("actors in over 35 films") is not about films' own facts: that
      // question is a breakdown with a condition, planned below.
      const auto& catalogue = model_.source("film");
      const bool facts_only =
          std::all_of(conditions.begin(), conditions.end(), [&](const Condition& c) {
            const auto r = resolve(c, &catalogue);
            return !r.attribute.empty() && model_.attribute(r.attribute) != nullptr &&
                   model_.applies(*model_.attribute(r.attribute), catalogue);
          });
      // "which films have the same length as ACADEMY DINOSAUR": other films compared with the
      // named one's fact — not that film's own fact, which is all a lookup would give.
      bool same_as = false;
      for (size_t i = 0; i + 1 < tokens.size() && named_film; ++i) {
        if (tokens[i] != "same" && tokens[i] != "similar") continue;
        for (size_t k = i + 1; k < tokens.size() && k <= i + 4; ++k) same_as |= tokens[k] == "as";
      }
      if (same_as && facts_asked) {
        return ask_back(plan,
                        "Films compared with a named film's own length, rate or cost are not "
                        "something I can look up yet. Would that film's facts, or films over or "
                        "under a value you name, help?");
      }
      if (((named_film && (facts_asked || about)) || list_of_films) && facts_only) {
        nlohmann::json lookup_conditions = nlohmann::json::array();
        const auto& film_src = catalogue;
        for (const auto& c : conditions) {
          auto r = resolve(c, &film_src);
          if (!r.problem.empty()) return ask_about_condition(r.problem);
          auto cj = condition_json(c, r.attribute);
          cj["text"] = describe_condition(c, model_.attribute(r.attribute)->label);
          lookup_conditions.push_back(std::move(cj));
          // The compared attribute is shown beside each film.
          if (std::find(attributes.begin(), attributes.end(), r.attribute) == attributes.end()) {
            attributes.push_back(r.attribute);
          }
          claims.push_back({c.begin, c.end, "condition",
                            describe_condition(c, model_.attribute(r.attribute)->label)});
        }
        nlohmann::json lookup_filters = nlohmann::json::array();
        for (const auto& f : entities.filters) {
          bool merged = false;
          for (auto& lf : lookup_filters) {
            if (lf["dimension"] == f.dimension && lf.value("exclude", false) == f.exclude) {
              lf["values"].push_back(f.value);
              merged = true;
            }
          }
          if (!merged) {
            nlohmann::json lf = {{"dimension", f.dimension}, {"values", {f.value}}};
            if (f.exclude) lf["exclude"] = true;
            lookup_filters.push_back(lf);
          }
        }
        const std::string entity = actors_of_film ? "actor" : "film";
        if (actors_of_film) std::erase(attributes, "actor");
        nlohmann::json lq = {{"lookup", {{"entity", entity}, {"attributes", attributes}}},
                             {"filters", lookup_filters},
                             {"conditions", lookup_conditions},
                             {"store_ids", request.store_ids},
                             {"as_of", request.as_of},
                             {"intent", "lookup"}};
        const auto unread = not_understood({false, false, false, false, false});
        plan.intent = "lookup";
        plan.semantic_query = lq;
        plan.views_used = {"film"};
        plan.metric_label = actors_of_film ? "Actors" : "Films";
        plan.metric_format = "number";
        for (const auto& f : lookup_filters) {
          std::string text =
              f.at("dimension").get<std::string>() + (f.value("exclude", false) ? " not " : " = ");
          for (size_t i = 0; i < f.at("values").size(); ++i) {
            const auto& v = f.at("values")[i];
            text += (i ? ", " : "") + (v.is_string() ? v.get<std::string>() : v.dump());
          }
          plan.filters.push_back(text);
        }
        finish_reading(plan, claims, raw, unread, request.question);
        return plan;
      }
    }
  }

  nlohmann::json sq;
  // A turn continues the conversation only when it reads as an edit of the previous question
  // (a breakdown, a filter, a period, a store, a ranking...): "thanks" or "what's the weather"
  // never re-runs the previous query.
  // ("how many is that?" after a list of the groups passing a condition counts those groups.)
  const bool edits = !dims.empty() || !entities.filters.empty() || !times.empty() || counts_shown ||
                     !entities.stores.empty() || store_mentions.both || store_mentions.all ||
                     top_n.has_value() || ranking_word || share_word || growth_word ||
                     compare_word || !conditions.empty() || asks_rows_added_up(tokens);
  // "which category earned the most?" after "revenue by category in July": a ranking over the
  // very breakdown just shown, with no period or store of its own, picks a row of that table —
  // July's — not the all-time leader.
  const bool ranks_shown_rows = [&] {
    if (!request.previous.is_object() || !(ranking_word || top_n) || dims.size() != 1 ||
        !times.empty() || !entities.stores.empty() || store_mentions.both || store_mentions.all) {
      return false;
    }
    const auto shown = request.previous.value("dimensions", nlohmann::json::array());
    const bool has_period =
        request.previous.contains("time") && !request.previous["time"].is_null();
    const bool has_filters = !request.previous.value("filters", nlohmann::json::array()).empty() ||
                             !request.previous.value("conditions", nlohmann::json::array()).empty();
    return shown.size() == 1 && shown[0] == dims[0].name && (has_period || has_filters);
  }();
  // (A previous lookup has no measure to carry on: its follow-ups were planned above.)
  const bool is_follow_up = request.previous.is_object() && request.previous.contains("metric") &&
                            request.previous["metric"].is_string() &&
                            (!metric || follow_cue || ranks_shown_rows) &&
                            (metric.has_value() || edits);
  if (is_follow_up) {
    sq = request.previous;
    sq.erase("period_change");
    // "only the months where fewer than 550 of them rented", after a count of renting customers:
    // the verb says what "them" did, not a new measure (the rentals) — the count stays.
    if (metric) {
      bool of_them = false;
      for (size_t i = 0; i + 1 < tokens.size(); ++i) {
        of_them =
            of_them || (tokens[i] == "of" && (tokens[i + 1] == "them" || tokens[i + 1] == "those" ||
                                              tokens[i + 1] == "these"));
      }
      const auto* counted_before = model_.metric(request.previous["metric"].get<std::string>());
      const auto* named = model_.metric(metric->name);
      // "and how many separate people did those rentals?": the customers behind the rows just
      // counted — those who rented (paid), with the same filters and period.
      const bool those_rows =
          customers_asked && metric->begin >= 1 &&
          (tokens[metric->begin - 1] == "those" || tokens[metric->begin - 1] == "these") &&
          counted_before != nullptr && counted_before->name == metric->name &&
          request.previous.value("dimensions", nlohmann::json::array()).empty() &&
          !request.previous.contains("having");
      const std::string behind = metric->name == "rentals" ? "renting_customers"
                                 : metric->name == "payments" || metric->name == "revenue"
                                     ? "paying_customers"
                                     : "";
      if (those_rows && !behind.empty() && model_.metric(behind) != nullptr) {
        metric->name = behind;
        customers_asked.reset();
      } else if (of_them && counted_before != nullptr && named != nullptr &&
                 !counted_before->entity_key.empty() && counted_before->source == named->source &&
                 named->entity_key.empty() &&
                 (metric->name == "rentals" || metric->name == "payments" ||
                  metric->name == "revenue")) {
        metric->name = counted_before->name;
      } else if (of_them && counted_before != nullptr && named != nullptr &&
                 counted_before->entity_key == "customer_id" &&
                 counted_before->source != "v_customer_masked" &&
                 (named->name == "active_customers" || named->name == "inactive_customers") &&
                 model_.dimension("customer_status") != nullptr) {
        // "and how many of them are inactive?" after the customers who rented in July: those
        // customers, narrowed by their flag (not the inactive customers created in July).
        entities.filters.push_back({"customer_status",
                                    named->name == "active_customers" ? "active" : "inactive",
                                    metric->begin, metric->end, false});
        metric->name = counted_before->name;
      } else if (of_them && counted_before != nullptr && named != nullptr &&
                 counted_before->name == "customers" && named->entity_key.empty()) {
        // "how many customers live in Japan, and how many of them took out a Horror title?":
        // those customers who rented (paid), counted — not their rentals.
        const std::string who = metric->name == "rentals" ? "renting_customers"
                                : metric->name == "payments" || metric->name == "revenue"
                                    ? "paying_customers"
                                    : "";
        if (!who.empty() && model_.metric(who) != nullptr) metric->name = who;
      } else if (counted_before != nullptr && named != nullptr && named->name == "customers") {
        // "total rentals, and how many different people were behind them?": the customers of
        // those rentals (payments), not every customer on the books.
        const bool pointed = std::any_of(tokens.begin(), tokens.end(), [](const auto& w) {
          return w == "them" || w == "those" || w == "these" || w == "it";
        });
        const std::string who =
            counted_before->name == "rentals" ? "renting_customers"
            : counted_before->name == "payments" || counted_before->name == "revenue"
                ? "paying_customers"
                : "";
        if (pointed && !who.empty() && model_.metric(who) != nullptr) metric->name = who;
      }
    }
    // A measure named in the follow-up replaces the ones before ("what about payments?").
    // (Not the rows' own noun before a condition on them: "and if I only count payments above
    // six bucks?" after "# of payments and total" keeps both figures, of fewer payments.)
    const bool noun_of_condition =
        metric && sq.value("metric", "") == metric->name &&
        std::any_of(conditions.begin(), conditions.end(), [&](const Condition& c) {
          return c.begin >= metric->end && c.begin <= metric->end + 1;
        });
    if (metric && !noun_of_condition) sq.erase("also");
    if (metric) sq["metric"] = metric->name;
  } else if (!metric) {
    // No metric named: ask rather than guess, with options the role can actually answer.
    plan.status = Plan::Status::kNeedsClarification;
    std::string by;
    if (!dims.empty()) by = " by " + dimension_phrase(dims.front().name);
    // The period asked about stays in every option: "How did we do last month?" offers
    // "Revenue in July 2022", not revenue of all time.
    by += asked_period;
    nlohmann::json options = nlohmann::json::array();
    for (const std::string name : {"revenue", "rentals", "customers", "payments"}) {
      const auto* m = model_.metric(name);
      if (m == nullptr) continue;
      const auto& src = model_.source(m->source);
      if (!src.checked_by_hand() && !role_reads(request.role, src.view)) continue;
      std::string q = (top_n ? "Top " + std::to_string(*top_n) + " " : std::string()) + m->label;
      if (top_n && dims.empty())
        q = "Top " + std::to_string(*top_n) + " films by " + lower(m->label);
      options.push_back({{"label", m->label}, {"question", q + by}});
    }
    plan.clarification = {
        {"question", "Which measure would you like to see — for example " +
                         std::string(request.role == Role::kMarketing ? "rentals or customers"
                                                                      : "revenue or rentals") +
                         "?"},
        {"options", options}};
    return plan;
  } else {
    sq = {{"metric", metric->name},
          {"dimensions", nlohmann::json::array()},
          {"filters", nlohmann::json::array()},
          {"time", nullptr},
          {"limit", nullptr},
          {"order", nullptr},
          {"share", false},
          {"share_of", nullptr},
          {"growth", nullptr}};
  }

  // ---- edits: dimensions, filters, time, ranking (a follow-up replaces what it names) ----
  std::vector<std::string> dim_names;
  dim_names.reserve(dims.size());
  for (const auto& d : dims) {
    // "and the quietest day?" after "which day of the week …": the same kind of day.
    const auto earlier_dims = is_follow_up
                                  ? request.previous.value("dimensions", nlohmann::json::array())
                                  : nlohmann::json::array();
    if (d.name == "day" && d.end - d.begin == 1 && tokens[d.begin] == "day" &&
        std::find(earlier_dims.begin(), earlier_dims.end(), "day_of_week") != earlier_dims.end()) {
      dim_names.emplace_back("day_of_week");
      continue;
    }
    dim_names.push_back(d.name);
  }
  if (!dim_names.empty() || !is_follow_up) {
    sq["dimensions"] = dim_names;
  } else if (metric && contains(tokens, {"how", "many"}) && !sq["dimensions"].empty() &&
             !sq["limit"].is_number_integer() && !sq["order"].is_string() &&
             !sq.contains("having") && !sq["growth"].is_object()) {
    // "customer 373's titles in August" → "and of those 12, how many were returned past due?":
    // one count over the rows just listed (a list with no cut-off is its filters), not the list
    // again with a column of zeros and ones.
    for (size_t i = 0; i + 1 < tokens.size(); ++i) {
      if (tokens[i] == "of" &&
          (tokens[i + 1] == "those" || tokens[i + 1] == "these" || tokens[i + 1] == "them")) {
        sq["dimensions"] = nlohmann::json::array();
        break;
      }
    }
  }
  auto filters = sq.value("filters", nlohmann::json::array());
  auto set_filter = [&](const std::string& dim, const nlohmann::json& values,
                        bool exclude = false) {
    nlohmann::json kept = nlohmann::json::array();
    for (const auto& f : filters) {
      if (f.at("dimension") != dim) kept.push_back(f);
    }
    nlohmann::json filter = {{"dimension", dim}, {"values", values}};
    if (exclude) filter["exclude"] = true;
    kept.push_back(std::move(filter));
    filters = kept;
  };
  // A count of customers is by their home store already: "store 2's customers" are store 2's,
  // with every reading of a store (shares within it, scope) as before.
  if (const auto* counted = model_.metric(sq["metric"].get<std::string>());
      counted != nullptr && counted->source == "v_customer_masked") {
    for (const auto& f : entities.filters) {
      if (f.dimension == "home_store") entities.stores.push_back(f.value.get<int>());
    }
    std::erase_if(entities.filters, [](const Filter& f) { return f.dimension == "home_store"; });
  }
  // Values of one dimension together: included ones as one list, excluded ones as another.
  std::vector<std::pair<std::string, bool>> filter_keys;
  for (const auto& f : entities.filters) {
    const std::pair<std::string, bool> key{f.dimension, f.exclude};
    if (std::find(filter_keys.begin(), filter_keys.end(), key) == filter_keys.end()) {
      filter_keys.push_back(key);
    }
  }
  {
    nlohmann::json fresh = nlohmann::json::array();
    for (const auto& [dim, exclude] : filter_keys) {
      nlohmann::json values = nlohmann::json::array();
      for (const auto& f : entities.filters) {
        if (f.dimension == dim && f.exclude == exclude &&
            std::find(values.begin(), values.end(), f.value) == values.end()) {
          values.push_back(f.value);
        }
      }
      nlohmann::json filter = {{"dimension", dim}, {"values", values}};
      if (exclude) filter["exclude"] = true;
      fresh.push_back(std::move(filter));
    }
    // A follow-up replaces the filters of the dimensions it names and keeps the others.
    nlohmann::json kept = nlohmann::json::array();
    for (const auto& f : filters) {
      if (std::none_of(filter_keys.begin(), filter_keys.end(),
                       [&](const auto& k) { return f.at("dimension") == k.first; })) {
        kept.push_back(f);
      }
    }
    for (auto& f : fresh) kept.push_back(std::move(f));
    filters = kept;
  }

  // Store: the request's store_id narrows the scope; stores named in the question filter.
  std::vector<int> stores = entities.stores;
  for (int s : stores) {
    if (refused_outside_scope(plan, request, s)) return plan;
  }
  // The share of the customers on the books who did something in a period is not the share of
  // the period's renters this plan computes: asked back, never answered over the wrong whole.
  const auto* asked_metric = model_.metric(sq["metric"].get<std::string>());
  // "what % of our customers in the Philippines rented something yesterday?", "what share of
  // Canadian customers paid in June?": the customers on the books (with the question's own
  // filters) are the whole, and those with a rental (a payment) in the period the part.
  bool population_share = false;  // the filters narrow the whole, not the part
  const size_t population_end = [&]() -> size_t {
    // Also "the", and a place or flag named with the customers ("Canadian customers").
    const size_t end = customer_population_base(tokens, [&](size_t at) {
      return tokens[at] == "the" ||
             std::any_of(entities.filters.begin(), entities.filters.end(), [&](const Filter& f) {
               return f.begin <= at && at < f.end &&
                      (f.dimension == "country" || f.dimension == "city" ||
                       f.dimension == "customer_status");
             });
    });
    // ("% of the people who rented in July are flagged active": the clause names the whole —
    // the period's renters — and the flag is the part.)
    const bool clause_follows =
        end > 0 && end < tokens.size() &&
        (tokens[end] == "who" || tokens[end] == "that" || tokens[end] == "which");
    return clause_follows ? 0 : end;
  }();
  // "of our active customers, what percentage rented in July?": the flag belongs to the whole
  // (the count of active customers was read as the measure); what they did in the period is the
  // part — a rental or a payment named after the whole.
  if (share_word && asked_metric != nullptr && population_end > 0 &&
      asked_metric->source == "v_customer_masked" && sq["dimensions"].empty() &&
      sq["growth"].is_null() &&
      (asked_metric->name == "customers" || asked_metric->name == "active_customers" ||
       asked_metric->name == "inactive_customers")) {
    const Match* did = nullptr;
    for (const auto& mm : metric_matches) {
      if (mm.begin >= population_end &&
          (mm.name == "rentals" || mm.name == "renting_customers" || mm.name == "payments" ||
           mm.name == "revenue" || mm.name == "paying_customers")) {
        did = &mm;
        break;
      }
    }
    if (did != nullptr) {
      const bool paid = model_.metric(did->name)->source == "v_payment_scoped";
      const std::string on_books = paid ? "customers_who_paid" : "customers_who_rented";
      const bool other_filters =
          std::any_of(entities.filters.begin(), entities.filters.end(), [](const Filter& f) {
            return f.dimension != "country" && f.dimension != "city" &&
                   f.dimension != "customer_status";
          });
      // (A condition on what each one did — "at least one Documentary", "twice" — is not
      // computed over the customers on the books.)
      if (!conditions.empty() || other_filters) {
        return ask_back(plan,
                        "I can give the share of the customers on your books who rented or paid "
                        "in a period, but not yet with a condition on what they rented or paid. "
                        "Would the share who rented at all in the period help?");
      }
      if (const auto* whole = model_.metric(on_books); whole != nullptr) {
        if (asked_metric->name != "customers") {
          filters.push_back(
              {{"dimension", "customer_status"},
               {"values",
                nlohmann::json::array(
                    {asked_metric->name == "active_customers" ? "active" : "inactive"})}});
        }
        population_share = true;
        sq["metric"] = on_books;
        sq["share"] = true;
        asked_metric = whole;
        cover(did->begin, did->end);
        claims.push_back({did->begin, did->end, "measure",
                          "the share of the customers on the books (by home store) with a " +
                              std::string(paid ? "payment" : "rental") + " in the period"});
      }
    }
  }
  // (Not with a condition on what each one did — "rented at least 10 times" — which is not
  // computed over the customers on the books: asked back below.)
  if (share_word && asked_metric != nullptr && population_end > 0 && sq["dimensions"].empty() &&
      sq["growth"].is_null() && conditions.empty() &&
      (asked_metric->name == "renting_customers" || asked_metric->name == "paying_customers" ||
       asked_metric->name == "rentals" || asked_metric->name == "revenue" ||
       asked_metric->name == "payments")) {
    const auto* view = model_.source(asked_metric->source).view.c_str();
    const std::string on_books =
        std::string(view) == "v_payment_scoped" ? "customers_who_paid" : "customers_who_rented";
    if (const auto* whole = model_.metric(on_books); whole != nullptr) {
      population_share = true;
      sq["metric"] = on_books;
      sq["share"] = true;
      asked_metric = whole;
      claims.push_back({population_end - 1, population_end, "measure",
                        "the share of the customers on the books (by home store) with a " +
                            std::string(on_books == "customers_who_paid" ? "payment" : "rental") +
                            " in the period"});
    }
  }
  // "what % of customers in Canada are inactive?": a place named with the whole narrows it (the
  // flag is the part); "what % of inactive customers are in Canada?" keeps Canada the part.
  if (share_word && asked_metric != nullptr && population_end > 0 && !population_share &&
      asked_metric->source == "v_customer_masked" && !asked_metric->where.empty() &&
      sq["dimensions"].empty() && !entities.filters.empty()) {
    static const std::set<std::string> kWith = {"in",  "from", "living", "based", "located",
                                                "who", "that", "live",   "lives"};
    population_share =
        std::all_of(entities.filters.begin(), entities.filters.end(), [&](const Filter& f) {
          if (f.begin < population_end) return true;
          for (size_t k = population_end; k < f.begin; ++k) {
            if (kWith.count(tokens[k]) == 0) return false;
          }
          return true;
        });
  }
  if (share_word && asked_metric != nullptr && asked_metric->source != "v_customer_masked" &&
      customer_population_base(tokens) > 0) {
    return ask_back(plan,
                    "I can give shares of the customers who rented or paid in a period, but not "
                    "yet a share of all the customers on your books. Would the share among the "
                    "period's renters help?");
  }
  std::optional<nlohmann::json> share_of;
  // A rate ("percentage of rentals returned late") is already a percentage: a named store or
  // category filters it rather than becoming a slice of a total.
  const auto* named_metric = model_.metric(sq["metric"].get<std::string>());
  const bool rate = named_metric != nullptr && named_metric->format == "percent";
  if (rate) {
    // no share of a total
  } else if (share_word && !filters.empty() && !sq["dimensions"].empty() &&
             contains(tokens,
                      {"share", "percentage", "percent", "proportion", "fraction", "pct"}) &&
             std::none_of(filters.begin(), filters.end(), [&](const nlohmann::json& f) {
               const auto& d = sq["dimensions"];
               return std::find(d.begin(), d.end(), f.at("dimension")) != d.end();
             })) {
    // "Horror's share of each store's July rentals": the named values' slice of each group's
    // whole (the compiler's share_of with values keeps the groups). A measure that cannot be
    // split so, or a growth, is asked back: each group's share of the value's total would answer
    // another question.
    const nlohmann::json f = filters.back();
    const auto* split = model_.metric(sq["metric"].get<std::string>());
    if (split != nullptr && split->filterable() && sq["growth"].is_null()) {
      filters.erase(filters.end() - 1);
      share_of = nlohmann::json{{"dimension", f.at("dimension")},
                                {"values", f.at("values")},
                                {"exclude", f.value("exclude", false)}};
    } else {
      const auto first = f.at("values").at(0);
      const std::string value = first.is_string() ? first.get<std::string>() : first.dump();
      const std::string by = sq["dimensions"].at(0).get<std::string>();
      plan.status = Plan::Status::kNeedsClarification;
      plan.partial = true;
      plan.clarification = {
          {"question", "I cannot yet give " + value + "'s share within each " + by + ". Would " +
                           value + "'s share of the whole, or each " + by + "'s share of " + value +
                           ", help?"},
          {"options", nlohmann::json::array(
                          {{{"label", value + "'s share"},
                            {"question", "What share of " + sq["metric"].get<std::string>() +
                                             " is " + value + "?"}},
                           {{"label", "Each " + by + "'s share of " + value},
                            {"question", "Share of " + value + " " +
                                             sq["metric"].get<std::string>() + " by " + by}}})}};
      return plan;
    }
  } else if (share_word && !filters.empty() && sq["dimensions"].empty() && !population_share) {
    // "What share of rentals are Sports films?": the entity is the slice, not a filter.
    const auto f = filters.back();
    // The share of "not English" or of "Action or Comedy" is not the share of its first value:
    // several values are one part together; a measure that cannot be split so is asked back.
    const auto* shared = model_.metric(sq["metric"].get<std::string>());
    if ((f.value("exclude", false) || f.at("values").size() != 1) && shared != nullptr &&
        shared->filterable() && sq["growth"].is_null()) {
      // "Horror or Sci-Fi", "not in English": the part is all of those values (or all but them),
      // taken from the same rows as the whole.
      filters.erase(filters.end() - 1);
      share_of = nlohmann::json{{"dimension", f.at("dimension")},
                                {"values", f.at("values")},
                                {"exclude", f.value("exclude", false)}};
    } else if (f.value("exclude", false) || f.at("values").size() != 1) {
      const auto first = f.at("values").at(0);
      const std::string value = first.is_string() ? first.get<std::string>() : first.dump();
      plan.status = Plan::Status::kNeedsClarification;
      plan.partial = true;
      plan.clarification = {
          {"question", "I can give the share of one " + f.at("dimension").get<std::string>() +
                           " at a time, and a share of several values or of everything but one "
                           "is not something I compute reliably yet. Would the share of " +
                           value + " help?"},
          {"options",
           nlohmann::json::array({{{"label", "Share of " + value},
                                   {"question", "What share of " + sq["metric"].get<std::string>() +
                                                    " is " + value + "?"}}})}};
      return plan;
    } else {
      filters.erase(filters.end() - 1);
      share_of = nlohmann::json{{"dimension", f.at("dimension")}, {"value", f.at("values").at(0)}};
    }
  } else if (share_word && stores.size() == 1 && sq["dimensions"].empty() &&
             !(named_metric != nullptr && !named_metric->where.empty() &&
               named_metric->filterable())) {
    // ("What % of store 2's customers are inactive": the store is where to look, the share is
    // of the metric's own condition — see share_of_whole below.)
    share_of = nlohmann::json{{"dimension", "store"}, {"value", stores.front()}};
    stores.clear();
  }
  // "across both stores", "over all my stores": where to look, not a breakdown.
  bool across = false;
  for (const auto& [b, e] : store_mentions.spans) {
    across = across ||
             (b > 0 && (tokens[b - 1] == "across" || tokens[b - 1] == "over" ||
                        tokens[b - 1] == "throughout")) ||
             std::any_of(tokens.begin() + static_cast<std::ptrdiff_t>(b),
                         tokens.begin() + static_cast<std::ptrdiff_t>(e), is_chain_word);
  }
  // "my stores combined", "both stores together", "the combined stores": one figure, even when
  // the question compares something else ("Q1 vs Q2 for my stores combined").
  bool combined = false;
  for (const auto& [b, e] : store_mentions.spans) {
    const auto one_of = [&](size_t k, std::initializer_list<const char*> words) {
      return k < tokens.size() &&
             std::any_of(words.begin(), words.end(), [&](const char* w) { return tokens[k] == w; });
    };
    combined = combined ||
               one_of(e, {"combined", "together", "altogether", "jointly", "overall", "pooled"}) ||
               (one_of(e, {"in"}) && one_of(e + 1, {"total", "aggregate"})) ||
               (b > 0 && one_of(b - 1, {"combined", "pooled", "joint"})) ||
               (b > 1 && one_of(b - 1, {"my", "our", "both", "the"}) &&
                one_of(b - 2, {"combined", "pooled", "joint"}));
  }
  // "my two stores", "both stores" on their own say where to look (one figure, like "across
  // both stores"); a word that sets them beside each other makes them one row each.
  bool which_store = false;  // "which of my two stores …"
  for (const auto& [b, e] : store_mentions.spans) {
    for (size_t back = 1; back <= 4 && back <= b; ++back) {
      which_store = which_store || tokens[b - back] == "which" || tokens[b - back] == "whichever";
    }
  }
  // ("each", "per" set the stores apart when said of them: "per store", "each of my stores",
  // "both stores each" — "rentals per month, all stores" is one figure a month.)
  bool each_store = false;
  for (const auto& [b, e] : store_mentions.spans) {
    // (Looking back over the small words between: "each of my stores", "per store", "copies
    // apiece do my two stores hold".)
    static const std::set<std::string> kBetween = {"of",  "my",   "our", "the", "do",
                                                   "did", "does", "at",  "for", "in"};
    for (size_t k = b; k > 0 && b - k < 4; --k) {
      const auto& w = tokens[k - 1];
      if (w == "each" || w == "per") each_store = true;
      if (each_store || kBetween.count(w) == 0) break;
    }
    each_store = each_store || (e < tokens.size() && tokens[e] == "each");
  }
  const bool stores_set_apart =
      compare_word || which_store || each_store ||
      contains(tokens,
               {"split", "between", "respectively", "separately", "individually", "apart",
                "breakdown", "vs", "versus", "respective", "separate", "side", "top", "bottom"});
  const bool store_compare = (stores.size() >= 2 || (entities.both_stores && stores_set_apart) ||
                              (compare_word && !stores.empty() && times.size() < 2)) &&
                             !(across && !compare_word) && !combined;
  // A reference table (the film catalogue) has no store column: named stores narrow the scope
  // its metric looks into ("films not stocked at store 1") instead of filtering its rows.
  const bool reference_metric =
      named_metric != nullptr && model_.source(named_metric->source).reference;
  std::vector<int> scope_ids = request.store_ids;
  if (!stores.empty() && reference_metric) {
    scope_ids = stores;
  } else if (!stores.empty()) {
    set_filter("store", stores);
  }
  // "inactive custs on our books who still rented with us": the customers registered with the
  // asker's stores (their home store) — not everyone who rented there.
  if (named_metric != nullptr &&
      (named_metric->name == "renting_customers" || named_metric->name == "paying_customers") &&
      model_.dimension("home_store") != nullptr &&
      std::none_of(filters.begin(), filters.end(),
                   [](const nlohmann::json& f) { return f.at("dimension") == "home_store"; })) {
    for (size_t i = 2; i < tokens.size(); ++i) {
      if (tokens[i] == "books" && tokens[i - 2] == "on" &&
          (tokens[i - 1] == "our" || tokens[i - 1] == "my" || tokens[i - 1] == "the")) {
        set_filter("home_store", request.store_ids);
        claims.push_back({i - 2, i + 1, "filter", "customers registered with the stores in scope"});
        break;
      }
    }
  }
  sq["filters"] = filters;
  if (share_of) sq["share_of"] = *share_of;
  if (store_compare) {
    auto d = sq["dimensions"];
    if (std::find(d.begin(), d.end(), "store") == d.end()) d.insert(d.begin(), "store");
    sq["dimensions"] = d;
  }
  // "rentals in the past 24 hrs, every store together?": every store said, then pooled — one
  // figure, never one row per store with "together" dropped.
  bool every_store_pooled = false;
  for (const auto& d : dim_matches) {
    static const std::set<std::string> kPooled = {"combined", "together", "altogether",
                                                  "jointly",  "pooled",   "overall"};
    if (d.name != "store" || d.end >= tokens.size() || kPooled.count(tokens[d.end]) == 0 ||
        store_compare) {
      continue;
    }
    auto kept = nlohmann::json::array();
    for (const auto& name : sq["dimensions"]) {
      if (name != "store") kept.push_back(name);
    }
    sq["dimensions"] = kept;
    cover(d.begin, d.end + 1);
    every_store_pooled = true;
    claims.push_back({d.begin, d.end + 1, "total", "all stores in scope together"});
  }

  // Time. Two periods compared ("June vs July", "last month vs the month before", "how many more
  // in July than in June") are one row: each period's figure, the difference and the % change.
  const bool growth = growth_word && !period_over_span;
  // "how many in July and how many in June?": the figure asked once per period is two figures,
  // side by side, never one total over both.
  const auto asked = std::count_if(tokens.begin(), tokens.end(),
                                   [](const std::string& w) { return w == "many" || w == "much"; });
  bool and_how = false;  // "… in July, and how much in June?"
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    and_how = and_how || ((tokens[i] == "and" || tokens[i] == "but") &&
                          (tokens[i + 1] == "how" || tokens[i + 1] == "what"));
  }
  // "Wed 17 Aug vs Wed 27 Jul - rentals each day and the gap": two days compared are each day's
  // figure already — the comparison, not a breakdown by day.
  if (times.size() == 2 && compare_word && times[0].grain == "day" && times[1].grain == "day") {
    const auto is_day = [](const Match& d) { return d.name == "day"; };
    if (std::any_of(dims.begin(), dims.end(), is_day)) {
      for (const auto& d : dims) {
        if (is_day(d)) claims.push_back({d.begin, d.end, "period", "each of the two days"});
      }
      std::erase_if(dims, is_day);
      nlohmann::json kept = nlohmann::json::array();
      for (const auto& x : sq["dimensions"]) {
        if (x != "day") kept.push_back(x);
      }
      sq["dimensions"] = kept;
    }
  }
  // "June and July side by side, for each month": a breakdown by the periods' own grain already
  // puts each period on its row; the span of both is read, not a change between them.
  const bool by_own_grain = times.size() >= 2 && !growth && times[0].grain == times[1].grain &&
                            std::any_of(dims.begin(), dims.end(),
                                        [&](const Match& d) { return d.name == times[0].grain; });
  const bool periods_compared =
      times.size() >= 2 && !by_own_grain &&
      (growth || compare_word || asked >= 2 || and_how ||
       // ("Q1 takings, then Q2?": one after the other.)
       contains_free(tokens, used, {"than", "stack", "against", "then"}) ||
       // "Q1 and Q2 revenue, plus the gap between them"
       (times.size() == 2 && asks_for_gap(tokens)));
  // "from January through March", "Feb thru May", "June until August": one span.
  const bool spanned =
      contains(tokens, {"and", "to", "through", "thru", "until", "till", "til", "-"});
  if (times.size() >= 2 && !periods_compared && !spanned && !by_own_grain) {
    // Two periods and nothing saying how they go together: answering the first would drop the
    // second without a word (the one-in-eight confident wrong answers of issue 12).
    const std::string a = times[0].label;
    const std::string b = times[1].label;
    plan.status = Plan::Status::kNeedsClarification;
    plan.partial = true;
    plan.clarification = {
        {"question", "I found two periods, " + a + " and " + b +
                         ", and could not tell how they go together. Do you want the whole "
                         "span from one to the other, or the two side by side?"},
        {"options",
         nlohmann::json::array({{{"label", "From " + a + " to " + b},
                                 {"question", request.question + " (from " + a + " to " + b + ")"}},
                                {{"label", a + " vs " + b},
                                 {"question", request.question + " (" + a + " vs " + b + ")"}}})}};
    return plan;
  }
  // "March, April and May altogether": every period listed, one span when they follow each
  // other; "March, May and July" (gaps) or three periods compared cannot be one span or one
  // change — asked back rather than answered for two of them or over the months between.
  if (times.size() >= 2 && (periods_compared || spanned || by_own_grain)) {
    auto sorted = times;
    std::sort(sorted.begin(), sorted.end(),
              [](const TimeRange& x, const TimeRange& y) { return x.from < y.from; });
    const bool joined_by_and_only = !contains(
        tokens, {"to", "through", "thru", "until", "till", "til", "-", "from", "between"});
    bool contiguous = true;
    for (size_t k = 1; k < sorted.size(); ++k) {
      contiguous = contiguous && sorted[k].from <= sorted[k - 1].to;
    }
    const bool listed = !(period_over_span && listed_in_a_row) &&
                        (times.size() > 2 || (joined_by_and_only && !periods_compared));
    // Three or more named one by one are one span only when asked as one ("altogether", "in
    // total", "combined"): "takings for April, May and June" may as well mean each of them.
    // ("Feb, Mar, Apr, month by month": each on its row of the breakdown asked for.)
    const bool as_one = times.size() <= 2 || by_own_grain ||
                        contains(tokens, {"altogether", "total", "combined", "together", "overall",
                                          "cumulative", "sum", "aggregate"});
    if (listed && (periods_compared || !contiguous || !as_one)) {
      std::string named;
      for (size_t k = 0; k < times.size(); ++k) {
        named += (k == 0 ? "" : k + 1 == times.size() ? " and " : ", ") + times[k].label;
      }
      plan.status = Plan::Status::kNeedsClarification;
      plan.partial = true;
      plan.clarification = {
          {"question", "I found " + std::to_string(times.size()) + " periods, " + named + ", " +
                           (!contiguous        ? "which do not follow each other, so they are not "
                                                 "one span"
                            : periods_compared ? "and compare two at a time"
                                               : "and could not tell whether you want them "
                                                 "together or each on its own") +
                           ". Would one figure per month, or two of them compared, help?"},
          {"options", nlohmann::json::array({{{"label", "Each month from " + sorted.front().label +
                                                            " to " + sorted.back().label},
                                              {"question", request.question + " (each month from " +
                                                               sorted.front().label + " to " +
                                                               sorted.back().label + ")"}}})}};
      return plan;
    }
    if (listed && sorted.size() > 2) {
      times = {sorted.front(), sorted.back()};
    }
  }
  if (times.size() >= 2 && (periods_compared || spanned || by_own_grain)) {
    TimeRange a = times[0].from < times[1].from ? times[0] : times[1];
    const TimeRange b = times[0].from < times[1].from ? times[1] : times[0];
    // "this month so far vs the same period last month": the same days, not the whole month.
    bool same_span = false;
    for (size_t i = 0; i + 1 < tokens.size(); ++i) {
      same_span = same_span ||
                  (tokens[i] == "same" && (tokens[i + 1] == "period" || tokens[i + 1] == "time" ||
                                           tokens[i + 1] == "days" || tokens[i + 1] == "point" ||
                                           tokens[i + 1] == "stretch" || tokens[i + 1] == "dates"));
    }
    if (same_span && periods_compared && b.to - b.from < a.to - a.from) a = same_days_in(b, a);
    if (periods_compared) {
      sq["growth"] = {{"previous", range_json(a)}, {"current", range_json(b)}};
      sq["time"] = nullptr;
    } else if (!(a.from == b.from && a.to == b.to) &&
               ((a.from <= b.from && b.to <= a.to) || (b.from <= a.from && a.to <= b.to))) {
      // "customers who joined this year and rented in July": one period inside the other is
      // no span from one to the other — each belongs to its own part of the question, which
      // one period for the whole would drop.
      return ask_back(plan, "I found two periods, " + a.label + " and " + b.label +
                                ", one inside the other, and cannot tell which part of the "
                                "question each belongs to. Could you ask one period at a time?");
    } else {
      // ("2022-05-01 to 2022-06-30" and "July 2022" read "2022-05-01 to July 2022".)
      const auto start_of = [](const std::string& label) {
        const auto at = label.find(" to ");
        return at == std::string::npos ? label : label.substr(0, at);
      };
      const auto end_of = [](const std::string& label) {
        const auto at = label.rfind(" to ");
        return at == std::string::npos ? label : label.substr(at + 4);
      };
      TimeRange span{a.from, std::max(a.to, b.to), start_of(a.label) + " to " + end_of(b.label),
                     a.grain, a.relative || b.relative};
      sq["time"] = range_json(span);
    }
  } else if (!times.empty()) {
    // "how's that against the month before?", "and against Q1? plus the % change" after a figure
    // for one period: that period beside the one named now (not the new one against its own
    // previous period), oldest first.
    const auto earlier_period = is_follow_up && request.previous.is_object() &&
                                        request.previous.contains("time") &&
                                        request.previous["time"].is_object()
                                    ? request.previous["time"]
                                    : nlohmann::json();
    const auto named = range_json(times[0]);
    const bool against_earlier =
        earlier_period.is_object() &&
        (growth || compare_word || contains_free(tokens, used, {"than", "against"})) &&
        (named.value("from", "") != earlier_period.value("from", "") ||
         named.value("to", "") != earlier_period.value("to", ""));
    if (against_earlier) {
      const bool named_later = named.value("from", "") > earlier_period.value("from", "");
      sq["growth"] = {{"previous", named_later ? earlier_period : named},
                      {"current", named_later ? named : earlier_period}};
      sq["time"] = nullptr;
    } else if (growth) {
      sq["growth"] = {{"previous", range_json(previous_period(times[0]))},
                      {"current", range_json(times[0])}};
      sq["time"] = nullptr;
    } else {
      sq["time"] = range_json(times[0]);
      sq["growth"] = nullptr;
      // "ok and the first half?" after "the second half of July": the other half of that month,
      // not the first half of the year.
      const auto earlier_time = is_follow_up && request.previous.contains("time")
                                    ? request.previous["time"]
                                    : nlohmann::json();
      bool bare_half = false, first_half = false;
      for (size_t i = 0; i + 1 < tokens.size(); ++i) {
        if ((tokens[i] == "first" || tokens[i] == "second") && tokens[i + 1] == "half" &&
            (i + 2 >= tokens.size() || tokens[i + 2] != "of")) {
          bare_half = true;
          first_half = tokens[i] == "first";
        }
      }
      if (times[0].grain == "half" && bare_half && earlier_time.is_object()) {
        const auto from = parse_date(earlier_time.value("from", std::string()));
        const auto to = parse_date(earlier_time.value("to", std::string()));
        if (from && to) {
          const std::chrono::year_month_day day{*from};
          const auto month_start = std::chrono::sys_days{day.year() / day.month() / 1};
          const auto next_month =
              std::chrono::sys_days{(day.year() / day.month() / 1) + std::chrono::months{1}};
          const auto middle = month_start + std::chrono::days{15};
          const bool was_half =
              (*from == month_start && *to == middle) || (*from == middle && *to == next_month);
          if (was_half) {
            const auto start = first_half ? month_start : middle;
            const auto end = first_half ? middle : next_month;
            sq["time"] = range_json(
                {start, end, format_date(start) + " to " + format_date(end - std::chrono::days{1}),
                 "day", true});
          }
        }
      }
    }
  } else if (growth && is_follow_up && request.earlier.size() >= 2) {
    // "What's the change between the two?": the last two periods this conversation asked about.
    std::vector<nlohmann::json> periods;
    for (auto it = request.earlier.rbegin(); it != request.earlier.rend() && periods.size() < 2;
         ++it) {
      const auto& time = it->contains("time") ? (*it)["time"] : nlohmann::json();
      if (time.is_object() && (periods.empty() || periods.front() != time)) {
        periods.push_back(time);
      }
    }
    if (periods.size() == 2) {
      const bool newest_first = periods[0].value("from", "") > periods[1].value("from", "");
      sq["growth"] = {{"previous", newest_first ? periods[1] : periods[0]},
                      {"current", newest_first ? periods[0] : periods[1]}};
      sq["time"] = nullptr;
    }
  } else if (growth && !is_follow_up && std::any_of(dims.begin(), dims.end(), [&](const Match& d) {
               const auto* dim = model_.dimension(d.name);
               return dim != nullptr && dim->is_time && d.name != "day_of_week" &&
                      d.name != "hour" && d.name != "day_type";
             })) {
    // "revenue growth by month": each month with its change from the month before.
    sq["period_change"] = true;
  } else if (growth && !is_follow_up) {
    // "revenue growth" with no period: the last full month against the one before.
    const Tokens last_month = {"last", "month"};
    std::vector<bool> scratch(last_month.size(), false);
    auto last = find_time_ranges(last_month, scratch, as_of);
    if (!last.empty()) {
      sq["growth"] = {{"previous", range_json(previous_period(last[0]))},
                      {"current", range_json(last[0])}};
    }
  }

  if (period_over_span && sq["growth"].is_null() && sq["time"].is_object()) {
    sq["period_change"] = true;
  }
  if (!each_grain.empty() && sq["growth"].is_null()) {
    const auto* counted =
        sq["metric"].is_string() ? model_.metric(sq["metric"].get<std::string>()) : nullptr;
    if (on_each && counted != nullptr && !counted->entity_key.empty()) {
      return ask_back(plan, "Did you mean the " + lower(counted->label) + " on each " + each_grain +
                                " separately, or those on every one of those " + each_grain +
                                "s? I can answer the first: ask it \"per " + each_grain + "\".");
    }
    auto d = sq["dimensions"];
    if (std::find(d.begin(), d.end(), each_grain) == d.end()) d.push_back(each_grain);
    sq["dimensions"] = d;
  }
  if (sq["growth"].is_object()) {
    nlohmann::json kept = nlohmann::json::array();
    for (const auto& d : sq["dimensions"]) {
      const auto* dim = model_.dimension(d.get<std::string>());
      if (dim != nullptr && !dim->is_time) kept.push_back(d);
    }
    sq["dimensions"] = kept;
  }
  // Ranking / order / limit.
  if (top_n) sq["limit"] = *top_n;
  const auto& dlist = sq["dimensions"];
  bool has_time_dim = false;
  bool has_plain_dim = false;
  for (const auto& d : dlist) {
    const auto* dim = model_.dimension(d.get<std::string>());
    if (dim == nullptr) continue;
    (dim->is_time ? has_time_dim : has_plain_dim) = true;
  }
  // (Stores compared and something else ranked — "top 3 films in July in both stores" — is a
  // ranking within each store, below.)
  const bool ranked_within_stores =
      store_compare && std::any_of(dlist.begin(), dlist.end(), [&](const nlohmann::json& d) {
        const auto* dim = model_.dimension(d.get<std::string>());
        return dim != nullptr && !dim->is_time && d != "store";
      });
  const bool ranking = (ranking_word || top_n || pair_ascending.has_value()) && !dlist.empty() &&
                       (!store_compare || ranked_within_stores) && sq["growth"].is_null();
  // "which genre had the biggest jump in rentals from June to July?", "which store's takings fell
  // the most": the groups ranked by the change between the two periods (a superlative beside a
  // word of change), not listed by name with "the most" dropped.
  bool ranked_by_change = false;
  if (sq["growth"].is_object() && dlist.size() == 1 && !sq.value("growth_gap", false)) {
    static const std::set<std::string> kRise = {
        "jump",      "jumps",     "jumped", "rise",  "rises",  "rose",     "risen",
        "grew",      "grow",      "grows",  "grown", "growth", "growing",  "increase",
        "increased", "increases", "gain",   "gains", "gained", "improved", "improvement",
        "climb",     "climbed",   "up",     "boost", "surge",  "surged"};
    static const std::set<std::string> kFall = {
        "drop",    "drops",    "dropped",  "fall",     "falls",     "fell",      "fallen",
        "decline", "declined", "declines", "decrease", "decreased", "decreases", "slipped",
        "slip",    "slid",     "slide",    "loss",     "lost",      "down",      "shrank",
        "shrunk",  "dip",      "dipped",   "slump",    "slumped"};
    static const std::set<std::string> kEither = {"change", "changed",  "changes", "swing",
                                                  "swings", "movement", "moved",   "shift"};
    static const std::set<std::string> kMost = {"most",      "biggest",  "largest",  "greatest",
                                                "highest",   "sharpest", "steepest", "fastest",
                                                "strongest", "top",      "best",     "more"};
    static const std::set<std::string> kLeast = {"least",   "smallest", "lowest", "slowest",
                                                 "weakest", "worst",    "fewest", "less"};
    std::optional<size_t> superlative, change_at;
    bool rise = false, fall = false, either = false;
    for (size_t i = 0; i < tokens.size(); ++i) {
      const bool r = kRise.count(tokens[i]) > 0, f = kFall.count(tokens[i]) > 0,
                 e = kEither.count(tokens[i]) > 0;
      if (!r && !f && !e) continue;
      for (size_t k = i >= 3 ? i - 3 : 0; k < std::min(tokens.size(), i + 4); ++k) {
        if (kMost.count(tokens[k]) == 0 && kLeast.count(tokens[k]) == 0) continue;
        superlative = k;
        change_at = i;
        rise = rise || r;
        fall = fall || f;
        either = either || e;
      }
    }
    if (superlative) {
      const bool least = kLeast.count(tokens[*superlative]) > 0;
      // Up the most: largest change first; down the most: most negative first; a change either
      // way: by its size.
      const bool lowest_first = fall && !rise ? !least : least;
      sq["order"] = lowest_first ? "metric_asc" : "metric_desc";
      if (either && !rise && !fall) sq["rank_by"] = "abs_change";
      if (contains(tokens, {"percentage", "percent", "%", "pct", "proportionally", "relative",
                            "fastest", "slowest"})) {
        sq["rank_by"] = "growth_pct";
      }
      const bool singular_which = std::any_of(dims.begin(), dims.end(), [&](const auto& d) {
        return d.singular &&
               !(d.begin > 0 && (tokens[d.begin - 1] == "by" || tokens[d.begin - 1] == "per" ||
                                 tokens[d.begin - 1] == "each" || tokens[d.begin - 1] == "every"));
      });
      sq["limit"] = top_n            ? nlohmann::json(*top_n)
                    : singular_which ? nlohmann::json(1)
                                     : nlohmann::json();
      ranked_by_change = true;
      const size_t from =
          *superlative > 0 && tokens[*superlative - 1] == "the" ? *superlative - 1 : *superlative;
      for (size_t k = from; k <= *superlative; ++k) used[k] = true;
      cover(from, *superlative + 1);
      cover(*change_at, *change_at + 1);  // ("fall", "jump": the change ranked by)
      if (sq.value("rank_by", "") == "growth_pct") {
        for (size_t k = 0; k < tokens.size(); ++k) {
          if (tokens[k] == "percentage" || tokens[k] == "percent" || tokens[k] == "%" ||
              tokens[k] == "pct") {
            cover(k, k + 1);
            if (k > 0 && tokens[k - 1] == "in") cover(k - 1, k);
          }
        }
      }
      claims.push_back({*superlative, *superlative + 1, "ranking",
                        std::string("ranked by the ") +
                            (sq.value("rank_by", "") == "growth_pct"   ? "percentage change"
                             : sq.value("rank_by", "") == "abs_change" ? "size of the change"
                                                                       : "change") +
                            " between the two periods" + (lowest_first ? ", lowest first" : "")});
    }
  }
  // "longest first", "sorted by revenue", "in order of rentals": an order, not a top one.
  // ("rank the staff by payments": every one in order — a number says how many.)
  const bool order_only =
      pair_ascending.has_value() || contains(tokens, {"rank", "ranked", "ranking"}) ||
      contains_free(tokens, used, {"sorted", "sort", "ordered", "order"}) || [&] {
        for (size_t i = 1; i < tokens.size(); ++i) {
          if (!used[i] && (tokens[i] == "first" || tokens[i] == "last") &&
              classify_word(tokens[i - 1]) == WordClass::kRanking) {
            return true;
          }
        }
        return false;
      }();
  if (ranking) {
    sq["order"] = ascending ? "metric_asc" : "metric_desc";
    if (order_only && !top_n) {
      sq["limit"] = nullptr;
    } else if (!top_n && sq["limit"].is_null()) {
      // ("which category was top-grossing", "our top film last month": one; "top rentals by
      // category" ranks every category.)
      const bool singular_which = std::any_of(dims.begin(), dims.end(), [&](const auto& d) {
        const bool grouped =
            d.begin > 0 && (tokens[d.begin - 1] == "by" || tokens[d.begin - 1] == "per" ||
                            tokens[d.begin - 1] == "each" || tokens[d.begin - 1] == "every");
        return d.singular && (!contains(tokens, {"top", "bottom"}) || !grouped);
      });
      // "which of my stores has the most": a singular verb after "which of" asks for one.
      bool which_of_one = false;
      for (size_t i = 0; i + 3 < tokens.size(); ++i) {
        if (tokens[i] != "which" || tokens[i + 1] != "of") continue;
        for (size_t k = i + 2; k < std::min(tokens.size(), i + 6); ++k) {
          static const std::set<std::string> kSingular = {"has",    "is",   "was",   "had",
                                                          "does",   "did",  "makes", "made",
                                                          "brings", "sold", "gets",  "got"};
          if (kSingular.count(tokens[k])) which_of_one = true;
        }
      }
      // "Which category ..." → the one; "top films" → ten; "most popular categories" → all.
      // "which member of staff took more payments, and how many more?": the one ahead and the
      // one after it, so the answer says by how much (two rows are narrated with their gap).
      if ((singular_which || which_of_one) && asks_for_gap(tokens)) {
        sq["limit"] = 2;
      } else if (singular_which || which_of_one) {
        sq["limit"] = 1;
      } else if (contains(tokens, {"top", "bottom"})) {
        sq["limit"] = 10;
      } else {
        sq["limit"] = nullptr;
      }
    }
  } else if (!ranked_by_change && (!is_follow_up || !dim_names.empty())) {
    if (sq["order"].is_string() && dim_names.empty()) {
      // keep the follow-up's ranking
    } else if (!(is_follow_up && sq["order"].is_string() && dim_names.empty())) {
      sq["order"] = nullptr;
      if (!top_n && !is_follow_up) sq["limit"] = nullptr;
      if (is_follow_up && !dim_names.empty() && !top_n) sq["limit"] = nullptr;
    }
  }
  // The words asking for the listed rows added up: "between them", "combined", "altogether"
  // ([begin, end), or end 0).
  const auto added_up_span = [&]() -> std::pair<size_t, size_t> {
    for (size_t i = 0; i < tokens.size(); ++i) {
      if (used[i]) continue;
      const auto at = [&](size_t k) { return i + k < tokens.size() ? tokens[i + k] : ""; };
      if (at(0) == "between" && (at(1) == "them" || at(1) == "those" || at(1) == "the")) {
        return {i, i + (at(1) == "the" && (at(2) == "two" || at(2) == "lot") ? 3 : 2)};
      }
      if ((at(0) == "combined" || at(0) == "altogether" || at(0) == "together") &&
          !(i > 0 && (is_store_word(tokens[i - 1]) || tokens[i - 1] == "both"))) {
        // ("both stores together" says where to count, not to add the ranked rows up.)
        return {i, i + 1};
      }
      if (at(0) == "all" && at(1) == "together" && !(i > 0 && is_store_word(tokens[i - 1]))) {
        return {i, i + 2};
      }
      // "how much did the top 10 customers spend in total?": one figure for the ten.
      const bool how_much =
          contains(tokens, {"how"}) && (contains(tokens, {"much"}) || contains(tokens, {"many"}));
      if (at(0) == "in" && at(1) == "total" && (how_much || is_follow_up)) return {i, i + 2};
      // "and the total?", "what's the grand total of those?"
      if ((at(0) == "the" || at(0) == "grand" || at(0) == "a") && at(1) == "total" &&
          is_follow_up && (i + 2 == tokens.size() || at(2) == "of" || at(2) == "then")) {
        size_t end = i + 2;
        if (at(2) == "of" && (at(3) == "them" || at(3) == "those" || at(3) == "these")) end = i + 4;
        return {i, end};
      }
      // "how many rentals is that?" after the rows just listed: their figures added up.
      // ("how many categories is that?" counts the rows: a measure must be named.)
      if (how_much && is_follow_up && metric &&
          metric->name == request.previous.value("metric", "") && i + 2 >= closing_end &&
          ((at(0) == "is" && (at(1) == "that" || at(1) == "it")) ||
           (at(0) == "are" && (at(1) == "those" || at(1) == "these" || at(1) == "they")))) {
        return {i, tokens.size()};
      }
      // "what do they add up to?", "sum those up", "total them", "sum those three for me",
      // "the total of those 3 months", "add those two up".
      const bool of_rows = (at(0) == "total" || at(0) == "sum") && at(1) == "of" &&
                           (at(2) == "those" || at(2) == "them" || at(2) == "these");
      if ((at(0) == "add" || at(0) == "adds" || at(0) == "sum" || at(0) == "total" ||
           at(0) == "tally" || at(0) == "totals") &&
          is_follow_up &&
          (of_rows || at(1) == "up" || at(1) == "them" || at(1) == "those" || at(1) == "these" ||
           at(1) == "it" || at(1) == "that")) {
        size_t end = i + (of_rows ? 3 : 2);
        // (The rows counted and named again: "those 3 months", "those two".)
        if (end < tokens.size() && number_value(tokens[end])) {
          ++end;
          static const std::set<std::string> kRowNouns = {
              "months", "weeks",  "days",    "stores",     "quarters", "years",     "ones",
              "rows",   "lines",  "figures", "numbers",    "amounts",  "customers", "films",
              "titles", "movies", "genres",  "categories", "actors",   "countries", "ratings"};
          if (end < tokens.size() && kRowNouns.count(tokens[end]) > 0) ++end;
        }
        while (end < tokens.size() &&
               (tokens[end] == "up" || tokens[end] == "to" || tokens[end] == "together")) {
          ++end;
        }
        if (end + 1 < tokens.size() && tokens[end] == "for" &&
            (tokens[end + 1] == "me" || tokens[end + 1] == "us")) {
          end += 2;
        }
        return {i, end};
      }
    }
    return {0, 0};
  };
  // "What did our ten top-earning titles take between them?": the top N's figures added up, one
  // figure (a list of ten would answer another question). A follow-up keeps the ranking it
  // follows ("top 10 films by revenue in H1" → "together, what did they bring in?"), and a list
  // of the groups that pass a condition adds up the same way ("which films took over $100 in
  // H1?" → "combined, what did those bring in?").
  const bool top_n_listed = (ranking || (is_follow_up && sq["order"].is_string())) &&
                            sq["limit"].is_number_integer() && sq["limit"].get<int>() > 1 &&
                            sq["dimensions"].size() == 1;
  // ("revenue by category in July" → "total them up": every row of the breakdown, added up.)
  const bool passing_listed =
      is_follow_up && !dlist.empty() && !sq.value("count_groups", false) &&
      !sq["order"].is_string() && !sq["limit"].is_number_integer() &&
      ((sq.contains("having") && sq["having"].is_object() && dlist.size() == 1) ||
       (!sq.contains("having") && sq["growth"].is_null() && !sq.contains("average_per") &&
        !sq.contains("limit_per") && !sq.contains("figures") && !sq.contains("lookup")));
  if ((top_n_listed || passing_listed) && !sq["share"].get<bool>() && sq["share_of"].is_null()) {
    const auto [begin, end] = added_up_span();
    const auto* summed = model_.metric(sq["metric"].get<std::string>());
    const std::string rows = top_n_listed ? "the top " + std::to_string(sq["limit"].get<int>())
                             : sq.contains("having") ? "the groups that pass"
                                                     : "the rows of the breakdown";
    if (end > 0 && summed != nullptr && summed->adds_up()) {
      sq[top_n_listed ? "total_of_ranked" : "total_of_groups"] = true;
      sq["intent"] = "kpi";
      plan.intent = "kpi";
      for (size_t k = begin; k < end; ++k) used[k] = true;
      cover(begin, end);
      claims.push_back({begin, end, "total", rows + " added up"});
    } else if (end > 0) {
      return ask_back(plan, "I can list " + rows + " but cannot add up " +
                                (summed ? summed->label : std::string("that measure")) +
                                " across them. Would the list help?");
    }
  }
  // "Who are our 10 best customers?": a ranking with nothing to rank by would list nothing
  // meaningful — ask by which measure.
  if ((top_n || contains_free(tokens, used, {"top", "best", "worst", "bottom"})) && !ranking &&
      dlist.empty() && sq["growth"].is_null() && !store_compare && !is_follow_up) {
    static const std::map<std::string, std::string> kEntity = {
        {"customers", "customer"},         {"films", "film"},
        {"inventory_items", "film"},       {"titles_stocked", "film"},
        {"renting_customers", "customer"}, {"paying_customers", "customer"}};
    const auto* named = model_.metric(sq["metric"].get<std::string>());
    if (named != nullptr &&
        (named->name == "paying_customers" || named->name == "renting_customers")) {
      // "our top 10 paying customers": paying ones rank by what they paid, renting ones by their
      // rentals — the word says by what.
      sq["metric"] = named->name == "paying_customers" ? "revenue" : "rentals";
      sq["dimensions"] = nlohmann::json::array({"customer"});
      sq["order"] = "metric_desc";
      sq["limit"] = top_n ? *top_n : 10;
      sq["intent"] = "ranking";
    } else if (named != nullptr && kEntity.count(named->name)) {
      const std::string& entity = kEntity.at(named->name);
      const std::string n = top_n ? std::to_string(*top_n) + " " : std::string("10 ");
      nlohmann::json options = nlohmann::json::array();
      for (const std::string measure : {"revenue", "rentals"}) {
        const auto* mm = model_.metric(measure);
        if (mm == nullptr || !role_reads(request.role, mm->source)) continue;
        const std::string q = "Top " + n + entity + "s by " + measure + asked_period;
        options.push_back({{"label", q}, {"question", q}});
      }
      plan.status = Plan::Status::kNeedsClarification;
      plan.clarification = {
          {"question", "Best by what — which measure should rank the " + entity + "s?"},
          {"options", options}};
      return plan;
    }
  }
  // "How much does the average customer spend?", "how many films does a customer rent in July?":
  // one customer's figure, not the business's total ("customer" alone is a plain word: "revenue
  // from customers" is all of it). A measure with a per-customer form takes it; otherwise the
  // words are quoted back below, never dropped.
  size_t one_customer_begin = 0, one_customer_end = 0;  // end 0: none
  // ("each paying customer", "the average renting customer": a qualifier that says no more than
  // the measure does — who pays is who is in the payments — sits between the cue and the word.)
  const auto* asked_measure = model_.metric(sq["metric"].get<std::string>());
  const auto says_no_more = [&](const std::string& w) {
    if (asked_measure == nullptr) return false;
    if (w == "paying" || w == "spending") return asked_measure->source == "v_payment_scoped";
    return w == "renting" && asked_measure->source == "v_rental_scoped";
  };
  for (size_t i = 1; i < tokens.size() && one_customer_end == 0; ++i) {
    static const std::set<std::string> kOne = {"a",       "an",   "one",    "average", "avg",
                                               "typical", "mean", "single", "usual",   "normal"};
    const auto& w = tokens[i];
    // ("spend per head", "Per head, what did paying customers spend": per customer.)
    const bool per_head = w == "head" && tokens[i - 1] == "per";
    const bool customer_word =
        per_head || w == "customer" || w == "client" || w == "renter" || w == "member";
    // ("the average film earns …": a catalogue measure — "the rental rate of a film" — is one
    // film's already.)
    const auto* measured = model_.metric(sq["metric"].get<std::string>());
    const bool film_named =
        std::any_of(sq["filters"].begin(), sq["filters"].end(),
                    [](const auto& f) { return f.value("dimension", "") == "film"; });
    const bool film_word = (w == "film" || w == "movie" || w == "title" || w == "dvd") &&
                           measured != nullptr && !model_.source(measured->source).reference &&
                           !film_named;
    const size_t cue = i >= 2 && says_no_more(tokens[i - 1]) && customer_word ? i - 2 : i - 1;
    if (covered[i] || (!customer_word && !film_word) ||
        (kOne.count(tokens[cue]) == 0 && !per_head) ||
        (i + 1 < tokens.size() && tokens[i + 1] == "base")) {
      continue;
    }
    size_t begin = cue;
    while (begin > 0 && (tokens[begin - 1] == "the" || tokens[begin - 1] == "your" ||
                         tokens[begin - 1] == "our" || kOne.count(tokens[begin - 1]) > 0)) {
      --begin;
    }
    static const std::map<std::string, std::string> kPerCustomer = {
        {"revenue", "revenue_per_customer"}, {"rentals", "rentals_per_customer"}};
    const auto per = kPerCustomer.find(sq["metric"].get<std::string>());
    if (customer_word && per != kPerCustomer.end() && model_.metric(per->second) != nullptr &&
        sq["growth"].is_null() && !sq["share"].get<bool>() && !sq["share_of"].is_object() &&
        !sq.contains("having")) {
      sq["metric"] = per->second;
      // (The customers the figure is per are not also a breakdown.)
      nlohmann::json kept = nlohmann::json::array();
      for (const auto& d : sq["dimensions"]) {
        if (d != "customer") kept.push_back(d);
      }
      sq["dimensions"] = kept;
      cover(begin, i + 1);
      break;
    }
    one_customer_begin = begin;
    one_customer_end = i + 1;
  }
  // "How many rentals per day on average?": a count or a sum over a calendar grain, asked as an
  // average, is the mean of the per-period figures, not the series itself. Decided on this
  // question alone: a follow-up does not inherit it.
  sq.erase("average_per");
  {
    static const std::set<std::string> kCalendarGrains = {"day", "week", "month", "quarter",
                                                          "year"};
    const auto* m = model_.metric(sq["metric"].get<std::string>());
    const bool additive = m != nullptr && m->expr.empty() && (m->agg == "count" || m->agg == "sum");
    std::vector<std::string> grains;
    for (const auto& d : sq["dimensions"]) {
      if (kCalendarGrains.count(d.get<std::string>())) grains.push_back(d.get<std::string>());
    }
    // "On average, how many rentals does each customer make?", "average number of films per
    // actor": the one thing counted per member, averaged over the members that have any — by
    // the question's other breakdowns ("average spend of each paying customer, per store",
    // "average copies per title, by rating"). Exactly one breakdown may carry the cue.
    size_t cue_begin = tokens.size();  // the "each" of a member cue, when there is one
    if (grains.empty() && !sq["dimensions"].empty()) {
      const auto is_cue = [](const std::string& w) {
        return w == "each" || w == "per" || w == "every" || w == "a";
      };
      std::vector<std::pair<std::string, size_t>> cued;  // name, first token of the cue
      for (const auto& d : dims) {
        const bool in_query = std::find(sq["dimensions"].begin(), sq["dimensions"].end(), d.name) !=
                              sq["dimensions"].end();
        // ("each store" beside another breakdown is the breakdown: "per customer, by store".)
        if (!in_query || (d.name == "store" && sq["dimensions"].size() > 1)) continue;
        size_t word = d.begin;
        if (word > 0 && says_no_more(tokens[word - 1])) --word;
        if (is_cue(tokens[d.begin])) {
          cued.emplace_back(d.name, d.begin);
        } else if (word > 0 && is_cue(tokens[word - 1])) {
          cued.emplace_back(d.name, word - 1);
        }
      }
      if (cued.size() == 1) {
        grains.push_back(cued.front().first);
        cue_begin = cued.front().second;
      }
    }
    if (additive && grains.size() == 1 && !ranking && sq["growth"].is_null() &&
        !sq["share"].get<bool>() && !sq["share_of"].is_object() &&
        contains(tokens, {"average", "avg", "mean", "typical", "typically", "typicaly"})) {
      sq["average_per"] = grains.front();
      sq["order"] = nullptr;
      sq["limit"] = nullptr;
      for (size_t k = cue_begin; k < tokens.size() && (k == cue_begin || says_no_more(tokens[k]));
           ++k) {
        cover(k, k + 1);
      }
    }
  }

  // Top N within each group: "most rented film in each store", "top 3 films per category".
  sq.erase("limit_per");
  if (ranking) {
    const auto grouping_cue = [&](const Match& d) {
      for (size_t back = 0; back <= 2 && back <= d.begin; ++back) {
        const auto& w = tokens[d.begin - back];
        if (w == "each" || w == "every" || w == "per") return true;
      }
      return false;
    };
    const Match* group = nullptr;
    const Match* ranked = nullptr;
    for (const auto& d : dims) {
      const auto* dim = model_.dimension(d.name);
      if (dim == nullptr || dim->is_time) continue;
      if (group == nullptr && grouping_cue(d)) {
        group = &d;
      } else if (ranked == nullptr) {
        ranked = &d;
      }
    }
    if (group != nullptr && ranked != nullptr) {
      sq["limit_per"] = group->name;
      sq["limit"] = top_n ? *top_n : (ranked->singular ? 1 : 3);
    } else if (ranked_within_stores && ranked != nullptr) {
      sq["limit_per"] = "store";
      sq["limit"] = top_n ? *top_n : (ranked->singular ? 1 : 3);
    }
  }
  // "What share of our customers are inactive?": a count restricted by its own condition,
  // asked as a share, is that count over the whole (all customers).
  const auto* share_metric = model_.metric(sq["metric"].get<std::string>());
  const bool share_of_whole = share_word && dlist.empty() && !share_of.has_value() && !rate &&
                              share_metric != nullptr && !share_metric->where.empty() &&
                              share_metric->filterable();
  // "What % of each store's rentals are still out?": the share is within each group (the
  // store's own rentals), not the group's slice of all unreturned rentals. Read so when the
  // words after "of" name the whole (rentals) before the measure's own words (still out).
  bool share_within = false;
  if (share_word && !dlist.empty() && !share_of.has_value() && !rate && share_metric != nullptr &&
      !share_metric->where.empty() && share_metric->filterable() && metric &&
      sq["growth"].is_null()) {
    static const std::set<std::string> kShareWords = {"share", "percentage", "percent",
                                                      "proportion", "fraction"};
    static const std::set<std::string> kDeterminers = {"each", "every", "the",   "our", "my",
                                                       "all",  "its",   "their", "s",   "of"};
    for (size_t i = 0; i + 1 < tokens.size(); ++i) {
      if (kShareWords.count(tokens[i]) == 0 || tokens[i + 1] != "of") continue;
      size_t j = i + 2;
      const auto in_dim = [&](size_t k) {
        return std::any_of(dims.begin(), dims.end(),
                           [&](const Match& d) { return k >= d.begin && k < d.end; });
      };
      while (j < tokens.size() && j < metric->begin &&
             (kDeterminers.count(tokens[j]) > 0 || in_dim(j) || tokens[j].ends_with("'s"))) {
        ++j;
      }
      // "% of customers are active": the whole named first, then the measure's own words.
      static const std::set<std::string> kWholes = {"rentals", "customers", "payments",
                                                    "films",   "titles",    "movies",
                                                    "copies",  "renters",   "transactions"};
      share_within = j < metric->begin ||
                     (j == metric->begin && metric->end > j + 1 && kWholes.count(tokens[j]) > 0);
      // "inactive customers as a % of customers, by store": the whole named after the measure
      // — each group's inactive customers out of its own customers, not of all inactive ones.
      if (i > metric->begin) {
        size_t whole = i + 2;
        while (whole < tokens.size() &&
               (kDeterminers.count(tokens[whole]) > 0 || in_dim(whole) ||
                tokens[whole] == "store" || tokens[whole].ends_with("'s"))) {
          ++whole;
        }
        share_within = whole < tokens.size() && kWholes.count(tokens[whole]) > 0;
      }
      break;
    }
  }
  if (share_within) sq["share_within"] = true;
  // "and the least?" after "which category earned most, and what share was that?": the share
  // beside each group stays while the follow-up keeps the measure and the groups.
  const bool share_carried =
      is_follow_up && !metric && request.previous.value("share", false) &&
      !request.previous.value("share_within", false) &&
      sq["dimensions"] == request.previous.value("dimensions", nlohmann::json()) &&
      !sq["growth"].is_object() && !share_of.has_value();
  sq["share"] = (share_word && !dlist.empty() && !share_of.has_value() && !rate) ||
                share_of_whole || share_within || share_carried;
  // "each rating's share of the copies at each store", "share of each store's July rentals by
  // category": two breakdowns, the share taken within each member of the one named as the whole
  // ("at each", "each store's", "within each") — not of both together.
  if (sq.value("share", false) && !share_within && !share_of_whole &&
      sq["dimensions"].size() == 2) {
    std::optional<std::string> per;
    // Where each breakdown is named: its matched words, or a store word for the stores.
    std::vector<std::pair<size_t, std::string>> named;
    named.reserve(dims.size() + tokens.size());
    for (const auto& d : dims) named.emplace_back(d.begin, d.name);
    for (size_t k = 0; k < tokens.size(); ++k) {
      if (is_store_word(tokens[k])) named.emplace_back(k, "store");
    }
    size_t share_at = tokens.size();
    for (size_t k = 0; k < tokens.size() && share_at == tokens.size(); ++k) {
      if (classify_word(tokens[k]) == WordClass::kShare) share_at = k;
    }
    for (const auto& [at, name] : named) {
      const auto listed = sq["dimensions"];
      if (std::find(listed.begin(), listed.end(), name) == listed.end()) continue;
      const bool each_before = at >= 1 && (tokens[at - 1] == "each" || tokens[at - 1] == "every" ||
                                           tokens[at - 1] == "per");
      if (each_before && at > share_at) per = name;
    }
    const auto* additive = model_.metric(sq["metric"].get<std::string>());
    const bool adds_up = additive != nullptr && additive->adds_up(false);
    // A film in several categories counts in each: the groups then add up to more than the
    // whole, so a share within each member is asked back rather than taken over the wrong whole.
    bool other_multi_valued = false;
    for (const auto& d : sq["dimensions"]) {
      const auto* dim = model_.dimension(d.get<std::string>());
      other_multi_valued =
          other_multi_valued || (per && d != *per && dim != nullptr && dim->multi_valued);
    }
    if (per && adds_up && !other_multi_valued) {
      sq["share_per"] = *per;
    } else if (per) {
      return ask_back(plan, "I cannot yet take that share within each " + *per +
                                " reliably (a film can be counted in several groups). Would "
                                "each group's share of the whole, or each " +
                                *per + " on its own, help?");
    }
  }
  sq["store_ids"] = scope_ids;
  sq["as_of"] = request.as_of;
  // Two periods side by side need the measure restricted to each period; a measure that cannot
  // be (a rate with its own inner filter) is asked back rather than answered over both periods.
  if (share_metric != nullptr && sq["growth"].is_object() && !share_metric->filterable()) {
    plan.status = Plan::Status::kNeedsClarification;
    plan.partial = true;
    const std::string label = share_metric->label;
    const auto& g = sq["growth"];
    plan.clarification = {
        {"question", "I cannot yet put " + lower(label) +
                         " for two periods side by side. Would each period on its own help?"},
        {"options",
         nlohmann::json::array(
             {{{"label", label + " in " + g["previous"].value("label", std::string())},
               {"question", label + " in " + g["previous"].value("label", std::string())}},
              {{"label", label + " in " + g["current"].value("label", std::string())},
               {"question", label + " in " + g["current"].value("label", std::string())}}})}};
    return plan;
  }

  // "How many films does each store carry?": the catalogue has no stores; films at a store are
  // the titles it stocks.
  if (sq["metric"] == "films" && model_.metric("titles_stocked") != nullptr) {
    const auto d = sq["dimensions"];
    const bool by_store = std::find(d.begin(), d.end(), "store") != d.end();
    // ("titles in my store longer than …": "my store" names the asker's stores.)
    bool my_store = false;
    for (size_t i = 1; i < tokens.size(); ++i) {
      my_store = my_store ||
                 (is_store_word(tokens[i]) &&
                  (tokens[i - 1] == "my" || tokens[i - 1] == "our" || tokens[i - 1] == "this"));
    }
    if (by_store || my_store || !entities.stores.empty()) sq["metric"] = "titles_stocked";
  }
  // "How many customers have never rented": "never rented" names films that no one rented; asked
  // of customers it is another question, which this metric would answer wrongly.
  if ((sq["metric"] == "films_never_rented" || sq["metric"] == "films_not_stocked") &&
      contains(tokens, {"customers", "customer", "clients", "renters", "people"}) &&
      !contains(tokens, {"films", "film", "movies", "movie", "titles", "title", "dvds"})) {
    plan.status = Plan::Status::kNeedsClarification;
    plan.partial = true;
    plan.clarification = {
        {"question",
         "I can count the films nobody rented, but not yet the customers who did not "
         "rent: which did you mean?"},
        {"options", nlohmann::json::array({{{"label", "Films never rented"},
                                            {"question", "How many films were never rented?"}}})}};
    return plan;
  }
  // "How much came in from payments ...": an amount, not a count.
  bool by_how_much = false;  // "took more payments, and by how much": the gap, not an amount
  for (size_t i = 0; i + 2 < tokens.size(); ++i) {
    by_how_much =
        by_how_much || (tokens[i] == "by" && tokens[i + 1] == "how" && tokens[i + 2] == "much");
  }
  if (sq["metric"] == "payments" && !is_follow_up && contains(tokens, {"much"}) && !by_how_much &&
      !contains(tokens, {"many", "number", "count"}) && model_.metric("revenue") != nullptr) {
    sq["metric"] = "revenue";
  }
  // "total payments": the number of payments or their amount? Ask (a count with "how many" or
  // "number of" is clear, and so is "revenue").
  if (sq["metric"] == "payments" && !is_follow_up) {
    for (size_t i = 0; i + 1 < tokens.size(); ++i) {
      if (tokens[i] == "total" && (tokens[i + 1] == "payments" || tokens[i + 1] == "payment") &&
          !contains(tokens, {"many", "number", "count"})) {
        plan.status = Plan::Status::kNeedsClarification;
        const std::string count_q =
            replace_words(request.question, "total payments", "number of payments");
        const std::string amount_q =
            replace_words(request.question, "total payments", "total amount paid");
        plan.clarification = {
            {"question", "\"Total payments\": the number of payments, or the amount paid?"},
            {"options",
             nlohmann::json::array({{{"label", "Number of payments"}, {"question", count_q}},
                                    {{"label", "Amount paid"}, {"question", amount_q}}})}};
        return plan;
      }
    }
    // "payments under $1 in Q2 total", "payments in July, total": the word asks for a sum, but
    // of what — the payments counted or their amounts? Beside "how many", "what it came to" /
    // "what they added up to" is the amount as well ("in total" beside it is only "altogether").
    bool sum_asked = false;
    for (size_t i = 0; i < tokens.size(); ++i) {
      const auto& w = tokens[i];
      const std::string next = i + 1 < tokens.size() ? tokens[i + 1] : std::string();
      sum_asked = sum_asked || ((w == "came" || w == "come" || w == "comes") && next == "to") ||
                  ((w == "add" || w == "added" || w == "adds") && next == "up") || w == "amounted";
    }
    const bool counted = contains(tokens, {"many", "number", "count"});
    if (sum_asked && counted) {
      plan.status = Plan::Status::kNeedsClarification;
      // (No rewording is offered: the rest of the question is not known to read well with it.)
      plan.clarification = {
          {"question",
           "That asks for the number of payments and what they came to. Ask for \"the number "
           "of payments and their total\" with the rest of your question and I will show both "
           "side by side."},
          {"options", nlohmann::json::array()}};
      return plan;
    }
    // ("customers whose payments added up to $60 or more": the dollars say it is the amount — a
    // condition on what each one paid.)
    const bool amount_compared =
        std::any_of(conditions.begin(), conditions.end(), [&](const auto& c) {
          return resolve(c, &model_.source("v_payment_scoped")).having_metric == "revenue";
        });
    if ((sum_asked || contains(tokens, {"total", "totals", "totalled", "totaled"})) && !counted &&
        !amount_compared && !contains(tokens, {"much", "amount", "value"})) {
      plan.status = Plan::Status::kNeedsClarification;
      plan.clarification = {
          {"question", "\"Total\" of the payments: their number, or the amount paid?"},
          {"options",
           nlohmann::json::array(
               {{{"label", "Number of payments"},
                 {"question", replace_words(request.question, "payments", "number of payments")}},
                {{"label", "Amount paid"},
                 {"question",
                  replace_words(request.question, "payments", "amount paid in payments")}}})}};
      return plan;
    }
  }
  // "which store rented out more Sci-Fi over the past 6 weeks", "titles my store rented out in
  // August": the verb in a period is the rentals made then, not the share of DVDs out now.
  if (sq["metric"] == "rented_out_pct" && (sq["time"].is_object() || sq["growth"].is_object()) &&
      model_.metric("rentals") != nullptr &&
      !contains(tokens, {"currently", "now", "share", "percent", "percentage", "%", "proportion",
                         "utilisation", "utilization", "rate", "fraction"})) {
    sq["metric"] = "rentals";
  }
  // "wed 17 aug - discs out of my store before noon?", "customers who brought discs back late
  // in july": copies going out or coming back late in a period are rentals, not the stock.
  if (sq["metric"] == "inventory_items" && (sq["time"].is_object() || sq["growth"].is_object()) &&
      model_.metric("rentals") != nullptr) {
    static const std::set<std::string> kCopyWords = {"discs", "disc",   "dvds",
                                                     "dvd",   "copies", "copy"};
    bool moved = false;
    for (size_t i = 0; i < tokens.size() && !moved; ++i) {
      if (kCopyWords.count(tokens[i]) == 0) continue;
      for (size_t k = i + 1; k < tokens.size() && k <= i + 3; ++k) {
        moved = moved || tokens[k] == "out" || tokens[k] == "late";
      }
    }
    if (moved) {
      const bool late = contains(tokens, {"late"}) && model_.metric("late_returns") != nullptr;
      sq["metric"] = late ? "late_returns" : "rentals";
      claims.push_back({0, 0, "measure",
                        late ? "copies brought back late: late returns"
                             : "copies going out in a period: rentals"});
    }
  }
  // A period on a measure that has no dates (the inventory, the film catalogue) would be
  // silently dropped by the query: ask instead.
  {
    const auto* current = model_.metric(sq["metric"].get<std::string>());
    const bool timed = sq["time"].is_object() || sq["growth"].is_object();
    if (current != nullptr && timed && !current->dated(model_.source(current->source)) &&
        is_follow_up && times.empty()) {
      // The period came with the previous question (rentals in July); "how long are those films"
      // asks about the films themselves, which have no dates.
      sq["time"] = nullptr;
      sq["growth"] = nullptr;
      claims.push_back({0, 0, "follow-up",
                        "the previous question's period does not apply to " +
                            lower(current->label) + " (no dates)"});
    } else if (current != nullptr && timed && !current->dated(model_.source(current->source))) {
      plan.status = Plan::Status::kNeedsClarification;
      plan.partial = true;
      const std::string period = sq["time"].is_object() ? sq["time"].value("label", std::string())
                                                        : std::string("the periods asked about");
      nlohmann::json options = nlohmann::json::array();
      options.push_back(
          {{"label", current->label + " (today, no period)"}, {"question", current->label}});
      if (model_.metric("rentals") != nullptr && role_reads(request.role, "v_rental_scoped")) {
        options.push_back({{"label", "Rentals" + period_words(period)},
                           {"question", "Rentals" + period_words(period)}});
      }
      plan.clarification = {
          {"question", current->label + " has no dates, so \"" + period +
                           "\" cannot apply to it. Did you mean rentals in that period, or " +
                           lower(current->label) + " as they stand?"},
          {"options", options}};
      return plan;
    }
  }
  // "Customers who rented at both stores" asks for the ones at each store (an intersection); a
  // count of distinct customers per store or over the stores together would answer another
  // question. Asked back rather than answered as either.
  {
    const auto* current = model_.metric(sq["metric"].get<std::string>());
    const bool distinct_count =
        current != nullptr && current->expr.find("DISTINCT") != std::string::npos;
    bool at_both = false;
    for (size_t i = 0; i + 1 < tokens.size(); ++i) {
      if (tokens[i] != "both" && tokens[i] != "every" && tokens[i] != "each") continue;
      // ("from both of my stores")
      size_t k = i + 1;
      while (k < tokens.size() &&
             (tokens[k] == "of" || tokens[k] == "my" || tokens[k] == "our" || tokens[k] == "the")) {
        ++k;
      }
      if (k < tokens.size() &&
          (tokens[k] == "stores" || tokens[k] == "store" || tokens[k] == "shops" ||
           tokens[k] == "branches" || tokens[k] == "locations")) {
        const bool at = i > 0 && (tokens[i - 1] == "at" || tokens[i - 1] == "from" ||
                                  tokens[i - 1] == "in" || tokens[i - 1] == "with");
        at_both = at_both || (at && tokens[i] != "each");
      }
    }
    // "customers who rented both a Documentary and a Horror title": the same, over two values.
    bool both_values = false;
    for (size_t i = 0; i + 2 < tokens.size() && !both_values; ++i) {
      if (tokens[i] != "both") continue;
      for (const auto& f : entities.filters) {
        const bool listed =
            f.begin > i && f.begin <= i + 2 &&
            std::any_of(sq["filters"].begin(), sq["filters"].end(), [&](const auto& g) {
              return g.value("dimension", "") == f.dimension && g["values"].size() >= 2 &&
                     !g.value("exclude", false);
            });
        both_values = both_values || listed;
      }
    }
    if (distinct_count && (both_values || at_both)) {
      plan.status = Plan::Status::kNeedsClarification;
      plan.partial = true;
      const std::string what = lower(current->label);
      const std::string period =
          period_words(sq["time"].is_object() ? sq["time"].value("label", "") : std::string());
      plan.clarification = {
          {"question",
           "Do you mean " + what +
               (both_values ? " for each of them separately, or for them together? Counting only "
                              "those who did both is not something I compute yet."
                            : " at each store separately, or over the stores together? Counting "
                              "only those found at every store is not something I compute yet.")},
          {"options",
           both_values
               ? nlohmann::json::array(
                     {{{"label", current->label + " for each"},
                       {"question", replace_words(request.question, "both", "")}}})
               : nlohmann::json::array({{{"label", current->label + " by store"},
                                         {"question", current->label + " by store" + period}},
                                        {{"label", current->label + " across the stores"},
                                         {"question", current->label + " in total" + period}}})}};
      return plan;
    }
  }
  // "Which customers haven't rented this year?", "any titles we stock nobody rented?" ask which,
  // not how many: the customers (by id, the only identity any role sees) or the titles, one row
  // each.
  {
    const auto* current = model_.metric(sq["metric"].get<std::string>());
    const bool asks_which = (contains(tokens, {"which", "list", "who", "show"}) ||
                             (!tokens.empty() && tokens.front() == "any")) &&
                            !contains(tokens, {"many", "number", "count", "share", "percent",
                                               "percentage", "proportion", "%"});
    if (current != nullptr && !current->period_inside.empty() && asks_which &&
        sq["dimensions"].empty()) {
      const auto& from = model_.source(current->source);
      for (const char* name : {"customer", "film"}) {
        const auto* dim = model_.dimension(name);
        if (dim != nullptr && model_.applies(*dim, from) &&
            (std::string(name) == "customer") == (current->source == "v_customer_masked")) {
          sq["dimensions"] = nlohmann::json::array({name});
          break;
        }
      }
    }
  }
  // What did not happen is counted over one period ("customers with no rentals last month"): a
  // breakdown by period or a change between two would need a count per period; ask for one.
  {
    const auto* current = model_.metric(sq["metric"].get<std::string>());
    const bool per_period =
        sq["growth"].is_object() ||
        std::any_of(sq["dimensions"].begin(), sq["dimensions"].end(), [&](const auto& d) {
          const auto* dim = model_.dimension(d.template get<std::string>());
          return dim != nullptr && dim->is_time;
        });
    if (current != nullptr && !current->period_inside.empty() && per_period) {
      plan.status = Plan::Status::kNeedsClarification;
      plan.partial = true;
      plan.clarification = {
          {"question", current->label +
                           " is counted for one period at a time, not per period or as a change "
                           "between periods. Which period do you mean?"},
          {"options",
           nlohmann::json::array({{{"label", current->label + " last month"},
                                   {"question", current->label + " last month"}},
                                  {{"label", current->label + " in the last 30 days"},
                                   {"question", current->label + " in the last 30 days"}}})}};
      return plan;
    }
  }
  // ---- conditions on rows (WHERE) and on groups (HAVING) ----
  // A follow-up keeps the conditions of the question it edits ("payments of at least $7 in May"
  // → "what did they add up to?" sums those same payments), unless it states its own.
  const nlohmann::json carried_conditions =
      is_follow_up ? sq.value("conditions", nlohmann::json::array()) : nlohmann::json::array();
  const nlohmann::json carried_having =
      is_follow_up ? sq.value("having", nlohmann::json()) : nlohmann::json();
  const bool carried_count_groups = is_follow_up && sq.value("count_groups", false);
  sq.erase("conditions");
  sq.erase("having");
  sq.erase("count_groups");
  if (carried_having.is_object() && conditions.empty()) {
    // A condition on each group's measure holds only for that measure: "customers who rented more
    // than 30 times" then "what about revenue?" has no one reading — asked, never dropped.
    if (sq["metric"] != request.previous["metric"] ||
        sq["dimensions"] != request.previous["dimensions"]) {
      return ask_about_condition(
          "how the earlier condition \"" +
          carried_having.value("text", std::string("on each group")) +
          "\" applies to this question. Could you ask it whole, with the condition?");
    }
    sq["having"] = carried_having;
    // "how many of them are at store 2?", "how many is that?" after a list of the customers
    // (films, actors …) passing a condition: those groups counted, not listed again.
    const bool asks_count = !metric && [&] {
      for (size_t i = 0; i + 1 < tokens.size(); ++i) {
        if (tokens[i] == "how" && tokens[i + 1] == "many") return true;
      }
      return contains(tokens, {"count"}) && contains(tokens, {"them", "those", "these"});
    }();
    if (carried_count_groups || asks_count) sq["count_groups"] = true;
  }
  if (!carried_conditions.empty()) {
    const auto* current = model_.metric(sq["metric"].get<std::string>());
    const auto& src = model_.source(current->source);
    nlohmann::json kept = nlohmann::json::array();
    for (const auto& c : carried_conditions) {
      const auto attribute = c.value("attribute", std::string());
      // Restated in this turn ("and over $9?"): the new condition replaces it.
      const bool restated = std::any_of(conditions.begin(), conditions.end(), [&](const auto& n) {
        const auto r = resolve(n, &src);
        return r.attribute == attribute;
      });
      if (restated) continue;
      const auto* attr = model_.attribute(attribute);
      if (attr == nullptr || !model_.applies(*attr, src)) {
        return ask_about_condition("how the earlier condition \"" + c.value("text", attribute) +
                                   "\" applies to " + lower(current->label) +
                                   ". Could you ask it whole, with the condition?");
      }
      kept.push_back(c);
    }
    if (!kept.empty()) sq["conditions"] = kept;
  }
  // Each condition on rows as placed in the query, with the words it came from.
  std::vector<std::pair<Condition, nlohmann::json>> placed_conditions;
  if (!conditions.empty()) {
    const auto* current = model_.metric(sq["metric"].get<std::string>());
    const auto& src = model_.source(current->source);
    nlohmann::json row_conditions = nlohmann::json::array();
    // Whether the groups named at `at` are counted: "how many customers", "number of films",
    // also through the filter words and plain qualifiers between ("how many Horror films",
    // "how many different PG-13 titles") — else the count would silently become a list.
    // "…, how many have rented more than 30 times?": "how many" with no noun of its own counts
    // the things named before it.
    const bool how_many_alone = [&] {
      static const std::set<std::string> kNoNoun = {"have", "has",   "had",  "did",  "do",
                                                    "does", "are",   "were", "of",   "rented",
                                                    "paid", "spent", "made", "took", "went"};
      for (size_t i = 0; i + 1 < tokens.size(); ++i) {
        if (tokens[i] == "how" && tokens[i + 1] == "many" &&
            (i + 2 == tokens.size() || kNoNoun.count(tokens[i + 2]) > 0)) {
          return true;
        }
      }
      return false;
    }();
    const auto counted_at = [&](size_t at) {
      static const std::set<std::string> kQualifiers = {
          "different", "distinct", "unique", "separate", "individual", "of", "the", "our", "my"};
      while (at >= 2) {
        bool skipped = false;
        for (const auto& f : entities.filters) {
          if (f.end == at && f.begin < at && !f.exclude) {
            at = f.begin;
            skipped = true;
            break;
          }
        }
        // ("how many 99-cent titles": a price point before the noun, the same way.)
        for (const auto& c : conditions) {
          if (!skipped && c.end == at && c.begin < at && c.op == "=") {
            at = c.begin;
            skipped = true;
          }
        }
        if (skipped) continue;
        // ("count of customers who spent $60 or more" was the customers listed.)
        if ((tokens[at - 2] == "how" && tokens[at - 1] == "many") ||
            ((tokens[at - 2] == "number" || tokens[at - 2] == "count" ||
              tokens[at - 2] == "tally") &&
             tokens[at - 1] == "of")) {
          return true;
        }
        if (!kQualifiers.count(tokens[at - 1])) return false;
        --at;
      }
      return false;
    };
    for (const auto& c : conditions) {
      auto r = resolve(c, &src);
      if (!r.problem.empty()) return ask_about_condition(r.problem);
      // "customers who made more than 10 payments": a number of things counted, not a payment of
      // $10 — a row's amount or price is never a bare number followed by what it counts.
      if (!r.attribute.empty() && c.unit.empty() && c.end < tokens.size()) {
        if (counted_noun(tokens[c.end]).has_value()) {
          return ask_about_condition("\"" + c.text + " " + tokens[c.end] + "\" counts " +
                                     tokens[c.end] + " for each one");
        }
      }
      if (!r.attribute.empty()) {
        const auto* attr = model_.attribute(r.attribute);
        if (attr == nullptr || !model_.applies(*attr, src)) {
          return ask_about_condition("\"" + c.text + "\" for " + lower(current->label) + ": " +
                                     (attr ? attr->label : r.attribute) + " is not something " +
                                     lower(current->label) + " have");
        }
        auto cj = condition_json(c, r.attribute);
        cj["text"] = describe_condition(c, attr->label);
        placed_conditions.emplace_back(c, cj);
        row_conditions.push_back(std::move(cj));
        claims.push_back({c.begin, c.end, "condition", describe_condition(c, attr->label)});
        continue;
      }
      // A condition on a measure per group: "customers with more than 30 rentals".
      const auto* having_metric = model_.metric(r.having_metric);
      // "more than 29 rentals that were never brought back": the number counts the narrower
      // measure the question names (unreturned rentals), not every row of the same kind.
      if (having_metric != nullptr && current != having_metric &&
          current->source == having_metric->source && current->agg == having_metric->agg &&
          current->arg == having_metric->arg && current->expr.empty() &&
          having_metric->where.empty() && !current->where.empty()) {
        having_metric = current;
      }
      if (having_metric == nullptr || sq.contains("having")) {
        return ask_about_condition("\"" + c.text + "\"");
      }
      auto dims_now = sq["dimensions"];
      // "customers who rented more than 30 films / at least 5 times", "customers who paid more
      // than $150 in total": distinct customers counted with a condition on what each one did —
      // the customers are the groups; the condition is on each one's rentals or payments.
      const bool customers_counted =
          current->name == "renting_customers" || current->name == "paying_customers";
      // ("customers who rented 10 or more comedies": films of a kind named by their value.)
      const bool films_of_a_value = having_metric == current &&
                                    std::any_of(entities.filters.begin(), entities.filters.end(),
                                                [&](const Filter& f) { return f.begin == c.end; });
      if (customers_counted && current->name == "renting_customers" &&
          (having_metric->name == "films" || films_of_a_value) &&
          model_.metric("rentals") != nullptr) {
        having_metric = model_.metric("rentals");
      }
      if (customers_counted && having_metric->source == current->source) {
        // "from my store" with one store in scope says where, not by what.
        // ("across my stores", "both stores together": where to count, one figure.)
        const bool where_not_by =
            request.store_ids.size() == 1 ||
            contains(tokens, {"across", "combined", "together", "altogether", "total"});
        if (dims_now.size() == 1 && dims_now.front() == "store" && where_not_by) {
          dims_now = nlohmann::json::array();
        }
        // ("countries with over 25 distinct renters": the groups are the things named with the
        // condition, no "by" or "per" needed.)
        if (dims_now.empty()) {
          static const std::set<std::string> kWith = {"with", "having", "that", "where", "which"};
          for (const auto& d : dim_matches) {
            const auto* dim = model_.dimension(d.name);
            if (dim == nullptr || dim->is_time || d.singular || d.name == "customer" ||
                d.end >= c.begin || d.end >= tokens.size() || kWith.count(tokens[d.end]) == 0 ||
                !model_.applies(*dim, model_.source(current->source))) {
              continue;
            }
            dims_now.push_back(d.name);
            sq["dimensions"] = dims_now;
            cover(d.begin, d.end);
            if (counted_at(d.begin)) sq["count_groups"] = true;
            break;
          }
        }
        // "countries with at least 25 different customers renting in July": the number counts
        // the customers themselves — a condition on each group's count of them.
        const bool counts_customers =
            !dims_now.empty() && (having_metric == current || having_metric->name == "customers");
        // "customers who rented from at least 14 different genres": the number counts the genres
        // each customer rented, not the customers in each genre — not something read here.
        const bool counts_the_groups =
            std::any_of(dim_matches.begin(), dim_matches.end(), [&](const Match& d) {
              size_t at = c.end;
              while (at < d.begin && at < tokens.size() &&
                     (tokens[at] == "different" || tokens[at] == "distinct" ||
                      tokens[at] == "separate" || tokens[at] == "unique")) {
                ++at;
              }
              const bool the_groups =
                  std::find(dims_now.begin(), dims_now.end(), d.name) != dims_now.end();
              return d.begin == at && !d.singular && the_groups;
            });
        if (counts_customers && counts_the_groups) {
          return ask_about_condition("\"" + c.text + "\" counted per customer");
        }
        if (counts_customers) {
          nlohmann::json h = condition_json(c, "");
          h["text"] = describe_condition(c, lower(current->label));
          sq["having"] = h;
          claims.push_back({c.begin, c.end, "condition",
                            describe_condition(c, current->label + " per " +
                                                      dims_now.front().get<std::string>())});
          continue;
        }
        if (!dims_now.empty()) {
          return ask_about_condition("\"" + c.text + "\" per customer, counted by " +
                                     dims_now.front().get<std::string>() +
                                     ": ask for one total, or for the customers themselves");
        }
        dims_now.push_back("customer");
        for (const auto& m : metric_matches) {
          if (m.name == current->name && counted_at(m.begin)) sq["count_groups"] = true;
        }
        if (how_many_alone) sq["count_groups"] = true;
      }
      if (dims_now.empty()) {
        // The group is the thing named with the condition ("customers with ...", "actors in ...").
        for (const auto& d : dim_matches) {
          const auto* dim = model_.dimension(d.name);
          if (dim == nullptr || dim->is_time) continue;
          if (!model_.applies(*dim, model_.source(having_metric->source))) continue;
          dims_now.push_back(d.name);
          cover(d.begin, d.end);
          // "How many customers ...": count the groups that pass ("Among customers in Chile, how
          // many have rented more than 30 times?" too).
          if (counted_at(d.begin) || (how_many_alone && d.name == "customer")) {
            sq["count_groups"] = true;
          }
          break;
        }
      }
      if (dims_now.empty()) {
        // "which June days did we take over $200?", "months where revenue topped $5,000": the
        // days (months, weeks, hours) named as the things picked are the groups. Only as a
        // plural noun asked about — "in the last 30 days" is a period, not groups.
        static const std::map<std::string, std::string> kTimeGroups = {{"days", "day"},
                                                                       {"dates", "day"},
                                                                       {"months", "month"},
                                                                       {"weeks", "week"},
                                                                       {"hours", "hour"}};
        // ("on how many days did my store take less than $150?": the days that pass, counted.)
        static const std::set<std::string> kPicking = {"which", "what",  "the",
                                                       "any",   "those", "many"};
        static const std::set<std::string> kAfter = {"with", "where", "when", "that", "did", "on",
                                                     "in",   "we",    "had",  "have", "has"};
        for (size_t i = 0; i < tokens.size() && dims_now.empty(); ++i) {
          const auto group = kTimeGroups.find(tokens[i]);
          if (group == kTimeGroups.end() || model_.dimension(group->second) == nullptr) continue;
          const bool picked = i > 0 && (kPicking.count(tokens[i - 1]) > 0 ||
                                        month_index(tokens[i - 1]).has_value());
          const bool after = i + 1 < tokens.size() && kAfter.count(tokens[i + 1]) > 0;
          const bool a_number_before =
              i > 0 && !tokens[i - 1].empty() &&
              std::isdigit(static_cast<unsigned char>(tokens[i - 1].front())) != 0;
          if (!(picked || (after && i == 0)) || a_number_before) continue;
          dims_now.push_back(group->second);
          cover(i, i + 1);
          if (i >= 2 && tokens[i - 1] == "many" && tokens[i - 2] == "how") {
            sq["count_groups"] = true;
            cover(i - 2, i);
          }
        }
      }
      if (dims_now.empty()) {
        return ask_about_condition("\"" + c.text + "\": per what — customer, film, actor, store?");
      }
      for (const auto& d : dim_matches) {
        if (d.name == dims_now.front().get<std::string>() && counted_at(d.begin)) {
          sq["count_groups"] = true;
        }
      }
      // "customers who spent more than $150 in total, how many?": the count asked at the end.
      {
        size_t k = tokens.size();
        static const std::set<std::string> kTail = {"are",  "there", "is",   "that", "of",
                                                    "them", "those", "were", "was"};
        while (k > 0 && kTail.count(tokens[k - 1])) --k;
        if (k >= 2 && tokens[k - 2] == "how" && tokens[k - 1] == "many") {
          sq["count_groups"] = true;
        }
      }
      // "of the countries with 10+ customers, which have the highest share of inactive
      // accounts?": the number counts customers, the question ranks inactive ones — a condition on
      // another measure than the one answered, which one query of the groups cannot hold.
      if (c.end < tokens.size()) {
        const auto noun = counted_noun(tokens[c.end]);
        // ("more than 29 rentals that were never brought back": a clause narrows the noun to the
        // measure; "rented more than 30 films": the films rented are the rentals.)
        // ("countries with 10+ customers, which 3 have …": "which 3" opens the question.)
        const bool asks_which = c.end + 2 < tokens.size() && number_word(tokens[c.end + 2]);
        const bool narrowed = c.end + 1 < tokens.size() && !asks_which &&
                              (tokens[c.end + 1] == "that" || tokens[c.end + 1] == "which" ||
                               tokens[c.end + 1] == "who" || tokens[c.end + 1] == "not");
        const bool films_rented = noun == std::optional<std::string>("films") &&
                                  model_.source(having_metric->source).view == "v_rental_scoped";
        if (noun && *noun != having_metric->name && !narrowed && !films_rented &&
            model_.metric(*noun) != nullptr) {
          return ask_about_condition("\"" + c.text + " " + tokens[c.end] + "\" counts " +
                                     tokens[c.end] + ", but the question asks about " +
                                     lower(having_metric->label) +
                                     ". Could you ask one of them at a time?");
        }
      }
      // "per store: how many individual discs were rented 4 or more times?": the number is each
      // disc's, the breakdown is by store — the discs are not groups the plan has.
      if (!dims_now.empty() && !sq.value("count_groups", false)) {
        static const std::set<std::string> kThings = {
            "dvds",   "discs",     "copies", "titles", "films", "movies", "actors",   "categories",
            "genres", "countries", "cities", "days",   "weeks", "months", "customers"};
        const auto k = counted_thing_at(tokens);
        if (k && kThings.count(tokens[*k]) > 0 &&
            std::none_of(dim_matches.begin(), dim_matches.end(), [&](const Match& d) {
              return d.begin <= *k && *k < d.end &&
                     std::find(dims_now.begin(), dims_now.end(), d.name) != dims_now.end();
            })) {
          return ask_about_condition("\"" + c.text + "\" for each of the " + tokens[*k] +
                                     ", counted by " + dims_now.front().get<std::string>());
        }
      }
      // "which country had the most rentals per customer? only countries with 20 or more
      // customers": the measure asked for is named, and the condition counts another — answering
      // the condition's measure would drop the one asked for.
      // (Only a measure the groups are ranked by: "customers renting", "customers who paid" name
      // the groups themselves.)
      // ("average rentals per customer by country - only countries with 20+ customers", "revenue
      // by category for categories with more than 60 films": no ranking, but a measure that
      // counts no groups of its own is still the one asked for.)
      const bool asked_other =
          having_metric != current && !sq.value("count_groups", false) &&
          (sq["order"].is_string() || current->entity_key.empty()) &&
          std::any_of(metric_matches.begin(), metric_matches.end(), [&](const Match& m) {
            // ("more than 20 customers renting", "… customers who rented": what the counted
            // people did, not another measure.)
            const bool says_what_they_did =
                m.begin == c.end + 1 || (m.begin == c.end + 2 && (tokens[c.end + 1] == "who" ||
                                                                  tokens[c.end + 1] == "that"));
            return m.name == current->name && (m.end <= c.begin || m.begin > c.end) &&
                   !says_what_they_did;
          });
      if (asked_other) {
        return ask_about_condition("\"" + c.text + "\" counts " + lower(having_metric->label) +
                                   ", but the question asks about " + lower(current->label) +
                                   ". Could you ask one of them at a time?");
      }
      sq["metric"] = having_metric->name;
      sq["dimensions"] = dims_now;
      nlohmann::json h = condition_json(c, "");
      h["text"] = describe_condition(c, lower(having_metric->label));
      sq["having"] = h;
      claims.push_back({c.begin, c.end, "condition",
                        describe_condition(c, having_metric->label + " per " +
                                                  dims_now.front().get<std::string>())});
    }
    if (!row_conditions.empty()) {
      auto all = sq.value("conditions", nlohmann::json::array());
      for (auto& c : row_conditions) all.push_back(std::move(c));
      sq["conditions"] = all;
    }
  }
  // "the average rental rate of the titles we stock", "catalogue titles in stock": the catalogue
  // narrowed to the films with a copy in the stores in scope, each film once. (Weighted by the
  // copies — "counting every copy" — is another figure, left unread.)
  if (const auto* current = model_.metric(sq["metric"].get<std::string>());
      current != nullptr && model_.source(current->source).view == "film" &&
      current->name != "films_not_stocked" &&
      !contains(tokens, {"copy", "copies", "dvds", "discs"})) {
    if (const auto span = stocked_words(tokens)) {
      sq["stocked"] = true;
      cover(span->first, span->second);
      claims.push_back({span->first, span->second, "filter",
                        "only the films with a copy in store " + join_ints(request.store_ids) +
                            " (each film once)"});
    }
  }
  // "how many customers are signed up to my store": with no period, the customers on the books
  // (who joined when is not asked).
  if (sq["metric"] == "new_customers" && !sq["time"].is_object() && !sq["growth"].is_object() &&
      !contains(tokens, {"new", "newly", "acquired", "acquisition", "acquisitions"}) &&
      model_.metric("customers") != nullptr) {
    sq["metric"] = "customers";
  }
  // The customers on the books have one date, the day they joined: "which countries had more than
  // 20 customers renting from us last week" counts those who rented then, never the ones who
  // joined then; a period on them with no word for joining is asked back.
  if ((sq["metric"] == "customers" || sq["metric"] == "active_customers" ||
       sq["metric"] == "inactive_customers") &&
      (sq["time"].is_object() || sq["growth"].is_object())) {
    const bool rented =
        contains(tokens, {"rent", "rents", "renting", "rented", "rental", "rentals", "borrow",
                          "borrowed", "borrowing", "renters", "hire", "hired"}) ||
        (contains(tokens, {"take", "took", "taken", "taking", "takes"}) &&
         contains(tokens, {"out", "home", "dvd", "dvds", "film", "films", "title", "titles",
                           "movie", "movies", "disc", "discs"}));
    // ("how many times did customers take a DVD home in June?": the times are the rentals.)
    const bool how_often = contains(tokens, {"times", "often"});
    if (rented && how_often && sq["metric"] == "customers" && model_.metric("rentals") != nullptr) {
      sq["metric"] = "rentals";
      claims.push_back({0, 0, "measure", "the rentals customers made in the period"});
    } else if (rented && sq["metric"] == "customers" &&
               model_.metric("renting_customers") != nullptr && !sq["growth"].is_object()) {
      sq["metric"] = "renting_customers";
      claims.push_back({0, 0, "measure", "customers who rented in the period (not who joined)"});
    } else {
      const std::string period = sq["time"].is_object()
                                     ? sq["time"].value("label", std::string("that period"))
                                     : std::string("those periods");
      nlohmann::json options = nlohmann::json::array();
      if (role_reads(request.role, "v_rental_scoped")) {
        options.push_back({{"label", "Customers who rented" + period_words(period)},
                           {"question", "Customers who rented" + period_words(period)}});
      }
      options.push_back({{"label", "New customers" + period_words(period)},
                         {"question", "New customers" + period_words(period)}});
      ask_back(plan, "A customer's only date is the day they joined, so \"" + period +
                         "\" could mean the customers who rented then or the ones who joined "
                         "then. Which one?");
      plan.clarification["options"] = options;
      return plan;
    }
  }
  // "What share of this year's revenue came from payments over $8?": the condition picks the
  // part, the whole is the measure without it.
  // "What % of each store's July rentals were of films under an hour": within each group (the
  // possessive), not each group's share of the films under an hour.
  bool within_each = false;
  {
    std::string lowered = request.question;
    for (auto& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (size_t at = lowered.find("each "); at != std::string::npos && !within_each;
         at = lowered.find("each ", at + 1)) {
      size_t end = at + 5;
      while (end < lowered.size() && std::isalpha(static_cast<unsigned char>(lowered[end]))) ++end;
      within_each = lowered.compare(end, 2, "'s") == 0 || lowered.compare(end, 4, "\u2019s") == 0;
    }
  }
  // "per store, what % of July rentals came back within three days?": the whole ("July
  // rentals") is named right after the share word and the condition only after it — within each
  // group too. ("% of the rentals under an hour made at each store" names the condition in the
  // whole: each group's slice of it.)
  bool conditions_after_whole = false;
  if (metric && share_word && !placed_conditions.empty()) {
    for (size_t i = 0; i + 1 < tokens.size() && i < metric->begin; ++i) {
      if (classify_word(tokens[i]) != WordClass::kShare || tokens[i + 1] != "of") continue;
      // (A verb between them: "… were of films under an hour", "… came back within".)
      static const std::set<std::string> kVerbs = {"were", "was",  "are", "is",  "came",
                                                   "come", "went", "got", "had", "been"};
      conditions_after_whole =
          std::all_of(placed_conditions.begin(), placed_conditions.end(), [&](const auto& placed) {
            if (placed.first.begin < metric->end) return false;
            for (size_t k = metric->end; k < placed.first.begin; ++k) {
              if (kVerbs.count(tokens[k]) > 0) return true;
            }
            return false;
          });
      break;
    }
  }
  // "% of Q2 payments under a dollar, each store": the breakdown set apart by a comma or a dash
  // (or put first) asks the same share as without it, once per group. (Commas are not tokens:
  // the text as typed says it.)
  bool breakdown_apart = false;
  if (dims.size() == 1) {
    for (const char* sep : {",", " -", ":", ";"}) {
      for (const char* lead : {" each ", " per ", " by ", " for each ", " for every "}) {
        breakdown_apart =
            breakdown_apart || lowered_question.find(std::string(sep) + lead) != std::string::npos;
      }
    }
    for (const char* lead : {"each ", "per ", "by ", "for each "}) {
      breakdown_apart = breakdown_apart || lowered_question.starts_with(lead);
    }
  }
  sq.erase("share_by_conditions");
  const bool share_in_groups = (within_each || conditions_after_whole || breakdown_apart) &&
                               sq.value("share", false) && sq["dimensions"].size() == 1;
  if (share_word && sq.contains("conditions") && !sq.contains("having") &&
      (sq["dimensions"].empty() || share_in_groups) && !sq["share_of"].is_object() &&
      (!sq.value("share", false) || share_in_groups) && sq["growth"].is_null() && !rate) {
    sq["share_by_conditions"] = true;
    sq["share"] = false;
  }

  // ---- named members side by side: "Action vs Comedy", "G and NC-17" (not "Action or Comedy")
  // ----
  for (const auto& [dim, exclude] : filter_keys) {
    if (exclude || dim == "store") continue;
    std::vector<const Filter*> members;
    for (const auto& f : entities.filters) {
      if (f.dimension == dim && !f.exclude) members.push_back(&f);
    }
    if (members.size() < 2) continue;
    // "weekends" is Saturday and Sunday from one word: one filter, not two members.
    if (std::all_of(members.begin(), members.end(),
                    [&](const Filter* f) { return f->begin == members.front()->begin; })) {
      continue;
    }
    bool either = false;
    for (size_t k = 1; k < members.size(); ++k) {
      for (size_t j = members[k - 1]->end; j < members[k]->begin; ++j) {
        either = either || tokens[j] == "or" || tokens[j] == "either" || tokens[j] == "nor";
      }
    }
    if (members.front()->begin > 0 && tokens[members.front()->begin - 1] == "either") either = true;
    // "customers who rented horror and also rented comedy": those with both — which two figures
    // side by side (each member's own) would not answer. Asked back with the wording that reads.
    bool also = false;
    for (size_t j = members.front()->end; j < members.back()->begin; ++j) {
      also = also || tokens[j] == "also" ||
             (tokens[j] == "as" && j + 1 < tokens.size() && tokens[j + 1] == "well");
    }
    if (also && !either) {
      const auto value_text = [](const Filter* f) {
        return f->value.is_string() ? f->value.get<std::string>() : f->value.dump();
      };
      return ask_back(plan, "Do you mean the ones with both " + value_text(members.front()) +
                                " and " + value_text(members.back()) +
                                "? Ask it with \"both … and …\" and I will count those.");
    }
    // "the Monday and Tuesday of last week": days of a period named, not weekdays compared.
    const size_t after_last = members.back()->end;
    if (dim == "day_of_week" && after_last + 2 < tokens.size() + 1 && after_last < tokens.size() &&
        tokens[after_last] == "of" && after_last + 1 < tokens.size() &&
        (tokens[after_last + 1] == "last" || tokens[after_last + 1] == "this" ||
         tokens[after_last + 1] == "that" || tokens[after_last + 1] == "the")) {
      // Beside a comparison of two periods the days named restrict both: right only when the
      // other period holds no other weekday ("so far this week" on a Tuesday) — else asked.
      const auto compared = sq.value("growth", nlohmann::json());
      const auto& whose = tokens[after_last + 1];
      bool other_days = false;
      for (const char* side : {"previous", "current"}) {
        // (The days "of last week" are the earlier period's: the later one is checked.)
        if (!compared.is_object() || (whose == "last" && std::string_view(side) == "previous") ||
            (whose == "this" && std::string_view(side) == "current")) {
          continue;
        }
        const auto from = parse_date(compared[side].value("from", ""));
        const auto to = parse_date(compared[side].value("to", ""));
        for (auto day = from.value_or(std::chrono::sys_days{}); from && to && day < *to;
             day += std::chrono::days{1}) {
          static const std::array<const char*, 7> kIso = {
              "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
          const std::string name = kIso[std::chrono::weekday{day}.iso_encoding() - 1];
          other_days =
              other_days || std::none_of(members.begin(), members.end(),
                                         [&](const Filter* f) { return f->value == name; });
        }
      }
      if (other_days) {
        plan.status = Plan::Status::kNeedsClarification;
        plan.partial = true;
        plan.clarification = {
            {"question",
             "The days you named belong to one of the two periods, and I would apply "
             "them to both. Could you give each period as dates?"},
            {"options", nlohmann::json::array()}};
        return plan;
      }
      continue;
    }
    const bool total_asked =
        contains_free(tokens, used, {"total", "combined", "together", "altogether", "overall"});
    // "did staff 1 or staff 2 ring up more?": "or" between members asked which is more is a
    // comparison of them, never their total.
    // ("three hours or more" is a condition's, already read.)
    const bool which_more = contains_free(tokens, used,
                                          {"more", "most", "less", "fewer", "least", "bigger",
                                           "higher", "lower", "better", "worse", "ahead"});
    if ((either && !which_more) || total_asked) continue;
    auto d = sq["dimensions"];
    if (std::find(d.begin(), d.end(), dim) == d.end()) d.insert(d.begin(), dim);
    sq["dimensions"] = d;
  }

  // ---- "in total", "all my stores together": one figure, not a breakdown by store ----
  // (With two periods compared, "across my stores" / "for all my stores" say where to look: the
  // comparison is between the periods.)
  const bool periods_side_by_side = sq["growth"].is_object();
  // "the five most-rented genres across my stores": where to count, not a breakdown by store.
  bool across_stores = false;
  bool stores_together = false;  // the store words read as where to count (explain says so)
  for (const auto& d : dims) {
    if (d.name != "store") continue;
    bool mine = false;
    for (size_t k = d.begin; k > 0 && d.begin - k < 4; --k) {
      const auto& w = tokens[k - 1];
      // ("first half of July vs second half: rentals at my stores, % change?": two periods
      // compared where the asker's stores are — one row, as "across" is.)
      if (w == "across" ||
          (periods_side_by_side && mine && (w == "at" || w == "in" || w == "for"))) {
        across_stores = true;
        break;
      }
      mine = mine || w == "my" || w == "our";
      if (w != "all" && w != "my" && w != "our" && w != "both" && w != "the" && w != "of" &&
          w != "two") {
        break;
      }
    }
  }
  // A breakdown asked for in words ("by store", "per category", "each store", "split by"), not
  // only named as what is counted.
  const auto breakdown_asked = [&](const auto& d) {
    bool by = tokens[d.begin] == "per" || tokens[d.begin] == "each";
    for (size_t back = 1; back <= 2 && back <= d.begin; ++back) {
      const auto& w = tokens[d.begin - back];
      by = by || w == "by" || w == "per" || w == "each" || w == "every" || w == "split";
    }
    return by;
  };
  if (across_stores ||
      contains_free(tokens, used,
                    {"total", "combined", "together", "altogether", "overall", "aggregate"}) ||
      (periods_side_by_side && (contains(tokens, {"across"}) || store_mentions.all) &&
       !store_mentions.each && !store_mentions.both && entities.stores.empty())) {
    const bool explicit_breakdown = std::any_of(dims.begin(), dims.end(), [&](const auto& d) {
      return d.name == "store" && breakdown_asked(d);
    });
    // (A comparison of two periods takes the compare word: "Q1 vs Q2 for my stores combined"
    // is one row for the stores together.)
    if (!explicit_breakdown && (!compare_word || sq["growth"].is_object())) {
      auto d = sq["dimensions"];
      nlohmann::json kept = nlohmann::json::array();
      for (const auto& x : d) {
        if (x != "store") kept.push_back(x);
      }
      sq["dimensions"] = kept;
      stores_together = true;
    }
  }

  // ---- two figures side by side: one measure over two sets of rows told apart by a filter or a
  // condition ("before noon vs after noon", "under 90 min vs over 2 hrs", "English vs
  // non-English") ----
  std::string first_set_words;  // what tells the first figure apart (in its label)
  // The second figure beside the first: its column (the measure and the words that tell it
  // apart) and label.
  const auto place_beside = [&](nlohmann::json second, const std::string& apart,
                                const std::string& label_words) {
    const std::string metric_name = sq["metric"].get<std::string>();
    std::string name = slug(metric_name + "_" + apart).substr(0, 60);
    while (!name.empty() && name.back() == '_') name.pop_back();
    second["as"] = name;
    const auto* shown = model_.metric(metric_name);
    plan.also_measures.push_back(
        {{"name", name},
         {"label", (shown != nullptr ? shown->label : metric_name) + " (" + label_words + ")"},
         {"format", shown != nullptr ? shown->format : "number"},
         {"kind", shown != nullptr ? measure_kind(*shown) : "count"}});
    sq["figures"] = nlohmann::json::array({std::move(second)});
  };
  // A breakdown by the dimension would show every value (24 hours), not the two sets named; each
  // set is a figure of its own, in one row (or one row per group of the other breakdowns).
  if (compare_word && !sq.contains("figures") && !sq.contains("also") && sq["growth"].is_null() &&
      !sq.value("share", false) && !sq["share_of"].is_object() && sq["order"].is_null()) {
    struct ValueSet {
      size_t begin, end;
      nlohmann::json values = nlohmann::json::array();
    };
    std::map<std::string, std::vector<ValueSet>> sets;
    for (const auto& f : entities.filters) {
      if (f.exclude) continue;
      auto& list = sets[f.dimension];
      auto it = std::find_if(list.begin(), list.end(), [&](const ValueSet& v) {
        return v.begin == f.begin && v.end == f.end;
      });
      if (it == list.end()) {
        list.push_back({f.begin, f.end});
        it = list.end() - 1;
      }
      it->values.push_back(f.value);
    }
    for (const auto& [dim, list] : sets) {
      const auto dims_now = sq["dimensions"];
      const bool broken_down = std::find(dims_now.begin(), dims_now.end(), dim) != dims_now.end();
      const bool a_set = std::any_of(list.begin(), list.end(),
                                     [](const ValueSet& v) { return v.values.size() > 1; });
      if (list.size() != 2 || !broken_down || !a_set) continue;
      nlohmann::json kept_dims = nlohmann::json::array();
      for (const auto& d : dims_now) {
        if (d != dim) kept_dims.push_back(d);
      }
      nlohmann::json kept_filters = nlohmann::json::array();
      for (const auto& f : sq["filters"]) {
        if (f.at("dimension") != dim) kept_filters.push_back(f);
      }
      const std::string first_words = join_tokens(raw, list[0].begin, list[0].end);
      const std::string second_words = join_tokens(raw, list[1].begin, list[1].end);
      sq["dimensions"] = kept_dims;
      nlohmann::json second = sq;
      kept_filters.push_back({{"dimension", dim}, {"values", list[0].values}});
      sq["filters"] = kept_filters;
      kept_filters.erase(kept_filters.end() - 1);
      kept_filters.push_back({{"dimension", dim}, {"values", list[1].values}});
      second["filters"] = kept_filters;
      place_beside(std::move(second), second_words, second_words);
      first_set_words = first_words;
      for (size_t k = list[0].end; k < list[1].begin; ++k) {
        if (tokens[k] == "vs" || tokens[k] == "versus" || tokens[k] == "against") {
          cover(k, k + 1);
          claims.push_back({k, k + 1, "comparison", "the two side by side"});
        }
      }
      claims.push_back({list[0].begin, list[0].end, "filter", first_words + " — a first figure"});
      claims.push_back(
          {list[1].begin, list[1].end, "filter", second_words + " — a second figure beside it"});
      break;
    }
  }

  // ---- "films under 90 min vs over 2 hrs", "payments of at least $5 vs under $5": two
  // conditions on one attribute either side of "vs" are two figures, side by side in one row
  // (together they would select nothing; one of them would drop the other) ----
  if (compare_word && first_set_words.empty() && !sq.contains("figures") && !sq.contains("also") &&
      sq["growth"].is_null() && !sq.value("share", false) && !sq["share_of"].is_object() &&
      sq["order"].is_null() && !sq.contains("having") && placed_conditions.size() >= 2) {
    const auto compared_between = [&](size_t from, size_t to) {
      for (size_t k = from; k < to; ++k) {
        if (tokens[k] == "vs" || tokens[k] == "versus" || tokens[k] == "against" ||
            (tokens[k] == "compared" && k + 1 < to &&
             (tokens[k + 1] == "with" || tokens[k + 1] == "to"))) {
          return k;
        }
      }
      return to;
    };
    for (size_t i = 0; i + 1 < placed_conditions.size() && first_set_words.empty(); ++i) {
      const auto& [a, a_json] = placed_conditions[i];
      const auto& [b, placed_b] = placed_conditions[i + 1];
      const size_t at = compared_between(a.end, b.begin);
      if (at == b.begin || b.begin - a.end > 4) continue;
      // "a replacement cost over $20 vs $20 or less": the second side, naming no attribute of its
      // own, is about the first's.
      nlohmann::json b_json = placed_b;
      if (b.attribute.empty() && b.unit == a.unit &&
          a_json.value("attribute", "") != placed_b.value("attribute", "")) {
        const auto* attr = model_.attribute(a_json.value("attribute", ""));
        if (attr == nullptr) continue;
        b_json["attribute"] = attr->name;
        b_json["text"] = describe_condition(b, attr->label);
        for (auto& c : sq["conditions"]) {
          if (c == placed_b) c = b_json;
        }
      }
      if (a_json.value("attribute", "") != b_json.value("attribute", "")) continue;
      const auto without = [&](const nlohmann::json& dropped) {
        nlohmann::json kept = nlohmann::json::array();
        for (const auto& c : sq["conditions"]) {
          if (c != dropped) kept.push_back(c);
        }
        return kept;
      };
      const std::string first_words = join_tokens(raw, a.begin, a.end);
      const std::string second_words = join_tokens(raw, b.begin, b.end);
      // The things counted on each side ("films under 90 min vs films over 2 hrs") are not a
      // breakdown unless one is asked ("by store", "per category").
      nlohmann::json asked_dims = nlohmann::json::array();
      for (const auto& d : sq["dimensions"]) {
        const bool explicit_breakdown = std::any_of(dims.begin(), dims.end(), [&](const auto& p) {
          return p.name == d && breakdown_asked(p);
        });
        const bool named =
            std::any_of(dims.begin(), dims.end(), [&](const auto& p) { return p.name == d; });
        if (explicit_breakdown || !named) asked_dims.push_back(d);
      }
      sq["dimensions"] = asked_dims;
      nlohmann::json second = sq;
      second["conditions"] = without(a_json);
      sq["conditions"] = without(b_json);
      place_beside(std::move(second), second_words, b_json.value("text", second_words));
      first_set_words = a_json.value("text", first_words);
      cover(at, at + (tokens[at] == "compared" ? 2 : 1));
      claims.push_back({at, at + 1, "comparison", "the two side by side"});
    }
  }

  // ---- "English vs non-English films": a value and all the others, either side of "vs", are
  // two figures side by side (together they would select nothing) ----
  if (compare_word && first_set_words.empty() && !sq.contains("figures") && !sq.contains("also") &&
      sq["growth"].is_null() && !sq.value("share", false) && !sq["share_of"].is_object() &&
      sq["order"].is_null() && sq["dimensions"].empty()) {
    const Filter* kept = nullptr;
    const Filter* left_out = nullptr;
    int mentions = 0;
    for (const auto& f : entities.filters) {
      (f.exclude ? left_out : kept) = &f;
      ++mentions;
    }
    size_t at = tokens.size();
    if (mentions == 2 && kept != nullptr && left_out != nullptr &&
        kept->dimension == left_out->dimension && kept->value == left_out->value) {
      const size_t from = std::min(kept->end, left_out->end);
      const size_t to = std::max(kept->begin, left_out->begin);
      for (size_t k = from; k < to && k < tokens.size(); ++k) {
        if (tokens[k] == "vs" || tokens[k] == "versus" || tokens[k] == "against" ||
            tokens[k] == "compare" || tokens[k] == "compared") {
          at = k;
        }
      }
    }
    int on_dimension = 0;
    if (at < tokens.size()) {
      for (const auto& f : sq["filters"]) on_dimension += f.at("dimension") == kept->dimension;
    }
    if (on_dimension == 2) {
      const std::string value =
          kept->value.is_string() ? kept->value.get<std::string>() : kept->value.dump();
      nlohmann::json only = nlohmann::json::array();
      nlohmann::json all_but = nlohmann::json::array();
      for (const auto& f : sq["filters"]) {
        const bool on = f.at("dimension") == kept->dimension;
        if (!on || !f.value("exclude", false)) only.push_back(f);
        if (!on || f.value("exclude", false)) all_but.push_back(f);
      }
      nlohmann::json second = sq;
      second["filters"] = all_but;
      sq["filters"] = only;
      place_beside(std::move(second), "not " + value, "not " + value);
      first_set_words = value;
      const size_t width = tokens[at] != "vs" && tokens[at] != "versus" &&
                                   tokens[at] != "against" && at + 1 < tokens.size() &&
                                   (tokens[at + 1] == "with" || tokens[at + 1] == "to")
                               ? 2
                               : 1;
      cover(at, at + width);
      claims.push_back({at, at + width, "comparison", "the two side by side"});
    }
  }

  // "rentals per customer on our books": divided by every customer on the books, not by those
  // who rented (the measure's own denominator) — another figure, asked back.
  if ((sq["metric"] == "rentals_per_customer" || sq["metric"] == "revenue_per_customer") &&
      (contains(tokens, {"books", "registered", "signed"}) || [&] {
        for (size_t i = 0; i + 1 < tokens.size(); ++i) {
          if ((tokens[i] == "every" || tokens[i] == "all") &&
              (tokens[i + 1] == "customer" || tokens[i + 1] == "customers")) {
            return true;
          }
        }
        return false;
      }())) {
    const auto* m = model_.metric(sq["metric"].get<std::string>());
    return ask_back(plan, lower(m->label) + " divides by the customers who " +
                              (sq["metric"] == "rentals_per_customer" ? "rented" : "paid") +
                              " in the period; dividing by every customer on the books is not "
                              "something I read yet. Could you ask for the two figures instead?");
  }
  // "how many titles went out in August?": the different films rented, not the rentals. ("How
  // many films were rented" and "how many DVDs went out" stay the rentals, as people say it.)
  if (sq["metric"] == "rentals" && !sq.contains("having") && !sq.value("count_groups", false) &&
      !sq.contains("also") && !sq.contains("figures") && sq["growth"].is_null() &&
      model_.metric("rented_titles") != nullptr) {
    // (0: nothing counted; a counted word is never the first, "how many" comes before it.)
    const size_t noun_at = counted_thing_at(tokens).value_or(0);
    const bool films_counted =
        noun_at > 0 &&
        (tokens[noun_at] == "titles" || tokens[noun_at] == "films" || tokens[noun_at] == "movies");
    const bool per_dim_film = std::any_of(sq["dimensions"].begin(), sq["dimensions"].end(),
                                          [](const nlohmann::json& d) { return d == "film"; });
    if (films_counted && !per_dim_film && !contains(tokens, {"times", "rentals", "rental"})) {
      const auto& before_noun = tokens[noun_at - 1];
      const bool distinct = tokens[noun_at] == "titles" || before_noun == "different" ||
                            before_noun == "distinct" || before_noun == "unique" ||
                            before_noun == "separate";
      if (distinct) {
        sq["metric"] = "rented_titles";
        claims.push_back({noun_at, noun_at + 1, "measure", "different films rented"});
      }
    }
  }

  // "how many DVDs do I have that nobody's rented this month?": the copies, not the titles
  // those measures count — another figure, asked back.
  if ((sq["metric"] == "films_never_rented" || sq["metric"] == "stocked_titles_not_rented" ||
       sq["metric"] == "films_not_stocked") &&
      [&] {
        const auto k = counted_thing_at(tokens);
        return k && (tokens[*k] == "dvds" || tokens[*k] == "discs" || tokens[*k] == "copies" ||
                     tokens[*k] == "dvd");
      }()) {
    return ask_back(plan,
                    "I count the titles nobody rented, not the copies (DVDs) of them. "
                    "Shall I count the titles instead?");
  }
  // "$4.99 titles under 90 min - how many do I stock?": the titles, each once, not the copies
  // of them (which "copies", "DVDs" or "discs" would name).
  if (sq["metric"] == "inventory_items" && model_.metric("titles_stocked") != nullptr &&
      contains(tokens, {"titles", "films", "movies"}) &&
      contains(tokens, {"many", "number", "count"}) &&
      !contains(tokens, {"copies", "copy", "dvds", "dvd", "discs", "disc", "items", "inventory",
                         "units", "physical"}) &&
      !sq.contains("having") && !sq.value("count_groups", false) && !sq.contains("also") &&
      std::none_of(sq["dimensions"].begin(), sq["dimensions"].end(),
                   [](const nlohmann::json& d) { return d == "film"; })) {
    sq["metric"] = "titles_stocked";
    claims.push_back({0, 0, "measure", "the titles stocked, each once (not their copies)"});
  }

  // "how many of our customers have never taken out a Horror film?": people are counted, and a
  // measure of films or copies would answer another question with the customers dropped.
  if (const auto counted = counted_thing_at(tokens); counted && sq["metric"].is_string()) {
    size_t k = *counted;
    while (k < tokens.size() && (tokens[k] == "of" || tokens[k] == "our" || tokens[k] == "my" ||
                                 tokens[k] == "the" || tokens[k] == "all")) {
      ++k;
    }
    static const std::set<std::string> kPeople = {"customers", "people",  "renters",
                                                  "members",   "clients", "customer"};
    const auto* counted_metric = model_.metric(sq["metric"].get<std::string>());
    if (k < tokens.size() && kPeople.count(tokens[k]) > 0 && counted_metric != nullptr &&
        (counted_metric->source == "film" || counted_metric->source == "inventory")) {
      return ask_back(plan, "You asked how many " + tokens[k] + ", and I read a count of " +
                                lower(counted_metric->label) +
                                ". Could you say it another way, for example \"customers who "
                                "have not rented …\"?");
    }
  }
  // "what was revenue on the busiest day of June?": "busiest" ranks by how much went out, the
  // figure asked is money — ranking the days by money would answer another question. ("the
  // busiest day by revenue" says by what.)
  if (sq["order"].is_string() && contains(tokens, {"busiest", "busier"}) &&
      !contains(tokens, {"by", "terms"})) {
    const auto* ranked = model_.metric(sq.value("metric", ""));
    if (ranked != nullptr && ranked->format == "currency") {
      return ask_back(plan, "\"Busiest\" ranks by rentals, and the figure asked for is " +
                                lower(ranked->label) + ". Shall I rank by rentals, or by " +
                                lower(ranked->label) + "?");
    }
  }
  // "which Horror titles do we stock?", "which customers rented in June but not in July?": the
  // things themselves, listed with their copies, rentals or payments — not how many there are.
  {
    static const std::map<std::string, std::pair<std::string, std::string>> kListed = {
        {"titles_stocked", {"inventory_items", "film"}},
        {"rented_titles", {"rentals", "film"}},
        {"renting_customers", {"rentals", "customer"}},
        {"customers_returning_late", {"late_returns", "customer"}},
        {"paying_customers", {"payments", "customer"}}};
    static const std::set<std::string> kThings = {"titles",    "films", "movies", "dvds",
                                                  "customers", "ones",  "title",  "film"};
    const auto listed = kListed.find(sq["metric"].get<std::string>());
    std::optional<size_t> which_at;
    for (size_t i = 0; i < tokens.size() && !which_at; ++i) {
      if (tokens[i] != "which" && tokens[i] != "list") continue;
      for (size_t k = i + 1; k < tokens.size() && k <= i + 4; ++k) {
        if (kThings.count(tokens[k]) > 0) which_at = i;
      }
    }
    const bool counted = contains(tokens, {"many", "number", "count", "total", "percent"});
    if (listed != kListed.end() && which_at && !counted && sq["dimensions"].empty() &&
        sq["order"].is_null() && sq["limit"].is_null() && sq["growth"].is_null() &&
        !sq.value("share", false) && !sq.contains("also") &&
        model_.metric(listed->second.first) != nullptr) {
      const auto key = model_.metric(sq["metric"].get<std::string>())->entity_key;
      sq["metric"] = listed->second.first;
      sq["dimensions"] = nlohmann::json::array({listed->second.second});
      sq["list_of"] = key;
      claims.push_back({*which_at, *which_at + 1, "presentation",
                        "a list of the " +
                            std::string(listed->second.second == "film" ? "titles" : "customers") +
                            " themselves, each with its " +
                            lower(model_.metric(listed->second.first)->label)});
    }
    // "Which Action titles don't we have a single copy of?": the films themselves, one row each.
    static const std::set<std::string> kFilmsListed = {"films_not_stocked", "films_never_rented",
                                                       "stocked_titles_not_rented"};
    if (kFilmsListed.count(sq["metric"].get<std::string>()) > 0 && which_at && !counted &&
        sq["dimensions"].empty() && sq["order"].is_null() && sq["limit"].is_null() &&
        sq["growth"].is_null() && !sq.value("share", false) && !sq.contains("also") &&
        model_.dimension("film") != nullptr) {
      sq["dimensions"] = nlohmann::json::array({"film"});
      claims.push_back(
          {*which_at, *which_at + 1, "presentation", "a list of the titles themselves"});
    }
  }

  // "where does Mexico rank among countries by customers?": a ranking narrowed to the one member
  // it places ranks nothing — its position among the others is not computed yet.
  if (sq["order"].is_string() && sq["dimensions"].size() == 1 && !sq["growth"].is_object()) {
    for (const auto& f : sq["filters"]) {
      if (f.value("dimension", "") == sq["dimensions"][0] && !f.value("exclude", false) &&
          f.value("values", nlohmann::json::array()).size() == 1 &&
          sq["dimensions"][0] != "store") {
        return ask_back(plan, "I cannot yet give where one " +
                                  dimension_phrase(sq["dimensions"][0].get<std::string>()) +
                                  " stands in a ranking. Would the whole ranking help?");
      }
    }
  }
  // "what share of my H1 takings came from my ten best-earning titles?": one share, of the ten
  // together — a list of ten shares would answer another question.
  if (sq.value("share", false) && sq["order"].is_string() && sq["limit"].is_number() &&
      sq["limit"].get<int>() > 1 && !tokens.empty() && tokens[0] == "what" && tokens.size() > 2 &&
      (tokens[1] == "share" || tokens[1] == "percentage" || tokens[1] == "percent" ||
       tokens[1] == "proportion" || tokens[1] == "fraction" || tokens[1] == "%" ||
       tokens[1] == "part") &&
      contains(tokens, {"from", "came", "come", "comes"})) {
    return ask_back(plan,
                    "I can list each of the top " + std::to_string(sq["limit"].get<int>()) +
                        " with its own share, but not yet their share taken together. Would the "
                        "list help?");
  }
  // "store 2's June takings as a % of store 1's": one store's figure over the other's, not each
  // store's share of the two together.
  if (sq.value("share", false) && sq["dimensions"] == nlohmann::json::array({"store"})) {
    const std::string lowered = lower(request.question);
    for (const char* of_a_store :
         {"% of store", "percent of store", "percentage of store", "share of store",
          "fraction of store", "proportion of store", "% of what store", "% of the other store"}) {
      if (lowered.find(of_a_store) != std::string::npos) {
        return ask_back(plan,
                        "I can give each store's share of the stores' total, but not yet one "
                        "store's figure as a percentage of another's. Would the two figures side "
                        "by side help?");
      }
    }
  }
  // "what's the longest any July rental from my store stayed out?": with one store in scope a
  // ranking of stores ranks nothing — the superlative was about something else (the single
  // longest rental), and "store 1 leads with its average" would answer another question.
  // (So with a condition on the groups: "which payment amounts came up more than 500 times at
  // my store" held 500 against the store's whole count.)
  if (((sq["order"].is_string() && sq["limit"].is_number()) ||
       (sq.contains("having") && sq["having"].is_object())) &&
      sq["dimensions"] == nlohmann::json::array({"store"}) && request.store_ids.size() == 1 &&
      !sq["growth"].is_object()) {
    return ask_back(plan,
                    "You see one store, so ranking stores would say nothing. Could you say what "
                    "the \"most\" or \"longest\" is of — for example each film, customer or "
                    "day?");
  }
  // "for every dollar my 99-cent titles took, how much did the $4.99 titles take?": two values
  // of one attribute, each for its own figure — read as both at once no row could pass, and the
  // answer would be a confident nothing. Asked back.
  if (sq.contains("conditions") && sq["conditions"].is_array()) {
    const auto& all = sq["conditions"];
    for (size_t a = 0; a < all.size(); ++a) {
      for (size_t b = a + 1; b < all.size(); ++b) {
        if (all[a].value("attribute", "") == all[b].value("attribute", "") &&
            all[a].value("op", "") == "=" && all[b].value("op", "") == "=" &&
            all[a].value("value", 0.0) != all[b].value("value", 0.0)) {
          return ask_back(plan, "\"" + all[a].value("text", std::string()) + "\" and \"" +
                                    all[b].value("text", std::string()) +
                                    "\" cannot both hold for one row. Did you mean two figures, "
                                    "one for each? Could you ask them one at a time?");
        }
      }
    }
  }
  std::string measure_meaning;  // when the measure read is not the metric's own label
  // "how many customers never rented a Horror film?", "… a film with PENELOPE GUINESS in it in
  // July": what they never rented is narrowed by the film, not the customers — the customers on
  // the books without a rental of those films (in that period), read as a row set they lack.
  if (const auto* lacking = model_.metric(sq["metric"].get<std::string>());
      lacking != nullptr && lacking->name == "customers_not_renting" &&
      model_.metric("customers") != nullptr &&
      (sq["dimensions"].empty() || sq["dimensions"] == nlohmann::json::array({"customer"})) &&
      !sq["growth"].is_object() && !sq.contains("without") && !sq.contains("with_also")) {
    const auto& customers_src = model_.source(lacking->source);
    const auto& rentals_src = model_.source("v_rental_scoped");
    nlohmann::json kept = nlohmann::json::array();
    nlohmann::json inside = nlohmann::json::array();
    for (const auto& f : sq["filters"]) {
      const auto* dim = model_.dimension(f.value("dimension", ""));
      const bool of_customer = dim != nullptr && model_.applies(*dim, customers_src);
      (of_customer || dim == nullptr || !model_.applies(*dim, rentals_src) ? kept : inside)
          .push_back(f);
    }
    if (!inside.empty()) {
      nlohmann::json rows = {{"source", "v_rental_scoped"},
                             {"key", "customer_id"},
                             {"filters", inside},
                             {"text", "never rented"}};
      if (sq["time"].is_object()) rows["time"] = sq["time"];
      sq["metric"] = "customers";
      sq["filters"] = kept;
      sq["time"] = nullptr;
      sq["without"] = nlohmann::json::array({rows});
      measure_meaning = "Customers with no rental of these films";
    }
  }
  // ---- permissions: every view the query would read must be the role's ----
  // "what % of July renters rented at least one comedy?": the share of the people who rented
  // that did so at least once is the share of renting (paying) customers — not a share of
  // rentals per customer. Another threshold per person is a ratio this plan does not compute.
  if (sq["share_of"].is_object() && sq.contains("having") && sq["having"].is_object() &&
      sq["dimensions"] == nlohmann::json::array({"customer"})) {
    const auto op = sq["having"].value("op", "");
    const double value = sq["having"].value("value", 0.0);
    const bool at_least_once = (op == ">=" && value == 1.0) || (op == ">" && value == 0.0);
    const std::string people = sq["metric"] == "rentals" ? "renting_customers"
                               : sq["metric"] == "payments" || sq["metric"] == "revenue"
                                   ? "paying_customers"
                                   : "";
    if (!at_least_once || people.empty() || model_.metric(people) == nullptr) {
      return ask_back(plan,
                      "A share of customers who did something more than once is not something I "
                      "can compute yet. Would the share who did it at least once help?");
    }
    sq["metric"] = people;
    sq["dimensions"] = nlohmann::json::array();
    sq.erase("having");
  }
  const auto* m = model_.metric(sq["metric"].get<std::string>());
  std::vector<std::string> all_dims = sq["dimensions"].get<std::vector<std::string>>();
  for (const auto& f : sq["filters"]) all_dims.push_back(f.at("dimension").get<std::string>());
  if (sq["share_of"].is_object())
    all_dims.push_back(sq["share_of"]["dimension"].get<std::string>());
  for (const auto& d : all_dims) {
    const auto* dim = model_.dimension(d);
    if (dim == nullptr || !model_.applies(*dim, model_.source(m->source))) {
      plan.status = Plan::Status::kNeedsClarification;
      plan.clarification = {
          {"question", m->label + " can't be broken down by " + dimension_phrase(d) +
                           ". Would one of these help?"},
          {"options",
           nlohmann::json::array(
               {{{"label", m->label + " by month"}, {"question", m->label + " by month"}},
                {{"label", m->label + " by store"}, {"question", m->label + " by store"}}})}};
      return plan;
    }
  }
  plan.views_used = model_.views_for(*m, all_dims);
  // Further measures carried from the previous turn ("revenue and rentals in June" → "and by
  // store?"): kept when the new shape still lines them up, else asked which one.
  if (sq.contains("also")) {
    auto why = semantic::why_not_several_measures(sq, model_);
    // A top N ranks by one measure: which one is asked — unless the rows were already a ranking
    // with further measures beside it ("top 5 films by rentals, with their revenue").
    const bool ranked_beside_before = request.previous.is_object() &&
                                      request.previous.contains("also") &&
                                      request.previous.value("limit", nlohmann::json()).is_number();
    if (why.empty() && sq["limit"].is_number() && !ranked_beside_before) {
      why = "several measures cannot be shown with a top or bottom N";
    }
    if (!why.empty()) {
      plan.status = Plan::Status::kNeedsClarification;
      nlohmann::json options = nlohmann::json::array();
      options.push_back({{"label", m->label}, {"question", m->label}});
      for (const auto& name : sq["also"]) {
        if (const auto* more = model_.metric(name.get<std::string>())) {
          options.push_back({{"label", more->label}, {"question", more->label}});
        }
      }
      plan.clarification = {
          {"question", "That shows one measure at a time (" + why + "). Which one?"},
          {"options", options}};
      return plan;
    }
    plan.also_measures = nlohmann::json::array();
    for (const auto& name : sq["also"]) {
      const auto* more = model_.metric(name.get<std::string>());
      if (more == nullptr) continue;
      plan.also_measures.push_back({{"name", more->name},
                                    {"label", more->label},
                                    {"format", more->format},
                                    {"kind", measure_kind(*more)}});
      // Read under the same permission check as the metric's own views, below.
      for (auto& view : model_.views_for(*more, {})) {
        if (std::find(plan.views_used.begin(), plan.views_used.end(), view) ==
            plan.views_used.end()) {
          plan.views_used.push_back(std::move(view));
        }
      }
    }
  }

  if (refused_unless_readable(plan, request.role, plan.views_used)) return plan;
  const auto& src = model_.source(m->source);
  if (src.checked_by_hand()) plan.views_used.push_back(src.view);

  plan.metric_label = m->label;
  if (!first_set_words.empty()) plan.metric_label += " (" + first_set_words + ")";
  plan.metric_format = m->format;
  // A count of things reads "There were 3,352 rentals"; an amount or an average "Revenue was".
  plan.metric_kind = measure_kind(*m);
  if (share_of_whole || sq.value("share_within", false)) {
    plan.metric_label = m->label + (src.view == "v_customer_masked" ? " as a share of all customers"
                                                                    : " as a share of all");
    plan.metric_format = "percent";
    plan.metric_kind = "ratio";
  }
  if (sq["share_of"].is_object() && sq["share_of"].contains("values")) {
    // "Share of rentals (category Horror or Sci-Fi) in July 2022 was 12.30%".
    std::string what = m->label;
    if (!what.empty()) {
      what[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(what[0])));
    }
    const auto& so = sq["share_of"];
    std::string values;
    for (size_t i = 0; i < so["values"].size(); ++i) {
      const auto& v = so["values"][i];
      values += (i == 0 ? "" : (i + 1 == so["values"].size() ? " or " : ", ")) +
                (v.is_string() ? v.get<std::string>() : v.dump());
    }
    plan.metric_label = "Share of " + what + " (" + so.value("dimension", std::string()) +
                        (so.value("exclude", false) ? " not " : " ") + values + ")";
    plan.metric_format = "percent";
  }
  if (sq.value("share_by_conditions", false)) {
    // "Share of revenue with payment amount over $8.00 … was 12.16%" (the narration names the
    // conditions, as for any answer).
    std::string what = m->label;
    if (!what.empty()) {
      what[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(what[0])));
    }
    plan.metric_label = "Share of " + what;
    plan.metric_format = "percent";
  }
  if (plan.metric_format == "percent") plan.metric_kind = "ratio";
  if (sq.contains("average_per")) {
    plan.metric_kind = "average";
    std::string label = m->label;
    if (!label.empty()) label[0] = static_cast<char>(std::tolower(label[0]));
    const auto grain = sq["average_per"].get<std::string>();
    plan.metric_label =
        "Average " + label + " per " + grain + " (over the " + grain + "s with any)";
  }

  // ---- intent and explanation ----
  if (!sq["growth"].is_null() || store_compare || (times.size() >= 2 && !sq["time"].is_null())) {
    plan.intent = "comparison";
  } else if (ranking) {
    plan.intent = "ranking";
  } else if (sq["share"].get<bool>() || sq["share_of"].is_object()) {
    plan.intent = "distribution";
  } else if (has_time_dim && !has_plain_dim) {
    plan.intent = "trend";
  } else if (!dlist.empty() || !sq["dimensions"].empty()) {
    plan.intent = has_time_dim ? "trend" : "distribution";
  } else {
    plan.intent = "kpi";
  }
  if (sq.contains("average_per")) plan.intent = has_plain_dim ? "distribution" : "kpi";
  // The rows of a breakdown counted or added up are one figure.
  if (sq.value("count_groups", false) || sq.value("total_of_groups", false) ||
      sq.value("total_of_ranked", false)) {
    plan.intent = "kpi";
  }
  for (const auto& f : sq["filters"]) {
    std::string text = f.at("dimension").get<std::string>() + " = ";
    for (size_t i = 0; i < f.at("values").size(); ++i) {
      const auto& v = f.at("values")[i];
      text += (i ? ", " : "") + (v.is_string() ? v.get<std::string>() : v.dump());
    }
    plan.filters.push_back(text);
  }
  if (sq["time"].is_object()) {
    plan.time_range = sq["time"];
  } else if (sq["growth"].is_object()) {
    plan.time_range = {{"label", sq["growth"]["previous"]["label"].get<std::string>() + " vs " +
                                     sq["growth"]["current"]["label"].get<std::string>()},
                       {"from", sq["growth"]["previous"]["from"]},
                       {"to", sq["growth"]["current"]["to"]},
                       {"relative", sq["growth"]["current"]["relative"]}};
  }
  // "payments over $5 in May: how many and what they added up to" read as the amount alone: a
  // count asked for beside a money measure is never dropped — asked back unless both figures
  // are planned ("how many dollars" is the money itself).
  // (Groups counted by their sum — "how many customers paid over $150 in total" — are the count.)
  if (!is_follow_up && !sq.contains("also") && !sq.value("count_groups", false)) {
    const auto* chosen = model_.metric(sq["metric"].get<std::string>());
    bool count_asked = false;
    for (size_t i = 0; i + 1 < tokens.size(); ++i) {
      if (tokens[i] == "how" && tokens[i + 1] == "many" &&
          (i + 2 >= tokens.size() ||
           !contains(Tokens{tokens[i + 2]}, {"dollars", "bucks", "$", "usd", "cents", "euros"}))) {
        count_asked = true;
      }
    }
    if (chosen != nullptr && chosen->format == "currency" && count_asked) {
      plan.status = Plan::Status::kNeedsClarification;
      // (No ready-made rewordings: one that only names the count would be asked this again.)
      plan.clarification = {
          {"question", "You asked \"how many\" beside an amount (" + chosen->label +
                           "), and I would answer only the amount. Could you ask for the count "
                           "and the amount together, e.g. \"number of payments and their "
                           "total\"?"},
          {"options", nlohmann::json::array()}};
      return plan;
    }
  }
  // "Did store 1 or store 2 take more, and by how much?", "which of my stores rented out more
  // Horror, and by how many?", "store 1 v store 2: average payment, and the gap": two members of
  // one breakdown and the distance between them — one row (the one ahead, the one after it, the
  // gap), so the gap asked for is a figure of the answer and not only of its narrative.
  // "top 5 days by revenue in Q1", "the 3 best weeks for rentals": the days (weeks, months,
  // hours) named right after the number are what is ranked.
  if (top_n && sq["dimensions"].empty() && !sq.contains("lookup") && !sq.contains("figures") &&
      !sq["growth"].is_object()) {
    static const std::map<std::string, std::string> kRankedPeriods = {{"days", "day"},
                                                                      {"dates", "day"},
                                                                      {"weeks", "week"},
                                                                      {"months", "month"},
                                                                      {"hours", "hour"}};
    for (size_t i = 1; i < tokens.size(); ++i) {
      const auto ranked = kRankedPeriods.find(tokens[i]);
      if (used[i] || ranked == kRankedPeriods.end() ||
          model_.dimension(ranked->second) == nullptr) {
        continue;
      }
      const bool after_number = number_word(tokens[i - 1]) == *top_n ||
                                (i >= 2 && number_word(tokens[i - 2]) == *top_n &&
                                 classify_word(tokens[i - 1]) == WordClass::kRanking);
      if (!after_number) continue;
      sq["dimensions"] = nlohmann::json::array({ranked->second});
      sq["order"] = ascending ? "metric_asc" : "metric_desc";
      sq["limit"] = *top_n;
      sq["intent"] = "ranking";
      plan.intent = "ranking";
      cover(i, i + 1);
      claims.push_back({i, i + 1, "breakdown", "by " + ranked->second});
      break;
    }
  }
  // "the 5 longest comedies", "the shortest drama": a film's own fact ranks films, and the genre
  // named right after the number (or right after the superlative, for one film) is the films it
  // ranks (a filter, read before) — not the genre's average ("the average length of dramas").
  static const std::set<std::string> kFilmFacts = {"avg_film_length", "avg_rental_rate",
                                                   "avg_replacement_cost"};
  const bool one_superlative = !top_n && metric && sq["order"].is_null() &&
                               classify_word(tokens[metric->begin]) == WordClass::kRanking &&
                               !contains(tokens, {"average", "avg", "mean", "typical", "median"});
  if ((top_n || one_superlative) && sq["dimensions"].empty() && !sq.contains("lookup") &&
      !sq.contains("figures") && !sq["growth"].is_object() &&
      kFilmFacts.count(sq.value("metric", "")) > 0 && model_.dimension("film") != nullptr) {
    const auto genre_ranked = [&](size_t i) {
      if (!top_n) return i == metric->end;
      return i > 0 && (number_word(tokens[i - 1]) == *top_n ||
                       (i >= 2 && number_word(tokens[i - 2]) == *top_n &&
                        classify_word(tokens[i - 1]) == WordClass::kRanking));
    };
    for (const auto& f : entities.filters) {
      if (f.exclude || f.dimension != "category" || !genre_ranked(f.begin)) continue;
      sq["dimensions"] = nlohmann::json::array({"film"});
      sq["order"] = ascending ? "metric_asc" : "metric_desc";
      sq["limit"] = top_n.value_or(1);
      sq["intent"] = "ranking";
      plan.intent = "ranking";
      claims.push_back({f.begin, f.end, "breakdown",
                        "by film (the " + lower(f.value.get<std::string>()) + " films)"});
      break;
    }
  }
  // "top 5 by revenue" with nothing to rank (no films, categories, stores …): the number would
  // be dropped and one total answered — asked back instead.
  if (top_n && sq["dimensions"].empty() && !sq.contains("lookup") && !sq.contains("figures") &&
      !sq.value("count_groups", false) && !sq["growth"].is_object()) {
    const auto* ranked_metric = model_.metric(sq["metric"].get<std::string>());
    const std::string label = ranked_metric != nullptr ? ranked_metric->label : "it";
    const std::string n = std::to_string(*top_n);
    plan.status = Plan::Status::kNeedsClarification;
    plan.partial = true;
    plan.clarification = {
        {"question", "Top " + n + " of what? I found nothing to rank by " + lower(label) +
                         " — films, categories, customers or stores, for example."},
        {"options",
         nlohmann::json::array({{{"label", "Top " + n + " films"},
                                 {"question", "top " + n + " films by " + lower(label)}},
                                {{"label", "Top " + n + " categories"},
                                 {"question", "top " + n + " categories by " + lower(label)}}})}};
    return plan;
  }
  // A follow-up keeps the gap only while it still compares the same two ("and the fortnight
  // before that?"); "by category instead" ranks every category again.
  const bool gap_carried =
      is_follow_up && sq.value("gap", false) &&
      sq["dimensions"] == request.previous.value("dimensions", nlohmann::json()) &&
      sq["order"].is_string() && sq["limit"] == 2;
  sq.erase("gap");
  if (gap_carried) sq["gap"] = true;
  sq.erase("growth_gap");
  if (asks_for_gap(tokens) && sq["growth"].is_object()) sq["growth_gap"] = true;
  if (!is_follow_up && asks_for_gap(tokens) && sq["dimensions"].size() == 1 &&
      !sq["growth"].is_object() && !sq.value("share", false) && !sq["share_of"].is_object() &&
      !sq.value("share_by_conditions", false) && !sq.value("share_within", false) &&
      !sq.contains("also") && !sq.contains("figures") && !sq.value("count_groups", false) &&
      !sq.contains("average_per") && !sq.contains("limit_per") && !sq.contains("lookup") &&
      !sq.value("period_change", false)) {
    const std::string dim = sq["dimensions"][0].get<std::string>();
    const bool ranked_two = sq["order"].is_string() && sq["limit"] == 2;
    bool named_two = false;
    bool filtered = false;
    for (const auto& f : sq["filters"]) {
      if (f.value("dimension", std::string()) != dim) continue;
      filtered = true;
      named_two = f.contains("values") && f["values"].is_array() && f["values"].size() == 2 &&
                  !f.value("exclude", false);
    }
    const bool two_stores = dim == "store" && !filtered && sq["store_ids"].is_array() &&
                            sq["store_ids"].size() == 2 && sq["limit"].is_null();
    if (ranked_two || named_two || two_stores) {
      sq["gap"] = true;
      // "which store had fewer rentals, and how many fewer?": the one behind first.
      if (!sq["order"].is_string()) {
        sq["order"] = contains(tokens, {"fewer", "less", "lower", "fewest", "least", "smaller"}) &&
                              !contains(tokens, {"more", "higher", "most", "bigger", "greater"})
                          ? "metric_asc"
                          : "metric_desc";
      }
      sq["limit"] = 2;
    }
  }
  sq["intent"] = plan.intent;
  // "and on the Sunday?" after "on Saturday the 20th": the Sunday of that week, not every Sunday
  // in the period (nor Sundays within the Saturday, which are none).
  if (is_follow_up && times.empty() &&
      request.previous.value("time", nlohmann::json()).is_object()) {
    const auto& earlier_day = request.previous["time"];
    const auto from = parse_date(earlier_day.value("from", "")),
               to = parse_date(earlier_day.value("to", ""));
    auto day_filters = sq.value("filters", nlohmann::json::array());
    const auto weekday_filter =
        std::find_if(day_filters.begin(), day_filters.end(), [](const auto& f) {
          return f.value("dimension", "") == "day_of_week" &&
                 f.value("values", nlohmann::json()).size() == 1;
        });
    if (from && to && *to - *from == std::chrono::days{1} && weekday_filter != day_filters.end()) {
      static const std::array<const char*, 7> kNames = {
          "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
      const std::string wanted = (*weekday_filter)["values"][0].get<std::string>();
      const auto at = std::find(kNames.begin(), kNames.end(), wanted);
      if (at != kNames.end()) {
        const auto monday =
            *from - std::chrono::days{std::chrono::weekday{*from}.iso_encoding() - 1};
        const auto day = monday + std::chrono::days{at - kNames.begin()};
        day_filters.erase(weekday_filter);
        sq["filters"] = day_filters;
        sq["time"] = {{"from", format_date(day)},
                      {"to", format_date(day + std::chrono::days{1})},
                      {"label", format_date(day)},
                      {"grain", "day"},
                      {"relative", false}};
        plan.time_range = {{"label", format_date(day)},
                           {"from", format_date(day)},
                           {"to", format_date(day + std::chrono::days{1})}};
      }
    }
  }
  // "and how many on the Saturday only?" after "on both the Saturday and the Sunday": those of
  // one day and not the other — the row set the previous question also required is now left out.
  if (is_follow_up && contains(tokens, {"only"}) && sq.contains("with_also") &&
      sq["with_also"].is_array() && !sq.contains("without")) {
    sq["without"] = sq["with_also"];
    sq.erase("with_also");
    for (auto& part : sq["without"]) {
      if (!part.is_object()) continue;
      auto text = part.value("text", std::string());
      if (text.starts_with("and also ")) text = "but not " + text.substr(9);
      part["text"] = text;
    }
  }
  if (is_follow_up) {
    carry_edits_into_figures(sq, request.previous);
    reconcile_row_sets(sq, request.previous);
  }
  plan.semantic_query = sq;
  plan.status = Plan::Status::kOk;

  if (customers_asked && metric &&
      (sq["metric"] == "rentals" || sq["metric"] == "revenue" || sq["metric"] == "payments") &&
      !sq.value("count_groups", false) &&
      std::find(sq["dimensions"].begin(), sq["dimensions"].end(), "customer") ==
          sq["dimensions"].end()) {
    const auto& customer_words = *customers_asked;
    const std::string what = model_.metric(sq["metric"].get<std::string>())->label;
    const bool rentals = sq["metric"] == "rentals";
    plan.status = Plan::Status::kNeedsClarification;
    plan.partial = true;
    plan.not_understood = {tokens[customer_words.begin]};
    plan.clarification = {
        {"question", "Do you want the number of customers, or " +
                         std::string(sq["metric"] == "revenue" ? "the " : "the number of ") +
                         lower(what) + "? I could not tell how \"" + tokens[customer_words.begin] +
                         "\" goes with \"" + join_tokens(tokens, metric->begin, metric->end) +
                         "\"."},
        {"options", nlohmann::json::array(
                        {{{"label", rentals ? "Renting customers" : "Paying customers"},
                          {"question", std::string(rentals ? "how many customers rented"
                                                           : "how many customers paid") +
                                           (metric->end < tokens.size() ? " " : "") +
                                           join_tokens(tokens, metric->end, tokens.size())}}})}};
    return plan;
  }
  // "customers who rented in both June and July", "… in every month from May to August": the
  // people present in each of the periods. A distinct count over the span (or one per period)
  // would answer another question, so it is asked back.
  if (m->expr.find("DISTINCT") != std::string::npos || m->source == "v_customer_masked") {
    static const std::set<std::string> kPeriodNouns = {"month",   "months",   "week", "weeks",
                                                       "quarter", "quarters", "day",  "days"};
    bool in_each = false;
    for (size_t i = 0; i + 1 < tokens.size(); ++i) {
      in_each =
          in_each || (tokens[i] == "both" && times.size() >= 2) ||
          ((tokens[i] == "every" || tokens[i] == "all") && kPeriodNouns.count(tokens[i + 1]) &&
           i > 0 && (tokens[i - 1] == "in" || tokens[i - 1] == "during"));
    }
    if (in_each) {
      plan.status = Plan::Status::kNeedsClarification;
      plan.partial = true;
      const std::string label = lower(m->label);
      plan.clarification = {
          {"question", "I cannot yet count the " + label +
                           " present in every one of several periods (in both, or in each). "
                           "Would the " +
                           label + " per period help?"},
          {"options",
           nlohmann::json::array(
               {{{"label", m->label + " by month"},
                 {"question",
                  m->label + " by month" +
                      (sq["time"].is_object() ? " in " + sq["time"].value("label", std::string())
                                              : std::string())}}})}};
      return plan;
    }
  }

  // ---- every word accounted for ----
  // "Which actors have appeared in more than 35 films? Names only." / "… all told? ids": how to
  // show a list of people or things the answer already lists by name (or, for customers, by id).
  if (!sq["dimensions"].empty() && !sq["order"].is_string() && !sq.contains("figures") &&
      !sq.contains("also")) {
    const std::string dim = sq["dimensions"].back().get<std::string>();
    const bool named_rows = dim == "actor" || dim == "film" || dim == "customer" ||
                            dim == "category" || dim == "staff" || dim == "city" ||
                            dim == "country";
    for (size_t i = 0; named_rows && i < tokens.size(); ++i) {
      const bool names = tokens[i] == "names" || tokens[i] == "name";
      const bool ids = tokens[i] == "ids" || tokens[i] == "id";
      if (used[i] || !(names || ids) || (ids && dim != "customer")) continue;
      // Only as a closing instruction: "names only", "just the ids", "ids please", "… ? ids".
      size_t end = i + 1;
      while (end < tokens.size() && (tokens[end] == "only" || tokens[end] == "please")) ++end;
      size_t begin = i;
      while (begin > 0 && (tokens[begin - 1] == "just" || tokens[begin - 1] == "the" ||
                           tokens[begin - 1] == "only" || tokens[begin - 1] == "their")) {
        --begin;
      }
      const bool closing = end == tokens.size() || tokens[end] == "?" || tokens[end] == ".";
      if (!closing || begin == 0) continue;
      cover(begin, end);
      claims.push_back({begin, end, "presentation", "the list as asked: one row each"});
    }
  }
  // "Family or Animation rentals … - each rental once": what is counted is already counted once
  // (the rows of the measure's own unit, filtered by EXISTS, or a distinct count of customers).
  {
    const std::string metric_name = sq["metric"].get<std::string>();
    const std::string unit = metric_name == "rentals"                             ? "rental"
                             : metric_name == "payments"                          ? "payment"
                             : metric_name.find("customers") != std::string::npos ? "customer"
                                                                                  : "";
    for (size_t i = 2; !unit.empty() && i < tokens.size(); ++i) {
      if (used[i] || tokens[i] != "once") continue;
      const std::string noun = tokens[i - 1] == "counted" ? tokens[i - 2] : tokens[i - 1];
      const size_t noun_at = tokens[i - 1] == "counted" ? i - 2 : i - 1;
      if (noun != unit && noun != unit + "s") continue;
      size_t begin = noun_at;
      if (begin > 0 && (tokens[begin - 1] == "each" || tokens[begin - 1] == "every")) --begin;
      cover(begin, i + 1);
      claims.push_back({begin, i + 1, "presentation", "each " + unit + " is counted once"});
    }
  }
  if (top_n) {
    for (size_t i = 0; i < tokens.size(); ++i) {
      if (!used[i] && number_word(tokens[i]) == *top_n) cover(i, i + 1);
    }
  }
  Carried carried;
  carried.ranked = sq["order"].is_string() || top_n.has_value() || sq.contains("limit_per");
  carried.rows = !sq["dimensions"].empty();
  // ("Italian vs German films, one line per language": the members named are the rows.)
  const bool members_as_rows = [&] {
    for (const auto& f : sq.value("filters", nlohmann::json::array())) {
      if (f.value("exclude", false) || f.value("values", nlohmann::json::array()).size() < 2) {
        continue;
      }
      for (const auto& d : sq["dimensions"]) {
        if (d == f.value("dimension", nlohmann::json())) return true;
      }
    }
    return false;
  }();
  carried.compared = store_compare || by_own_grain || sq["growth"].is_object() ||
                     sq.contains("having") || sq["dimensions"].size() > dim_names.size() ||
                     members_as_rows;
  carried.growth = sq["growth"].is_object() || sq.value("period_change", false);
  carried.share = sq.value("share", false) || sq["share_of"].is_object() ||
                  sq.value("share_by_conditions", false) || m->format == "percent";
  carried.distinct = m->expr.find("DISTINCT") != std::string::npos ||
                     m->source == "v_customer_masked" || m->source == "film" ||
                     m->name == "titles_stocked" || sq.value("count_groups", false);
  carried.rentals = m->source == "v_rental_scoped" || m->source == "v_payment_scoped" ||
                    m->name.find("rent") != std::string::npos;
  carried.average =
      m->agg == "avg" || sq.contains("average_per") || m->name.find("avg") != std::string::npos ||
      m->name.find("median") != std::string::npos || m->name.find("per_") != std::string::npos;
  if (metric) {
    claims.push_back({metric->begin, metric->end, "measure",
                      measure_meaning.empty() ? m->label : measure_meaning});
  } else if (is_follow_up) {
    claims.push_back({0, 0, "follow-up", "continues the previous question (" + m->label + ")"});
  }
  for (const auto& d : dims) {
    if (d.name == "store" && stores_together) {
      claims.push_back({d.begin, d.end, "store", "the stores in scope, together"});
      continue;
    }
    claims.push_back({d.begin, d.end, "breakdown", "by " + dimension_phrase(d.name)});
  }
  if (m != nullptr && (!metric || metric->name != m->name)) add_measure_words(m->synonyms);
  auto unread = not_understood(carried);
  // A breakdown asked for in so many words ("by store", "per category", "each month") that the
  // plan does not carry would be dropped in silence (its words are all plain words): quoted back.
  {
    const auto carried_dim = [&](const std::string& name) {
      for (const auto& d : sq["dimensions"]) {
        if (d == name) return true;
      }
      return (name == "store" &&
              (store_compare || every_store_pooled || sq["share_of"].is_object())) ||
             sq.value("average_per", "") == name || sq.value("limit_per", "") == name ||
             (sq["growth"].is_object() && model_.dimension(name) != nullptr &&
              model_.dimension(name)->is_time);
    };
    for (const auto& dm : dim_matches) {
      const auto is_cue = [](const std::string& w) {
        return w == "by" || w == "per" || w == "each" || w == "every";
      };
      const bool cued = is_cue(tokens[dm.begin]) || (dm.begin > 0 && is_cue(tokens[dm.begin - 1]));
      if (!cued || carried_dim(dm.name) || place_subjects.count(dm.begin) > 0) continue;
      // The measure's own words ("rentals per customer"), or who did it ("paid by customers").
      const size_t from = is_cue(tokens[dm.begin]) ? dm.begin : dm.begin - 1;
      if (metric && from < metric->end && metric->begin < dm.end) continue;
      bool measure_named = true;
      for (size_t k = dm.begin; k < dm.end; ++k) {
        measure_named = measure_named && (measure_words.count(tokens[k]) > 0 || is_cue(tokens[k]));
      }
      if (measure_named) continue;
      static const std::set<std::string> kAgentVerbs = {
          "paid", "spent", "made", "generated", "earned", "brought", "rented", "received", "taken"};
      if (tokens[from] == "by" && from > 0 && kAgentVerbs.count(tokens[from - 1])) continue;
      unread.push_back(join_tokens(
          raw, dm.begin > 0 && is_cue(tokens[dm.begin - 1]) ? dm.begin - 1 : dm.begin, dm.end));
    }
  }
  // "the New Zealand shop": a country beside a store word names the stores there, not where the
  // customers live; reading it as the customers' country would answer another question.
  for (const auto& c : claims) {
    if (c.as != "filter" || !c.meaning.starts_with("country ")) continue;
    const bool store_after = c.end < tokens.size() && is_store_word(tokens[c.end]);
    const bool store_before = c.begin > 0 && is_store_word(tokens[c.begin - 1]);
    if (store_after || store_before) {
      unread.push_back(
          join_tokens(raw, store_before ? c.begin - 1 : c.begin, store_after ? c.end + 1 : c.end));
    }
  }
  // "the % of each store's customers that are active": a share within each group, not of the
  // whole, which this plan does not compute: quoted back rather than answered as a share of all.
  if (owned_subject && carried.share) {
    unread.push_back(join_tokens(raw, owned_subject->first, owned_subject->second));
  }
  // "how many of my registered customers rented here last week": the customers whose home store
  // is the asker's — which a count over the store's rentals does not check (a customer of the
  // other store renting here counts). Quoted back, never answered as every renter at the store.
  if ((m->source == "v_rental_scoped" || m->source == "v_payment_scoped") &&
      request.store_ids.size() == 1) {
    for (size_t i = 0; i + 1 < tokens.size(); ++i) {
      const bool home = (tokens[i] == "registered" || tokens[i] == "home") && !covered[i];
      const auto& next = tokens[i + 1];
      if (home && (next == "customers" || next == "customer" || next == "members" ||
                   next == "clients" || next == "renters" || next == "store")) {
        unread.push_back(join_tokens(raw, i, i + 2));
        break;
      }
    }
  }
  // "how many of them are at store 2?" after the customers who spent over $150: customers who
  // *are* at a store (belong to it, are registered there) are its customers by home store, which
  // a count over the rentals or payments made there does not check. Quoted back.
  if (m != nullptr && (m->source == "v_rental_scoped" || m->source == "v_payment_scoped")) {
    static const std::set<std::string> kBeing = {"are", "were", "registered", "belong",
                                                 "belonging"};
    static const std::set<std::string> kPeople = {"customers", "customer", "them",    "they",
                                                  "who",       "members",  "renters", "people"};
    for (const auto& [begin, end] : store_mentions.spans) {
      // (A home store read as one is the customers' filter already.)
      const size_t span_begin = begin, span_end = end;
      if (std::any_of(home_store_spans.begin(), home_store_spans.end(), [&](const auto& h) {
            return h.first <= span_begin && span_end <= h.second;
          })) {
        continue;
      }
      size_t k = begin;
      while (k > 0 && (tokens[k - 1] == "the" || tokens[k - 1] == "my" || tokens[k - 1] == "our")) {
        --k;
      }
      if (k < 2) continue;
      const auto& link = tokens[k - 1];
      const bool linked = link == "at" || link == "in" || link == "with" || link == "to" ||
                          link == "of" || link == "from";
      const bool being = linked && (kBeing.count(tokens[k - 2]) > 0 ||
                                    (tokens[k - 2] == "up" && k >= 3 && tokens[k - 3] == "signed"));
      const bool people_before = std::any_of(tokens.begin(), tokens.begin() + static_cast<long>(k),
                                             [](const std::string& w) { return kPeople.count(w); });
      if (being && people_before) {
        unread.push_back(join_tokens(raw, k - 2, end));
        break;
      }
    }
  }
  if (one_customer_end > 0) {
    unread.push_back(join_tokens(raw, one_customer_begin, one_customer_end));
  }
  // "…, and how many payments were of exactly that amount?": a value the answer itself finds (the
  // biggest payment) used as a condition — not something one query here computes. Quoted back.
  for (size_t i = 1; i + 1 < tokens.size(); ++i) {
    static const std::set<std::string> kValueNouns = {"amount", "figure", "price", "value",
                                                      "sum",    "number", "rate",  "total",
                                                      "length", "cost",   "level", "size"};
    static const std::set<std::string> kBefore = {"of",       "at",    "for",   "with", "exactly",
                                                  "than",     "above", "below", "over", "under",
                                                  "matching", "equal", "to",    "same"};
    if ((tokens[i] == "that" || tokens[i] == "this") && kValueNouns.count(tokens[i + 1]) > 0 &&
        kBefore.count(tokens[i - 1]) > 0) {
      unread.push_back(join_tokens(raw, i - 1, i + 2));
      break;
    }
  }
  // "What percentage of July rentals were made by inactive customers?": a count of customers as
  // they stand, with rentals or payments named beside it, would answer about the customers and
  // drop the rentals ("rentals" alone is a plain word). Quoted back.
  if (metric) {
    static const std::set<std::string> kCustomerCounts = {"customers", "active_customers",
                                                          "inactive_customers"};
    static const std::set<std::string> kEvents = {"rentals", "payments", "revenue"};
    if (kCustomerCounts.count(sq["metric"].get<std::string>()) > 0) {
      for (const auto& event : metric_matches) {
        if (kEvents.count(event.name) == 0 ||
            (event.begin < metric->end && metric->begin < event.end)) {
          continue;
        }
        unread.push_back(join_tokens(raw, event.begin, event.end));
        break;
      }
    }
  }
  // "average rental rate of the titles we stock": a catalogue measure limited to what the stores
  // hold, which this plan does not compute (it would answer for the whole catalogue): quoted back.
  if (m != nullptr && m->source == "film" && m->name != "films_not_stocked" &&
      !sq.value("stocked", false)) {
    if (const auto span = stocked_words(tokens)) {
      unread.push_back(join_tokens(raw, span->first, span->second));
    }
  }
  // "customers … who only rented from store 1": renting there and nowhere else is a set
  // difference this plan does not compute (renting there would count the rest too). Quoted back.
  {
    static const std::set<std::string> kPeople = {"customers", "customer", "people", "renters",
                                                  "clients",   "members",  "who",    "they"};
    static const std::set<std::string> kDid = {"rented",  "rent",    "rents", "used", "use",
                                               "shopped", "visited", "went",  "paid", "borrowed"};
    const bool people = std::any_of(tokens.begin(), tokens.end(),
                                    [](const std::string& w) { return kPeople.count(w) > 0; });
    for (size_t i = 0; people && i + 1 < tokens.size(); ++i) {
      if ((tokens[i] == "only" || tokens[i] == "exclusively" || tokens[i] == "just") &&
          kDid.count(tokens[i + 1]) > 0 && !covered[i]) {
        unread.push_back(join_tokens(raw, i, i + 2));
        break;
      }
    }
  }
  // "late returns as a share of returned rentals": a base other than the whole the measure is
  // counted in (all rentals, all payments, all customers) is a ratio this plan does not compute.
  for (size_t i = 1; i + 2 < tokens.size(); ++i) {
    static const std::set<std::string> kShareNouns = {"share",      "percentage", "percent",
                                                      "proportion", "fraction",   "pct"};
    if (!kShareNouns.count(tokens[i]) || tokens[i + 1] != "of" || tokens[i - 1] != "a") continue;
    // ("as a % of the quarter": of the period's whole.)
    static const std::set<std::string> kWhole = {
        "all",        "total",     "the",   "our",          "my",     "rentals",
        "payments",   "customers", "films", "revenue",      "titles", "movies",
        "everything", "overall",   "sales", "transactions", "rental", "payment",
        "quarter",    "month",     "year",  "period",       "week",   "half"};
    static const std::set<std::string> kStop = {"by",   "per",   "each",   "every", "in",
                                                "for",  "at",    "during", "this",  "last",
                                                "from", "store", "stores"};
    size_t end = i + 2;
    bool plain = true;
    while (end < tokens.size() && end < i + 6 && kStop.count(tokens[end]) == 0) {
      plain = plain && kWhole.count(tokens[end]) > 0;
      ++end;
    }
    if (!plain) unread.push_back(join_tokens(raw, i - 1, end));
  }
  // "split the payments by who took them", "rentals per whichever …": a breakdown by a person or
  // thing the plan did not read is a breakdown dropped — quoted back, never answered as a total.
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    static const std::set<std::string> kBy = {"by", "per"};
    // ("by what percent" asks how much, not a breakdown.)
    static const std::set<std::string> kWho = {"who", "whom", "whoever", "which", "whichever"};
    if (kBy.count(tokens[i]) == 0 || kWho.count(tokens[i + 1]) == 0) continue;
    const bool read = std::any_of(claims.begin(), claims.end(), [&](const Claim& c) {
      return c.begin <= i + 1 && i + 1 < c.end;
    });
    if (read) continue;
    size_t end = i + 2;
    while (end < tokens.size() && end < i + 5 &&
           classify_word(tokens[end]) != WordClass::kContent && !number_value(tokens[end]) &&
           tokens[end] != "in" && tokens[end] != "for") {
      ++end;
    }
    unread.push_back(join_tokens(raw, i, end));
    break;
  }
  finish_reading(plan, claims, raw, unread, request.question);
  return plan;
}

std::set<std::string> planner_vocabulary(const semantic::Model& model) {
  std::set<std::string> words;
  const auto add = [&](const std::string& phrase) {
    for (auto& w : tokenize(phrase)) words.insert(std::move(w));
  };
  for (const auto& m : model.metrics) {
    for (const auto& syn : m.synonyms) add(syn);
  }
  for (const auto* list : {&model.dimensions, &model.attributes}) {
    for (const auto& d : *list) {
      for (const auto& syn : d.synonyms) add(syn);
    }
  }
  for (const auto& [kind, values] : model.entities) {
    for (const auto& v : values) add(v);
  }
  for (const auto& w : lexicon_words()) words.insert(w);
  for (const auto& [kind, map] : model.aliases) {
    for (const auto& [alias, value] : map) add(alias);
  }
  for (const char* w :
       {"january",   "february",  "march",     "april",    "may",       "june",      "july",
        "august",    "september", "october",   "november", "december",  "jan",       "feb",
        "mar",       "apr",       "jun",       "jul",      "aug",       "sep",       "sept",
        "oct",       "nov",       "dec",       "monday",   "tuesday",   "wednesday", "thursday",
        "friday",    "saturday",  "sunday",    "weekend",  "weekends",  "weekday",   "weekdays",
        "last",      "past",      "previous",  "this",     "current",   "next",      "since",
        "year",      "years",     "quarter",   "quarters", "month",     "months",    "week",
        "weeks",     "day",       "days",      "today",    "yesterday", "ytd",       "half",
        "hours",     "hour",      "minutes",   "minute",   "cents",     "dollars",   "morning",
        "afternoon", "evening",   "night",     "noon",     "midday",    "midnight",  "branch",
        "branches",  "location",  "locations", "shop",     "shops",     "outlet",    "outlets",
        "second",    "third",     "before",    "earlier",  "prior",     "preceding", "rated",
        "rating",    "category",  "genre",     "language", "actor",     "actress",   "fortnight"}) {
    words.insert(w);
  }
  // Everyday words a letter or two from a measure: never "corrected" into it ("unrelated, any
  // idea how …" was read as "unrented", films never rented).
  // ("customers marked inactive" is not "masked".)
  for (const char* w :
       {"unrelated", "related", "relate", "relating", "rental's", "reunited", "oriented",
        "invented", "prevented", "presented", "resented", "marked", "flagged", "listed",
        // ("any tips for learning to juggle?" is not about earnings.)
        "learning", "learn", "learned", "learns", "learnt", "yearning", "warning", "warnings"}) {
    words.insert(w);
  }
  return words;
}

}  // namespace copilot::planning
