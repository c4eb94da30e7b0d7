// common/policy/bounded_regex.hpp — a regular expression whose every search ends quickly,
// whatever the text: PCRE2 (JIT-compiled when the platform allows) with a match limit and a
// depth limit, so a pathological question costs a bounded amount of work instead of a thread
// (std::regex recurses once per character and overflowed the stack at ~100 k characters).
//
// Syntax: Perl/PCRE2, which reads the policy's patterns (written for ECMAScript) the same way:
// \b \s \d, (?:…), (?!…), {m,n}. Matching is byte-wise (no UTF mode): a question that is not valid
// UTF-8 is still searched, never rejected by the engine.
// In the shared library because the gateway compiles a policy an admin saves with exactly the
// engine the copilot will run it on (common/policy/rules.hpp).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace common::policy {

class BoundedRegex {
 public:
  struct Match {
    size_t start = 0;
    size_t length = 0;
  };
  enum class Outcome { kMatch, kNoMatch, kLimitExceeded };
  struct Result {
    Outcome outcome = Outcome::kNoMatch;
    Match match;  // when kMatch
  };

  // Throws std::runtime_error naming the position and PCRE2's reason when the pattern is invalid.
  explicit BoundedRegex(std::string_view pattern, bool caseless = true);

  // The leftmost match at or after `from` (Perl's leftmost-first alternation, as std::regex).
  // kLimitExceeded when the search gave up at its limits: the caller decides (the policy refuses).
  [[nodiscard]] Result search(std::string_view text, size_t from = 0) const;

  [[nodiscard]] const std::string& pattern() const { return pattern_; }

 private:
  struct Compiled;
  std::string pattern_;
  std::shared_ptr<const Compiled> compiled_;  // immutable once built: shared by copies, threads
};

}  // namespace common::policy
