#include "copilot/planning/context_clauses.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "copilot/planning/lexicon.hpp"
#include "copilot/planning/normalize.hpp"

namespace copilot::planning {
namespace {

// Words about why and for whom a question is asked. Deliberately free of anything that could
// name data, a period or an operation ("share with the team" is not here: "share" is a measure).
const std::set<std::string_view>& background_words() {
  static const std::set<std::string_view> kWords = {
      // documents and meetings
      "review", "reviews", "deck", "decks", "slide", "slides", "pack", "packs", "report", "reports",
      "reporting", "presentation", "presentations", "meeting", "meetings", "memo", "email",
      "e-mail", "newsletter", "update", "updates", "briefing", "brief", "catch-up", "catchup",
      "standup", "stand-up", "session", "call", "agenda", "board", "workshop", "writeup",
      "write-up", "doc", "document", "spreadsheet", "dashboard", "notes", "programme", "program",
      "campaign", "promo", "promotion", "mailer", "mailshot", "loyalty", "heads", "heads-up", "fyi",
      "summary", "recap", "wrap-up", "forecast",
      // who it is for
      "one-on-one", "boss", "team", "area", "mgr", "manager", "managers", "district", "ceo", "cfo",
      "finance", "leadership", "execs", "exec", "executives", "directors", "investors", "hq",
      "head", "office", "owner", "owners", "regional", "management", "colleague", "colleagues",
      // what the asker is doing
      "putting", "put", "pulling", "preparing", "prepping", "prep", "prepare", "working", "writing",
      "drafting", "building", "compiling", "doing", "updating", "presenting", "asked", "asks",
      "asking", "wants", "needs", "sending", "send", "trying", "try", "going",
      // what the asker wants from it
      "colour", "color", "context", "background", "sanity", "fyi", "ahead", "tomorrow",
      "tomorrow's", "later", "morning", "afternoon", "soon", "asap", "favour", "favor",
      // "before my meeting", "after the call": with a cue word only (a period is data and
      // disqualifies the clause anyway)
      "before", "after"};
  return kWords;
}

// Document and meeting nouns a grain adjective may describe ("the monthly review").
const std::set<std::string_view>& document_nouns() {
  static const std::set<std::string_view> kNouns = {
      "review",  "reviews", "deck",       "pack",   "report",   "reports",  "presentation",
      "meeting", "memo",    "newsletter", "update", "briefing", "call",     "catch-up",
      "session", "board",   "standup",    "agenda", "writeup",  "write-up", "dashboard"};
  return kNouns;
}

// Neutral words that still say something about the answer when a clause is only them
// ("Overall:", "Only:", "Same again:"): such a clause is never background.
bool carries_meaning(std::string_view w) {
  static const std::set<std::string_view> kWords = {
      "overall", "whole",   "entire", "only", "just", "currently", "still", "yet",      "ever",
      "same",    "instead", "again",  "now",  "so",   "far",       "full",  "complete", "grand"};
  return kWords.count(w) > 0;
}

bool is_background(const std::vector<std::string>& words) {
  bool cue = false;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    const std::string_view next = i + 1 < words.size() ? std::string_view(words[i + 1]) : "";
    const std::string_view prev = i > 0 ? std::string_view(words[i - 1]) : "";
    if (background_words().count(w)) {
      cue = true;
      continue;
    }
    // "the monthly review", "the quarterly pack": a grain only when it describes a document.
    if ((w == "monthly" || w == "quarterly" || w == "weekly" || w == "annual" || w == "yearly" ||
         w == "daily") &&
        document_nouns().count(next)) {
      continue;
    }
    // "for Thursday's board meeting", "the regional review on Friday": when the clause names a
    // meeting or a document, a day names when that is, not data.
    static const std::set<std::string_view> kWhen = {
        "monday",  "tuesday", "wednesday", "thursday", "friday",  "saturday", "sunday", "today",
        "tonight", "next",    "week",      "week's",   "month's", "eod",      "eow"};
    if (kWhen.count(w) && std::any_of(words.begin(), words.end(), [](const std::string& x) {
          return document_nouns().count(x) > 0;
        })) {
      continue;
    }
    // "putting together", "pulling together": not a total.
    // ("putting the quarterly pack together": the verb may come a few words before.)
    if (w == "together" &&
        std::any_of(words.begin(), words.begin() + static_cast<long>(i), [](const std::string& x) {
          return x == "putting" || x == "put" || x == "pulling" || x == "getting" || x == "get";
        })) {
      continue;
    }
    // "quick one before my 1:1": "one" is the question, not a number.
    if (w == "one" && prev == "quick") continue;
    if (is_domain_word(w) || carries_meaning(w) || number_value(w)) return false;
    if (classify_word(w) != WordClass::kNeutral) return false;
  }
  return cue;
}

// Clause boundaries: a sentence end, a colon or semicolon followed by a space, a dash next to a
// space. A full stop inside a number ("4.99") or an abbreviation glued to the next word is not one.
std::vector<std::string> split_clauses(const std::string& text) {
  std::vector<std::string> out;
  std::string current;
  const auto flush = [&]() {
    size_t b = current.find_first_not_of(' ');
    if (b != std::string::npos) {
      size_t e = current.find_last_not_of(' ');
      out.push_back(current.substr(b, e - b + 1));
    }
    current.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool space_after = i + 1 >= text.size() || text[i + 1] == ' ' || text[i + 1] == '\n';
    const bool space_before = i == 0 || text[i - 1] == ' ';
    if (c == '\n' || ((c == '.' || c == '?' || c == '!' || c == ':' || c == ';') && space_after)) {
      current.push_back(c);
      flush();
    } else if (c == '-' && (space_before || space_after) &&
               !(space_before && i + 1 < text.size() &&
                 std::isdigit(static_cast<unsigned char>(text[i + 1])) != 0)) {
      flush();
    } else {
      current.push_back(c);
    }
  }
  flush();
  return out;
}

// The first twelve words of a text, lower-cased, each with the offset just after it: what the
// preamble readers (who asks, what it is for) look at.
std::vector<std::pair<std::string, size_t>> leading_words(const std::string& text) {
  std::vector<std::pair<std::string, size_t>> words;
  for (size_t i = 0; i < text.size() && words.size() < 12;) {
    while (i < text.size() && text[i] == ' ') ++i;
    const size_t start = i;
    while (i < text.size() && text[i] != ' ') ++i;
    if (i == start) break;
    std::string w = text.substr(start, i - start);
    for (auto& c : w) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    words.emplace_back(std::move(w), i);
  }
  return words;
}

// Where the question starts after who asks it, with no punctuation between ("my boss wants to
// know the avg …", "our area manager is asking how many …"): my/our/the, up to three words for
// people, a verb of asking and its particles. 0 when the question does not open that way.
size_t after_asker(const std::string& text) {
  static const std::set<std::string_view> kPeople = {
      "boss",    "manager",  "area",      "regional",  "district",   "director",   "owner",
      "owners",  "ceo",      "cfo",       "coo",       "team",       "lead",       "head",
      "of",      "finance",  "board",     "investors", "partner",    "supervisor", "accountant",
      "auditor", "auditors", "colleague", "ops",       "operations", "franchisee"};
  static const std::set<std::string_view> kVerbs = {"wants", "wanted", "needs",  "needed",
                                                    "asked", "asks",   "asking", "wonders"};
  static const std::set<std::string_view> kParticles = {"to", "know", "see", "find",   "out",
                                                        "me", "us",   "if",  "whether"};
  const auto words = leading_words(text);
  const auto is = [&](size_t k, std::string_view w) {
    return k < words.size() && words[k].first == w;
  };
  if (!(is(0, "my") || is(0, "our") || is(0, "the"))) return 0;
  size_t k = 1;
  while (k < words.size() && k <= 3 && kPeople.count(words[k].first) > 0) ++k;
  if (k == 1) return 0;
  const bool two_word_verb =
      ((is(k, "is") || is(k, "was")) && (is(k + 1, "asking") || is(k + 1, "wondering"))) ||
      (is(k, "would") && is(k + 1, "like"));
  if (two_word_verb) {
    k += 2;
  } else if (k < words.size() && kVerbs.count(words[k].first) > 0) {
    k += 1;
  } else {
    return 0;
  }
  while (k < words.size() && kParticles.count(words[k].first) > 0) ++k;
  // A verb with nothing asked after it, or punctuation in the preamble, is left to the clauses.
  if (k >= words.size() || words[k - 1].first.find_first_of(",.:;?!") != std::string::npos) {
    return 0;
  }
  return words[k - 1].second;
}

// "for the world cinema promo I need …", "for my board pack, can you …": where the figure
// goes, then the request. The offset after the document's words, or 0.
size_t after_purpose(const std::string& text) {
  const auto words = leading_words(text);
  const auto is = [&](size_t k, std::string_view w) {
    return k < words.size() && words[k].first == w;
  };
  if (!is(0, "for") ||
      !(is(1, "the") || is(1, "my") || is(1, "our") || is(1, "this") || is(1, "next"))) {
    return 0;
  }
  for (size_t k = 2; k < words.size() && k <= 6; ++k) {
    std::string noun = words[k].first;
    while (!noun.empty() && std::ispunct(static_cast<unsigned char>(noun.back()))) noun.pop_back();
    if (background_words().count(noun) == 0) continue;
    const bool asks = is(k + 1, "i") || is(k + 1, "can") || is(k + 1, "could") ||
                      is(k + 1, "please") || is(k + 1, "give") || is(k + 1, "show") ||
                      is(k + 1, "we") || words[k].first.back() == ',';
    if (asks) return words[k].second;
  }
  return 0;
}

}  // namespace

