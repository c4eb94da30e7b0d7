#include "common/text/utf8.hpp"

namespace common::text {
namespace {

// Length in bytes of the valid sequence starting at text[i], or 0 when none starts there.
size_t sequence_length(std::string_view text, size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  size_t extra = 0;
  unsigned min_value = 0;
  unsigned value = 0;
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) {
    extra = 1, min_value = 0x80, value = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    extra = 2, min_value = 0x800, value = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    extra = 3, min_value = 0x10000, value = c & 0x07;
  } else {
    return 0;
  }
  if (i + extra >= text.size()) return 0;
  for (size_t k = 1; k <= extra; ++k) {
    const auto next = static_cast<unsigned char>(text[i + k]);
    if ((next & 0xC0) != 0x80) return 0;
    value = (value << 6) | (next & 0x3F);
  }
  if (value < min_value || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return 0;
  return extra + 1;
}

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

}  // namespace

std::optional<size_t> utf8_length(std::string_view text) {
  size_t count = 0;
  for (size_t i = 0; i < text.size(); ++count) {
    const size_t n = sequence_length(text, i);
    if (n == 0) return std::nullopt;
    i += n;
  }
  return count;
}

std::string storable_utf8(std::string_view text, size_t max_bytes) {
  std::string out;
  out.reserve(std::min(text.size(), max_bytes));
  for (size_t i = 0; i < text.size();) {
    const size_t n = sequence_length(text, i);
    const bool keep = n > 0 && text[i] != '\0';
    const std::string_view piece = keep ? text.substr(i, n) : kReplacement;
    if (out.size() + piece.size() > max_bytes) break;
    out += piece;
    i += keep ? n : 1;
  }
  return out;
}

}  // namespace common::text
