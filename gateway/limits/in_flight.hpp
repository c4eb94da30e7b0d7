// gateway/limits/in_flight.hpp — how many requests one key (a user) has running at once.
// In: a key. Out: a Slot held for as long as the request runs (an ask answered as JSON, or an
// event stream until its last event), or nothing when the key is at its cap. Slots give their
// place back on destruction, on every path.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace gateway::limits {

class InFlight {
 public:
  explicit InFlight(size_t per_key) : per_key_(per_key < 1 ? 1 : per_key) {}
  InFlight(const InFlight&) = delete;
  InFlight& operator=(const InFlight&) = delete;

  class Slot {
   public:
    Slot(InFlight& owner, std::string key) : owner_(owner), key_(std::move(key)) {}
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    ~Slot() { owner_.release(key_); }

   private:
    InFlight& owner_;
    std::string key_;
  };

  // A slot for key, or nullptr when `per_key` of its requests are already running.
  std::shared_ptr<Slot> acquire(const std::string& key) {
    const std::lock_guard lock(mutex_);
    size_t& running = running_[key];
    if (running >= per_key_) return nullptr;
    ++running;
    return std::make_shared<Slot>(*this, key);
  }

  [[nodiscard]] size_t running(const std::string& key) {
    const std::lock_guard lock(mutex_);
    const auto it = running_.find(key);
    return it == running_.end() ? 0 : it->second;
  }

 private:
  void release(const std::string& key) {
    const std::lock_guard lock(mutex_);
    const auto it = running_.find(key);
    if (it != running_.end() && --it->second == 0) running_.erase(it);
  }

  size_t per_key_;
  std::mutex mutex_;
  std::unordered_map<std::string, size_t> running_;
};

}  // namespace gateway::limits
