#include "common/db/conninfo.hpp"

#include <libpq-fe.h>

#include <memory>

#include "common/memory/owned.hpp"

namespace common::db {
namespace {

// Owners for what PQconninfoParse hands back: freed on every path.
using Conninfo = common::Owned<PQconninfoOption, PQconninfoFree>;
using ErrorMessage = common::Owned<char, PQfreemem>;

// A value as libpq's keyword form would accept it back: quoted when it holds a space or a quote.
std::string quoted(std::string_view value) {
  if (!value.empty() && value.find_first_of(" \t\n\r'\\") == std::string_view::npos) {
    return std::string(value);
  }
  std::string out = "'";
  for (const char c : value) {
    if (c == '\'' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

}  // namespace

std::string redact_url(std::string_view conninfo) {
  const std::string text(conninfo);
  char* raw_error = nullptr;
  const Conninfo options(PQconninfoParse(text.c_str(), &raw_error));
  const ErrorMessage error(raw_error);  // libpq's message may quote the input: never shown
  if (!options) return "<unparsable connection string>";
  std::string out;
  for (const PQconninfoOption* option = options.get(); option->keyword != nullptr; ++option) {
    if (option->val == nullptr) continue;  // not given in the string
    if (!out.empty()) out.push_back(' ');
    out += option->keyword;
    out.push_back('=');
    // libpq marks secret fields (password, sslpassword) with the display character '*'.
    const bool secret = option->dispchar != nullptr && option->dispchar[0] == '*';
    out += secret ? std::string("***") : quoted(option->val);
  }
  return out;
}

bool is_valid_conninfo(std::string_view conninfo) {
  const std::string text(conninfo);
  char* raw_error = nullptr;
  const Conninfo options(PQconninfoParse(text.c_str(), &raw_error));
  const ErrorMessage error(raw_error);
  return options != nullptr;
}

std::string with_connect_timeout(std::string_view conninfo, int seconds) {
  std::string text(conninfo);
  char* raw_error = nullptr;
  const Conninfo options(PQconninfoParse(text.c_str(), &raw_error));
  const ErrorMessage error(raw_error);
  if (!options) return text;
  std::string out;
  bool has_timeout = false;
  for (const PQconninfoOption* option = options.get(); option->keyword != nullptr; ++option) {
    if (option->val == nullptr) continue;
    if (std::string_view(option->keyword) == "connect_timeout") has_timeout = true;
    if (!out.empty()) out.push_back(' ');
    out += option->keyword;
    out.push_back('=');
    out += quoted(option->val);
  }
  if (has_timeout) return text;
  if (!out.empty()) out.push_back(' ');
  return out + "connect_timeout=" + std::to_string(seconds);
}

}  // namespace common::db
