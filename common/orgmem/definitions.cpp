#include "common/orgmem/definitions.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace common::orgmem {
namespace {

// The things the data holds, singular and plural: the head of a definition's meaning.
constexpr std::array<std::pair<std::string_view, std::string_view>, 11> kThings = {{
    {"film", "films"},
    {"movie", "movies"},
    {"title", "titles"},
    {"dvd", "dvds"},
    {"copy", "copies"},
    {"customer", "customers"},
    {"rental", "rentals"},
    {"payment", "payments"},
    {"actor", "actors"},
    {"store", "stores"},
    {"category", "categories"},
}};

std::optional<std::pair<std::string_view, std::string_view>> thing_of(std::string_view word) {
  for (const auto& [one, many] : kThings) {
    if (word == one || word == many) return std::make_pair(one, many);
  }
  return std::nullopt;
}

bool is_article(std::string_view word) {
  return word == "a" || word == "an" || word == "the" || word == "our";
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A word as written and as compared (lower case, without the quotes and the punctuation around it).
struct Word {
  std::string written;
  std::string plain;
  bool ends_with_colon = false;
};

std::vector<Word> words_of(std::string_view text) {
  std::vector<Word> out;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) != 0) ++i;
    const size_t start = i;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) == 0) ++i;
    if (start == i) break;
    Word w;
    w.written = std::string(text.substr(start, i - start));
    std::string_view core = w.written;
    const auto quote = [](char c) { return c == '"' || c == '\'' || c == '`'; };
    while (!core.empty() && quote(core.front())) core.remove_prefix(1);
    while (!core.empty() && (quote(core.back()) || core.back() == ',' || core.back() == '.' ||
                             core.back() == ';' || core.back() == '!' || core.back() == ':')) {
      if (core.back() == ':') w.ends_with_colon = true;
      core.remove_suffix(1);
    }
    w.plain = lower(core);
    if (!w.plain.empty() || w.written == "=") {
      if (w.written == "=") w.plain = "=";
      out.push_back(std::move(w));
    }
  }
  return out;
}

// The written words [from, to) joined, without a leading article and the closing punctuation.
std::string joined(const std::vector<Word>& words, size_t from, size_t to, bool plain) {
  while (from < to && is_article(words[from].plain)) ++from;
  std::string out;
  for (size_t i = from; i < to; ++i) {
    if (!out.empty()) out += ' ';
    out += plain ? words[i].plain : words[i].written;
  }
  while (!out.empty() && (out.back() == '.' || out.back() == ';' || out.back() == '!' ||
                          out.back() == ':' || out.back() == '"' || out.back() == '\'')) {
    out.pop_back();
  }
  while (!out.empty() && (out.front() == '"' || out.front() == '\'')) out.erase(0, 1);
  return out;
}

// The term in its singular form: "premium films" → "premium film".
std::string singular_term(std::string term) {
  const auto space = term.rfind(' ');
  const std::string last = term.substr(space == std::string::npos ? 0 : space + 1);
  if (const auto thing = thing_of(last); thing && last == thing->second) {
    term = term.substr(0, term.size() - last.size()) + std::string(thing->first);
  }
  return term;
}

std::optional<Definition> made(const std::vector<Word>& words, size_t term_from, size_t term_to,
                               std::string meaning) {
  Definition d;
  d.term = singular_term(joined(words, term_from, term_to, /*plain=*/true));
  d.meaning = std::move(meaning);
  const auto term_words = static_cast<size_t>(std::count(d.term.begin(), d.term.end(), ' ')) + 1;
  if (d.term.empty() || d.meaning.empty() || term_words > 5 || d.meaning.size() > 300) {
    return std::nullopt;
  }
  if (term_words == 1 && thing_of(d.term)) return std::nullopt;  // "film" stays a film
  return d;
}

constexpr std::array<std::string_view, 12> kMonths = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

std::string month_name(int month) {  // 1–12, capitalised
  std::string out(kMonths[static_cast<size_t>((month + 11) % 12)]);
  out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

}  // namespace

