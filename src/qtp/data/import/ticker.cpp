#include "qtp/data/import/ticker.h"

#include <filesystem>

#include <fmt/format.h>

#include "qtp/core/csv.h"

namespace qtp {
namespace {

constexpr size_t kMaxTickerLength = 12;

bool IsDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// "<T>-T-YYYY-MM-DD" after the "DA-" prefix.
bool MatchAlphaVantageName(std::string_view stem, std::string_view& ticker) {
  constexpr std::string_view kPrefix = "DA-";
  constexpr size_t kDateSuffix = std::string_view("-T-YYYY-MM-DD").size();
  if (stem.substr(0, kPrefix.size()) != kPrefix || stem.size() <= kPrefix.size() + kDateSuffix) return false;
  const std::string_view tail = stem.substr(stem.size() - kDateSuffix);
  if (tail.substr(0, 3) != "-T-" || !IsDigits(tail.substr(3, 4)) || tail[7] != '-' || !IsDigits(tail.substr(8, 2)) ||
      tail[10] != '-' || !IsDigits(tail.substr(11, 2))) {
    return false;
  }
  ticker = stem.substr(kPrefix.size(), stem.size() - kPrefix.size() - kDateSuffix);
  return true;
}

}  // namespace

Result<std::string> NormalizeTicker(std::string_view text) {
  std::string_view s = csv::Trim(text);
  const size_t paren = s.find('(');
  if (paren != std::string_view::npos && !s.empty() && s.back() == ')') s = csv::Trim(s.substr(0, paren));
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c >= 'a' && c <= 'z') {
      out.push_back(static_cast<char>(c - 'a' + 'A'));
    } else if (c == '-' || c == '/') {
      out.push_back('.');
    } else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.') {
      out.push_back(c);
    } else {
      return Status::InvalidArgument(fmt::format("invalid ticker '{}': unexpected character '{}'", text, c));
    }
  }
  if (out.empty() || out.size() > kMaxTickerLength) {
    return Status::InvalidArgument(
        fmt::format("invalid ticker '{}': expected 1 to {} characters", text, kMaxTickerLength));
  }
  return out;
}

Result<std::string> TickerFromFileName(const std::string& path) {
  const std::string stem = std::filesystem::path(path).stem().string();
  std::string_view candidate;
  if (!MatchAlphaVantageName(stem, candidate)) {
    candidate = std::string_view(stem).substr(0, stem.find('_'));
  }
  Result<std::string> ticker = NormalizeTicker(candidate);
  if (!ticker.ok()) {
    return Status::InvalidArgument(fmt::format("{}: cannot derive a ticker from the file name ({}); pass --ticker",
                                               path, ticker.status().message()));
  }
  return ticker;
}

}  // namespace qtp
