#include "copilot/workflow/http_server.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>

#include "common/crypto/secrets.hpp"
#include "common/http/http.hpp"
#include "common/ids/ids.hpp"
#include "common/log/log.hpp"
#include "common/memory/allocator.hpp"
#include "common/text/utf8.hpp"
#include "copilot/core/cancellation.hpp"
#include "copilot/workflow/http_server_watch.hpp"

namespace copilot::workflow {
namespace {

using json = nlohmann::json;
using common::Error;

constexpr long kMaxStoreId = 1'000'000;
constexpr size_t kMaxStores = 64;
constexpr size_t kMaxStatementBytes = 20000;
constexpr size_t kMaxPurposeChars = 500;
constexpr size_t kMaxStatementRows = 200;

bool is_integer(const json& v) { return v.is_number_integer() || v.is_number_unsigned(); }

int store_id_of(const json& v, const std::string& field) {
  if (!is_integer(v)) throw Error::invalid_field(field, field + " must be an integer ≥ 1");
  const auto id = v.get<long long>();
  if (id < 1 || id > kMaxStoreId)
    throw Error::invalid_field(field, field + " must be an integer ≥ 1");
  return static_cast<int>(id);
}

long user_id_of(const json& v) {
  const std::string field = "user_context.user_id";
  long long id = 0;
  if (is_integer(v)) {
    id = v.get<long long>();
  } else if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    if (s.empty() || s.size() > 18 ||
        !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      throw Error::invalid_field(field, "user_context.user_id must be a positive integer");
    }
    id = std::stoll(s);
  } else {
    throw Error::invalid_field(field, "user_context.user_id must be a positive integer");
  }
  if (id < 1) throw Error::invalid_field(field, "user_context.user_id must be a positive integer");
  return static_cast<long>(id);
}

// The response's one X-Request-Id (set_header alone would add a second one).
void use_request_id(httplib::Response& res, const std::string& request_id) {
  res.headers.erase(common::http::kRequestIdHeader);
  res.set_header(common::http::kRequestIdHeader, request_id);
}

bool wants_event_stream(const httplib::Request& req) {
  return req.get_header_value("Accept").find("text/event-stream") != std::string::npos;
}

// What the edge counts beyond the audit writer (for /metrics).
struct EdgeCounters {
  std::atomic<std::uint64_t> duplicate_request_ids{0};
};

std::string metrics_text(const audit::AuditCounters& audit, std::uint64_t cancelled,
                         std::uint64_t duplicates) {
  std::string out;
  const auto metric = [&](const char* name, const char* type, const char* help,
                          std::uint64_t value) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n" +
           name + " " + std::to_string(value) + "\n";
  };
  metric("copilot_audit_written_total", "counter", "Audit rows written.", audit.written);
  metric("copilot_audit_dropped_total", "counter",
         "Audit records given up on (full queue after the wait, or unwritable).", audit.dropped);
  metric("copilot_audit_queued", "gauge", "Audit records waiting to be written.", audit.queued);
  metric("copilot_audit_backpressure_waits_total", "counter",
         "Requests that waited for room in a full audit queue.", audit.backpressure_waits);
  metric("copilot_audit_row_fallbacks_total", "counter",
         "Audit batches written record by record after the database refused one.",
         audit.row_fallbacks);
  metric("copilot_audit_rekeyed_total", "counter",
         "Audit records written under a new id because theirs was taken.", audit.rekeyed);
  metric("copilot_requests_cancelled_total", "counter",
         "Requests cancelled because their client disconnected.", cancelled);
  metric("copilot_duplicate_request_ids_total", "counter",
         "Requests refused because their request id was used before.", duplicates);
  out += common::memory::render_heap_metrics("copilot");
  return out;
}

}  // namespace

std::string sse_frame(std::string_view event, const json& data) {
  std::string out = "event: ";
  out += event;
  out += "\ndata: ";
  out += data.dump(-1, ' ', false, json::error_handler_t::replace);  // one line: no raw newlines
  out += "\n\n";
  return out;
}

