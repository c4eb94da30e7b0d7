#include "copilot/tests/result_compare.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <ctime>
#include <functional>
#include <regex>
#include <set>

namespace copilot::testing {
namespace {

constexpr double kTol = 0.01;

struct Cell {
  enum Kind { kNull, kNum, kStr } kind = kNull;
  double num = 0;
  std::string str;
  bool operator==(const Cell&) const = default;
};

std::string pad(int n) { return n < 10 ? "0" + std::to_string(n) : std::to_string(n); }

Cell str_cell(std::string s) { return {Cell::kStr, 0, std::move(s)}; }
Cell num_cell(double d) { return {Cell::kNum, d, ""}; }

Cell norm(const nlohmann::json& v) {
  static const std::regex kNumber(R"(^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$)");
  static const std::regex kYearMonth(R"(^(\d{4})-(\d{2})$)");
  static const std::regex kTimestamp(
      R"(^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$)");
  static const std::array<std::string, 7> kDays = {"monday", "tuesday",  "wednesday", "thursday",
                                                   "friday", "saturday", "sunday"};
  if (v.is_null()) return {};
  if (v.is_boolean()) return num_cell(v.get<bool>() ? 1 : 0);
  if (v.is_number()) return num_cell(v.get<double>());
  if (!v.is_string()) return str_cell(v.dump());
  std::string s = v.get<std::string>();
  s.erase(0, s.find_first_not_of(" \t\n"));
  s.erase(s.find_last_not_of(" \t\n") + 1);
  std::smatch m;
  if (std::regex_match(s, kNumber)) return num_cell(std::stod(s));
  std::string lower;
  for (char c : s) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (lower == "true" || lower == "t") return num_cell(1);
  if (lower == "false" || lower == "f") return num_cell(0);
  if (std::regex_match(s, m, kYearMonth)) return str_cell(m[1].str() + "-" + m[2].str() + "-01");
  if (std::regex_match(s, m, kTimestamp)) {
    if (!m[4].matched) return str_cell(m[1].str() + "-" + m[2].str() + "-" + m[3].str());
    std::tm t{};
    t.tm_year = std::stoi(m[1].str()) - 1900;
    t.tm_mon = std::stoi(m[2].str()) - 1;
    t.tm_mday = std::stoi(m[3].str());
    t.tm_hour = std::stoi(m[4].str());
    t.tm_min = std::stoi(m[5].str());
    t.tm_sec = m[6].matched ? std::stoi(m[6].str()) : 0;
    time_t epoch = timegm(&t);
    if (m[8].matched && m[8].str() != "Z") {
      const std::string tz = m[8].str();
      const int sign = tz[0] == '-' ? -1 : 1;
      const int hours = std::stoi(tz.substr(1, 2));
      const std::string rest = tz.size() > 3 ? tz.substr(tz.size() - 2) : "00";
      epoch -= static_cast<long>(sign) * (hours * 3600L + std::stoi(rest) * 60L);
    }
    std::tm u{};
    gmtime_r(&epoch, &u);
    const std::string date =
        std::to_string(u.tm_year + 1900) + "-" + pad(u.tm_mon + 1) + "-" + pad(u.tm_mday);
    const bool fraction = m[7].matched && std::stoi(m[7].str().substr(0, 3)) != 0;
    if (u.tm_hour == 0 && u.tm_min == 0 && u.tm_sec == 0 && !fraction) return str_cell(date);
    return str_cell(date + "T" + pad(u.tm_hour) + ":" + pad(u.tm_min) + ":" + pad(u.tm_sec) + "Z");
  }
  std::string collapsed;
  bool space = false;
  for (char c : lower) {
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      space = true;
      continue;
    }
    if (space && !collapsed.empty()) collapsed.push_back(' ');
    space = false;
    collapsed.push_back(c);
  }
  for (size_t i = 0; i < kDays.size(); ++i) {
    if (collapsed == kDays[i] || collapsed == kDays[i].substr(0, 3))
      return str_cell("dow:" + std::to_string(i + 1));
  }
  return str_cell(collapsed);
}

bool cell_eq(const Cell& a, const Cell& b) {
  if (a.kind != b.kind) return false;
  if (a.kind == Cell::kNum) return std::fabs(a.num - b.num) <= kTol + 1e-9 * std::fabs(b.num);
  return a.str == b.str;
}

bool cell_less(const Cell& a, const Cell& b) {
  if (a.kind != b.kind) return a.kind < b.kind;
  if (a.kind == Cell::kNum) return a.num < b.num;
  return a.str < b.str;
}

enum class Transform { kId, kPct, kIsoDow, kPgDow };

Cell apply(Transform t, const Cell& c) {
  if (c.kind != Cell::kNum) return c;
  const bool day = std::floor(c.num) == c.num;
  switch (t) {
    case Transform::kId:
      return c;
    case Transform::kPct:
      return num_cell(c.num * 100);
    case Transform::kIsoDow:
      return day && c.num >= 1 && c.num <= 7
                 ? str_cell("dow:" + std::to_string(static_cast<int>(c.num)))
                 : c;
    case Transform::kPgDow:
      return day && c.num >= 0 && c.num <= 6
                 ? str_cell("dow:" + std::to_string(c.num == 0 ? 7 : static_cast<int>(c.num)))
                 : c;
  }
  return c;
}

bool same_multiset(std::vector<Cell> g, std::vector<Cell> a) {
  if (g.size() != a.size()) return false;
  std::sort(g.begin(), g.end(), cell_less);
  std::sort(a.begin(), a.end(), cell_less);
  for (size_t i = 0; i < g.size(); ++i) {
    if (!cell_eq(g[i], a[i])) return false;
  }
  return true;
}

using Row = std::vector<Cell>;

bool rows_eq(const Row& g, const Row& a) {
  for (size_t i = 0; i < g.size(); ++i) {
    if (!cell_eq(g[i], a[i])) return false;
  }
  return true;
}

bool compare_rows(const std::vector<Row>& gold, const std::vector<Row>& ans, bool ordered) {
  if (ordered) {
    for (size_t i = 0; i < gold.size(); ++i) {
      if (!rows_eq(gold[i], ans[i])) return false;
    }
    return true;
  }
  std::vector<bool> used(ans.size(), false);
  for (const auto& g : gold) {
    bool found = false;
    for (size_t i = 0; i < ans.size() && !found; ++i) {
      if (!used[i] && rows_eq(g, ans[i])) {
        used[i] = true;
        found = true;
      }
    }
    if (!found) return false;
  }
  return true;
}

}  // namespace

