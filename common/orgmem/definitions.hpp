// common/orgmem/definitions.hpp — an organisation's definitions of its own words ("a premium film
// rents for 4.99", "by late rentals we mean rentals returned after their due date") as the copilot
// applies them: a question that uses the term is planned with the words it stands for, so the
// embedded planner answers "how many premium films do we have?" exactly as it answers "how many
// films rent for 4.99?" — and declines it the same way when those words are not understood.
//
// A definition only rewrites words: what the rewritten question may read is checked again by every
// layer after it (policy, compiler, guardrail, the role's reader), so it can never grant access.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace common::orgmem {

struct Definition {
  std::string term;     // lower case, singular ("premium film")
  std::string meaning;  // the words it stands for, as written ("film that rents for 4.99")
  // Said as a definition ("means", "is defined as", ":" …), not read from a plain statement
  // ("a premium film rents for 4.99"): the copilot applies a statement's reading only to words it
  // does not understand by themselves ("An overdue rental costs $1 a day" is about a fee).
  bool stated = true;
};

// The definition an entry's text states, or nothing when it states none. Read forms:
//   "<term> means | = | stands for | refers to | is defined as <meaning>"
//   "by <term> we mean <meaning>"
//   "a <term> is a <meaning>" / "<terms> are <meanings>" (the meaning starts with an article or a
//      thing the data holds: film, customer, rental, payment, actor, store, category)
//   "a <modifier…> <thing> <verb …>"  ("a premium film rents for 4.99" → premium film = film that
//      rents for 4.99)
// A term is one to five words and never a bare thing ("a film rents for 4.99" redefines nothing).
std::optional<Definition> definition_of(std::string_view text);

// The month (1–12) an organisation's fiscal year starts in, when the text says so ("our fiscal
// year starts in February", "FY begins on 1 Feb"); nothing otherwise.
std::optional<int> fiscal_year_start_of(std::string_view text);

// The fiscal periods a question may name, as definitions in words the planner reads, for a
// fiscal year starting in `start_month` and the data's "now" `as_of` (an ISO date or timestamp):
// with February and 2022-08-23, "this fiscal year" / "fiscal year to date" / "FYTD" → "since
// February 1 2022", "last fiscal year" → "from February 2021 to January 2022", "Q1 of this fiscal
// year" / "fiscal Q1" → "from February 2022 to April 2022". A fiscal year named by a number
// ("FY2022") is left alone: whether it is named by its first or its last year is not said, so
// the planner asks back.
std::vector<Definition> fiscal_definitions(int start_month, std::string_view as_of);

struct AppliedDefinition {
  size_t index = 0;     // which definition (position in the list given)
  std::string matched;  // the question's words it replaced, as written ("premium films")
  std::string replaced_by;
};

struct Glossed {
  std::string question;  // with every defined term replaced by its meaning
  std::vector<AppliedDefinition> applied;
};

// Replaces each whole-word, case-insensitive use of a term (or its plural: "premium films" →
// "films that rents for 4.99", the meaning's thing made plural) by its meaning; longer terms
// first, each word replaced at most once. Nothing applied: the question as it was.
Glossed apply_definitions(std::string_view question, const std::vector<Definition>& definitions);

}  // namespace common::orgmem
