// copilot/planning/figures.hpp — a second figure asked in the same sentence as the first, read
// the way the first one's follow-up would be: "How many Action films are there, and how many of
// them are in English?" (the same films, narrowed), "payments of at least $7 in May — how many,
// and what did they add up to?" (the same payments, summed), "how long is WILD APOLLO and what's
// it rated?" (another fact of the same film). In: the two clauses. Out: one plan answering both
// side by side — or nothing, and the planner asks which to answer first (never one dropped).
#pragma once

#include <optional>
#include <string>

#include "copilot/planning/planner.hpp"
#include "copilot/semantic/model.hpp"

namespace copilot::planning {

// Both figures as one plan, or nullopt when the second does not read as a follow-up of the first
// that can stand beside it (a ranking, a growth, a different breakdown, a refusal, a question).
std::optional<Plan> plan_second_figure(const Planner& planner, const semantic::Model& model,
                                       const PlanRequest& request, const std::string& first,
                                       const std::string& second);

// "my store's busiest hour for rentals this month, and how many went out in it?", "which store
// has more copies of PG-13 titles, and how many does it hold?": the second clause asks the first
// one's measure of the one it found — which the answer of the first already shows beside it. The
// first plan (with the second clause shown as understood), or nullopt when the second asks
// anything else.
std::optional<Plan> plan_leaders_own_figure(const Planner& planner, const PlanRequest& request,
                                            const std::string& first, const std::string& second);

// "top earning title in H1 — and how long does it run?", "most rented Family title this year,
// and what's its rental rate?": catalogue facts of each film the first clause lists, shown beside
// it (`beside` in the semantic query) — or nullopt when the first clause does not list films or
// the second asks anything but a fact of them.
std::optional<Plan> plan_leaders_facts(const Planner& planner, const PlanRequest& request,
                                       const std::string& first, const std::string& second);

// "how much have we taken from Sci-Fi this year, and what % of all takings is that?", "July: which
// category earned most, and what share of July revenue was that?": the first figure with its
// share of the whole beside it — or nullopt when the second clause asks anything else, the whole
// it names is not the first figure's own (another period, another measure, narrowed), or the
// first figure cannot be a share (an average, a ranking of something filtered).
std::optional<Plan> plan_figure_and_its_share(const Planner& planner, const semantic::Model& model,
                                              const PlanRequest& request, const std::string& first,
                                              const std::string& second);

// A figure of one named film (its rentals, its takings, its copies) with catalogue facts of the
// same film asked beside it (a lookup of that film alone): one row, the film with its facts
// beside its figure — nullopt when either half is about anything more than that film.
std::optional<Plan> fact_beside_figure(const semantic::Model& model, Plan figure,
                                       const Plan& lookup);
// The same with the facts named directly (attribute or dimension names).
std::optional<Plan> facts_beside_figure(const semantic::Model& model, Plan figure,
                                        const nlohmann::json& attributes);

// The catalogue fact a measure over the film table stands for when one named film is asked
// about ("avg_replacement_cost" → "replacement_cost"); empty when it stands for none.
std::string fact_of_film_measure(const std::string& metric);

// A column name from words: lower case, letters and digits, one underscore between runs
// ("rentals_over_2_hrs").
std::string slug(const std::string& text);

// "what's it rated?" after a lookup of one named film: the question with the film named in place
// of "it"/"its" — nullopt when the previous query is not a lookup of one film or the question
// has no such pronoun.
std::optional<std::string> with_film_named(const std::string& question,
                                           const nlohmann::json& previous);

// "copies per shop?" after a lookup of one named film: a short question that names no film,
// store total or other thing of its own, with the film named at its end ("… of FERRIS MOTHER") —
// nullopt otherwise.
std::optional<std::string> about_film_named_before(const std::string& question,
                                                   const nlohmann::json& previous);

}  // namespace copilot::planning
