// common/ids/ids.hpp — request and conversation identifiers.
#pragma once

#include <string>
#include <string_view>

namespace common::ids {

// A random version-4 UUID (libsodium's CSPRNG), lower case.
std::string new_uuid();
// True for the canonical 8-4-4-4-12 hexadecimal form (any version).
bool is_uuid(std::string_view text);
// True for a caller-supplied request id we are willing to echo: 1–64 of [A-Za-z0-9._-].
bool is_safe_request_id(std::string_view text);

}  // namespace common::ids
