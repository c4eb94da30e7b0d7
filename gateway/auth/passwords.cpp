#include "gateway/auth/passwords.hpp"

#include <sodium.h>

#include <array>
#include <stdexcept>

namespace gateway::auth {

PasswordVerifier::PasswordVerifier(int concurrency) : slots_(concurrency < 1 ? 1 : concurrency) {
  std::array<unsigned char, 24> random{};
  randombytes_buf(random.data(), random.size());
  std::string password;
  for (unsigned char b : random) password.push_back(static_cast<char>('a' + (b % 26)));
  dummy_hash_ = hash(password);
}

std::string PasswordVerifier::hash(std::string_view password) {
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str(out.data(), password.data(), password.size(),
                        crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    throw std::runtime_error("crypto_pwhash_str failed (out of memory)");
  }
  return out.data();
}

bool PasswordVerifier::verify(const std::optional<std::string>& hash_text,
                              std::string_view password) {
  {
    std::unique_lock lock(mutex_);
    freed_.wait(lock, [&] { return slots_ > 0; });
    --slots_;
  }
  const std::string& target = hash_text ? *hash_text : dummy_hash_;
  const bool match =
      crypto_pwhash_str_verify(target.c_str(), password.data(), password.size()) == 0;
  {
    const std::lock_guard lock(mutex_);
    ++slots_;
  }
  freed_.notify_one();
  return match && hash_text.has_value();
}

}  // namespace gateway::auth
