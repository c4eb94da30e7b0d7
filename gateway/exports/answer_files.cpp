#include "gateway/exports/answer_files.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iterator>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <vector>

#include "common/error/error.hpp"
#include "common/log/log.hpp"

namespace gateway::exports {
namespace {

using nlohmann::json;

// PostgreSQL's numeric types, as the copilot names a result column's type.
bool is_numeric_type(std::string_view type) {
  static const std::set<std::string, std::less<>> kNumeric = {
      "int2",    "int4",   "int8",   "smallint", "integer", "bigint",          "numeric",
      "decimal", "float4", "float8", "real",     "money",   "double precision"};
  return kNumeric.count(type) != 0;
}

bool is_integer_type(std::string_view type) {
  return type == "int2" || type == "int4" || type == "int8" || type == "smallint" ||
         type == "integer" || type == "bigint";
}

bool is_date_type(std::string_view type) { return type == "date"; }

bool is_timestamp_type(std::string_view type) {
  return type == "timestamp" || type == "timestamptz" || type == "timestamp without time zone" ||
         type == "timestamp with time zone";
}

struct ColumnKind {
  std::string name;
  std::string type;
  bool numeric = false;
  bool integer = false;
  bool money = false;
  bool date = false;
  bool timestamp = false;
};

std::vector<ColumnKind> kinds_of(const json& columns) {
  std::vector<ColumnKind> out;
  for (const auto& c : columns) {
    ColumnKind k;
    k.name = c.value("name", "");
    k.type = c.value("type", "");
    std::transform(k.type.begin(), k.type.end(), k.type.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    k.numeric = is_numeric_type(k.type);
    k.integer = is_integer_type(k.type);
    k.money = k.numeric && (c.value("format", "") == "currency" || k.type == "money");
    k.date = is_date_type(k.type);
    k.timestamp = is_timestamp_type(k.type);
    out.push_back(std::move(k));
  }
  return out;
}

// A whole number in text ("12.50", "-3"), as a numeric column may carry a very large value.
std::optional<double> number_in(const std::string& text) {
  double value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

std::string csv_field(std::string text) {
  if (text.find_first_of("\",\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

// Characters that make a spreadsheet read a cell as a formula (or a DDE call).
bool starts_like_formula(const std::string& text) {
  return !text.empty() && std::string_view("=+-@\t\r|%").find(text.front()) != std::string::npos;
}

std::string csv_cell(const json& cell, const ColumnKind& kind) {
  if (cell.is_null()) return "";
  if (cell.is_boolean()) return cell.get<bool>() ? "true" : "false";
  if (cell.is_number()) return cell.dump();
  std::string text = cell.is_string() ? cell.get<std::string>() : cell.dump();
  // A number of a numeric column is a number (a leading minus sign is no formula then); any
  // other text that starts like a formula is made inert with a leading quote.
  const bool number = kind.numeric && number_in(text).has_value();
  if (!number && starts_like_formula(text)) text.insert(text.begin(), '\'');
  return csv_field(std::move(text));
}

// ---- XLSX -------------------------------------------------------------------------------------

// The workbook handle's owner: workbook_close writes the file and frees the handle, on every
// path (an exception while filling it still frees it; the half-written file is then removed).
struct WorkbookCloser {
  void operator()(lxw_workbook* workbook) const { workbook_close(workbook); }
};
using Workbook = std::unique_ptr<lxw_workbook, WorkbookCloser>;

// A temporary file's path, removed when it goes out of scope (libxlsxwriter 1.1.4 writes to a
// file only).
class TempPath {
 public:
  TempPath() {
    std::string pattern = (std::filesystem::temp_directory_path() / "answer-XXXXXX.xlsx").string();
    const int fd = mkstemps(pattern.data(), 5);
    if (fd < 0) throw common::Error::internal("the workbook could not be written");
    close(fd);
    path_ = pattern;
  }
  TempPath(const TempPath&) = delete;
  TempPath& operator=(const TempPath&) = delete;
  ~TempPath() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  [[nodiscard]] const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// "2022-05-01", "2022-05-01 13:45:00+00" or "2022-05-01T13:45:00Z" as an Excel date (UTC, as
// the copilot reads timestamps); nullopt for anything else (then written as text).
std::optional<lxw_datetime> datetime_in(const std::string& text) {
  std::tm tm{};
  std::istringstream in(text);
  in >> std::get_time(&tm, "%Y-%m-%d");
  if (in.fail()) return std::nullopt;
  lxw_datetime out{};
  out.year = tm.tm_year + 1900;
  out.month = tm.tm_mon + 1;
  out.day = tm.tm_mday;
  const int next = in.peek();
  if (next == 'T' || next == ' ') {
    in.get();
    std::tm time{};
    in >> std::get_time(&time, "%H:%M:%S");
    if (!in.fail()) {
      out.hour = time.tm_hour;
      out.min = time.tm_min;
      out.sec = time.tm_sec;
    }
  }
  return out;
}

void check(lxw_error error, const char* what) {
  if (error == LXW_NO_ERROR) return;
  common::log::error("xlsx_write_failed", {{"what", what}, {"error", lxw_strerror(error)}});
  throw common::Error::internal("the workbook could not be written");
}

size_t display_width(const std::string& text) {
  // UTF-8 continuation bytes take no column of their own.
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
  }));
}

}  // namespace

std::string header_text(std::string_view column_name) {
  std::string out(column_name);
  std::replace(out.begin(), out.end(), '_', ' ');
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

std::string to_csv(const json& columns, const json& rows) {
  const auto kinds = kinds_of(columns);
  std::string out = "\xEF\xBB\xBF";
  for (size_t i = 0; i < kinds.size(); ++i) {
    if (i != 0) out += ',';
    std::string header = header_text(kinds[i].name);
    if (starts_like_formula(header)) header.insert(header.begin(), '\'');
    out += csv_field(std::move(header));
  }
  out += "\r\n";
  const ColumnKind text_kind;
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i != 0) out += ',';
      out += csv_cell(row[i], i < kinds.size() ? kinds[i] : text_kind);
    }
    out += "\r\n";
  }
  return out;
}

std::string to_xlsx(const json& columns, const json& rows, const AnswerFacts& facts) {
  const auto kinds = kinds_of(columns);
  const TempPath file;
  lxw_workbook_options options{};
  options.constant_memory = LXW_FALSE;
  Workbook workbook(workbook_new_opt(file.path().c_str(), &options));
  if (!workbook) throw common::Error::internal("the workbook could not be created");
  lxw_workbook* wb = workbook.get();

  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  format_set_bottom(bold, LXW_BORDER_THIN);
  lxw_format* integer = workbook_add_format(wb);
  format_set_num_format(integer, "#,##0");
  lxw_format* decimal = workbook_add_format(wb);
  format_set_num_format(decimal, "#,##0.00");
  lxw_format* money = workbook_add_format(wb);
  format_set_num_format(money, "$#,##0.00");
  lxw_format* date = workbook_add_format(wb);
  format_set_num_format(date, "yyyy-mm-dd");
  lxw_format* timestamp = workbook_add_format(wb);
  format_set_num_format(timestamp, "yyyy-mm-dd hh:mm");
  lxw_format* wrap = workbook_add_format(wb);
  format_set_text_wrap(wrap);
  format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);

