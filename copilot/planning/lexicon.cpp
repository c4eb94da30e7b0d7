#include "copilot/planning/lexicon.hpp"

#include "copilot/planning/normalize.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <optional>
#include <string>
#include <unordered_map>

namespace copilot::planning {
namespace {

// Words that never change what is asked. Kept deliberately free of adjectives and of nouns that
// name a measure or a condition ("large", "recent", "good", "expensive" are NOT here: "large
// payments" cannot be answered by ignoring "large").
constexpr const char* kNeutral[] = {
    // articles, determiners, pronouns
    "a", "an", "the", "this", "that", "these", "those", "some", "any", "each", "every", "all",
    "both", "i", "me", "my", "mine", "we", "us", "our", "ours", "you", "your", "it", "its", "they",
    "them", "their", "there", "here", "he", "she", "his", "her", "one", "ones", "someone", "anyone",
    "whose", "whom", "myself", "ourselves",
    // question words
    "what", "what's", "whats", "which", "who", "who's", "how", "how's", "hows", "when", "where",
    "where's",
    // auxiliaries and copulas
    "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "done", "doing",
    "have", "has", "had", "having", "will", "would", "could", "can", "should", "shall", "might",
    "must", "may", "i'd", "i'm", "we're", "we've", "we'd", "you're", "it's", "there's", "that's",
    "they're", "theyre", "they've", "they'd", "it'll", "we'll", "i'll", "you'll", "what're", "let",
    "let's", "lets", "wanna", "gonna", "got", "get", "gets", "getting",
    // prepositions and conjunctions that carry nothing alone
    "of", "in", "on", "at", "for", "to", "from", "with", "by", "about", "into", "onto", "across",
    "within", "during", "throughout", "through", "thru", "among", "amongst", "per", "via", "as",
    "like", "and", "or", "but", "so", "then", "also", "too", "either", "whether", "if", "while",
    "vs.", "upon", "out", "up", "off", "s",
    // asking, showing, politeness
    "please", "pls", "plz", "kindly", "thanks", "thank", "thx", "hi", "hello", "hey", "ok", "okay",
    "tell", "show", "showing", "give", "giving", "list", "listing", "fetch", "find", "display",
    "pull", "see", "know", "want", "wanted", "need", "needed", "like", "provide", "report",
    "calculate", "compute", "work", "check", "look", "looking", "interested", "wondering",
    "curious", "quick", "quickly", "just", "only", "really", "actually", "again", "now", "right",
    "exactly", "roughly", "approximately", "ballpark", "about", "around", "overall", "currently",
    "please", "mind", "possible", "possibly", "help", "able", "wonder", "question", "answer",
    "figure", "figures", "out", "pull", "grab", "bring", "run", "return", "instead", "same", "ever",
    "still", "yet", "already", "hm", "hmm", "um", "uh", "well", "oh", "say", "said", "thing",
    "things", "stuff", "go", "went", "happen", "happened", "happening", "been",
    // generic data nouns
    "number", "numbers", "count", "counts", "amount", "amounts", "sum", "value", "values", "data",
    "info", "information", "details", "detail", "stats", "statistics", "metric", "metrics", "kpi",
    "kpis", "result", "results", "figure", "level", "levels", "many", "much", "volume", "volumes",
    "table", "chart", "graph", "breakdown", "overview", "summary", "split", "list", "view", "whole",
    "entire", "full", "complete", "grand", "everything", "anything", "business", "company", "shop",
    "we've", "times", "period", "periods", "so", "far", "date", "dates", "there", "exist", "exists",
    "existing", "recorded", "record", "records", "logged", "registered", "system", "database", "db",
    // verbs that only say how the figure came about
    "taken", "take", "took", "takes", "signed", "sign", "signs", "joined", "join", "comes", "come",
    "came", "coming", "generated", "generate", "generates", "generating", "produced", "produce",
    "processed", "process", "handled", "handle", "received", "receive", "collected", "collect",
    "carry", "carries", "carried", "stock", "stocks", "stocked", "hold", "holds", "held", "own",
    "owns", "have", "live", "lives", "living", "located", "based", "reside", "resides", "residing",
    "make", "made", "makes", "making", "people", "person", "persons", "folks", "often", "racked",
    "notched", "notch", "chalked", "drew", "draw", "draws", "drawing", "attracted", "attract",
    "attracts", "rack", "racking", "clocked", "rang", "ring", "rung", "bring", "brought", "brings",
    "bringing", "back", "keep", "keeps", "brings", "earn", "earned", "earns", "bringing", "did",
    "happen", "break", "broken", "breaking", "split", "cut", "slice", "sliced", "group", "grouped",
    "catalogue", "catalog", "collection", "library", "gone", "pattern", "patterns", "profile",
    "here", "overview", "status", "standing", "stand", "look", "looks", "looking", "ranked",
    "appear", "appeared", "appears", "featured", "feature", "features", "starring", "acted",
    "starred", "segment", "segments", "segmentation", "featuring", "analysing", "analyzing",
    "analyse", "analyze", "reviewing", "examining", "exploring", "spread", "busier", "quieter",
    "put", "landed", "land", "lands", "landing", "clock", "clocks", "filed", "file", "listed",
    "books", "line", "lined", "separate", "shelves", "shelf", "lining",
    // the objects everything here is about: naming them again changes nothing
    "film", "films", "movie", "movies", "title", "titles", "dvd", "dvds", "rental", "rentals",
    "customer", "customers", "payment", "payments", "store", "stores", "branch", "branches", "shop",
    "shops", "outlet", "outlets", "transactions", "business", "currently", "$", "usd", "dollars",
    "dollar", "buck", "bucks",
    // the comma kept between a month and a number that is not its day ("in March, 1 or 2")
    ","};

constexpr const char* kRanking[] = {
    "top",        "bottom",    "most",       "least",           "best",
    "worst",      "highest",   "lowest",     "fewest",          "biggest",
    "largest",    "smallest",  "busiest",    "popular",         "rank",
    "ranking",    "ranked",    "quietest",   "slowest",         "longest",
    "shortest",   "cheapest",  "priciest",   "first",           "leading",
    "leader",     "leaders",   "winner",     "winning",         "strongest",
    "weakest",    "greatest",  "maximum",    "minimum",         "max",
    "min",        "order",     "ordered",    "sorted",          "sort",
    "performers", "performer", "performing", "underperformers", "underperforming",
    "laggards",   "favourite", "favorite",   "favourites",      "favorites",
    "preferred"};

constexpr const char* kComparison[] = {"compare", "comparison", "compared", "comparing", "vs",
                                       "versus",  "against",    "side",     "relative"};

constexpr const char* kGrowth[] = {
    "growth",    "grow",     "grew",      "grown",   "change",     "changed", "changes", "increase",
    "increased", "decrease", "decreased", "decline", "declined",   "drop",    "dropped", "rise",
    "rose",      "risen",    "fell",      "fall",    "difference", "delta",   "trend",   "down",
    "stack",     "stacks",   "jump",      "jumped",  "spike",      "spiked",  "climb",   "climbed",
    "gain",      "gained",   "swing",     "shrink",  "shrank",     "slump",   "slumped", "evolve",
    "evolved",   "moved",    "slip",      "slipped", "dip",        "dipped",  "slide",   "slid"};

constexpr const char* kShare[] = {"share", "percentage", "percent", "proportion", "fraction",
                                  "mix",   "ratio",      "portion", "pct",        "percentages"};

constexpr const char* kAverage[] = {"average",   "avg",      "mean",  "typical",
                                    "typically", "typicaly", "usual", "usually"};

constexpr const char* kNegation[] = {
    "not",    "no",        "never",    "none",     "nobody",  "without", "haven't",
    "hasn't", "hadn't",    "didn't",   "don't",    "doesn't", "wasn't",  "weren't",
    "isn't",  "aren't",    "won't",    "havent",   "hasnt",   "didnt",   "dont",
    "doesnt", "wasnt",     "werent",   "isnt",     "arent",   "neither", "nor",
    "except", "excluding", "exclude",  "excluded", "other",   "non",     "besides",
    "apart",  "minus",     "ignoring", "ignore",   "outside", "leaving", "aside"};

constexpr const char* kComparator[] = {
    "more",    "less",   "fewer",  "over",    "under",     "above",   "below",    "between",
    "than",    "least",  "most",   "greater", "exceeding", "exceeds", "exceed",   "beyond",
    "upto",    "within", "longer", "shorter", "cheaper",   "pricier", "costlier", "bigger",
    "smaller", "higher", "lower",  "equal",   "equals",    "exactly", ">",        "<",
    ">=",      "<=",     "=",      "+",       "plus",      "or",      "and",      "at"};

constexpr const char* kTotal[] = {"total",      "totals",    "overall", "combined",   "together",
                                  "altogether", "aggregate", "all-in",  "cumulative", "sum"};

constexpr const char* kOutOfDomain[] = {
    "weather", "forecast", "temperature", "rain", "sunny", "joke", "jokes", "funny", "poem",
    "poetry", "song", "lyrics", "recipe", "cook", "python", "javascript", "typescript", "java",
    "c++", "code", "coding", "program", "programming", "script", "function", "regex", "bitcoin",
    "crypto", "president", "capital", "news", "election", "horoscope", "translate", "translation",
    "essay", "story", "bedtime", "homework", "meaning", "life", "universe", "football", "soccer",
    "basketball", "score", "chess", "write", "convert", "conversion", "exchange", "euros", "euro",
    "currency", "pizza", "restaurant", "flight", "hotel", "movie-star", "celebrity-gossip", "vat",
    "tax", "taxes", "inflation", "gdp", "mortgage", "tip", "tipping", "cab", "taxi", "uber",
    "off-topic", "followers", "instagram", "facebook", "twitter", "tiktok", "linkedin",
    // drinks and food (a spelling reader would make "latte" late and "flat white" a flag)
    "latte", "lattes", "cappuccino", "espresso", "americano", "macchiato", "mocha", "coffee",
    "croissant", "sandwich", "laptop", "battery", "wifi",
    // files and media tools ("how do I make a gif out of a video clip?")
    "gif", "gifs", "jpeg", "jpg", "png", "mp4", "photoshop", "clip", "clips", "screenshot",
    // marketing data this database does not hold ("campaign" alone is context: "a VIP list
    // for the autumn campaign")
    "clicked", "clicks", "impressions", "newsletter", "unsubscribed",
    // costs the database does not hold: it has takings, not what the business spends
    "profit", "profits", "profitability", "wages", "salary", "salaries", "payroll", "expenses",
    "overheads"};

constexpr const char* kDomain[] = {
    "film",    "films",   "movie",     "movies",    "title",   "titles",  "dvd",      "dvds",
    "rental",  "rentals", "rent",      "rented",    "renting", "rents",   "customer", "customers",
    "client",  "clients", "payment",   "payments",  "paid",    "revenue", "sales",    "store",
    "stores",  "branch",  "branches",  "actor",     "actors",  "actress", "category", "categories",
    "genre",   "genres",  "inventory", "copies",    "copy",    "stock",   "stocked",  "language",
    "rating",  "rated",   "staff",     "catalogue", "catalog", "returns", "returned", "late",
    "overdue", "country", "countries", "city",      "cities",  "spend",   "spent",    "income"};

std::unordered_map<std::string_view, WordClass> build_classes() {
  std::unordered_map<std::string_view, WordClass> out;
  // Later lists win: an operator word is never merely neutral.
  for (const char* w : kNeutral) out[w] = WordClass::kNeutral;
  for (const char* w : kComparator) out[w] = WordClass::kComparator;
  for (const char* w : kTotal) out[w] = WordClass::kTotal;
  for (const char* w : kAverage) out[w] = WordClass::kAverage;
  for (const char* w : kShare) out[w] = WordClass::kShare;
  for (const char* w : kGrowth) out[w] = WordClass::kGrowth;
  for (const char* w : kComparison) out[w] = WordClass::kComparison;
  for (const char* w : kRanking) out[w] = WordClass::kRanking;
  for (const char* w : kNegation) out[w] = WordClass::kNegation;
  for (const char* w : kOutOfDomain) out[w] = WordClass::kOutOfDomain;
  // Function words that double as comparators stay neutral unless a number follows (the
  // condition reader claims them then): "revenue over time", "rentals at store 1".
  for (const char* w : {"or", "and", "at", "within", "most", "least"}) out[w] = WordClass::kNeutral;
  out["most"] = WordClass::kRanking;
  out["least"] = WordClass::kRanking;
  return out;
}

const std::unordered_map<std::string_view, WordClass>& classes() {
  static const auto kClasses = build_classes();
  return kClasses;
}

constexpr std::array<const char*, 20> kUnits = {
    "zero",     "one",     "two",     "three",     "four",     "five",    "six",
    "seven",    "eight",   "nine",    "ten",       "eleven",   "twelve",  "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
constexpr std::array<const char*, 8> kTens = {"twenty", "thirty",  "forty",  "fifty",
                                              "sixty",  "seventy", "eighty", "ninety"};

std::optional<int> word_number(std::string_view token) {
  for (size_t i = 0; i < kUnits.size(); ++i) {
    if (token == kUnits[i]) return static_cast<int>(i);
  }
  for (size_t i = 0; i < kTens.size(); ++i) {
    const std::string_view tens = kTens[i];
    if (token == tens) return static_cast<int>(20 + 10 * i);
    // "forty-five"
    if (token.size() > tens.size() + 1 && token.substr(0, tens.size()) == tens &&
        token[tens.size()] == '-') {
      const auto unit = token.substr(tens.size() + 1);
      for (size_t u = 1; u < 10; ++u) {
        if (unit == kUnits[u]) return static_cast<int>(20 + 10 * i + u);
      }
    }
  }
  if (token == "hundred") return 100;
  if (token == "dozen") return 12;
  return std::nullopt;
}

}  // namespace

WordClass classify_word(std::string_view token) {
  const auto& map = classes();
  if (auto it = map.find(token); it != map.end()) return it->second;
  return WordClass::kContent;
}

std::optional<double> number_value(std::string_view token) {
  if (auto w = word_number(token)) return *w;
  if (token.empty() || std::isdigit(static_cast<unsigned char>(token.front())) == 0) {
    if (!(token.size() > 1 && token.front() == '.' &&
          std::isdigit(static_cast<unsigned char>(token[1])) != 0)) {
      return std::nullopt;
    }
  }
  std::string digits;
  digits.reserve(token.size());
  bool dot = false;
  for (const char c : token) {
    if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
      digits.push_back(c);
    } else if (c == ',' && !dot) {
      // a thousands separator (the tokenizer keeps "," only between digits)
    } else if (c == '.' && !dot) {
      dot = true;
      digits.push_back('.');
    } else {
      return std::nullopt;
    }
  }
  if (digits.empty() || digits == ".") return std::nullopt;
  try {
    return std::stod(digits);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

bool names_out_of_domain(const std::vector<std::string>& tokens) {
  return std::any_of(tokens.begin(), tokens.end(), [](const std::string& token) {
    return classify_word(token) == WordClass::kOutOfDomain;
  });
}

bool names_out_of_domain(const std::string& text) { return names_out_of_domain(tokenize(text)); }

std::vector<std::string> lexicon_words() {
  std::vector<std::string> out;
  for (const auto& [word, kind] : classes()) {
    if (kind != WordClass::kOutOfDomain) out.emplace_back(word);
  }
  for (const char* w : kDomain) out.emplace_back(w);
  for (const char* w : kUnits) out.emplace_back(w);
  for (const char* w : kTens) out.emplace_back(w);
  return out;
}

bool is_domain_word(std::string_view token) {
  for (const char* w : kDomain) {
    if (token == w) return true;
  }
  return false;
}

}  // namespace copilot::planning
