// copilot/catalog/catalog_question.hpp — questions about the data rather than questions of it
// ("what can I ask?", "which metrics are there?", "what data do you have about rentals?"),
// answered from the asker's own catalog (role_catalogs.hpp) instead of being declined as out of
// domain.
//
// In:  the question text; for the answer, the role's catalog.
// Out: whether it is such a question (and its topic), and the answer: a narrative, a table of
//      the role's measures (metric, description, example), and example questions to click.
// Refuses nothing: what the catalog holds is already limited to the role. Narrow on purpose —
// it reads only short questions that open with one of a few fixed forms, so a question about
// the data itself never reaches it (the eval set is checked against it in tests/).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "copilot/core/types.hpp"

namespace copilot::catalog {

struct CatalogQuestion {
  // Words of what it asks about ("rentals" in "what data do you have about rentals?"); empty
  // when it asks about everything.
  std::vector<std::string> topic;
};

std::optional<CatalogQuestion> read_catalog_question(std::string_view question);

struct CatalogAnswer {
  std::string answer;
  ResultSet rows;                        // metric, description, example: one row per measure
  std::vector<std::string> suggestions;  // example questions of the measures listed
  std::vector<std::string> metrics;      // the names of the measures listed
};

CatalogAnswer answer_from_catalog(const nlohmann::json& catalog, const CatalogQuestion& question);

}  // namespace copilot::catalog
