// copilot/core/types.hpp — the values that flow between the copilot's stages.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "copilot/core/roles.hpp"

namespace copilot {

// Who asks, built by the gateway from the verified token and re-validated by the copilot.
struct UserContext {
  std::string user_id;
  std::string username;
  Role role = Role::kFinance;
  std::vector<int> store_ids;  // the user's stores (all stores for admin)
  bool is_all_stores = false;
  // The user's organisation: its policy and thresholds apply, and every app-table read or write
  // for the request is scoped to it (common/db/org_transaction.hpp).
  long long org_id = 0;
};

// One request through the pipeline.
struct Question {
  std::string text;
  std::string request_id;
  std::string conversation_id;  // empty: a new conversation
  std::optional<int> store_id;  // narrows the scope to one of the user's stores
};

// A document returned by retrieval.
struct RetrievedDoc {
  long id = 0;
  std::string key;
  std::string kind;  // schema, metric, dimension, governance, widget, example
  std::string title;
  std::string content;
  double score = 0;  // cosine similarity, 1 = identical
};

struct Column {
  std::string name;
  std::string type;  // PostgreSQL type name: int4, int8, numeric, text, timestamptz, date, ...
};

// Rows of one executed statement. Cells are JSON: numbers for numeric types, strings otherwise,
// null for NULL.
struct ResultSet {
  std::vector<Column> columns;
  std::vector<std::vector<nlohmann::json>> rows;
  bool truncated = false;
};

// One audited stage: what the stage did, for audit rows and SSE events.
struct StageEvent {
  std::string stage;   // policy, rag_retrieval, planning, ... completed, failed
  std::string status;  // ok, refused, failed, skipped, clarify
  double duration_ms = 0;
  nlohmann::json details = nlohmann::json::object();
};

}  // namespace copilot
