// Retrieval against the real rag_documents (seeded the way `copilot seed-rag` does).
#include <gtest/gtest.h>

#include "copilot/retrieval/rag_seed.hpp"
#include "copilot/retrieval/retriever.hpp"
#include "copilot/tests/support.hpp"

namespace copilot::retrieval {
namespace {

common::db::ConnectionPool& pool() {
  static common::db::ConnectionPool kPool(testing::required_env("APP_DATABASE_URL"), 2);
  return kPool;
}

class RetrievalDb : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    HashingEmbedder embedder;
    // The same documents `copilot seed-rag` writes (it owns the table).
    upsert_docs(pool(), embedder,
                all_seed_docs("db/seeds/rag", "copilot/semantic/semantic_model.json"));
  }
  HashingEmbedder embedder_;
  PgDocumentIndex index_{pool()};
  Retriever retriever_{embedder_, index_};
};

TEST_F(RetrievalDb, FindsTheRevenueGlossaryForARevenueQuestion) {
  const auto docs = retriever_.retrieve("what was our revenue last month", Role::kAdmin, 5);
  ASSERT_FALSE(docs.empty());
  bool found = false;
  for (const auto& d : docs) found = found || d.key == "metric:revenue";
  EXPECT_TRUE(found);
  for (size_t i = 1; i < docs.size(); ++i) EXPECT_GE(docs[i - 1].score, docs[i].score);
}

TEST_F(RetrievalDb, FinanceNeverGetsDocumentsAboutRentalsOrCustomers) {
  for (const char* q : {"rentals by customer country", "customers in Canada", "overdue rentals",
                        "revenue by month"}) {
    for (const auto& d : retriever_.retrieve(q, Role::kFinance, 10)) {
      EXPECT_EQ(d.key.find("v_rental_scoped"), std::string::npos) << q;
      EXPECT_EQ(d.key.find("v_customer_masked"), std::string::npos) << q;
      EXPECT_NE(d.key, "metric:rental_count") << q;
      EXPECT_NE(d.key, "metric:customer_count") << q;
      EXPECT_NE(d.key, "governance:marketing") << q;
    }
  }
}

TEST_F(RetrievalDb, MarketingNeverGetsPaymentDocuments) {
  for (const char* q : {"revenue by month", "average payment", "top films by money"}) {
    for (const auto& d : retriever_.retrieve(q, Role::kMarketing, 10)) {
      EXPECT_NE(d.key, "metric:revenue") << q;
      EXPECT_NE(d.key, "metric:payment_count") << q;
      EXPECT_NE(d.key, "schema:v_payment_scoped") << q;
      EXPECT_NE(d.key, "example:revenue_by_month") << q;
    }
  }
}

TEST_F(RetrievalDb, ReturnsAtMostK) {
  EXPECT_LE(retriever_.retrieve("films", Role::kAdmin, 3).size(), 3U);
}

}  // namespace
}  // namespace copilot::retrieval
