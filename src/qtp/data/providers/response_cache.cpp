#include "qtp/data/providers/response_cache.h"

#include <filesystem>

#include <fmt/format.h>

#include "qtp/core/file_util.h"

namespace qtp::providers {

std::string ResponseCache::PathOf(const std::string& provider, const std::string& redacted_url) const {
  return fmt::format("{}/{}/{}.body", dir_, provider, Sha256Hex(provider + "\n" + redacted_url));
}

std::optional<std::string> ResponseCache::Lookup(const std::string& provider, const std::string& redacted_url) const {
  if (!enabled()) return std::nullopt;
  const std::string path = PathOf(provider, redacted_url);
  if (!std::filesystem::exists(path)) return std::nullopt;
  Result<std::string> body = ReadFile(path);
  if (!body.ok()) return std::nullopt;  // unreadable entry: fetch again
  return std::move(body).value();
}

Status ResponseCache::Store(const std::string& provider, const std::string& redacted_url,
                            const std::string& body) const {
  if (!enabled()) return Status::OK();
  QTP_RETURN_IF_ERROR(MakeDirs(fmt::format("{}/{}", dir_, provider)));
  return ReplaceFile(PathOf(provider, redacted_url), body);  // a lost entry costs one re-fetch, not data
}

void ResponseCache::Drop(const std::string& provider, const std::string& redacted_url) const {
  if (!enabled()) return;
  std::error_code ec;
  std::filesystem::remove(PathOf(provider, redacted_url), ec);
}

}  // namespace qtp::providers
