// common/db/pg_array.hpp — PostgreSQL array literals, written and read.
//
// libpqxx 6.4 (Debian bookworm) passes parameters as text and has no array conversion, so an
// array parameter goes as its literal ("{1,2}", '{"a","b"}') with a cast in the statement
// ($1::integer[], $1::text[]). One writer and one reader for the whole tree.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace common::db {

// {1,2} → "{1,2}".
std::string int_array(const std::vector<int>& values);

// {"a b", "c\"d"} → {"a b","c\"d"}: every element quoted, '"' and '\' escaped, so any text
// (commas, braces, spaces, NULL as a word) is one element. A NUL byte, which no PostgreSQL text
// can hold, is dropped.
std::string text_array(const std::vector<std::string>& values);
std::string text_array(const std::set<std::string>& values);

// "{1,2}" → {1,2}; elements that are not integers are skipped, anything not in braces is {}.
std::vector<int> parse_int_array(std::string_view text);

}  // namespace common::db
