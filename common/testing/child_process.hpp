// common/testing/child_process.hpp — a service binary started by a test, with its output in a
// log file.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace common::testing {

// A child process started with the test's environment plus `env_overrides` (an empty value
// removes the variable), stdin from /dev/null and stdout+stderr into `log_path`; stopped (TERM,
// then KILL) on destruction.
class ChildProcess {
 public:
  ChildProcess(const std::string& path, const std::vector<std::string>& args,
               const std::map<std::string, std::string>& env_overrides,
               const std::string& log_path);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  [[nodiscard]] bool running();
  // Exit code once it ended (128 + signal when killed), waiting at most `wait`; nullopt while
  // still running.
  std::optional<int> exit_code(std::chrono::milliseconds wait);
  // What it printed: all of it, or the last 4000 bytes.
  [[nodiscard]] std::string log() const;
  [[nodiscard]] std::string log_tail() const;
  void stop();
  [[nodiscard]] pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  std::optional<int> status_;
  std::string log_path_;
};

}  // namespace common::testing
