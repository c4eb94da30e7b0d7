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

}  // namespace common::db
