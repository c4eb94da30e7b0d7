// common/text/utf8.hpp — UTF-8 as untrusted bytes: check it, count it, and make it storable.
// Strict: overlong forms, surrogates and code points past U+10FFFF are invalid.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace common::text {

// Number of code points in valid UTF-8; nullopt when the bytes are not valid UTF-8.
std::optional<size_t> utf8_length(std::string_view text);

// Valid UTF-8 of at most max_bytes that PostgreSQL can store: every invalid sequence (e.g. a
// character cut in half) and every NUL becomes U+FFFD, and the text is cut on a character
// boundary. Other text comes back unchanged.
std::string storable_utf8(std::string_view text, size_t max_bytes);

}  // namespace common::text
