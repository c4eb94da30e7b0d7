#include "copilot/planning/planner.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <set>

#include "copilot/planning/time_phrases.hpp"

namespace copilot::planning {
namespace {

using Tokens = std::vector<std::string>;

struct Match {
  size_t begin = 0, end = 0;  // token span [begin, end)
  std::string name;           // metric or dimension name
  bool singular = false;      // the matched word was singular ("category" vs "categories")
};

struct Filter {
  std::string dimension;
  nlohmann::json values = nlohmann::json::array();
};

bool contains(const Tokens& t, std::initializer_list<const char*> words) {
  for (const auto& tok : t) {
    for (const char* w : words) {
      if (tok == w) return true;
    }
  }
  return false;
}

Tokens split_words(const std::string& phrase) { return tokenize(phrase); }

bool span_free(const std::vector<bool>& used, size_t begin, size_t end) {
  for (size_t k = begin; k < end; ++k) {
    if (used[k]) return false;
  }
  return true;
}

bool span_equals(const Tokens& t, size_t at, const Tokens& phrase) {
  if (at + phrase.size() > t.size()) return false;
  for (size_t k = 0; k < phrase.size(); ++k) {
    if (t[at + k] != phrase[k]) return false;
  }
  return true;
}

// Longest-first, non-overlapping matches of named synonym lists over the unused tokens.
template <typename Item>
std::vector<Match> match_synonyms(const Tokens& t, const std::vector<bool>& used,
                                  const std::vector<Item>& items) {
  struct Candidate {
    Tokens words;
    std::string name;
    bool singular;
  };
  std::vector<Candidate> candidates;
  for (const auto& item : items) {
    for (const auto& s : item.synonyms) {
      auto words = split_words(s);
      if (words.empty()) continue;
      const bool singular = words.back().empty() || words.back().back() != 's';
      candidates.push_back({std::move(words), item.name, singular});
    }
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const auto& a, const auto& b) { return a.words.size() > b.words.size(); });
  std::vector<bool> taken = used;
  std::vector<Match> out;
  for (const auto& c : candidates) {
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

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] =
          std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
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

struct Entities {
  std::vector<Filter> filters;
  std::vector<int> stores;
  bool both_stores = false;
  std::optional<std::pair<std::string, std::string>> unknown;  // (kind, word)
  std::string suggestion;                                      // closest known value
};

void add_filter(std::vector<Filter>& filters, const std::string& dim, const nlohmann::json& value) {
  for (auto& f : filters) {
    if (f.dimension == dim) {
      f.values.push_back(value);
      return;
    }
  }
  filters.push_back({dim, nlohmann::json::array({value})});
}

// Marks an entity's neighbouring nouns ("Action category", "rated PG-13 films") as used.
void mark_neighbours(const Tokens& t, std::vector<bool>& used, size_t begin, size_t end) {
  if (begin > 0 && kEntityNouns.count(t[begin - 1])) used[begin - 1] = true;
  if (end < t.size() && kEntityNouns.count(t[end])) used[end] = true;
}

Entities find_entities(const Tokens& t, std::vector<bool>& used, const semantic::Model& model) {
  Entities e;
  // Stores: "store 2", "stores 1 and 2", "store #1", "both stores".
  for (size_t i = 0; i < t.size(); ++i) {
    if (used[i]) continue;
    if ((t[i] == "both" || t[i] == "two" || t[i] == "all") && i + 1 < t.size() &&
        (t[i + 1] == "stores" || t[i + 1] == "locations" || t[i + 1] == "branches")) {
      e.both_stores = true;
      used[i] = used[i + 1] = true;
      continue;
    }
    if (t[i] != "store" && t[i] != "stores" && t[i] != "branch" && t[i] != "location") continue;
    size_t j = i + 1;
    bool any = false;
    while (j < t.size()) {
      if (auto n = number_word(t[j]); n && *n >= 1 && *n <= 99) {
        e.stores.push_back(*n);
        used[j] = true;
        any = true;
        ++j;
      } else if ((t[j] == "and" || t[j] == "or" || t[j] == "vs" || t[j] == "versus" ||
                  t[j] == "store" || t[j] == "number" || t[j] == "no") &&
                 j + 1 < t.size() && number_word(t[j + 1])) {
        used[j] = true;
        ++j;
      } else {
        break;
      }
    }
    if (any) used[i] = true;
  }
  // Ratings: "PG-13", "rated R", "G-rated".
  static const std::vector<std::pair<std::string, std::string>> kRatingTokens = {
      {"pg-13", "PG-13"}, {"pg13", "PG-13"}, {"nc-17", "NC-17"}, {"nc17", "NC-17"}, {"pg", "PG"}};
  for (size_t i = 0; i < t.size(); ++i) {
    if (used[i]) continue;
    std::optional<std::string> rating;
    for (const auto& [token, value] : kRatingTokens) {
      if (t[i] == token) rating = value;
    }
    if (!rating && (t[i] == "g" || t[i] == "r") &&
        ((i > 0 && (t[i - 1] == "rated" || t[i - 1] == "rating")) ||
         (i + 1 < t.size() && (t[i + 1] == "rated" || t[i + 1] == "-rated")))) {
      rating = t[i] == "g" ? "G" : "R";
    }
    if (!rating && (t[i] == "g-rated" || t[i] == "r-rated")) rating = t[i] == "g-rated" ? "G" : "R";
    if (rating) {
      add_filter(e.filters, "rating", *rating);
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
      if (w == "weekend" || w == "weekends") days = {"Saturday", "Sunday"};
      if ((w == "weekdays" || w == "weekday") && on) {
        days = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"};
      }
      if (days.empty()) continue;
      for (const auto& d : days) add_filter(e.filters, "day_of_week", d);
      used[i] = true;
      if (on) used[i - 1] = true;
    }
  }
  // Categories, languages, countries: phrase match on the model's entity lists.
  for (const std::string kind : {"country", "category", "language"}) {
    auto it = model.entities.find(kind);
    if (it == model.entities.end()) continue;
    std::vector<std::pair<Tokens, std::string>> phrases;
    for (const auto& v : it->second) phrases.emplace_back(split_words(v), v);
    std::stable_sort(phrases.begin(), phrases.end(),
                     [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
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
        add_filter(e.filters, kind, value);
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
        auto d = edit_distance(t[j], lower(c));
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

nlohmann::json range_json(const TimeRange& r) {
  return {{"from", format_date(r.from)},
          {"to", format_date(r.to)},
          {"label", r.label},
          {"grain", r.grain},
          {"relative", r.relative}};
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

std::string dimension_phrase(const std::string& dim) {
  if (dim == "day_of_week") return "day of week";
  if (dim == "film") return "film";
  return dim;
}

}  // namespace

Tokens tokenize(const std::string& text) {
  Tokens out;
  std::string cur;
  auto flush = [&] {
    // Trim hyphens and apostrophes at the edges; keep inner ones (pg-13, sci-fi).
    while (!cur.empty() && (cur.back() == '-' || cur.back() == '\'')) cur.pop_back();
    size_t start = 0;
    while (start < cur.size() && (cur[start] == '-' || cur[start] == '\'')) ++start;
    cur = cur.substr(start);
    if (cur.size() > 2 && cur.substr(cur.size() - 2) == "'s") cur.resize(cur.size() - 2);
    if (!cur.empty()) out.push_back(cur);
    cur.clear();
  };
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || ch == '-' || ch == '\'') {
      cur.push_back(static_cast<char>(std::tolower(c)));
    } else {
      flush();
      if (ch == '%') out.emplace_back("percent");
    }
  }
  flush();
  // "German-language", "PG-13-rated": split a known noun off a hyphenated word.
  Tokens split;
  for (const auto& tok : out) {
    const auto dash = tok.rfind('-');
    const std::string tail = dash == std::string::npos ? "" : tok.substr(dash + 1);
    if (dash != std::string::npos && dash > 0 &&
        (tail == "language" || tail == "speaking" || tail == "films" || tail == "movies" ||
         tail == "rated")) {
      split.push_back(tok.substr(0, dash));
      split.push_back(tail);
    } else {
      split.push_back(tok);
    }
  }
  return split;
}

Plan Planner::plan(const PlanRequest& request) const {
  Plan plan;
  const auto tokens = tokenize(request.question);
  std::vector<bool> used(tokens.size(), false);
  const auto as_of = parse_date(request.as_of).value_or(std::chrono::sys_days{});

  const auto times = find_time_ranges(tokens, used, as_of);
  // The question's period as words for questions offered back ("Revenue in July 2022").
  const std::string asked_period =
      times.empty() ? std::string() : period_words(times.front().label);
  auto entities = find_entities(tokens, used, model_);
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

  // Metrics and dimensions match independently; a span claimed by both is resolved below. A
  // dimension phrase longer than the metric phrase it overlaps claims its words first: in
  // "active vs inactive customers" the grouping is "active vs inactive" and the metric is
  // "customers", not "inactive customers".
  auto dim_matches = match_synonyms(tokens, used, model_.dimensions);
  auto metric_matches = match_synonyms(tokens, used, model_.metrics);
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
    if (any) metric_matches = match_synonyms(tokens, claimed, model_.metrics);
  }

  // "customers" is a metric and a dimension: a dimension when another metric is named.
  // The longest phrase wins; at equal length a specific metric (overdue) beats a generic one
  // (rentals), so "how many rentals are overdue" counts overdue rentals.
  static const std::set<std::string> kGeneric = {"rentals", "customers", "payments", "revenue"};
  std::optional<Match> metric;
  for (const auto& m : metric_matches) {
    // Broad counts yield to anything more specific named beside them ("films in the catalogue
    // that aren't stocked" counts unstocked films).
    const bool other_named = std::any_of(metric_matches.begin(), metric_matches.end(),
                                         [&](const Match& o) { return o.name != m.name; });
    if ((m.name == "customers" || m.name == "films") && other_named) continue;
    const auto len = m.end - m.begin;
    if (!metric || len > (metric->end - metric->begin) ||
        (len == (metric->end - metric->begin) && kGeneric.count(metric->name) &&
         !kGeneric.count(m.name))) {
      metric = m;
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
      if (d.begin < m.end && m.begin < d.end && m.name != "customers") overlaps_other_metric = true;
    }
    if (overlaps_other_metric) continue;
    if (std::none_of(dims.begin(), dims.end(), [&](const auto& x) { return x.name == d.name; })) {
      dims.push_back(d);
    }
  }
  // A plain (non-time) dimension needs a grouping cue: "by store", "each category", "top 5
  // films", "which actor". Without one, "revenue from customers in India" is one number.
  {
    static const std::set<std::string> kCue = {
        "by",      "per",     "each",      "every",   "across",  "which",   "what",
        "top",     "bottom",  "most",      "least",   "best",    "worst",   "split",
        "among",   "between", "breakdown", "busiest", "popular", "highest", "lowest",
        "biggest", "ranked",  "rank",      "list"};
    const bool global_cue = contains(
        tokens, {"top",     "bottom",  "most",      "least",   "compare",  "vs",      "versus",
                 "rank",    "ranking", "breakdown", "highest", "lowest",   "longest", "shortest",
                 "busiest", "popular", "best",      "worst",   "cheapest", "priciest"});
    std::vector<Match> kept;
    std::vector<bool> local;  // cued by its own neighbours, not only by a word elsewhere
    for (const auto& d : dims) {
      const auto* dim = model_.dimension(d.name);
      bool cued = (dim != nullptr && dim->is_time) || kCue.count(tokens[d.begin]) > 0;
      // Right after an entity ("Horror films") the noun names the entity, not a grouping.
      const bool after_entity =
          d.begin > 0 && used[d.begin - 1] && !contains(tokens, {"top", "bottom"});
      // "paid by customers", "spent by our customers": "by" names who paid, not a grouping.
      static const std::set<std::string> kAgentVerbs = {"paid",   "spent",   "made",   "generated",
                                                        "earned", "brought", "rented", "received"};
      const auto agent_by = [&](size_t at) {
        return d.name == "customer" && tokens[at] == "by" && at > 0 &&
               kAgentVerbs.count(tokens[at - 1]) > 0;
      };
      for (size_t back = 1; back <= 3 && !cued && !after_entity && d.begin >= back; ++back) {
        const auto& w = tokens[d.begin - back];
        if ((kCue.count(w) && !agent_by(d.begin - back)) || number_word(w)) cued = true;
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
      const bool possessive = lowered.find(tokens[heads[i].end - 1] + "'s") != std::string::npos;
      if (possessive) {
        compact.push_back(heads[i]);
        ++i;  // the possessed noun is what is counted, not a grouping
      }
    }
    dims = compact;
  }

  const bool ranking_word =
      contains(tokens, {"top",     "bottom",  "most",    "least",    "best",     "worst",
                        "highest", "lowest",  "fewest",  "biggest",  "largest",  "smallest",
                        "busiest", "popular", "rank",    "ranking",  "quietest", "slowest",
                        "more",    "less",    "longest", "shortest", "cheapest", "priciest"});
  const bool ascending =
      contains(tokens, {"bottom", "least", "worst", "lowest", "fewest", "smallest", "quietest",
                        "slowest", "less", "shortest", "cheapest"});
  const bool share_word = contains(
      tokens, {"share", "percentage", "percent", "proportion", "fraction", "split", "mix"});
  const bool growth_word =
      contains(tokens, {"growth", "grow", "grew", "change", "changed", "increase", "increased",
                        "decrease", "decreased", "decline", "declined", "drop", "dropped"});
  const bool compare_word =
      contains(tokens, {"compare", "comparison", "vs", "versus", "compared", "against"});
  const bool follow_cue =
      !tokens.empty() &&
      (tokens[0] == "and" || tokens[0] == "what" || tokens[0] == "how" || tokens[0] == "same" ||
       tokens[0] == "only" || tokens[0] == "now" || tokens[0] == "just" || tokens[0] == "instead" ||
       tokens[0] == "also" || tokens[0] == "then" || tokens[0] == "but") &&
      (contains(tokens, {"instead", "about", "only", "same", "just", "and", "also", "now"}));

  std::optional<int> top_n;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (used[i]) continue;
    if (auto n = number_word(tokens[i]); n && *n > 0 && *n <= 200) {
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

  nlohmann::json sq;
  const bool is_follow_up =
      !request.previous.is_null() && request.previous.is_object() && (!metric || follow_cue);
  if (is_follow_up) {
    sq = request.previous;
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
  for (const auto& d : dims) dim_names.push_back(d.name);
  if (!dim_names.empty() || !is_follow_up) {
    sq["dimensions"] = dim_names;
  }
  auto filters = sq.value("filters", nlohmann::json::array());
  auto set_filter = [&](const std::string& dim, const nlohmann::json& values) {
    nlohmann::json kept = nlohmann::json::array();
    for (const auto& f : filters) {
      if (f.at("dimension") != dim) kept.push_back(f);
    }
    kept.push_back({{"dimension", dim}, {"values", values}});
    filters = kept;
  };
  for (const auto& f : entities.filters) set_filter(f.dimension, f.values);

  // Store: the request's store_id narrows the scope; stores named in the question filter.
  std::vector<int> stores = entities.stores;
  for (int s : stores) {
    if (std::find(request.store_ids.begin(), request.store_ids.end(), s) ==
        request.store_ids.end()) {
      plan.status = Plan::Status::kRefused;
      plan.refusal_code = "scope_denied";
      plan.refusal_reason = "Store " + std::to_string(s) + " is outside your scope (stores " +
                            join_ints(request.store_ids) + ").";
      plan.suggestion =
          "Ask about store " + std::to_string(request.store_ids.front()) + " instead.";
      return plan;
    }
  }
  std::optional<nlohmann::json> share_of;
  // A rate ("percentage of rentals returned late") is already a percentage: a named store or
  // category filters it rather than becoming a slice of a total.
  const auto* named_metric = model_.metric(sq["metric"].get<std::string>());
  const bool rate = named_metric != nullptr && named_metric->format == "percent";
  if (rate) {
    // no share of a total
  } else if (share_word && !filters.empty() && sq["dimensions"].empty()) {
    // "What share of rentals are Sports films?": the entity is the slice, not a filter.
    const auto f = filters.back();
    filters.erase(filters.end() - 1);
    share_of = nlohmann::json{{"dimension", f.at("dimension")}, {"value", f.at("values").at(0)}};
  } else if (share_word && stores.size() == 1 && sq["dimensions"].empty()) {
    share_of = nlohmann::json{{"dimension", "store"}, {"value", stores.front()}};
    stores.clear();
  }
  const bool store_compare =
      stores.size() >= 2 || entities.both_stores || (compare_word && !stores.empty());
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
  sq["filters"] = filters;
  if (share_of) sq["share_of"] = *share_of;
  if (store_compare) {
    auto d = sq["dimensions"];
    if (std::find(d.begin(), d.end(), "store") == d.end()) d.insert(d.begin(), "store");
    sq["dimensions"] = d;
  }

  // Time.
  const bool growth = growth_word;
  if (times.size() >= 2 && (growth || compare_word || contains(tokens, {"and", "to"}))) {
    const auto& a = times[0].from < times[1].from ? times[0] : times[1];
    const auto& b = times[0].from < times[1].from ? times[1] : times[0];
    if (growth) {
      sq["growth"] = {{"previous", range_json(a)}, {"current", range_json(b)}};
      sq["time"] = nullptr;
    } else {
      TimeRange span{a.from, std::max(a.to, b.to), a.label + " to " + b.label, a.grain,
                     a.relative || b.relative};
      sq["time"] = range_json(span);
      if (compare_word || contains(tokens, {"vs", "versus"})) {
        const std::string grain = a.grain == "quarter" ? "quarter"
                                  : a.grain == "year"  ? "year"
                                  : a.grain == "day"   ? "day"
                                                       : "month";
        auto d = sq["dimensions"];
        if (std::find(d.begin(), d.end(), grain) == d.end()) d.push_back(grain);
        sq["dimensions"] = d;
      }
    }
  } else if (!times.empty()) {
    if (growth) {
      sq["growth"] = {{"previous", range_json(previous_period(times[0]))},
                      {"current", range_json(times[0])}};
      sq["time"] = nullptr;
    } else {
      sq["time"] = range_json(times[0]);
      sq["growth"] = nullptr;
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
  const bool ranking =
      (ranking_word || top_n) && !dlist.empty() && !store_compare && sq["growth"].is_null();
  if (ranking) {
    sq["order"] = ascending ? "metric_asc" : "metric_desc";
    if (!top_n && sq["limit"].is_null()) {
      const bool singular_which =
          !contains(tokens, {"top", "bottom"}) &&
          std::any_of(dims.begin(), dims.end(), [](const auto& d) { return d.singular; });
      // "Which category ..." → the one; "top films" → ten; "most popular categories" → all.
      if (singular_which) {
        sq["limit"] = 1;
      } else if (contains(tokens, {"top", "bottom"})) {
        sq["limit"] = 10;
      } else {
        sq["limit"] = nullptr;
      }
    }
  } else if (!is_follow_up || !dim_names.empty()) {
    if (sq["order"].is_string() && dim_names.empty()) {
      // keep the follow-up's ranking
    } else if (!(is_follow_up && sq["order"].is_string() && dim_names.empty())) {
      sq["order"] = nullptr;
      if (!top_n && !is_follow_up) sq["limit"] = nullptr;
      if (is_follow_up && !dim_names.empty() && !top_n) sq["limit"] = nullptr;
    }
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
    if (additive && grains.size() == 1 && !ranking && sq["growth"].is_null() &&
        !sq["share"].get<bool>() && !sq["share_of"].is_object() &&
        contains(tokens, {"average", "avg", "mean", "typical", "typically", "typicaly"})) {
      sq["average_per"] = grains.front();
      sq["order"] = nullptr;
      sq["limit"] = nullptr;
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
    }
  }
  // "What share of our customers are inactive?": a count restricted by its own condition,
  // asked as a share, is that count over the whole (all customers).
  const auto* share_metric = model_.metric(sq["metric"].get<std::string>());
  const bool share_of_whole = share_word && dlist.empty() && !share_of.has_value() && !rate &&
                              share_metric != nullptr && !share_metric->where.empty() &&
                              share_metric->filterable();
  sq["share"] = (share_word && !dlist.empty() && !share_of.has_value() && !rate) || share_of_whole;
  sq["store_ids"] = scope_ids;
  sq["as_of"] = request.as_of;

  // ---- permissions: every view the query would read must be the role's ----
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
  for (const auto& view : plan.views_used) {
    if (!role_reads(request.role, view)) {
      plan.status = Plan::Status::kRefused;
      plan.refusal_code = "policy_denied";
      plan.refusal_reason = refusal_for(request.role, view);
      plan.suggestion = suggestion_for(request.role);
      return plan;
    }
  }
  const auto& src = model_.source(m->source);
  if (src.checked_by_hand()) plan.views_used.push_back(src.view);

  plan.metric_label = m->label;
  plan.metric_format = m->format;
  if (share_of_whole) {
    plan.metric_label = m->label + " as a share of all";
    plan.metric_format = "percent";
  }
  if (sq.contains("average_per")) {
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
  } else if (!dlist.empty()) {
    plan.intent = has_time_dim ? "trend" : "distribution";
  } else {
    plan.intent = "kpi";
  }
  if (sq.contains("average_per")) plan.intent = has_plain_dim ? "distribution" : "kpi";
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
  sq["intent"] = plan.intent;
  plan.semantic_query = sq;
  plan.status = Plan::Status::kOk;
  return plan;
}

}  // namespace copilot::planning
