// common/http/sse.hpp — text/event-stream (the WHATWG server-sent events format), both ways:
// an incremental reader that turns bytes, as they arrive in any split, into whole events, and
// the writer of one event frame.
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

namespace common::http {

struct SseEvent {
  std::string event = "message";
  std::string data;  // the data lines joined with '\n'
  std::string id;
};

class SseReader {
 public:
  explicit SseReader(size_t max_event_bytes = 8 << 20) : max_event_bytes_(max_event_bytes) {}

  // Appends bytes; false once an event (or a line) grew past max_event_bytes: the stream is
  // then unusable and nothing more is read from it.
  bool feed(std::string_view bytes);
  // The next complete event, in order.
  std::optional<SseEvent> next();
  [[nodiscard]] bool overflowed() const { return overflowed_; }

 private:
  void line(std::string_view text);

  size_t max_event_bytes_;
  std::string partial_;  // an unfinished line
  SseEvent current_;
  bool has_fields_ = false;
  size_t current_bytes_ = 0;
  size_t data_lines_ = 0;
  bool overflowed_ = false;
  std::deque<SseEvent> ready_;
};

// One event as it goes on the wire: "event: <name>\ndata: <line>\n...\n\n".
std::string sse_frame(std::string_view event, std::string_view data);

}  // namespace common::http
