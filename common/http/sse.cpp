#include "common/http/sse.hpp"

namespace common::http {

bool SseReader::feed(std::string_view bytes) {
  if (overflowed_) return false;
  partial_.append(bytes);
  size_t start = 0;
  for (;;) {
    const size_t end = partial_.find_first_of("\r\n", start);
    if (end == std::string::npos) break;
    // CRLF is one line ending; a CR at the very end may still be followed by its LF.
    if (partial_[end] == '\r' && end + 1 == partial_.size()) break;
    line(std::string_view(partial_).substr(start, end - start));
    start = end + (partial_[end] == '\r' && partial_[end + 1] == '\n' ? 2 : 1);
    if (overflowed_) return false;
  }
  partial_.erase(0, start);
  if (partial_.size() > max_event_bytes_) overflowed_ = true;
  return !overflowed_;
}

void SseReader::line(std::string_view text) {
  if (text.empty()) {  // a blank line dispatches the event
    if (has_fields_) ready_.push_back(std::move(current_));
    current_ = SseEvent{};
    has_fields_ = false;
    current_bytes_ = 0;
    data_lines_ = 0;
    return;
  }
  if (text.front() == ':') return;  // a comment
  const size_t colon = text.find(':');
  const std::string_view field = text.substr(0, colon);
  std::string_view value = colon == std::string_view::npos ? "" : text.substr(colon + 1);
  if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  current_bytes_ += text.size();
  if (current_bytes_ > max_event_bytes_) {
    overflowed_ = true;
    return;
  }
  if (field == "event") {
    current_.event = value;
  } else if (field == "data") {
    if (data_lines_++ > 0) current_.data += '\n';
    current_.data += value;
  } else if (field == "id") {
    current_.id = value;
  } else {
    return;  // retry and unknown fields carry nothing we use
  }
  has_fields_ = true;
}

std::optional<SseEvent> SseReader::next() {
  if (ready_.empty()) return std::nullopt;
  SseEvent out = std::move(ready_.front());
  ready_.pop_front();
  return out;
}

std::string sse_frame(std::string_view event, std::string_view data) {
  std::string out = "event: ";
  out += event;
  out += '\n';
  for (;;) {
    const size_t newline = data.find('\n');
    out += "data: ";
    out += data.substr(0, newline);
    out += '\n';
    if (newline == std::string_view::npos) break;
    data.remove_prefix(newline + 1);
  }
  out += '\n';
  return out;
}

}  // namespace common::http
