// Fuzzes the risk stage's parse-tree analysis (copilot::risk::analyse) with arbitrary text as
// SQL, and scores what it finds. Besides the sanitizers it checks the stage's promises: the facts
// are sane (no negative or NaN sizes, counts never negative), and a score is always 0-100 with
// the level its thresholds give, for every role and author, when EXPLAIN was skipped.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "copilot/risk/risk_scoring.hpp"

namespace {

bool sane(double size) { return !std::isnan(size) && size >= 0; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view sql(reinterpret_cast<const char*>(data), size);
  const copilot::risk::StatementFacts facts = copilot::risk::analyse(sql);
  if (facts.cartesian_joins < 0 || !sane(facts.largest_literal_string)) std::abort();
  for (const auto* calls : {&facts.set_returning, &facts.string_building}) {
    for (const auto& call : *calls) {
      if (call.name.empty() || (call.size && std::isnan(*call.size))) std::abort();
    }
  }
  const copilot::risk::Thresholds thresholds;
  for (const auto author : {copilot::risk::Author::kPlanner, copilot::risk::Author::kModel}) {
    for (const auto role : {copilot::Role::kAdmin, copilot::Role::kFinance}) {
      const auto a = copilot::risk::score(facts, std::nullopt, "not estimated (fuzz)", author, role,
                                          thresholds);
      if (a.score < 0 || a.score > 100 || a.level != copilot::risk::level_of(a.score, thresholds)) {
        std::abort();
      }
    }
  }
  return 0;
}
