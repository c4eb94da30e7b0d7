// Fuzzes copilot::guardrail::JsonTree with arbitrary bytes as JSON. Its input normally comes from
// libpg_query, but the tree must hold up on anything: no crash, leak or undefined behaviour, and
// a tree that reads as ok() is consistent — every container's size() is the number of children
// its first()/next() chain reaches, members are found by their keys, array elements have none.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "copilot/guardrail/parse_tree.hpp"

namespace {

using copilot::guardrail::JsonRef;

// Walks the tree (bounded by JsonTree::kMaxDepth, which the tree enforces) and counts values.
std::size_t walk(JsonRef value, int depth) {
  if (depth > copilot::guardrail::JsonTree::kMaxDepth) std::abort();
  std::size_t values = 1;
  std::uint32_t children = 0;
  for (JsonRef child = value.first(); child.present(); child = child.next()) {
    // An object's member is found by its own key; an array's element has none.
    if (value.is_object() ? !value.get(child.key()).present() : !child.key().empty()) std::abort();
    ++children;
    values += walk(child, depth + 1);
  }
  if (children != value.size()) std::abort();
  if (!value.is_object() && !value.is_array() && children != 0) std::abort();
  return values;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  const copilot::guardrail::JsonTree tree(json);
  if (!tree.ok()) {
    if (tree.root().present()) std::abort();
    return 0;
  }
  if (walk(tree.root(), 0) == 0) std::abort();
  return 0;
}
