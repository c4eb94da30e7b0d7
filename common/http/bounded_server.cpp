#include "common/http/bounded_server.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

#include "common/error/error.hpp"
#include "common/ids/ids.hpp"

namespace common::http {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

thread_local Connection* t_current = nullptr;

// Chunk-size lines and CRLFs of a chunked body on top of its payload.
constexpr size_t kFramingSlack = size_t{16} * 1024;
// After refusing a request whose body was not read: how long and how much is read and dropped
// before closing, so the client reads the answer instead of a reset.
constexpr milliseconds kLingerTime{1000};
constexpr size_t kLingerBytes = 1 << 20;

// A poll() timeout in whole milliseconds, rounded up (a wait never ends before its time).
int poll_ms(Clock::duration d) {
  const auto ms = std::chrono::ceil<milliseconds>(d).count();
  return static_cast<int>(std::clamp<long long>(ms, 0, 1'000'000));
}

// poll() on one descriptor, retried on EINTR; >0 ready, 0 timed out, <0 error.
int poll_one(int fd, short events, int timeout_ms, short* revents = nullptr) {
  pollfd p{fd, events, 0};
  int rc = 0;
  do {
    rc = ::poll(&p, 1, timeout_ms);
  } while (rc < 0 && errno == EINTR);
  if (revents != nullptr) *revents = p.revents;
  return rc;
}

void address_of(const sockaddr_storage& addr, socklen_t length, std::string& ip, int& port) {
  std::array<char, NI_MAXHOST> host{};
  std::array<char, NI_MAXSERV> serv{};
  if (getnameinfo(reinterpret_cast<const sockaddr*>(&addr), length, host.data(), host.size(),
                  serv.data(), serv.size(), NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
    ip = host.data();
    port = std::atoi(serv.data());
  }
  // An IPv4 client on a dual-stack socket reads as itself, not as ::ffff:a.b.c.d.
  if (ip.rfind("::ffff:", 0) == 0 && ip.find('.') != std::string::npos) ip.erase(0, 7);
}

// Writes all of text or gives up after io_timeout without progress.
bool write_all(int fd, std::string_view text, milliseconds io_timeout) {
  while (!text.empty()) {
    if (poll_one(fd, POLLOUT, poll_ms(io_timeout)) <= 0) return false;
    const ssize_t n = ::send(fd, text.data(), text.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    text.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// A complete JSON error response for a connection refused before httplib answered it.
std::string raw_error(int status, const char* reason, const Error& error) {
  const std::string request_id = ids::new_uuid();
  const std::string body = error_body(error, request_id).dump();
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\n";
  out += "Content-Type: application/json\r\nConnection: close\r\nCache-Control: no-store\r\n";
  if (status == 429) out += "Retry-After: 1\r\n";
  out += "X-Request-Id: " + request_id + "\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body;
  return out;
}

}  // namespace

// The stream httplib parses requests from and writes responses to: every read is held to the
// connection's current deadline and byte budget, through one small buffer.
class LimitedStream final : public httplib::Stream {
 public:
  explicit LimitedStream(Connection& connection) : conn_(connection) {}

  [[nodiscard]] bool is_readable() const override {
    return off_ < len_ || poll_one(conn_.fd_, POLLIN, poll_ms(conn_.limits_.io_timeout)) > 0;
  }
  // Writable unless the connection broke (a client that only closed its sending side still
  // reads the answer).
  [[nodiscard]] bool is_writable() const override {
    short revents = 0;
    return poll_one(conn_.fd_, POLLOUT, poll_ms(conn_.limits_.io_timeout), &revents) > 0 &&
           (revents & (POLLERR | POLLHUP)) == 0;
  }

  ssize_t read(char* ptr, size_t size) override {
    if (conn_.bodiless_) return 0;
    if (conn_.budget_ == 0) {
      conn_.failure_ = conn_.in_body_ ? ReadFailure::kBodyTooLarge : ReadFailure::kHeadTooLarge;
      return -1;
    }
    size = std::min(size, conn_.budget_);
    if (off_ == len_) {
      if (!wait_readable()) return -1;
      ssize_t n = 0;
      do {
        n = ::recv(conn_.fd_, buffer_.data(), buffer_.size(), 0);
      } while (n < 0 && errno == EINTR);
      if (n <= 0) return n == 0 ? 0 : -1;
      off_ = 0;
      len_ = static_cast<size_t>(n);
    }
    const size_t n = std::min(size, len_ - off_);
    std::memcpy(ptr, buffer_.data() + off_, n);
    off_ += n;
    conn_.budget_ -= n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (poll_one(conn_.fd_, POLLOUT, poll_ms(conn_.limits_.io_timeout)) <= 0) return -1;
    ssize_t n = 0;
    do {
      n = ::send(conn_.fd_, ptr, size, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    if (n > 0) wrote_ = true;
    return n;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = conn_.peer_ip_;
    port = conn_.peer_port_;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = conn_.local_ip_;
    port = conn_.local_port_;
  }
  [[nodiscard]] socket_t socket() const override { return conn_.fd_; }

  // Waits for the first byte of the next request (buffered or on the socket) up to `idle`,
  // looking at `running` every 100 ms so that a stopping server is not held up.
  bool wait_for_request(milliseconds idle, const std::function<bool()>& running) const {
    if (off_ < len_) return true;
    const auto until = Clock::now() + idle;
    while (running()) {
      const auto now = Clock::now();
      if (now >= until) return false;
      const int rc = poll_one(conn_.fd_, POLLIN,
                              poll_ms(std::min<Clock::duration>(until - now, milliseconds(100))));
      if (rc != 0) return rc > 0;
    }
    return false;
  }
  [[nodiscard]] bool wrote() const { return wrote_; }
  void reset_wrote() { wrote_ = false; }

 private:
  bool wait_readable() {
    for (;;) {
      const auto now = Clock::now();
      if (now >= conn_.deadline_) break;
      const bool deadline_first = conn_.deadline_ - now <= conn_.limits_.io_timeout;
      const auto wait =
          deadline_first ? conn_.deadline_ - now : Clock::duration(conn_.limits_.io_timeout);
      const int rc = poll_one(conn_.fd_, POLLIN, poll_ms(wait));
      if (rc > 0) return true;
      if (rc < 0) return false;
      if (!deadline_first) return false;  // io timeout: nothing for too long
    }
    conn_.failure_ = conn_.in_body_ ? ReadFailure::kBodyTimeout : ReadFailure::kHeadTimeout;
    return false;
  }

  Connection& conn_;
  std::array<char, 4096> buffer_{};
  size_t off_ = 0;
  size_t len_ = 0;
  bool wrote_ = false;
};

Connection::Connection(int fd, const ConnectionLimits& limits) : fd_(fd), limits_(limits) {
  sockaddr_storage addr{};
  socklen_t length = sizeof(addr);
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &length) == 0) {
    address_of(addr, length, peer_ip_, peer_port_);
  }
  length = sizeof(addr);
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length) == 0) {
    address_of(addr, length, local_ip_, local_port_);
  }
}

Connection* Connection::current() { return t_current; }

void Connection::begin_request() {
  in_body_ = false;
  bodiless_ = false;
  budget_ = limits_.max_head_bytes;
  deadline_ = Clock::now() + limits_.head_timeout;
  failure_ = ReadFailure::kNone;
}

void Connection::begin_body() { begin_body(limits_.max_body_bytes); }

void Connection::begin_body(size_t max_body_bytes) {
  if (in_body_) return;
  in_body_ = true;
  budget_ = max_body_bytes + kFramingSlack;
  deadline_ = Clock::now() + limits_.body_timeout;
}

void Connection::no_body() {
  in_body_ = true;
  bodiless_ = true;
}

bool Connection::peer_gone() const {
  short revents = 0;
  if (poll_one(fd_, POLLRDHUP, 0, &revents) <= 0) return false;
  return (revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
}

BoundedServer::BoundedServer(ConnectionLimits limits) : limits_(std::move(limits)) {}

bool BackloggedServer::set_backlog(int backlog) {
  return svr_sock_ != INVALID_SOCKET && ::listen(svr_sock_, backlog) == 0;
}

bool BackloggedServer::listen_with_backlog(const std::string& host, int port, int backlog) {
  if (!bind_to_port(host, port)) return false;
  (void)set_backlog(backlog);  // a refusal leaves httplib's own queue: slower, still serving
  return listen_after_bind();
}

bool BoundedServer::take_ip_slot(const std::string& ip) {
  if (limits_.max_connections_per_ip == 0) return true;
  if (limits_.exempt_from_ip_cap && limits_.exempt_from_ip_cap(ip)) return true;
  const std::lock_guard lock(ip_mutex_);
  size_t& count = connections_per_ip_[ip];
  if (count >= limits_.max_connections_per_ip) return false;
  ++count;
  return true;
}

void BoundedServer::release_ip_slot(const std::string& ip) {
  if (limits_.max_connections_per_ip == 0) return;
  if (limits_.exempt_from_ip_cap && limits_.exempt_from_ip_cap(ip)) return;
  const std::lock_guard lock(ip_mutex_);
  const auto it = connections_per_ip_.find(ip);
  if (it == connections_per_ip_.end()) return;
  if (--it->second == 0) connections_per_ip_.erase(it);
}

bool BoundedServer::process_and_close_socket(socket_t sock) {
  Connection conn(sock, limits_);
  LimitedStream stream(conn);
  bool ok = false;
  bool linger = false;
  if (!take_ip_slot(conn.peer_ip_)) {
    ++stats_.refused_per_ip;
    write_all(sock,
              raw_error(429, "Too Many Requests",
                        Error(429, "rate_limited", "too many connections from your address")),
              limits_.io_timeout);
    linger = true;
  } else {
    struct Slot {
      BoundedServer& server;
      const std::string& ip;
      ~Slot() { server.release_ip_slot(ip); }
    } const slot{*this, conn.peer_ip_};
    const std::function<bool()> running = [this] { return svr_sock_ != INVALID_SOCKET; };
    for (size_t served = 0; served < limits_.max_requests_per_connection; ++served) {
      if (!stream.wait_for_request(limits_.idle_timeout, running)) {
        if (running()) ++stats_.idle_closed;
        break;
      }
      conn.begin_request();
      stream.reset_wrote();
      bool connection_closed = false;
      t_current = &conn;
      ok = process_request(stream, served + 1 == limits_.max_requests_per_connection,
                           connection_closed, nullptr);
      t_current = nullptr;
      const ReadFailure failure = conn.failure_;
      if (failure != ReadFailure::kNone) {
        linger = true;
        switch (failure) {
          case ReadFailure::kHeadTimeout:
            ++stats_.head_timeouts;
            break;
          case ReadFailure::kBodyTimeout:
            ++stats_.body_timeouts;
            break;
          default:
            ++stats_.too_large;
        }
        // httplib gives up without an answer when the request line itself failed to read.
        if (!stream.wrote() && failure != ReadFailure::kHeadTimeout) {
          const bool body = failure == ReadFailure::kBodyTooLarge;
          const bool slow = failure == ReadFailure::kBodyTimeout;
          write_all(sock,
                    raw_error(body   ? 413
                              : slow ? 408
                                     : 400,
                              body   ? "Payload Too Large"
                              : slow ? "Request Timeout"
                                     : "Bad Request",
                              body   ? Error(413, "payload_too_large", "request body too large")
                              : slow ? Error(408, "request_timeout", "request not received in time")
                                     : Error::bad_request("request head too large")),
                    limits_.io_timeout);
        }
        break;
      }
      if (conn.close_after_response_) {
        linger = true;
        break;
      }
      if (!ok || connection_closed) break;
    }
  }
  ::shutdown(sock, SHUT_WR);
  if (linger) {
    // Read and drop what the client is still sending, briefly, then close.
    std::array<char, 4096> sink{};
    size_t dropped = 0;
    const auto until = Clock::now() + kLingerTime;
    while (dropped < kLingerBytes && Clock::now() < until &&
           poll_one(sock, POLLIN, poll_ms(until - Clock::now())) > 0) {
      const ssize_t n = ::recv(sock, sink.data(), sink.size(), 0);
      if (n <= 0) break;
      dropped += static_cast<size_t>(n);
    }
  }
  ::close(sock);
  return ok;
}

}  // namespace common::http
