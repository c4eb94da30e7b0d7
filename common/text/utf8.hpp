// common/text/utf8.hpp — the one UTF-8 reader of both services: strict decoding (no overlong
// forms, no surrogates, nothing past U+10FFFF), validity, length in code points, encoding, and
// cutting a string at a character boundary. Every check of untrusted text for UTF-8 goes here.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace common::text {

// Decodes the code point at `pos` and advances `pos` past it. False (pos unchanged) when the
// bytes there are not one well-formed UTF-8 sequence.
bool next_code_point(std::string_view text, size_t& pos, char32_t& code_point);

// Code points in `text`, or nullopt when it is not valid UTF-8.
std::optional<size_t> utf8_length(std::string_view text);
bool valid_utf8(std::string_view text);

// Appends the UTF-8 encoding of a code point (nothing for a surrogate or > U+10FFFF).
void append_utf8(std::string& out, char32_t code_point);

// The longest prefix of `text` of at most `max_bytes` bytes that ends on a character boundary
// (a valid string stays valid after the cut).
std::string_view truncate_utf8(std::string_view text, size_t max_bytes);

// `text` with every ill-formed sequence replaced by U+FFFD and NUL bytes removed: safe to store
// in PostgreSQL text columns.
std::string sanitize_utf8(std::string_view text);

}  // namespace common::text
