#include "copilot/planning/normalize.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "common/text/utf8.hpp"
#include "copilot/planning/lexicon.hpp"

namespace copilot::planning {
namespace {

// The superlative a comparative stands for after "the" ("the longer of the two").
const char* superlative_of(const std::string& word) {
  static const std::array<std::pair<const char*, const char*>, 9> kPairs = {
      {{"longer", "longest"},
       {"shorter", "shortest"},
       {"higher", "highest"},
       {"lower", "lowest"},
       {"bigger", "biggest"},
       {"smaller", "smallest"},
       {"larger", "largest"},
       {"greater", "greatest"},
       {"busier", "busiest"}}};
  for (const auto& [comparative, superlative] : kPairs) {
    if (word == comparative) return superlative;
  }
  return nullptr;
}

// The zero of every block of ten decimal digits (Unicode category Nd) a user might type.
constexpr std::array<char32_t, 44> kDigitZeros = {
    0x0660, 0x06F0, 0x07C0, 0x0966,  0x09E6,  0x0A66,  0x0AE6,  0x0B66,  0x0BE6,  0x0C66,  0x0CE6,
    0x0D66, 0x0DE6, 0x0E50, 0x0ED0,  0x0F20,  0x1040,  0x1090,  0x17E0,  0x1810,  0x1946,  0x19D0,
    0x1A80, 0x1A90, 0x1B50, 0x1BB0,  0x1C40,  0x1C50,  0xA620,  0xA8D0,  0xA900,  0xA9D0,  0xA9F0,
    0xAA50, 0xABF0, 0xFF10, 0x104A0, 0x11066, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1FBF0};

// Numbers written as one symbol: circled, parenthesised, with a full stop, dingbats, Roman.
struct NumberBlock {
  char32_t first;
  char32_t last;
  int first_value;
};
constexpr std::array<NumberBlock, 12> kNumberBlocks = {{{0x2460, 0x2473, 1},
                                                        {0x2474, 0x2487, 1},
                                                        {0x2488, 0x249B, 1},
                                                        {0x24EB, 0x24F4, 11},
                                                        {0x24F5, 0x24FE, 1},
                                                        {0x2776, 0x277F, 1},
                                                        {0x2780, 0x2789, 1},
                                                        {0x278A, 0x2793, 1},
                                                        {0x2160, 0x216B, 1},
                                                        {0x2170, 0x217B, 1},
                                                        {0x2080, 0x2089, 0},
                                                        {0x2070, 0x2070, 0}}};

std::optional<int> digit_value(char32_t cp) {
  for (const char32_t zero : kDigitZeros) {
    if (cp >= zero && cp <= zero + 9) return static_cast<int>(cp - zero);
  }
  switch (cp) {
    case 0x00B9:
      return 1;
    case 0x00B2:
      return 2;
    case 0x00B3:
      return 3;
    default:
      break;
  }
  if (cp >= 0x2074 && cp <= 0x2079) return static_cast<int>(cp - 0x2070);
  return std::nullopt;
}

std::optional<int> number_symbol(char32_t cp) {
  if (cp == 0x24EA || cp == 0x24FF) return 0;
  // The CJK numerals one to ten (and zero, and 两 for two): "store 二" is store 2.
  static constexpr std::array<std::pair<char32_t, int>, 13> kCjk = {{{0x3007, 0},
                                                                     {0x96F6, 0},
                                                                     {0x4E00, 1},
                                                                     {0x4E8C, 2},
                                                                     {0x4E24, 2},
                                                                     {0x4E09, 3},
                                                                     {0x56DB, 4},
                                                                     {0x4E94, 5},
                                                                     {0x516D, 6},
                                                                     {0x4E03, 7},
                                                                     {0x516B, 8},
                                                                     {0x4E5D, 9},
                                                                     {0x5341, 10}}};
  for (const auto& [numeral, value] : kCjk) {
    if (cp == numeral) return value;
  }
  for (const auto& block : kNumberBlocks) {
    if (cp >= block.first && cp <= block.last) {
      return block.first_value + static_cast<int>(cp - block.first);
    }
  }
  return std::nullopt;
}

bool is_space_like(char32_t cp) {
  return cp == 0x00A0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F ||
         cp == 0x3000 || cp == 0x1680 || cp == 0x2028 || cp == 0x2029;
}

bool is_invisible(char32_t cp) {
  return (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF || cp == 0x00AD ||
         cp == 0x180E || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

bool is_word_byte(unsigned char c) {
  return std::isalnum(c) != 0 || c == '-' || c == '\'' || c >= 0x80;
}

// "fourth" … "thirty-first" → 4 … 31 ("first" to "third" are also ranks, halves and stores, and
// stay words).
std::optional<int> ordinal_day_word(const std::string& w) {
  static const std::array<const char*, 28> kOrdinals = {
      "fourth",        "fifth",        "sixth",        "seventh",        "eighth",
      "ninth",         "tenth",        "eleventh",     "twelfth",        "thirteenth",
      "fourteenth",    "fifteenth",    "sixteenth",    "seventeenth",    "eighteenth",
      "nineteenth",    "twentieth",    "twenty-first", "twenty-second",  "twenty-third",
      "twenty-fourth", "twenty-fifth", "twenty-sixth", "twenty-seventh", "twenty-eighth",
      "twenty-ninth",  "thirtieth",    "thirty-first"};
  for (size_t k = 0; k < kOrdinals.size(); ++k) {
    if (w == kOrdinals[k]) return static_cast<int>(k) + 4;
  }
  return std::nullopt;
}

bool is_month_word(const std::string& w) {
  static const std::array<const char*, 23> kMonths = {
      "january",   "february", "march",    "april",    "may",  "june", "july", "august",
      "september", "october",  "november", "december", "jan",  "feb",  "mar",  "apr",
      "jun",       "jul",      "aug",      "sep",      "sept", "oct",  "nov"};
  return std::any_of(kMonths.begin(), kMonths.end(), [&](const char* m) { return w == m; }) ||
         w == "dec";
}

// An ordinal word is a day only next to a month: "the twentieth of August", "July fourth".
bool next_is_date_word(const std::vector<std::string>& t, size_t i) {
  return (i + 1 < t.size() && (is_month_word(t[i + 1]) || (t[i + 1] == "of" && i + 2 < t.size() &&
                                                           is_month_word(t[i + 2])))) ||
         (i > 0 && is_month_word(t[i - 1]));
}

// "a hundred and ten", "one hundred twenty", "two hundred": (value, tokens read).
std::optional<std::pair<int, size_t>> hundreds_at(const std::vector<std::string>& t, size_t i) {
  if (i + 1 >= t.size() || t[i + 1] != "hundred") return std::nullopt;
  static const std::array<const char*, 10> kUnits = {"a",    "one", "two",   "three", "four",
                                                     "five", "six", "seven", "eight", "nine"};
  int multiple = 0;
  for (size_t k = 0; k < kUnits.size(); ++k) {
    if (t[i] == kUnits[k]) multiple = k == 0 ? 1 : static_cast<int>(k);
  }
  if (multiple == 0) return std::nullopt;
  size_t read = 2;
  int rest = 0;
  size_t k = i + 2;
  if (k < t.size() && t[k] == "and") ++k;
  if (k < t.size()) {
    if (auto v = number_value(t[k]); v && *v >= 1 && *v < 100 && *v == static_cast<int>(*v) &&
                                     t[k].find_first_of("0123456789") == std::string::npos) {
      rest = static_cast<int>(*v);
      read = k - i + 1;
    }
  }
  return std::make_pair(multiple * 100 + rest, read);
}

// "four ninety-nine" after a word that introduces an amount ("of", "exactly", "at", "over") →
// "4.99"; nullopt for anything else ("top five twenty-somethings" is not a price).
// A phrase of everyday speech and the words it stands for. Each is unambiguous in a question
// about this business's data; a phrase that could mean two things is not listed (and is asked
// about as an unknown word).
struct Phrase {
  std::array<const char*, 4> words;  // nullptr-terminated
  size_t length;
  std::array<const char*, 3> means;  // nullptr-terminated; empty = dropped
};

const Phrase* phrase_at(const std::vector<std::string>& t, size_t i) {
  // (The count is the list's own: a size written by hand once left empty phrases that matched
  // everywhere.)
  static const auto kPhrases = std::to_array<Phrase>({
      {{"a", "fiver", nullptr, nullptr}, 2, {"$", "5", nullptr}},
      {{"fiver", nullptr, nullptr, nullptr}, 1, {"$", "5", nullptr}},
      {{"a", "tenner", nullptr, nullptr}, 2, {"$", "10", nullptr}},
      {{"tenner", nullptr, nullptr, nullptr}, 1, {"$", "10", nullptr}},
      {{"leaving", "out", nullptr, nullptr}, 2, {"excluding", nullptr, nullptr}},
      {{"leave", "out", nullptr, nullptr}, 2, {"excluding", nullptr, nullptr}},
      {{"left", "out", nullptr, nullptr}, 2, {"excluding", nullptr, nullptr}},
      {{"omitting", nullptr, nullptr, nullptr}, 1, {"excluding", nullptr, nullptr}},
      {{"apart", "from", nullptr, nullptr}, 2, {"excluding", nullptr, nullptr}},
      // Holidays on a fixed date: the date itself ("on Valentine's day": on February 14).
      {{"valentine", "day", nullptr, nullptr}, 2, {"february", "14", nullptr}},
      {{"valentines", "day", nullptr, nullptr}, 2, {"february", "14", nullptr}},
      {{"christmas", "day", nullptr, nullptr}, 2, {"december", "25", nullptr}},
      {{"christmas", "eve", nullptr, nullptr}, 2, {"december", "24", nullptr}},
      {{"new", "years", "day", nullptr}, 3, {"january", "1", nullptr}},
      {{"new", "year", "day", nullptr}, 3, {"january", "1", nullptr}},
      {{"new", "years", "eve", nullptr}, 3, {"december", "31", nullptr}},
      {{"new", "year", "eve", nullptr}, 3, {"december", "31", nullptr}},
      {{"halloween", nullptr, nullptr, nullptr}, 1, {"october", "31", nullptr}},
      {{"aside", "from", nullptr, nullptr}, 2, {"excluding", nullptr, nullptr}},
      {{"with", "the", "exception", "of"}, 4, {"excluding", nullptr, nullptr}},
      // "list them", "what are they?" after a count: which ones.
      {{"show", "me", "those", "films"}, 4, {"which", "films", nullptr}},
      {{"show", "me", "those", nullptr}, 3, {"which", "ones", nullptr}},
      {{"show", "me", "them", nullptr}, 3, {"which", "ones", nullptr}},
      {{"list", "them", nullptr, nullptr}, 2, {"which", "ones", nullptr}},
      {{"name", "them", nullptr, nullptr}, 2, {"which", "ones", nullptr}},
      {{"show", "them", nullptr, nullptr}, 2, {"which", "ones", nullptr}},
      {{"what", "are", "they", nullptr}, 3, {"which", "ones", nullptr}},
      {{"which", "are", "they", nullptr}, 3, {"which", "ones", nullptr}},
      // "the 3 countries whose customers rented the most": their customers' rentals, not how
      // many of them rented.
      {{"whose", "customers", "rented", nullptr}, 3, {"by", "rentals", nullptr}},
      // "how many copies apiece do my two stores hold?": each.
      {{"apiece", nullptr, nullptr, nullptr}, 1, {"each", nullptr, nullptr}},
      // "headcount of renters", "head count": how many of them.
      {{"headcount", nullptr, nullptr, nullptr}, 1, {"number", nullptr, nullptr}},
      {{"head", "count", nullptr, nullptr}, 2, {"number", nullptr, nullptr}},
      // "store 1 beside store 2": side by side.
      {{"beside", nullptr, nullptr, nullptr}, 1, {"vs", nullptr, nullptr}},
      {{"customers", "rented", "the", "most"}, 4, {"most", "rentals", nullptr}},
      {{"customers", "rented", "the", "least"}, 4, {"fewest", "rentals", nullptr}},
      {{"customers", "rented", "most", nullptr}, 3, {"most", "rentals", nullptr}},
      // "same threshold for store 1?": the same question, the condition included.
      {{"same", "threshold", nullptr, nullptr}, 2, {"same", nullptr, nullptr}},
      {{"same", "cutoff", nullptr, nullptr}, 2, {"same", nullptr, nullptr}},
      {{"same", "cut", "off", nullptr}, 3, {"same", nullptr, nullptr}},
      {{"same", "criteria", nullptr, nullptr}, 2, {"same", nullptr, nullptr}},
      {{"same", "condition", nullptr, nullptr}, 2, {"same", nullptr, nullptr}},
      // "up or down how many %?": the % change.
      {{"how", "many", "%", nullptr}, 3, {"what", "%", nullptr}},
      {{"how", "many", "percent", nullptr}, 3, {"what", "percent", nullptr}},
      // "as a % of each store's customers / base": the customers of each store.
      {{"each", "store", "customer", "base"}, 4, {"customers", "per", "store"}},
      {{"each", "store", "customers", nullptr}, 3, {"customers", "per", "store"}},
      {{"each", "store", "base", nullptr}, 3, {"customers", "per", "store"}},
      // "customer ids are fine", "ids will do": customers are shown by id already.
      {{"customer", "ids", "are", "fine"}, 4, {nullptr, nullptr, nullptr}},
      {{"customer", "ids", "are", "ok"}, 4, {nullptr, nullptr, nullptr}},
      {{"ids", "are", "fine", nullptr}, 3, {nullptr, nullptr, nullptr}},
      {{"ids", "are", "ok", nullptr}, 3, {nullptr, nullptr, nullptr}},
      {{"ids", "is", "fine", nullptr}, 3, {nullptr, nullptr, nullptr}},
      {{"ids", "will", "do", nullptr}, 3, {nullptr, nullptr, nullptr}},
      // "at least 35 film credits - which actors hit that?": the threshold just said.
      {{"hit", "that", nullptr, nullptr}, 2, {nullptr, nullptr, nullptr}},
      {{"reach", "that", nullptr, nullptr}, 2, {nullptr, nullptr, nullptr}},
      {{"reached", "that", nullptr, nullptr}, 2, {nullptr, nullptr, nullptr}},
      {{"make", "the", "cut", nullptr}, 3, {nullptr, nullptr, nullptr}},
      {{"made", "the", "cut", nullptr}, 3, {nullptr, nullptr, nullptr}},
      {{"all", "told", nullptr, nullptr}, 2, {"in", "total", nullptr}},
      {{"all", "in", "all", nullptr}, 3, {"in", "total", nullptr}},
      {{"i", "mean", nullptr, nullptr}, 2, {nullptr, nullptr, nullptr}},
      {{"trailing", nullptr, nullptr, nullptr}, 1, {"last", nullptr, nullptr}},
      {{"rolling", nullptr, nullptr, nullptr}, 1, {"last", nullptr, nullptr}},
      {{"the", "gap", "between", "them"}, 4, {"the", "difference", nullptr}},
      {{"gap", "between", "them", nullptr}, 3, {"difference", nullptr, nullptr}},
      {{"the", "gap", nullptr, nullptr}, 2, {"the", "difference", nullptr}},
      // ("- gap in $ and %", "gap and % change": the difference, said before how it is shown.)
      {{"gap", "in", nullptr, nullptr}, 1, {"difference", nullptr, nullptr}},
      {{"gap", "and", nullptr, nullptr}, 1, {"difference", nullptr, nullptr}},
      // ("more than 15 discs overdue": the overdue ones, said after the noun.)
      {{"discs", "overdue", nullptr, nullptr}, 2, {"overdue", "dvds", nullptr}},
      {{"dvds", "overdue", nullptr, nullptr}, 2, {"overdue", "dvds", nullptr}},
      {{"copies", "overdue", nullptr, nullptr}, 2, {"overdue", "dvds", nullptr}},
      {{"rentals", "overdue", nullptr, nullptr}, 2, {"overdue", "rentals", nullptr}},
      {{"titles", "overdue", nullptr, nullptr}, 2, {"overdue", "titles", nullptr}},
      {{"films", "overdue", nullptr, nullptr}, 2, {"overdue", "films", nullptr}},
      // ("saturdays and sundays vs monday-friday": the weekend against the weekdays; alone,
      // "monday to friday" is those days.)
      {{"vs", "monday-friday", nullptr, nullptr}, 2, {"vs", "weekdays", nullptr}},
      {{"vs", "mon-fri", nullptr, nullptr}, 2, {"vs", "weekdays", nullptr}},
      {{"vs", "monday", "to", "friday"}, 4, {"vs", "weekdays", nullptr}},
      {{"monday-friday", nullptr, nullptr, nullptr}, 1, {"on", "weekdays", nullptr}},
      {{"mon-fri", nullptr, nullptr, nullptr}, 1, {"on", "weekdays", nullptr}},
      {{"monday", "to", "friday", nullptr}, 3, {"on", "weekdays", nullptr}},
      {{"monday", "through", "friday", nullptr}, 3, {"on", "weekdays", nullptr}},
      {{"mon", "to", "fri", nullptr}, 3, {"on", "weekdays", nullptr}},
      {{"saturdays", "and", "sundays", "vs"}, 3, {"weekends", nullptr, nullptr}},
      {{"saturday", "and", "sunday", "vs"}, 3, {"weekends", nullptr, nullptr}},
      {{"sat", "and", "sun", "vs"}, 3, {"weekends", nullptr, nullptr}},
      {{"saturdays", "and", "sundays", "versus"}, 3, {"weekends", nullptr, nullptr}},
      {{"sat-sun", nullptr, nullptr, nullptr}, 1, {"weekends", nullptr, nullptr}},
      // "which of my stores is ahead?": which has more.
      {{"is", "ahead", nullptr, nullptr}, 2, {"has", "more", nullptr}},
      {{"was", "ahead", nullptr, nullptr}, 2, {"had", "more", nullptr}},
      {{"came", "out", "ahead", nullptr}, 3, {"had", "more", nullptr}},
      {{"comes", "out", "ahead", nullptr}, 3, {"has", "more", nullptr}},
      // "… vs …: both sums + % change": the two figures a comparison shows anyway.
      {{"both", "figures", nullptr, nullptr}, 2, {nullptr, nullptr, nullptr}},
      {{"both", "numbers", nullptr, nullptr}, 2, {nullptr, nullptr, nullptr}},
      {{"both", "counts", nullptr, nullptr}, 2, {nullptr, nullptr, nullptr}},
      {{"something", nullptr, nullptr, nullptr}, 1, {nullptr, nullptr, nullptr}},
      {{"stuff", nullptr, nullptr, nullptr}, 1, {nullptr, nullptr, nullptr}},
      {{"r", "there", nullptr, nullptr}, 2, {"are", "there", nullptr}},
      {{"how", "many", "r", nullptr}, 3, {"how", "many", "are"}},
      {{"neither", nullptr, nullptr, nullptr}, 1, {"not", nullptr, nullptr}},
      {{"nor", nullptr, nullptr, nullptr}, 1, {"or", nullptr, nullptr}},
      {{"peak", "on", nullptr, nullptr}, 2, {"most", nullptr, nullptr}},
      {{"peak", "in", nullptr, nullptr}, 2, {"most", nullptr, nullptr}},
      {{"how", "many", "people", nullptr}, 3, {"how", "many", "customers"}},
      {{"number", "of", "people", nullptr}, 3, {"number", "of", "customers"}},
      {{"staff", "id", nullptr, nullptr}, 2, {"staff", nullptr, nullptr}},
      {{"staff", "ids", nullptr, nullptr}, 2, {"staff", nullptr, nullptr}},
      {{"the", "week", "we're", "in"}, 4, {"this", "week", nullptr}},
      {{"the", "month", "we're", "in"}, 4, {"this", "month", nullptr}},
      {{"the", "quarter", "we're", "in"}, 4, {"this", "quarter", nullptr}},
      {{"the", "year", "we're", "in"}, 4, {"this", "year", nullptr}},
      {{"not", "counting", nullptr, nullptr}, 2, {"excluding", nullptr, nullptr}},
      {{"not", "including", nullptr, nullptr}, 2, {"excluding", nullptr, nullptr}},
      {{"without", "counting", nullptr, nullptr}, 2, {"excluding", nullptr, nullptr}},
      {{"only", "counting", nullptr, nullptr}, 2, {"only", nullptr, nullptr}},
      {{"counting", "only", nullptr, nullptr}, 2, {"only", nullptr, nullptr}},
      {{"a", "single", "thing", nullptr}, 3, {"anything", nullptr, nullptr}},
      {{"single", "biggest", nullptr, nullptr}, 2, {"biggest", nullptr, nullptr}},
      {{"single", "best", nullptr, nullptr}, 2, {"best", nullptr, nullptr}},
      {{"single", "highest", nullptr, nullptr}, 2, {"highest", nullptr, nullptr}},
      {{"single", "largest", nullptr, nullptr}, 2, {"largest", nullptr, nullptr}},
      {{"single", "busiest", nullptr, nullptr}, 2, {"busiest", nullptr, nullptr}},
      {{"nz", nullptr, nullptr, nullptr}, 1, {"new", "zealand", nullptr}},
      {{"uk", nullptr, nullptr, nullptr}, 1, {"united", "kingdom", nullptr}},
      {{"member", "of", "staff", nullptr}, 3, {"staff", nullptr, nullptr}},
      {{"members", "of", "staff", nullptr}, 3, {"staff", nullptr, nullptr}},
      {{"how", "many", "different", "people"}, 4, {"how", "many", "customers"}},
      {{"how", "many", "separate", "people"}, 4, {"how", "many", "customers"}},
      {{"how", "many", "individual", "people"}, 4, {"how", "many", "customers"}},
      // "remind me - how many customers …": politeness.
      {{"remind", "me", nullptr, nullptr}, 2, {nullptr, nullptr, nullptr}},
      // "Italian films versus German films": the comparison's short form, which every reader
      // knows.
      {{"versus", nullptr, nullptr, nullptr}, 1, {"vs", nullptr, nullptr}},
      // "which hour pulled in the most money", "what did we rake in": money taken.
      {{"pulled", "in", nullptr, nullptr}, 2, {"brought", "in", nullptr}},
      {{"pull", "in", nullptr, nullptr}, 2, {"bring", "in", nullptr}},
      {{"raked", "in", nullptr, nullptr}, 2, {"brought", "in", nullptr}},
      {{"rake", "in", nullptr, nullptr}, 2, {"bring", "in", nullptr}},
      // "between an hour and an hour and a half, both ends counted": a range is inclusive.
      {{"both", "ends", "counted", nullptr}, 3, {nullptr, nullptr, nullptr}},
      {{"both", "ends", "included", nullptr}, 3, {nullptr, nullptr, nullptr}},
      {{"both", "ends", "inclusive", nullptr}, 3, {nullptr, nullptr, nullptr}},
      // "both stores counted together": together.
      {{"counted", "together", nullptr, nullptr}, 2, {"together", nullptr, nullptr}},
      // "since the quarter began", "since the month started": this quarter (month, year).
      {{"since", "the", "quarter", "began"}, 4, {"this", "quarter", nullptr}},
      {{"since", "the", "quarter", "started"}, 4, {"this", "quarter", nullptr}},
      {{"since", "the", "month", "began"}, 4, {"this", "month", nullptr}},
      {{"since", "the", "month", "started"}, 4, {"this", "month", nullptr}},
      {{"since", "the", "year", "began"}, 4, {"this", "year", nullptr}},
      {{"since", "the", "year", "started"}, 4, {"this", "year", nullptr}},
      {{"since", "the", "week", "began"}, 4, {"this", "week", nullptr}},
      {{"since", "the", "week", "started"}, 4, {"this", "week", nullptr}},
      // "what did Mondays bring in, all of them together?": one total.
      {{"all", "of", "them", "together"}, 4, {"in", "total", nullptr}},
      {{"all", "together", nullptr, nullptr}, 2, {"in", "total", nullptr}},
      // "which categories stayed below 975 rentals": had fewer.
      {{"stayed", "below", nullptr, nullptr}, 2, {"below", nullptr, nullptr}},
      {{"stayed", "under", nullptr, nullptr}, 2, {"under", nullptr, nullptr}},
      {{"stayed", "above", nullptr, nullptr}, 2, {"above", nullptr, nullptr}},
      {{"stayed", "over", nullptr, nullptr}, 2, {"over", nullptr, nullptr}},
      {{"remained", "below", nullptr, nullptr}, 2, {"below", nullptr, nullptr}},
      {{"remained", "under", nullptr, nullptr}, 2, {"under", nullptr, nullptr}},
      {{"remained", "above", nullptr, nullptr}, 2, {"above", nullptr, nullptr}},
      {{"remained", "over", nullptr, nullptr}, 2, {"over", nullptr, nullptr}},
      // "count of customers who …": the number of them.
      {{"count", "of", nullptr, nullptr}, 2, {"number", "of", nullptr}},
      // "the peak day for check-outs", "our peak hour": the busiest.
      {{"peak", "day", nullptr, nullptr}, 2, {"busiest", "day", nullptr}},
      {{"peak", "hour", nullptr, nullptr}, 2, {"busiest", "hour", nullptr}},
      {{"peak", "weekday", nullptr, nullptr}, 2, {"busiest", "weekday", nullptr}},
      {{"peak", "month", nullptr, nullptr}, 2, {"busiest", "month", nullptr}},
      {{"peak", "week", nullptr, nullptr}, 2, {"busiest", "week", nullptr}},
      // "DVDs out the door": rented out.
      {{"out", "the", "door", nullptr}, 3, {"rented", "out", nullptr}},
      // "top 5 …, top down": the highest first.
      {{"top", "down", nullptr, nullptr}, 2, {"highest", "first", nullptr}},
      // "the number with an R rating", "films with a PG-13 rating": rated so.
      {{"an", "r", "rating", nullptr}, 3, {"rated", "r", nullptr}},
      {{"a", "g", "rating", nullptr}, 3, {"rated", "g", nullptr}},
      {{"a", "pg", "rating", nullptr}, 3, {"rated", "pg", nullptr}},
      {{"a", "pg-13", "rating", nullptr}, 3, {"rated", "pg-13", nullptr}},
      {{"an", "nc-17", "rating", nullptr}, 3, {"rated", "nc-17", nullptr}},
      // "at my place", "our place": the asker's store.
      {{"my", "place", nullptr, nullptr}, 2, {"my", "store", nullptr}},
      {{"our", "place", nullptr, nullptr}, 2, {"our", "store", nullptr}},
      // "what was the take", "the take at my store": the money taken.
      {{"the", "take", nullptr, nullptr}, 2, {"the", "revenue", nullptr}},
      // "how many discs did we shift": rented out (only with "we": "customers who shifted from
      // store 1 to store 2" moved, and is not read as renting).
      {{"we", "shift", nullptr, nullptr}, 2, {"we", "rent", nullptr}},
      {{"we", "shifted", nullptr, nullptr}, 2, {"we", "rented", nullptr}},
      {{"how", "many", "separate", "people"}, 4, {"how", "many", "customers"}},
      {{"how", "many", "individual", "people"}, 4, {"how", "many", "customers"}},
      {{"different", "people", nullptr, nullptr}, 2, {"customers", nullptr, nullptr}},
      // "titles on my shelves": the titles in stock (a plain word would drop the stock, and
      // the catalogue would be counted). ("sitting on the shelf" is a phrase of its own.)
      {{"on", "my", "shelves", nullptr}, 3, {"in", "stock", nullptr}},
      {{"on", "our", "shelves", nullptr}, 3, {"in", "stock", nullptr}},
      {{"on", "the", "shelves", nullptr}, 3, {"in", "stock", nullptr}},
      {{"on", "my", "shelf", nullptr}, 3, {"in", "stock", nullptr}},
      {{"on", "our", "shelf", nullptr}, 3, {"in", "stock", nullptr}},
      // "which category took the most, and by how much over the second?": the gap to the one
      // after it, which "by how much" already asks for.
      {{"much", "over", "the", "second"}, 4, {"much", nullptr, nullptr}},
      {{"much", "over", "the", "runner-up"}, 4, {"much", nullptr, nullptr}},
      {{"much", "over", "second", "place"}, 4, {"much", nullptr, nullptr}},
      {{"lead", "over", "the", "second"}, 4, {"gap", nullptr, nullptr}},
      {{"lead", "over", "the", "runner-up"}, 4, {"gap", nullptr, nullptr}},
      {{"margin", "over", "the", "second"}, 4, {"gap", nullptr, nullptr}},
      {{"margin", "over", "the", "runner-up"}, 4, {"gap", nullptr, nullptr}},
      // Everyday verbs of thresholds: "went past 850 rentals" is over, "failed to hit 450" and
      // "fell short of 450" under.
      {{"went", "past", nullptr, nullptr}, 2, {"over", nullptr, nullptr}},
      {{"gone", "past", nullptr, nullptr}, 2, {"over", nullptr, nullptr}},
      {{"go", "past", nullptr, nullptr}, 2, {"over", nullptr, nullptr}},
      {{"failed", "to", "hit", nullptr}, 3, {"under", nullptr, nullptr}},
      {{"failed", "to", "reach", nullptr}, 3, {"under", nullptr, nullptr}},
      {{"didn't", "hit", nullptr, nullptr}, 2, {"under", nullptr, nullptr}},
      {{"didn't", "reach", nullptr, nullptr}, 2, {"under", nullptr, nullptr}},
      {{"fell", "short", "of", nullptr}, 3, {"under", nullptr, nullptr}},
      // "categories that took more than $850": took in, made.
      {{"took", "more", "than", nullptr}, 3, {"made", "more", "than"}},
      {{"took", "less", "than", nullptr}, 3, {"made", "less", "than"}},
      {{"took", "over", nullptr, nullptr}, 2, {"made", "over", nullptr}},
      {{"took", "under", nullptr, nullptr}, 2, {"made", "under", nullptr}},
      // "flip it, the 3 lowest?": the same question the other way round.
      {{"flip", "it", nullptr, nullptr}, 2, {"and", nullptr, nullptr}},
      {{"flip", "that", nullptr, nullptr}, 2, {"and", nullptr, nullptr}},
      // "how much did it move in %": how much it changed.
      {{"it", "move", nullptr, nullptr}, 2, {"it", "change", nullptr}},
      {{"it", "moved", nullptr, nullptr}, 2, {"it", "changed", nullptr}},
      // "how many individual customers", "who've rented": different customers, who have.
      {{"individual", "customers", nullptr, nullptr}, 2, {"different", "customers", nullptr}},
      {{"individual", "renters", nullptr, nullptr}, 2, {"different", "customers", nullptr}},
      {{"who've", nullptr, nullptr, nullptr}, 1, {"who", "have", nullptr}},
      {{"that've", nullptr, nullptr, nullptr}, 1, {"that", "have", nullptr}},
      // "how big is our customer base": how many customers.
      {{"how", "big", "is", "our"}, 4, {"how", "many", nullptr}},
      {{"how", "large", "is", "our"}, 4, {"how", "many", nullptr}},
      // "$0.00 payments": payments of nothing.
      {{"$", "0.00", "payments", nullptr}, 3, {"zero", "payments", nullptr}},
      {{"$", "0", "payments", nullptr}, 3, {"zero", "payments", nullptr}},
      // "both shops as one number": combined.
      {{"as", "one", "number", nullptr}, 3, {"combined", nullptr, nullptr}},
      {{"as", "one", "figure", nullptr}, 3, {"combined", nullptr, nullptr}},
      {{"as", "a", "single", "number"}, 4, {"combined", nullptr, nullptr}},
      // "the chain total": every store together.
      {{"chain", "total", nullptr, nullptr}, 2, {"total", nullptr, nullptr}},
      {{"chain-wide", nullptr, nullptr, nullptr}, 1, {"across", "all", "stores"}},
      // "the average amount per payment": the average payment amount.
      {{"amount", "per", "payment", nullptr}, 3, {"payment", "amount", nullptr}},
      {{"amount", "per", "transaction", nullptr}, 3, {"payment", "amount", nullptr}},
      // "inactive accounts", "customer accounts": the customers.
      {{"inactive", "accounts", nullptr, nullptr}, 2, {"inactive", "customers", nullptr}},
      {{"active", "accounts", nullptr, nullptr}, 2, {"active", "customers", nullptr}},
      {{"customer", "accounts", nullptr, nullptr}, 2, {"customers", nullptr, nullptr}},
      // "what part of Q2's takings …, in %": a share; "in that window": that period.
      {{"what", "part", "of", nullptr}, 3, {"what", "share", "of"}},
      // ("in that period", "over those dates": the previous question's period, as "the same
      // period" reads it — never dropped as plain words.)
      {{"that", "window", nullptr, nullptr}, 2, {"the", "same", "period"}},
      {{"same", "window", nullptr, nullptr}, 2, {"same", "period", nullptr}},
      {{"that", "period", nullptr, nullptr}, 2, {"the", "same", "period"}},
      {{"those", "dates", nullptr, nullptr}, 2, {"the", "same", "period"}},
      {{"those", "days", nullptr, nullptr}, 2, {"the", "same", "period"}},
      {{"that", "stretch", nullptr, nullptr}, 2, {"the", "same", "period"}},
      {{"that", "timeframe", nullptr, nullptr}, 2, {"the", "same", "period"}},
      // ("and how much came in that day?": the day the previous answer named, or asked.)
      {{"that", "day", nullptr, nullptr}, 2, {"the", "same", "period"}},
      {{"that", "date", nullptr, nullptr}, 2, {"the", "same", "period"}},
      {{"that", "week", nullptr, nullptr}, 2, {"the", "same", "period"}},
      {{"that", "month", nullptr, nullptr}, 2, {"the", "same", "period"}},
      {{"that", "quarter", nullptr, nullptr}, 2, {"the", "same", "period"}},
      {{"that", "time", "frame", nullptr}, 3, {"the", "same", "period"}},
      {{"redo", "both", nullptr, nullptr}, 2, {"same", nullptr, nullptr}},
      {{"redo", "that", nullptr, nullptr}, 2, {"same", nullptr, nullptr}},
      {{"redo", "it", nullptr, nullptr}, 2, {"same", nullptr, nullptr}},
      {{"redo", "those", nullptr, nullptr}, 2, {"same", nullptr, nullptr}},
      {{"rerun", "that", nullptr, nullptr}, 2, {"same", nullptr, nullptr}},
      {{"rerun", "both", nullptr, nullptr}, 2, {"same", nullptr, nullptr}},
      {{"repeat", "that", nullptr, nullptr}, 2, {"same", nullptr, nullptr}},
      // ("between the 10th and 20th, both days included": ranges are read with both ends in.)
      {{"both", "days", "included", nullptr}, 3, {nullptr, nullptr, nullptr}},
      {{"both", "days", "inclusive", nullptr}, 3, {nullptr, nullptr, nullptr}},
      {{"both", "dates", "included", nullptr}, 3, {nullptr, nullptr, nullptr}},
      {{"both", "ends", "included", nullptr}, 3, {nullptr, nullptr, nullptr}},
      {{"both", "included", nullptr, nullptr}, 2, {nullptr, nullptr, nullptr}},
      {{"pool", "of", nullptr, nullptr}, 2, {nullptr, nullptr, nullptr}},
      // "the people who rented in July", "people renting", "folks that paid": the customers.
      {{"people", "who", nullptr, nullptr}, 2, {"customers", "who", nullptr}},
      {{"people", "that", nullptr, nullptr}, 2, {"customers", "that", nullptr}},
      {{"people", "renting", nullptr, nullptr}, 2, {"customers", "renting", nullptr}},
      {{"people", "rented", nullptr, nullptr}, 2, {"customers", "rented", nullptr}},
      {{"people", "paying", nullptr, nullptr}, 2, {"customers", "paying", nullptr}},
      {{"folks", "who", nullptr, nullptr}, 2, {"customers", "who", nullptr}},
      {{"folks", "that", nullptr, nullptr}, 2, {"customers", "that", nullptr}},
      // "split by rating as percentages": the share word, plural.
      {{"percentages", nullptr, nullptr, nullptr}, 1, {"percentage", nullptr, nullptr}},
      {{"proportions", nullptr, nullptr, nullptr}, 1, {"proportion", nullptr, nullptr}},
      // "chain wide", "company wide": chain-wide, one figure for every store.
      {{"chain", "wide", nullptr, nullptr}, 2, {"chain-wide", nullptr, nullptr}},
      {{"company", "wide", nullptr, nullptr}, 2, {"company-wide", nullptr, nullptr}},
      // "how many individual payments": each one counted, which a count of payments is.
      {{"individual", "payments", nullptr, nullptr}, 2, {"payments", nullptr, nullptr}},
      {{"individual", "rentals", nullptr, nullptr}, 2, {"rentals", nullptr, nullptr}},
      {{"individual", "transactions", nullptr, nullptr}, 2, {"transactions", nullptr, nullptr}},
      // "the 3 biggest-earning titles": ranked by what they took.
      {{"biggest-earning", nullptr, nullptr, nullptr}, 1, {"highest-earning", nullptr, nullptr}},
      {{"best-earning", nullptr, nullptr, nullptr}, 1, {"highest-earning", nullptr, nullptr}},
      {{"biggest", "earning", nullptr, nullptr}, 2, {"highest-earning", nullptr, nullptr}},
      {{"month", "by", "month", nullptr}, 3, {"by", "month", nullptr}},
      {{"week", "by", "week", nullptr}, 3, {"by", "week", nullptr}},
      {{"day", "by", "day", nullptr}, 3, {"by", "day", nullptr}},
      // "month-by-month", "week-by-week": a breakdown by that grain.
      {{"month-by-month", nullptr, nullptr, nullptr}, 1, {"monthly", nullptr, nullptr}},
      {{"week-by-week", nullptr, nullptr, nullptr}, 1, {"weekly", nullptr, nullptr}},
      {{"day-by-day", nullptr, nullptr, nullptr}, 1, {"daily", nullptr, nullptr}},
      {{"quarter-by-quarter", nullptr, nullptr, nullptr}, 1, {"quarterly", nullptr, nullptr}},
      // "store 2 by itself?", "and Q2 on its own?": that one only.
      {{"by", "itself", nullptr, nullptr}, 2, {"only", nullptr, nullptr}},
      {{"on", "its", "own", nullptr}, 3, {"only", nullptr, nullptr}},
      {{"by", "themselves", nullptr, nullptr}, 2, {"only", nullptr, nullptr}},
      {{"on", "their", "own", nullptr}, 3, {"only", nullptr, nullptr}},
      // "of everyone who rented yesterday": the customers who did.
      {{"everyone", "who", nullptr, nullptr}, 2, {"customers", "who", nullptr}},
      {{"everybody", "who", nullptr, nullptr}, 2, {"customers", "who", nullptr}},
      {{"everyone", "that", nullptr, nullptr}, 2, {"customers", "that", nullptr}},
      {{"anyone", "who", nullptr, nullptr}, 2, {"customers", "who", nullptr}},
      // "sorted high to low", "sorted highest first": the order, said twice.
      {{"sorted", "high", nullptr, nullptr}, 2, {"high", nullptr, nullptr}},
      {{"sorted", "highest", nullptr, nullptr}, 2, {"highest", nullptr, nullptr}},
      {{"sorted", "low", nullptr, nullptr}, 2, {"low", nullptr, nullptr}},
      {{"sorted", "lowest", nullptr, nullptr}, 2, {"lowest", nullptr, nullptr}},
      {{"sorted", "from", nullptr, nullptr}, 2, {"from", nullptr, nullptr}},
      {{"sorted", "biggest", nullptr, nullptr}, 2, {"biggest", nullptr, nullptr}},
      {{"sorted", "most", nullptr, nullptr}, 2, {"most", nullptr, nullptr}},
      {{"sorted", "best", nullptr, nullptr}, 2, {"best", nullptr, nullptr}},
      {{"percent", "move", nullptr, nullptr}, 2, {"percent", "change", nullptr}},
      {{"percentage", "move", nullptr, nullptr}, 2, {"percentage", "change", nullptr}},
      // "same two figures for June": the figures of the previous answer, however many.
      {{"same", "two", "figures", nullptr}, 3, {"same", "figures", nullptr}},
      {{"same", "two", "numbers", nullptr}, 3, {"same", "numbers", nullptr}},
      {{"same", "three", "figures", nullptr}, 3, {"same", "figures", nullptr}},
      {{"same", "three", "numbers", nullptr}, 3, {"same", "numbers", nullptr}},
      {{"same", "2", "figures", nullptr}, 3, {"same", "figures", nullptr}},
      {{"same", "2", "numbers", nullptr}, 3, {"same", "numbers", nullptr}},
      // "how many different people were behind them?": the customers of those rows.
      {{"behind", "them", nullptr, nullptr}, 2, {"of", "them", nullptr}},
      {{"behind", "those", nullptr, nullptr}, 2, {"of", "those", nullptr}},
      {{"behind", "these", nullptr, nullptr}, 2, {"of", "these", nullptr}},
      // "which hours saw more than 245 rentals": the groups had them.
      {{"saw", nullptr, nullptr, nullptr}, 1, {"had", nullptr, nullptr}},
      {{"hire", "out", nullptr, nullptr}, 2, {"rent", "out", nullptr}},
      {{"hired", "out", nullptr, nullptr}, 2, {"rented", "out", nullptr}},
      {{"discs", nullptr, nullptr, nullptr}, 1, {"dvds", nullptr, nullptr}},
      {{"disc", nullptr, nullptr, nullptr}, 1, {"dvd", nullptr, nullptr}},
      // "as a % of every title we list": of all of them (not each one on its own row).
      {{"%", "of", "every", nullptr}, 3, {"%", "of", "all"}},
      {{"percent", "of", "every", nullptr}, 3, {"percent", "of", "all"}},
      {{"percentage", "of", "every", nullptr}, 3, {"percentage", "of", "all"}},
      {{"share", "of", "every", nullptr}, 3, {"share", "of", "all"}},
      {{"proportion", "of", "every", nullptr}, 3, {"proportion", "of", "all"}},
      {{"fraction", "of", "every", nullptr}, 3, {"fraction", "of", "all"}},
      {{"titles", "we", "list", nullptr}, 3, {"titles", nullptr, nullptr}},
      {{"title", "we", "list", nullptr}, 3, {"titles", nullptr, nullptr}},
      {{"films", "we", "list", nullptr}, 3, {"films", nullptr, nullptr}},
      // "how many payments did we log": take in, record.
      {{"did", "we", "log", nullptr}, 3, {"did", "we", "have"}},
      {{"we", "logged", nullptr, nullptr}, 2, {"we", "had", nullptr}},
      {{"were", "logged", nullptr, nullptr}, 2, {"were", "there", nullptr}},
      // "both, and how far July fell short": the gap between the two.
      {{"how", "far", nullptr, nullptr}, 2, {"the", "difference", nullptr}},
      {{"fell", "short", nullptr, nullptr}, 2, {nullptr, nullptr, nullptr}},
      {{"fell", "behind", nullptr, nullptr}, 2, {nullptr, nullptr, nullptr}},
      // "catalogue q -", "quick q": a question about to be asked.
      {{"catalogue", "q", nullptr, nullptr}, 2, {"catalogue", nullptr, nullptr}},
      {{"catalog", "q", nullptr, nullptr}, 2, {"catalogue", nullptr, nullptr}},
      {{"quick", "q", nullptr, nullptr}, 2, {nullptr, nullptr, nullptr}},
      {{"random", "q", nullptr, nullptr}, 2, {nullptr, nullptr, nullptr}},
      // "actors credited in fewer than 20 films": appearing in them.
      {{"credited", "in", nullptr, nullptr}, 2, {"in", nullptr, nullptr}},
      {{"credited", "on", nullptr, nullptr}, 2, {"in", nullptr, nullptr}},
      // "anything filed under Action": in that category.
      {{"filed", "under", nullptr, nullptr}, 2, {"in", nullptr, nullptr}},
      {{"listed", "under", nullptr, nullptr}, 2, {"in", nullptr, nullptr}},
      {{"classed", "as", nullptr, nullptr}, 2, {"in", nullptr, nullptr}},
      // "customers with double-digit rentals": ten or more.
      {{"double-digit", nullptr, nullptr, nullptr}, 1, {"10", "or", "more"}},
      {{"double", "-", "digit", nullptr}, 3, {"10", "or", "more"}},
      {{"double", "digit", nullptr, nullptr}, 2, {"10", "or", "more"}},
      {{"double", "digits", nullptr, nullptr}, 2, {"10", "or", "more"}},
      // "which genres topped 500 rentals": more than.
      {{"topped", nullptr, nullptr, nullptr}, 1, {"more", "than", nullptr}},
      {{"surpassed", nullptr, nullptr, nullptr}, 1, {"more", "than", nullptr}},
      {{"exceeded", nullptr, nullptr, nullptr}, 1, {"more", "than", nullptr}},
      {{"cleared", nullptr, nullptr, nullptr}, 1, {"more", "than", nullptr}},
      // "actors with 37 or more film credits": films they appear in.
      {{"film", "credits", nullptr, nullptr}, 2, {"films", nullptr, nullptr}},
      {{"movie", "credits", nullptr, nullptr}, 2, {"films", nullptr, nullptr}},
      // "narrow that to store 2", "restrict it to Comedy": only.
      {{"narrow", "that", "to", nullptr}, 3, {"only", nullptr, nullptr}},
      {{"narrow", "it", "to", nullptr}, 3, {"only", nullptr, nullptr}},
      {{"narrow", "down", "to", nullptr}, 3, {"only", nullptr, nullptr}},
      {{"narrow", "it", "down", "to"}, 4, {"only", nullptr, nullptr}},
      {{"narrow", "that", "down", "to"}, 4, {"only", nullptr, nullptr}},
      {{"restrict", "that", "to", nullptr}, 3, {"only", nullptr, nullptr}},
      {{"restrict", "it", "to", nullptr}, 3, {"only", nullptr, nullptr}},
      {{"limit", "that", "to", nullptr}, 3, {"only", nullptr, nullptr}},
      {{"limit", "it", "to", nullptr}, 3, {"only", nullptr, nullptr}},
      // "over the weekend just gone", "the week just past": the last one.
      {{"weekend", "just", "gone", nullptr}, 3, {"last", "weekend", nullptr}},
      {{"weekend", "just", "past", nullptr}, 3, {"last", "weekend", nullptr}},
      {{"weekend", "just", "ended", nullptr}, 3, {"last", "weekend", nullptr}},
      {{"week", "just", "gone", nullptr}, 3, {"last", "week", nullptr}},
      {{"week", "just", "past", nullptr}, 3, {"last", "week", nullptr}},
      {{"week", "just", "ended", nullptr}, 3, {"last", "week", nullptr}},
      {{"month", "just", "gone", nullptr}, 3, {"last", "month", nullptr}},
      {{"month", "just", "past", nullptr}, 3, {"last", "month", nullptr}},
      {{"month", "just", "ended", nullptr}, 3, {"last", "month", nullptr}},
      // "weekend rentals (sat+sun)": the days of the weekend, said again.
      {{"weekend", "sat", "+", "sun"}, 4, {"weekend", nullptr, nullptr}},
      {{"weekends", "sat", "+", "sun"}, 4, {"weekends", nullptr, nullptr}},
      {{"sat", "+", "sun", nullptr}, 3, {"weekend", nullptr, nullptr}},
      {{"sat", "and", "sun", nullptr}, 3, {"weekend", nullptr, nullptr}},
      // "the busiest clock hour": the hour of the day.
      {{"clock", "hour", nullptr, nullptr}, 2, {"hour", nullptr, nullptr}},
      {{"clock", "hours", nullptr, nullptr}, 2, {"hours", nullptr, nullptr}},
      // "how many customers …, each person counted once": customers are counted once already.
      {{"each", "person", "counted", "once"}, 4, {nullptr, nullptr, nullptr}},
      {{"each", "customer", "counted", "once"}, 4, {nullptr, nullptr, nullptr}},
      {{"everyone", "counted", "once", nullptr}, 3, {nullptr, nullptr, nullptr}},
      // "back inside 48 hrs": returned within.
      {{"back", "inside", nullptr, nullptr}, 2, {"returned", "within", nullptr}},
      {{"returned", "inside", nullptr, nullptr}, 2, {"returned", "within", nullptr}},
      {{"back", "within", nullptr, nullptr}, 2, {"returned", "within", nullptr}},
      // Courtesies: they change nothing in the answer.
      {{"good", "morning", nullptr, nullptr}, 2, {nullptr, nullptr, nullptr}},
      {{"good", "afternoon", nullptr, nullptr}, 2, {nullptr, nullptr, nullptr}},
      {{"good", "evening", nullptr, nullptr}, 2, {nullptr, nullptr, nullptr}},
      {{"cheers", nullptr, nullptr, nullptr}, 1, {nullptr, nullptr, nullptr}},
      {{"thank", "you", nullptr, nullptr}, 2, {nullptr, nullptr, nullptr}},
      {{"thanks", nullptr, nullptr, nullptr}, 1, {nullptr, nullptr, nullptr}},
      {{"get", "a", "moment", nullptr}, 3, {nullptr, nullptr, nullptr}},
      {{"have", "a", "moment", nullptr}, 3, {nullptr, nullptr, nullptr}},
      {{"get", "a", "minute", nullptr}, 3, {nullptr, nullptr, nullptr}},
      {{"have", "a", "minute", nullptr}, 3, {nullptr, nullptr, nullptr}},
      {{"get", "a", "chance", nullptr}, 3, {nullptr, nullptr, nullptr}},
      {{"have", "a", "chance", nullptr}, 3, {nullptr, nullptr, nullptr}},
  });
  // The phrases by their first word, in list order (one hash lookup per word: this runs over
  // every word of 100,000-character questions, and a scan of every phrase at every word was a
  // third of the policy's time on them).
  static const auto kByFirstWord = [] {
    std::unordered_map<std::string_view, std::vector<const Phrase*>> index;
    for (const auto& p : kPhrases) index[p.words[0]].push_back(&p);
    return index;
  }();
  const auto found = kByFirstWord.find(t[i]);
  if (found == kByFirstWord.end()) return nullptr;
  for (const auto* p : found->second) {
    if (i + p->length > t.size()) continue;
    bool same = true;
    for (size_t k = 0; k < p->length && same; ++k) same = t[i + k] == p->words[k];
    if (same) return p;
  }
  return nullptr;
}

bool number_like(const std::string& w) {
  return !w.empty() && std::isdigit(static_cast<unsigned char>(w.front())) != 0;
}

// Everyday words that stand for ones the planner reads, decided by their neighbours: "store 1
// alone" (only), "how many of them belong to store 1" (at), "copies of Italian films sit in each
// store" (held: dropped), "haven't borrowed a single comedy" (any: dropped), "store 1 next to
// store 2" (vs; not "the rate next to each"). Appends what the word at i stands for and moves i
// past the words it used; false when the word stands for itself. (Looked up only for these
// words: the tokenizer's chain of comparisons runs on every word of 100,000-character
// questions.)
const std::unordered_set<std::string_view> kNeighbourWords = {
    "alone",   "belong", "belongs", "belonging", "sit",     "sits",
    "sitting", "single", "next",    "either",    "counting"};

bool neighbour_word_at(const std::vector<std::string>& out, size_t& i,
                       std::vector<std::string>& expanded) {
  const auto& tok = out[i];
  const auto before = [&](size_t back) -> std::string_view {
    return i >= back ? std::string_view(out[i - back]) : std::string_view();
  };
  const auto after = [&](size_t ahead) -> std::string_view {
    return i + ahead < out.size() ? std::string_view(out[i + ahead]) : std::string_view();
  };
  if (tok == "either") {
    // "rated either R or NC-17": the list after "rated" says the same without it.
    return before(1) == "rated";
  }
  if (tok == "counting") {
    // "counting PG titles only": the "only" after the values says it.
    for (size_t ahead = 2; ahead <= 4; ++ahead) {
      if (after(ahead) == "only") return true;
    }
    return false;
  }
  if (tok == "single") {
    static const std::unordered_set<std::string_view> kRentVerbs = {
        "rented", "borrowed", "taken", "took", "rent", "borrow", "hired"};
    return before(1) == "a" && kRentVerbs.count(before(2)) > 0;
  }
  if (tok == "alone") {
    const bool after_store = i >= 2 && number_like(out[i - 1]) &&
                             (before(2) == "store" || before(2) == "shop" || before(2) == "branch");
    // "and for Q2 alone?", "July alone": that period only.
    const auto period = before(1);
    const bool after_period = (period.size() == 2 && (period[0] == 'q' || period[0] == 'h') &&
                               std::isdigit(static_cast<unsigned char>(period[1])) != 0) ||
                              is_month_word(std::string(period)) || period == "ytd" ||
                              period == "week" || period == "month" || period == "quarter" ||
                              period == "year" || period == "yesterday" || period == "today";
    // ("what about comedy alone?": a value that closes the question, that value only — never
    // "alone trip", whose "alone" opens a title.)
    static const std::unordered_set<std::string_view> kNotAValue = {
        "of", "the", "a", "an", "is", "are", "be", "been", "left", "home", "them", "it", "they"};
    const bool closing_value =
        after(1).empty() && i >= 1 && !before(1).empty() && kNotAValue.count(before(1)) == 0;
    const bool only = after_store || after_period || closing_value;
    if (only) expanded.emplace_back("only");
    return only;
  }
  if (tok == "belong" || tok == "belongs" || tok == "belonging") {
    static const std::unordered_set<std::string_view> kOwners = {"store", "shop", "branch", "my",
                                                                 "our"};
    if (after(1) != "to" || kOwners.count(after(2)) == 0) return false;
    // ("how many of them belong to store 1": people belong to their home store — registered
    // there; copies belong to the store that holds them.)
    static const std::unordered_set<std::string_view> kPeople = {
        "customers", "customer", "them", "they", "who", "people", "members", "renters", "clients"};
    bool people = false;
    for (size_t back = 1; back <= 6 && back <= i; ++back) {
      people = people || kPeople.count(before(back)) > 0;
    }
    if (people) expanded.emplace_back("registered");
    expanded.emplace_back("at");
    ++i;
    return true;
  }
  if (tok == "sit" || tok == "sits" || tok == "sitting") {
    static const std::unordered_set<std::string_view> kHeld = {"films",  "copies", "dvds",
                                                               "titles", "discs",  "movies"};
    // ("how many discs of it sit at each store?": the held noun a few words before.)
    return (after(1) == "in" || after(1) == "at") &&
           (kHeld.count(before(1)) > 0 || kHeld.count(before(3)) > 0 ||
            (before(2) == "of" && kHeld.count(before(3)) > 0) || kHeld.count(before(4)) > 0);
  }
  // "next"
  static const std::unordered_set<std::string_view> kBeside = {
      "each", "it", "them", "every", "their", "its", "nothing", "none", "zero", "the"};
  if (i == 0 || after(1) != "to" || after(2).empty() || kBeside.count(after(2)) > 0) return false;
  expanded.emplace_back("vs");
  ++i;
  return true;
}

// Where the week starts: "weeks starting Monday", "weeks beginning on Monday", "Monday-starting
// weeks", "Monday-to-Sunday weeks", weekdays listed "Monday first". The planner's weeks and
// weekday rows start on Monday already, so these words say nothing more — and read alone,
// "Monday" would keep only Mondays' rows. Another first day becomes one word the planner does
// not know ("sunday-start"), so the question is asked back rather than answered on Mondays.
// Returns the words that stand for the phrase and its length; nullopt when there is none at i
// ("the week starting Monday 4 July" names one week: the date after the day keeps it).
// "a four-to-six-dollar range", "the 2-to-3-dollar payments": one hyphenated word for a range of
// amounts, as "between 4 and 6 dollars" (a following "range" is said by it already). Returns the
// words and how many tokens they stand for.
std::optional<std::pair<std::vector<std::string>, size_t>> dollar_range_at(
    const std::vector<std::string>& t, size_t i) {
  const auto& w = t[i];
  const auto to = w.find("-to-");
  if (to == std::string::npos || to == 0) return std::nullopt;
  const auto unit_at = w.find('-', to + 4);
  if (unit_at == std::string::npos) return std::nullopt;
  const std::string low = w.substr(0, to), high = w.substr(to + 4, unit_at - to - 4);
  const std::string unit = w.substr(unit_at + 1);
  if (unit != "dollar" && unit != "dollars" && unit != "buck" && unit != "bucks") {
    return std::nullopt;
  }
  if (!number_value(low) || !number_value(high)) return std::nullopt;
  size_t length = 1;
  if (i + 1 < t.size() && (t[i + 1] == "range" || t[i + 1] == "bracket" || t[i + 1] == "band")) {
    length = 2;
  }
  return std::pair{std::vector<std::string>{"between", low, "and", high, "dollars"}, length};
}

// "only once", "more than twice", "at most once", "twice or more": a count of times, written
// as one ("1 time", "2 times") so the condition reader takes it like "exactly 3 times". "More
// than twice as many" / "twice the average" is a ratio, never a count: left as it is.
std::optional<std::pair<std::vector<std::string>, size_t>> times_word_at(
    const std::vector<std::string>& t, size_t i) {
  const auto count_of = [](const std::string& w) -> std::optional<int> {
    if (w == "once") return 1;
    if (w == "twice") return 2;
    if (w == "thrice") return 3;
    return std::nullopt;
  };
  const auto unit = [](int n) { return std::string(n == 1 ? "time" : "times"); };
  const auto ratio_after = [&](size_t at) {
    static const std::set<std::string> kRatio = {"as",  "the", "that", "what",  "a",   "an",
                                                 "its", "our", "my",   "their", "his", "her"};
    return at < t.size() && kRatio.count(t[at]) > 0;
  };
  const auto& w = t[i];
  // "only once", "just the once", "exactly twice", "once only".
  if (w == "only" || w == "just" || w == "exactly") {
    size_t k = i + 1;
    if (k < t.size() && t[k] == "the") ++k;
    if (k < t.size()) {
      if (const auto n = count_of(t[k]); n && !ratio_after(k + 1)) {
        return std::pair{std::vector<std::string>{"exactly", std::to_string(*n), unit(*n)},
                         k + 1 - i};
      }
    }
  }
  if (const auto n = count_of(w); n && i + 1 < t.size() && t[i + 1] == "only") {
    return std::pair{std::vector<std::string>{"exactly", std::to_string(*n), unit(*n)}, 2U};
  }
  // "more than once", "fewer than twice", "at least once", "at most twice".
  if (i + 2 < t.size() && ((t[i + 1] == "than" && (w == "more" || w == "fewer" || w == "less")) ||
                           (w == "at" && (t[i + 1] == "least" || t[i + 1] == "most")))) {
    // ("at least once" is "at all": dropped below, so that it joins any other bound.)
    const bool at_all = w == "at" && t[i + 1] == "least" && t[i + 2] == "once";
    if (const auto n = count_of(t[i + 2]); n && !ratio_after(i + 3) && !at_all) {
      return std::pair{std::vector<std::string>{w, t[i + 1], std::to_string(*n), unit(*n)}, 3U};
    }
  }
  // "twice or more", "once or more".
  if (const auto n = count_of(w);
      n && i + 2 < t.size() && t[i + 1] == "or" &&
      (t[i + 2] == "more" || t[i + 2] == "less" || t[i + 2] == "fewer")) {
    return std::pair{std::vector<std::string>{std::to_string(*n), "or", t[i + 2], "times"}, 3U};
  }
  return std::nullopt;
}

// "150 titles or more" / "5 rentals or fewer": the bound written after the noun, as "at least
// 150 titles" / "at most 5 rentals" (the words the comparisons read). Nullopt elsewhere.
std::optional<std::vector<std::string>> counted_bound_at(const std::vector<std::string>& t,
                                                         size_t i) {
  static const std::set<std::string> kCounted = {
      "titles", "films", "movies", "rentals", "customers", "payments",
      "copies", "dvds",  "actors", "times",   "renters",   "transactions"};
  if (i + 3 >= t.size()) return std::nullopt;
  const auto& number = t[i];
  if (number.empty() || std::isdigit(static_cast<unsigned char>(number.front())) == 0 ||
      number.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  if (kCounted.count(t[i + 1]) == 0 || (t[i + 2] != "or" && t[i + 2] != "and")) {
    return std::nullopt;
  }
  const auto& bound = t[i + 3];
  if (bound == "more" || bound == "over" || bound == "above" || bound == "up") {
    return std::vector<std::string>{"at", "least", number, t[i + 1]};
  }
  if (bound == "fewer" || bound == "less" || bound == "under" || bound == "below") {
    return std::vector<std::string>{"at", "most", number, t[i + 1]};
  }
  return std::nullopt;
}

std::optional<std::pair<std::vector<std::string>, size_t>> week_start_at(
    const std::vector<std::string>& t, size_t i) {
  static const std::set<std::string> kDays = {"monday", "tuesday",  "wednesday", "thursday",
                                              "friday", "saturday", "sunday"};
  static const std::set<std::string> kStarting = {"starting", "beginning", "start",     "starts",
                                                  "begin",    "begins",    "commencing"};
  const auto is_week = [](const std::string& w) { return w == "week" || w == "weeks"; };
  const auto stands_for = [&](const std::string& noun, const std::string& day) {
    std::vector<std::string> words = {noun};
    if (day != "monday") words.push_back(day + "-start");
    return words;
  };
  const auto names_a_date = [&](size_t k) {
    return k < t.size() && (number_like(t[k]) || is_month_word(t[k]) || t[k] == "the");
  };
  // ("Weeks", or a week of a breakdown — "per week, week starting Monday"; "the week starting
  // Monday" is one week, which this does not say.)
  const bool weeks_in_general =
      t[i] == "weeks" || (i > 0 && (t[i - 1] == "per" || t[i - 1] == "by" || t[i - 1] == "each" ||
                                    t[i - 1] == "every" || t[i - 1] == "a" || t[i - 1] == ","));
  if (is_week(t[i]) && i + 2 < t.size() && kStarting.count(t[i + 1]) > 0) {
    size_t d = i + 2;
    if (t[d] == "on" || t[d] == "with" || t[d] == "from") ++d;
    if (d < t.size() && kDays.count(t[d]) > 0 && !names_a_date(d + 1)) {
      if (d + 1 < t.size() && t[d + 1] == "first") ++d;
      // One week by a weekday alone: which one is not said, so it is one word asked about.
      if (!weeks_in_general) {
        return std::make_pair(std::vector<std::string>{t[i], "starting-" + t[d]}, d - i + 1);
      }
      return std::make_pair(stands_for(t[i], t[d]), d - i + 1);
    }
  }
  for (const char* suffix : {"-starting", "-start", "-beginning", "-based"}) {
    const std::string& tok = t[i];
    const std::string_view end(suffix);
    if (tok.size() <= end.size() || tok.compare(tok.size() - end.size(), end.size(), end) != 0) {
      continue;
    }
    const size_t at = tok.size() - end.size();
    const std::string day = tok.substr(0, at);
    if (kDays.count(day) > 0 && i + 1 < t.size() && is_week(t[i + 1])) {
      return std::make_pair(stands_for(t[i + 1], day), size_t{2});
    }
  }
  if (kDays.count(t[i]) > 0 && i + 3 < t.size() && (t[i + 1] == "to" || t[i + 1] == "through") &&
      kDays.count(t[i + 2]) > 0 && is_week(t[i + 3])) {
    return std::make_pair(stands_for(t[i + 3], t[i]), size_t{4});
  }
  // ("one line per Monday-to-Sunday week": the same, hyphenated.)
  if (const auto to = t[i].find("-to-"); to != std::string::npos && i + 1 < t.size() &&
                                         is_week(t[i + 1]) && kDays.count(t[i].substr(0, to)) &&
                                         kDays.count(t[i].substr(to + 4))) {
    return std::make_pair(stands_for(t[i + 1], t[i].substr(0, to)), size_t{2});
  }
  const auto clause_ends = [&](size_t k) {
    return k >= t.size() || t[k] == "," || t[k] == "." || t[k] == "?" || t[k] == "please";
  };
  if (kDays.count(t[i]) > 0 && i > 0 && i + 1 < t.size() && t[i + 1] == "first" &&
      clause_ends(i + 2)) {
    // "each weekday in Q1, Monday first": the order of the weekday rows.
    std::vector<std::string> words;
    if (t[i] != "monday") words.push_back(t[i] + "-start");
    return std::make_pair(words, size_t{2});
  }
  return std::nullopt;
}

// "jan-jul" → ("jan", "jul"): two month words joined by a dash.
std::optional<std::pair<std::string, std::string>> month_range(const std::string& tok) {
  const auto dash = tok.find('-');
  if (dash == std::string::npos || dash == 0 || tok.find('-', dash + 1) != std::string::npos) {
    return std::nullopt;
  }
  std::string from = tok.substr(0, dash), to = tok.substr(dash + 1);
  if (!is_month_word(from) || !is_month_word(to)) return std::nullopt;
  return std::make_pair(std::move(from), std::move(to));
}

std::optional<std::string> spoken_price_at(const std::vector<std::string>& t, size_t i) {
  if (i == 0 || i + 1 >= t.size()) return std::nullopt;
  static const std::array<const char*, 14> kIntro = {
      "of",    "exactly", "at",      "over",   "under", "than", "above",
      "below", "$",       "costing", "priced", "for",   "is",   "was"};
  if (std::none_of(kIntro.begin(), kIntro.end(), [&](const char* w) { return t[i - 1] == w; })) {
    return std::nullopt;
  }
  const auto is_words = [](const std::string& w) {
    return !w.empty() && w.find_first_of("0123456789") == std::string::npos;
  };
  if (!is_words(t[i]) || !is_words(t[i + 1])) return std::nullopt;
  const auto dollars = number_value(t[i]);
  const auto cents = number_value(t[i + 1]);
  if (!dollars || !cents || *dollars < 0 || *dollars > 9 || *cents < 10 || *cents > 99) {
    return std::nullopt;
  }
  return std::to_string(static_cast<int>(*dollars)) + "." +
         std::to_string(static_cast<int>(*cents));
}

}  // namespace

std::string fold_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  char32_t cp = 0;
  for (size_t pos = 0; pos < text.size();) {
    const size_t start = pos;
    if (!common::text::next_code_point(text, pos, cp)) {
      out.push_back(' ');
      ++pos;
      continue;
    }
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (auto d = digit_value(cp)) {
      out.push_back(static_cast<char>('0' + *d));
    } else if (auto n = number_symbol(cp)) {
      // A symbol is a whole number: keep it apart from what surrounds it.
      out += " " + std::to_string(*n) + " ";
    } else if (cp >= 0xFF01 && cp <= 0xFF5E) {
      out.push_back(static_cast<char>(cp - 0xFEE0));  // fullwidth ASCII
    } else if (is_space_like(cp)) {
      out.push_back(' ');
    } else if (is_invisible(cp)) {
      // dropped: "st\u200Bore" is "store"
    } else if (cp == 0x2018 || cp == 0x2019 || cp == 0x201A || cp == 0x201B || cp == 0x2032) {
      out.push_back('\'');
    } else if (cp == 0x201C || cp == 0x201D || cp == 0x201E || cp == 0x2033) {
      out.push_back('"');
    } else if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212) {
      out.push_back('-');
    } else if (cp == 0x2265) {
      out += " >= ";
    } else if (cp == 0x2264) {
      out += " <= ";
    } else if (cp == 0x2260) {
      out += " != ";
    } else {
      out.append(text.substr(start, pos - start));
    }
  }
  return out;
}

std::string capitalised_us_as_country(const std::string& text) {
  const bool has_lower = std::any_of(text.begin(), text.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) != 0;
  });
  if (!has_lower) return text;
  const auto letter = [&](size_t i) {
    return i < text.size() && std::isalpha(static_cast<unsigned char>(text[i])) != 0;
  };
  std::string out;
  out.reserve(text.size() + 4);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 2, "US") == 0 && (i == 0 || !letter(i - 1)) && !letter(i + 2)) {
      out += "USA";
      ++i;
      continue;
    }
    out.push_back(text[i]);
  }
  return out;
}

