#include "copilot/guardrail/parse_tree.hpp"

#include <simdjson.h>

#include <cstdint>

namespace copilot::guardrail {

struct JsonTree::Document {
  simdjson::dom::document dom;
};

namespace {

// The parser keeps only scratch space (structural indexes, the padded copy of the input), so one
// per thread is reused by every tree that thread builds; the document itself belongs to the tree.
// Its nesting bound is set when it is made; growing its capacity later keeps the bound.
class ThreadParser {
 public:
  // Null when even the first allocation failed (the tree then fails closed).
  static simdjson::dom::parser* get() {
    Bounded& bounded = instance();
    return bounded.ready ? &bounded.parser : nullptr;
  }
  // Scratch grown past kRetainedCapacity by one huge statement is given back rather than held
  // by the thread for good.
  static void trim() {
    Bounded& bounded = instance();
    if (bounded.parser.capacity() > kRetainedCapacity) bounded = Bounded{};
  }

 private:
  static constexpr std::size_t kInitialCapacity = 4096;
  static constexpr std::size_t kRetainedCapacity = std::size_t{256} * 1024;
  struct Bounded {
    Bounded() = default;  // not an aggregate: Bounded{} makes a fresh parser
    simdjson::dom::parser parser;
    bool ready = parser.allocate(kInitialCapacity, JsonTree::kMaxDepth) == simdjson::SUCCESS;
  };
  static Bounded& instance() {
    thread_local Bounded bounded;
    return bounded;
  }
};

}  // namespace

// Lays the flat tree over a parsed simdjson document: each value is appended in document order
// and linked as the next sibling of the value before it in the same container.
class TreeBuilder {
 public:
  using Kind = JsonRef::Kind;
  using Value = JsonTree::Value;

  explicit TreeBuilder(JsonTree& tree) : tree_(tree) {}

  // Appends `element` (and everything under it); false when the tree would outgrow its indexes.
  // Recursion is bounded: the parser refused documents nested deeper than kMaxDepth.
  bool append(simdjson::dom::element element, std::string_view key) {
    if (tree_.values_.size() >= JsonTree::kNone) return false;
    const auto index = static_cast<std::uint32_t>(tree_.values_.size());
    Value& value = tree_.values_.emplace_back();
    value.key = key;
    switch (element.type()) {
      case simdjson::dom::element_type::OBJECT: {
        value.kind = Kind::kObject;
        simdjson::dom::object object;
        return element.get(object) == simdjson::SUCCESS && children(index, object);
      }
      case simdjson::dom::element_type::ARRAY: {
        value.kind = Kind::kArray;
        simdjson::dom::array array;
        return element.get(array) == simdjson::SUCCESS && children(index, array);
      }
      case simdjson::dom::element_type::STRING:
        value.kind = Kind::kString;
        return element.get(value.text) == simdjson::SUCCESS;
      case simdjson::dom::element_type::INT64: {
        value.kind = Kind::kNumber;
        std::int64_t signed_value = 0;
        if (element.get(signed_value) != simdjson::SUCCESS) return false;
        value.integer = signed_value;
        return true;
      }
      case simdjson::dom::element_type::UINT64: {
        // Beyond int64 it stays a number without an integer value (integer() answers nullopt).
        value.kind = Kind::kNumber;
        std::uint64_t unsigned_value = 0;
        if (element.get(unsigned_value) != simdjson::SUCCESS) return false;
        if (unsigned_value <= static_cast<std::uint64_t>(INT64_MAX)) {
          value.integer = static_cast<std::int64_t>(unsigned_value);
        }
        return true;
      }
      case simdjson::dom::element_type::DOUBLE:
        value.kind = Kind::kNumber;  // a fraction: no integer value, and none is ever read
        return true;
      case simdjson::dom::element_type::BOOL:
        value.kind = Kind::kBool;
        return element.get(value.boolean) == simdjson::SUCCESS;
      case simdjson::dom::element_type::NULL_VALUE:
        value.kind = Kind::kNull;
        return true;
    }
    return false;
  }

