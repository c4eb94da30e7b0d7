#include "copilot/planning/value_index.hpp"

#include <algorithm>
#include <iterator>
#include <set>

#include "common/log/log.hpp"
#include "common/memory/allocator.hpp"
#include "copilot/planning/normalize.hpp"

namespace copilot::planning {
namespace {

size_t allowed_edits(const std::string& word) {
  if (word.size() < 4) return 0;
  return word.size() >= 8 ? 2 : 1;
}

// Every string obtained by deleting up to `depth` characters (the word itself included).
void deletion_variants(const std::string& word, size_t depth, std::set<std::string>& out) {
  out.insert(word);
  if (depth == 0) return;
  for (size_t i = 0; i < word.size(); ++i) {
    std::string shorter = word;
    shorter.erase(i, 1);
    if (out.insert(shorter).second || depth > 1) deletion_variants(shorter, depth - 1, out);
  }
}

}  // namespace

std::vector<std::string> value_words(const std::string& value) { return tokenize(value); }

size_t edit_distance(const std::string& a, const std::string& b, size_t limit) {
  const size_t n = a.size();
  const size_t m = b.size();
  if ((n > m ? n - m : m - n) > limit) return limit + 1;
  std::vector<std::vector<size_t>> d(n + 1, std::vector<size_t>(m + 1, 0));
  for (size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (size_t i = 1; i <= n; ++i) {
    size_t row_min = limit + 1;
    for (size_t j = 1; j <= m; ++j) {
      const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
      row_min = std::min(row_min, d[i][j]);
    }
    if (row_min > limit) return limit + 1;
  }
  return d[n][m];
}

ValueIndex::ValueIndex(std::vector<ValueEntry> entries, const std::set<std::string>& vocabulary)
    : entries_(std::move(entries)) {
  std::set<std::string> words(vocabulary.begin(), vocabulary.end());
  words_.reserve(entries_.size());
  for (unsigned i = 0; i < entries_.size(); ++i) {
    auto w = value_words(entries_[i].value);
    if (!w.empty()) {
      by_first_word_[w.front()].push_back(i);
      for (const auto& word : w) {
        auto& list = by_word_[word];
        if (list.empty() || list.back() != i) list.push_back(i);
        words.insert(word);
      }
    }
    words_.push_back(std::move(w));
  }
  vocabulary_.assign(words.begin(), words.end());
  for (unsigned id = 0; id < vocabulary_.size(); ++id) {
    const auto& word = vocabulary_[id];
    vocabulary_ids_.emplace(word, id);
    // Only words a typo could be read as: a word of 4+ letters made of plain characters.
    if (word.size() < 4 || !is_ascii_word(word)) continue;
    std::set<std::string> variants;
    deletion_variants(word, allowed_edits(word), variants);
    for (const auto& v : variants) deletions_[v].push_back(id);
  }
}

bool ValueIndex::knows(const std::string& word) const { return vocabulary_ids_.count(word) != 0; }

std::optional<std::string> ValueIndex::correct(const std::string& token,
                                               const std::string& next) const {
  if (knows(token)) return token;
  const size_t limit = allowed_edits(token);
  if (limit == 0 || !is_ascii_word(token)) return std::nullopt;
  // Digits are numbers, never typos of words.
  if (std::any_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  std::set<std::string> variants;
  deletion_variants(token, limit, variants);
  std::set<unsigned> candidates;
  for (const auto& v : variants) {
    if (auto it = deletions_.find(v); it != deletions_.end()) {
      candidates.insert(it->second.begin(), it->second.end());
    }
  }
  size_t best = limit + 1;
  std::vector<unsigned> best_ids;
  for (const unsigned id : candidates) {
    const auto& word = vocabulary_[id];
    const size_t d = edit_distance(token, word, limit);
    // The first letter is rarely the typo: a candidate that changes it must be closer.
    const size_t penalty = (word.front() != token.front()) ? 1 : 0;
    if (d + penalty > limit || d > allowed_edits(word)) continue;
    if (d + penalty < best) {
      best = d + penalty;
      best_ids = {id};
    } else if (d + penalty == best) {
      best_ids.push_back(id);
    }
  }
  // A long word a letter off two words, one of them a value's ("argentinia": Argentina, or
  // "argentinian"), most likely names the value: values are what questions misspell.
  if (best_ids.size() > 1 && token.size() >= 8) {
    std::vector<unsigned> of_values;
    std::copy_if(best_ids.begin(), best_ids.end(), std::back_inserter(of_values),
                 [&](unsigned id) { return by_word_.count(vocabulary_[id]) > 0; });
    if (of_values.size() == 1) best_ids = std::move(of_values);
  }
  // A letter left out is the commonest typo: "rentls" is "rentals" (its letters in order), not
  // "rents" (a letter typed that is not there). Preferred only over readings shorter than what
  // was typed: "acton" stays ambiguous between "action" and "actor", and is asked about.
  if (best_ids.size() > 1) {
    const auto drops_letters = [&](unsigned id) {
      const auto& word = vocabulary_[id];
      size_t k = 0;
      for (const char c : word) {
        if (k < token.size() && token[k] == c) ++k;
      }
      return k == token.size() && word.size() > token.size();
    };
    std::vector<unsigned> dropped;
    std::copy_if(best_ids.begin(), best_ids.end(), std::back_inserter(dropped), drops_letters);
    const bool others_shorter = std::all_of(best_ids.begin(), best_ids.end(), [&](unsigned id) {
      return drops_letters(id) || vocabulary_[id].size() < token.size();
    });
    if (dropped.size() == 1 && others_shorter) best_ids = std::move(dropped);
  }
  if (best_ids.size() > 1 && !next.empty()) {
    const auto begins_value_with_next = [&](unsigned id) {
      auto it = by_first_word_.find(vocabulary_[id]);
      if (it == by_first_word_.end()) return false;
      return std::any_of(it->second.begin(), it->second.end(),
                         [&](unsigned e) { return words_[e].size() > 1 && words_[e][1] == next; });
    };
    std::erase_if(best_ids, [&](unsigned id) { return !begins_value_with_next(id); });
  }
  if (best_ids.size() != 1) return std::nullopt;
  return vocabulary_[best_ids.front()];
}

std::vector<ValueMatch> ValueIndex::find(const std::vector<std::string>& tokens,
                                         const std::vector<bool>& used) const {
  struct Found {
    size_t begin, end;
    unsigned entry;
    bool near = false;
  };
  std::vector<Found> found;
  std::vector<Found> near;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (used[i]) continue;
    auto it = by_first_word_.find(tokens[i]);
    if (it == by_first_word_.end()) continue;
    for (const unsigned e : it->second) {
      const auto& w = words_[e];
      if (i + w.size() > tokens.size()) continue;
      bool ok = true;
      size_t misspelt = 0;
      for (size_t k = 0; k < w.size() && ok && misspelt <= 1; ++k) {
        ok = !used[i + k];
        if (!ok || tokens[i + k] == w[k]) continue;
        // "jada rider", "harvey hoppe": one later word of a name a letter off, when that word
        // is long enough for a typo to be told from another word (the first must be exact).
        // ("carmen hnt", "racer eg": a letter left out of a short later word, its first letter
        // kept — never a small everyday word, "an" or "the", that happens to be one.)
        static const std::set<std::string> kSmallWords = {
            "an",  "at",  "in",  "is",  "on",  "to",  "of",  "or",  "as",  "by",  "it",
            "me",  "my",  "we",  "us",  "up",  "so",  "no",  "do",  "go",  "he",  "be",
            "the", "and", "for", "all", "any", "are", "was", "but", "not", "out", "our",
            "who", "why", "how", "per", "its", "has", "had", "did", "may", "can", "now"};
        const auto& typed = tokens[i + k];
        const bool letter_left_out = k > 0 && w[k].size() >= 3 && typed.size() + 1 == w[k].size() &&
                                     typed.size() >= 2 && typed.front() == w[k].front() &&
                                     kSmallWords.count(typed) == 0 &&
                                     edit_distance(typed, w[k], 1) <= 1;
        if (letter_left_out ||
            (k > 0 && w.size() > 1 && w[k].size() >= 4 && tokens[i + k].size() >= 4 &&
             edit_distance(tokens[i + k], w[k], 1) <= 1)) {
          ++misspelt;
        } else {
          ok = false;
        }
      }
      if (!ok || misspelt > 1) continue;
      if (misspelt == 0) {
        found.push_back({i, i + w.size(), e});
      } else {
        near.push_back({i, i + w.size(), e, true});
      }
    }
  }
  // A name read past a typo only where no name as long is spelt right over the same words
  // ("carmen hnt" is the actor, not a one-word place "Carmen" with "hnt" left over).
  for (const auto& n : near) {
    const bool exact_there = std::any_of(found.begin(), found.end(), [&](const Found& f) {
      return f.begin < n.end && n.begin < f.end && f.end - f.begin >= n.end - n.begin;
    });
    if (!exact_there) found.push_back(n);
  }
  // Longest first; equal spans become one ambiguous match.
  std::stable_sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
    return (a.end - a.begin) > (b.end - b.begin);
  });
  std::vector<bool> taken = used;
  std::vector<ValueMatch> out;
  for (const auto& f : found) {
    bool free = true;
    for (size_t k = f.begin; k < f.end; ++k) free = free && !taken[k];
    if (!free) {
      // Same span as the match just made: another candidate for it.
      if (!out.empty() && out.back().begin == f.begin && out.back().end == f.end) {
        out.back().candidates.push_back(&entries_[f.entry]);
      }
      continue;
    }
    out.push_back({f.begin, f.end, {&entries_[f.entry]}, f.near});
    for (size_t k = f.begin; k < f.end; ++k) taken[k] = true;
  }
  std::sort(out.begin(), out.end(),
            [](const ValueMatch& a, const ValueMatch& b) { return a.begin < b.begin; });
  return out;
}

