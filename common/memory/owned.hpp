// common/memory/owned.hpp — the owner of a C library's handle: a std::unique_ptr that frees it
// with the library's own function, on every path.
//
//   using Conninfo = common::Owned<PQconninfoOption, PQconninfoFree>;
#pragma once

#include <memory>

namespace common {

template <auto Free>
struct FreeWith {
  template <typename T>
  void operator()(T* handle) const {
    Free(handle);
  }
};

template <typename T, auto Free>
using Owned = std::unique_ptr<T, FreeWith<Free>>;

}  // namespace common
