// Fuzzes the UTF-8 reader with arbitrary bytes. Besides the sanitizers it checks its promises:
// the storage repair always gives well-formed UTF-8 without NUL, leaves well-formed text without
// NUL unchanged, is idempotent, and cuts within its budget on a character boundary.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/text/utf8.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // Room for every byte to become U+FFFD: nothing is cut.
  const std::string fixed = common::text::storable_utf8(text, text.size() * 3);
  const auto length = common::text::utf8_length(fixed);
  if (!length || fixed.find('\0') != std::string::npos) std::abort();
  if (common::text::storable_utf8(fixed, fixed.size()) != fixed) std::abort();
  const bool valid = common::text::utf8_length(text).has_value();
  if (valid && text.find('\0') == std::string_view::npos && fixed != text) std::abort();
  // A smaller budget cuts on a character boundary: still valid, never longer than the budget.
  const std::string cut = common::text::storable_utf8(text, size / 2);
  if (cut.size() > size / 2 || !common::text::utf8_length(cut)) std::abort();
  if (fixed.compare(0, cut.size(), cut) != 0) std::abort();
  return 0;
}
