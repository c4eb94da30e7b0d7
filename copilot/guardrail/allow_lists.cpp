#include "copilot/guardrail/allow_lists.hpp"

#include <algorithm>
#include <array>

namespace copilot::guardrail {
namespace {

// A compile-time sorted list: the tests check the sorting, lookups are a binary search.
template <std::size_t N>
bool contains(const std::array<std::string_view, N>& sorted, std::string_view name) {
  return std::binary_search(sorted.begin(), sorted.end(), name);
}

template <std::size_t N>
constexpr bool is_sorted_unique(const std::array<std::string_view, N>& list) {
  for (std::size_t i = 1; i < N; ++i) {
    if (!(list[i - 1] < list[i])) return false;
  }
  return true;
}

constexpr std::array<std::string_view, 108> kFunctions = {
    "abs",
    "age",
    "array_agg",
    "array_length",
    "array_to_string",
    "avg",
    "bool_and",
    "bool_or",
    "btrim",
    "cardinality",
    "cbrt",
    "ceil",
    "ceiling",
    "char_length",
    "character_length",
    "clock_timestamp",
    "concat",
    "concat_ws",
    "corr",
    "count",
    "covar_pop",
    "covar_samp",
    "cume_dist",
    "date",
    "date_bin",
    "date_part",
    "date_trunc",
    "dense_rank",
    "div",
    "every",
    "exp",
    "extract",
    "first_value",
    "floor",
    "generate_series",
    "initcap",
    "isfinite",
    "justify_days",
    "justify_hours",
    "justify_interval",
    "lag",
    "last_value",
    "lead",
    "left",
    "length",
    "ln",
    "log",
    "log10",
    "lower",
    "lpad",
    "ltrim",
    "make_date",
    "make_interval",
    "make_time",
    "make_timestamp",
    "max",
    "min",
    "mod",
    "mode",
    "now",
    "nth_value",
    "ntile",
    "octet_length",
    "overlaps",
    "overlay",
    "percent_rank",
    "percentile_cont",
    "percentile_disc",
    "pi",
    "position",
    "power",
    "rank",
    "regr_count",
    "regr_intercept",
    "regr_r2",
    "regr_slope",
    "replace",
    "reverse",
    "right",
    "round",
    "row_number",
    "rpad",
    "rtrim",
    "sign",
    "similar_to_escape",
    "split_part",
    "sqrt",
    "starts_with",
    "statement_timestamp",
    "stddev",
    "stddev_pop",
    "stddev_samp",
    "string_agg",
    "string_to_array",
    "strpos",
    "substr",
    "substring",
    "sum",
    "timezone",
    "to_char",
    "to_date",
    "to_number",
    "to_timestamp",
    "transaction_timestamp",
    "translate",
    "trunc",
    "unnest",
    "upper",
};
static_assert(is_sorted_unique(kFunctions), "kFunctions must be sorted and unique");

constexpr std::array<std::string_view, 22> kTypes = {
    "bigint", "bool", "boolean",   "bpchar",      "date",    "decimal",  "float4",  "float8",
    "int",    "int2", "int4",      "int8",        "integer", "interval", "numeric", "smallint",
    "text",   "time", "timestamp", "timestamptz", "timetz",  "varchar",
};
static_assert(is_sorted_unique(kTypes), "kTypes must be sorted and unique");

constexpr std::array<std::string_view, 9> kSqlValueFunctions = {
    "SVFOP_CURRENT_DATE",        "SVFOP_CURRENT_TIME",     "SVFOP_CURRENT_TIMESTAMP",
    "SVFOP_CURRENT_TIMESTAMP_N", "SVFOP_CURRENT_TIME_N",   "SVFOP_LOCALTIME",
    "SVFOP_LOCALTIMESTAMP",      "SVFOP_LOCALTIMESTAMP_N", "SVFOP_LOCALTIME_N",
};
static_assert(is_sorted_unique(kSqlValueFunctions), "kSqlValueFunctions must be sorted");

constexpr std::array<std::string_view, 6> kSystemColumns = {"cmax",     "cmin", "ctid",
                                                            "tableoid", "xmax", "xmin"};
static_assert(is_sorted_unique(kSystemColumns), "kSystemColumns must be sorted and unique");

}  // namespace

bool function_allowed(std::string_view name) { return contains(kFunctions, name); }
bool type_allowed(std::string_view name) { return contains(kTypes, name); }
bool sql_value_function_allowed(std::string_view op) { return contains(kSqlValueFunctions, op); }
bool is_system_column(std::string_view name) { return contains(kSystemColumns, name); }

}  // namespace copilot::guardrail
