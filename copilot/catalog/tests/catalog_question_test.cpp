// Questions about what can be asked: read narrowly (no question of the eval set is one), and
// answered from the asker's catalog only.
#include "copilot/catalog/catalog_question.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace copilot::catalog {
namespace {

using nlohmann::json;

std::vector<std::string> topic_of(const std::string& question) {
  const auto read = read_catalog_question(question);
  EXPECT_TRUE(read.has_value()) << question;
  return read ? read->topic : std::vector<std::string>{};
}

TEST(CatalogQuestion, ReadsQuestionsAboutWhatCanBeAsked) {
  for (const char* q :
       {"What can I ask?", "what can i ask you", "Which metrics are there?", "what metrics",
        "What kind of questions can I ask?", "What data do you have?", "list the metrics",
        "Show me all available dimensions", "Hi, what can you do?", "help",
        "What information is there?", "what else can I ask about"}) {
    EXPECT_TRUE(read_catalog_question(q).has_value()) << q;
  }
  EXPECT_TRUE(topic_of("What can I ask?").empty());
  EXPECT_TRUE(topic_of("which metrics are there?").empty());
}

TEST(CatalogQuestion, ReadsTheTopic) {
  EXPECT_EQ(topic_of("What data do you have about rentals?"), std::vector<std::string>{"rentals"});
  EXPECT_EQ(topic_of("what can I ask about our customers"), std::vector<std::string>{"customers"});
  EXPECT_EQ(topic_of("Which metrics are there for payments?"),
            std::vector<std::string>{"payments"});
}

TEST(CatalogQuestion, LeavesQuestionsOfTheDataAlone) {
  for (const char* q :
       {"Revenue by month", "Which film category gets rented the most?",
        "what can you tell me about revenue in June", "Which 5 customer ids paid us the most?",
        "What was our revenue last month?", "show me the data for store 1",
        "what's the weather like?"}) {
    EXPECT_FALSE(read_catalog_question(q).has_value()) << q;
  }
  EXPECT_FALSE(read_catalog_question("what can I ask " + std::string(200, 'x')).has_value());
}

// The eval set's questions are planned as they were: none of them is read as a catalog question.
TEST(CatalogQuestion, NoEvalQuestionIsReadAsOne) {
  std::ifstream in(COPILOT_EVAL_QUESTIONS);
  ASSERT_TRUE(in) << COPILOT_EVAL_QUESTIONS;
  int questions = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    const auto item = json::parse(line);
    const auto question = item.at("question").get<std::string>();
    EXPECT_FALSE(read_catalog_question(question).has_value())
        << item.value("id", "") << ": " << question;
    ++questions;
  }
  EXPECT_GT(questions, 700);
}

json marketing_catalog() {
  return {{"role", "marketing"},
          {"metrics",
           {{{"name", "rentals"},
             {"label", "Rentals"},
             {"description", "How many DVDs were rented."},
             {"view", "v_rental_scoped"},
             {"examples", {"Rentals by month", "Top 10 films by rentals"}},
             {"dimensions", {"store", "month"}}},
            {{"name", "customers"},
             {"label", "Customers"},
             {"description", "How many customers the stores have."},
             {"view", "v_customer_masked"},
             {"examples", {"How many customers do we have?"}},
             {"dimensions", {"store", "city"}}}}},
          {"dimensions",
           {{{"name", "store"}, {"label", "Store"}},
            {{"name", "month"}, {"label", "Month"}},
            {{"name", "city"}, {"label", "Customer city"}}}}};
}

TEST(CatalogAnswer, ListsTheRolesMeasuresWithExamples) {
  const auto answer = answer_from_catalog(marketing_catalog(), {});
  EXPECT_NE(answer.answer.find("As marketing you can ask about 2 measures: Rentals and Customers"),
            std::string::npos)
      << answer.answer;
  EXPECT_NE(answer.answer.find("store, month or customer city"), std::string::npos)
      << answer.answer;
  ASSERT_EQ(answer.rows.rows.size(), 2U);
  EXPECT_EQ(answer.rows.rows[0][0], "Rentals");
  EXPECT_EQ(answer.rows.rows[0][2], "Rentals by month");
  EXPECT_EQ(answer.suggestions,
            (std::vector<std::string>{"Rentals by month", "How many customers do we have?"}));
}

TEST(CatalogAnswer, NarrowsToTheTopic) {
  const auto answer = answer_from_catalog(marketing_catalog(), {{"rentals"}});
  ASSERT_EQ(answer.rows.rows.size(), 1U);
  EXPECT_EQ(answer.metrics, std::vector<std::string>{"rentals"});
  EXPECT_NE(answer.answer.find("About rentals, as marketing"), std::string::npos) << answer.answer;
  EXPECT_EQ(answer.answer.find("city"), std::string::npos) << answer.answer;
}

TEST(CatalogAnswer, SaysWhenTheRoleHasNothingOnTheTopic) {
  const auto answer = answer_from_catalog(marketing_catalog(), {{"payments"}});
  EXPECT_NE(answer.answer.find("None of the measures your role (marketing) may use is about "
                               "payments"),
            std::string::npos)
      << answer.answer;
  EXPECT_EQ(answer.rows.rows.size(), 2U);  // what it can ask instead
}

}  // namespace
}  // namespace copilot::catalog
