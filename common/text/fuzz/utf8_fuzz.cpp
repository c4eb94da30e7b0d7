// Fuzzes the UTF-8 reader with arbitrary bytes. Besides the sanitizers it checks its promises:
// the storage repair always gives well-formed UTF-8 without NUL, leaves well-formed text without
// NUL unchanged, is idempotent; validity and length agree; a cut stays on a character boundary.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/text/utf8.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string fixed = common::text::sanitize_utf8(text);
  if (!common::text::valid_utf8(fixed) || fixed.find('\0') != std::string::npos) std::abort();
  if (common::text::sanitize_utf8(fixed) != fixed) std::abort();
  const bool valid = common::text::valid_utf8(text);
  if (valid != common::text::utf8_length(text).has_value()) std::abort();
  if (valid && text.find('\0') == std::string_view::npos && fixed != text) std::abort();
  // A byte budget cuts on a character boundary: still valid, within the budget, a prefix.
  const std::string_view cut = common::text::truncate_utf8(fixed, size / 2);
  if (cut.size() > size / 2 || !common::text::valid_utf8(cut)) std::abort();
  if (fixed.compare(0, cut.size(), cut) != 0) std::abort();
  return 0;
}
