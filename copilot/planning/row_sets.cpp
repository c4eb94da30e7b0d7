#include "copilot/planning/row_sets.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "copilot/planning/normalize.hpp"

namespace copilot::planning {
namespace {

using json = nlohmann::json;

std::string lowered(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // Typographic apostrophes ("didn’t") read as plain ones.
  for (size_t at = text.find("\xE2\x80\x99"); at != std::string::npos;
       at = text.find("\xE2\x80\x99", at)) {
    text.replace(at, 3, "'");
  }
  return text;
}

std::string trimmed(std::string text) {
  const auto junk = [](unsigned char c) { return std::isspace(c) || c == ',' || c == '-'; };
  while (!text.empty() && junk(static_cast<unsigned char>(text.back()))) text.pop_back();
  size_t begin = 0;
  while (begin < text.size() && junk(static_cast<unsigned char>(text[begin]))) ++begin;
  return text.substr(begin);
}

// Where a whole-word phrase starts in lower-case text (after `from`), or npos.
// The second part with the words that only say "none of it" taken off: "at all in June" → "in
// June", "a Comedy one" → "Comedy", "a single Horror title" → "Horror title".
std::string bare_part(const std::string& part) {
  static const std::array<std::string_view, 14> kLeading = {
      "at all",   "a single",  "even once", "even", "ever", "once",    "any",
      "anything", "something", "one",       "a",    "an",   "the one", "either"};
  static const std::array<std::string_view, 6> kTrailing = {"at all", "ones", "one",
                                                            "either", "too",  "as well"};
  std::string out = trimmed(part);
  while (!out.empty() && (out.back() == '?' || out.back() == '.' || out.back() == '!')) {
    out.pop_back();
  }
  for (bool again = true; again;) {
    again = false;
    const auto low = lowered(out);
    for (auto word : kLeading) {
      if (low.rfind(word, 0) == 0 && (low.size() == word.size() || low[word.size()] == ' ')) {
        out = trimmed(out.substr(word.size()));
        again = true;
        break;
      }
    }
    for (auto word : kTrailing) {
      const auto low2 = lowered(out);
      if (low2.size() > word.size() && low2.ends_with(word) &&
          low2[low2.size() - word.size() - 1] == ' ') {
        out = trimmed(out.substr(0, out.size() - word.size()));
        again = true;
        break;
      }
    }
  }
  return out;
}

// A plan of one figure over plain rows: no growth, share, group condition, ranking or further
// figures.
bool plain_rows(const Plan& plan) {
  if (plan.status != Plan::Status::kOk || !plan.semantic_query.is_object()) return false;
  const auto& sq = plan.semantic_query;
  if (!sq.contains("metric") || !sq["metric"].is_string()) return false;
  for (const char* key : {"growth", "having", "share_of", "order", "limit", "period_change"}) {
    if (sq.contains(key) && !sq[key].is_null()) return false;
  }
  for (const char* key : {"also", "figures", "lookup", "average_per", "limit_per"}) {
    if (sq.contains(key)) return false;
  }
  return !sq.value("share", false) && !sq.value("count_groups", false);
}

// A plan whose query counts things one by one (customers, titles) — or lists them ("which
// titles …") — and can take a row set.
bool counts_things(const Plan& plan, const semantic::Model& model) {
  if (!plain_rows(plan)) return false;
  const auto& sq = plan.semantic_query;
  const auto* metric = model.metric(sq["metric"].get<std::string>());
  return metric != nullptr && (!metric->entity_key.empty() || sq.contains("list_of"));
}

// The rows the second part names, taking from the first what it does not say: its period and
// the filters and conditions on what the second part leaves open.
json row_set(const json& first, const json& second, const std::string& text) {
  json rows = {{"text", text}};
  if (first.contains("list_of")) rows["key"] = first["list_of"];
  if (second.contains("time") && second["time"].is_object()) {
    rows["time"] = second["time"];
  } else if (first.contains("time") && first["time"].is_object()) {
    rows["time"] = first["time"];
  }
  for (const auto& kind : {std::pair{"filters", "dimension"}, {"conditions", "attribute"}}) {
    const char* key = kind.first;
    const char* name = kind.second;
    json list = second.value(key, json::array());
    for (const auto& item : first.value(key, json::array())) {
      const bool said = std::any_of(list.begin(), list.end(), [&](const json& own) {
        return own.value(name, "") == item.value(name, "");
      });
      if (!said) list.push_back(item);
    }
    if (!list.empty()) rows[key] = list;
  }
  return rows;
}

struct Cue {
  std::string_view words;
  const char* key;   // without | with_also
  const char* lead;  // how the narrative words it
};

// "and in July but not June?" after "customers who rented in both June and July": the row set
// asked now replaces the previous question's (which the first part, read as its follow-up, kept).
void drop_earlier_row_sets(Plan& first) {
  if (!first.semantic_query.is_object()) return;
  first.semantic_query.erase("without");
  first.semantic_query.erase("with_also");
}

Plan with_rows(Plan first, const Plan& second, const json& rows, const char* key,
               const std::string& said) {
  auto& sq = first.semantic_query;
  if (!sq.contains(key)) sq[key] = json::array();
  sq[key].push_back(rows);
  for (const auto& view : second.views_used) {
    if (std::find(first.views_used.begin(), first.views_used.end(), view) ==
        first.views_used.end()) {
      first.views_used.push_back(view);
    }
  }
  std::string meaning;
  for (const auto& part : second.understood) {
    if (part.value("as", "") == "measure") continue;
    meaning += (meaning.empty() ? "" : "; ") + part.value("meaning", std::string());
  }
  if (!second.semantic_query.contains("time") || !second.semantic_query["time"].is_object()) {
    if (rows.contains("time")) {
      meaning += (meaning.empty() ? "" : "; ") + rows["time"].value("label", std::string()) +
                 " (the same period)";
    }
  }
  first.understood.push_back({{"text", said},
                              {"as", "condition"},
                              {"meaning", std::string(std::string_view(key) == "without"
                                                          ? "only those with none of these rows: "
                                                          : "only those also with rows of: ") +
                                              meaning}});
  return first;
}

// The second part read as the same measure over other rows ("<measure> in June", "<measure>
// Comedy"): its plan — a refusal when it names what the role may not see — or nothing when it does
// not read as only other rows. Stores the two parts narrow differently ("at store 1 but not at
// store 2") become filters of each, read over both stores: `first`'s scope widens to what both
// parts read, so the row set is never cut to the first part's stores.
std::optional<Plan> read_second_part(const Planner& planner, const semantic::Model& model,
                                     const PlanRequest& request, Plan& first,
                                     const std::string& words) {
  PlanRequest other = request;
  other.previous = nullptr;
  other.earlier.clear();
  other.previous_is_latest = true;
  other.same_sentence = false;
  other.question = first.metric_label + " " + words;
  Plan second = planner.plan(other);
  if (second.status == Plan::Status::kRefused) return second;
  // The second part gives only which rows (its period, filters, conditions): it must read the
  // same rows as the first ("titles rented" alone reads as the rentals, over the same rows).
  const auto* first_metric = model.metric(first.semantic_query.value("metric", ""));
  const auto* second_metric = model.metric(second.semantic_query.value("metric", ""));
  if (!plain_rows(second) || first_metric == nullptr || second_metric == nullptr ||
      (second_metric != first_metric &&
       (second_metric->source != first_metric->source || !second_metric->where.empty())) ||
      !second.semantic_query.value("dimensions", json::array()).empty()) {
    return std::nullopt;
  }
  auto& sq = first.semantic_query;
  const json own_stores = sq.value("store_ids", json::array());
  const json other_stores = second.semantic_query.value("store_ids", json::array());
  if (own_stores != other_stores) {
    json both = own_stores;
    for (const auto& store : other_stores) {
      if (std::find(both.begin(), both.end(), store) == both.end()) both.push_back(store);
    }
    const auto narrowed = [&](json& part, const json& stores) {
      if (!part.contains("filters")) part["filters"] = json::array();
      const bool has_store =
          std::any_of(part["filters"].begin(), part["filters"].end(),
                      [](const json& f) { return f.value("dimension", "") == "store"; });
      if (!has_store && stores != both) {
        part["filters"].push_back({{"dimension", "store"}, {"values", stores}});
      }
      part["store_ids"] = both;
    };
    narrowed(sq, own_stores);
    narrowed(second.semantic_query, other_stores);
  }
  return second;
}

}  // namespace

namespace {

// "films in both the Comedy and the Family category", "how many films have both PENELOPE
// GUINESS and NICK WAHLBERG in them": the catalogue's films that have each value — one membership
// test per value, where a list would test for either. A film-level count or list only; `first`
// is the question read with the first value, `second_part` the words of the second.
std::optional<Plan> films_with_both(const Planner& planner, const semantic::Model& model,
                                    const PlanRequest& request, Plan first,
                                    const std::string& second_part, const std::string& said) {
  if (first.status != Plan::Status::kOk) return std::nullopt;
  auto& sq = first.semantic_query;
  const bool listing = sq.contains("lookup") && sq["lookup"].value("entity", "") == "film";
  const auto* metric = model.metric(sq.value("metric", ""));
  // ("H1 revenue from films in both the Comedy and the Foreign category": any one figure over
  // rows that carry a film — the rentals, payments or copies of such films.)
  const auto carries_film = [&](const semantic::Metric& m) {
    const auto& columns = model.source(m.source).columns;
    // (A count of customers "who rented both a Documentary and a Horror title" is of people
    // with rows of each, read below.)
    return m.name == "films" ||
           ((m.entity_key.empty() || m.entity_key == "film_id") &&
            std::find(columns.begin(), columns.end(), "film_id") != columns.end());
  };
  const bool counting = metric != nullptr && carries_film(*metric) && plain_rows(first) &&
                        sq.value("dimensions", json::array()).empty();
  if (!listing && !counting) return std::nullopt;
  PlanRequest other = request;
  other.previous = nullptr;
  other.earlier.clear();
  other.previous_is_latest = true;
  other.same_sentence = false;
  other.question = "films " + second_part;
  const Plan second = planner.plan(other);
  if (second.status == Plan::Status::kRefused) return second;
  const auto& second_sq = second.semantic_query;
  if (second.status != Plan::Status::kOk || !second_sq.value("conditions", json::array()).empty() ||
      (second_sq.contains("time") && second_sq["time"].is_object())) {
    return std::nullopt;
  }
  json added = json::array();
  for (const auto& f : second_sq.value("filters", json::array())) {
    const auto& mine = sq.value("filters", json::array());
    if (std::find(mine.begin(), mine.end(), f) == mine.end()) added.push_back(f);
  }
  if (added.size() != 1) return std::nullopt;
  if (!sq.contains("filters")) sq["filters"] = json::array();
  sq["filters"].push_back(added[0]);
  std::string value_words;
  for (const auto& v : added[0].value("values", json::array())) {
    value_words +=
        (value_words.empty() ? "" : ", ") + (v.is_string() ? v.get<std::string>() : v.dump());
  }
  first.filters.push_back(added[0].value("dimension", "") + " = " + value_words);
  first.understood.push_back(
      {{"text", said},
       {"as", "condition"},
       {"meaning", "films that have both (each " + added[0].value("dimension", std::string()) +
                       " tested on its own)"}});
  return first;
}

// "customers who rented in both June and July", "… both a Documentary and a Horror title",
// "… from both of my stores": the first of the two read with the question, the second as a row
// set the things counted must also have.
std::optional<Plan> plan_both(const Planner& planner, const semantic::Model& model,
                              const PlanRequest& request, const std::string& low) {
  auto both = find_words(low, "both");
  if (both == std::string::npos) return std::nullopt;
  std::string question = request.question;
  std::string text_low = low;
  // "rented from store 1 and store 2 both": "both" said after the two stores, read as before
  // them. (Lower-casing keeps every byte where it was, so positions hold in both texts.)
  for (char first = '1'; first <= '9'; ++first) {
    for (char second = '1'; second <= '9'; ++second) {
      const std::string pair = std::string("store ") + first + " and store " + second;
      const auto at = find_words(low, pair + " both");
      if (at == std::string::npos || first == second) continue;
      question.replace(at, pair.size() + 5, "both " + question.substr(at, pair.size()));
      text_low = lowered(question);
      both = at;
    }
  }
  // "both (of) (my|our|the) stores": the asker's two stores by number.
  for (const char* stores : {"both of my stores", "both of our stores", "both my stores",
                             "both our stores", "both stores", "both of the stores",
                             "both of my shops", "both shops", "both branches", "both locations"}) {
    const auto at = find_words(low, stores);
    if (at != both) continue;
    if (request.store_ids.size() != 2) return std::nullopt;
    // "both stores together", "both stores combined": one figure over both, not those in both.
    for (const char* whole : {"together", "combined", "altogether", "in total", "overall",
                              "between them", "all told"}) {
      if (find_words(low, whole) != std::string::npos) return std::nullopt;
    }
    const std::string named = "both store " + std::to_string(request.store_ids[0]) + " and store " +
                              std::to_string(request.store_ids[1]);
    question.replace(at, std::string_view(stores).size(), named);
    text_low = lowered(question);
    break;
  }
  const auto and_at = find_words(text_low, "and", both + 4);
  if (and_at == std::string::npos) return std::nullopt;
  const std::string first_part = trimmed(question.substr(both + 4, and_at - both - 4));
  const std::string after_and = question.substr(and_at + 3);
  // The second member is the shortest run of words after "and" that reads on its own.
  std::vector<std::pair<size_t, size_t>> words;
  for (size_t i = 0; i < after_and.size();) {
    while (i < after_and.size() && after_and[i] == ' ') ++i;
    size_t end = i;
    while (end < after_and.size() && after_and[end] != ' ') ++end;
    if (end > i) words.emplace_back(i, end);
    i = end;
  }
  for (size_t k = 1; k <= std::min<size_t>(4, words.size()); ++k) {
    const std::string second_part = bare_part(after_and.substr(0, words[k - 1].second));
    const std::string rest = k < words.size() ? after_and.substr(words[k - 1].second) : "";
    if (second_part.empty() || first_part.empty()) continue;
    PlanRequest ask = request;
    ask.question = trimmed(question.substr(0, both)) + " " + first_part + rest;
    Plan first = planner.plan(ask);
    drop_earlier_row_sets(first);
    if (auto films = films_with_both(planner, model, request, first, second_part,
                                     "both " + first_part + " and " + second_part)) {
      return films;
    }
    if (!counts_things(first, model)) continue;
    const auto* metric = model.metric(first.semantic_query.value("metric", ""));
    if (metric == nullptr || metric->source == "v_customer_masked" || metric->source == "film") {
      return std::nullopt;
    }
    auto read = read_second_part(planner, model, request, first, second_part);
    if (!read) continue;
    if (read->status == Plan::Status::kRefused) return read;
    const Plan& second = *read;
    const json rows =
        row_set(first.semantic_query, second.semantic_query, "and also " + second_part);
    // The second must name something of its own: another period, or another value.
    if (rows.value("time", json()) == first.semantic_query.value("time", json()) &&
        rows.value("filters", json::array()) ==
            first.semantic_query.value("filters", json::array()) &&
        rows.value("conditions", json::array()) ==
            first.semantic_query.value("conditions", json::array())) {
      continue;
    }
    return with_rows(std::move(first), second, rows, "with_also",
                     "both " + first_part + " and " + second_part);
  }
  return std::nullopt;
}

}  // namespace

std::optional<Plan> plan_row_sets(const Planner& planner, const semantic::Model& model,
                                  const PlanRequest& request) {
  const std::string low = lowered(request.question);
  if (auto both = plan_both(planner, model, request, low)) return both;
  static const std::array<Cue, 23> kCues = {{
      // "customers who rented from store 1 only, nothing from store 2"
      {"only, nothing", "without", "but nothing"},
      {"only; nothing", "without", "but nothing"},
      {"but then nothing", "without", "but then nothing"},
      {"and then nothing", "without", "and then nothing"},
      {"but then not", "without", "but then not"},
      {"and then not", "without", "and then not"},
      {"and then never", "without", "and then never"},
      {"then nothing", "without", "then nothing"},
      {"but not at all", "without", "but not"},
      {"but did not", "without", "but did not"},
      {"but didn't", "without", "but didn't"},
      {"but have not", "without", "but have not"},
      {"but haven't", "without", "but haven't"},
      {"but hasn't", "without", "but hasn't"},
      {"but never", "without", "but never"},
      {"and never", "without", "and never"},
      {"yet never", "without", "yet never"},
      {"but nothing", "without", "but nothing"},
      {"but none", "without", "but none"},
      {"but not", "without", "but not"},
      {"and not", "without", "and not"},
      {"but no", "without", "but no"},
      {"though not", "without", "but not"},
  }};
  for (const auto& cue : kCues) {
    const auto at = find_words(low, cue.words);
    if (at == std::string::npos) continue;
    const std::string head = trimmed(request.question.substr(0, at));
    const std::string tail = bare_part(request.question.substr(at + cue.words.size()));
    if (head.empty() || tail.empty()) return std::nullopt;
    PlanRequest ask = request;
    ask.question = head;
    Plan first = planner.plan(ask);
    drop_earlier_row_sets(first);
    if (!counts_things(first, model)) return std::nullopt;
    auto read = read_second_part(planner, model, request, first, tail);
    if (!read) return std::nullopt;
    if (read->status == Plan::Status::kRefused) return read;
    const Plan& second = *read;
    const std::string said = trimmed(request.question.substr(at));
    const json rows =
        row_set(first.semantic_query, second.semantic_query, std::string(cue.lead) + " " + tail);
    return with_rows(std::move(first), second, rows, cue.key, said);
  }
  return std::nullopt;
}

}  // namespace copilot::planning
