// `qtp verify`: re-hashes every file the manifest lists and compares size and SHA-256.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "qtp/core/status.h"

namespace qtp {

struct VerifyReport {
  struct Problem {
    std::string path;
    std::string what;  // "missing", "size mismatch", "sha256 mismatch", "unreadable manifest"
  };
  size_t files_checked = 0;
  uint64_t bytes_checked = 0;
  std::vector<Problem> problems;
  // Store-named files the manifest does not list: leftovers of an interrupted write. Harmless
  // (readers never see them; the next writer removes them), so reported but not a failure.
  std::vector<std::string> unlisted;

  bool ok() const { return problems.empty(); }
  std::string ToJson() const;
  std::string ToText() const;
};

// Reads <data_dir>/manifest.json itself (no lock: verify is read-only and may run beside a writer;
// a file replaced mid-check then shows up as a problem, so run it when no writer is active).
Result<VerifyReport> VerifyStore(const std::string& data_dir, const std::function<void(size_t, size_t)>& progress = {});

}  // namespace qtp
