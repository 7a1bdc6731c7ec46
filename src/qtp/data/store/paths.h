// Every on-disk name of the store in one place (LevelDB filename.h style). Paths returned here are
// relative to the data dir unless they take it as an argument.
#pragma once

#include <string>

#include "qtp/core/table.h"

namespace qtp::paths {

inline constexpr const char* kManifestFile = "manifest.json";
inline constexpr const char* kLockFile = ".lock";
inline constexpr const char* kStagingDir = ".staging";
inline constexpr const char* kRunsDir = "runs";
inline constexpr const char* kUniverseCsv = "universe/sp500_constituents.csv";
inline constexpr const char* kQualityReportsDir = "reports/quality";

// <dataset>/ticker=T/year=Y/ (or <dataset>/ for unpartitioned datasets).
std::string PartitionDir(const TableSpec& spec, const std::string& ticker, int year);
// <partition dir>/part-<first 16 hex of sha256>.parquet: content-addressed, so a rewrite never
// overwrites a committed file in place.
std::string PartitionFile(const TableSpec& spec, const std::string& ticker, int year, const std::string& sha256);
// True for names PartitionFile() produces ("part-" + 16 hex + ".parquet").
bool IsPartFileName(const std::string& filename);
std::string Join(const std::string& data_dir, const std::string& relative);

// Tickers become folder names: letters, digits and . - _ ^ only, 1–15 characters.
bool IsValidTicker(const std::string& ticker);

}  // namespace qtp::paths
