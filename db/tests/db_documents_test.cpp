// Documents are their organisation's, and a passage reaches only the roles its document is tagged
// with, enforced by the database (db/migrations/20261209000100_documents.sql) and the retrieval
// query: these tests connect as the app's login (copilot_app, row-level security applies), store
// a document the way the gateway does (common::docs::add, embeddings from the copilot's
// embedder), then check that another organisation sees and retrieves none of it, that a role the
// document is not tagged with never retrieves it, that a retired version is never retrieved, and
// that the app can neither rewrite nor erase what it stored. A missing server fails; never skips.
#include <gtest/gtest.h>

#include <pqxx/pqxx>
#include <string>

#include "common/config/env.hpp"
#include "common/db/org_transaction.hpp"
#include "common/db/pool.hpp"
#include "common/db/sqlstate.hpp"
#include "common/docs/documents.hpp"
#include "copilot/retrieval/documents.hpp"
#include "copilot/retrieval/embedder.hpp"
#include "db/tests/app_login.hpp"

namespace {

using db_testing::app_url;
using db_testing::kDemo;
using db_testing::kNorthwind;
using db_testing::user_id_of;

using common::db::OrgTransaction;
using copilot::Role;

std::string unique_title(const std::string& stem) {
  return stem + " " + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
}

class Documents : public ::testing::Test {
 protected:
  common::docs::Document store(long long org, const std::string& title,
                               const std::vector<std::string>& roles, const std::string& text) {
    common::docs::NewDocument doc;
    doc.upload = {title, roles, common::docs::Kind::kMarkdown};
    doc.chunks = common::docs::chunk_text(text, doc.upload.kind);
    for (const auto& c : doc.chunks) {
      doc.vectors.push_back(common::docs::vector_text(
          nlohmann::json(embedder_.embed(c.embedding_text())), embedder_.dimensions()));
    }
    doc.size_bytes = doc.text_bytes = text.size();
    doc.sha256 = common::docs::sha256_hex(text);
    doc.embedder = embedder_.name();
    doc.user_id = 1;
    doc.username = "db_test";
    auto added = common::docs::add(pool_, org, doc).document;
    stored_.emplace_back(org, added.id);
    return added;
  }
  void TearDown() override {
    for (const auto& [org, id] : stored_) (void)common::docs::retire(pool_, org, id, 1);
  }
  std::vector<copilot::retrieval::Passage> retrieve(long long org, Role role,
                                                    const std::string& question) {
    return passages_.retrieve(org, question, role, 5, 0.0);
  }
  static bool cites(const std::vector<copilot::retrieval::Passage>& passages, long long id) {
    for (const auto& p : passages) {
      if (p.document_id == id) return true;
    }
    return false;
  }
  long long count_in(long long org, const std::string& sql) {
    OrgTransaction tx(conn_, org);
    return tx.exec1(sql)[0].as<long long>();
  }
  std::string attempt(long long org, const std::string& sql) {
    try {
      OrgTransaction tx(conn_, org);
      tx.exec(sql);
      return "";
    } catch (const pqxx::sql_error& e) {
      return common::db::sqlstate_of(e);
    }
  }

