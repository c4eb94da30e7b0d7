// libFuzzer target: the copilot's event stream as the gateway relays it (common/http/sse.cpp,
// gateway/ask/stream_relay.cpp). Any bytes, in any split, are relayed or dropped without an
// exception, and the relay ends with a final event once finish() is called.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "gateway/ask/stream_relay.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  gateway::ask::StreamRelay relay;
  // The first byte decides where the input is split, as network reads would.
  const size_t step = size == 0 ? 1 : 1 + static_cast<unsigned char>(input[0]) % 64;
  for (size_t at = 0; at < size; at += step) relay.feed(input.substr(at, step));
  const std::string last =
      relay.finish({{"error", {{"code", "upstream_error"}, {"message", "ended"}}}});
  if (last.find("event: error") == std::string::npos) std::abort();
  if (!relay.terminal()) std::abort();
  return 0;
}
