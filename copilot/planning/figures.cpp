#include "copilot/planning/figures.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "copilot/planning/lexicon.hpp"
#include "copilot/planning/normalize.hpp"

namespace copilot::planning {

namespace {

using nlohmann::json;

// A figure that can stand beside another in one row (or one row per group of the same
// breakdown): one measure over some rows — no ranking, growth, share or group condition, whose
// rows would not line up with the other figure's.
bool plain_figure(const json& sq) {
  if (!sq.is_object() || !sq.contains("metric") || !sq["metric"].is_string()) return false;
  for (const char* key : {"also", "figures", "having", "average_per", "limit_per", "lookup"}) {
    if (sq.contains(key)) return false;
  }
  for (const char* key : {"order", "limit", "growth", "share_of", "period_change"}) {
    if (sq.contains(key) && !sq[key].is_null()) return false;
  }
  for (const char* key : {"share", "count_groups", "share_within", "share_by_conditions"}) {
    if (sq.value(key, false)) return false;
  }
  return true;
}

std::string values_text(const json& values) {
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) {
    const auto& v = values[i];
    out += (i == 0 ? "" : (i + 1 == values.size() ? " or " : ", ")) +
           (v.is_string() ? v.get<std::string>() : v.dump());
  }
  return out;
}

// What the second figure counts that the first does not, in words and as a column-name part;
// nullopt when the second drops a restriction of the first (then it is not the first's rows
// narrowed or shifted, and which rows it means is not clear).
struct Difference {
  std::vector<std::string> words, name;
};
std::optional<Difference> difference(const json& first, const json& second) {
  Difference d;
  const auto filters1 = first.value("filters", json::array());
  const auto filters2 = second.value("filters", json::array());
  for (const auto& f : filters1) {
    const bool kept = std::any_of(filters2.begin(), filters2.end(), [&](const json& g) {
      return g.value("dimension", "") == f.value("dimension", "");
    });
    if (!kept) return std::nullopt;
  }
  for (const auto& f : filters2) {
    if (std::find(filters1.begin(), filters1.end(), f) != filters1.end()) continue;
    const auto dim = f.value("dimension", std::string());
    const auto values = f.value("values", json::array());
    d.words.push_back(dim + (f.value("exclude", false) ? " not " : " ") + values_text(values));
    const bool named =
        std::all_of(values.begin(), values.end(), [](const json& v) { return v.is_string(); });
    d.name.push_back((f.value("exclude", false) ? "not_" : "") + (named ? "" : dim + "_") +
                     values_text(values));
  }
  const auto conditions1 = first.value("conditions", json::array());
  const auto conditions2 = second.value("conditions", json::array());
  for (const auto& c : conditions1) {
    const bool kept = std::any_of(conditions2.begin(), conditions2.end(), [&](const json& n) {
      return n.value("attribute", "") == c.value("attribute", "");
    });
    if (!kept) return std::nullopt;
  }
  for (const auto& c : conditions2) {
    if (std::find(conditions1.begin(), conditions1.end(), c) != conditions1.end()) continue;
    const auto text = c.value("text", c.value("attribute", std::string()));
    d.words.push_back(text);
    d.name.push_back(text);
  }
  const auto time1 = first.value("time", json());
  const auto time2 = second.value("time", json());
  if (time1.is_object() && !time2.is_object()) return std::nullopt;
  if (time2.is_object() && time1 != time2) {
    d.words.push_back(time2.value("label", std::string("another period")));
    d.name.push_back(time2.value("label", std::string("period")));
  }
  if (first.value("store_ids", json::array()) != second.value("store_ids", json::array())) {
    const auto stores = second.value("store_ids", json::array());
    d.words.push_back((stores.size() == 1 ? "store " : "stores ") + values_text(stores));
    d.name.push_back("store " + values_text(stores));
  }
  return d;
}

// The previous query's one named film, or empty: a lookup of it, or any figure narrowed to it
// ("how many times has AIRPLANE SIERRA gone out?" → "and what does it rent for?").
std::string one_named_film(const json& previous) {
  if (!previous.is_object()) return {};
  std::string film;
  for (const auto& f : previous.value("filters", json::array())) {
    if (f.value("dimension", "") != "film" || f.value("exclude", false)) continue;
    const auto values = f.value("values", json::array());
    if (values.size() != 1 || !values.front().is_string() || !film.empty()) return {};
    film = values.front().get<std::string>();
  }
  return film;
}

void append_understood(Plan& into, const Plan& from) {
  for (const auto& part : from.understood) {
    if (part.value("text", "").empty()) continue;
    if (std::find(into.understood.begin(), into.understood.end(), part) == into.understood.end()) {
      into.understood.push_back(part);
    }
  }
}

void append_views(Plan& into, const Plan& from) {
  for (const auto& view : from.views_used) {
    if (std::find(into.views_used.begin(), into.views_used.end(), view) == into.views_used.end()) {
      into.views_used.push_back(view);
    }
  }
}

// "how long is WILD APOLLO and what's it rated?": one lookup of both facts.
std::optional<Plan> merged_lookup(Plan one, const Plan& two) {
  const auto& a = one.semantic_query;
  const auto& b = two.semantic_query;
  if (two.status != Plan::Status::kOk || !b.is_object() || !b.contains("lookup")) {
    return std::nullopt;
  }
  if (a["lookup"].value("entity", "") != b["lookup"].value("entity", "") ||
      a.value("filters", json()) != b.value("filters", json()) ||
      a.value("conditions", json()) != b.value("conditions", json())) {
    return std::nullopt;
  }
  auto attributes = a["lookup"].value("attributes", json::array());
  for (const auto& more : b["lookup"].value("attributes", json::array())) {
    if (std::find(attributes.begin(), attributes.end(), more) == attributes.end()) {
      attributes.push_back(more);
    }
  }
  if (attributes == a["lookup"].value("attributes", json::array())) return std::nullopt;
  one.semantic_query["lookup"]["attributes"] = std::move(attributes);
  append_understood(one, two);
  return one;
}

// "Rentals" → "rentals" (a label inside a sentence).
std::string label_lowered(std::string label) {
  if (!label.empty()) {
    label[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(label[0])));
  }
  return label;
}

}  // namespace

