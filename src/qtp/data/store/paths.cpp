#include "qtp/data/store/paths.h"

#include <fmt/format.h>

namespace qtp::paths {

std::string PartitionDir(const TableSpec& spec, const std::string& ticker, int year) {
  if (spec.partitioning == Partitioning::kNone) return spec.path;
  if (spec.partitioning == Partitioning::kYear) return fmt::format("{}/year={}", spec.path, year);
  return fmt::format("{}/ticker={}/year={}", spec.path, ticker, year);
}

std::string PartitionFile(const TableSpec& spec, const std::string& ticker, int year, const std::string& sha256) {
  return fmt::format("{}/part-{}.parquet", PartitionDir(spec, ticker, year), sha256.substr(0, 16));
}

bool IsPartFileName(const std::string& filename) {
  static constexpr size_t kLength = 5 + 16 + 8;  // "part-" + hex + ".parquet"
  if (filename.size() != kLength || filename.compare(0, 5, "part-") != 0 ||
      filename.compare(21, 8, ".parquet") != 0) {
    return false;
  }
  for (size_t i = 5; i < 21; ++i) {
    const char c = filename[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string Join(const std::string& data_dir, const std::string& relative) {
  if (data_dir.empty()) return relative;
  return data_dir.back() == '/' ? data_dir + relative : data_dir + "/" + relative;
}

bool IsValidTicker(const std::string& ticker) {
  if (ticker.empty() || ticker.size() > 15) return false;
  for (char c : ticker) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '-' || c == '_' || c == '^';
    if (!ok) return false;
  }
  return ticker != "." && ticker != "..";
}

}  // namespace qtp::paths
