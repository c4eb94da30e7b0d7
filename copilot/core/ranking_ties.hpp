// copilot/core/ranking_ties.hpp — ties at a ranking's cut-off. "What's the cheapest film to
// rent?" is one row, but 341 films share $0.99: the compiler adds to a top-N a column of how many
// groups share each row's figure (counted before the LIMIT); the narration says how many more
// share the last figure; the pipeline keeps the column only when the cut-off hid some of them.
#pragma once

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>

#include "copilot/core/types.hpp"

namespace copilot {

inline constexpr const char* kTiedCountColumn = "tied_count";

namespace ranking_ties_detail {
inline std::optional<size_t> column_named(const ResultSet& rs, const std::string& name) {
  for (size_t i = 0; i < rs.columns.size(); ++i) {
    if (rs.columns[i].name == name) return i;
  }
  return std::nullopt;
}
}  // namespace ranking_ties_detail

// How many groups share the last row's figure of `metric` but fell beyond the cut (0 when the
// rows carry no tie column).
inline long ties_beyond_cut(const ResultSet& rs, const std::string& metric) {
  const auto tied = ranking_ties_detail::column_named(rs, kTiedCountColumn);
  const auto value = ranking_ties_detail::column_named(rs, metric);
  if (!tied || !value || rs.rows.empty()) return 0;
  const auto& last = rs.rows.back();
  if (last.size() <= std::max(*tied, *value)) return 0;
  const auto& sharing = last[*tied];
  long shared = 0;
  if (sharing.is_number_integer()) {
    shared = sharing.get<long>();
  } else if (sharing.is_string()) {
    shared = std::strtol(sharing.get<std::string>().c_str(), nullptr, 10);
  }
  const auto listed = std::count_if(rs.rows.begin(), rs.rows.end(), [&](const auto& row) {
    return row.size() > *value && row[*value] == last[*value];
  });
  return std::max(0L, shared - static_cast<long>(listed));
}

// The tie column only says something when the cut-off hid groups sharing the last figure.
inline void drop_tie_column_unless_cut(ResultSet& rs, const std::string& metric) {
  const auto tied = ranking_ties_detail::column_named(rs, kTiedCountColumn);
  if (!tied || ties_beyond_cut(rs, metric) > 0) return;
  rs.columns.erase(rs.columns.begin() + static_cast<long>(*tied));
  for (auto& row : rs.rows) {
    if (row.size() > *tied) row.erase(row.begin() + static_cast<long>(*tied));
  }
}

}  // namespace copilot