ContextSplit split_context(const std::string& question) {
  // "My boss wants to know the avg replacement cost …" (who asks), "for the world cinema promo I
  // need …" (what it is for): shown as context, and the rest is the question (read on for its
  // own background clauses).
  std::string text = fold_text(question);
  size_t preamble = after_asker(text);
  if (preamble == 0) preamble = after_purpose(text);
  if (preamble > 0) {
    ContextSplit split = split_context(text.substr(preamble + 1));
    if (split.context.empty()) split.question = text.substr(preamble + 1);
    split.context.insert(split.context.begin(), text.substr(0, preamble));
    return split;
  }
  // "before my 1:1" is a meeting, not two numbers (and its colon is not a clause boundary).
  for (const char* meeting : {"1:1", "1-1", "1-on-1", "1on1"}) {
    for (auto at = text.find(meeting); at != std::string::npos; at = text.find(meeting, at + 1)) {
      const size_t end = at + std::string_view(meeting).size();
      const bool bounded =
          (at == 0 || text[at - 1] == ' ') &&
          (end >= text.size() || std::isalpha(static_cast<unsigned char>(text[end])) == 0);
      if (bounded) text.replace(at, end - at, "one-on-one");
    }
  }
  const auto clauses = split_clauses(text);
  ContextSplit split;
  if (clauses.size() < 2) return split;
  std::vector<bool> background(clauses.size(), false);
  size_t asked = 0;
  for (size_t i = 0; i < clauses.size(); ++i) {
    background[i] = is_background(tokenize(clauses[i]));
    if (!background[i]) ++asked;
  }
  if (asked == 0 || asked == clauses.size()) return split;
  for (size_t i = 0; i < clauses.size(); ++i) {
    if (background[i]) {
      split.context.push_back(clauses[i]);
    } else {
      split.question += (split.question.empty() ? "" : " ") + clauses[i];
    }
  }
  return split;
}

