// gateway/review/scrubber.hpp — customer PII out of the dataset export (issue 16, part 5).
//
// In:  the customers' terms and their masked forms (customer_pii_terms_in(), only the terms that
//      occur in the texts to scrub, so the gateway never holds a customer's PII it was not
//      given: names masked as
//      v_customer_masked masks them, "M***"; e-mails "m***@domain"; street addresses
//      "[address]"; phone numbers "[phone]"), and free text (a question, a comment, a note, SQL).
// Out: the text with every occurrence replaced, matched case-insensitively on word boundaries:
//      * a customer's e-mail, street address or phone number;
//      * a customer's full name ("Mary Smith", "SMITH MARY" too: first and last name next to
//        each other, in either order), each part masked;
//      * a customer's last name standing alone when it is capitalised ("Smith", "SMITH") and not
//        also a word of the product's own vocabulary (a month or weekday);
//      * any other e-mail address (whoever's, it is personal), masked the same way.
// A lone first name is kept: alone it names nobody, and many are ordinary words (April, June).
// Rows are not exported (the export carries row counts), so there is nothing else to scrub.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace gateway::review {

// One term of customer_pii_terms_in(): kind first_name | last_name | email | address | phone.
struct PiiTerm {
  std::string term;
  std::string kind;
  std::string replacement;
};

class PiiScrubber {
 public:
  explicit PiiScrubber(const std::vector<PiiTerm>& terms);

  [[nodiscard]] std::string scrub(std::string_view text) const;
  // Every string inside a JSON value (object keys are kept).
  [[nodiscard]] nlohmann::json scrub_json(const nlohmann::json& value) const;

 private:
  // Single-word e-mails and phone numbers by their lower-case form.
  std::unordered_map<std::string, std::string> words_;
  std::unordered_set<std::string> first_names_;  // lower-case
  std::unordered_set<std::string> last_names_;   // lower-case
  // Several-word terms (street addresses) by their first word, lower-case: (words, replacement).
  std::unordered_map<std::string, std::vector<std::pair<std::vector<std::string>, std::string>>>
      phrases_;
};

}  // namespace gateway::review
