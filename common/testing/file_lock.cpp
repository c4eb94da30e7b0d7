#include "common/testing/file_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <stdexcept>
#include <utility>

namespace common::testing {

int FileLock::open_lock_file(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / "analytics-copilot-test-locks";
  std::error_code ignored;
  std::filesystem::create_directories(dir, ignored);
  const auto path = dir / name;
  const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  if (fd < 0) throw std::runtime_error("cannot open the lock file " + path.string());
  return fd;
}

FileLock::FileLock(const std::string& name) : fd_(open_lock_file(name)) {
  while (flock(fd_, LOCK_EX) != 0) {
    if (errno != EINTR) {
      close(fd_);
      throw std::runtime_error("cannot lock " + name);
    }
  }
}

std::optional<FileLock> FileLock::try_acquire(const std::string& name) {
  FileLock lock;
  lock.fd_ = open_lock_file(name);
  if (flock(lock.fd_, LOCK_EX | LOCK_NB) != 0) return std::nullopt;  // the destructor closes it
  return lock;
}

FileLock::~FileLock() {
  if (fd_ >= 0) close(fd_);  // closing the last descriptor releases the flock
}

FileLock::FileLock(FileLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

FileLock& FileLock::operator=(FileLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

}  // namespace common::testing
