// copilot/guardrail/parse_tree.hpp — libpg_query's parse tree, read without copying.
//
// In: PostgreSQL 15's raw parse tree as libpg_query's JSON (pg_query_parse). Out: a compact,
// read-only tree of values with sibling links, which the guardrail walks.
//
// simdjson reads the JSON (strict RFC 8259 and UTF-8, nesting bounded by kMaxDepth), and the
// flat tree is laid over its document: strings and keys are views into the document, never
// copies. Why simdjson and not nlohmann (the project's JSON library elsewhere): the guardrail has
// a 50 µs budget per query and parses twice (the statement and the rewritten statement);
// nlohmann's lexer alone took ~15 µs per parse tree, simdjson ~1.5 µs (`make bench`).
// Anything that is not well-formed JSON or nests deeper than kMaxDepth leaves the tree !ok(), so
// a hostile statement can only ever produce a rejection.
#pragma once

#include <pg_query.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace copilot::guardrail {

// An owner for one libpg_query result struct: freed exactly once, on every path.
template <typename T, void (*Free)(T)>
class PgResult {
 public:
  explicit PgResult(T result) : result_(result) {}
  ~PgResult() { Free(result_); }
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;
  PgResult(PgResult&&) = delete;
  PgResult& operator=(PgResult&&) = delete;
  const T& operator*() const { return result_; }
  const T* operator->() const { return &result_; }

 private:
  T result_;
};

using ParseResult = PgResult<PgQueryParseResult, pg_query_free_parse_result>;
using FingerprintResult = PgResult<PgQueryFingerprintResult, pg_query_free_fingerprint_result>;

// pg_query_fingerprint of a statement: equal for statements that differ only in their constants
// (and whitespace, comments, aliases); empty when it does not parse.
std::string fingerprint_of(std::string_view sql);

class JsonTree;

// A light handle on one JSON value of a JsonTree (valid while the tree lives). A default or
// missing value is "absent": every accessor answers as for an empty value.
class JsonRef {
 public:
  enum class Kind : std::uint8_t { kAbsent, kNull, kBool, kNumber, kString, kArray, kObject };

  JsonRef() = default;
  JsonRef(const JsonTree* tree, std::uint32_t index) : tree_(tree), index_(index) {}

  Kind kind() const;
  bool present() const { return kind() != Kind::kAbsent; }
  bool is_object() const { return kind() == Kind::kObject; }
  bool is_array() const { return kind() == Kind::kArray; }
  bool is_scalar() const;
  // The member's key when this value is an object member, else "".
  std::string_view key() const;
  // String contents (unescaped); "" for anything else.
  std::string_view text() const;
  bool boolean() const;
  std::optional<std::int64_t> integer() const;
  // Number of elements (array) or members (object).
  std::uint32_t size() const;
  // First element/member; next() walks siblings. Absent when there is none.
  JsonRef first() const;
  JsonRef next() const;
  // The member named `name` of an object; absent when missing.
  JsonRef get(std::string_view name) const;

 private:
  const JsonTree* tree_ = nullptr;
  std::uint32_t index_ = 0;
};

class JsonTree {
 public:
  static constexpr int kMaxDepth = 1000;

  // Parses `json` (the tree keeps what it needs: `json` may go away); ok() is false when it is
  // malformed or too deep.
  explicit JsonTree(std::string_view json);
  JsonTree(const JsonTree&) = delete;  // JsonRefs and string views point into the tree
  JsonTree& operator=(const JsonTree&) = delete;
  JsonTree(JsonTree&&) = delete;
  JsonTree& operator=(JsonTree&&) = delete;
  ~JsonTree();

  bool ok() const { return ok_; }
  JsonRef root() const { return ok_ ? JsonRef{this, 0} : JsonRef{}; }

 private:
  friend class JsonRef;
  friend class TreeBuilder;
  struct Document;  // the simdjson document the values point into
  static constexpr std::uint32_t kNone = 0xffffffffU;
  struct Value {
    JsonRef::Kind kind = JsonRef::Kind::kNull;
    bool boolean = false;
    std::uint32_t first = kNone;
    std::uint32_t next = kNone;
    std::uint32_t size = 0;
    std::optional<std::int64_t> integer;
    std::string_view key;
    std::string_view text;
  };
  std::unique_ptr<Document> document_;
  std::vector<Value> values_;
  bool ok_ = false;
};

}  // namespace copilot::guardrail
