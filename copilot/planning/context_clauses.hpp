// copilot/planning/context_clauses.hpp — sentences of a question that only say why it is asked
// ("I'm putting together the monthly review.", "For the board deck:", "… — it's for my boss").
// In: the question as typed. Out: the clauses that ask something, joined, and the clauses that are
// background. A clause is background only when every word of it is a function word or a word
// about documents, meetings and the asker's work (deck, review, pack, meeting, colour, preparing):
// a clause with any word the planner could read as data ("For store 2:", "Comedies only:") or any
// word it does not know ("For the kids section:") stays part of the question, so a condition is
// never dropped as background; the planner then reads it or asks about it.
#pragma once

#include <string>
#include <vector>

namespace copilot::planning {

struct ContextSplit {
  std::string question;              // the clauses that ask something, in order
  std::vector<std::string> context;  // the background clauses, as typed (empty: none)
};

// Splits at sentence ends (". ", "? ", "! "), colons, semicolons and dashes between spaces. When
// every clause would be background, nothing is split off (the planner reads the whole text).
ContextSplit split_context(const std::string& question);

}  // namespace copilot::planning
