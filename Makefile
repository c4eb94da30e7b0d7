# Analytics Copilot — the human entry point. Each target is a thin call into scripts/ or CMake.
SHELL := /bin/bash
JOBS ?= 2
# ccache hits across clones and checkouts: paths are hashed relative to the repository and the
# working directory is left out (it only changes debug-info paths), so CI's fresh clone reuses
# what an earlier build on the same machine compiled.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1

.PHONY: help up down scale test build bench bench-recovery bench-scale bench-limits soak eval fmt lint setup clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

setup: ## install packages, pgvector, npm deps; prepare the database (idempotent)
	@bash scripts/setup

build: setup ## build the C++ services (release) and the web app
	@cmake --preset release >/dev/null && cmake --build --preset release -j $(JOBS)
	@cd web && npm run --silent build >/dev/null

up: build ## install, build and start web, gateway and copilot on the embedded defaults
	@bash -c 'source scripts/lib.sh && load_env && build/release/copilot/copilot seed-rag'
	@bash scripts/start
	@echo; echo "Analytics Copilot is up: http://127.0.0.1:$${WEB_PORT:-3001}  (API: http://127.0.0.1:$${GATEWAY_PORT:-3000})"
	@echo "Logins: admin_user/admin123  manager_store1/manager123  manager_multi/manager123  marketing_user/marketing123  finance_user/finance123  admin_org2/admin2123 (organisation 2)"
	@echo "Stop with: make down"

down: ## stop what make up or make scale started (by recorded pids), and make scale's replica
	@bash scripts/stop

scale: build ## two gateways + two copilots behind the edge, questions on the replica, shared limits
	@bash scripts/scale

test: ## every suite: lint, unit, db, http (release + asan), fuzz, web, contract, e2e
	@bash scripts/test

bench: build ## latency/throughput report (guardrail, retrieval, pipeline, HTTP load)
	@bash scripts/bench

bench-recovery: build ## analytics replica restarted under asks: time until answers return, 5xx
	@bash bench/recovery.sh

soak: build ## 10 min at 50 asks/s, mixed (DURATION, RATE, GATEWAY_URL, REPORT): 0 5xx, audited, RSS flat
	@bash bench/soak.sh

bench-scale: build ## asks/s 1+1 vs 2+2 (cache on/off) behind the edge; a copilot killed under load
	@bash bench/scale_load.sh

bench-limits: build ## shared rate limits: PostgreSQL vs Redis vs memory (acquire p50/p99, asks/s)
	@cmake --build --preset release -j $(JOBS) --target limits_store_load
	@bash bench/limits_store.sh

eval: ## accuracy report on the project's question set (needs make up)
	@cd eval && node run.mjs

fmt: ## format C++ (clang-format) and web (prettier)
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i
	@cd web && npm run --silent format

lint: ## clang-format check, clang-tidy, eslint, prettier, tsc
	@bash scripts/test lint web

clean: ## remove build outputs
	@rm -rf build
