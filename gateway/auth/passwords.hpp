// gateway/auth/passwords.hpp — argon2id password checks (libsodium crypto_pwhash_str_verify).
// An unknown or disabled user is checked against a dummy hash with the same cost, so the answer
// and its timing do not tell whether the user exists. At most `concurrency` checks run at once:
// each takes ~65 ms of CPU and 64 MiB of memory.
#pragma once

#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace gateway::auth {

class PasswordVerifier {
 public:
  explicit PasswordVerifier(int concurrency);

  // True when password matches hash. With no hash, verifies against the dummy and returns false.
  bool verify(const std::optional<std::string>& hash, std::string_view password);

  // An argon2id string for password with the INTERACTIVE limits (as the seed uses).
  static std::string hash(std::string_view password);

 private:
  std::string dummy_hash_;
  int slots_;
  std::mutex mutex_;
  std::condition_variable freed_;
};

}  // namespace gateway::auth
