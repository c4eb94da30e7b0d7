#include "copilot/retrieval/reviewed_examples.hpp"

#include <algorithm>

#include "common/db/org_transaction.hpp"
#include "common/log/log.hpp"

namespace copilot::retrieval {

std::vector<ReviewedPair> PgReviewedPairSource::current(long long org) {
  auto lease = pool_.acquire();
  common::db::OrgTransaction tx(*lease, org);
  const auto rows = tx.exec_params(
      "SELECT v.request_id, l.role, l.question, "
      "CASE WHEN v.corrected_sql IS NOT NULL THEN v.corrected_sql ELSE l.final_sql END, "
      "v.review_id "
      "FROM (SELECT DISTINCT ON (request_id) * FROM review_verdicts "
      "      ORDER BY request_id, review_id DESC) v "
      "JOIN query_audit_logs l ON l.request_id = v.request_id "
      "WHERE l.question IS NOT NULL AND l.role IS NOT NULL "
      "  AND (v.corrected_sql IS NOT NULL "
      "       OR (v.verdict = 'right' AND coalesce(l.final_sql, '') <> '')) "
      "ORDER BY v.review_id DESC LIMIT $1",
      static_cast<long long>(max_pairs_));
  tx.commit();
  std::vector<ReviewedPair> out;
  for (const auto& r : rows) {
    out.push_back({r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(),
                   r[3].as<std::string>(), r[4].as<long long>()});
  }
  return out;
}

std::shared_ptr<const ReviewedExamples::Cached> ReviewedExamples::pairs_of(long long org) {
  const auto now = clock_.steady_now();
  std::shared_ptr<const Cached> old;
  {
    const std::lock_guard lock(mutex_);
    const auto it = cache_.find(org);
    if (it != cache_.end()) {
      old = it->second;
      if (now - old->read_at < refresh_) return old;
    }
  }
  auto fresh = std::make_shared<Cached>();
  fresh->read_at = now;
  try {
    fresh->pairs = source_.current(org);
  } catch (const std::exception& e) {
    common::log::warn("reviewed_examples_unreadable", {{"org_id", org}, {"what", e.what()}});
    if (old) return old;
  }
  for (const auto& p : fresh->pairs) {
    // The vector of a pair already read (same review) is reused.
    const std::vector<float>* known = nullptr;
    if (old) {
      for (size_t i = 0; i < old->pairs.size() && known == nullptr; ++i) {
        if (old->pairs[i].review_id == p.review_id) known = &old->vectors[i];
      }
    }
    fresh->vectors.push_back(known != nullptr ? *known : embedder_.embed(p.question));
  }
  const std::lock_guard lock(mutex_);
  cache_[org] = fresh;
  return fresh;
}

std::vector<RetrievedDoc> ReviewedExamples::recall(long long org, std::string_view role,
                                                   std::string_view question, size_t k,
                                                   double min_score) {
  std::vector<RetrievedDoc> out;
  if (org <= 0 || k == 0) return out;
  const auto cached = pairs_of(org);
  const auto q = embedder_.embed(question);
  for (size_t i = 0; i < cached->pairs.size(); ++i) {
    const auto& p = cached->pairs[i];
    if (p.role != role) continue;
    double dot = 0;
    const auto& v = cached->vectors[i];
    for (size_t j = 0; j < q.size() && j < v.size(); ++j) dot += q[j] * v[j];
    if (dot < min_score) continue;
    RetrievedDoc doc;
    doc.id = p.review_id;
    doc.key = "reviewed:" + p.request_id;
    doc.kind = "example";
    doc.title = "Reviewed example: " + p.question;
    doc.content = "Question: " + p.question + "\nSQL reviewed as right:\n" + p.sql;
    doc.score = dot;
    out.push_back(std::move(doc));
  }
  std::sort(out.begin(), out.end(), [](const RetrievedDoc& a, const RetrievedDoc& b) {
    return a.score != b.score ? a.score > b.score : a.id > b.id;
  });
  if (out.size() > k) out.resize(k);
  return out;
}

}  // namespace copilot::retrieval