std::vector<const ValueEntry*> ValueIndex::containing(const std::string& word,
                                                      const std::string& kind, size_t limit) const {
  std::vector<const ValueEntry*> out;
  auto it = by_word_.find(word);
  if (it == by_word_.end()) return out;
  for (const unsigned e : it->second) {
    if (entries_[e].kind == kind) out.push_back(&entries_[e]);
    if (out.size() >= limit) break;
  }
  return out;
}

std::vector<const ValueEntry*> ValueIndex::of_kind(const std::string& kind) const {
  std::vector<const ValueEntry*> out;
  for (const auto& e : entries_) {
    if (e.kind == kind) out.push_back(&e);
  }
  return out;
}

size_t ValueIndex::memory_bytes() const {
  size_t bytes = entries_.capacity() * sizeof(ValueEntry);
  for (const auto& e : entries_)
    bytes += e.kind.capacity() + e.value.capacity() + e.detail.capacity();
  for (const auto& w : words_) {
    bytes += w.capacity() * sizeof(std::string);
    for (const auto& s : w) bytes += s.capacity();
  }
  const auto map_bytes = [](const auto& map) {
    size_t b = map.bucket_count() * sizeof(void*);
    for (const auto& [key, list] : map) {
      b += sizeof(key) + key.capacity() + 32 + list.capacity() * sizeof(unsigned);
    }
    return b;
  };
  bytes += map_bytes(by_first_word_) + map_bytes(by_word_) + map_bytes(deletions_);
  for (const auto& w : vocabulary_) bytes += sizeof(std::string) + w.capacity();
  bytes += vocabulary_ids_.bucket_count() * sizeof(void*) + vocabulary_ids_.size() * 48;
  return bytes;
}

