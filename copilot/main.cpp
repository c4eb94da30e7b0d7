// copilot — the internal question → answer service.
//
//   copilot [serve]                       HTTP on COPILOT_HOST:COPILOT_PORT (127.0.0.1:8000)
//   copilot check-sql --role R [--stores 1,2] [--risk]   the SQL guardrail for security reviews
//                                         (stdin); --risk adds the risk score (connects to the DB)
//   copilot plan --role R [--stores 1,2] QUESTION   how the embedded planner reads a question
//   copilot seed-rag                      embeds db/seeds/rag/*.json + the semantic model into
//                                         rag_documents (APP_DATABASE_URL)
#include <httplib.h>
#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <thread>

#include "common/config/env.hpp"
#include "common/crypto/secrets.hpp"
#include "common/db/org_transaction.hpp"
#include "common/db/pool.hpp"
#include "common/http/bounded_server.hpp"
#include "common/log/log.hpp"
#include "common/memory/allocator.hpp"
#include "copilot/approvals/approvals.hpp"
#include "copilot/audit/audit.hpp"
#include "copilot/audit/request_ids.hpp"
#include "copilot/catalog/pg_privileges.hpp"
#include "copilot/execution/pg_executor.hpp"
#include "copilot/execution/result_cache.hpp"
#include "copilot/guardrail/check_sql_cli.hpp"
#include "copilot/memory/conversations.hpp"
#include "copilot/policy/org_policies.hpp"
#include "copilot/policy/pg_policy_store.hpp"
#include "copilot/retrieval/rag_seed.hpp"
#include "copilot/retrieval/retriever.hpp"
#include "copilot/risk/pg_risk_sources.hpp"
#include "copilot/workflow/fallback_stages.hpp"
#include "copilot/workflow/guardrail_validation.hpp"
#include "copilot/workflow/http_server.hpp"
#include "copilot/workflow/pipeline.hpp"
#include "copilot/workflow/service_config.hpp"
#include "copilot/workflow/stage_caches.hpp"
#ifdef COPILOT_EMBEDDED_PLANNER
#include "copilot/planning/pg_value_source.hpp"
#include "copilot/workflow/embedded_stages.hpp"
#include "copilot/workflow/plan_cli.hpp"
#endif
#ifdef COPILOT_MODEL_GENERATION
#include "copilot/generation/model_config.hpp"
#include "copilot/semantic/model.hpp"
#include "copilot/workflow/model_generation.hpp"
#endif

