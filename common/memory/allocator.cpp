#include "common/memory/allocator.hpp"

#include <malloc.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

namespace common::memory {

void use_allocator_tunables(char** argv) {
  // NOLINTNEXTLINE(concurrency-mt-unsafe): called before any thread exists.
  if (const char* set = std::getenv("GLIBC_TUNABLES"); set != nullptr) {
    if (std::string_view(set) == kAllocatorTunables) mallopt(M_ARENA_MAX, kArenaMax);
    return;
  }
  const std::string tunables(kAllocatorTunables);
  // NOLINTNEXTLINE(concurrency-mt-unsafe): as above.
  if (setenv("GLIBC_TUNABLES", tunables.c_str(), 1) != 0) return;
  execv("/proc/self/exe", argv);
  // Still here: the program runs on with glibc's defaults (more memory per thread, not wrong).
  std::cerr << "note: could not re-execute with GLIBC_TUNABLES=" << tunables << '\n';
}

void release_free_memory() { malloc_trim(0); }

PeriodicRelease::PeriodicRelease(std::chrono::milliseconds interval)
    : thread_([this, interval](const std::stop_token& stop) {
        std::unique_lock lock(mutex_);
        while (!wake_.wait_for(lock, stop, interval, [] { return false; }) &&
               !stop.stop_requested()) {
          release_free_memory();
          releases_.fetch_add(1);
        }
      }) {}

PeriodicRelease::~PeriodicRelease() {
  thread_.request_stop();  // wakes the wait at once
}

HeapStats heap_stats() {
  const struct mallinfo2 info = mallinfo2();
  return {.in_use_bytes = info.uordblks, .free_bytes = info.fordblks, .mmapped_bytes = info.hblkhd};
}

std::string render_heap_metrics(std::string_view prefix) {
  const auto stats = heap_stats();
  const std::string name = std::string(prefix) + "_heap_bytes";
  std::string out = "# HELP " + name +
                    " malloc's memory: in use, free but kept by its arenas, mmapped blocks.\n"
                    "# TYPE " +
                    name + " gauge\n";
  out += name + "{state=\"in_use\"} " + std::to_string(stats.in_use_bytes) + "\n";
  out += name + "{state=\"free\"} " + std::to_string(stats.free_bytes) + "\n";
  out += name + "{state=\"mmapped\"} " + std::to_string(stats.mmapped_bytes) + "\n";
  return out;
}

}  // namespace common::memory