bool is_ascii_word(std::string_view token) {
  for (const char ch : token) {
    const auto c = static_cast<unsigned char>(ch);
    if (!(std::isalnum(c) != 0 || c == '-' || c == '\'')) return false;
  }
  return !token.empty();
}

// "the cheapest Horror film to replace", "the most expensive title to replace": a price
// superlative whose price is the replacement cost, written around the noun. Returns the words it
// stands for ("Horror film with the lowest replacement cost") and how many it replaces.
std::optional<std::pair<std::vector<std::string>, size_t>> replacement_superlative_at(
    const std::vector<std::string>& t, size_t i) {
  static const std::set<std::string> kLow = {"cheapest"};
  static const std::set<std::string> kHigh = {"priciest", "costliest", "dearest"};
  static const std::set<std::string> kNouns = {"film",  "films",  "movie", "movies",
                                               "title", "titles", "dvd",   "dvds"};
  size_t words = 1;
  bool high = kHigh.count(t[i]) > 0;
  if (i + 1 < t.size() && (t[i] == "most" || t[i] == "least") && t[i + 1] == "expensive") {
    words = 2;
    high = t[i] == "most";
  } else if (kLow.count(t[i]) == 0 && !high) {
    return std::nullopt;
  }
  for (size_t j = i + words; j < t.size() && j < i + words + 4; ++j) {
    if (kNouns.count(t[j]) == 0) continue;
    if (j + 2 >= t.size() || t[j + 1] != "to" || t[j + 2] != "replace") return std::nullopt;
    std::vector<std::string> out(t.begin() + static_cast<std::ptrdiff_t>(i + words),
                                 t.begin() + static_cast<std::ptrdiff_t>(j + 1));
    out.insert(out.end(), {"with", "the", high ? "highest" : "lowest", "replacement", "cost"});
    return std::make_pair(std::move(out), j + 3 - i);
  }
  return std::nullopt;
}