 private:
  static std::string_view key_of(const simdjson::dom::key_value_pair& member) { return member.key; }
  static std::string_view key_of(const simdjson::dom::element& /*element*/) { return {}; }
  static simdjson::dom::element value_of(const simdjson::dom::key_value_pair& member) {
    return member.value;
  }
  static simdjson::dom::element value_of(const simdjson::dom::element& element) { return element; }

  // Appends the members of an object or the elements of an array under tree_.values_[parent].
  template <typename Container>
  bool children(std::uint32_t parent, const Container& container) {
    std::uint32_t last = JsonTree::kNone;
    for (const auto& child : container) {
      const auto index = static_cast<std::uint32_t>(tree_.values_.size());
      if (!append(value_of(child), key_of(child))) return false;
      if (last == JsonTree::kNone) {
        tree_.values_[parent].first = index;
      } else {
        tree_.values_[last].next = index;
      }
      last = index;
      ++tree_.values_[parent].size;
    }
    return true;
  }

  JsonTree& tree_;
};

std::string fingerprint_of(std::string_view sql) {
  const std::string text(sql);
  const FingerprintResult result(pg_query_fingerprint(text.c_str()));
  if (result->error != nullptr || result->fingerprint_str == nullptr) return {};
  return result->fingerprint_str;
}

JsonTree::JsonTree(std::string_view json) : document_(std::make_unique<Document>()) {
  simdjson::dom::parser* parser = ThreadParser::get();
  if (parser == nullptr) return;
  // Strict: the whole input must be one JSON value, nested at most kMaxDepth deep. Errors are
  // returned, never thrown. The input is copied into the parser's padded buffer. The document
  // does not need the parser once parsed.
  simdjson::dom::element root;
  const bool parsed =
      parser->parse_into_document(document_->dom, json.data(), json.size()).get(root) ==
      simdjson::SUCCESS;
  ThreadParser::trim();
  if (!parsed) return;
  values_.reserve(json.size() / 24 + 8);
  ok_ = TreeBuilder(*this).append(root, {});
  if (!ok_) values_.clear();
}

JsonTree::~JsonTree() = default;

JsonRef::Kind JsonRef::kind() const {
  return tree_ == nullptr ? Kind::kAbsent : tree_->values_[index_].kind;
}

bool JsonRef::is_scalar() const {
  const Kind k = kind();
  return k == Kind::kNull || k == Kind::kBool || k == Kind::kNumber || k == Kind::kString;
}

std::string_view JsonRef::key() const {
  return tree_ == nullptr ? std::string_view{} : tree_->values_[index_].key;
}

std::string_view JsonRef::text() const {
  return tree_ == nullptr ? std::string_view{} : tree_->values_[index_].text;
}

bool JsonRef::boolean() const { return tree_ != nullptr && tree_->values_[index_].boolean; }

std::optional<std::int64_t> JsonRef::integer() const {
  if (kind() != Kind::kNumber) return std::nullopt;
  return tree_->values_[index_].integer;
}

std::uint32_t JsonRef::size() const { return tree_ == nullptr ? 0 : tree_->values_[index_].size; }

JsonRef JsonRef::first() const {
  if (tree_ == nullptr) return {};
  const std::uint32_t child = tree_->values_[index_].first;
  return child == JsonTree::kNone ? JsonRef{} : JsonRef{tree_, child};
}

JsonRef JsonRef::next() const {
  if (tree_ == nullptr) return {};
  const std::uint32_t sibling = tree_->values_[index_].next;
  return sibling == JsonTree::kNone ? JsonRef{} : JsonRef{tree_, sibling};
}

JsonRef JsonRef::get(std::string_view name) const {
  if (kind() != Kind::kObject) return {};
  for (JsonRef member = first(); member.present(); member = member.next()) {
    if (member.key() == name) return member;
  }
  return {};
}

}  // namespace copilot::guardrail
