// copilot/workflow/http_server_watch.hpp — a /run whose client has gone stops its work.
//
// httplib gives a handler no access to its connection, so the edge finds the connection's socket
// itself (connection_socket: the socket whose local and peer addresses are the request's) and
// hands it to one DisconnectWatcher thread, which waits on every watched socket at once (poll,
// POLLRDHUP) and cancels a request's Cancellation the moment its peer closes or resets. The
// cancellation stops the database query (PQcancel) and the model call (libcurl's progress
// callback).
#pragma once

#include <httplib.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "copilot/core/cancellation.hpp"
#include "copilot/core/registration.hpp"

namespace copilot::workflow {

// The socket of the connection that carries `req`, served on this thread; -1 when not found.
int connection_socket(const httplib::Request& req);

class DisconnectWatcher {
 public:
  DisconnectWatcher();  // starts the watching thread
  DisconnectWatcher(const DisconnectWatcher&) = delete;
  DisconnectWatcher& operator=(const DisconnectWatcher&) = delete;
  ~DisconnectWatcher();  // stops and joins it

  // Watches `socket` while the Watch lives; cancels `cancellation` (once) when the peer goes.
  // The Watch must be destroyed before the socket is closed (it is: the handler returns first).
  using Watch = Registration<DisconnectWatcher>;
  friend Watch;

  [[nodiscard]] Watch watch(int socket, Cancellation& cancellation, std::string request_id);

  // Requests cancelled because their client went away.
  [[nodiscard]] std::uint64_t cancelled() const { return cancelled_.load(); }

 private:
  struct Entry {
    int socket;
    Cancellation* cancellation;
    std::string request_id;  // for the log line
  };
  void run();
  void wake();
  void unregister(std::uint64_t id);

  int wake_fd_ = -1;  // an eventfd: a new watch or shutdown interrupts poll()
  std::mutex mutex_;
  std::map<std::uint64_t, Entry> entries_;
  std::uint64_t next_id_ = 1;
  bool stopping_ = false;
  std::atomic<std::uint64_t> cancelled_{0};
  std::thread thread_;  // last: starts once everything above exists
};

}  // namespace copilot::workflow
