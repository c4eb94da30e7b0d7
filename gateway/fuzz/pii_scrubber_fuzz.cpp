// The dataset export's PII scrubber (gateway/review/scrubber.cpp) on untrusted text: questions,
// comments and notes are whatever people typed. The first lines of an input become terms (their
// kinds in turn: first name, last name, e-mail, address, phone), the rest is the text scrubbed.
// Checks: no crash or sanitizer report; with no terms, text without '@' comes back unchanged.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/review/scrubber.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  static const char* const kKinds[] = {"first_name", "last_name", "email", "address", "phone"};
  std::vector<gateway::review::PiiTerm> terms;
  size_t at = 0;
  for (size_t i = 0; i < 5 && at < input.size(); ++i) {
    const auto end = input.find('\n', at);
    if (end == std::string_view::npos) break;
    terms.push_back({std::string(input.substr(at, end - at)), kKinds[i], "[x]"});
    at = end + 1;
  }
  const std::string_view text = input.substr(at);
  const gateway::review::PiiScrubber scrubber(terms);
  (void)scrubber.scrub(text);
  (void)scrubber.scrub_json(nlohmann::json::array({std::string(text)}));
  if (text.find('@') == std::string_view::npos) {
    const gateway::review::PiiScrubber none({});
    if (none.scrub(text) != text) __builtin_trap();
  }
  return 0;
}
