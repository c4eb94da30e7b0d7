// copilot/workflow/http_server.hpp — the copilot's HTTP edge (internal, loopback by default).
//
//   GET  /health  no token; {status, app_db, analytics_db, as_of, audit:{queued, dropped}}; 503
//                 when a database is down
//   GET  /metrics X-Internal-Token; Prometheus text: audit records written / dropped / waiting,
//                 backpressure waits, requests cancelled by a disconnect, duplicate request ids
//   POST /run     X-Internal-Token (constant time); JSON body {question, request_id?,
//                 conversation_id?, store_id?, user_context:{user_id, username?, role, store_ids,
//                 is_all_stores?}}; the ask result as JSON, or with Accept: text/event-stream one
//                 `event: stage` per stage as it finishes, then `event: result` (or `event:
//                 error`).
//                 A request id (body or X-Request-Id) used before is refused: 409
//                 duplicate_request_id, recorded under a new id (the error's request_id) so the
//                 first request's audit row stays as it was. A client that disconnects cancels
//                 its request (query and model call).
//   POST /rerun   X-Internal-Token; JSON body {request_id, source_request_id, sql, store_ids,
//                 user_context}: an audited statement of the user's own answer run again for an
//                 export (Pipeline::rerun: guardrail for the role today, the reader role, the
//                 user's current stores ∩ store_ids). The columns carry `format` (currency,
//                 number) when they are a measure of the role's catalog.
//   GET  /catalog?role=ROLE  X-Internal-Token; the role's catalog (copilot/catalog/catalog.hpp):
//                 the metrics, dimensions, views and columns it may use, checked against the
//                 database's privileges for its reader role; 422 for an unknown role, 503 when
//                 the privileges cannot be read, 404 when the service has no catalogs.
//   POST /embed   X-Internal-Token; {texts:[string, ...]} (1–64 texts of valid UTF-8, at most
//                 4000 bytes each) → {embedder, dimensions, embeddings:[[float, ...], ...]}: the
//                 embedder retrieval uses, for the gateway's document ingestion (the gateway
//                 never embeds itself); 422 for a bad list, 404 when the service has no embedder.
// Every other route needs the token too. Errors are always {"error":{code,message,request_id}}.
// user_context is validated here; the allowed views come from the role, never from the caller.
#pragma once

#include <httplib.h>

#include <functional>
#include <set>
#include <string>

#include "copilot/audit/request_ids.hpp"
#include "copilot/catalog/role_catalogs.hpp"
#include "copilot/retrieval/embedder.hpp"
#include "copilot/workflow/pipeline.hpp"

namespace copilot::workflow {

struct ServerOptions {
  std::string internal_token;
  std::set<int> all_store_ids;  // what "all stores" means for an admin
  size_t max_body_bytes = 64 * 1024;
  size_t max_question_chars = 2000;
};

// Health probes, so /health needs no knowledge of pools.
struct HealthProbes {
  std::function<bool()> app_db;
  std::function<bool()> analytics_db;
  std::string as_of;
  std::function<audit::AuditCounters()> audit;  // optional: the audit writer's counters
};

// Parses and validates a /run body into a RunRequest (throws common::Error 400/403/422).
RunRequest parse_run_request(const nlohmann::json& body, const std::string& request_id,
                             const ServerOptions& options);

// Parses and validates a /rerun body (throws common::Error 403/422).
RerunRequest parse_rerun_request(const nlohmann::json& body, const std::string& request_id,
                                 const ServerOptions& options);

// Installs the routes on `server`. `request_ids` (optional) refuses a request id used before;
// `catalogs` (optional) serves GET /catalog, `embedder` (optional) POST /embed.
void install_routes(httplib::Server& server, Pipeline& pipeline, const ServerOptions& options,
                    HealthProbes probes, audit::RequestIdLedger* request_ids = nullptr,
                    catalog::RoleCatalogs* catalogs = nullptr,
                    const retrieval::Embedder* embedder = nullptr);

// The texts of a /embed body, checked (Error 422 `texts`).
inline constexpr size_t kMaxEmbedTexts = 64;
inline constexpr size_t kMaxEmbedTextBytes = 4000;
std::vector<std::string> parse_embed_texts(const nlohmann::json& body);

// One SSE frame: "event: NAME\ndata: JSON\n\n".
std::string sse_frame(std::string_view event, const nlohmann::json& data);

}  // namespace copilot::workflow
