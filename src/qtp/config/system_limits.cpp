#include "qtp/config/system_limits.h"

#include <filesystem>
#include <system_error>

#include <fmt/format.h>

namespace qtp::config {

namespace {

constexpr double kBytesPerGb = 1e9;

double Gb(uint64_t bytes) { return static_cast<double>(bytes) / kBytesPerGb; }

}  // namespace

void DescribeParams(Section& section, SystemLimits& limits) {
  section.Param("storage_cap_gb", limits.storage_cap_gb,
                "Largest size of the data directory in GB (1e9 bytes); a write that would pass it is refused",
                0.001, 100000.0);
  section.Param("min_free_disk_gb", limits.min_free_disk_gb,
                "Free disk space in GB that must remain after any write", 0.0, 100000.0);
  section.Param("runtime_cap_minutes", limits.runtime_cap_minutes,
                "Longest wall-clock time of one command in minutes; the command stops with an error past it", 0.1,
                100000.0);
  section.Param("api_calls_per_day", limits.api_calls_per_day,
                "Data-provider API calls allowed in any rolling 24 hours, all providers together", 1, 100000000);
  section.Param("api_calls_per_minute", limits.api_calls_per_minute,
                "Data-provider API calls allowed in any rolling 60 seconds, all providers together", 1, 1000000);
  section.Param("max_tickers", limits.max_tickers, "Most tickers one simulate/import/clean run may process", 1,
                100000);
  section.Rule("api_calls_per_minute <= api_calls_per_day",
               [&limits] { return limits.api_calls_per_minute <= limits.api_calls_per_day; });
}

Status CheckStorage(uint64_t bytes_after_write, const SystemLimits& limits) {
  if (Gb(bytes_after_write) <= limits.storage_cap_gb) return Status::OK();
  return Status::LimitExceeded(
      fmt::format("storage cap reached: the data directory would grow to {:.3f} GB, above storage_cap_gb = {} in {}; "
                  "raise the cap or remove data",
                  Gb(bytes_after_write), limits.storage_cap_gb, kSystemLimitsFile));
}

Status CheckFreeDisk(const std::string& path, uint64_t bytes_to_write, const SystemLimits& limits) {
  std::error_code ec;
  const std::filesystem::space_info space = std::filesystem::space(path, ec);
  if (ec) return Status::IOError(fmt::format("{}: cannot read free disk space: {}", path, ec.message()));
  const double free_after = Gb(space.available) - Gb(bytes_to_write);
  if (free_after >= limits.min_free_disk_gb) return Status::OK();
  return Status::LimitExceeded(
      fmt::format("disk almost full: writing {:.3f} GB under {} would leave {:.3f} GB free, below "
                  "min_free_disk_gb = {} in {}",
                  Gb(bytes_to_write), path, free_after, limits.min_free_disk_gb, kSystemLimitsFile));
}

Status CheckTickerCount(int64_t tickers, const SystemLimits& limits) {
  if (tickers <= limits.max_tickers) return Status::OK();
  return Status::LimitExceeded(fmt::format("{} tickers requested, above max_tickers = {} in {}", tickers,
                                           limits.max_tickers, kSystemLimitsFile));
}

// --- RuntimeBudget ---------------------------------------------------------------------------------

RuntimeBudget::RuntimeBudget(const SystemLimits& limits, SteadyNow now)
    : cap_(limits.runtime_cap_minutes * 60.0), now_(std::move(now)), start_(now_()) {}

std::chrono::duration<double> RuntimeBudget::Elapsed() const { return now_() - start_; }

Status RuntimeBudget::Check() const {
  const std::chrono::duration<double> elapsed = Elapsed();
  if (elapsed <= cap_) return Status::OK();
  return Status::LimitExceeded(fmt::format(
      "runtime cap reached: the command has run {:.1f} min, above runtime_cap_minutes = {} in {}; stopping (work "
      "already stored is kept; re-run to continue)",
      elapsed.count() / 60.0, cap_.count() / 60.0, kSystemLimitsFile));
}

}  // namespace qtp::config
