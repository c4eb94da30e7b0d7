#include "copilot/retrieval/org_memory.hpp"

#include <algorithm>

#include "common/log/log.hpp"

namespace copilot::retrieval {

std::shared_ptr<const OrgMemory::Cached> OrgMemory::entries_of(long long org) {
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
    fresh->entries = source_.current(org);
  } catch (const std::exception& e) {
    common::log::warn("org_memory_unreadable", {{"org_id", org}, {"what", e.what()}});
    if (old) return old;
  }
  for (const auto& e : fresh->entries) {
    // The vector of an unchanged (entry, version) is reused.
    const std::vector<float>* known = nullptr;
    if (old) {
      for (size_t i = 0; i < old->entries.size(); ++i) {
        if (old->entries[i].entry_id == e.entry_id && old->entries[i].version == e.version) {
          known = &old->vectors[i];
        }
      }
    }
    fresh->vectors.push_back(known != nullptr ? *known : embedder_.embed(e.text));
    // A rule the copilot enforces is not also read as a definition.
    const bool enforced = !common::orgmem::restriction_of(e.text).empty();
    fresh->definitions.push_back(enforced ? std::nullopt : common::orgmem::definition_of(e.text));
    fresh->fiscal_year_starts.push_back(enforced ? std::nullopt
                                                 : common::orgmem::fiscal_year_start_of(e.text));
  }
  const std::lock_guard lock(mutex_);
  cache_[org] = fresh;
  return fresh;
}

OrgRecall OrgMemory::recall(long long org, std::string_view question, size_t k, double min_score) {
  OrgRecall out;
  if (org <= 0) return out;
  const auto cached = entries_of(org);
  const auto q = embedder_.embed(question);
  for (size_t i = 0; i < cached->entries.size(); ++i) {
    const auto& e = cached->entries[i];
    double dot = 0;
    const auto& v = cached->vectors[i];
    for (size_t j = 0; j < q.size() && j < v.size(); ++j) dot += q[j] * v[j];
    OrgNote note{e.entry_id,
                 e.version,
                 e.kind,
                 e.text,
                 common::orgmem::restriction_of(e.text),
                 dot,
                 cached->definitions[i],
                 cached->fiscal_year_starts[i]};
    if (!note.restriction.empty()) out.restrictions.push_back(note);
    if (note.definition || note.fiscal_year_start) out.definitions.push_back(note);
    if (dot >= min_score) out.retrieved.push_back(std::move(note));
  }
  std::sort(out.retrieved.begin(), out.retrieved.end(), [](const OrgNote& a, const OrgNote& b) {
    return a.score != b.score ? a.score > b.score : a.id < b.id;
  });
  if (out.retrieved.size() > k) out.retrieved.resize(k);
  return out;
}

}  // namespace copilot::retrieval
