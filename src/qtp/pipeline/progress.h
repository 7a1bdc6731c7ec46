// Progress lines for long-running commands: at most one line every `interval` (and at 100%), on
// stderr, with rate and ETA; silent when quiet. Thread-compatible (call from one thread).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace qtp {

class Progress {
 public:
  Progress(std::string label, std::string unit, bool quiet,
           std::chrono::milliseconds interval = std::chrono::milliseconds(2000));
  // `done` units of `total` (commands often learn the total only in their first callback);
  // `items` is a secondary counter shown with its rate (e.g. bars).
  void Update(uint64_t done, uint64_t total, uint64_t items = 0, const std::string& items_unit = "");
  double ElapsedSeconds() const;

 private:
  std::string label_;
  std::string unit_;
  bool quiet_;
  std::chrono::milliseconds interval_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_print_;
};

}  // namespace qtp
