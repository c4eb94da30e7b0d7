// copilot/planning/value_index.hpp — names from the data itself (film titles, actors, categories,
// languages, cities, countries, store locations) and the words of the planner's vocabulary, for
// recognising values in a question and for reading past typos. In: the values (loaded from the
// database by a ValueSource, refreshed by the service) and the vocabulary of the semantic model
// and the lexicon. Out: value phrases found in a question's tokens (exact or within a small edit
// distance, every candidate kept when a phrase is ambiguous) and the corrected spelling of a word
// the vocabulary does not know. Holds reference data every reader role may read; customer names
// are never loaded (customers stay masked).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace copilot::planning {

struct ValueEntry {
  std::string kind;    // film, actor, category, language, rating, city, country, store
  std::string value;   // as the data spells it (filters compare with it): "ACADEMY DINOSAUR"
  long id = 0;         // film_id, actor_id, store_id, ...; 0 when the kind has none
  std::string detail;  // what tells two equal names apart: a city's country, a store's city
};

struct ValueMatch {
  size_t begin = 0, end = 0;                  // token span [begin, end)
  std::vector<const ValueEntry*> candidates;  // one, or several when the phrase is ambiguous
  bool fuzzy = false;                         // a word was read past a typo
};

// Where the values come from: the database in the service, a fixed list in unit tests.
class ValueSource {
 public:
  virtual ~ValueSource() = default;
  virtual std::vector<ValueEntry> load() = 0;
};

class ValueIndex {
 public:
  // `vocabulary`: every word the planner knows besides the values (synonyms, lexicon, time).
  ValueIndex(std::vector<ValueEntry> entries, const std::set<std::string>& vocabulary);

  // Value phrases over the tokens not yet used, longest first and non-overlapping, in order of
  // appearance. `tokens` are already spell-corrected (see correct()).
  [[nodiscard]] std::vector<ValueMatch> find(const std::vector<std::string>& tokens,
                                             const std::vector<bool>& used) const;

  // The vocabulary word (values' words included) a token was most likely meant to be: itself
  // when known; the single closest word within one edit (two for words of 8+ letters) when
  // unknown; nullopt when there is none or a tie.
  // `next` is the word after it as typed: when two words are equally close ("zoro" is one edit
  // from "zorro" and from "zero"), the one that begins a value with that next word wins
  // ("zoro ark" is ZORRO ARK).
  [[nodiscard]] std::optional<std::string> correct(const std::string& token,
                                                   const std::string& next = "") const;
  [[nodiscard]] bool knows(const std::string& word) const;

  // Values of a kind that contain this word ("dinosaur" → three films), at most `limit`.
  [[nodiscard]] std::vector<const ValueEntry*> containing(const std::string& word,
                                                          const std::string& kind,
                                                          size_t limit) const;
  // Every value of a kind, e.g. the categories.
  [[nodiscard]] std::vector<const ValueEntry*> of_kind(const std::string& kind) const;

  // Phrases to look for in a question (their words, and the value each names), as `build` makes
  // them for `kind` and `owner` (the planner's semantic model, whose aliases they include): built
  // on the first question, then kept as long as this index (the planner split and sorted the same
  // few hundred phrases again for every question: most of its time after the tokenizer's). The
  // reference lives as long as the index.
  using Phrases = std::vector<std::pair<std::vector<std::string>, std::string>>;
  const Phrases& phrases_for(const void* owner, const std::string& kind,
                             const std::function<Phrases()>& build) const;

  [[nodiscard]] size_t size() const { return entries_.size(); }
  // Approximate heap bytes held (for the memory target of the index).
  [[nodiscard]] size_t memory_bytes() const;

 private:
  std::vector<ValueEntry> entries_;
  std::vector<std::vector<std::string>> words_;                           // per entry
  std::unordered_map<std::string, std::vector<unsigned>> by_first_word_;  // → entries
  std::unordered_map<std::string, std::vector<unsigned>> by_word_;        // any word → entries
  std::vector<std::string> vocabulary_;                                   // sorted, unique
  std::unordered_map<std::string, unsigned> vocabulary_ids_;
  std::unordered_map<std::string, std::vector<unsigned>> deletions_;  // variant → vocabulary ids
  mutable std::mutex phrases_mutex_;
  mutable std::map<std::pair<const void*, std::string>, std::unique_ptr<const Phrases>> phrases_;
};

// The current index, swapped whole when the data is reloaded (readers keep the snapshot they
// took for the length of one question).
class ValueCatalog {
 public:
  explicit ValueCatalog(std::set<std::string> vocabulary) : vocabulary_(std::move(vocabulary)) {}
  // Builds an index of `entries` and makes it current — unless they are the entries the current
  // index was built from (the data's names did not change since the last load): then nothing is
  // built and false is returned. Building one holds two indexes at once for a moment (measured in
  // the soak: +1.7 MB RSS at each ten-minute reload of an unchanged catalogue).
  bool load(std::vector<ValueEntry> entries);
  [[nodiscard]] std::shared_ptr<const ValueIndex> current() const;

 private:
  std::set<std::string> vocabulary_;
  mutable std::mutex mutex_;
  std::shared_ptr<const ValueIndex> current_;
  size_t current_fingerprint_ = 0;  // of the entries current_ was built from
};

// Loads the catalog now and again every `every` (the data's names change: a new film, a new
// city), on its own thread; a failed load keeps the values already loaded and is logged.
class ValueRefresher {
 public:
  ValueRefresher(ValueCatalog& catalog, ValueSource& source, std::chrono::seconds every);
  ~ValueRefresher();
  ValueRefresher(const ValueRefresher&) = delete;
  ValueRefresher& operator=(const ValueRefresher&) = delete;
  // One load, now, on the caller's thread: false when it failed.
  bool load_now();

 private:
  ValueCatalog& catalog_;
  ValueSource& source_;
  std::chrono::seconds every_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

// Lower-case words of a value as the tokenizer would split them ("Sci-Fi" → "sci-fi").
std::vector<std::string> value_words(const std::string& value);

// Damerau–Levenshtein distance (adjacent transpositions count 1), stopping early past `limit`.
size_t edit_distance(const std::string& a, const std::string& b, size_t limit = 3);

}  // namespace copilot::planning