std::optional<int> fiscal_year_start_of(std::string_view text) {
  const auto words = words_of(text);
  bool fiscal = false;
  bool starts = false;
  for (size_t i = 0; i < words.size(); ++i) {
    const auto& w = words[i].plain;
    if ((w == "fiscal" || w == "financial") && i + 1 < words.size() &&
        words[i + 1].plain == "year") {
      fiscal = true;
    }
    if (w == "fy") fiscal = true;
    if (w == "starts" || w == "start" || w == "begins" || w == "begin" || w == "runs") {
      starts = fiscal;
    }
    if (!starts) continue;
    for (size_t m = 0; m < kMonths.size(); ++m) {
      if (w == kMonths[m] || (w.size() == 3 && kMonths[m].substr(0, 3) == w)) {
        return static_cast<int>(m) + 1;
      }
    }
  }
  return std::nullopt;
}

std::vector<Definition> fiscal_definitions(int start_month, std::string_view as_of) {
  if (start_month < 1 || start_month > 12 || as_of.size() < 7) return {};
  int year = 0;
  int month = 0;
  try {
    year = std::stoi(std::string(as_of.substr(0, 4)));
    month = std::stoi(std::string(as_of.substr(5, 2)));
  } catch (const std::exception&) {
    return {};
  }
  // The fiscal year "now" is in started in `first`.
  const int first = month >= start_month ? year : year - 1;
  const auto month_year = [&](int offset) {  // the fiscal year's month `offset` (0-based)
    const int index = start_month - 1 + offset;
    return month_name(index % 12 + 1) + " " + std::to_string(first + index / 12);
  };
  const auto before = [&](int fiscal_first, int offset) {  // as month_year, another fiscal year
    const int index = start_month - 1 + offset;
    return month_name(index % 12 + 1) + " " + std::to_string(fiscal_first + index / 12);
  };
  const std::string since = "since " + month_name(start_month) + " 1 " + std::to_string(first);
  std::vector<Definition> out;
  for (const char* term : {"this fiscal year", "the current fiscal year", "current fiscal year",
                           "fiscal year to date", "fiscal ytd", "fytd", "this fy", "fy to date",
                           "this financial year", "financial year to date"}) {
    out.push_back({term, since});
  }
  const std::string last = "from " + before(first - 1, 0) + " to " + before(first - 1, 11);
  for (const char* term : {"last fiscal year", "the previous fiscal year", "previous fiscal year",
                           "the last fiscal year", "last fy", "last financial year"}) {
    out.push_back({term, last});
  }
  static constexpr std::array<std::array<std::string_view, 3>, 4> kQuarters = {{
      {"fiscal q1", "first fiscal quarter", "q1 of this fiscal year"},
      {"fiscal q2", "second fiscal quarter", "q2 of this fiscal year"},
      {"fiscal q3", "third fiscal quarter", "q3 of this fiscal year"},
      {"fiscal q4", "fourth fiscal quarter", "q4 of this fiscal year"},
  }};
  for (int q = 0; q < 4; ++q) {
    const std::string meaning = "from " + month_year(q * 3) + " to " + month_year(q * 3 + 2);
    for (const auto term : kQuarters[static_cast<size_t>(q)]) {
      out.push_back({std::string(term), meaning});
      if (term.starts_with("first") || term.starts_with("second") || term.starts_with("third") ||
          term.starts_with("fourth")) {
        out.push_back({"the " + std::string(term), meaning});
      }
    }
  }
  return out;
}

