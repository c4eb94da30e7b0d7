// copilot/core/registration.hpp — a move-only handle that undoes a registration when it goes out
// of scope: `owner->unregister(id)`. What registers hands one out (Cancellation::on_cancel,
// DisconnectWatcher::watch).
#pragma once

#include <cstdint>

namespace copilot {

template <typename Owner>
class Registration {
 public:
  Registration() = default;
  Registration(Owner* owner, std::uint64_t id) : owner_(owner), id_(id) {}
  Registration(Registration&& other) noexcept : owner_(other.owner_), id_(other.id_) {
    other.owner_ = nullptr;
  }
  Registration& operator=(Registration&&) = delete;
  Registration(const Registration&) = delete;
  Registration& operator=(const Registration&) = delete;
  ~Registration() {
    if (owner_ != nullptr) owner_->unregister(id_);
  }

 private:
  Owner* owner_ = nullptr;
  std::uint64_t id_ = 0;
};

}  // namespace copilot
