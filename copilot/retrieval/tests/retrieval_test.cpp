#include <gtest/gtest.h>

#include <cmath>

#include "copilot/retrieval/embedder.hpp"
#include "copilot/retrieval/rag_seed.hpp"
#include "copilot/retrieval/retriever.hpp"

namespace copilot::retrieval {
namespace {

TEST(HashingEmbedder, IsDeterministicUnitLengthAnd384Wide) {
  HashingEmbedder embedder;
  const auto a = embedder.embed("Revenue by month for store 1");
  EXPECT_EQ(a.size(), 384U);
  EXPECT_EQ(a, embedder.embed("Revenue by month for store 1"));
  double norm = 0;
  for (float x : a) norm += static_cast<double>(x) * x;
  EXPECT_NEAR(norm, 1.0, 1e-5);
}

TEST(HashingEmbedder, RelatedTextsAreCloserThanUnrelatedOnes) {
  HashingEmbedder embedder;
  const auto q = embedder.embed("how much revenue did we make last month");
  const auto revenue =
      embedder.embed("Revenue (sales, money taken): sum of payment amounts by month");
  const auto actors = embedder.embed("actor and film_actor: cast of each film");
  EXPECT_GT(cosine(q, revenue), cosine(q, actors) + 0.1);
  // Plural and singular meet.
  EXPECT_GT(cosine(embedder.embed("rentals"), embedder.embed("rental")), 0.6);
}

TEST(HashingEmbedder, TextWithoutWordsIsAllZeros) {
  HashingEmbedder embedder;
  for (float x : embedder.embed("?? !!")) EXPECT_EQ(x, 0.0F);
}

class FakeIndex final : public DocumentIndex {
 public:
  std::vector<RetrievedDoc> nearest(const std::vector<float>&, Role, size_t) override {
    ++calls;
    return {{1, "k", "metric", "t", "c", 0.9}};
  }
  int calls = 0;
};

TEST(Retriever, SkipsTheIndexForAnEmptyQuery) {
  HashingEmbedder embedder;
  FakeIndex index;
  Retriever retriever(embedder, index);
  EXPECT_TRUE(retriever.retrieve("?!", Role::kAdmin).empty());
  EXPECT_EQ(index.calls, 0);
  EXPECT_EQ(retriever.retrieve("revenue", Role::kAdmin).size(), 1U);
}

TEST(Retriever, ARepeatedQuestionIsServedFromTheCachePerRoleAndK) {
  HashingEmbedder embedder;
  FakeIndex index;
  Retriever retriever(embedder, index, {2, std::chrono::seconds(300)});
  retriever.retrieve("revenue by month", Role::kAdmin);
  retriever.retrieve("revenue by month", Role::kAdmin);
  EXPECT_EQ(index.calls, 1);
  retriever.retrieve("revenue by month", Role::kFinance);   // another role: its own documents
  retriever.retrieve("revenue by month", Role::kAdmin, 3);  // another k
  EXPECT_EQ(index.calls, 3);
  // Capacity 2: the least recently used entry (admin, k=5) was evicted.
  retriever.retrieve("revenue by month", Role::kAdmin);
  EXPECT_EQ(index.calls, 4);
}

// Documents by id; `words` replaces document 2's content (an admin's new version).
class SharedDocsIndex final : public DocumentIndex {
 public:
  std::vector<RetrievedDoc> nearest(const std::vector<float>& query, Role, size_t) override {
    const double score = query[0] == 0 ? 0.5 : 0.7;  // each question its own score
    return {{1, "a", "metric", "A", "about rentals", score}, {2, "b", "schema", "B", words, score}};
  }
  std::string words = "about payments";
};

TEST(Retriever, CachedAnswersShareOneCopyOfEachDocumentAndKeepTheirScores) {
  HashingEmbedder embedder;
  SharedDocsIndex index;
  Retriever retriever(embedder, index);
  std::vector<std::vector<RetrievedDoc>> first;
  for (const char* question : {"rentals by month", "revenue by store", "late returns", "films"}) {
    first.push_back(retriever.retrieve(question, Role::kAdmin));
  }
  EXPECT_EQ(retriever.shared_documents(), 2U);  // four answers, two documents
  // A hit hands back the same documents with its own scores.
  const auto again = retriever.retrieve("revenue by store", Role::kAdmin);
  ASSERT_EQ(again.size(), 2U);
  EXPECT_EQ(again[1].content, "about payments");
  EXPECT_EQ(again[0].score, first[1][0].score);
  // A new version of a document is a new copy; answers cached before keep the words they had.
  index.words = "about payments, refunds included";
  EXPECT_EQ(retriever.retrieve("customers", Role::kAdmin)[1].content, index.words);
  EXPECT_EQ(retriever.retrieve("films", Role::kAdmin)[1].content, "about payments");
  EXPECT_EQ(retriever.shared_documents(), 2U);  // the newest copy of each: the old one goes
                                                // with the last answer that holds it
}

TEST(Retriever, ExpiredEntriesAndAZeroCapacityGoToTheIndex) {
  HashingEmbedder embedder;
  FakeIndex index;
  Retriever expiring(embedder, index, {16, std::chrono::seconds(0)});
  expiring.retrieve("rentals", Role::kAdmin);
  expiring.retrieve("rentals", Role::kAdmin);
  EXPECT_EQ(index.calls, 2);
  Retriever off(embedder, index, {0, std::chrono::seconds(300)});
  off.retrieve("rentals", Role::kAdmin);
  off.retrieve("rentals", Role::kAdmin);
  EXPECT_EQ(index.calls, 4);
}

TEST(VectorLiteral, IsPgvectorText) {
  EXPECT_EQ(vector_literal({0.5F, -1.0F, 0.0F}), "[0.5,-1,0]");
}

TEST(RagSeed, SeedFilesAreWellFormed) {
  const auto docs = load_seed_docs("db/seeds/rag");
  EXPECT_GE(docs.size(), 30U);
  std::set<std::string> keys;
  for (const auto& d : docs) EXPECT_TRUE(keys.insert(d.key).second) << "duplicate " << d.key;
}

TEST(RagSeed, SemanticModelEntriesBecomeDocuments) {
  const auto model = nlohmann::json::parse(R"({
    "metrics": {"revenue": {"label": "Revenue", "description": "sum of amount",
                            "synonyms": ["sales"], "view": "v_payment_scoped"}},
    "dimensions": [{"name": "category", "description": "film category"}]})");
  const auto docs = semantic_model_docs(model);
  ASSERT_EQ(docs.size(), 2U);
  EXPECT_EQ(docs[0].key, "model:metric:revenue");
  EXPECT_EQ(docs[0].views, std::vector<std::string>{"v_payment_scoped"});
  EXPECT_NE(docs[0].content.find("sales"), std::string::npos);
  EXPECT_EQ(docs[1].kind, "dimension");
}

}  // namespace
}  // namespace copilot::retrieval