  lxw_worksheet* sheet = workbook_add_worksheet(wb, "Answer");
  if (sheet == nullptr) throw common::Error::internal("the workbook could not be created");
  std::vector<size_t> widths(kinds.size(), 8);
  for (size_t c = 0; c < kinds.size(); ++c) {
    const std::string header = header_text(kinds[c].name);
    check(worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), header.c_str(), bold),
          "header");
    widths[c] = std::max(widths[c], display_width(header) + 2);
  }
  lxw_row_t r = 1;
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size() && c < kinds.size(); ++c) {
      const json& cell = row[c];
      const ColumnKind& kind = kinds[c];
      const auto col = static_cast<lxw_col_t>(c);
      if (cell.is_null()) continue;
      std::optional<double> number;
      if (cell.is_number()) number = cell.get<double>();
      if (!number && kind.numeric && cell.is_string()) number = number_in(cell.get<std::string>());
      if (number) {
        lxw_format* f = kind.money ? money : (kind.integer ? integer : decimal);
        check(worksheet_write_number(sheet, r, col, *number, f), "number");
        widths[c] = std::max(widths[c], std::to_string(static_cast<long long>(*number)).size() + 6);
        continue;
      }
      const std::string text = cell.is_string()    ? cell.get<std::string>()
                               : cell.is_boolean() ? (cell.get<bool>() ? "true" : "false")
                                                   : cell.dump();
      if (kind.date || kind.timestamp) {
        if (auto when = datetime_in(text)) {
          check(worksheet_write_datetime(sheet, r, col, &*when, kind.date ? date : timestamp),
                "date");
          widths[c] = std::max<size_t>(widths[c], kind.date ? 12 : 18);
          continue;
        }
      }
      if (cell.is_boolean()) {
        check(worksheet_write_boolean(sheet, r, col, cell.get<bool>() ? 1 : 0, nullptr), "bool");
      } else {
        // A string cell is never a formula in a workbook (worksheet_write_string): no prefix.
        check(worksheet_write_string(sheet, r, col, text.c_str(), nullptr), "text");
      }
      widths[c] = std::max(widths[c], display_width(text) + 2);
    }
    ++r;
  }
  for (size_t c = 0; c < kinds.size(); ++c) {
    check(worksheet_set_column(sheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                               static_cast<double>(std::min<size_t>(widths[c], 60)), nullptr),
          "width");
  }
  worksheet_freeze_panes(sheet, 1, 0);
  if (!kinds.empty()) {
    check(worksheet_autofilter(sheet, 0, 0, r - 1, static_cast<lxw_col_t>(kinds.size() - 1)),
          "filter");
  }

  lxw_worksheet* about = workbook_add_worksheet(wb, "About");
  if (about == nullptr) throw common::Error::internal("the workbook could not be created");
  const std::vector<std::pair<std::string, std::string>> lines = {
      {"Question", facts.question},
      {"Role", facts.role},
      {"Stores", facts.stores},
      {"Exported at (UTC)", facts.exported_at},
      {"Rows", std::to_string(rows.size()) + (facts.truncated ? " (truncated)" : "")},
      {"SQL", facts.sql}};
  lxw_row_t line = 0;
  for (const auto& [label, value] : lines) {
    check(worksheet_write_string(about, line, 0, label.c_str(), bold), "about");
    check(worksheet_write_string(about, line, 1, value.c_str(), wrap), "about");
    ++line;
  }
  check(worksheet_set_column(about, 0, 0, 20, nullptr), "about");
  check(worksheet_set_column(about, 1, 1, 100, nullptr), "about");

  // Written and freed here, on the success path, to see its result.
  check(workbook_close(workbook.release()), "close");
  std::ifstream in(file.path(), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.empty()) throw common::Error::internal("the workbook could not be written");
  return bytes;
}

std::string file_name(std::string_view question, std::string_view request_id,
                      std::string_view extension) {
  std::string slug;
  for (const char c : question) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 && u < 0x80) {
      slug += static_cast<char>(std::tolower(u));
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
    if (slug.size() >= 40) break;
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  std::string id;
  for (const char c : request_id.substr(0, 8)) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0) id += c;
  }
  std::string out = "answer";
  if (!slug.empty()) out += "-" + slug;
  if (!id.empty()) out += "-" + id;
  out += ".";
  out += extension;
  return out;
}

}  // namespace gateway::exports
