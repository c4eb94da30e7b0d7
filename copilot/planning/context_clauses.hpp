// copilot/planning/context_clauses.hpp — the clauses of a question: those that only say why it is
// asked, and a second question joined to the first. Sentences that only say why it is asked
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

struct TwoQuestions {
  std::string first, second;  // as typed (folded); empty when the text asks one thing
};

// "How many Action films are there, and how many of them are in English?", "total value of
// payments under $2, and how many there were": a second figure asked with "and/plus/as well as how
// many|much …" after a first question of three words or more. ("Which store made more, and how
// much?" and "…, and how many times?" ask for the figure of the first and are one question.)
TwoQuestions split_second_question(const std::string& question);

}  // namespace copilot::planning
