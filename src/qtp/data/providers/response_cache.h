// The raw-response cache, <data dir>/staging/cache/<provider>/<sha256>.body: a re-run of the same
// request (same provider, same URL without its secrets) is answered from disk, costing no API call.
// Only bodies the connector accepted are stored, so a malformed or refused reply is never replayed.
#pragma once

#include <optional>
#include <string>

#include "qtp/core/status.h"

namespace qtp::providers {

class ResponseCache {
 public:
  // `dir` empty = caching off.
  explicit ResponseCache(std::string dir) : dir_(std::move(dir)) {}

  // `redacted_url` must already have its secrets replaced: the key is its SHA-256.
  std::optional<std::string> Lookup(const std::string& provider, const std::string& redacted_url) const;
  Status Store(const std::string& provider, const std::string& redacted_url, const std::string& body) const;
  void Drop(const std::string& provider, const std::string& redacted_url) const;
  bool enabled() const { return !dir_.empty(); }

 private:
  std::string PathOf(const std::string& provider, const std::string& redacted_url) const;
  std::string dir_;
};

}  // namespace qtp::providers
