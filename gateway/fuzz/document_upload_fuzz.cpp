// libFuzzer target: an upload to POST /api/documents through the checks and the chunker the route
// uses (common/docs/documents.hpp). The input's first three lines are the Content-Type, the title
// and the roles; the rest is the body. Any bytes either are refused with a 4xx common::Error whose
// error body is valid JSON, or give an upload of a known kind, a title of valid UTF-8 without
// control characters, roles among the four, and chunks of valid UTF-8, each non-empty and at most
// kChunkBytes. (PDF bodies stop before pdftotext: the child process is not fuzzed in-process.)
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>
#include <string_view>

#include "common/docs/documents.hpp"
#include "common/error/error.hpp"
#include "common/text/utf8.hpp"

namespace {

std::string_view next_line(std::string_view& rest) {
  const auto end = rest.find('\n');
  const auto line = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
  return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  const auto content_type = next_line(rest);
  const auto title = next_line(rest);
  const auto roles = next_line(rest);
  const auto body = rest;
  try {
    const auto upload = common::docs::parse_upload(content_type, title, roles);
    if (!common::text::valid_utf8(upload.title) || upload.title.empty()) std::abort();
    for (const char c : upload.title) {
      if (static_cast<unsigned char>(c) < 0x20) std::abort();
    }
    static const std::set<std::string> kRoles = {"admin", "store_manager", "marketing", "finance"};
    if (upload.roles.empty()) std::abort();
    for (const auto& r : upload.roles) {
      if (!kRoles.contains(r)) std::abort();
    }
    if (upload.kind == common::docs::Kind::kPdf) return 0;
    const auto text = common::docs::plain_text(body);
    for (const auto& chunk : common::docs::chunk_text(text, upload.kind)) {
      if (chunk.content.empty() || chunk.content.size() > common::docs::kChunkBytes ||
          !common::text::valid_utf8(chunk.content) || !common::text::valid_utf8(chunk.heading)) {
        std::abort();
      }
    }
  } catch (const common::Error& e) {
    if (e.http_status() < 400 || e.http_status() >= 500) std::abort();
    try {
      (void)common::error_body(e, "fuzz").dump();
    } catch (const nlohmann::json::exception&) {
      std::abort();
    }
  }
  return 0;
}
