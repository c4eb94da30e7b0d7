#include "common/text/utf8.hpp"

namespace common::text {

bool next_code_point(std::string_view text, size_t& pos, char32_t& code_point) {
  if (pos >= text.size()) return false;
  const auto lead = static_cast<unsigned char>(text[pos]);
  size_t extra = 0;
  char32_t min_value = 0;
  char32_t value = 0;
  if (lead < 0x80) {
    code_point = lead;
    ++pos;
    return true;
  }
  if ((lead & 0xE0) == 0xC0) {
    extra = 1, min_value = 0x80, value = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    extra = 2, min_value = 0x800, value = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    extra = 3, min_value = 0x10000, value = lead & 0x07;
  } else {
    return false;
  }
  if (pos + extra >= text.size()) return false;
  for (size_t k = 1; k <= extra; ++k) {
    const auto next = static_cast<unsigned char>(text[pos + k]);
    if ((next & 0xC0) != 0x80) return false;
    value = (value << 6) | (next & 0x3F);
  }
  if (value < min_value || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return false;
  code_point = value;
  pos += extra + 1;
  return true;
}

std::optional<size_t> utf8_length(std::string_view text) {
  size_t count = 0;
  char32_t cp = 0;
  for (size_t pos = 0; pos < text.size(); ++count) {
    if (!next_code_point(text, pos, cp)) return std::nullopt;
  }
  return count;
}

bool valid_utf8(std::string_view text) { return utf8_length(text).has_value(); }

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    if (cp >= 0xD800 && cp <= 0xDFFF) return;
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp <= 0x10FFFF) {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string_view truncate_utf8(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t end = max_bytes;
  // Step back over continuation bytes to the start of the character that does not fit.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

std::string sanitize_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  char32_t cp = 0;
  for (size_t pos = 0; pos < text.size();) {
    const size_t start = pos;
    if (next_code_point(text, pos, cp)) {
      if (cp != 0) out.append(text.substr(start, pos - start));
    } else {
      append_utf8(out, 0xFFFD);
      ++pos;
    }
  }
  return out;
}

}  // namespace common::text
