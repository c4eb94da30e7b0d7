// copilot/planning/lexicon.hpp — the words of a question that carry no meaning of their own for
// the answer, and the words that carry an operation the plan must account for. In: one
// lower-case token. Out: its class. The planner accounts for every other word through something
// in its plan (a metric, a dimension, a value from the data, a period, a store, a condition); a
// word that nothing accounts for is never skipped: the question is asked back.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace copilot::planning {

enum class WordClass {
  kContent,      // must be accounted for by the plan
  kNeutral,      // function words, politeness, generic verbs and nouns: never change the answer
  kRanking,      // top, most, least, highest, ... : the plan must rank
  kComparison,   // compare, vs, versus, against: the plan must put things side by side
  kGrowth,       // growth, change, increase, ... : the plan must compare periods
  kShare,        // share, percentage, proportion, ... : the plan must take a share
  kAverage,      // average, mean, typical: the plan's figure must be an average
  kNegation,     // not, never, without, excluding, ... : the plan must exclude something
  kComparator,   // more, less, over, under, above, below, between, than, at least, ...
  kTotal,        // total, overall, combined, together, altogether: one figure, no breakdown
  kOutOfDomain,  // weather, joke, poem, python, ... : not a question about this data
};

WordClass classify_word(std::string_view token);

// A number written as digits (with "," or "." separators: "1,000", "4.99") or as English words
// up to ninety-nine ("two", "thirty", "forty-five"). Nullopt otherwise.
std::optional<double> number_value(std::string_view token);

// Words that name data this copilot holds (films, rentals, customers, ...): a question that has
// none of them and nothing else the planner recognises is out of its domain.
bool is_domain_word(std::string_view token);

// True when a word of the text says the question is not about this data (weather, a joke,
// code, converting currencies).
bool names_out_of_domain(const std::string& text);
// The same over words already tokenized (tokenize() is most of the cost on a long question).
bool names_out_of_domain(const std::vector<std::string>& tokens);

// Every word the lexicon lists (for the planner's spelling vocabulary).
std::vector<std::string> lexicon_words();

}  // namespace copilot::planning
