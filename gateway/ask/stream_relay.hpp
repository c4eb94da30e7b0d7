// gateway/ask/stream_relay.hpp — the copilot's event stream as the caller gets it.
// In: the copilot's bytes as they arrive. Out: the bytes to send on, event by event (nothing is
// buffered beyond the event being read), with the details of stage events cleaned: a stage
// event never carries raw database or provider text (keys such as `error`, `message`, `detail`,
// `sqlstate`, at any depth, are dropped), and a failed stage reports the same clean code and
// message as the final `error` event — the text the JSON answer carries. For that, the events
// from a failed stage up to the final event (all sent within the same moment) are held and
// sent together with it. Whether a final event (`result` or `error`) has passed is tracked.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "common/http/sse.hpp"

namespace gateway::ask {

class StreamRelay {
 public:
  // The bytes to send now for these upstream bytes (possibly none).
  std::string feed(std::string_view bytes);
  // The upstream ended without a final event: the held events, cleaned with this final error,
  // then the error event itself (`final_error` is {"error":{code,message,request_id}}).
  std::string finish(const nlohmann::json& final_error);

  [[nodiscard]] bool terminal() const { return terminal_; }
  // The upstream sent something that is not an event stream (an oversized event).
  [[nodiscard]] bool broken() const { return reader_.overflowed(); }

 private:
  std::string release(const std::string& code, const std::string& message);

  common::http::SseReader reader_;
  std::vector<nlohmann::json> held_;  // stage events from a failed stage on, cleaned
  bool terminal_ = false;
};

// A stage event's `details` without raw upstream text (exposed for tests).
nlohmann::json clean_details(const nlohmann::json& details);

}  // namespace gateway::ask