std::optional<Definition> definition_of(std::string_view text) {
  const auto words = words_of(text);
  const size_t n = words.size();
  if (n < 3) return std::nullopt;
  const auto at = [&](size_t i) -> std::string_view {
    return i < n ? std::string_view(words[i].plain) : std::string_view();
  };
  // "by <term> we mean <meaning>"
  if (at(0) == "by") {
    for (size_t j = 2; j + 2 < n; ++j) {
      if (at(j) == "we" && at(j + 1) == "mean") {
        return made(words, 1, j, joined(words, j + 2, n, false));
      }
    }
  }
  for (size_t c = 1; c + 1 < n; ++c) {
    size_t skip = 0;
    if (at(c) == "means" || at(c) == "=") skip = 1;
    if ((at(c) == "stands" && at(c + 1) == "for") || (at(c) == "refers" && at(c + 1) == "to")) {
      skip = 2;
    }
    if (at(c) == "is" && at(c + 1) == "defined" && at(c + 2) == "as") skip = 3;
    if ((at(c) == "is" || at(c) == "are") && (is_article(at(c + 1)) || thing_of(at(c + 1)))) {
      skip = 1;
    }
    if (skip > 0 && c + skip < n) return made(words, 0, c, joined(words, c + skip, n, false));
    if (words[c - 1].ends_with_colon) return made(words, 0, c, joined(words, c, n, false));
  }
  // "a <modifier…> <thing> <verb …>": the thing is the meaning's head.
  const size_t start = is_article(at(0)) ? 1 : 0;
  for (size_t k = start + 1; k < n - 1 && k <= start + 4; ++k) {
    if (!thing_of(at(k))) continue;
    const std::string_view next = at(k + 1);
    if (next == "that" || next == "which" || next == "who" || next == "is" || next == "are") {
      return std::nullopt;
    }
    auto read =
        made(words, start, k + 1, words[k].plain + " that " + joined(words, k + 1, n, false));
    if (read) read->stated = false;
    return read;
  }
  return std::nullopt;
}

Glossed apply_definitions(std::string_view question, const std::vector<Definition>& definitions) {
  Glossed out;
  out.question = std::string(question);
  // The question's words: [begin, end) byte spans and their lower-case text.
  struct Span {
    size_t begin;
    size_t end;
    std::string text;
    bool used = false;
  };
  std::vector<Span> spans;
  for (size_t i = 0; i < question.size();) {
    const auto c = static_cast<unsigned char>(question[i]);
    if (std::isalnum(c) == 0) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < question.size() &&
           (std::isalnum(static_cast<unsigned char>(question[j])) != 0 || question[j] == '-')) {
      ++j;
    }
    spans.push_back({i, j, lower(question.substr(i, j - i))});
    i = j;
  }
  // Longer terms first: "premium film rental" before "premium film".
  std::vector<size_t> order(definitions.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  const auto length = [&](size_t i) {
    return std::count(definitions[i].term.begin(), definitions[i].term.end(), ' ');
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return length(a) > length(b); });

  struct Replacement {
    size_t begin;
    size_t end;
    std::string text;
  };
  std::vector<Replacement> replacements;
  for (const size_t index : order) {
    const auto& def = definitions[index];
    std::vector<std::string> term;
    for (const auto& w : words_of(def.term)) term.push_back(w.plain);
    if (term.empty() || term.size() > spans.size()) continue;
    const auto thing = thing_of(term.back());
    for (size_t s = 0; s + term.size() <= spans.size(); ++s) {
      bool plural = false;
      bool match = true;
      for (size_t t = 0; t < term.size() && match; ++t) {
        const auto& span = spans[s + t];
        const bool last = t + 1 == term.size();
        const bool as_plural =
            last && ((thing && span.text == thing->second) || span.text == term[t] + "s");
        if (span.used || (span.text != term[t] && !as_plural)) {
          match = false;
        } else if (span.text != term[t]) {
          plural = true;
        }
      }
      if (!match) continue;
      std::string meaning = def.meaning;
      // "premium films" → "films that …": the meaning's thing made plural.
      if (plural) {
        const auto end = meaning.find(' ');
        const std::string head = lower(meaning.substr(0, end));
        if (const auto h = thing_of(head); h && head == h->first) {
          meaning = std::string(h->second) + (end == std::string::npos ? "" : meaning.substr(end));
        }
      }
      const size_t begin = spans[s].begin;
      const size_t finish = spans[s + term.size() - 1].end;
      for (size_t t = 0; t < term.size(); ++t) spans[s + t].used = true;
      out.applied.push_back({index, std::string(question.substr(begin, finish - begin)), meaning});
      replacements.push_back({begin, finish, std::move(meaning)});
    }
  }
  if (replacements.empty()) return out;
  std::sort(replacements.begin(), replacements.end(),
            [](const Replacement& a, const Replacement& b) { return a.begin < b.begin; });
  std::string rewritten;
  size_t at = 0;
  for (const auto& r : replacements) {
    rewritten.append(question.substr(at, r.begin - at));
    rewritten += r.text;
    at = r.end;
  }
  rewritten.append(question.substr(at));
  out.question = std::move(rewritten);
  return out;
}

}  // namespace common::orgmem