RunRequest parse_run_request(const json& body, const std::string& request_id,
                             const ServerOptions& options) {
  RunRequest out;
  out.request_id = request_id;

  if (!body.contains("question") || !body["question"].is_string()) {
    throw Error::invalid_field("question", "question must be a non-empty string");
  }
  out.question = body["question"].get<std::string>();
  const bool blank = std::all_of(out.question.begin(), out.question.end(),
                                 [](unsigned char c) { return std::isspace(c) != 0; });
  if (blank) throw Error::invalid_field("question", "question must be a non-empty string");
  if (out.question.size() > options.max_question_chars * 4) {
    throw Error::invalid_field("question", "question is too long");
  }

  if (body.contains("conversation_id") && !body["conversation_id"].is_null()) {
    const auto& c = body["conversation_id"];
    if (!c.is_string() || !common::ids::is_uuid(c.get<std::string>())) {
      throw Error::invalid_field("conversation_id", "conversation_id must be a UUID");
    }
    out.conversation_id = c.get<std::string>();
    std::transform(out.conversation_id.begin(), out.conversation_id.end(),
                   out.conversation_id.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  }

  if (!body.contains("user_context") || !body["user_context"].is_object()) {
    throw Error::invalid_field("user_context", "user_context must be an object");
  }
  const auto& uc = body["user_context"];
  if (!uc.contains("role") || !uc["role"].is_string()) {
    throw Error::invalid_field("user_context.role", "user_context.role must be a known role");
  }
  const auto role = parse_role(uc["role"].get<std::string>());
  if (!role)
    throw Error::invalid_field("user_context.role", "user_context.role must be a known role");
  out.user.role = *role;
  if (!uc.contains("user_id")) {
    throw Error::invalid_field("user_context.user_id",
                               "user_context.user_id must be a positive integer");
  }
  out.user_id = user_id_of(uc["user_id"]);
  out.user.user_id = std::to_string(out.user_id);
  // Required: the copilot never guesses an organisation (the gateway sends the user's).
  if (!uc.contains("org_id") || !uc["org_id"].is_number_integer() ||
      uc["org_id"].get<long long>() < 1) {
    throw Error::invalid_field("user_context.org_id",
                               "user_context.org_id must be a positive integer");
  }
  out.user.org_id = uc["org_id"].get<long long>();
  if (uc.contains("username") && !uc["username"].is_null()) {
    if (!uc["username"].is_string() || uc["username"].get<std::string>().size() > 64) {
      throw Error::invalid_field("user_context.username",
                                 "user_context.username must be a short string");
    }
    out.user.username = uc["username"].get<std::string>();
  }
  bool all_stores = false;
  if (uc.contains("is_all_stores") && !uc["is_all_stores"].is_null()) {
    if (!uc["is_all_stores"].is_boolean()) {
      throw Error::invalid_field("user_context.is_all_stores",
                                 "user_context.is_all_stores must be a boolean");
    }
    all_stores = uc["is_all_stores"].get<bool>();
  }
  if (all_stores && *role != Role::kAdmin) {
    throw Error::invalid_field("user_context.is_all_stores", "only an admin has every store");
  }
  std::vector<int> stores;
  if (uc.contains("store_ids") && !uc["store_ids"].is_null()) {
    if (!uc["store_ids"].is_array() || uc["store_ids"].size() > kMaxStores) {
      throw Error::invalid_field("user_context.store_ids",
                                 "user_context.store_ids must be an array of integers ≥ 1");
    }
    for (const auto& s : uc["store_ids"])
      stores.push_back(store_id_of(s, "user_context.store_ids"));
  }
  if (*role == Role::kAdmin && (all_stores || stores.empty())) {
    stores.insert(stores.end(), options.all_store_ids.begin(), options.all_store_ids.end());
  }
  std::sort(stores.begin(), stores.end());
  stores.erase(std::unique(stores.begin(), stores.end()), stores.end());
  if (stores.empty()) {
    throw Error::invalid_field("user_context.store_ids",
                               "user_context.store_ids must not be empty");
  }
  out.user.store_ids = stores;
  out.user.is_all_stores = all_stores;

  if (body.contains("store_id") && !body["store_id"].is_null()) {
    const int store = store_id_of(body["store_id"], "store_id");
    if (std::find(stores.begin(), stores.end(), store) == stores.end()) {
      throw Error(403, "scope_denied",
                  "store " + std::to_string(store) + " is outside your stores");
    }
    out.store_id = store;
  }
  // Only the gateway's approve route sends one (an ask's body never reaches here as it came).
  if (body.contains("approval_id") && !body["approval_id"].is_null()) {
    const auto& a = body["approval_id"];
    if (!a.is_number_integer() || a.get<long long>() < 1) {
      throw Error::invalid_field("approval_id", "approval_id must be a positive integer");
    }
    out.approval_id = static_cast<long>(a.get<long long>());
  }
  return out;
}

RerunRequest parse_rerun_request(const json& body, const std::string& request_id,
                                 const ServerOptions& options) {
  // The user_context is validated exactly as for /run (one validator).
  json as_run = {{"question", "export"}, {"user_context", body.value("user_context", json())}};
  const RunRequest run = parse_run_request(as_run, request_id, options);
  RerunRequest out;
  out.request_id = request_id;
  out.user = run.user;
  out.user_id = run.user_id;
  const auto source = body.find("source_request_id");
  if (source == body.end() || !source->is_string() ||
      !common::ids::is_safe_request_id(source->get<std::string>())) {
    throw Error::invalid_field("source_request_id", "source_request_id must be a request id");
  }
  out.source_request_id = source->get<std::string>();
  const auto sql = body.find("sql");
  if (sql == body.end() || !sql->is_string() || sql->get_ref<const std::string&>().empty() ||
      sql->get_ref<const std::string&>().size() > options.max_body_bytes) {
    throw Error::invalid_field("sql", "sql must be the statement of an answer");
  }
  out.sql = sql->get<std::string>();
  // What the run is for, named in the audit row's question (export format or report).
  if (const auto purpose = body.find("purpose"); purpose != body.end() && !purpose->is_null()) {
    static const std::set<std::string> kPurposes = {"csv", "xlsx", "json", "report"};
    if (!purpose->is_string() || kPurposes.count(purpose->get<std::string>()) == 0) {
      throw Error::invalid_field("purpose", "purpose must be csv, xlsx, json or report");
    }
    out.purpose = purpose->get<std::string>();
  }
  // The answer's stores that are still the user's; none left means nothing may be shown.
  const auto stores = body.find("store_ids");
  if (stores == body.end() || stores->is_null()) {
    out.store_ids = out.user.store_ids;
  } else {
    if (!stores->is_array()) {
      throw Error::invalid_field("store_ids", "store_ids must be an array of integers ≥ 1");
    }
    for (const auto& s : *stores) {
      if (!s.is_number_integer()) {
        throw Error::invalid_field("store_ids", "store_ids must be an array of integers ≥ 1");
      }
      const auto store = s.get<long long>();
      if (std::find(out.user.store_ids.begin(), out.user.store_ids.end(), store) !=
              out.user.store_ids.end() &&
          std::find(out.store_ids.begin(), out.store_ids.end(), store) == out.store_ids.end()) {
        out.store_ids.push_back(static_cast<int>(store));
      }
    }
  }
  if (out.store_ids.empty()) {
    throw Error(403, "scope_denied", "none of this answer's stores is in your scope any more");
  }
  std::sort(out.store_ids.begin(), out.store_ids.end());
  return out;
}

std::vector<std::string> parse_embed_texts(const json& body) {
  const auto texts = body.find("texts");
  if (texts == body.end() || !texts->is_array() || texts->empty() ||
      texts->size() > kMaxEmbedTexts) {
    throw Error::invalid_field("texts", "texts must be a list of 1 to 64 strings");
  }
  std::vector<std::string> out;
  out.reserve(texts->size());
  for (const auto& t : *texts) {
    if (!t.is_string()) throw Error::invalid_field("texts", "texts must be strings");
    auto text = t.get<std::string>();
    if (text.size() > kMaxEmbedTextBytes) {
      throw Error::invalid_field("texts", "a text to embed must be at most 4000 bytes");
    }
    out.push_back(std::move(text));
  }
  return out;
}

void install_routes(httplib::Server& server, Pipeline& pipeline, const ServerOptions& options,
                    HealthProbes probes, audit::RequestIdLedger* request_ids,
                    catalog::RoleCatalogs* catalogs, const retrieval::Embedder* embedder) {
  // Shared by the handlers (which the server keeps as long as it lives).
  auto watcher = std::make_shared<DisconnectWatcher>();
  auto counters = std::make_shared<EdgeCounters>();
  common::http::install_json_errors(server);
  common::http::use_exclusive_port(server);
  server.set_payload_max_length(options.max_body_bytes);
  // Headers and body leave in separate writes: without TCP_NODELAY, Nagle's algorithm and the
  // gateway's delayed ACK hold every answer back ~40 ms. The gateway keeps its connections
  // open, so allow many requests per connection.
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(10000);

  // The internal token guards every route but /health, before any routing or body parsing.
  server.set_pre_routing_handler(
      [token = options.internal_token](const httplib::Request& req, httplib::Response& res) {
        if (req.path == "/health") return httplib::Server::HandlerResponse::Unhandled;
        if (!common::crypto::constant_time_equal(req.get_header_value("X-Internal-Token"), token)) {
          const auto request_id = common::http::ensure_request_id(req, res);
          common::http::write_error(res, Error::unauthorized("missing or invalid internal token"),
                                    request_id);
          return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
      });

  server.Get("/health", [probes](const httplib::Request& req, httplib::Response& res) {
    common::http::guarded(req, res, [&](const std::string&) {
      const bool app = probes.app_db && probes.app_db();
      const bool analytics = probes.analytics_db && probes.analytics_db();
      json body = {{"status", app && analytics ? "ok" : "degraded"},
                   {"service", "copilot"},
                   {"app_db", app ? "ok" : "down"},
                   {"analytics_db", analytics ? "ok" : "down"},
                   {"as_of", probes.as_of}};
      if (probes.audit) {
        const auto audit = probes.audit();
        body["audit"] = {{"queued", audit.queued}, {"dropped", audit.dropped}};
      }
      common::http::write_json(res, app && analytics ? 200 : 503, body);
    });
  });

  server.Get("/metrics", [probes, watcher, counters](const httplib::Request& req,
                                                     httplib::Response& res) {
    common::http::guarded(req, res, [&](const std::string&) {
      res.status = 200;
      res.set_content(metrics_text(probes.audit ? probes.audit() : audit::AuditCounters{},
                                   watcher->cancelled(), counters->duplicate_request_ids.load()),
                      "text/plain; version=0.0.4");
    });
  });

  server.Get("/catalog", [catalogs](const httplib::Request& req, httplib::Response& res) {
    common::http::guarded(req, res, [&](const std::string&) {
      if (catalogs == nullptr) throw Error::not_found("this service has no catalog");
      const auto role = parse_role(req.has_param("role") ? req.get_param_value("role") : "");
      if (!role) throw Error::invalid_field("role", "role must be a known role");
      common::http::write_json(res, 200, catalogs->for_role(*role));
    });
  });

  server.Post("/rerun",
              [&pipeline, options, catalogs](const httplib::Request& req, httplib::Response& res) {
                common::http::guarded(req, res, [&](const std::string& request_id) {
                  const json body = common::http::parse_json_object(req);
                  RerunRequest rerun;
                  try {
                    rerun = parse_rerun_request(body, request_id, options);
                  } catch (const Error& e) {
                    pipeline.record_rejected(request_id, body, e);
                    throw;
                  }
                  RunResult result = pipeline.rerun(rerun);
                  // Which columns are money (or plain numbers): the measures of the role's catalog,
                  // by the name the SQL compiler gives them (a metric's column is named after the
                  // metric).
                  if (result.http_status == 200 && catalogs != nullptr) {
                    std::map<std::string, std::string> formats;
                    try {
                      const json catalog = catalogs->for_role(rerun.user.role);
                      for (const auto& m : catalog.value("metrics", json::array())) {
                        formats[m.value("name", "")] = m.value("format", "");
                      }
                    } catch (const std::exception& e) {
                      common::log::warn("rerun_formats_unavailable",
                                        {{"request_id", request_id}, {"what", e.what()}});
                    }
                    for (auto& column : result.body["columns"]) {
                      const auto f = formats.find(column.value("name", ""));
                      if (f != formats.end() && !f->second.empty()) column["format"] = f->second;
                    }
                  }
                  common::http::write_json(res, result.http_status, result.body);
                });
              });
  // A person-written statement (a reviewer's correction): guardrail, then the executor, as the
  // user in user_context. The body's user_context is validated exactly like /run's.
  server.Post("/run_statement", [&pipeline, options](const httplib::Request& req,
                                                     httplib::Response& res) {
    common::http::guarded(req, res, [&](const std::string& request_id) {
      const json body = common::http::parse_json_object(req);
      const auto sql = body.find("sql");
      if (sql == body.end() || !sql->is_string() || sql->get_ref<const std::string&>().empty() ||
          sql->get_ref<const std::string&>().size() > kMaxStatementBytes) {
        throw Error::invalid_field("sql", "sql must be a statement of at most 20000 bytes");
      }
      // What the check is for, as its audit row's question: refused when it would not fit
      // rather than cut, so the trail never holds half a purpose (or half a character).
      std::string purpose = "statement check";
      if (const auto p = body.find("purpose"); p != body.end() && !p->is_null()) {
        const auto length = p->is_string()
                                ? common::text::utf8_length(p->get_ref<const std::string&>())
                                : std::nullopt;
        if (!length || *length == 0 || *length > kMaxPurposeChars) {
          throw Error::invalid_field("purpose",
                                     "purpose must be UTF-8 text of 1 to 500 characters");
        }
        purpose = p->get<std::string>();
      }
      json as_run = {{"question", purpose}, {"user_context", body.value("user_context", json())}};
      const RunRequest who = parse_run_request(as_run, request_id, options);
      StatementRequest statement;
      statement.request_id = request_id;
      statement.sql = sql->get<std::string>();
      statement.purpose = purpose;
      statement.user = who.user;
      statement.user_id = who.user_id;
      if (const auto m = body.find("max_rows"); m != body.end() && !m->is_null()) {
        // An out-of-range count is the caller's mistake, said as one (never silently clamped).
        if (!is_integer(*m) || m->get<double>() < 0 ||
            m->get<double>() > static_cast<double>(kMaxStatementRows)) {
          throw Error::invalid_field("max_rows", "max_rows must be an integer from 0 to 200");
        }
        statement.max_rows = m->get<size_t>();
      }
      const RunResult result = pipeline.run_statement(statement);
      common::http::write_json(res, result.http_status, result.body);
    });
  });
  server.Post("/embed", [embedder](const httplib::Request& req, httplib::Response& res) {
    common::http::guarded(req, res, [&](const std::string&) {
      if (embedder == nullptr) throw Error::not_found("this service has no embedder");
      const auto texts = parse_embed_texts(common::http::parse_json_object(req));
      json embeddings = json::array();
      for (const auto& text : texts) embeddings.push_back(embedder->embed(text));
      common::http::write_json(res, 200,
                               {{"embedder", embedder->name()},
                                {"dimensions", embedder->dimensions()},
                                {"embeddings", std::move(embeddings)}});
    });
  });

  server.Post("/run", [&pipeline, options, request_ids, watcher, counters](
                          const httplib::Request& req, httplib::Response& res) {
    common::http::guarded(req, res, [&](const std::string& header_request_id) {
      const json body = common::http::parse_json_object(req);
      std::string request_id = header_request_id;
      // An id the caller chose (not one minted here) must not have been used before.
      bool chosen = req.get_header_value(common::http::kRequestIdHeader) == header_request_id;
      if (body.contains("request_id") && body["request_id"].is_string() &&
          common::ids::is_safe_request_id(body["request_id"].get<std::string>())) {
        request_id = body["request_id"].get<std::string>();
        use_request_id(res, request_id);
        chosen = true;
      }
      if (chosen && request_ids != nullptr && !request_ids->claim(request_id)) {
        // Refused, and recorded under an id of its own: the first request's row stays as it is.
        const std::string fresh = common::ids::new_uuid();
        ++counters->duplicate_request_ids;
        const Error duplicate(
            409, "duplicate_request_id",
            "request id " + request_id + " was already used; this request is recorded as " + fresh,
            {{"duplicate_request_id", request_id}});
        common::log::warn("duplicate_request_id",
                          {{"request_id", fresh}, {"duplicate_request_id", request_id}});
        pipeline.record_rejected(fresh, body, duplicate);
        use_request_id(res, fresh);
        common::http::write_error(res, duplicate, fresh);
        return;
      }
      RunRequest run;
      try {
        run = parse_run_request(body, request_id, options);
      } catch (const Error& e) {
        pipeline.record_rejected(request_id, body, e);  // audited like every other request
        throw;
      }
      common::log::info("run_start", {{"request_id", run.request_id},
                                      {"role", role_name(run.user.role)},
                                      {"stream", wants_event_stream(req)}});
      if (wants_event_stream(req)) {
        res.status = 200;
        res.set_header("Cache-Control", "no-cache");
        res.set_header("X-Accel-Buffering", "no");
        res.set_chunked_content_provider(
            "text/event-stream", [pipe = &pipeline, run, watcher, socket = connection_socket(req)](
                                     size_t, httplib::DataSink& sink) {
              // The provider runs on the connection's own thread after the handler returned.
              Cancellation cancellation;
              const Cancellation::Scope scope(cancellation);
              const auto watch = watcher->watch(socket, cancellation, run.request_id);
              bool open = true;
              const auto send = [&](const std::string& frame) {
                if (open) open = sink.write(frame.data(), frame.size());
              };
              RunResult result = pipe->run(run, [&](const StageEvent& e) {
                send(sse_frame("stage", {{"stage", e.stage},
                                         {"status", e.status},
                                         {"duration_ms", e.duration_ms},
                                         {"details", e.details}}));
              });
              send(sse_frame(result.http_status < 300 ? "result" : "error", result.body));
              sink.done();
              return true;
            });
        return;
      }
      Cancellation cancellation;
      const Cancellation::Scope scope(cancellation);
      const auto watch = watcher->watch(connection_socket(req), cancellation, run.request_id);
      RunResult result = pipeline.run(run);
      common::http::write_json(res, result.http_status, result.body);
    });
  });
}

}  // namespace copilot::workflow
