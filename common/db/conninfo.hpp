// common/db/conninfo.hpp — a database connection string as logs may show it.
#pragma once

#include <string>
#include <string_view>

namespace common::db {

// The connection string (URI `postgresql://…` or keyword form `host=… password=…`) as libpq
// itself reads it (PQconninfoParse), rendered as `keyword=value` pairs with every secret field
// (the password, wherever it was written: userinfo, `?password=`, `password=`) shown as `***`.
// A string libpq cannot parse is never echoed: "<unparsable connection string>".
std::string redact_url(std::string_view conninfo);

// Whether libpq can read this connection string (URI or keyword form). Its own message is never
// shown: it may quote the string, password included.
bool is_valid_conninfo(std::string_view conninfo);

// The connection string in keyword form with `connect_timeout` set to `seconds` unless it sets
// one itself, so that a database that does not answer fails a connect in bounded time (libpq's
// default is to wait as long as the OS does: minutes). Unparsable input comes back unchanged (the
// connect then fails with libpq's own error).
std::string with_connect_timeout(std::string_view conninfo, int seconds);

}  // namespace common::db
