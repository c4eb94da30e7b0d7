// common/memory/allocator.hpp — how the services use glibc's malloc, and what it holds.
//
// Measured under the soak (bench/soak.sh, 50 asks/s): each gateway's RSS grew ~0.8 MB a minute
// with no growth in what the program holds (heaptrack from start: peak 1.37 MB live). mallinfo2
// showed malloc's "in use" growing with RSS: the chunks each thread keeps in its own cache
// (tcache, up to 7 per size class of up to 1 KiB, ~230 KB a thread) count as in use, and the
// gateway has a worker thread per connection it may wait on (64+). With the thread caches off
// the same soak stayed flat (in use ~1.2 MB, RSS 20.5 MB from minute 1 to 4) at the same p50.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace common::memory {

// The allocator settings the services run with: per-thread caches off, and at most kArenaMax
// arenas. glibc gives each thread that meets a locked arena one of its own, up to 8 per core: the
// copilot's 8 workers then kept ~1.3 MB each of free-but-kept chunks, growing through a soak
// (free 1.7 → 6 MB while in use stayed at 14 MB); with two arenas free stayed ~1–2 MB at the same
// p50 (malloc's locks are not where a 2-core service waits).
inline constexpr std::string_view kAllocatorTunables = "glibc.malloc.tcache_count=0";
inline constexpr int kArenaMax = 2;

// glibc reads its tunables once, when the process starts: when GLIBC_TUNABLES is not set, sets
// it to kAllocatorTunables and executes this program again with the same arguments (an
// operator's own GLIBC_TUNABLES is left as it is, arenas included). In the process that runs
// with kAllocatorTunables, caps the arenas at kArenaMax (mallopt: set before any thread, so no
// arena beyond it is ever made). Returns only when nothing was re-executed.
// Call first thing in main, before any thread exists.
void use_allocator_tunables(char** argv);

// Gives malloc's free pages back to the kernel (malloc_trim): after a large structure was
// replaced — the value index, reloaded every VALUE_INDEX_REFRESH_S — its old pages stay in the
// process otherwise (measured: +7 MB RSS at each reload under the soak).
void release_free_memory();

// release_free_memory() every `interval`, on a thread of its own, for as long as this lives.
// Measured in the soak (50 asks/s): what malloc held in use stayed flat (copilot ~14 MB) while
// its free-but-kept chunks grew ~0.3 MB a minute, spread over the arenas of the worker threads;
// glibc trims only the top of the main heap by itself, never the middle of an arena.
class PeriodicRelease {
 public:
  static constexpr std::chrono::seconds kInterval{30};
  explicit PeriodicRelease(std::chrono::milliseconds interval = kInterval);
  ~PeriodicRelease();
  PeriodicRelease(const PeriodicRelease&) = delete;
  PeriodicRelease& operator=(const PeriodicRelease&) = delete;
  PeriodicRelease(PeriodicRelease&&) = delete;
  PeriodicRelease& operator=(PeriodicRelease&&) = delete;
  [[nodiscard]] unsigned long long releases() const { return releases_.load(); }

 private:
  std::atomic<unsigned long long> releases_{0};
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::jthread thread_;  // last: stopped and joined first
};

// What malloc holds (glibc's mallinfo2, over every arena): what is handed out (thread caches
// included), what is free but kept, and the mmapped blocks (large ones, outside the arenas).
struct HeapStats {
  size_t in_use_bytes = 0;
  size_t free_bytes = 0;
  size_t mmapped_bytes = 0;
};
HeapStats heap_stats();
// The stats as Prometheus gauges named `<prefix>_heap_bytes{state="in_use|free|mmapped"}`.
std::string render_heap_metrics(std::string_view prefix);

}  // namespace common::memory
