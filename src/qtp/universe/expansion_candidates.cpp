#include "qtp/universe/expansion_candidates.h"

#include <filesystem>
#include <sstream>

#include <fmt/format.h>

#include "qtp/core/file_util.h"

namespace qtp::universe {
namespace {

std::string Trimmed(std::string s) {
  const size_t first = s.find_first_not_of(" \t\r");
  const size_t last = s.find_last_not_of(" \t\r");
  return first == std::string::npos ? std::string() : s.substr(first, last - first + 1);
}

}  // namespace

Result<std::vector<ExpansionCandidate>> ReadExpansionCandidates(const std::string& path) {
  std::vector<ExpansionCandidate> out;
  if (!std::filesystem::exists(path)) return out;
  QTP_ASSIGN_OR_RETURN(const std::string text, ReadFile(path));
  std::istringstream lines(text);
  bool header = true;
  int number = 0;
  for (std::string line; std::getline(lines, line);) {
    ++number;
    line = Trimmed(line);
    if (line.empty() || line[0] == '#') continue;
    const size_t comma = line.find(',');
    const std::string ticker = Trimmed(line.substr(0, comma));
    const std::string added = comma == std::string::npos ? "" : Trimmed(line.substr(comma + 1));
    if (header) {
      header = false;
      if (ticker != "ticker" || (comma != std::string::npos && added != "added")) {
        return Status::InvalidArgument(
            fmt::format("{}:{}: the header must be `ticker,added`, not `{}`", path, number, line));
      }
      continue;
    }
    if (ticker.empty()) return Status::InvalidArgument(fmt::format("{}:{}: no ticker", path, number));
    ExpansionCandidate c{ticker, kNullDate};
    if (!added.empty()) {
      Result<DateDays> date = ParseDate(added);
      if (!date.ok()) return date.status().WithContext(fmt::format("{}:{}", path, number));
      c.added = *date;
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace qtp::universe
