// copilot/planning/normalize.hpp — a question's text as the planner reads it. In: any UTF-8 (the
// gateway has checked it is valid). Out: the same words with every way of writing a digit folded
// to ASCII (Arabic-Indic "٢", fullwidth "２", superscript "²", circled "②", Roman "Ⅱ" → 2),
// typographic quotes, dashes and spaces folded, invisible characters dropped; then lower-case
// word tokens. Folding is what keeps "store ٢" from being read as anything but store 2: a digit
// the planner could not read would otherwise be skipped and the question answered for the
// stores in scope.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace copilot::planning {

// The folded text (case kept). Bytes that are not UTF-8 become spaces.
std::string fold_text(std::string_view text);

// Lower-case word tokens of the folded text. Words keep inner hyphens and apostrophes ("pg-13",
// "sci-fi", "haven't"); numbers keep inner separators ("4.99", "1,000"); "$", "€", "£", "¢", ">",
// "<", ">=", "<=", "=", "+", "#" are tokens of their own; "%" becomes "percent"; a trailing
// possessive "'s" is dropped; "german-language" and "pg-13-rated" split into word and noun.
std::vector<std::string> tokenize(const std::string& text);

// "US" typed in capitals, in a text that is not all capitals, is the United States ("top categories
// with US customers"), never the pronoun: returns the text with that word written "USA".
std::string capitalised_us_as_country(const std::string& text);

// True for a token made only of ASCII letters, digits, hyphens and apostrophes.
bool is_ascii_word(std::string_view token);

// Where the phrase stands as whole words in the (lower-cased) text, from `from` on, or npos: the
// "g" of "long" is not the word "g".
size_t find_words(const std::string& text, std::string_view phrase, size_t from = 0);

}  // namespace copilot::planning
