#include "common/db/org_transaction.hpp"

#include <stdexcept>

namespace common::db {

std::string org_scope_statement(OrgId org) {
  if (org <= 0) throw std::invalid_argument("an organisation id must be positive");
  // An integer this function formats: nothing from a request reaches the statement's text.
  return "SET LOCAL app.org_id = '" + std::to_string(org) + "'";
}

std::vector<OrgId> all_org_ids(pqxx::transaction_base& tx) {
  std::vector<OrgId> out;
  for (const auto& row : tx.exec("SELECT org_id FROM orgs ORDER BY org_id")) {
    out.push_back(row[0].as<OrgId>());
  }
  return out;
}

// pqxx's transactions inherit namedclass virtually, so the most derived class names itself.
OrgTransaction::OrgTransaction(pqxx::connection_base& connection, OrgId org)
    : pqxx::internal::namedclass("OrgTransaction"), pqxx::work(connection), org_(org) {
  exec0(org_scope_statement(org));
}

std::string user_scope_statement(long long user) {
  if (user <= 0) throw std::invalid_argument("a user id must be positive");
  return "SET LOCAL app.user_id = '" + std::to_string(user) + "'";
}

UserTransaction::UserTransaction(pqxx::connection_base& connection, OrgId org, long long user)
    : pqxx::internal::namedclass("UserTransaction"), OrgTransaction(connection, org), user_(user) {
  exec0(user_scope_statement(user));
}

}  // namespace common::db
