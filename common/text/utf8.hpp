// common/text/utf8.hpp — the one UTF-8 reader both services use: validation, length in code
// points, and a repair for text that must be stored whatever it holds (PostgreSQL's text and
// jsonb refuse invalid UTF-8 and NUL).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace common::text {

// True for well-formed UTF-8 (no overlong forms, surrogates or code points above U+10FFFF).
bool is_valid_utf8(std::string_view text);

// Number of code points of well-formed UTF-8; nullopt otherwise.
std::optional<size_t> utf8_length(std::string_view text);

// The text with every malformed sequence (e.g. a character cut in half) and every NUL replaced by
// U+FFFD, so that PostgreSQL accepts it; well-formed text without NUL comes back unchanged.
std::string sanitize_for_storage(std::string_view text);

}  // namespace common::text