std::string slug(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else if (!out.empty() && out.back() != '_') {
      out.push_back('_');
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

// "how much has ACADEMY DINOSAUR made, and what does it cost to replace?", "its rating and how
// many times was it rented": a figure of one named film with catalogue facts of the same film —
// one row, the film with its facts beside its figure. Both halves must be about that film alone:
// anything else either clause states (a breakdown, a condition, another film) is not one row.
std::optional<Plan> fact_beside_figure(const semantic::Model& model, Plan figure,
                                       const Plan& lookup) {
  const auto& b = lookup.semantic_query;
  if (lookup.status != Plan::Status::kOk || !b.is_object() || !b.contains("lookup") ||
      b["lookup"].value("entity", "") != "film" || b.value("filters", json::array()).size() != 1 ||
      one_named_film(b).empty() || one_named_film(b) != one_named_film(figure.semantic_query) ||
      !b.value("conditions", json::array()).empty()) {
    return std::nullopt;
  }
  auto beside =
      facts_beside_figure(model, std::move(figure), b["lookup"].value("attributes", json::array()));
  if (beside) append_understood(*beside, lookup);
  return beside;
}

std::optional<Plan> facts_beside_figure(const semantic::Model& model, Plan figure,
                                        const json& attributes) {
  const auto& a = figure.semantic_query;
  if (figure.status != Plan::Status::kOk || !plain_figure(a) || one_named_film(a).empty() ||
      !a.value("dimensions", json::array()).empty() || !attributes.is_array() ||
      attributes.empty()) {
    return std::nullopt;
  }
  for (const auto& name : attributes) {
    if (!name.is_string()) return std::nullopt;
    const auto* column = model.attribute(name.get<std::string>());
    if (column == nullptr) column = model.dimension(name.get<std::string>());
    // (A film's actors or categories are several values: not one row beside one figure.)
    if (column == nullptr || column->multi_valued || column->is_time) return std::nullopt;
  }
  figure.semantic_query["dimensions"] = json::array({"film"});
  figure.semantic_query["beside"] = attributes;
  return figure;
}

std::string fact_of_film_measure(const std::string& metric) {
  static const std::map<std::string, std::string> kFacts = {
      {"avg_film_length", "length"},
      {"avg_rental_rate", "rental_rate"},
      {"avg_replacement_cost", "replacement_cost"}};
  const auto it = kFacts.find(metric);
  return it == kFacts.end() ? std::string() : it->second;
}

std::optional<std::string> with_film_named(const std::string& question, const json& previous) {
  const auto film = one_named_film(previous);
  if (film.empty()) return std::nullopt;
  std::string out;
  bool replaced = false;
  size_t i = 0;
  while (i < question.size()) {
    if (!std::isalpha(static_cast<unsigned char>(question[i]))) {
      out.push_back(question[i++]);
      continue;
    }
    size_t end = i;
    while (end < question.size() &&
           (std::isalpha(static_cast<unsigned char>(question[end])) || question[end] == '\'')) {
      ++end;
    }
    std::string word = question.substr(i, end - i);
    std::string lowered = word;
    for (auto& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lowered == "it" || lowered == "it's" || lowered == "its") {
      // "what's it rated?" / "how long is it?" → the film; "its rating" → the film's rating;
      // "it's" is "it is".
      out += lowered == "its" ? film + "'s" : (lowered == "it's" ? film + " is" : film);
      replaced = true;
    } else {
      out += word;
    }
    i = end;
  }
  if (!replaced) return std::nullopt;
  return out;
}

std::optional<std::string> about_film_named_before(const std::string& question,
                                                   const json& previous) {
  if (!previous.is_object() || !previous.contains("lookup")) return std::nullopt;
  const auto film = one_named_film(previous);
  if (film.empty()) return std::nullopt;
  // "how many copies of it does each of my stores have?": "it" names the film, whatever the
  // length of the question.
  if (auto named = with_film_named(question, previous)) return named;
  const auto words = tokenize(question);
  // ("how many copies do we have in total?", "and across the catalogue?": not about the film.)
  static const std::set<std::string> kWhole = {
      "all",   "total",  "overall", "every",   "whole",      "catalogue",  "catalog",
      "films", "titles", "movies",  "average", "altogether", "everything", "company"};
  if (words.empty() || words.size() > 6 ||
      std::any_of(words.begin(), words.end(),
                  [](const std::string& w) { return kWhole.count(w) > 0; })) {
    return std::nullopt;
  }
  std::string out = question;
  while (!out.empty() && (out.back() == '?' || out.back() == '.' || out.back() == ' ')) {
    out.pop_back();
  }
  return out + " of " + film;
}

std::optional<Plan> plan_second_figure(const Planner& planner, const semantic::Model& model,
                                       const PlanRequest& request, const std::string& first,
                                       const std::string& second) {
  PlanRequest ask = request;
  ask.question = first;
  Plan one = planner.plan(ask);
  if (one.status != Plan::Status::kOk || !one.semantic_query.is_object()) return std::nullopt;

  if (one.semantic_query.contains("lookup")) {
    ask.question = with_film_named(second, one.semantic_query).value_or(second);
    ask.previous = nullptr;
    ask.earlier.clear();
    const Plan two = planner.plan(ask);
    if (auto facts = merged_lookup(one, two)) return facts;
    if (auto facts = fact_beside_figure(model, two, one)) return facts;
    // "what's the length of ALIEN CENTER, and how many copies at store 1?": a short second clause
    // without a pointer is about the same film.
    const auto about = about_film_named_before(second, one.semantic_query);
    if (!about || *about == ask.question) return std::nullopt;
    ask.question = *about;
    const Plan about_plan = planner.plan(ask);
    // ("what's it rated, how long is it, and how much to rent?": a third fact of the film.)
    if (auto facts = merged_lookup(one, about_plan)) return facts;
    return fact_beside_figure(model, about_plan, one);
  }
  // "how much has ACADEMY DINOSAUR made, and what does it cost to replace?": "it" is the film of
  // the first figure, and the second clause a fact of that film.
  if (auto about_film = with_film_named(second, one.semantic_query)) {
    PlanRequest fact_request = request;
    fact_request.question = *about_film;
    fact_request.previous = nullptr;
    fact_request.earlier.clear();
    const Plan fact = planner.plan(fact_request);
    if (fact.status == Plan::Status::kOk && fact.semantic_query.contains("lookup")) {
      return fact_beside_figure(model, std::move(one), fact);
    }
  }

  // "… and who made it", "… and which store was it": a person, a thing or a place asked about the
  // first figure's rows, not a second figure.
  for (const auto& word : tokenize(second)) {
    if (word == "who" || word == "whom" || word == "whose" || word == "which" || word == "where" ||
        word == "when" || word == "why") {
      return std::nullopt;
    }
  }
  ask.question = second;
  // "How many payments above ten dollars came in during H1, and what was the largest?": the
  // largest of those payments (a bare superlative after a figure of payments).
  if (const auto* counted = model.metric(one.semantic_query.value("metric", std::string()));
      counted != nullptr && counted->source == "v_payment_scoped" &&
      model.metric("max_payment") != nullptr) {
    static const std::set<std::string> kBare = {"what",    "was", "is",      "the",     "one",
                                                "single",  "and", "which",   "largest", "biggest",
                                                "highest", "max", "maximum", "top",     "?"};
    bool bare = true;
    bool superlative = false;
    for (const auto& w : tokenize(second)) {
      bare = bare && kBare.count(w) > 0;
      superlative = superlative || w == "largest" || w == "biggest" || w == "highest" ||
                    w == "max" || w == "maximum";
    }
    if (bare && superlative) ask.question = "and the largest payment?";
  }
  // "how many customers do we have, and how many rented in July?": "how many" with no noun of
  // its own counts the first figure's things — customers who rented, not rentals.
  if (const auto* counted = model.metric(one.semantic_query.value("metric", std::string()));
      counted != nullptr &&
      (counted->entity_key == "customer_id" || counted->entity_key == "film_id")) {
    const std::string noun = counted->entity_key == "customer_id" ? "customers" : "films";
    const auto words = tokenize(ask.question);
    for (size_t i = 0; i + 2 < words.size(); ++i) {
      if (words[i] != "how" || words[i + 1] != "many") continue;
      static const std::set<std::string> kNounOrOf = {
          "of",       "rentals", "rental", "payments", "payment",  "transactions",
          "films",    "movies",  "titles", "film",     "movie",    "customers",
          "customer", "clients", "copies", "dvds",     "discs",    "people",
          "renters",  "members", "actors", "stores",   "accounts", "categories"};
      if (kNounOrOf.count(words[i + 2]) > 0) break;
      std::string rebuilt;
      for (size_t k = 0; k < words.size(); ++k) {
        rebuilt += (k ? " " : "") + words[k] + (k == i + 1 ? " " + noun : "");
      }
      ask.question = rebuilt;
      break;
    }
  }
  ask.previous = one.semantic_query;
  ask.earlier.push_back(one.semantic_query);
  ask.previous_is_latest = true;
  ask.same_sentence = true;
  Plan two = planner.plan(ask);
  // A second figure the role may not see refuses the question: answering only the first would
  // hide that half of it was not answered.
  if (two.status == Plan::Status::kRefused) return two;
  if (two.status != Plan::Status::kOk) return std::nullopt;
  const auto& a = one.semantic_query;
  const auto& b = two.semantic_query;
  if (!plain_figure(a) || !plain_figure(b) ||
      a.value("dimensions", json::array()) != b.value("dimensions", json::array())) {
    return std::nullopt;
  }
  // "rentals, and the number of different customers behind them, in July": another measure of
  // the first figure's own rows ("them") — the period said once, at the end, is both figures'.
  // Without the pointer back ("customers on the books, and how many rented in July?") the first
  // keeps no period.
  // ("how many customers live in Japan, and how many of them rented in August?": "of them" is a
  // part of the first's things, and the first keeps no period.)
  const auto* first_measure = model.metric(a.value("metric", std::string()));
  if (!a.value("time", json()).is_object() && b.value("time", json()).is_object() &&
      a.value("metric", json()) != b.value("metric", json()) && first_measure != nullptr &&
      !model.source(first_measure->source).time.empty()) {
    const auto words = tokenize(second);
    bool points_back = false;
    for (size_t i = 0; i < words.size(); ++i) {
      const auto& w = words[i];
      const bool pointer =
          w == "them" || w == "those" || w == "they" || w == "these" || w == "their";
      // ("how many of them": a part; "the customers of them" — "behind them" as read — the same
      // rows.)
      static const std::set<std::string> kPart = {"many", "much",  "some", "most",   "all",
                                                  "each", "which", "one",  "none",   "any",
                                                  "few",  "share", "%",    "percent"};
      const bool partitive =
          i > 0 && words[i - 1] == "of" && (i < 2 || kPart.count(words[i - 2]) > 0);
      if (pointer && partitive) {
        points_back = false;
        break;
      }
      points_back = points_back || pointer;
    }
    if (points_back) {
      one.semantic_query["time"] = b["time"];
      one.time_range = two.time_range;
    }
  }
  json rest_a = a, rest_b = b;
  // (The intent is a label of the reading, not a part of the rows.)
  for (const char* key : {"metric", "intent"}) {
    rest_a.erase(key);
    rest_b.erase(key);
  }
  if (rest_a == rest_b) return planner.combine_measures(std::move(one), std::move(two));
  const auto diff = difference(a, b);
  if (!diff || diff->words.empty()) return std::nullopt;

  const auto metric = b["metric"].get<std::string>();
  if (model.metric(metric) == nullptr) return std::nullopt;
  std::string words, name = metric;
  for (size_t i = 0; i < diff->words.size(); ++i) {
    words += (i ? ", " : "") + diff->words[i];
    name += "_" + diff->name[i];
  }
  name = slug(name).substr(0, 60);
  while (!name.empty() && name.back() == '_') name.pop_back();
  if (name == a["metric"].get<std::string>()) name += "_2";
  const std::string label =
      (two.metric_label.empty() ? metric : two.metric_label) + " (" + words + ")";

  json figure = b;
  figure["as"] = name;
  one.semantic_query["figures"] = json::array({figure});
  one.also_measures.push_back(
      {{"name", name}, {"label", label}, {"format", two.metric_format}, {"kind", two.metric_kind}});
  append_views(one, two);
  append_understood(one, two);
  one.understood.push_back({{"text", second},
                            {"as", "question"},
                            {"meaning", "a second figure beside the first: " + label}});
  for (const auto& f : two.filters) {
    if (std::find(one.filters.begin(), one.filters.end(), f) == one.filters.end()) {
      one.filters.push_back(f);
    }
  }
  return one;
}

std::optional<Plan> plan_leaders_own_figure(const Planner& planner, const PlanRequest& request,
                                            const std::string& first, const std::string& second) {
  PlanRequest ask = request;
  ask.question = first;
  Plan one = planner.plan(ask);
  if (one.status != Plan::Status::kOk || !one.semantic_query.is_object()) return std::nullopt;
  const json& a = one.semantic_query;
  if (!a.value("order", json()).is_string() || a.value("limit", json()) != 1 ||
      a.value("dimensions", json::array()).empty() || a.contains("figures") || a.contains("also") ||
      a.contains("limit_per")) {
    return std::nullopt;
  }
  // The second clause points back at the one found ("in it", "does it hold", "that hour") and
  // asks an amount; a "which"/"who" is another question.
  bool points_back = false;
  bool amount = false;
  const auto words = tokenize(second);
  for (size_t i = 0; i < words.size(); ++i) {
    const auto& w = words[i];
    if (w == "which" || w == "who" || w == "where" || w == "when" || w == "why") {
      return std::nullopt;
    }
    points_back = points_back || w == "it" || w == "that" || w == "they" || w == "there" ||
                  w == "this" || w == "its";
    amount = amount || (w == "how" && i + 1 < words.size() &&
                        (words[i + 1] == "many" || words[i + 1] == "much"));
    // "… and what was the figure?": "the figure" is the one found's own.
    if (w == "the" && i + 1 < words.size() &&
        (words[i + 1] == "figure" || words[i + 1] == "amount" || words[i + 1] == "number" ||
         words[i + 1] == "total" || words[i + 1] == "count" || words[i + 1] == "sum")) {
      points_back = true;
      amount = true;
    }
  }
  // "… and what was the rate?", "and what was it?": only the one found's own figure asked again
  // — the answer to the first clause already shows it.
  static const std::set<std::string> kOnlyItsFigure = {
      "and",    "what",  "was",     "is",    "the",   "it",         "that",   "its",    "rate",
      "figure", "value", "level",   "share", "score", "percentage", "number", "amount", "?",
      ",",      "so",    "exactly", "then",  "how",   "high",       "big",    "much",   "many"};
  if (!words.empty() && std::all_of(words.begin(), words.end(), [](const std::string& w) {
        return kOnlyItsFigure.count(w) > 0;
      })) {
    one.understood.push_back({{"text", second},
                              {"as", "question"},
                              {"meaning", "the figure of the one found, shown with it"}});
    return one;
  }
  if (!points_back || !amount) return std::nullopt;
  ask.question = second;
  ask.previous = a;
  ask.earlier.push_back(a);
  ask.previous_is_latest = true;
  ask.same_sentence = true;
  const Plan two = planner.plan(ask);
  if (two.status != Plan::Status::kOk) return std::nullopt;
  const json& b = two.semantic_query;
  // The same measure of the same rows: nothing the first answer does not already show. (What the
  // second clause does not state — a period, a filter — is the first's.)
  // (The one found with a further measure beside it — "how many rentals did it have?" after the
  // top category by revenue — is more than its own figure.)
  if (a.value("metric", json()) != b.value("metric", json()) ||
      b.value("store_ids", json()) != a.value("store_ids", json()) || b.contains("also")) {
    return std::nullopt;
  }
  for (const char* key : {"time", "filters", "conditions", "growth", "dimensions", "having"}) {
    const json stated = b.value(key, json());
    const bool silent = stated.is_null() || (stated.is_array() && stated.empty());
    if (!silent && stated != a.value(key, json())) return std::nullopt;
  }
  one.understood.push_back({{"text", second},
                            {"as", "question"},
                            {"meaning", "the " + label_lowered(one.metric_label) +
                                            " of the one found, shown beside it"}});
  return one;
}

std::optional<Plan> plan_leaders_facts(const Planner& planner, const PlanRequest& request,
                                       const std::string& first, const std::string& second) {
  PlanRequest ask = request;
  ask.question = first;
  Plan one = planner.plan(ask);
  if (one.status != Plan::Status::kOk || !one.semantic_query.is_object()) return std::nullopt;
  json& a = one.semantic_query;
  if (a.value("dimensions", json::array()) != json::array({"film"}) || a.contains("figures") ||
      a.contains("also") || a.contains("limit_per") || a.contains("lookup") ||
      a.value("growth", json()).is_object() || a.value("share", false) || a.value("gap", false) ||
      a.value("count_groups", false)) {
    return std::nullopt;
  }
  // The second clause asks a fact of "it" / "each": read as the same question about one named
  // film, which must come back as a catalogue lookup of that film and nothing else.
  const std::string title = planner.a_film_title();
  if (title.empty()) return std::nullopt;
  const json stand_in = {
      {"lookup", {{"entity", "film"}}},
      {"filters", json::array({{{"dimension", "film"}, {"values", json::array({title})}}})}};
  std::string about = second;
  for (const char* each : {"each one", "each of them", "each", "them"}) {
    const std::string_view word(each);
    // (Whole words only: "reaches" holds no "each".)
    const auto whole = [&](size_t at) {
      const size_t end = at + word.size();
      return (at == 0 || std::isalpha(static_cast<unsigned char>(about[at - 1])) == 0) &&
             (end >= about.size() || std::isalpha(static_cast<unsigned char>(about[end])) == 0);
    };
    size_t at = about.find(word);
    while (at != std::string::npos && !whole(at)) at = about.find(word, at + 1);
    if (at != std::string::npos) {
      about.replace(at, word.size(), "it");
      break;
    }
  }
  const auto named = with_film_named(about, stand_in);
  if (!named) return std::nullopt;
  PlanRequest fact_request = request;
  fact_request.question = *named;
  fact_request.previous = nullptr;
  fact_request.earlier.clear();
  fact_request.same_sentence = false;
  const Plan fact = planner.plan(fact_request);
  if (fact.status != Plan::Status::kOk || !fact.semantic_query.contains("lookup")) {
    return std::nullopt;
  }
  const auto& f = fact.semantic_query;
  const auto attributes = f["lookup"].value("attributes", json::array());
  if (f["lookup"].value("entity", "") != "film" || attributes.empty() ||
      !f.value("conditions", json::array()).empty() ||
      f.value("filters", json::array()) != stand_in["filters"]) {
    return std::nullopt;
  }
  a["beside"] = attributes;
  std::string shown;
  for (const auto& name : attributes) {
    shown += (shown.empty() ? "" : ", ") + name.get<std::string>();
  }
  std::replace(shown.begin(), shown.end(), '_', ' ');
  one.understood.push_back({{"text", second},
                            {"as", "question"},
                            {"meaning", "the " + shown + " of each film, beside it"}});
  return one;
}

namespace {

// The whole a share is taken of, as the second clause names it: the words after "of" that follow
// the share word, without the pointer back at the first figure ("… is that", "… was it").
std::string named_whole(const std::vector<std::string>& words, size_t share_at) {
  size_t from = share_at + 1;
  while (from < words.size() && words[from] != "of") ++from;
  if (from >= words.size()) return {};
  size_t to = words.size();
  static const std::vector<std::string> kPointer = {
      "is",       "was",   "that",   "it",      "this", "does",      "did",        "make",
      "makes",    "made",  "come",   "comes",   "came", "to",        "are",        "were",
      "they",     "those", "amount", "amounts", "for",  "represent", "represents", "account",
      "accounts", "each",  "one",    "as",      "?",    ".",         "!"};
  while (to > from + 1 &&
         std::find(kPointer.begin(), kPointer.end(), words[to - 1]) != kPointer.end()) {
    --to;
  }
  std::string out;
  for (size_t i = from + 1; i < to; ++i) out += (out.empty() ? "" : " ") + words[i];
  return out;
}

}  // namespace

std::optional<Plan> plan_figure_and_its_share(const Planner& planner, const semantic::Model& model,
                                              const PlanRequest& request, const std::string& first,
                                              const std::string& second) {
  const auto words = tokenize(second);
  size_t share_at = words.size();
  bool points_back = false;
  for (size_t i = 0; i < words.size(); ++i) {
    const auto& w = words[i];
    if (share_at == words.size() && classify_word(w) == WordClass::kShare) {
      share_at = i;
    }
    points_back = points_back || w == "that" || w == "it" || w == "this" || w == "its" ||
                  w == "those" || w == "these" || w == "each" || w == "they" || w == "their";
    // A second question of its own ("… and what % of customers rented twice?") is not a share of
    // the first figure.
    if (w == "how" || w == "who" || w == "which" || w == "where" || w == "when")
      return std::nullopt;
  }
  if (share_at == words.size() || !points_back) return std::nullopt;

  PlanRequest ask = request;
  ask.question = first;
  Plan one = planner.plan(ask);
  if (one.status != Plan::Status::kOk || !one.semantic_query.is_object()) return std::nullopt;
  json& a = one.semantic_query;
  const auto* metric = model.metric(a.value("metric", std::string()));
  if (metric == nullptr || (metric->agg != "sum" && metric->agg != "count")) return std::nullopt;
  for (const char* key : {"also", "figures", "having", "average_per", "limit_per", "lookup",
                          "beside", "without", "with_also"}) {
    if (a.contains(key) && !a[key].is_null()) return std::nullopt;
  }
  for (const char* key : {"growth", "share_of", "period_change"}) {
    if (a.contains(key) && !a[key].is_null()) return std::nullopt;
  }
  for (const char* key : {"share", "count_groups", "share_within", "share_by_conditions", "gap"}) {
    if (a.value(key, false)) return std::nullopt;
  }
  if (!a.value("conditions", json::array()).empty()) return std::nullopt;

  // The whole must be the first figure's own: the same measure over the same period and stores
  // with nothing narrowed ("of all takings", "of July revenue", "of the total"); any other whole
  // ("of the year's takings so far" beside Q2) is another figure, asked back.
  const std::string whole = named_whole(words, share_at);
  bool whole_is_silent = true;
  for (const auto& w : tokenize(whole)) {
    static const std::vector<std::string> kFiller = {"all",   "the",      "total",  "overall",
                                                     "whole", "our",      "entire", "everything",
                                                     "of",    "combined", "grand",  "sum"};
    if (std::find(kFiller.begin(), kFiller.end(), w) == kFiller.end()) whole_is_silent = false;
  }
  std::string whole_meaning = "all";
  if (!whole_is_silent) {
    PlanRequest of = request;
    of.question = whole;
    of.previous = nullptr;
    of.earlier.clear();
    of.same_sentence = false;
    const Plan w = planner.plan(of);
    if (w.status != Plan::Status::kOk || !w.semantic_query.is_object()) return std::nullopt;
    const json& b = w.semantic_query;
    if (b.value("metric", json()) != a.value("metric", json()) ||
        !b.value("filters", json::array()).empty() ||
        !b.value("conditions", json::array()).empty() ||
        !b.value("dimensions", json::array()).empty() ||
        b.value("store_ids", json()) != a.value("store_ids", json())) {
      return std::nullopt;
    }
    const json period = b.value("time", json());
    if (!period.is_null() && (!a.value("time", json()).is_object() ||
                              period.value("from", json()) != a["time"].value("from", json()) ||
                              period.value("to", json()) != a["time"].value("to", json()))) {
      return std::nullopt;
    }
  }

  const auto filters = a.value("filters", json::array());
  const auto dims = a.value("dimensions", json::array());
  if (dims.empty() && filters.size() == 1 &&
      filters[0].value("values", json::array()).size() == 1 &&
      !filters[0].value("exclude", false) && filters[0].value("dimension", json()).is_string()) {
    // "how much have we taken from Sci-Fi this year, and what % of all takings is that?"
    a["share_of"] = {{"dimension", filters[0]["dimension"]}, {"value", filters[0]["values"][0]}};
    a["filters"] = json::array();
    a["intent"] = "distribution";
  } else if (!dims.empty() && filters.empty()) {
    // "which category earned most in July, and what % of July revenue was that?": each group's
    // share of the whole, beside its figure.
    a["share"] = true;
  } else {
    return std::nullopt;
  }
  one.understood.push_back(
      {{"text", second},
       {"as", "question"},
       {"meaning", "its share of " + whole_meaning + " " + label_lowered(one.metric_label) +
                       (a.value("time", json()).is_object()
                            ? " in " + a["time"].value("label", std::string("the period"))
                            : std::string())}});
  return one;
}

}  // namespace copilot::planning
