#include "common/policy/bounded_regex.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <array>
#include <stdexcept>

#include "common/memory/owned.hpp"

namespace common::policy {
namespace {

// Work allowed for one search. The policy's patterns need a few dozen steps per starting
// position; these limits only stop a pattern that backtracks without end.
constexpr uint32_t kMatchLimit = 200'000;
constexpr uint32_t kDepthLimit = 2'000;

// Owners for PCRE2's objects: freed on every path.
using MatchData = common::Owned<pcre2_match_data, pcre2_match_data_free>;

std::string error_text(int code) {
  std::array<PCRE2_UCHAR, 256> buffer{};
  if (pcre2_get_error_message(code, buffer.data(), buffer.size()) < 0) return "unknown error";
  return {reinterpret_cast<const char*>(buffer.data())};
}

}  // namespace

struct BoundedRegex::Compiled {
  common::Owned<pcre2_code, pcre2_code_free> code;
  common::Owned<pcre2_match_context, pcre2_match_context_free> context;
};

BoundedRegex::BoundedRegex(std::string_view pattern, bool caseless) : pattern_(pattern) {
  auto compiled = std::make_shared<Compiled>();
  int error = 0;
  PCRE2_SIZE offset = 0;
  // PCRE2_NEVER_UTF: a pattern cannot switch on UTF mode with (*UTF), so matching stays
  // byte-wise and never fails on invalid UTF-8.
  const uint32_t options = PCRE2_NEVER_UTF | (caseless ? PCRE2_CASELESS : 0U);
  compiled->code.reset(pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                     options, &error, &offset, nullptr));
  if (!compiled->code) {
    throw std::runtime_error("invalid pattern at offset " + std::to_string(offset) + ": " +
                             error_text(error));
  }
  // JIT when available (several times faster); the interpreter otherwise. Both honour the
  // match limit.
  (void)pcre2_jit_compile(compiled->code.get(), PCRE2_JIT_COMPLETE);
  compiled->context.reset(pcre2_match_context_create(nullptr));
  if (!compiled->context) throw std::runtime_error("out of memory compiling a pattern");
  pcre2_set_match_limit(compiled->context.get(), kMatchLimit);
  pcre2_set_depth_limit(compiled->context.get(), kDepthLimit);
  compiled_ = std::move(compiled);
}

BoundedRegex::Result BoundedRegex::search(std::string_view text, size_t from) const {
  Result out;
  if (from > text.size()) return out;
  const MatchData data(pcre2_match_data_create_from_pattern(compiled_->code.get(), nullptr));
  if (!data) {
    out.outcome = Outcome::kLimitExceeded;
    return out;
  }
  const int rc = pcre2_match(compiled_->code.get(), reinterpret_cast<PCRE2_SPTR>(text.data()),
                             text.size(), from, 0, data.get(), compiled_->context.get());
  if (rc == PCRE2_ERROR_NOMATCH) return out;
  if (rc < 0) {  // match, depth, heap or JIT stack limit: the search did not finish
    out.outcome = Outcome::kLimitExceeded;
    return out;
  }
  const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(data.get());
  out.outcome = Outcome::kMatch;
  out.match = {ovector[0], ovector[1] - ovector[0]};
  return out;
}

}  // namespace common::policy
