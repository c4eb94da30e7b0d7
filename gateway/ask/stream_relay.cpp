#include "gateway/ask/stream_relay.hpp"

#include <algorithm>
#include <array>

namespace gateway::ask {
namespace {

using nlohmann::json;

// Keys under which a stage may put text that came from the database or a model provider.
constexpr std::array<std::string_view, 7> kRawKeys = {"error",    "message", "detail", "hint",
                                                      "sqlstate", "what",    "context"};

bool is_code(const json& value) {
  if (!value.is_string()) return false;
  const auto& text = value.get_ref<const std::string&>();
  return !text.empty() && text.size() <= 64 && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// obj[key] when it is a string, else fallback (never throws on a mistyped field).
std::string text_of(const json& obj, const char* key, std::string fallback) {
  if (obj.is_object()) {
    const auto it = obj.find(key);
    if (it != obj.end() && it->is_string()) return it->get<std::string>();
  }
  return fallback;
}

std::string frame(const json& event) {
  return common::http::sse_frame("stage",
                                 event.dump(-1, ' ', false, json::error_handler_t::replace));
}

}  // namespace

json clean_details(const json& details) {
  if (details.is_array()) {
    json out = json::array();
    for (const auto& item : details) out.push_back(clean_details(item));
    return out;
  }
  if (!details.is_object()) return details;
  json out = json::object();
  for (const auto& [key, value] : details.items()) {
    if (std::find(kRawKeys.begin(), kRawKeys.end(), key) != kRawKeys.end()) continue;
    out[key] = clean_details(value);
  }
  return out;
}

std::string StreamRelay::release(const std::string& code, const std::string& message) {
  std::string out;
  for (auto& event : held_) {
    if (text_of(event, "status", "") == "failed") {
      auto& details = event["details"];
      const bool own_code =
          details.is_object() && details.contains("error_code") && is_code(details["error_code"]);
      details = json{{"error_code", own_code ? details["error_code"].get<std::string>() : code},
                     {"message", message}};
    }
    out += frame(event);
  }
  held_.clear();
  return out;
}

std::string StreamRelay::feed(std::string_view bytes) {
  std::string out;
  if (terminal_ || !reader_.feed(bytes)) return out;
  while (auto event = reader_.next()) {
    if (terminal_) break;
    if (event->event == "stage") {
      json stage = json::parse(event->data, nullptr, /*allow_exceptions=*/false);
      if (!stage.is_object()) continue;  // not a stage event we can vouch for
      if (stage.contains("details")) stage["details"] = clean_details(stage["details"]);
      if (!held_.empty() || text_of(stage, "status", "") == "failed") {
        held_.push_back(std::move(stage));
      } else {
        out += frame(stage);
      }
      continue;
    }
    if (event->event == "error") {
      terminal_ = true;
      const json body = json::parse(event->data, nullptr, /*allow_exceptions=*/false);
      const json error = body.is_object() && body.contains("error") && body["error"].is_object()
                             ? body["error"]
                             : json::object();
      const std::string code = text_of(error, "code", "upstream_error");
      out += release(is_code(json(code)) ? code : "upstream_error",
                     text_of(error, "message", "the request failed"));
      out += common::http::sse_frame("error", event->data);
      continue;
    }
    if (event->event == "result") {
      terminal_ = true;
      // A step that failed and was recovered from (e.g. a clarification instead of an answer):
      // its code stays, its text is the answer's to give.
      out += release("failed", "this step did not succeed; the answer says what happened");
      out += common::http::sse_frame("result", event->data);
      continue;
    }
    out += common::http::sse_frame(event->event, event->data);
  }
  return out;
}

std::string StreamRelay::finish(const json& final_error) {
  const json& error = final_error.contains("error") ? final_error["error"] : final_error;
  std::string out = release(text_of(error, "code", "upstream_error"),
                            text_of(error, "message", "the request failed"));
  out += common::http::sse_frame("error", final_error.dump());
  terminal_ = true;
  return out;
}

}  // namespace gateway::ask
