// common/http/bounded_server.hpp — cpp-httplib's server with every connection held to limits in
// time and bytes, whatever the request's framing.
//
// cpp-httplib 0.11.4 (Debian) reads a request line or header line of any length, a chunked or
// length-less body of any size (its payload limit only checks Content-Length) and waits for a
// request head as long as bytes keep trickling in. This server replaces its per-connection loop
// (the one virtual hook it offers) with one that reads through a stream that enforces:
// - the whole request head within `head_timeout` and `max_head_bytes`;
// - the body within `body_timeout` and `max_body_bytes` as received on the wire (Content-Length,
//   chunked or until EOF alike), counted from the moment the head was parsed (begin_body());
// - at most `idle_timeout` between two requests on a kept-alive connection;
// - at most `max_connections_per_ip` connections being served per peer address (a refused one
//   gets a JSON 429 and is closed);
// and that closes a connection whose request was refused before its body was read, after a
// short lingering read so the client sees the answer rather than a reset.
// Handlers reach their connection through Connection::current() (one connection is served start
// to end on one pool thread), e.g. to notice that the peer went away while they wait.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace common::http {

struct ConnectionLimits {
  std::chrono::milliseconds head_timeout{10000};
  std::chrono::milliseconds body_timeout{10000};
  std::chrono::milliseconds idle_timeout{15000};
  std::chrono::milliseconds io_timeout{10000};  // one write (or read) that makes no progress
  size_t max_head_bytes = 32 * 1024;
  size_t max_body_bytes = 64 * 1024;
  size_t max_requests_per_connection = 10000;
  size_t max_connections_per_ip = 0;  // 0: no cap
  // Peers the cap does not apply to (a proxy in front multiplexes many clients).
  std::function<bool(std::string_view peer_ip)> exempt_from_ip_cap;
};

// Why a connection's request could not be read whole.
enum class ReadFailure { kNone, kHeadTooLarge, kBodyTooLarge, kHeadTimeout, kBodyTimeout };

class Connection {
 public:
  // The connection of the request being served on this thread; nullptr outside one.
  static Connection* current();

  // The head has been parsed: from now on the body's deadline and byte budget apply.
  void begin_body();
  // The same, with a larger (or smaller) byte budget than the server's for this one body (a
  // route that takes uploads, e.g. POST /api/documents).
  void begin_body(size_t max_body_bytes);
  // The head has been parsed and announces no body (neither Content-Length nor
  // Transfer-Encoding, so its length is zero, RFC 9112 6.3): reading it ends at once. What
  // follows on the connection is the next request (cpp-httplib would read until EOF).
  void no_body();
  // Ends the connection once the current response is written (e.g. its body was left unread).
  void close_after_response() { close_after_response_ = true; }
  [[nodiscard]] bool closing() const { return close_after_response_; }
  [[nodiscard]] ReadFailure read_failure() const { return failure_; }
  // True once the peer closed its side or reset the connection (does not consume input).
  [[nodiscard]] bool peer_gone() const;
  [[nodiscard]] const std::string& peer_ip() const { return peer_ip_; }
  [[nodiscard]] int fd() const { return fd_; }

 private:
  friend class BoundedServer;
  friend class LimitedStream;
  Connection(int fd, const ConnectionLimits& limits);
  void begin_request();

  int fd_;
  const ConnectionLimits& limits_;
  std::string peer_ip_;
  int peer_port_ = 0;
  std::string local_ip_;
  int local_port_ = 0;
  bool in_body_ = false;
  bool bodiless_ = false;
  size_t budget_ = 0;  // bytes this request may still hand to the parser
  std::chrono::steady_clock::time_point deadline_{};
  ReadFailure failure_ = ReadFailure::kNone;
  bool close_after_response_ = false;
};

// cpp-httplib's server with a real accept queue: its own is 5 connections, and a burst of new
// clients beyond that waits for SYN retransmits (a second or more). Measured in the soak: two
// asks out of 30,000 answered 503 when the gateway's first burst of connections to a just-started
// copilot took over its 1 s connect timeout.
class BackloggedServer : public httplib::Server {
 public:
  static constexpr int kBacklog = 1024;
  // After bind_to_port: the accept queue holds `backlog` connections (listen() again on a
  // listening socket only changes its backlog; the kernel caps it at net.core.somaxconn).
  bool set_backlog(int backlog = kBacklog);
  // bind_to_port, set_backlog, listen_after_bind.
  bool listen_with_backlog(const std::string& host, int port, int backlog = kBacklog);
};

class BoundedServer : public BackloggedServer {
 public:
  struct Stats {
    std::atomic<unsigned long long> refused_per_ip{0};
    std::atomic<unsigned long long> head_timeouts{0};
    std::atomic<unsigned long long> body_timeouts{0};
    std::atomic<unsigned long long> too_large{0};
    std::atomic<unsigned long long> idle_closed{0};
  };

  explicit BoundedServer(ConnectionLimits limits);
  [[nodiscard]] const Stats& stats() const { return stats_; }
  [[nodiscard]] const ConnectionLimits& limits() const { return limits_; }

 private:
  bool process_and_close_socket(socket_t sock) override;
  bool take_ip_slot(const std::string& ip);
  void release_ip_slot(const std::string& ip);

  ConnectionLimits limits_;
  Stats stats_;
  std::mutex ip_mutex_;
  std::map<std::string, size_t, std::less<>> connections_per_ip_;
};

}  // namespace common::http
