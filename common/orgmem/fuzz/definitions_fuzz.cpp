// Fuzzes the reading of organisation memory entries as definitions and their application to a
// question: an admin writes the entry (POST /api/org/memory), any user the question. The input is
// split at its first newline into entry and question. Besides the sanitizers it checks the
// promises: a definition read has a term of one to five words that is not a bare thing, and a
// meaning; applying it changes the question only where it says it did, and a question that uses
// none of the terms comes back as it was.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "common/orgmem/definitions.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto newline = input.find('\n');
  const std::string_view entry = input.substr(0, newline);
  const std::string_view question =
      newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);

  std::vector<common::orgmem::Definition> definitions;
  if (const auto d = common::orgmem::definition_of(entry)) {
    if (d->term.empty() || d->meaning.empty()) std::abort();
    if (std::count(d->term.begin(), d->term.end(), ' ') > 4) std::abort();
    definitions.push_back(*d);
  }
  if (const auto month = common::orgmem::fiscal_year_start_of(entry)) {
    if (*month < 1 || *month > 12) std::abort();
    for (auto& d : common::orgmem::fiscal_definitions(*month, "2022-08-23T21:50:12Z")) {
      definitions.push_back(std::move(d));
    }
  }
  const auto glossed = common::orgmem::apply_definitions(question, definitions);
  if (glossed.applied.empty() && glossed.question != question) std::abort();
  for (const auto& applied : glossed.applied) {
    if (applied.index >= definitions.size() || applied.matched.empty()) std::abort();
    if (glossed.question.find(applied.replaced_by) == std::string::npos) std::abort();
  }
  return 0;
}