const ValueIndex::Phrases& ValueIndex::phrases_for(const void* owner, const std::string& kind,
                                                   const std::function<Phrases()>& build) const {
  const std::lock_guard lock(phrases_mutex_);
  auto& kept = phrases_[{owner, kind}];
  if (!kept) kept = std::make_unique<const Phrases>(build());
  return *kept;
}

bool ValueCatalog::load(std::vector<ValueEntry> entries) {
  // What the entries say, in any order (the source's query has no ORDER BY): a sum over the
  // entries of a hash of each one's kind, value, id and detail, and of its square.
  size_t sum = 0;
  size_t squares = 0;
  for (const auto& e : entries) {
    size_t h = std::hash<std::string>{}(e.kind);
    for (const size_t part : {std::hash<std::string>{}(e.value), std::hash<long>{}(e.id),
                              std::hash<std::string>{}(e.detail)}) {
      h ^= part + 0x9e3779b97f4a7c15ULL + (h << 6U) + (h >> 2U);
    }
    sum += h;
    squares += h * h;
  }
  const size_t fingerprint = sum ^ (squares * 31U) ^ entries.size();
  {
    std::lock_guard lock(mutex_);
    if (current_ && fingerprint == current_fingerprint_) return false;
  }
  auto index = std::make_shared<const ValueIndex>(std::move(entries), vocabulary_);
  std::lock_guard lock(mutex_);
  current_ = std::move(index);
  current_fingerprint_ = fingerprint;
  return true;
}

std::shared_ptr<const ValueIndex> ValueCatalog::current() const {
  std::lock_guard lock(mutex_);
  return current_;
}

ValueRefresher::ValueRefresher(ValueCatalog& catalog, ValueSource& source,
                               std::chrono::seconds every)
    : catalog_(catalog), source_(source), every_(every) {
  if (every_.count() <= 0) return;
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, every_, [this] { return stopping_; })) {
      lock.unlock();
      load_now();
      lock.lock();
    }
  });
}

ValueRefresher::~ValueRefresher() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool ValueRefresher::load_now() {
  try {
    const auto started = std::chrono::steady_clock::now();
    auto entries = source_.load();
    const auto count = entries.size();
    const bool rebuilt = catalog_.load(std::move(entries));
    common::memory::release_free_memory();  // the index it replaced, or the entries read
    const auto index = catalog_.current();
    common::log::info("value_index_loaded", {{"values", count},
                                             {"rebuilt", rebuilt},
                                             {"bytes", index ? index->memory_bytes() : 0},
                                             {"ms", std::chrono::duration<double, std::milli>(
                                                        std::chrono::steady_clock::now() - started)
                                                        .count()}});
    return true;
  } catch (const std::exception& e) {
    common::log::warn("value_index_load_failed", {{"what", e.what()}});
    return false;
  }
}

}  // namespace copilot::planning
