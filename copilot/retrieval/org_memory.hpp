// copilot/retrieval/org_memory.hpp — the asker's organisation's memory (its glossary and rules in
// plain words, common/orgmem/org_memory.hpp) as the copilot uses it.
//
// In:  an organisation and a question.
// Out: the entries nearest the question — embedded with the embedder RAG uses, cosine similarity
//      — to cite in the answer's explain, the restrictions the copilot enforces (today "never
//      show staff names": a question broken down by staff is refused) and the definitions of the
//      organisation's own words it applies ("a premium film rents for 4.99",
//      common/orgmem/definitions.hpp). An entry only ever informs, narrows or rewords; none can
//      grant anything.
// Each organisation's entries are re-read at most every `refresh` (5 s), so an admin's change is
// in force within seconds; embeddings are kept per (entry, version).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/db/pool.hpp"
#include "common/orgmem/definitions.hpp"
#include "common/orgmem/org_memory.hpp"
#include "common/time/clock.hpp"
#include "copilot/retrieval/embedder.hpp"

namespace copilot::retrieval {

class OrgMemorySource {
 public:
  virtual ~OrgMemorySource() = default;
  virtual std::vector<common::orgmem::Entry> current(long long org) = 0;
};

class PgOrgMemorySource final : public OrgMemorySource {
 public:
  explicit PgOrgMemorySource(common::db::ConnectionPool& app_pool) : pool_(app_pool) {}
  std::vector<common::orgmem::Entry> current(long long org) override {
    return common::orgmem::current(pool_, org);
  }

 private:
  common::db::ConnectionPool& pool_;
};

struct OrgNote {
  long long id = 0;
  int version = 0;
  std::string kind;
  std::string text;
  std::string restriction;  // "staff_names", or empty: context only
  double score = 0;
  std::optional<common::orgmem::Definition> definition;  // a term the entry defines
  std::optional<int> fiscal_year_start;                  // the month its fiscal year starts in
};

struct OrgRecall {
  std::vector<OrgNote> retrieved;     // nearest the question, best first
  std::vector<OrgNote> restrictions;  // every entry the copilot enforces
  // Every entry that defines words (a term, or when the fiscal year starts), whatever its score.
  std::vector<OrgNote> definitions;
};

class OrgMemory {
 public:
  OrgMemory(OrgMemorySource& source, const Embedder& embedder, const common::Clock& clock,
            std::chrono::milliseconds refresh = std::chrono::seconds(5))
      : source_(source), embedder_(embedder), clock_(clock), refresh_(refresh) {}
  // Thread-safe. A source that fails leaves the last entries read (none at first).
  OrgRecall recall(long long org, std::string_view question, size_t k = 3, double min_score = 0.15);

 private:
  struct Cached {
    std::chrono::steady_clock::time_point read_at;
    std::vector<common::orgmem::Entry> entries;
    std::vector<std::vector<float>> vectors;
    std::vector<std::optional<common::orgmem::Definition>> definitions;
    std::vector<std::optional<int>> fiscal_year_starts;
  };
  std::shared_ptr<const Cached> entries_of(long long org);

  OrgMemorySource& source_;
  const Embedder& embedder_;
  const common::Clock& clock_;
  std::chrono::milliseconds refresh_;
  std::mutex mutex_;
  std::map<long long, std::shared_ptr<const Cached>> cache_;
};

}  // namespace copilot::retrieval
