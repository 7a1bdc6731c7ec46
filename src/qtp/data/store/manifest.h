// manifest.json: the single source of truth for which files make up the store.
// Serialised deterministically (entries sorted by path, fixed key order, no timestamps) so that an
// ingest that changes nothing leaves it byte-identical.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "qtp/core/status.h"
#include "qtp/core/time.h"

namespace qtp {

struct ManifestEntry {
  std::string path;        // relative to the data dir, '/'-separated
  std::string dataset;     // TableSpec::name
  std::string ticker;      // empty for unpartitioned datasets
  int year = 0;            // 0 for unpartitioned datasets
  std::string sha256;      // hex of the file bytes
  uint64_t bytes = 0;
  uint64_t rows = 0;
  int64_t min_time = kNullInt64;  // min/max of the time column (µs for timestamps, days for dates)
  int64_t max_time = kNullInt64;
  std::string sources;     // distinct `source` values, comma-separated, sorted
  int schema_version = 1;
  std::string run_id;      // run that wrote this file
};

struct Manifest {
  static constexpr int kFormatVersion = 1;
  std::map<std::string, ManifestEntry> entries;  // by path

  std::string ToJson() const;
  static Result<Manifest> FromJson(const std::string& text, const std::string& origin);
  uint64_t TotalBytes() const;
  // The years (partition keys) `dataset` has files in; {0} for an unpartitioned dataset with a file.
  std::set<int> Years(const std::string& dataset) const;
};

}  // namespace qtp