namespace {

using copilot::workflow::ServiceConfig;

void usage(std::ostream& out) {
  out << "usage: copilot [serve | check-sql --role ROLE [--stores 1,2] | plan --role ROLE "
         "[--stores 1,2] QUESTION | seed-rag | help]\n";
}

// The data's "now" and the store list, read once through the app connection.
struct DataFacts {
  std::string as_of;
  std::set<int> store_ids;
  std::vector<long long> org_ids;  // every organisation, at start
  std::map<long long, std::string> org_slugs;
};

DataFacts read_facts(common::db::ConnectionPool& app_pool) {
  DataFacts facts;
  auto lease = app_pool.acquire();
  {
    pqxx::nontransaction tx(*lease);
    facts.as_of =
        tx.exec1(
              "SELECT to_char(as_of AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
              "FROM v_data_as_of")[0]
            .as<std::string>();
    facts.org_ids = common::db::all_org_ids(tx);
    for (const auto& row : tx.exec("SELECT org_id, slug FROM orgs")) {
      facts.org_slugs[row[0].as<long long>()] = row[1].as<std::string>();
    }
  }
  // "All stores" for an admin: the stores anyone has access to (Pagila's store table also lists
  // stores without inventory or staff), in every organisation, each read in its own scope.
  for (const auto org : facts.org_ids) {
    common::db::OrgTransaction tx(*lease, org);
    for (const auto& row :
         tx.exec("SELECT DISTINCT store_id FROM app_user_store_access ORDER BY 1")) {
      facts.store_ids.insert(row[0].as<int>());
    }
    tx.commit();
  }
  return facts;
}

int seed_rag() {
  const std::string root = copilot::workflow::find_root();
  const auto url = common::config::env("APP_DATABASE_URL");
  if (!url) throw common::config::ConfigError("APP_DATABASE_URL is not set");
  const std::string rag_dir =
      copilot::workflow::resolve(root, common::config::env_or("RAG_SEED_DIR", "db/seeds/rag"));
  const std::string model_path = copilot::workflow::resolve(
      root, common::config::env_or("SEMANTIC_MODEL_PATH", "copilot/semantic/semantic_model.json"));
  size_t from_model = 0;
  const auto docs = copilot::retrieval::all_seed_docs(rag_dir, model_path, &from_model);
  common::db::ConnectionPool pool(*url, 1);
  copilot::retrieval::HashingEmbedder embedder;
  const size_t written = copilot::retrieval::upsert_docs(pool, embedder, docs);
  std::cout << "seed-rag: " << written << " documents (" << from_model
            << " from the semantic model) embedded with " << embedder.name() << "\n";
  return 0;
}

int serve() {
  const ServiceConfig config = ServiceConfig::from_env(copilot::workflow::find_root());

  // SIGINT/SIGTERM go to one thread that stops the server; everything is then flushed in order.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);
  // malloc's free chunks handed back to the kernel now and then (common/memory/allocator.hpp).
  const common::memory::PeriodicRelease release_free_memory;

  const auto threads = static_cast<size_t>(config.threads);
  common::db::ConnectionPool app_pool(config.app_database_url, threads + 2, std::chrono::seconds(5),
                                      copilot::workflow::kAppSessionSetup);
  // Questions' database (may be a replica, see scripts/replica): connects give up after
  // ANALYTICS_CONNECT_TIMEOUT_S, so an ask fails fast with 503 analytics_unavailable — or runs on
  // ANALYTICS_FALLBACK_DATABASE_URL when that is set — instead of waiting out the request timeout.
  const std::string analytics_url = common::db::with_connect_timeout(
      config.analytics_database_url, config.analytics_connect_timeout_s);
  common::db::RawConnectionPool analytics_pool(analytics_url, threads);
  std::optional<common::db::RawConnectionPool> analytics_fallback_pool;
  if (!config.analytics_fallback_database_url.empty()) {
    analytics_fallback_pool.emplace(
        common::db::with_connect_timeout(config.analytics_fallback_database_url,
                                         config.analytics_connect_timeout_s),
        threads);
  }
  DataFacts facts;
  try {
    facts = read_facts(app_pool);
  } catch (const std::exception& e) {
    common::log::error("startup_failed",
                       {{"reason", "cannot read v_data_as_of / store"}, {"what", e.what()}});
    std::cerr << "copilot: the app database is not reachable ("
              << common::db::redact_url(config.app_database_url) << "): " << e.what() << "\n";
    return 1;
  }

  // The policy: the newest version in policy_versions, seeded from the rules file when there is
  // none (pg_policy_store.hpp says why here), polled for newer versions while the copilot runs.
  // The file's rules are in force until a version is read (and whenever none can be).
  // Each organisation has its own (copilot/policy/org_policies.hpp): every organisation known at
  // start is seeded and read now; one created later, by its first request.
  const auto file_rules = copilot::policy::read_rules_file(config.policy_rules_path);
  copilot::policy::OrgPolicies policy(
      file_rules,
      [&app_pool](long long org) {
        return std::make_unique<copilot::policy::PgPolicyStore>(app_pool, org);
      },
      std::chrono::milliseconds(config.policy_reload_interval_ms),
      "seeded from " +
          std::filesystem::path(config.policy_rules_path).lexically_relative(config.root).string());
  for (const auto org : facts.org_ids) (void)policy.live(org);
  copilot::retrieval::HashingEmbedder embedder;
  copilot::retrieval::PgDocumentIndex index(app_pool);
  copilot::retrieval::Retriever retriever(embedder, index);
  common::SystemClock clock;
  copilot::execution::PgExecutor database(
      analytics_pool, config.statement_timeout_ms, config.result_max_bytes,
      analytics_fallback_pool ? &*analytics_fallback_pool : nullptr);
  copilot::execution::CachingExecutor executor(
      database, static_cast<size_t>(config.result_cache_size),
      std::chrono::seconds(config.result_cache_ttl_s), clock, config.result_cache_max_bytes);
  copilot::memory::PgConversationStore memory(app_pool);
  copilot::memory::PgPreferenceStore preferences(app_pool);
  copilot::retrieval::PgOrgMemorySource org_memory_source(app_pool);
  copilot::audit::BatchingAuditWriter audit(
      app_pool, 128, std::chrono::milliseconds(20), config.audit_queue_max,
      std::chrono::milliseconds(config.audit_backpressure_ms));
  copilot::audit::PgRequestIdLedger request_ids(app_pool);
  copilot::workflow::GuardrailValidation validation;
#ifdef COPILOT_EMBEDDED_PLANNER
  copilot::workflow::EmbeddedStages stages(config.semantic_model_path);
  // Names from the data (films, actors, cities, ...) the planner recognises, refreshed while it
  // runs; questions naming them get a question back until the first load succeeds.
  // Its own connection (libpqxx; the executor's pool is libpq): one load every few minutes.
  common::db::ConnectionPool values_pool(analytics_url, 1);
  copilot::planning::PgValueSource value_source(values_pool);
  copilot::planning::ValueRefresher value_refresher(
      stages.values(), value_source,
      std::chrono::seconds(common::config::env_int("VALUE_INDEX_REFRESH_S", 600, 0, 86400)));
  value_refresher.load_now();
  auto& planning = stages.planning();
  copilot::workflow::GenerationStage* generation = &stages.generation();
  auto& presentation = stages.presentation();
  const char* planner = "embedded_planner";
#ifdef COPILOT_MODEL_GENERATION
  // A configured model writes the SQL (primary, fallbacks, then the embedded planner); with none
  // configured, the embedded path alone, exactly as without this build option.
  auto model_config = copilot::generation::load_model_config();
  model_config.prompt_dir = copilot::workflow::resolve(config.root, model_config.prompt_dir);
  std::unique_ptr<copilot::workflow::ModelGeneration> model_generation;
  if (model_config.enabled()) {
    model_generation = std::make_unique<copilot::workflow::ModelGeneration>(
        model_config, copilot::semantic::load_model(config.semantic_model_path), clock,
        common::config::env_bool("LLM_EXPLAIN_PROBE", true) ? &database : nullptr);
    generation = model_generation.get();
    planner = "models+embedded_planner";
  }
  common::log::info("model_providers", {{"models", model_config.describe()}});
#endif
#else
  copilot::workflow::UnavailablePlanning planning;
  copilot::workflow::UnavailableGeneration unavailable_generation;
  copilot::workflow::GenerationStage* generation = &unavailable_generation;
  copilot::workflow::BasicPresentation presentation;
  const char* planner = "unavailable";
#endif
  // A repeated question is neither re-planned nor re-checked (the stages are pure; see
  // copilot/workflow/stage_caches.hpp).
  const copilot::workflow::StageCacheOptions stage_cache{
      static_cast<size_t>(config.plan_cache_size), std::chrono::seconds(300)};
  copilot::workflow::CachingPlanning cached_planning(planning, clock, stage_cache);
  copilot::workflow::CachingValidation cached_validation(validation, clock, stage_cache);
  // Every statement is scored before it runs: EXPLAIN on the analytics database (the executor
  // itself, not its result cache), thresholds per role from risk_thresholds.
  copilot::risk::PgExplainProbe explain_probe(database, clock);
  copilot::risk::PgThresholdSource thresholds(app_pool, config.risk_threshold_set, clock);
  copilot::risk::RiskScorer risk(explain_probe, thresholds);
  copilot::approvals::PgApprovalQueue approvals(app_pool,
                                                std::chrono::seconds(config.approval_ttl_s));
  // "What can I ask?": each role's catalog from the semantic model, checked against what its
  // reader may SELECT on the analytics database (its own connection, used once a minute at most).
  const auto catalog_model = copilot::semantic::load_model(config.semantic_model_path);
  common::db::ConnectionPool privileges_pool(analytics_url, 1);
  copilot::catalog::PgPrivileges privileges(privileges_pool);
  copilot::catalog::RoleCatalogs catalogs(catalog_model, privileges, clock);
  copilot::retrieval::OrgMemory org_memory(org_memory_source, embedder, clock);
  copilot::retrieval::PgReviewedPairSource reviewed_pairs(app_pool);
  copilot::retrieval::ReviewedExamples reviewed_examples(reviewed_pairs, embedder, clock);
  copilot::retrieval::PgPassageIndex passage_index(app_pool);
  copilot::retrieval::DocumentPassages documents(embedder, passage_index);
  copilot::workflow::Pipeline pipeline({policy,
                                        retriever,
                                        cached_planning,
                                        *generation,
                                        cached_validation,
                                        executor,
                                        presentation,
                                        memory,
                                        audit,
                                        clock,
                                        facts.as_of,
                                        static_cast<size_t>(config.top_k),
                                        &risk,
                                        &approvals,
                                        &catalogs,
                                        &preferences,
                                        &org_memory,
                                        &documents,
                                        facts.org_slugs,
                                        &reviewed_examples});

  // The gateways open connections in bursts (a copilot just started under load): an accept queue
  // of more than httplib's 5 (common/http/bounded_server.hpp).
  common::http::BackloggedServer server;
  // httplib owns the task queue it is handed (its API takes a raw pointer).
  // NOLINTNEXTLINE(cppcoreguidelines-owning-memory): httplib takes ownership of this pointer.
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  copilot::workflow::ServerOptions options;
  options.internal_token = config.internal_token;
  options.all_store_ids =
      facts.store_ids.empty() ? policy.file_policy().known_store_ids() : facts.store_ids;
  copilot::workflow::install_routes(
      server, pipeline, options,
      {[&app_pool] { return app_pool.ping(); }, [&analytics_pool] { return analytics_pool.ping(); },
       facts.as_of, [&audit] { return audit.counters(); }},
      &request_ids, &catalogs, &embedder);

  if (!server.bind_to_port(config.host, config.port)) {
    std::cerr << "copilot: cannot listen on " << config.host << ":" << config.port << "\n";
    return 1;
  }
  if (!server.set_backlog()) {
    common::log::warn("listen_backlog_unchanged",
                      {{"backlog", common::http::BackloggedServer::kBacklog}});
  }
  std::thread stopper([&server, signals] {
    int received = 0;
    sigwait(&signals, &received);
    common::log::info("shutdown", {{"signal", received}});
    server.stop();
  });
  common::log::info("listening",
                    {{"host", config.host},
                     {"port", config.port},
                     {"as_of", facts.as_of},
                     {"planner", planner},
                     {"threads", config.threads},
                     {"statement_timeout_ms", config.statement_timeout_ms},
                     {"organisations", facts.org_ids.size()},
                     {"policy_reload_interval_ms", config.policy_reload_interval_ms},
                     {"result_max_bytes", config.result_max_bytes},
                     {"app_database", common::db::redact_url(config.app_database_url)},
                     {"analytics_database", common::db::redact_url(config.analytics_database_url)},
                     {"analytics_fallback_database",
                      config.analytics_fallback_database_url.empty()
                          ? std::string()
                          : common::db::redact_url(config.analytics_fallback_database_url)}});
  server.listen_after_bind();
  // Stopped by a signal: the stopper has returned. (If listen ended another way, wake it.)
  if (stopper.joinable()) {
    pthread_kill(stopper.native_handle(), SIGINT);  // one of the signals it waits for
    stopper.join();
  }
  audit.flush();
  common::log::info("stopped",
                    {{"audit_written", audit.written()}, {"audit_dropped", audit.dropped()}});
  return 0;
}

// `copilot check-sql`; with --risk it connects to the databases (EXPLAIN as the role's reader,
// thresholds from risk_thresholds), and only then.
int check_sql(const std::vector<std::string>& args) {
  if (std::find(args.begin(), args.end(), "--risk") == args.end()) {
    return copilot::guardrail::run_check_sql(args, std::cin, std::cout);
  }
  const auto analytics_url = common::config::env("ANALYTICS_DATABASE_URL");
  const auto app_url = common::config::env("APP_DATABASE_URL");
  if (!analytics_url || !app_url) {
    throw common::config::ConfigError(
        "--risk needs ANALYTICS_DATABASE_URL and APP_DATABASE_URL (source scripts/lib.sh; "
        "load_env)");
  }
  common::db::RawConnectionPool analytics_pool(*analytics_url, 1);
  common::db::ConnectionPool app_pool(*app_url, 1);
  common::SystemClock clock;
  copilot::execution::PgExecutor database(
      analytics_pool,
      static_cast<int>(common::config::env_int("STATEMENT_TIMEOUT_MS", 5000, 100, 600000)));
  copilot::risk::PgExplainProbe probe(database, clock);
  copilot::risk::PgThresholdSource thresholds(
      app_pool, common::config::env_or("RISK_THRESHOLD_SET", "default"), clock);
  copilot::risk::RiskScorer scorer(probe, thresholds);
  const std::string path = common::config::env_or("RISK_AUTHOR", "embedded_planner");
  // Whose thresholds: organisation 1 (the demo company) unless RISK_ORG_ID names another.
  const long long org = common::config::env_int("RISK_ORG_ID", 1, 1, 1000000000);
  return copilot::guardrail::run_check_sql(
      args, std::cin, std::cout,
      [&](const std::string& sql, copilot::Role role, const std::vector<int>& stores) {
        const auto a = scorer.assess(sql, role, stores, path, org);
        auto j = a.to_json();
        j["explain_ms"] = a.explain_ms;
        return j;
      });
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  const std::string command = args.empty() ? "serve" : args[0];
  if (command == "serve") common::memory::use_allocator_tunables(argv);  // before any thread
  try {
    common::log::init("copilot");
    common::crypto::init_sodium();
    if (command == "serve") return serve();
    if (command == "check-sql") return check_sql(args);
    if (command == "seed-rag") return seed_rag();
#ifdef COPILOT_EMBEDDED_PLANNER
    if (command == "plan") return copilot::workflow::run_plan_cli(args, std::cout, std::cerr);
#endif
    if (command == "help" || command == "--help" || command == "-h") {
      usage(std::cout);
      return 0;
    }
    usage(std::cerr);
    return 2;
  } catch (const common::config::ConfigError& e) {
    std::cerr << "copilot: configuration error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "copilot: " << e.what() << "\n";
    return 1;
  }
}