  pqxx::connection conn_{app_url()};
  common::db::ConnectionPool pool_{app_url(), 2};
  copilot::retrieval::HashingEmbedder embedder_;
  copilot::retrieval::PgPassageIndex index_{pool_};
  copilot::retrieval::DocumentPassages passages_{embedder_, index_};
  std::vector<std::pair<long long, long long>> stored_;
};

const std::string kReturns =
    "# Returns\n\nA late return of a rental is charged one dollar for every day it is late.\n";

TEST_F(Documents, AnotherOrganisationNeverSeesNorRetrievesThem) {
  const auto doc = store(kDemo, unique_title("Late returns"), {"admin", "marketing"}, kReturns);
  const std::string where = " WHERE document_id = " + std::to_string(doc.id);
  EXPECT_EQ(count_in(kDemo, "SELECT count(*) FROM documents" + where), 1);
  EXPECT_GE(count_in(kDemo, "SELECT count(*) FROM document_chunks" + where), 1);
  EXPECT_EQ(count_in(kNorthwind, "SELECT count(*) FROM documents" + where), 0);
  EXPECT_EQ(count_in(kNorthwind, "SELECT count(*) FROM document_chunks" + where), 0);
  for (const auto& d : common::docs::live(pool_, kNorthwind)) EXPECT_NE(d.id, doc.id);
  EXPECT_FALSE(common::docs::retire(pool_, kNorthwind, doc.id, 1).has_value());
  EXPECT_TRUE(cites(retrieve(kDemo, Role::kAdmin, "late return of a rental"), doc.id));
  EXPECT_FALSE(cites(retrieve(kNorthwind, Role::kAdmin, "late return of a rental"), doc.id));
  // Nor can it write a chunk into the other organisation's document.
  EXPECT_EQ(
      attempt(
          kNorthwind,
          "INSERT INTO document_chunks (document_id, chunk_index, content, roles, "
          "embedding) SELECT " +
              std::to_string(doc.id) +
              ", 99, 'x', '{admin}', ('[' || repeat('0.1,', 383) || '0.1]')::extensions.vector"),
      "23503");  // the composite foreign key: no such document in this organisation
}

TEST_F(Documents, ARoleNotTaggedNeverRetrievesThem) {
  const auto doc = store(kDemo, unique_title("Late returns"), {"store_manager"}, kReturns);
  EXPECT_TRUE(cites(retrieve(kDemo, Role::kStoreManager, "late return of a rental"), doc.id));
  for (const auto role : {Role::kAdmin, Role::kMarketing, Role::kFinance}) {
    EXPECT_FALSE(cites(retrieve(kDemo, role, "late return of a rental"), doc.id));
  }
}

TEST_F(Documents, ANewVersionRetiresTheOldOneWhichIsKeptButNeverRetrieved) {
  const auto title = unique_title("Late returns");
  const auto first = store(kDemo, title, {"admin"}, kReturns);
  const auto second = store(kDemo, title, {"admin"}, "# Returns\n\nLate returns are free.\n");
  EXPECT_EQ(first.version, 1);
  EXPECT_EQ(second.version, 2);
  const auto passages = retrieve(kDemo, Role::kAdmin, "late return of a rental");
  EXPECT_FALSE(cites(passages, first.id));
  EXPECT_TRUE(cites(passages, second.id));
  EXPECT_EQ(count_in(kDemo,
                     "SELECT count(*) FROM documents WHERE retired_at IS NOT NULL AND "
                     "document_id = " +
                         std::to_string(first.id)),
            1);
  EXPECT_GE(count_in(kDemo,
                     "SELECT count(*) FROM document_chunks WHERE retired AND "
                     "document_id = " +
                         std::to_string(first.id)),
            1);
}

TEST_F(Documents, TheAppCanNeitherRewriteNorEraseThem) {
  const auto doc = store(kDemo, unique_title("Late returns"), {"admin"}, kReturns);
  const auto id = std::to_string(doc.id);
  EXPECT_EQ(attempt(kDemo, "UPDATE documents SET roles = '{marketing}' WHERE document_id = " + id),
            "42501");
  EXPECT_EQ(attempt(kDemo, "UPDATE document_chunks SET content = 'x' WHERE document_id = " + id),
            "42501");
  EXPECT_EQ(attempt(kDemo, "DELETE FROM document_chunks WHERE document_id = " + id), "42501");
  EXPECT_EQ(attempt(kDemo, "DELETE FROM documents WHERE document_id = " + id), "42501");
  // Roles outside the four are refused by the table itself.
  EXPECT_EQ(attempt(kDemo,
                    "INSERT INTO documents (title, version, kind, roles, size_bytes, text_bytes, "
                    "sha256, embedder, created_by, created_by_username) VALUES ('x', 1, 'text', "
                    "'{superuser}', 1, 1, repeat('a', 64), 'e', 1, 'u')"),
            "23514");
}

}  // namespace
