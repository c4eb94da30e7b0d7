// gateway — the public HTTP API of the analytics copilot (see DESIGN.md, "Public HTTP contract").
// Settings come from the environment (gateway/server/config.hpp); an unsafe one stops it here.
#include <csignal>
#include <iostream>
#include <thread>

#include "common/config/env.hpp"
#include "common/crypto/secrets.hpp"
#include "common/log/log.hpp"
#include "common/memory/allocator.hpp"
#include "gateway/server/app.hpp"
#include "gateway/server/config.hpp"

int main(int /*argc*/, char** argv) {
  common::memory::use_allocator_tunables(argv);  // before any thread exists
  common::log::init("gateway");
  gateway::Config config;
  try {
    config = gateway::load_config();
  } catch (const common::config::ConfigError& e) {
    common::log::error("config_refused", {{"reason", e.what()}});
    std::cerr << "gateway: refusing to start: " << e.what() << '\n';
    return 2;
  }
  try {
    common::crypto::init_sodium();
    // SIGINT/SIGTERM are taken by a thread that stops the server cleanly.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
    // malloc's free chunks handed back to the kernel now and then (common/memory/allocator.hpp).
    const common::memory::PeriodicRelease release_free_memory;

    gateway::App app(config);
    std::thread([&app, signals] {
      int received = 0;
      sigwait(&signals, &received);
      common::log::info("gateway_stopping", {{"signal", received}});
      app.stop();
    }).detach();
    if (!app.listen()) {
      common::log::error("listen_failed", {{"host", config.host}, {"port", config.port}});
      std::cerr << "gateway: cannot listen on " << config.host << ':' << config.port << '\n';
      return 1;
    }
    common::log::info("gateway_stopped");
    return 0;
  } catch (const std::exception& e) {
    common::log::error("gateway_failed", {{"what", e.what()}});
    std::cerr << "gateway: " << e.what() << '\n';
    return 1;
  }
}
