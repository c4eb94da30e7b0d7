// common/db/org_transaction.hpp — the one way the services open a transaction on the app
// database's per-organisation tables (db/migrations/20261206000100_orgs_row_level_security.sql).
//
// Row-level security shows a transaction the rows of exactly one organisation: the one named by
// the transaction-local setting app.org_id. OrgTransaction is a pqxx::work that sets it first
// thing (SET LOCAL, so it ends with the transaction and a pooled connection never carries one
// organisation's setting into another's work). Without it the database shows nothing and refuses
// every insert; this is why there is no "unscoped" helper: work that spans organisations
// (policy reloads, background writes) opens one OrgTransaction per organisation.
#pragma once

#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace common::db {

using OrgId = long long;

// The statement that scopes a transaction to `org`. Throws std::invalid_argument for an id that
// is not a valid organisation id (<= 0): a caller that lost its organisation must fail loudly,
// not run unscoped.
std::string org_scope_statement(OrgId org);

// Every organisation's id, ascending (the orgs table is readable without a scope: an
// organisation's id, slug and name are no secret). For work that visits each in turn.
std::vector<OrgId> all_org_ids(pqxx::transaction_base& tx);

class OrgTransaction : public pqxx::work {
 public:
  OrgTransaction(pqxx::connection_base& connection, OrgId org);
  OrgTransaction(const OrgTransaction&) = delete;
  OrgTransaction& operator=(const OrgTransaction&) = delete;
  OrgTransaction(OrgTransaction&&) = delete;
  OrgTransaction& operator=(OrgTransaction&&) = delete;
  ~OrgTransaction() override = default;

  [[nodiscard]] OrgId org() const { return org_; }

 private:
  OrgId org_;
};

// An OrgTransaction that also names the user whose own rows it may see (app.user_id): the
// per-user tables (user_preferences, db/migrations/20261208000100) show a transaction exactly
// its user's rows within its organisation, and refuse every other write.
class UserTransaction : public OrgTransaction {
 public:
  UserTransaction(pqxx::connection_base& connection, OrgId org, long long user);
  [[nodiscard]] long long user() const { return user_; }

 private:
  long long user_;
};

// The statement that names `user` (throws std::invalid_argument for an id <= 0).
std::string user_scope_statement(long long user);

}  // namespace common::db
