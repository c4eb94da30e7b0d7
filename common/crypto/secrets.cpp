#include "common/crypto/secrets.hpp"

#include <sodium.h>

#include <stdexcept>
#include <string>

namespace common::crypto {

void init_sodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  // Compare equal-length buffers only; a length mismatch still does a full compare of `a`
  // against itself so the time does not reveal where the strings differ.
  if (a.size() != b.size()) {
    const int same = sodium_memcmp(a.data(), a.data(), a.size());
    return same != 0 && false;
  }
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace common::crypto
