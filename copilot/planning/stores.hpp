// copilot/planning/stores.hpp — stores named in a question, in any wording: "store 2", "stores 1
// and 2", "store #2", "store no. 2", "store two", "store II", "the second store", "both stores",
// "the other store", "all my stores". Digits of other scripts arrive folded to ASCII (see
// normalize.hpp). In: tokens. Out: the store ids and the collective mentions, with the spans they
// came from. Whether a named store is within the user's scope is the planner's decision: this
// only reads.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace copilot::planning {

struct StoreMentions {
  std::vector<int> ids;  // stores named by number, in order of appearance
  bool both = false;     // "both stores", "the two stores"
  bool all = false;      // "all stores", "every store", "all my stores"
  bool other = false;    // "the other store(s)"
  bool each = false;     // "each store", "every store", "per store": a breakdown was asked for
  std::vector<std::pair<size_t, size_t>> spans;  // token spans [begin, end) read
};

StoreMentions find_stores(const std::vector<std::string>& tokens, std::vector<bool>& used);

// True for "chain", "chain-wide", "company-wide": every store of the business, as one figure.
bool is_chain_word(const std::string& token);

// True for "store", "stores", "branch", "location", "shop", "outlet" and their plurals.
bool is_store_word(const std::string& token);

}  // namespace copilot::planning
