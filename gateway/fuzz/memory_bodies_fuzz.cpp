// libFuzzer target: the bodies of PUT /api/me/preferences and POST/PUT /api/org/memory, through the
// validators the routes use (common/prefs, common/orgmem). Any bytes either are refused with a 4xx
// common::Error, or give values that can be stored: a preference value the validator returns
// (default stores only within the owner's stores) and a draft of a known kind whose text is
// non-empty, at most 1000 bytes and without NUL; every refusal's error body is valid JSON.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "common/error/error.hpp"
#include "common/orgmem/org_memory.hpp"
#include "common/prefs/preferences.hpp"

namespace {

void refused_cleanly(const common::Error& e) {
  if (e.http_status() < 400 || e.http_status() >= 500) std::abort();
  try {
    (void)common::error_body(e, "fuzz").dump();
  } catch (const nlohmann::json::exception&) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const auto parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return 0;
  const common::prefs::Owner owner{1, 1, {1}, false};
  if (parsed.is_object()) {
    for (const auto& [key, value] : parsed.items()) {
      try {
        const auto stored = common::prefs::validate(key, value, owner);
        if (key == "default_stores") {
          if (!stored.is_array()) std::abort();
          for (const auto& s : stored) {
            if (!s.is_number_integer() || s.get<int>() != 1) std::abort();  // never wider
          }
        }
        (void)common::prefs::describe(key, stored);
      } catch (const common::Error& e) {
        refused_cleanly(e);
      }
    }
  }
  try {
    const auto draft = common::orgmem::parse_draft(parsed);
    if (draft.text.empty() || draft.text.size() > 1000 ||
        draft.text.find('\0') != std::string::npos ||
        (draft.kind != "glossary" && draft.kind != "rule")) {
      std::abort();
    }
    (void)common::orgmem::restriction_of(draft.text);
  } catch (const common::Error& e) {
    refused_cleanly(e);
  }
  return 0;
}
