// gateway/exports/answer_files.hpp — an answer's result as a file (issue 16, part 1): CSV (RFC
// 4180, safe to open in a spreadsheet) or an XLSX workbook written by libxlsxwriter with typed
// cells (numbers as numbers, dates as dates, money in a currency format).
//
// In:  the columns ({name, type: PostgreSQL type name, format?: "currency"|"number"}) and rows
//      (JSON numbers for numeric types, strings otherwise, null) of a re-run answer, and what the
//      workbook's "About" sheet says about it.
// Out: the file's bytes. Throws common::Error 500 when the workbook cannot be written.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace gateway::exports {

// What a file says about its answer (the XLSX "About" sheet).
struct AnswerFacts {
  std::string question;
  std::string sql;
  std::string role;
  std::string stores;       // "1, 2"
  std::string exported_at;  // ISO time
  bool truncated = false;
};

// A column header as people read it: "film_title" → "Film title".
std::string header_text(std::string_view column_name);

// RFC 4180 CSV with CRLF line ends and a UTF-8 byte order mark (spreadsheets then read UTF-8).
// A text cell a spreadsheet would run as a formula (starting with = + - @ tab CR | %) is
// prefixed with a quote; a number of a numeric column is written as it is.
std::string to_csv(const nlohmann::json& columns, const nlohmann::json& rows);

// An .xlsx workbook: sheet "Answer" (bold frozen header row, column widths from the content,
// numeric cells with a thousands format or a currency format for money columns, date and
// timestamp cells as Excel dates with a date format) and sheet "About" (question, SQL, role,
// stores, time of export).
std::string to_xlsx(const nlohmann::json& columns, const nlohmann::json& rows,
                    const AnswerFacts& facts);

// A file name safe in a Content-Disposition header and on every file system: "answer-" + up to
// 40 letters, digits and dashes of the question + "-" + the first 8 characters of the request
// id + "." + extension.
std::string file_name(std::string_view question, std::string_view request_id,
                      std::string_view extension);

}  // namespace gateway::exports
