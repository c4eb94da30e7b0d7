#include "copilot/catalog/catalog_question.hpp"

#include <algorithm>
#include <cctype>
#include <regex>
#include <set>
#include <sstream>

namespace copilot::catalog {
namespace {

using nlohmann::json;

// Longer questions are about the data, whatever their first words.
constexpr size_t kMaxCatalogQuestionChars = 120;
// Measures named in the narrative before it says "and N more".
constexpr size_t kNamedInAnswer = 12;
constexpr size_t kSuggestions = 6;

// Lower case, words separated by one space, punctuation dropped (apostrophes kept).
std::string normalized(std::string_view text) {
  std::string out;
  bool space = true;
  for (const char raw : text) {
    const auto c = static_cast<unsigned char>(raw);
    if (std::isalnum(c) != 0 || c == '\'') {
      out += static_cast<char>(std::tolower(c));
      space = false;
    } else if (!space) {
      out += ' ';
      space = true;
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// The fixed forms, on normalised text; the last group is what follows (where a topic may be).
const std::vector<std::regex>& forms() {
  static const std::string kOpening = "^(?:(?:hi|hello|hey|ok|okay|so|and|please)\\s+)*";
  static const std::vector<std::regex> kForms = {
      // what data do you have about rentals / which metrics are there / what kind of
      // questions can I ask
      std::regex(kOpening + "(?:what|which)\\s+(?:(?:kinds?|sorts?|types?)\\s+of\\s+)?"
                            "(?:data|information|info|metrics|measures|dimensions|kpis|questions)"
                            "(?:\\s+(?:do|does|can|could|are|is|have|should|may)\\b(.*))?$"),
      // what can I ask (you) (about customers)
      std::regex(kOpening + "what\\s+(?:else\\s+)?(?:can|could|may|should)\\s+i\\s+"
                            "(?:ask|query|look up|find out)\\b(.*)$"),
      // what can you do / answer / help me with
      std::regex(kOpening + "what\\s+(?:else\\s+)?(?:can|could)\\s+you\\s+"
                            "(?:do|answer|help me with|help with)\\b(.*)$"),
      // list the metrics / show me all available dimensions
      std::regex(kOpening +
                 "(?:(?:can|could)\\s+you\\s+)?(?:list|show|show me|tell me)\\s+(?:all\\s+)?"
                 "(?:of\\s+)?(?:the\\s+|your\\s+)?(?:available\\s+)?"
                 "(?:metrics|measures|dimensions|kpis)\\b(.*)$"),
      std::regex("^(?:help|catalog|data catalog)$"),
  };
  return kForms;
}

// The topic in what follows the form: the words after "about", "on", "for" or "regarding".
std::vector<std::string> topic_of(const std::string& rest) {
  static const std::set<std::string> kLeadIns = {"about", "on", "for", "regarding", "around"};
  static const std::set<std::string> kFiller = {
      "the", "our", "my",  "a",   "an",    "your", "data", "this", "that", "company", "business",
      "in",  "of",  "any", "all", "there", "here", "you",  "me",   "have", "do"};
  std::istringstream words(rest);
  std::vector<std::string> out;
  bool after_lead_in = false;
  for (std::string w; words >> w;) {
    if (!after_lead_in) {
      after_lead_in = kLeadIns.count(w) != 0;
      continue;
    }
    if (kFiller.count(w) == 0) out.push_back(w);
  }
  return out;
}

// "rentals" → "rental", "categories" → "categor": enough to find "Rentals per customer".
std::string stem(std::string word) {
  if (word.size() > 4 && word.compare(word.size() - 3, 3, "ies") == 0) {
    word.resize(word.size() - 3);
  } else if (word.size() > 3 && word.back() == 's') {
    word.pop_back();
  }
  return word;
}

bool about(const json& metric, const std::vector<std::string>& topic) {
  std::string text = metric.value("name", "") + " " + metric.value("label", "") + " " +
                     metric.value("description", "") + " " + metric.value("view", "");
  for (const auto& e : metric.value("examples", json::array())) {
    if (e.is_string()) text += " " + e.get<std::string>();
  }
  text = normalized(text);
  return std::any_of(topic.begin(), topic.end(),
                     [&](const std::string& w) { return text.find(stem(w)) != std::string::npos; });
}

std::string joined(const std::vector<std::string>& items, const std::string& last = "and") {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " " + last + " " : ", ";
    out += items[i];
  }
  return out;
}

// "Rentals, Late returns and 3 more": at most kNamedInAnswer names.
std::string named(std::vector<std::string> labels) {
  if (labels.size() > kNamedInAnswer) {
    const auto more = labels.size() - kNamedInAnswer;
    labels.resize(kNamedInAnswer);
    labels.push_back(std::to_string(more) + " more");
  }
  return joined(labels);
}

std::string role_words(const std::string& role) {
  std::string out = role;
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

}  // namespace

std::optional<CatalogQuestion> read_catalog_question(std::string_view question) {
  if (question.size() > kMaxCatalogQuestionChars) return std::nullopt;
  const std::string text = normalized(question);
  std::smatch match;
  for (const auto& form : forms()) {
    if (std::regex_match(text, match, form)) {
      const std::string rest = match.size() > 1 ? match[match.size() - 1].str() : "";
      return CatalogQuestion{topic_of(rest)};
    }
  }
  return std::nullopt;
}

CatalogAnswer answer_from_catalog(const json& catalog, const CatalogQuestion& question) {
  CatalogAnswer out;
  const std::string role = role_words(catalog.value("role", ""));
  const auto metrics = catalog.value("metrics", json::array());
  std::vector<const json*> listed;
  listed.reserve(metrics.size());
  for (const auto& m : metrics) {
    if (question.topic.empty() || about(m, question.topic)) listed.push_back(&m);
  }
  std::string topic;
  for (const auto& w : question.topic) topic += (topic.empty() ? "" : " ") + w;

  if (listed.empty()) {
    // Nothing on the topic for this role: say so, and what the role can ask instead.
    out.answer = "None of the measures your role (" + role + ") may use is about " + topic + ".";
    std::vector<std::string> all_labels;
    all_labels.reserve(metrics.size());
    for (const auto& m : metrics) all_labels.push_back(m.value("label", ""));
    if (!all_labels.empty()) out.answer += " You can ask about " + named(all_labels) + ".";
    for (const auto& m : metrics) listed.push_back(&m);
  } else {
    std::vector<std::string> labels;
    labels.reserve(listed.size());
    for (const auto* m : listed) labels.push_back(m->value("label", ""));
    out.answer = (topic.empty() ? std::string("As ") : "About " + topic + ", as ") + role +
                 " you can ask about " + std::to_string(listed.size()) +
                 (listed.size() == 1 ? " measure: " : " measures: ") + named(labels) + ".";
    // The breakdowns any of the listed measures takes, in the catalog's order.
    std::vector<std::string> breakdowns;
    for (const auto& d : catalog.value("dimensions", json::array())) {
      const std::string name = d.value("name", "");
      const bool used = std::any_of(listed.begin(), listed.end(), [&](const json* m) {
        const auto dims = m->value("dimensions", json::array());
        return std::find(dims.begin(), dims.end(), name) != dims.end();
      });
      if (used) {
        std::string label = d.value("label", name);
        if (!label.empty()) label[0] = static_cast<char>(std::tolower(label[0]));
        breakdowns.push_back(label);
      }
    }
    if (!breakdowns.empty()) out.answer += " Break them down by " + joined(breakdowns, "or") + ".";
  }

  out.rows.columns = {{"metric", "text"}, {"description", "text"}, {"example", "text"}};
  for (const auto* m : listed) {
    const auto examples = m->value("examples", json::array());
    const std::string example =
        !examples.empty() && examples[0].is_string() ? examples[0].get<std::string>() : "";
    out.rows.rows.push_back({m->value("label", ""), m->value("description", ""), example});
    out.metrics.push_back(m->value("name", ""));
    if (!example.empty() && out.suggestions.size() < kSuggestions) {
      out.suggestions.push_back(example);
    }
  }
  if (!out.suggestions.empty()) {
    out.answer += " For example: \"" + out.suggestions.front() + "\"";
    if (out.suggestions.size() > 1) out.answer += " or \"" + out.suggestions[1] + "\"";
    out.answer += ".";
  }
  return out;
}

}  // namespace copilot::catalog
