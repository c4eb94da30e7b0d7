#include "common/testing/ports.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "common/testing/file_lock.hpp"

namespace common::testing {
namespace {

// The ports no outgoing connection takes: above the kernel's ephemeral range when there is room
// there, else the 10,000 below it.
std::pair<int, int> reservable_range() {
  int low = 32768;
  int high = 60999;
  std::ifstream in("/proc/sys/net/ipv4/ip_local_port_range");
  in >> low >> high;
  if (65535 - high >= 1000) return {high + 1, 65535};
  return {std::max(1024, low - 10000), low - 1};
}

sockaddr_in loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  return addr;
}

bool bindable(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  // As the servers bind: SO_REUSEADDR, so a port whose old connections sit in TIME_WAIT counts.
  int yes = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  const auto addr = loopback(port);
  const bool ok = bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

}  // namespace

bool accepts_connections(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  const auto addr = loopback(port);
  const bool ok = connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

int reserve_loopback_port() {
  static std::mutex mutex;
  static std::vector<FileLock> held;  // released when the process exits
  static int next = -1;
  const std::lock_guard lock(mutex);
  const auto [low, high] = reservable_range();
  const int span = high - low + 1;
  // Processes start at different places (their pid), so they rarely contend for a lock file.
  if (next < 0) next = static_cast<int>(getpid() % span);
  for (int tried = 0; tried < span; ++tried) {
    const int port = low + (next++ % span);
    auto claim = FileLock::try_acquire("port-" + std::to_string(port));
    if (!claim) continue;
    if (!bindable(port)) continue;
    held.push_back(std::move(*claim));
    return port;
  }
  throw std::runtime_error("no free loopback port in " + std::to_string(low) + "-" +
                           std::to_string(high));
}

}  // namespace common::testing
