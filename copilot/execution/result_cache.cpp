#include "copilot/execution/result_cache.hpp"

namespace copilot::execution {

CachingExecutor::CachingExecutor(SqlExecutor& inner, size_t capacity, std::chrono::seconds ttl,
                                 const common::Clock& clock, size_t max_bytes)
    : inner_(inner), clock_(clock), cache_(capacity, ttl, max_bytes, &CachingExecutor::weigh) {}

size_t CachingExecutor::weigh(const ResultSet& result) {
  size_t bytes = sizeof(ResultSet);
  for (const auto& column : result.columns) {
    bytes += sizeof(Column) + column.name.size() + column.type.size();
  }
  for (const auto& row : result.rows) {
    bytes += sizeof(std::vector<nlohmann::json>);
    for (const auto& cell : row) {
      bytes += sizeof(nlohmann::json);
      if (cell.is_string())
        bytes += sizeof(std::string) + cell.get_ref<const std::string&>().size();
    }
  }
  return bytes;
}

size_t CachingExecutor::bytes() const { return cache_.bytes(); }

std::string CachingExecutor::key_of(const ExecRequest& request) {
  std::string key(role_name(request.role));
  key += '|';
  key += scope_setting(request.store_ids);
  key += '|';
  key += request.fingerprint;
  key += '|';
  key += request.sql;
  return key;
}

size_t CachingExecutor::size() const { return cache_.size(); }

ExecResult CachingExecutor::execute(const ExecRequest& request) {
  if (!cache_.enabled()) return inner_.execute(request);
  const std::string key = key_of(request);
  if (auto hit = cache_.get(key, clock_.steady_now())) return {std::move(*hit), true, ""};
  // Runs outside any lock: a slow query must not hold up cached answers.
  ExecResult fresh = inner_.execute(request);
  fresh.cache_hit = false;
  cache_.put(key, fresh.result, clock_.steady_now());
  return fresh;
}

}  // namespace copilot::execution
