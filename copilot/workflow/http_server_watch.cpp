#include "copilot/workflow/http_server_watch.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/log/log.hpp"
#include "common/memory/owned.hpp"

namespace copilot::workflow {
namespace {

// The numeric host and the port of a socket address (what httplib reports for a request).
bool same_endpoint(const sockaddr_storage& address, const std::string& host, int port) {
  std::array<char, INET6_ADDRSTRLEN> text{};
  int actual_port = -1;
  if (address.ss_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(&address);
    inet_ntop(AF_INET, &v4->sin_addr, text.data(), text.size());
    actual_port = ntohs(v4->sin_port);
  } else if (address.ss_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&address);
    inet_ntop(AF_INET6, &v6->sin6_addr, text.data(), text.size());
    actual_port = ntohs(v6->sin6_port);
  } else {
    return false;
  }
  return actual_port == port && (host.empty() || host == text.data());
}

bool carries(int socket, const httplib::Request& req) {
  sockaddr_storage local{};
  sockaddr_storage peer{};
  socklen_t local_length = sizeof local;
  socklen_t peer_length = sizeof peer;
  if (getsockname(socket, reinterpret_cast<sockaddr*>(&local), &local_length) != 0 ||
      getpeername(socket, reinterpret_cast<sockaddr*>(&peer), &peer_length) != 0) {
    return false;
  }
  return same_endpoint(local, "", req.local_port) &&
         same_endpoint(peer, req.remote_addr, req.remote_port);
}

}  // namespace

int connection_socket(const httplib::Request& req) {
  // A worker thread serves one connection at a time, often many requests on it (keep-alive):
  // its last socket is checked first.
  thread_local int last = -1;
  if (last >= 0 && carries(last, req)) return last;
  const common::Owned<DIR, closedir> dir(opendir("/proc/self/fd"));
  if (!dir) return -1;
  while (const dirent* entry = readdir(dir.get())) {
    char* end = nullptr;
    const long fd = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0') continue;
    struct stat info {};
    if (fstat(static_cast<int>(fd), &info) != 0 || !S_ISSOCK(info.st_mode)) continue;
    if (carries(static_cast<int>(fd), req)) {
      last = static_cast<int>(fd);
      return last;
    }
  }
  return -1;
}

DisconnectWatcher::DisconnectWatcher() : wake_fd_(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
  if (wake_fd_ < 0) throw std::runtime_error("eventfd failed");
  thread_ = std::thread([this] { run(); });
}

DisconnectWatcher::~DisconnectWatcher() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake();
  thread_.join();
  close(wake_fd_);
}

void DisconnectWatcher::wake() {
  const std::uint64_t one = 1;
  (void)!write(wake_fd_, &one, sizeof one);
}

DisconnectWatcher::Watch DisconnectWatcher::watch(int socket, Cancellation& cancellation,
                                                  std::string request_id) {
  if (socket < 0) return {};
  std::uint64_t id = 0;
  {
    std::lock_guard lock(mutex_);
    id = next_id_++;
    entries_.emplace(id, Entry{socket, &cancellation, std::move(request_id)});
  }
  wake();
  return {this, id};
}

void DisconnectWatcher::unregister(std::uint64_t id) {
  // Under the lock: once this returns, the watcher thread no longer touches the cancellation.
  std::lock_guard lock(mutex_);
  entries_.erase(id);
}

void DisconnectWatcher::run() {
  std::vector<pollfd> fds;
  std::vector<std::uint64_t> ids;
  while (true) {
    fds.assign(1, pollfd{wake_fd_, POLLIN, 0});
    ids.assign(1, 0);
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      for (const auto& [id, entry] : entries_) {
        fds.push_back(pollfd{entry.socket, POLLRDHUP, 0});
        ids.push_back(id);
      }
    }
    if (poll(fds.data(), fds.size(), -1) < 0) continue;  // EINTR
    if ((fds[0].revents & POLLIN) != 0) {
      std::uint64_t count = 0;
      (void)!read(wake_fd_, &count, sizeof count);
    }
    std::lock_guard lock(mutex_);
    for (size_t i = 1; i < fds.size(); ++i) {
      if ((fds[i].revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)) == 0) continue;
      const auto it = entries_.find(ids[i]);
      if (it == entries_.end()) continue;  // the request finished meanwhile
      const Entry entry = it->second;
      entries_.erase(it);
      if ((fds[i].revents & POLLNVAL) != 0) continue;
      // The peer closed or reset its end: nobody waits for this answer any more.
      ++cancelled_;
      common::log::info("client_disconnected", {{"request_id", entry.request_id}});
      entry.cancellation
          ->cancel();  // under the lock: the request cannot finish (unwatch) meanwhile
    }
  }
}

}  // namespace copilot::workflow