std::vector<std::string> tokenize(const std::string& raw) {
  const std::string text = fold_text(raw);
  std::vector<std::string> out;
  std::string cur;
  const auto flush = [&] {
    // Trim hyphens and apostrophes at the edges; keep inner ones (pg-13, sci-fi).
    while (!cur.empty() && (cur.back() == '-' || cur.back() == '\'')) cur.pop_back();
    size_t start = 0;
    while (start < cur.size() && (cur[start] == '-' || cur[start] == '\'')) ++start;
    cur.erase(0, start);
    if (cur.size() > 2 && cur.ends_with("'s")) cur.resize(cur.size() - 2);
    // "99-cent payments", "five-dollar titles": the amount and its unit, as if spaced.
    if (const auto dash = cur.rfind('-'); dash != std::string::npos && dash > 0) {
      static const std::set<std::string_view> kMoneyUnits = {"dollar", "dollars", "cent",
                                                             "cents",  "buck",    "bucks"};
      const std::string_view head(cur.data(), dash);
      const bool amount =
          head.find_first_not_of("0123456789.") == std::string_view::npos ||
          head.find_first_not_of("abcdefghijklmnopqrstuvwxyz") == std::string_view::npos;
      if (kMoneyUnits.count(std::string_view(cur).substr(dash + 1)) > 0 && amount) {
        out.emplace_back(head);
        cur.erase(0, dash + 1);
      }
    }
    // "sub-60-min flicks", "3-hour-plus films", "under-50-minute ones": a bound on a running
    // time written as one word, as if spaced ("under 60 min", "3 hour or more"). ("rentals-wise":
    // by rentals.)
    if (cur.find('-') != std::string::npos) {
      std::vector<std::string> parts;
      for (size_t from = 0;;) {
        const auto dash = cur.find('-', from);
        parts.push_back(cur.substr(from, dash - from));
        if (dash == std::string::npos) break;
        from = dash + 1;
      }
      static const std::set<std::string_view> kLengthUnits = {"min",  "mins",  "minute", "minutes",
                                                              "hour", "hours", "hr",     "hrs"};
      static const std::map<std::string_view, std::string_view> kBefore = {{"sub", "under"},
                                                                           {"under", "under"},
                                                                           {"over", "over"},
                                                                           {"below", "under"},
                                                                           {"above", "over"}};
      const bool before = parts.size() == 3 && kBefore.count(parts[0]) > 0;
      const bool plus = parts.size() == 3 && parts[2] == "plus";
      const auto& number = before ? parts[1] : parts[0];
      const auto& unit = before ? parts[2] : parts[1];
      const bool numeric = !number.empty() && number.size() <= 4 &&
                           number.find_first_not_of("0123456789.") == std::string::npos;
      if ((before || plus) && numeric && kLengthUnits.count(unit) > 0) {
        if (before) out.emplace_back(kBefore.at(parts[0]));
        out.push_back(number);
        out.push_back(unit);
        if (plus) out.insert(out.end(), {"or", "more"});
        cur.clear();
      } else if (parts.size() == 2 && parts[1] == "wise" && parts[0].size() > 2 &&
                 parts[0] != "other" && parts[0] != "like" && parts[0] != "clock") {
        out.emplace_back("by");
        out.push_back(parts[0]);
        cur.clear();
      }
    }
    if (!cur.empty()) out.push_back(cur);
    cur.clear();
  };
  const auto digit_at = [&](size_t i) {
    return i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) != 0;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    const auto c = static_cast<unsigned char>(ch);
    // Currency signs other than "$" arrive as UTF-8: "€" E2 82 AC, "£" C2 A3, "¢" C2 A2.
    if (c == 0xE2 && text.compare(i, 3, "\xE2\x82\xAC") == 0) {
      flush();
      out.emplace_back("€");
      i += 2;
      continue;
    }
    // An arrow between two periods ("June → July", "June -> July") reads as "to".
    if ((c == 0xE2 &&
         (text.compare(i, 3, "\xE2\x86\x92") == 0 || text.compare(i, 3, "\xE2\x9E\x94") == 0 ||
          text.compare(i, 3, "\xE2\x9F\xB6") == 0)) ||
        (ch == '-' && i + 1 < text.size() && text[i + 1] == '>')) {
      flush();
      out.emplace_back("to");
      i += ch == '-' ? 1 : 2;
      continue;
    }
    if (c == 0xC2 && (text.compare(i, 2, "\xC2\xA3") == 0 || text.compare(i, 2, "\xC2\xA2") == 0)) {
      flush();
      out.emplace_back(text.substr(i, 2));
      i += 1;
      continue;
    }
    if ((ch == '.' || ch == ',') && !cur.empty() && digit_at(i + 1) &&
        std::isdigit(static_cast<unsigned char>(cur.back())) != 0) {
      cur.push_back(ch);  // 4.99, 1,000
      continue;
    }
    if (is_word_byte(c)) {
      cur.push_back(static_cast<char>(c < 0x80 ? std::tolower(c) : c));
      continue;
    }
    flush();
    if (ch == ',' && !out.empty() && is_month_word(out.back())) {
      // "brought in more in March, 1 or 2": the comma parts the month from a number that is not
      // its day (a day follows the month without one: "March 1").
      size_t k = i + 1;
      while (k < text.size() && text[k] == ' ') ++k;
      size_t digits = 0;
      while (digit_at(k + digits)) ++digits;
      const bool letter_after = k + digits < text.size() &&
                                std::isalpha(static_cast<unsigned char>(text[k + digits])) != 0;
      if (digits >= 1 && digits <= 2 && !letter_after) out.emplace_back(",");
    }
    if (ch == '%') {
      out.emplace_back("percent");
    } else if ((ch == '>' || ch == '<' || ch == '!') && i + 1 < text.size() && text[i + 1] == '=') {
      out.push_back(std::string(1, ch) + "=");
      ++i;
    } else if (ch == '$' || ch == '>' || ch == '<' || ch == '=' || ch == '+' || ch == '#') {
      out.emplace_back(1, ch);
    }
  }
  flush();
  // "w/o" arrives as "w" "o" (the slash splits words): "without", before "w" becomes "with".
  for (size_t i = 0; i + 1 < out.size(); ++i) {
    if (out[i] == "w" && out[i + 1] == "o") {
      out[i] = "without";
      out.erase(out.begin() + static_cast<std::ptrdiff_t>(i) + 1);
    }
  }
  // Abbreviations people type for the words the planner reads (one hash lookup per word: this
  // runs over every word of every question, 100,000-word ones included).
  static const std::unordered_map<std::string_view, std::string_view> kAbbreviations = {
      {"qtr", "quarter"},     {"qtrs", "quarters"},   {"wk", "week"},      {"wks", "weeks"},
      {"mth", "month"},       {"mths", "months"},     {"mo", "month"},     {"mos", "months"},
      {"yr", "year"},         {"yrs", "years"},       {"amt", "amount"},   {"rev", "revenue"},
      {"custs", "customers"}, {"cust", "customer"},   {"hr", "hour"},      {"hrs", "hours"},
      {"hw", "how"},          {"w", "with"},          {"pls", "please"},   {"plz", "please"},
      {"wat", "what"},        {"wot", "what"},        {"qty", "number"},   {"yday", "yesterday"},
      {"yest", "yesterday"},  {"flick", "film"},      {"flicks", "films"}, {"incl", "inclusive"},
      {"excl", "excluding"},  {"diff", "difference"}, {"tally", "count"},  {"tallies", "counts"}};
  for (auto& tok : out) {
    if (tok.size() > 6) continue;
    if (const auto it = kAbbreviations.find(tok); it != kAbbreviations.end()) tok = it->second;
  }
  // "k and all together?", "kk, by store": an "ok" that opens the question.
  if (!out.empty() && (out.front() == "k" || out.front() == "kk" || out.front() == "okay")) {
    out.front() = "ok";
  }
  // Running times written as a clock: "1h30", "2h15m", "1h52min", "2h" → "90 minutes",
  // "135 minutes", …; "90min" → "90 minutes".
  {
    std::vector<std::string> timed;
    timed.reserve(out.size() + 4);
    for (const auto& tok : out) {
      size_t k = 0;
      while (k < tok.size() && std::isdigit(static_cast<unsigned char>(tok[k])) != 0) ++k;
      const std::string rest = tok.substr(k);
      const auto minutes_word = [](std::string_view w) {
        return w == "m" || w == "min" || w == "mins" || w == "minute" || w == "minutes";
      };
      if (k == 0 || k > 3 || rest.empty()) {
        timed.push_back(tok);
        continue;
      }
      if (rest[0] == 'h') {
        size_t j = 1;
        while (j < rest.size() && std::isdigit(static_cast<unsigned char>(rest[j])) != 0) ++j;
        const std::string mins = rest.substr(1, j - 1);
        const std::string tail = rest.substr(j);
        const bool hours_only = mins.empty() && (tail.empty() || tail == "rs" || tail == "r");
        const bool with_minutes =
            !mins.empty() && mins.size() <= 2 && (tail.empty() || minutes_word(tail));
        if (hours_only || with_minutes) {
          // (In minutes: "1h40 to 2h20" is then a plain range of two numbers.)
          const int total = std::stoi(tok.substr(0, k)) * 60 + (mins.empty() ? 0 : std::stoi(mins));
          timed.push_back(std::to_string(total));
          timed.emplace_back("minutes");
          continue;
        }
      } else if (minutes_word(rest) && rest != "m") {
        timed.push_back(tok.substr(0, k));
        timed.emplace_back("minutes");
        continue;
      }
      timed.push_back(tok);
    }
    out = std::move(timed);
  }
  // Shorthand that stands for several words: "MoM", "YoY", "no. of", a leading "n" ("n
  // sundays?" is "and Sundays?").
  {
    static const std::set<std::string> kFilmWords = {
        "film", "films", "movie", "movies", "title", "titles", "rental", "rentals", "dvd", "dvds"};
    std::vector<std::string> expanded;
    expanded.reserve(out.size() + 4);
    for (size_t i = 0; i < out.size(); ++i) {
      const auto& tok = out[i];
      const bool next_is_of = i + 1 < out.size() && out[i + 1] == "of";
      // "… in one row", "on a single line": how to lay the answer out, which it already is.
      const auto layout_at = [&](size_t k) -> size_t {
        static const std::array<std::array<const char*, 4>, 6> kLayouts = {
            {{"in", "one", "row", nullptr},
             {"in", "a", "single", "row"},
             {"on", "one", "line", nullptr},
             {"in", "one", "line", nullptr},
             {"on", "a", "single", "line"},
             {"as", "one", "row", nullptr}}};
        for (const auto& words : kLayouts) {
          size_t n = 0;
          while (n < words.size() && words[n] != nullptr && k + n < out.size() &&
                 out[k + n] == words[n]) {
            ++n;
          }
          if (n == words.size() || (n < words.size() && words[n] == nullptr)) return n;
        }
        return 0;
      };
      // "between $2 and $4 inclusive", "from 10 to 20 July inclusive": ranges are read with
      // both ends in, so the word adds nothing there. Anywhere else ("over 5 inclusive") it
      // would change a strict bound and stays, to be asked about.
      const auto closes_a_range = [&](size_t k) {
        if (out[k] != "inclusive" && out[k] != "inclusively") return false;
        for (size_t back = 1; back <= 6 && back <= k; ++back) {
          const auto& w = out[k - back];
          if (w == "between" || w == "from" || w == "to" || w == "through" || w == "thru" ||
              w == "until" || w == "till") {
            return true;
          }
          // "1-15 March inclusive": a range of days written with a dash.
          const auto dash = w.find('-');
          if (dash != std::string::npos && dash > 0 && dash + 1 < w.size() &&
              std::all_of(w.begin(), w.end(), [](char c) {
                return c == '-' || std::isdigit(static_cast<unsigned char>(c)) != 0;
              })) {
            return true;
          }
        }
        return false;
      };
      // "all time", "of all time", "all-time": no period, which is what no period already means.
      // So are "since records began", "since we opened", "since day one".
      const auto all_time_at = [&](size_t k) -> size_t {
        if (out[k] == "all-time") return 1;
        if (out[k] == "all" && k + 1 < out.size() && out[k + 1] == "time") return 2;
        if (out[k] == "since" && k + 2 < out.size()) {
          const auto& a = out[k + 1];
          const auto& b = out[k + 2];
          if ((a == "records" && (b == "began" || b == "begin")) ||
              (a == "we" && (b == "opened" || b == "started" || b == "began")) ||
              (a == "day" && (b == "one" || b == "1"))) {
            return 3;
          }
        }
        return 0;
      };
      // "since the beginning of July", "from the start of the year": since July, from the year.
      const auto start_of_at = [&](size_t k) -> size_t {
        if (!(out[k] == "since" || out[k] == "from") || k + 3 >= out.size()) return 0;
        const size_t at = out[k + 1] == "the" ? k + 2 : k + 1;
        if (at + 1 >= out.size() || out[at + 1] != "of") return 0;
        const auto& w = out[at];
        return w == "beginning" || w == "start" ? at + 2 - k : 0;
      };
      // "what share of our titles", "percentage of my customers": whose they are goes without
      // saying (the question is always about the asker's own data).
      const auto owned_after_share = [&]() {
        static const std::set<std::string> kShare = {"share",    "percentage", "percent", "pct",
                                                     "fraction", "proportion", "portion", "%"};
        // ("our customer base" stays whole: "customer" alone would be a breakdown.)
        const bool base_follows = i + 2 < out.size() && out[i + 2] == "base";
        return (tok == "our" || tok == "my") && !base_follows && expanded.size() >= 2 &&
               expanded.back() == "of" && kShare.count(expanded[expanded.size() - 2]) > 0;
      };
      // "which of my two stores has more …": the one of them, as "which of my stores"; "across my
      // two stores" as "across my stores" (where to count; "compare the two stores" keeps them).
      // The planner asks back or refuses "two stores" before reading when the asker does not
      // have exactly two.
      const auto two_of_which = [&]() {
        if (tok != "two" && tok != "2" && tok != "both") return false;
        const bool stores_follow =
            i + 1 < out.size() && (out[i + 1] == "stores" || out[i + 1] == "shops" ||
                                   out[i + 1] == "branches" || out[i + 1] == "locations");
        const bool mine =
            i >= 1 && (out[i - 1] == "my" || out[i - 1] == "our" || out[i - 1] == "the");
        if ((tok == "two" || tok == "2") && mine && stores_follow && i >= 2 &&
            out[i - 2] == "across") {
          return true;
        }
        return (tok == "two" || tok == "2" || tok == "both") && i >= 3 && out[i - 3] == "which" &&
               out[i - 2] == "of" && mine && stores_follow;
      };
      if (const size_t skip = layout_at(i); skip > 0) {
        i += skip - 1;
      } else if (const size_t all_time = all_time_at(i); all_time > 0) {
        if (!expanded.empty() && expanded.back() == "of") expanded.pop_back();
        expanded.emplace_back("ever");
        i += all_time - 1;
      } else if (const size_t start_of = start_of_at(i); start_of > 0) {
        expanded.push_back(tok);
        i += start_of - 1;
      } else if (closes_a_range(i) || owned_after_share() || two_of_which() ||
                 // ("store 1 alone", "belong to store 1", "a single comedy", "store 1 next to
                 // store 2": said by what the helper appended.)
                 (kNeighbourWords.count(tok) > 0 && neighbour_word_at(out, i, expanded))) {
        continue;
      } else if (i > 0 && out[i - 1] == "the" && superlative_of(tok) != nullptr &&
                 std::find(out.begin() + static_cast<std::ptrdiff_t>(i), out.end(), "than") ==
                     out.end()) {
        // "which store had the longer rental duration": of two, the one with the most.
        expanded.emplace_back(superlative_of(tok));
      } else if (tok.size() > 5 && tok.starts_with("store") &&
                 std::all_of(tok.begin() + 5, tok.end(), [](char c) {
                   return std::isdigit(static_cast<unsigned char>(c)) != 0;
                 })) {
        expanded.emplace_back("store");  // "store2" is "store 2"
        expanded.push_back(tok.substr(5));
      } else if (tok == "per" && i + 1 < out.size() && out[i + 1] == "cent") {
        expanded.emplace_back("percent");  // British "per cent"
        ++i;
      } else if (tok == "single" && i + 1 < out.size() &&
                 (out[i + 1].starts_with("most") || out[i + 1].starts_with("best") ||
                  out[i + 1].starts_with("top") || out[i + 1].starts_with("biggest") ||
                  out[i + 1].starts_with("highest") || out[i + 1].starts_with("least"))) {
        // "my single most-rented title", "the single best month": the one most rented.
      } else if (tok == "#" && i + 1 == out.size() && i > 0) {
        // "R-rated rentals at my store, trailing 30 days - #?": the count asked at the end.
        expanded.insert(expanded.end(), {"how", "many"});
      } else if (tok.size() > 4 && tok.starts_with("per-") &&
                 std::isalpha(static_cast<unsigned char>(tok[4])) != 0) {
        expanded.emplace_back("per");  // "per-store rental count": per store
        expanded.push_back(tok.substr(4));
      } else if (tok == "#" && i + 1 < out.size() && !number_like(out[i + 1])) {
        // "# of rentals", "# rentals": the number of; "#2" (a store or rank) stays as it is.
        expanded.emplace_back("number");
        if (!next_is_of) expanded.emplace_back("of");
      } else if (const auto range = month_range(tok)) {
        // "Jan-Jul", "may-june": from the first month to the second.
        expanded.insert(expanded.end(), {"from", range->first, "to", range->second});
      } else if (tok == "per" && i > 0 && i + 1 < out.size() && out[i + 1] == "head") {
        // "spend per head", "rentals per head": per customer, right after what is counted (at
        // the start — "Per head, what did …" — it is left unread rather than read as a list).
        expanded.insert(expanded.end(), {"per", "customer"});
        ++i;
      } else if (tok == "mom" || tok == "m-o-m" || tok == "m/m" || tok == "month-on-month" ||
                 tok == "month-over-month") {
        expanded.insert(expanded.end(), {"month", "over", "month"});
      } else if (tok == "yoy" || tok == "y-o-y" || tok == "y/y" || tok == "year-on-year" ||
                 tok == "year-over-year") {
        expanded.insert(expanded.end(), {"year", "over", "year"});
      } else if ((tok == "no" || tok == "nos") && next_is_of) {
        expanded.emplace_back("number");
      } else if (tok == "once" && i > 0 && (out[i - 1] == "never" || out[i - 1] == "least")) {
        // "never once been rented" is "never been rented"; "rented at least once" is "rented".
        if (out[i - 1] == "least" && expanded.size() >= 2 &&
            expanded[expanded.size() - 2] == "at") {
          expanded.resize(expanded.size() - 2);
        }
      } else if (auto price = spoken_price_at(out, i)) {
        // "payments of exactly four ninety-nine": $4.99 as it is said aloud.
        expanded.push_back(*price);
        ++i;
      } else if ((tok == "cat" || tok == "cats") && i > 0 &&
                 (out[i - 1] == "by" || out[i - 1] == "per" || out[i - 1] == "each" ||
                  out[i - 1] == "every")) {
        expanded.emplace_back("category");  // "rev by cat jul"
      } else if ((tok == "inclusive" || tok == "inclusively") &&
                 std::find(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(i), "between") !=
                     out.begin() + static_cast<std::ptrdiff_t>(i)) {
        // "between 25 and 30, inclusive": a range read "between" already holds both ends.
        if (!expanded.empty() && expanded.back() == "both") expanded.pop_back();
      } else if ((tok == "mon" || tok == "monday") && i + 2 < out.size() && out[i + 1] == "to" &&
                 (out[i + 2] == "sun" || out[i + 2] == "sunday") &&
                 std::find(out.begin(), out.end(), "week") != out.end()) {
        // "last week, mon to sun": how a week is counted here already.
        i += 2;
      } else if ((tok == "week" || tok == "month" || tok == "quarter" || tok == "year") &&
                 i + 2 < out.size() && out[i + 1] == "before" && out[i + 2] == "last" &&
                 (i + 3 == out.size() || out[i + 3] != tok)) {
        // "the month before last": the month before last month, the unit said once.
        expanded.insert(expanded.end(), {tok, "before", "last", tok});
        i += 2;
      } else if ((tok == "week" || tok == "month" || tok == "quarter") && i + 2 < out.size() &&
                 out[i + 1] == "to" && out[i + 2] == "date" &&
                 (expanded.empty() || expanded.back() != "this")) {
        // "month to date", "revenue quarter to date": this month (quarter, week) so far — read
        // as the grain alone it became a breakdown by month over all time.
        expanded.insert(expanded.end(), {"this", tok});
        i += 2;
      } else if (tok == "for" && i + 2 < out.size() && out[i + 1] == "the" &&
                 (out[i + 2] == "week" || out[i + 2] == "month" || out[i + 2] == "quarter" ||
                  out[i + 2] == "year") &&
                 (i + 3 == out.size() ||
                  std::set<std::string>{"so", "to", "at", "by", "per", "across", "and", "please",
                                        "in", "for", "vs", "compared", "?"}
                          .count(out[i + 3]) > 0)) {
        // "what did we take for the month?": the month we are in (read as the grain alone it
        // was a breakdown by month over all time). "for the month of July", "for the month
        // with the most rentals" keep theirs.
        expanded.insert(expanded.end(), {"for", "this", out[i + 2]});
        i += 2;
      } else if (tok.size() >= 2 && tok.size() <= 3 && tok.back() == 'c' &&
                 std::all_of(tok.begin(), tok.end() - 1,
                             [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) &&
                 i + 1 < out.size() && out[i + 1] != "%") {
        // "99c a rental": 99 cents, written as dollars like every other amount.
        const int cents = std::stoi(tok.substr(0, tok.size() - 1));
        expanded.insert(expanded.end(),
                        {"$", "0." + std::string(cents < 10 ? "0" : "") + std::to_string(cents)});
      } else if ((tok == "go" || tok == "goes" || tok == "going" || tok == "went") &&
                 i + 2 < out.size() && out[i + 1] == "for" &&
                 (out[i + 2] == "$" || (out[i + 2].size() <= 3 && out[i + 2].back() == 'c' &&
                                        std::isdigit(static_cast<unsigned char>(out[i + 2][0]))))) {
        // "titles that go for 99c", "which ones go for $2.99": rent for.
        expanded.emplace_back("rent");
      } else if ((tok == "a" || tok == "per" || tok == "each") && i + 1 < out.size() &&
                 (out[i + 1] == "rental" || out[i + 1] == "rent" || out[i + 1] == "hire") &&
                 expanded.size() >= 2 && expanded[expanded.size() - 2] == "$") {
        // "go for 99c a rental", "$2.99 per rental": the price of one rental is the rental rate
        // (the price "to rent") — not the rentals as a measure.
        expanded.insert(expanded.end(), {"to", "rent"});
        ++i;
      } else if (tok == "which" && i + 3 < out.size() && out[i + 1] == "of" &&
                 (out[i + 2] == "those" || out[i + 2] == "these" || out[i + 2] == "the") &&
                 (out[i + 3] == "days" || out[i + 3] == "dates" || out[i + 3] == "weeks" ||
                  out[i + 3] == "months" || out[i + 3] == "hours")) {
        // "which of those days was the busiest": one day of the period just asked about (read
        // as "those days" alone, the period was kept and the day dropped).
        const std::string grain = out[i + 3].substr(0, out[i + 3].size() - 1);
        expanded.insert(expanded.end(), {"which", grain == "date" ? "day" : grain});
        if (out[i + 2] != "the") expanded.insert(expanded.end(), {"in", "the", "same", "period"});
        i += 3;
      } else if (tok == "from" && i + 4 < out.size() && out[i + 1] == "$" &&
                 number_like(out[i + 2]) &&
                 ((out[i + 3] == "to" || out[i + 3] == "through" || out[i + 3] == "thru") ||
                  (out[i + 3] == "up" && i + 5 < out.size() && out[i + 4] == "to")) &&
                 out[i + (out[i + 3] == "up" ? 5 : 4)] == "$" &&
                 i + (out[i + 3] == "up" ? 6 : 5) < out.size() &&
                 number_like(out[i + (out[i + 3] == "up" ? 6 : 5)])) {
        // "payments from $4.99 up to $6.99": an amount between the two, both ends counted.
        const size_t second = i + (out[i + 3] == "up" ? 6 : 5);
        expanded.insert(expanded.end(), {"between", "$", out[i + 2], "and", "$", out[second]});
        i = second;
      } else if (const size_t amount = [&]() -> size_t {
                   // "which genres averaged more than $4.30 a payment": had an average payment
                   // over $4.30 (the "$" of the amount, or 0).
                   if (tok != "averaged" && tok != "averages" && tok != "average") return 0;
                   for (size_t j = i + 1; j + 3 < out.size() && j <= i + 4; ++j) {
                     if (out[j] == "$" && number_like(out[j + 1]) &&
                         (out[j + 2] == "a" || out[j + 2] == "per" || out[j + 2] == "each") &&
                         out[j + 3] == "payment") {
                       return j;
                     }
                   }
                   return 0;
                 }();
                 amount > 0) {
        expanded.insert(expanded.end(), {"had", "an", "average", "payment"});
        expanded.insert(expanded.end(), out.begin() + static_cast<std::ptrdiff_t>(i + 1),
                        out.begin() + static_cast<std::ptrdiff_t>(amount + 2));
        i = amount + 3;
      } else if (tok == "latest" && i + 2 < out.size() && number_like(out[i + 1]) &&
                 (out[i + 2] == "days" || out[i + 2] == "weeks" || out[i + 2] == "months")) {
        expanded.emplace_back("last");  // "the latest 30 days"
      } else if (number_like(tok) && !expanded.empty() && expanded.back() == "the" &&
                 i + 1 < out.size() &&
                 (out[i + 1] == "before" || out[i + 1] == "prior" || out[i + 1] == "preceding") &&
                 [&] {
                   // "the last 30 days against the 30 before them": the unit said once.
                   for (size_t k = 0; k + 2 < i; ++k) {
                     if ((out[k] == "last" || out[k] == "latest" || out[k] == "past") &&
                         out[k + 1] == tok &&
                         (out[k + 2] == "days" || out[k + 2] == "weeks" ||
                          out[k + 2] == "months")) {
                       return true;
                     }
                   }
                   return false;
                 }()) {
        std::string unit = "days";
        for (size_t k = 0; k + 2 < i; ++k) {
          if (out[k + 1] == tok && (out[k] == "last" || out[k] == "latest" || out[k] == "past")) {
            unit = out[k + 2];
          }
        }
        expanded.insert(expanded.end(), {tok, unit});
        if (i + 2 < out.size() && out[i + 2] == "them") {
          expanded.emplace_back("before");
          i += 2;  // "before them": before those
        }
      } else if (tok.size() > 8 && tok.ends_with("-to-date") && tok.find('-') == tok.size() - 8) {
        // "Q3-to-date", "August-to-date": from the start of that quarter or month on.
        const std::string from = tok.substr(0, tok.size() - 8);
        if (from == "year" || from == "month" || from == "quarter" || from == "week") {
          if (from == "year") {
            expanded.insert(expanded.end(), {"year", "to", "date"});
          } else {
            expanded.insert(expanded.end(), {"this", from});
          }
        } else {
          expanded.insert(expanded.end(), {"since", from});
        }
      } else if (tok == "year-to-date" || tok == "month-to-date" || tok == "quarter-to-date" ||
                 tok == "week-to-date") {
        // Hyphenated, as in "year-to-date takings": the words themselves.
        const std::string grain = tok.substr(0, tok.find('-'));
        if (grain == "year") {
          expanded.insert(expanded.end(), {"year", "to", "date"});
        } else {
          expanded.insert(expanded.end(), {"this", grain});
        }
      } else if (tok.size() > 6 && tok.ends_with("-based")) {
        // "Taiwan-based customers": the customers in Taiwan.
        expanded.push_back(tok.substr(0, tok.size() - 6));
      } else if (const auto dash = tok.find('-');
                 dash != std::string::npos && dash > 0 && dash + 1 < tok.size() &&
                 ordinal_day_word(tok.substr(0, dash)).has_value() == false &&
                 std::isdigit(static_cast<unsigned char>(tok[0])) &&
                 std::isdigit(static_cast<unsigned char>(tok[dash + 1])) &&
                 !std::isdigit(static_cast<unsigned char>(tok[dash - 1])) &&
                 !std::isdigit(static_cast<unsigned char>(tok.back()))) {
        // "the 20th-22nd of August": from the first day to the second.
        expanded.insert(expanded.end(), {tok.substr(0, dash), "to", tok.substr(dash + 1)});
      } else if (const int quarter = tok == "first" || tok == "1st"    ? 1
                                     : tok == "second" || tok == "2nd" ? 2
                                     : tok == "third" || tok == "3rd"  ? 3
                                     : tok == "fourth" || tok == "4th" ? 4
                                                                       : 0;
                 quarter > 0 && i + 1 < out.size() && out[i + 1] == "quarter") {
        // "the second quarter", "3rd quarter of 2022", "the first quarter of the year": the
        // quarter's code, as typed by those who abbreviate ("of" goes before a year).
        expanded.push_back("q" + std::to_string(quarter));
        ++i;
        if (i + 2 < out.size() && out[i + 1] == "of" && out[i + 2] == "the" && i + 3 < out.size() &&
            out[i + 3] == "year") {
          i += 3;
        } else if (i + 2 < out.size() && out[i + 1] == "of" &&
                   (number_like(out[i + 2]) || out[i + 2] == "this" || out[i + 2] == "last")) {
          ++i;
        }
      } else if (tok == "wtd" || tok == "mtd" || tok == "qtd") {
        expanded.insert(expanded.end(), {"this", tok == "wtd"   ? "week"
                                                 : tok == "mtd" ? "month"
                                                                : "quarter"});
      } else if (const auto cost = replacement_superlative_at(out, i)) {
        expanded.insert(expanded.end(), cost->first.begin(), cost->first.end());
        i += cost->second - 1;
      } else if (const auto week = week_start_at(out, i)) {
        expanded.insert(expanded.end(), week->first.begin(), week->first.end());
        i += week->second - 1;
      } else if (const auto amounts = dollar_range_at(out, i)) {
        // "the four-to-six-dollar range": between $4 and $6.
        expanded.insert(expanded.end(), amounts->first.begin(), amounts->first.end());
        i += amounts->second - 1;
      } else if (const auto times = times_word_at(out, i)) {
        expanded.insert(expanded.end(), times->first.begin(), times->first.end());
        i += times->second - 1;
      } else if (const auto bound = counted_bound_at(out, i)) {
        // "150 titles or more": a bound (else the number reads as a top N and "or more" is
        // lost).
        expanded.insert(expanded.end(), bound->begin(), bound->end());
        i += 3;
      } else if (const auto* said = phrase_at(out, i)) {
        // Everyday phrases for words the planner reads ("under a fiver", "leaving out X",
        // "all told", "the trailing 30 days", "the gap between them").
        for (const char* w : said->means) {
          if (w != nullptr) expanded.emplace_back(w);
        }
        i += said->length - 1;
      } else if (tok == "n" && i == 0 && out.size() > 1) {
        expanded.emplace_back("and");
      } else if (tok == "v" && i > 0 && i + 1 < out.size() && out[i - 1] != "store" &&
                 out[i - 1] != "branch" && out[i - 1] != "shop" && out[i - 1] != "location" &&
                 out[i - 1] != "outlet") {
        expanded.emplace_back("vs");  // "comedy v drama"
      } else if (const auto noun_at = tok.rfind('-');
                 noun_at != std::string::npos && noun_at > 0 && noun_at + 1 < tok.size() &&
                 std::isalpha(static_cast<unsigned char>(tok.front())) != 0 &&
                 kFilmWords.count(tok.substr(noun_at + 1)) > 0) {
        // "Children's-film rentals", "horror-movie count": the kind, then what it is of.
        expanded.push_back(tok.substr(0, noun_at));
        expanded.push_back(tok.substr(noun_at + 1));
      } else if (auto hundreds = hundreds_at(out, i)) {
        // "a hundred and ten", "two hundred": one number.
        expanded.push_back(std::to_string(hundreds->first));
        i += hundreds->second - 1;
      } else if (auto day = ordinal_day_word(tok); day && next_is_date_word(out, i)) {
        expanded.push_back(std::to_string(*day) + "th");  // "the twentieth of August"
      } else {
        expanded.push_back(tok);
      }
    }
    out = std::move(expanded);
  }
  // "from July 1 to now", "from May until today": since July 1, since May (read otherwise,
  // "to now" would be dropped and the period be July 1 alone).
  for (size_t i = 0; i + 1 < out.size(); ++i) {
    const bool to = out[i] == "to" || out[i] == "until" || out[i] == "till" ||
                    out[i] == "through" || out[i] == "thru";
    const bool now = out[i + 1] == "now" || out[i + 1] == "today" || out[i + 1] == "date";
    if (!to || !now || (out[i + 1] == "date" && out[i] != "to")) continue;
    for (size_t back = 1; back <= 6 && back <= i; ++back) {
      if (out[i - back] != "from") continue;
      out[i - back] = "since";
      // ("from last Wednesday up to now": "up" goes with "to".)
      const size_t cut = i > 0 && out[i - 1] == "up" && back > 1 ? i - 1 : i;
      out.erase(out.begin() + static_cast<std::ptrdiff_t>(cut),
                out.begin() + static_cast<std::ptrdiff_t>(i) + 2);
      break;
    }
  }
  // "German-language", "PG-13-rated": split a known noun off a hyphenated word.
  std::vector<std::string> split;
  split.reserve(out.size());
  for (auto& tok : out) {
    const auto dash = tok.rfind('-');
    const std::string tail = dash == std::string::npos ? "" : tok.substr(dash + 1);
    if (tok.size() > 4 && tok.starts_with("non-")) {
      // "non-horror", "non-English": the negation and what it negates.
      split.emplace_back("non");
      split.push_back(tok.substr(4));
    } else if (dash != std::string::npos && dash > 0 &&
               (tail == "language" || tail == "speaking" || tail == "films" || tail == "movies" ||
                tail == "rated")) {
      split.push_back(tok.substr(0, dash));
      split.push_back(tail);
    } else if (const auto head = tok.substr(0, dash == std::string::npos ? 0 : dash);
               !tail.empty() &&
               (head == "highest" || head == "lowest" || head == "top" || head == "best" ||
                head == "worst" || head == "most" || head == "least" || head == "biggest")) {
      // "highest-grossing", "top-earning", "most-rented": the ranking word and the measure.
      split.push_back(head);
      split.push_back(tail);
    } else {
      split.push_back(std::move(tok));
    }
  }
  return split;
}

size_t find_words(const std::string& text, std::string_view phrase, size_t from) {
  if (phrase.empty()) return std::string::npos;
  for (auto at = text.find(phrase, from); at != std::string::npos; at = text.find(phrase, at + 1)) {
    const size_t end = at + phrase.size();
    const bool starts = at == 0 || !std::isalnum(static_cast<unsigned char>(text[at - 1]));
    const bool ends = end >= text.size() || !std::isalnum(static_cast<unsigned char>(text[end]));
    if (starts && ends) return at;
  }
  return std::string::npos;
}

}  // namespace copilot::planning
