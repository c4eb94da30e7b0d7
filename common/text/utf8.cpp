#include "common/text/utf8.hpp"

#include <cstdint>

namespace common::text {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// The length in bytes of the well-formed sequence starting at text[at], or 0 when the bytes there
// are not one (a stray continuation byte, a lead byte without its continuations, an overlong
// form, a surrogate, a code point beyond U+10FFFF).
size_t sequence_length(std::string_view text, size_t at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  if (lead < 0x80) return 1;
  size_t length = 0;
  std::uint32_t code_point = 0;
  std::uint32_t smallest = 0;
  if (lead >= 0xC0 && lead <= 0xDF) {
    length = 2;
    code_point = lead & 0x1FU;
    smallest = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    code_point = lead & 0x0FU;
    smallest = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF7) {
    length = 4;
    code_point = lead & 0x07U;
    smallest = 0x10000;
  } else {
    return 0;
  }
  if (text.size() - at < length) return 0;
  for (size_t k = 1; k < length; ++k) {
    const auto next = static_cast<unsigned char>(text[at + k]);
    if ((next & 0xC0U) != 0x80U) return 0;
    code_point = (code_point << 6U) | (next & 0x3FU);
  }
  const bool surrogate = code_point >= 0xD800 && code_point <= 0xDFFF;
  if (code_point < smallest || code_point > 0x10FFFF || surrogate) return 0;
  return length;
}

}  // namespace

std::optional<size_t> utf8_length(std::string_view text) {
  size_t code_points = 0;
  size_t at = 0;
  while (at < text.size()) {
    const size_t step = sequence_length(text, at);
    if (step == 0) return std::nullopt;
    at += step;
    ++code_points;
  }
  return code_points;
}

bool is_valid_utf8(std::string_view text) { return utf8_length(text).has_value(); }

std::string sanitize_for_storage(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t at = 0;
  while (at < text.size()) {
    const size_t step = sequence_length(text, at);
    if (step == 0 || text[at] == '\0') {
      out += kReplacement;  // one replacement per bad byte: what was there stays countable
      ++at;
      continue;
    }
    out.append(text.substr(at, step));
    at += step;
  }
  return out;
}

}  // namespace common::text
