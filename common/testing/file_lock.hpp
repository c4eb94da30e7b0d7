// common/testing/file_lock.hpp — a lock shared by the test processes ctest runs side by side.
#pragma once

#include <optional>
#include <string>

namespace common::testing {

// An exclusive flock on a file named after `name` in the temporary directory, held while the
// object lives (the kernel releases it if the process dies). Tests that change something every
// process sees — an organisation's policy — take one so they do not interleave.
class FileLock {
 public:
  // Waits until the lock is free.
  explicit FileLock(const std::string& name);
  // The lock if nobody holds it, else nullopt.
  static std::optional<FileLock> try_acquire(const std::string& name);
  ~FileLock();
  FileLock(FileLock&& other) noexcept;
  FileLock& operator=(FileLock&& other) noexcept;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  FileLock() = default;
  static int open_lock_file(const std::string& name);
  int fd_ = -1;
};

}  // namespace common::testing