TwoQuestions split_second_question(const std::string& question) {
  const std::string text = fold_text(question);
  std::string lowered = text;
  for (auto& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static const std::vector<std::string> kJoins = {" and ",  " plus ", " as well as ",
                                                  " also ", " + ",    " & "};
  for (const auto& join : kJoins) {
    for (size_t at = lowered.find(join); at != std::string::npos; at = lowered.find(join, at + 1)) {
      size_t q = at + join.size();
      if (lowered.compare(q, 5, "also ") == 0) q += 5;
      // "…, and off how many separate payments?", "… and from how many customers?": a
      // preposition before the asking words.
      for (const char* lead : {"off ", "from ", "over ", "across ", "for ", "by "}) {
        const size_t n = std::string_view(lead).size();
        if (lowered.compare(q, n, lead) == 0 && lowered.compare(q + n, 4, "how ") == 0) q += n;
      }
      // "…, and how many …", "…, and how much …", "… and what was their total?"
      size_t ask_len = 0;
      for (const char* opener : {"how many ",      "how much ",
                                 "what was ",      "what is ",
                                 "what were ",     "what are ",
                                 "what's ",        "whats ",
                                 "who ",           "when ",
                                 "which ",         "what % ",
                                 "what percent ",  "what percentage ",
                                 "what share ",    "what proportion ",
                                 "what fraction ", "what total",
                                 "the total",      "what value",
                                 "the value",      "how many",
                                 "how much",       "how long ",
                                 "what rating ",   "what language ",
                                 "what does it ",  "what did it "}) {
        if (lowered.compare(q, std::string_view(opener).size(), opener) == 0) {
          ask_len = std::string_view(opener).size();
        }
      }
      if (ask_len == 0) continue;
      const auto first = tokenize(text.substr(0, at));
      const auto rest = tokenize(text.substr(q + ask_len));
      // A figure of the first question ("…, and how many times?") is not a second question, nor
      // the same figure for another period or place ("… in July and how many in June?").
      static const std::set<std::string_view> kSlice = {"in",   "for",  "during", "on",   "at",
                                                        "from", "last", "this",   "over", "since"};
      // ("… and what was it in June": the same figure again, for a period or a place.)
      const bool same_again = rest.size() >= 2 &&
                              (rest[0] == "it" || rest[0] == "that" || rest[0] == "they") &&
                              kSlice.count(rest[1]) > 0;
      // "…: how many and what total?": a count asked first and an amount after (or the other
      // way round) are two figures even when the second is only the asking words.
      const auto asks = [](const std::vector<std::string>& words, const char* what) {
        for (size_t k = 0; k + 1 < words.size(); ++k) {
          if (words[k] == "how" && words[k + 1] == what) return true;
        }
        return false;
      };
      const std::string_view opener(lowered.data() + q, ask_len);
      const bool amount_opener = opener.starts_with("how much") ||
                                 opener.find("total") != std::string_view::npos ||
                                 opener.find("value") != std::string_view::npos;
      const bool count_and_amount = (asks(first, "many") && amount_opener) ||
                                    (asks(first, "much") && opener.starts_with("how many"));
      // "…, by how much and what % did it move?": the gap and the % change of one comparison.
      const bool gap_and_change =
          first.size() >= 3 && first[first.size() - 3] == "by" &&
          first[first.size() - 2] == "how" && first.back() == "much" &&
          (opener == "what % " || opener == "what percent " || opener == "what percentage ");
      if (gap_and_change) continue;
      if (first.size() < 3 || (rest.size() < 2 && !count_and_amount) ||
          (!rest.empty() && kSlice.count(rest.front()) > 0) || same_again) {
        continue;
      }
      std::string head = text.substr(0, at);
      while (!head.empty() && (head.back() == ',' || head.back() == ' ' || head.back() == '-' ||
                               head.back() == ';' || head.back() == ':')) {
        head.pop_back();
      }
      return {head, text.substr(q)};
    }
  }
  return {};
}

}  // namespace copilot::planning
