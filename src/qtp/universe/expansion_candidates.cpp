#include "qtp/universe/expansion_candidates.h"

#include <filesystem>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "qtp/core/csv.h"
#include "qtp/core/file_util.h"

namespace qtp::universe {

Result<std::vector<ExpansionCandidate>> ReadExpansionCandidates(const std::string& path) {
  std::vector<ExpansionCandidate> out;
  if (!std::filesystem::exists(path)) return out;
  QTP_ASSIGN_OR_RETURN(const std::string text, ReadFile(path));
  csv::Reader reader(text);
  csv::Record record;
  bool header = true;
  while (reader.Next(record)) {
    const std::string ticker(csv::Trim(record.fields[0]));
    if (ticker.empty() && record.fields.size() == 1) continue;
    if (!ticker.empty() && ticker[0] == '#') continue;
    if (reader.unterminated_quote()) {
      return Status::InvalidArgument(fmt::format("{}:{}: a quoted field is never closed", path, record.line));
    }
    const std::string added(record.fields.size() > 1 ? csv::Trim(record.fields[1]) : std::string_view());
    if (!header && record.fields.size() > 2) {
      return Status::InvalidArgument(
          fmt::format("{}:{}: {} fields where `ticker,added` has 2", path, record.line, record.fields.size()));
    }
    if (header) {
      header = false;
      if (ticker != "ticker" || record.fields.size() > 2 || (record.fields.size() == 2 && added != "added")) {
        return Status::InvalidArgument(fmt::format("{}:{}: the header must be `ticker,added`, not `{}`", path,
                                                   record.line, fmt::join(record.fields, ",")));
      }
      continue;
    }
    if (ticker.empty()) return Status::InvalidArgument(fmt::format("{}:{}: no ticker", path, record.line));
    ExpansionCandidate c{ticker, kNullDate};
    if (!added.empty()) {
      Result<DateDays> date = ParseDate(added);
      if (!date.ok()) return date.status().WithContext(fmt::format("{}:{}", path, record.line));
      c.added = *date;
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace qtp::universe
