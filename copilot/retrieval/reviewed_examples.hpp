// copilot/retrieval/reviewed_examples.hpp — reviewers' corrections as examples for the model
// path (issue 16, part 4).
//
// In:  an organisation, the asker's role and a question.
// Out: the organisation's reviewed pairs nearest the question — a question and the SQL a
//      reviewer said is right (their correction, or the answer's own SQL marked right), for the
//      same role only (a statement checked for one role's allow-list says nothing about another's)
//      — as retrieved documents of kind "example", which the model prompt lists with the RAG
//      documents (copilot/generation/generator.cpp). The embedded planner does not read them.
// Each organisation's pairs are re-read at most every `refresh` (5 s) and embedded with the
// embedder RAG uses; a source that fails leaves the last pairs read.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/db/pool.hpp"
#include "common/time/clock.hpp"
#include "copilot/core/types.hpp"
#include "copilot/retrieval/embedder.hpp"

namespace copilot::retrieval {

struct ReviewedPair {
  std::string request_id;
  std::string role;
  std::string question;
  std::string sql;  // the reviewed statement
  long long review_id = 0;
};

class ReviewedPairSource {
 public:
  virtual ~ReviewedPairSource() = default;
  // The organisation's current reviewed pairs (latest verdict per request), newest first.
  virtual std::vector<ReviewedPair> current(long long org) = 0;
};

class PgReviewedPairSource final : public ReviewedPairSource {
 public:
  explicit PgReviewedPairSource(common::db::ConnectionPool& app_pool, size_t max_pairs = 500)
      : pool_(app_pool), max_pairs_(max_pairs) {}
  std::vector<ReviewedPair> current(long long org) override;

 private:
  common::db::ConnectionPool& pool_;
  size_t max_pairs_;
};

class ReviewedExamples {
 public:
  ReviewedExamples(ReviewedPairSource& source, const Embedder& embedder, const common::Clock& clock,
                   std::chrono::milliseconds refresh = std::chrono::seconds(5))
      : source_(source), embedder_(embedder), clock_(clock), refresh_(refresh) {}
  // Thread-safe; best first (ties by newest review).
  std::vector<RetrievedDoc> recall(long long org, std::string_view role, std::string_view question,
                                   size_t k = 2, double min_score = 0.3);

 private:
  struct Cached {
    std::chrono::steady_clock::time_point read_at;
    std::vector<ReviewedPair> pairs;
    std::vector<std::vector<float>> vectors;
  };
  std::shared_ptr<const Cached> pairs_of(long long org);

  ReviewedPairSource& source_;
  const Embedder& embedder_;
  const common::Clock& clock_;
  std::chrono::milliseconds refresh_;
  std::mutex mutex_;
  std::map<long long, std::shared_ptr<const Cached>> cache_;
};

}  // namespace copilot::retrieval
