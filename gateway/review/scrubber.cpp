#include "gateway/review/scrubber.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

namespace gateway::review {
namespace {

// Words of the product's own vocabulary that are also customers' names: never scrubbed alone.
constexpr std::array<std::string_view, 19> kVocabulary = {
    "january",   "february",  "march",   "april",    "may",      "june",   "july",
    "august",    "september", "october", "november", "december", "monday", "tuesday",
    "wednesday", "thursday",  "friday",  "saturday", "sunday"};

bool word_char(unsigned char c) {
  return std::isalnum(c) != 0 || c >= 0x80 || c == '@' || c == '.' || c == '_' || c == '+' ||
         c == '\'' || c == '-';
}
bool edge_char(unsigned char c) {
  return c == '.' || c == '_' || c == '+' || c == '\'' || c == '-';
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The first letter and *** (v_customer_masked's masking of a name).
std::string masked_name(std::string_view name) {
  return name.empty() ? std::string("***") : std::string(1, name.front()) + "***";
}

// An e-mail's first letter, *** and its domain; nullopt when the text is not an e-mail.
std::optional<std::string> masked_email(std::string_view text) {
  const auto at = text.find('@');
  if (at == std::string_view::npos || at == 0 || text.find('.', at) == std::string_view::npos ||
      text.find('@', at + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  return std::string(1, text.front()) + "***@" + std::string(text.substr(at + 1));
}

struct Token {
  size_t core_begin = 0;  // the word without the punctuation around it
  size_t core_end = 0;
};

}  // namespace

PiiScrubber::PiiScrubber(const std::vector<PiiTerm>& terms) {
  for (const auto& t : terms) {
    const std::string key = lower(t.term);
    if (t.kind == "first_name") {
      first_names_.insert(key);
    } else if (t.kind == "last_name") {
      last_names_.insert(key);
    } else {
      // Split on spaces: one word is looked up directly, several as a phrase.
      std::vector<std::string> words;
      size_t i = 0;
      while (i < key.size()) {
        while (i < key.size() && !word_char(static_cast<unsigned char>(key[i]))) ++i;
        size_t j = i;
        while (j < key.size() && word_char(static_cast<unsigned char>(key[j]))) ++j;
        if (j > i) {
          std::string word = key.substr(i, j - i);
          while (!word.empty() && edge_char(static_cast<unsigned char>(word.back()))) {
            word.pop_back();
          }
          while (!word.empty() && edge_char(static_cast<unsigned char>(word.front()))) {
            word.erase(0, 1);
          }
          if (!word.empty()) words.push_back(std::move(word));
        }
        i = j;
      }
      if (words.size() == 1) {
        words_[words.front()] = t.replacement;
      } else if (words.size() > 1) {
        const std::string first = words.front();
        phrases_[first].emplace_back(std::move(words), t.replacement);
      }
    }
  }
  for (const auto word : kVocabulary) {
    first_names_.erase(std::string(word));
    last_names_.erase(std::string(word));
  }
}

std::string PiiScrubber::scrub(std::string_view text) const {
  std::vector<Token> tokens;
  for (size_t i = 0; i < text.size();) {
    if (!word_char(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < text.size() && word_char(static_cast<unsigned char>(text[j]))) ++j;
    Token t{i, j};
    while (t.core_begin < t.core_end && edge_char(static_cast<unsigned char>(text[t.core_begin]))) {
      ++t.core_begin;
    }
    while (t.core_end > t.core_begin &&
           edge_char(static_cast<unsigned char>(text[t.core_end - 1]))) {
      --t.core_end;
    }
    if (t.core_end > t.core_begin) tokens.push_back(t);
    i = j;
  }
  const auto core = [&](size_t k) {
    return text.substr(tokens[k].core_begin, tokens[k].core_end - tokens[k].core_begin);
  };
  // A name is the core up to an apostrophe ("Smith's" is Smith).
  const auto name_of = [&](size_t k) {
    const auto c = core(k);
    return c.substr(0, c.find('\''));
  };

  // Replacements: (first token, last token, text).
  struct Span {
    size_t from;
    size_t to;
    std::string with;
  };
  std::vector<Span> spans;
  for (size_t k = 0; k < tokens.size(); ++k) {
    const std::string key = lower(core(k));
    bool done = false;
    if (const auto p = phrases_.find(key); p != phrases_.end()) {
      for (const auto& [words, replacement] : p->second) {
        if (k + words.size() > tokens.size()) continue;
        bool all = true;
        for (size_t w = 1; w < words.size() && all; ++w) all = lower(core(k + w)) == words[w];
        if (all) {
          spans.push_back({k, k + words.size() - 1, replacement});
          k += words.size() - 1;
          done = true;
          break;
        }
      }
    }
    if (done) continue;
    if (const auto w = words_.find(key); w != words_.end()) {
      spans.push_back({k, k, w->second});
      continue;
    }
    if (const auto email = masked_email(core(k))) {
      spans.push_back({k, k, *email});
      continue;
    }
    const auto name = name_of(k);
    const std::string name_key = lower(name);
    if (k + 1 < tokens.size()) {
      const auto next = name_of(k + 1);
      const std::string next_key = lower(next);
      const bool full = (first_names_.count(name_key) != 0 && last_names_.count(next_key) != 0) ||
                        (last_names_.count(name_key) != 0 && first_names_.count(next_key) != 0);
      if (full) {
        spans.push_back({k, k, masked_name(name) + std::string(core(k).substr(name.size()))});
        spans.push_back(
            {k + 1, k + 1, masked_name(next) + std::string(core(k + 1).substr(next.size()))});
        ++k;
        continue;
      }
    }
    if (!name.empty() && std::isupper(static_cast<unsigned char>(name.front())) != 0 &&
        last_names_.count(name_key) != 0) {
      spans.push_back({k, k, masked_name(name) + std::string(core(k).substr(name.size()))});
    }
  }

  std::string out;
  out.reserve(text.size());
  size_t at = 0;
  for (const auto& s : spans) {
    out.append(text.substr(at, tokens[s.from].core_begin - at));
    out += s.with;
    at = tokens[s.to].core_end;
  }
  out.append(text.substr(at));
  return out;
}

nlohmann::json PiiScrubber::scrub_json(const nlohmann::json& value) const {
  if (value.is_string()) return scrub(value.get_ref<const std::string&>());
  if (value.is_array() || value.is_object()) {
    nlohmann::json out = value;
    for (auto& v : out) v = scrub_json(v);
    return out;
  }
  return value;
}

}  // namespace gateway::review
