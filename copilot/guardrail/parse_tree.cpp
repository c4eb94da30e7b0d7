#include "copilot/guardrail/parse_tree.hpp"

#include <charconv>

namespace copilot::guardrail {

// A recursive-descent reader for RFC 8259 JSON, as libpg_query writes it.
class JsonParser {
 public:
  JsonParser(std::string_view json, JsonTree& tree) : json_(json), tree_(tree) {}

  bool run() {
    tree_.values_.reserve(json_.size() / 24 + 8);
    if (!value(0)) return false;
    skip_space();
    return pos_ == json_.size();
  }

 private:
  using Kind = JsonRef::Kind;
  using Value = JsonTree::Value;
  static constexpr std::uint32_t kNone = JsonTree::kNone;

  void skip_space() {
    while (pos_ < json_.size() && (json_[pos_] == ' ' || json_[pos_] == '\n' ||
                                   json_[pos_] == '\r' || json_[pos_] == '\t')) {
      ++pos_;
    }
  }

  bool literal(std::string_view word) {
    if (json_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  std::uint32_t add(Kind kind) {
    tree_.values_.push_back(Value{});
    tree_.values_.back().kind = kind;
    return static_cast<std::uint32_t>(tree_.values_.size() - 1);
  }

  // Parses one value at the current position and appends it; false when malformed.
  bool value(int depth) {
    if (depth > JsonTree::kMaxDepth) return false;
    skip_space();
    if (pos_ >= json_.size()) return false;
    const char c = json_[pos_];
    if (c == '{') return container(depth, Kind::kObject);
    if (c == '[') return container(depth, Kind::kArray);
    if (c == '"') {
      const std::uint32_t index = add(Kind::kString);
      std::string_view text;
      if (!string(text)) return false;
      tree_.values_[index].text = text;
      return true;
    }
    if (c == 't' || c == 'f') {
      const std::uint32_t index = add(Kind::kBool);
      tree_.values_[index].boolean = c == 't';
      return literal(c == 't' ? "true" : "false");
    }
    if (c == 'n') {
      add(Kind::kNull);
      return literal("null");
    }
    return number();
  }

  bool number() {
    const std::size_t start = pos_;
    if (pos_ < json_.size() && json_[pos_] == '-') ++pos_;
    const std::size_t digits = pos_;
    while (pos_ < json_.size() && json_[pos_] >= '0' && json_[pos_] <= '9') ++pos_;
    if (pos_ == digits) return false;
    if (pos_ < json_.size() && json_[pos_] == '.') {
      const std::size_t fraction = ++pos_;
      while (pos_ < json_.size() && json_[pos_] >= '0' && json_[pos_] <= '9') ++pos_;
      if (pos_ == fraction) return false;
    }
    if (pos_ < json_.size() && (json_[pos_] == 'e' || json_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < json_.size() && (json_[pos_] == '+' || json_[pos_] == '-')) ++pos_;
      const std::size_t exponent = pos_;
      while (pos_ < json_.size() && json_[pos_] >= '0' && json_[pos_] <= '9') ++pos_;
      if (pos_ == exponent) return false;
    }
    const std::uint32_t index = add(Kind::kNumber);
    tree_.values_[index].text = json_.substr(start, pos_ - start);
    return true;
  }

  bool container(int depth, Kind kind) {
    const std::uint32_t index = add(kind);
    const char close = kind == Kind::kObject ? '}' : ']';
    ++pos_;
    skip_space();
    if (pos_ < json_.size() && json_[pos_] == close) {
      ++pos_;
      return true;
    }
    std::uint32_t previous = kNone;
    std::uint32_t count = 0;
    for (;;) {
      std::string_view key;
      if (kind == Kind::kObject) {
        skip_space();
        if (pos_ >= json_.size() || json_[pos_] != '"' || !string(key)) return false;
        skip_space();
        if (pos_ >= json_.size() || json_[pos_] != ':') return false;
        ++pos_;
      }
      const auto child = static_cast<std::uint32_t>(tree_.values_.size());
      if (!value(depth + 1)) return false;
      tree_.values_[child].key = key;
      if (previous == kNone) {
        tree_.values_[index].first = child;
      } else {
        tree_.values_[previous].next = child;
      }
      previous = child;
      ++count;
      skip_space();
      if (pos_ >= json_.size()) return false;
      if (json_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (json_[pos_] != close) return false;
      ++pos_;
      tree_.values_[index].size = count;
      return true;
    }
  }

  static int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  bool hex4(std::uint32_t& out) {
    if (pos_ + 4 > json_.size()) return false;
    out = 0;
    for (int i = 0; i < 4; ++i) {
      const int d = hex_digit(json_[pos_++]);
      if (d < 0) return false;
      out = out * 16 + static_cast<std::uint32_t>(d);
    }
    return true;
  }

  static void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  // Reads a string at pos_ (on its opening quote). Without escapes the result views the input;
  // with escapes it is decoded into storage the tree owns.
  bool string(std::string_view& out) {
    const std::size_t start = ++pos_;
    while (pos_ < json_.size() && json_[pos_] != '"' && json_[pos_] != '\\') {
      if (static_cast<unsigned char>(json_[pos_]) < 0x20) return false;
      ++pos_;
    }
    if (pos_ >= json_.size()) return false;
    if (json_[pos_] == '"') {
      out = json_.substr(start, pos_ - start);
      ++pos_;
      return true;
    }
    std::string decoded(json_.substr(start, pos_ - start));
    while (pos_ < json_.size() && json_[pos_] != '"') {
      const char c = json_[pos_++];
      if (static_cast<unsigned char>(c) < 0x20) return false;
      if (c != '\\') {
        decoded += c;
        continue;
      }
      if (pos_ >= json_.size()) return false;
      const char e = json_[pos_++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          decoded += e;
          break;
        case 'b':
          decoded += '\b';
          break;
        case 'f':
          decoded += '\f';
          break;
        case 'n':
          decoded += '\n';
          break;
        case 'r':
          decoded += '\r';
          break;
        case 't':
          decoded += '\t';
          break;
        case 'u': {
          std::uint32_t cp = 0;
          if (!hex4(cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            std::uint32_t low = 0;
            if (!literal("\\u") || !hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return false;
          }
          append_utf8(decoded, cp);
          break;
        }
        default:
          return false;
      }
    }
    if (pos_ >= json_.size()) return false;
    ++pos_;
    out = tree_.unescaped_.emplace_back(std::move(decoded));
    return true;
  }

  std::string_view json_;
  JsonTree& tree_;
  std::size_t pos_ = 0;
};

JsonTree::JsonTree(std::string_view json) {
  JsonParser parser(json, *this);
  ok_ = parser.run();
  if (!ok_) values_.clear();
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
  const std::string_view t = text();
  std::int64_t out = 0;
  const auto [end, error] = std::from_chars(t.data(), t.data() + t.size(), out);
  if (error != std::errc{} || end != t.data() + t.size()) return std::nullopt;
  return out;
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