Comparison compare_result(const nlohmann::json& gold, const nlohmann::json& answer,
                          bool order_matters) {
  std::vector<Row> g_rows;
  std::vector<Row> a_rows;
  for (const auto& r : gold.at("rows")) {
    Row row;
    for (const auto& c : r) row.push_back(norm(c));
    g_rows.push_back(std::move(row));
  }
  for (const auto& r : answer.value("rows", nlohmann::json::array())) {
    Row row;
    for (const auto& c : r) row.push_back(norm(c));
    a_rows.push_back(std::move(row));
  }
  const size_t g_n = gold.at("columns").size();
  const size_t a_n = answer.value("columns", nlohmann::json::array()).size();
  if (a_rows.size() != g_rows.size()) {
    return {false, "row count " + std::to_string(a_rows.size()) + ", expected " +
                       std::to_string(g_rows.size())};
  }
  if (a_n < g_n)
    return {false, std::to_string(a_n) + " column(s), expected " + std::to_string(g_n)};
  if (g_rows.empty()) return {true, ""};

  const auto column = [](const std::vector<Row>& rows, size_t j) {
    std::vector<Cell> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(j < r.size() ? r[j] : Cell{});
    return out;
  };
  struct Candidate {
    size_t k;
    Transform t;
  };
  std::vector<std::vector<Candidate>> candidates(g_n);
  for (size_t j = 0; j < g_n; ++j) {
    const auto gc = column(g_rows, j);
    const bool numeric =
        std::all_of(gc.begin(), gc.end(), [](const Cell& c) { return c.kind != Cell::kStr; });
    const bool days = std::all_of(gc.begin(), gc.end(), [](const Cell& c) {
      return c.kind == Cell::kNull || (c.kind == Cell::kStr && c.str.rfind("dow:", 0) == 0);
    });
    std::vector<Transform> transforms = {Transform::kId};
    if (numeric) transforms.push_back(Transform::kPct);
    if (days) {
      transforms.push_back(Transform::kIsoDow);
      transforms.push_back(Transform::kPgDow);
    }
    for (size_t k = 0; k < a_n; ++k) {
      const auto ac = column(a_rows, k);
      for (auto t : transforms) {
        std::vector<Cell> tc;
        tc.reserve(ac.size());
        for (const auto& c : ac) tc.push_back(apply(t, c));
        if (same_multiset(gc, tc)) candidates[j].push_back({k, t});
      }
    }
    std::stable_sort(candidates[j].begin(), candidates[j].end(),
                     [j](const Candidate& x, const Candidate& y) {
                       const int tx = x.t == Transform::kId ? 0 : 1;
                       const int ty = y.t == Transform::kId ? 0 : 1;
                       if (tx != ty) return tx < ty;
                       return std::labs(static_cast<long>(x.k) - static_cast<long>(j)) <
                              std::labs(static_cast<long>(y.k) - static_cast<long>(j));
                     });
    if (candidates[j].empty()) {
      return {false, "no answer column has the values of gold column " + std::to_string(j + 1) +
                         " (" + gold["columns"][j].value("name", "") + ")"};
    }
  }
  std::vector<Candidate> chosen;
  std::set<size_t> used;
  int tries = 0;
  std::function<bool(size_t)> search = [&](size_t j) -> bool {
    if (tries > 5000) return false;
    if (j == g_n) {
      ++tries;
      std::vector<Row> projected;
      for (const auto& r : a_rows) {
        Row p;
        for (const auto& c : chosen) p.push_back(apply(c.t, r[c.k]));
        projected.push_back(std::move(p));
      }
      return compare_rows(g_rows, projected, order_matters);
    }
    for (const auto& c : candidates[j]) {
      if (used.count(c.k) != 0) continue;
      used.insert(c.k);
      chosen.push_back(c);
      if (search(j + 1)) return true;
      chosen.pop_back();
      used.erase(c.k);
    }
    return false;
  };
  if (search(0)) return {true, ""};
  return {false, order_matters ? "rows differ (order matters)" : "rows differ"};
}

}  // namespace copilot::testing
