// Retrieval with an organisation's documents (issue 15, part 4; acceptance: ≤ 3 ms p50 with
// 1,000 added chunks), against the real database (APP_DATABASE_URL, from the environment or the
// repo's .env). Setup adds one document of 1,000 chunks to organisation 1 — "bench: 1000 chunks",
// embedded with the offline embedder, tagged with every role; a run again makes a new version
// (scripts/bench removes the bench documents afterwards, as the database owner) — then measures,
// one request per sample, over 24 different questions:
//   BM_DocumentPassages   embed the question + top-3 passages from document_chunks (HNSW cosine,
//                         row-level security, role filter)
//   BM_RagDocuments       for comparison, on the same machine at the same moment: rag_documents
//                         top-5 alone (the product's own documents, its cache off)
//   BM_RetrievalStage     the whole rag_retrieval stage's reads: rag_documents top-5 (its cache
//                         off) and the document passages
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>

#include "common/db/pool.hpp"
#include "common/docs/documents.hpp"
#include "copilot/retrieval/documents.hpp"
#include "copilot/retrieval/retriever.hpp"
#include "copilot/workflow/service_config.hpp"

namespace {

using namespace copilot;

constexpr long long kOrg = 1;
constexpr size_t kChunks = 1000;

std::string setting(const std::string& name, const std::string& root) {
  if (const char* v = std::getenv(name.c_str()); v != nullptr && *v != '\0') return v;
  std::ifstream in(root + "/.env");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(name + "=", 0) == 0) return line.substr(name.size() + 1);
  }
  std::cerr << name << " is not set (run scripts/setup)\n";
  std::exit(1);
}

const std::vector<std::string> kQuestions = {"revenue by month in 2022",
                                             "top 5 films by rentals",
                                             "late returns at store 1",
                                             "how many active customers in Canada",
                                             "average payment amount by store",
                                             "rentals by category last month",
                                             "which actors appear in most films",
                                             "customers by country",
                                             "damaged discs replacement cost",
                                             "payments per staff member",
                                             "busiest hour for rentals",
                                             "films never rented",
                                             "revenue per category in July",
                                             "new customers this year",
                                             "rental duration by rating",
                                             "top cities by customers",
                                             "store opening hours",
                                             "refund policy for late fees",
                                             "inventory per store",
                                             "most rented family films",
                                             "average rental rate by category",
                                             "rentals on weekends",
                                             "revenue trend by week",
                                             "customers with more than 30 rentals"};

// 1,000 passages of store-policy prose: words drawn (seeded, so every run is alike) from the
// vocabulary the questions use, so the index has near and far neighbours.
std::vector<common::docs::Chunk> bench_chunks() {
  const std::vector<std::string> words = {
      "rental", "return",    "late",    "fee",    "store",    "customer", "payment", "revenue",
      "film",   "category",  "month",   "week",   "policy",   "refund",   "damaged", "disc",
      "staff",  "hour",      "weekend", "family", "comedy",   "action",   "Canada",  "city",
      "active", "inventory", "copy",    "rating", "duration", "actor",    "new",     "average",
      "the",    "a",         "is",      "for",    "every",    "each",     "of",      "and"};
  std::mt19937 random(20261209);
  std::uniform_int_distribution<size_t> pick(0, words.size() - 1);
  std::vector<common::docs::Chunk> out;
  for (size_t i = 0; i < kChunks; ++i) {
    common::docs::Chunk c;
    c.heading = "Section " + std::to_string(i / 10 + 1);
    while (c.content.size() < 600) c.content += words[pick(random)] + " ";
    out.push_back(std::move(c));
  }
  return out;
}

struct World {
  std::string root = workflow::find_root();
  common::db::ConnectionPool app{setting("APP_DATABASE_URL", root), 4, std::chrono::seconds(5),
                                 workflow::kAppSessionSetup};
  retrieval::HashingEmbedder embedder;
  retrieval::PgDocumentIndex index{app};
  retrieval::Retriever retriever{embedder, index, retrieval::RetrievalCacheOptions{0}};
  retrieval::PgPassageIndex passage_index{app};
  retrieval::DocumentPassages passages{embedder, passage_index};
  size_t next = 0;

  World() {
    common::docs::NewDocument doc;
    doc.upload = {"bench: 1000 chunks",
                  {"admin", "finance", "marketing", "store_manager"},
                  common::docs::Kind::kText};
    doc.chunks = bench_chunks();
    for (const auto& c : doc.chunks) {
      doc.vectors.push_back(common::docs::vector_text(
          nlohmann::json(embedder.embed(c.embedding_text())), embedder.dimensions()));
      doc.text_bytes += c.content.size();
    }
    doc.size_bytes = doc.text_bytes;
    doc.sha256 = common::docs::sha256_hex("bench");
    doc.embedder = embedder.name();
    doc.user_id = 1;
    doc.username = "bench";
    const auto added = common::docs::add(app, kOrg, doc);
    std::cerr << "documents_bench: \"" << added.document.title << "\" version "
              << added.document.version << ", " << added.document.chunks << " chunks\n";
  }
  const std::string& question() { return kQuestions[next++ % kQuestions.size()]; }
};

World& world() {
  static World w;
  return w;
}

double median(const std::vector<double>& v) {
  auto s = v;
  std::sort(s.begin(), s.end());
  return s.empty() ? 0 : s[s.size() / 2];
}
double p95(const std::vector<double>& v) {
  auto s = v;
  std::sort(s.begin(), s.end());
  return s.empty() ? 0 : s[std::min(s.size() - 1, s.size() * 95 / 100)];
}

// One request per sample; p50 and p95 over the samples.
void per_request(benchmark::internal::Benchmark* b) {
  b->Iterations(1)
      ->Repetitions(500)
      ->ReportAggregatesOnly(true)
      ->Unit(benchmark::kMillisecond)
      ->ComputeStatistics("p50", median)
      ->ComputeStatistics("p95", p95)
      ->UseRealTime();
}

void BM_DocumentPassages(benchmark::State& state) {
  auto& w = world();
  size_t found = 0;
  for (auto _ : state) {
    const auto p = w.passages.retrieve(kOrg, w.question(), Role::kStoreManager, 3);
    found += p.size();
    benchmark::DoNotOptimize(p);
  }
  state.counters["passages"] = static_cast<double>(found);
}
BENCHMARK(BM_DocumentPassages)->Apply(per_request);

void BM_RagDocuments(benchmark::State& state) {
  auto& w = world();
  for (auto _ : state) {
    benchmark::DoNotOptimize(w.retriever.retrieve(w.question(), Role::kStoreManager, 5));
  }
}
BENCHMARK(BM_RagDocuments)->Apply(per_request);

void BM_RetrievalStage(benchmark::State& state) {
  auto& w = world();
  for (auto _ : state) {
    const auto& q = w.question();
    benchmark::DoNotOptimize(w.retriever.retrieve(q, Role::kStoreManager, 5));
    benchmark::DoNotOptimize(w.passages.retrieve(kOrg, q, Role::kStoreManager, 3));
  }
}
BENCHMARK(BM_RetrievalStage)->Apply(per_request);

}  // namespace

BENCHMARK_MAIN();
