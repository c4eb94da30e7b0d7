// common/crypto/secrets.hpp — libsodium set-up and constant-time comparison.
#pragma once

#include <string_view>

namespace common::crypto {

// Initialises libsodium once; throws std::runtime_error when it cannot.
void init_sodium();
// Compares two secrets in time that depends only on their lengths (sodium_memcmp).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace common::crypto
