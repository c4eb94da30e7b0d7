#include "copilot/guardrail/parse_tree.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <utility>

namespace copilot::guardrail {

// Builds the flat tree from nlohmann's SAX events. Each value is appended when it starts and
// linked as the next sibling of the value before it in the same container.
class TreeBuilder {
 public:
  using json = nlohmann::json;
  using Kind = JsonRef::Kind;
  using Value = JsonTree::Value;

  explicit TreeBuilder(JsonTree& tree) : tree_(tree) {}

  bool null() {
    return add(Kind::kNull, [](Value&) {});
  }
  bool boolean(bool value) {
    return add(Kind::kBool, [&](Value& v) { v.boolean = value; });
  }
  bool number_integer(json::number_integer_t value) {
    return add(Kind::kNumber, [&](Value& v) { v.integer = value; });
  }
  bool number_unsigned(json::number_unsigned_t value) {
    // Beyond int64 it stays a number without an integer value (integer() answers nullopt).
    return add(Kind::kNumber, [&](Value& v) {
      if (value <= static_cast<json::number_unsigned_t>(INT64_MAX)) {
        v.integer = static_cast<std::int64_t>(value);
      }
    });
  }
  bool number_float(json::number_float_t /*value*/, const json::string_t& literal) {
    return add(Kind::kNumber, [&](Value& v) { v.text = tree_.strings_.emplace_back(literal); });
  }
  bool string(json::string_t& value) {
    return add(Kind::kString, [&](Value& v) { v.text = tree_.strings_.emplace_back(value); });
  }
  bool binary(json::binary_t& /*value*/) { return false; }  // not JSON text
  bool start_object(std::size_t /*elements*/) { return open(Kind::kObject); }
  bool key(json::string_t& name) {
    key_ = tree_.strings_.emplace_back(name);
    return true;
  }
  bool end_object() { return close(); }
  bool start_array(std::size_t /*elements*/) { return open(Kind::kArray); }
  bool end_array() { return close(); }
  bool parse_error(std::size_t /*position*/, const std::string& /*last_token*/,
                   const nlohmann::detail::exception& /*error*/) {
    return false;
  }

 private:
  struct Open {
    std::uint32_t index;
    std::uint32_t last_child = JsonTree::kNone;
  };

  // Appends a value under the innermost open container and lets `fill` set it; false past the
  // size bound.
  template <typename Fill>
  bool add(Kind kind, Fill&& fill) {
    if (tree_.values_.size() >= JsonTree::kNone) return false;
    const auto index = static_cast<std::uint32_t>(tree_.values_.size());
    tree_.values_.emplace_back();
    tree_.values_.back().kind = kind;
    if (!open_.empty()) {
      Open& parent = open_.back();
      tree_.values_.back().key = std::exchange(key_, std::string_view{});
      if (parent.last_child == JsonTree::kNone) {
        tree_.values_[parent.index].first = index;
      } else {
        tree_.values_[parent.last_child].next = index;
      }
      parent.last_child = index;
      ++tree_.values_[parent.index].size;
    }
    std::forward<Fill>(fill)(tree_.values_.back());
    return true;
  }

  bool open(Kind kind) {
    if (open_.size() >= static_cast<std::size_t>(JsonTree::kMaxDepth)) return false;
    const auto index = static_cast<std::uint32_t>(tree_.values_.size());
    if (!add(kind, [](Value&) {})) return false;
    open_.push_back({index});
    return true;
  }

  bool close() {
    if (open_.empty()) return false;
    open_.pop_back();
    return true;
  }

  JsonTree& tree_;
  std::vector<Open> open_;
  std::string_view key_;
};

JsonTree::JsonTree(std::string_view json) {
  values_.reserve(json.size() / 24 + 8);
  TreeBuilder builder(*this);
  // Strict: the whole input must be one JSON value. The SAX parser reports errors to the
  // builder (which stops) rather than throwing.
  ok_ = nlohmann::json::sax_parse(json, &builder, nlohmann::json::input_format_t::json, true) &&
        !values_.empty();
  if (!ok_) {
    values_.clear();
    strings_.clear();
  }
}

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
