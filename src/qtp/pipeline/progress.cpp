#include "qtp/pipeline/progress.h"

#include <cstdio>

#include <fmt/format.h>

namespace qtp {

Progress::Progress(std::string label, std::string unit, bool quiet, std::chrono::milliseconds interval)
    : label_(std::move(label)),
      unit_(std::move(unit)),
      quiet_(quiet),
      interval_(interval),
      start_(std::chrono::steady_clock::now()),
      last_print_(start_) {}

double Progress::ElapsedSeconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::Update(uint64_t done, uint64_t total, uint64_t items, const std::string& items_unit) {
  if (quiet_) return;
  const auto now = std::chrono::steady_clock::now();
  if (done < total && now - last_print_ < interval_) return;
  last_print_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double pct = total > 0 ? 100.0 * static_cast<double>(done) / static_cast<double>(total) : 100.0;
  std::string line = fmt::format("[{}] {}/{} {} ({:.0f}%)", label_, done, total, unit_, pct);
  if (!items_unit.empty()) {
    line += fmt::format(", {} {} ({:.2f}M {}/s)", items, items_unit,
                        elapsed > 0 ? static_cast<double>(items) / elapsed / 1e6 : 0.0, items_unit);
  }
  if (done > 0 && done < total) {
    const double eta = elapsed * static_cast<double>(total - done) / static_cast<double>(done);
    line += fmt::format(", elapsed {:.0f}s, ETA {:.0f}s", elapsed, eta);
  } else {
    line += fmt::format(", {:.1f}s", elapsed);
  }
  std::fprintf(stderr, "%s\n", line.c_str());
}

}  // namespace qtp
