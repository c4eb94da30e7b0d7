#include "copilot/planning/stores.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "copilot/planning/lexicon.hpp"

namespace copilot::planning {
namespace {

using Tokens = std::vector<std::string>;

std::optional<int> store_number(const std::string& token) {
  if (auto n = number_value(token); n && *n >= 0 && *n <= 9999 && static_cast<int>(*n) == *n) {
    if (token.find('.') != std::string::npos || token.find(',') != std::string::npos) {
      return std::nullopt;
    }
    return static_cast<int>(*n);
  }
  // Roman numerals, as people number branches ("store II"), and numbers in the languages staff
  // may mix in ("store zwei", "store deux", "store dos"). Not words that are English too after a
  // store word: "due", "um", "een", "un". (One hash lookup: this runs for every word of
  // 100,000-character questions.)
  static const std::unordered_map<std::string_view, int> kWords = {
      {"i", 1},    {"ii", 2},     {"iii", 3},    {"iv", 4},      {"v", 5},      {"vi", 6},
      {"vii", 7},  {"viii", 8},   {"ix", 9},     {"x", 10},      {"eins", 1},   {"uno", 1},
      {"zwei", 2}, {"zwo", 2},    {"deux", 2},   {"dos", 2},     {"dois", 2},   {"twee", 2},
      {"drei", 3}, {"trois", 3},  {"tres", 3},   {"tre", 3},     {"três", 3},   {"drie", 3},
      {"vier", 4}, {"quatre", 4}, {"cuatro", 4}, {"quattro", 4}, {"quatro", 4}, {"fünf", 5},
      {"funf", 5}, {"cinq", 5},   {"cinco", 5},  {"cinque", 5},  {"vijf", 5}};
  if (token.size() <= 7) {
    if (const auto it = kWords.find(token); it != kWords.end()) return it->second;
  }
  return std::nullopt;
}

std::optional<int> ordinal(const std::string& token) {
  static const std::array<const char*, 10> kWords = {"first", "second", "third",   "fourth",
                                                     "fifth", "sixth",  "seventh", "eighth",
                                                     "ninth", "tenth"};
  for (size_t i = 0; i < kWords.size(); ++i) {
    if (token == kWords[i]) return static_cast<int>(i) + 1;
  }
  // 1st, 2nd, 3rd, 4th ...
  if (token.size() >= 3) {
    const auto suffix = token.substr(token.size() - 2);
    if (suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th") {
      const auto digits = token.substr(0, token.size() - 2);
      if (!digits.empty() && digits.find_first_not_of("0123456789") == std::string::npos &&
          digits.size() <= 4) {
        return std::stoi(digits);
      }
    }
  }
  return std::nullopt;
}

bool is_plural_store_word(const std::string& t) {
  return t == "stores" || t == "branches" || t == "locations" || t == "shops" || t == "outlets";
}

}  // namespace

bool is_store_word(const std::string& t) {
  return t == "store" || t == "branch" || t == "location" || t == "shop" || t == "outlet" ||
         is_plural_store_word(t);
}

bool is_chain_word(const std::string& t) {
  return t == "chain" || t == "chain-wide" || t == "chainwide" || t == "company-wide" ||
         t == "companywide" || t == "network-wide";
}

StoreMentions find_stores(const Tokens& t, std::vector<bool>& used) {
  StoreMentions out;
  const auto mark = [&](size_t begin, size_t end) {
    for (size_t k = begin; k < end; ++k) used[k] = true;
    out.spans.emplace_back(begin, end);
  };
  for (size_t i = 0; i < t.size(); ++i) {
    if (used[i]) continue;
    // "both stores", "the two stores", "both of our stores", "all (of) (my|our|the) stores",
    // "every store", "each store", "the other store(s)"
    // ("the 2 stores": the count in digits, before a plural only — "store 2" is a number.)
    if (t[i] == "both" || t[i] == "two" || t[i] == "2" || t[i] == "all" || t[i] == "every" ||
        t[i] == "each" || t[i] == "other" || t[i] == "per" || t[i] == "sister") {
      size_t k = i + 1;
      while (k < t.size() && (t[k] == "of" || t[k] == "my" || t[k] == "our" || t[k] == "the")) ++k;
      if (k < t.size() && is_store_word(t[k]) && !used[k]) {
        const bool plural = is_plural_store_word(t[k]);
        if (t[i] == "both" || ((t[i] == "two" || t[i] == "2") && plural)) {
          out.both = true;
        } else if ((t[i] == "all" && plural) ||
                   // "across every location": where to count, one figure
                   ((t[i] == "every" || t[i] == "each") && i > 0 &&
                    (t[i - 1] == "across" || t[i - 1] == "over" || t[i - 1] == "throughout")) ||
                   // "June rentals, every store?": said after the question as its scope, with
                   // no "for" or "by" to make it a breakdown.
                   (t[i] == "every" && k + 1 == t.size() && i > 0 && t[i - 1] != "for" &&
                    t[i - 1] != "by" && t[i - 1] != "per" && t[i - 1] != "in" && t[i - 1] != "at" &&
                    t[i - 1] != "of")) {
          out.all = true;
        } else if (t[i] == "every" || t[i] == "each" || t[i] == "per") {
          out.each = true;  // a breakdown: the dimension matcher reads these words
          continue;
        } else if (t[i] == "other" || t[i] == "sister") {
          out.other = true;
        } else {
          continue;
        }
        const size_t begin = (t[i] == "other" && i > 0 && t[i - 1] == "the") ? i - 1 : i;
        mark(begin, k + 1);
        i = k;
        continue;
      }
    }
    // "the store that isn't mine", "the shop I don't run": the other store, in so many words.
    // (Not "whose home store isn't mine": customers registered elsewhere, read with the home
    // store.)
    if (is_store_word(t[i]) && !is_plural_store_word(t[i]) && (i == 0 || t[i - 1] != "home")) {
      size_t k = i + 1;
      if (k < t.size() && (t[k] == "that" || t[k] == "which")) ++k;
      const auto at = [&](size_t j, const char* w) { return j < t.size() && t[j] == w; };
      size_t after = 0;
      const bool one_word_not = at(k, "isn't") || at(k, "isnt") || at(k, "aint") || at(k, "not");
      if (one_word_not && (at(k + 1, "mine") || at(k + 1, "ours"))) {
        after = k + 2;
      } else if ((at(k, "is") || at(k, "s")) && at(k + 1, "not") &&
                 (at(k + 2, "mine") || at(k + 2, "ours"))) {
        after = k + 3;
      } else if ((at(k, "i") || at(k, "we")) && (at(k + 1, "don't") || at(k + 1, "dont") ||
                                                 (at(k + 1, "do") && at(k + 2, "not")))) {
        const size_t verb = at(k + 1, "do") ? k + 3 : k + 2;
        if (at(verb, "run") || at(verb, "manage") || at(verb, "own") || at(verb, "work") ||
            at(verb, "have")) {
          after = verb + 1;
        }
      }
      if (after != 0) {
        out.other = true;
        mark(i > 0 && (t[i - 1] == "the" || t[i - 1] == "a") ? i - 1 : i, after);
        i = after - 1;
        continue;
      }
    }
    // "which shop did more - mine or the other one?": "the other (one)" in a question about
    // stores is the other store.
    if (t[i] == "other" && i > 0 && t[i - 1] == "the" &&
        (i + 1 == t.size() || t[i + 1] == "one" || t[i + 1] == "1") &&
        std::any_of(t.begin(), t.end(), [](const std::string& w) { return is_store_word(w); })) {
      out.other = true;
      mark(i - 1, i + 1 < t.size() ? i + 2 : i + 1);
      continue;
    }
    // "what did the other lot do?", "and the other team?": the people of the other store.
    if (t[i] == "other" && i > 0 && t[i - 1] == "the" && i + 1 < t.size() &&
        (t[i + 1] == "lot" || t[i + 1] == "team" || t[i + 1] == "crew" || t[i + 1] == "guys" ||
         t[i + 1] == "place" || t[i + 1] == "site" || t[i + 1] == "outfit")) {
      out.other = true;
      mark(i - 1, i + 2);
      continue;
    }
    // "across the chain", "the whole chain", "company-wide": every store, one figure.
    if (is_chain_word(t[i])) {
      size_t begin = i;
      while (begin > 0 && !used[begin - 1] &&
             (t[begin - 1] == "the" || t[begin - 1] == "whole" || t[begin - 1] == "entire" ||
              t[begin - 1] == "our")) {
        --begin;
      }
      // Not out.all: that reads as "each of all the stores" when periods are compared.
      mark(begin, i + 1);
      continue;
    }
    // "S2 takings for H1?", "st1 vs st2": a store's short code (as Q2 is a quarter's).
    if ((t[i].size() >= 2 && t[i].size() <= 4 && t[i][0] == 's' &&
         std::all_of(t[i].begin() + 1, t[i].end(), [](char c) { return c >= '0' && c <= '9'; })) ||
        (t[i].size() >= 3 && t[i].size() <= 5 && t[i].starts_with("st") &&
         std::all_of(t[i].begin() + 2, t[i].end(), [](char c) { return c >= '0' && c <= '9'; }))) {
      out.ids.push_back(std::stoi(t[i].substr(t[i][1] == 't' ? 2 : 1)));
      mark(i, i + 1);
      continue;
    }
    // "the second store", "our 2nd branch"
    if (auto n = ordinal(t[i]); n && i + 1 < t.size() && is_store_word(t[i + 1]) && !used[i + 1]) {
      // "the first store to ..." is rare; an ordinal right before "store" names it.
      out.ids.push_back(*n);
      mark(i, i + 2);
      ++i;
      continue;
    }
    if (!is_store_word(t[i])) continue;
    // "my store's five top titles" (read "my store five"): the asker's own store, then a count —
    // a store is not named by a number in words after "my" or "our".
    if (i > 0 && (t[i - 1] == "my" || t[i - 1] == "our") && i + 1 < t.size() && !t[i + 1].empty() &&
        std::isalpha(static_cast<unsigned char>(t[i + 1][0])) != 0 &&
        store_number(t[i + 1]).has_value()) {
      continue;
    }
    // "store 2", "store #2", "store no 2", "store number two", "stores 1 and 2", "store II"
    size_t j = i + 1;
    bool any = false;
    while (j < t.size() && !used[j]) {
      if (t[j] == "#" || t[j] == "no" || t[j] == "number" || t[j] == "nr" || t[j] == "id" ||
          t[j] == "num") {
        if (j + 1 < t.size() && store_number(t[j + 1])) {
          ++j;
          continue;
        }
        break;
      }
      if (auto n = store_number(t[j])) {
        // "store 1 2022"? a year is not a store; "v"/"x"/"i" only as numerals right after a
        // store word.
        if (*n > 9999 || ((t[j] == "i" || t[j] == "v" || t[j] == "x") && j != i + 1)) break;
        out.ids.push_back(*n);
        any = true;
        ++j;
        continue;
      }
      if (any &&
          (t[j] == "and" || t[j] == "or" || t[j] == "vs" || t[j] == "versus" || t[j] == "&" ||
           is_store_word(t[j])) &&
          j + 1 < t.size() && !used[j + 1] &&
          (store_number(t[j + 1]) ||
           (is_store_word(t[j + 1]) && j + 2 < t.size() && store_number(t[j + 2])))) {
        ++j;
        continue;
      }
      break;
    }
    if (any) {
      mark(i, j);
      i = j - 1;
    }
  }
  return out;
}

}  // namespace copilot::planning
