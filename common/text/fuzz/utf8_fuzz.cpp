// Fuzzes the UTF-8 reader with arbitrary bytes. Besides the sanitizers it checks its promises:
// the storage repair always gives well-formed UTF-8 without NUL, leaves well-formed text without
// NUL unchanged, and is idempotent; validity and length agree.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/text/utf8.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string fixed = common::text::sanitize_for_storage(text);
  if (!common::text::is_valid_utf8(fixed) || fixed.find('\0') != std::string::npos) std::abort();
  if (common::text::sanitize_for_storage(fixed) != fixed) std::abort();
  const bool valid = common::text::is_valid_utf8(text);
  if (valid != common::text::utf8_length(text).has_value()) std::abort();
  if (valid && text.find('\0') == std::string_view::npos && fixed != text) std::abort();
  if (*common::text::utf8_length(fixed) > fixed.size()) std::abort();
  return 0;
}
