// The accept queue of the services' HTTP servers (common/http/bounded_server.hpp): connections
// beyond cpp-httplib's 5 must not wait for SYN retransmits while the server is busy accepting.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <vector>

#include "common/http/bounded_server.hpp"

namespace common::http {
namespace {

// A socket that owns its descriptor.
class Socket {
 public:
  Socket() : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0)) {}
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  Socket(Socket&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  Socket& operator=(Socket&&) = delete;

  // True when the handshake completed within `wait_ms` (the kernel put it in the accept queue).
  bool connects(int port, int wait_ms) const {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
    const auto* generic = reinterpret_cast<const sockaddr*>(&address);
    if (::connect(fd_, generic, sizeof address) == 0) return true;
    if (errno != EINPROGRESS) return false;
    pollfd watched{fd_, POLLOUT, 0};
    if (::poll(&watched, 1, wait_ms) != 1) return false;
    int error = 0;
    socklen_t length = sizeof error;
    return ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0;
  }

 private:
  int fd_;
};

// How many of `clients` connections to `port` complete while nothing accepts them.
int queued_connections(int port, int clients) {
  std::vector<Socket> sockets;
  int connected = 0;
  for (int i = 0; i < clients; ++i) {
    sockets.emplace_back();
    if (sockets.back().connects(port, 50)) ++connected;
  }
  return connected;
}

TEST(BackloggedServer, QueuesABurstOfConnectionsBeyondHttplibsFive) {
  httplib::Server plain;
  const int plain_port = plain.bind_to_any_port("127.0.0.1");
  ASSERT_GT(plain_port, 0);
  // httplib's own queue: the rest would wait for a SYN retransmit (a second).
  EXPECT_LT(queued_connections(plain_port, 16), 16);

  BackloggedServer server;
  const int port = server.bind_to_any_port("127.0.0.1");
  ASSERT_GT(port, 0);
  ASSERT_TRUE(server.set_backlog());
  EXPECT_EQ(queued_connections(port, 16), 16);
}

TEST(BackloggedServer, ASocketNotYetBoundHasNoQueueToSet) {
  BackloggedServer server;
  EXPECT_FALSE(server.set_backlog());
}

}  // namespace
}  // namespace common::http
