#include "qtp/data/import/membership.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "qtp/core/csv.h"
#include "qtp/data/import/csv_layout.h"
#include "qtp/data/import/ticker.h"

namespace qtp {
namespace {

// "['A', 'B']" → {"A", "B"} (normalised); "" and "[]" → {}.
Result<std::vector<std::string>> ParseListLiteral(std::string_view cell) {
  std::string_view s = csv::Trim(cell);
  std::vector<std::string> out;
  if (s.empty()) return out;
  if (s.size() < 2 || s.front() != '[' || s.back() != ']') {
    return Status::InvalidArgument(fmt::format("'{}' is not a list literal like ['A', 'B']", cell));
  }
  s = s.substr(1, s.size() - 2);
  while (!csv::Trim(s).empty()) {
    const size_t comma = s.find(',');
    std::string_view item = csv::Trim(s.substr(0, comma));
    s = comma == std::string_view::npos ? std::string_view() : s.substr(comma + 1);
    if (item.size() < 2 || (item.front() != '\'' && item.front() != '"') || item.back() != item.front()) {
      return Status::InvalidArgument(fmt::format("list item '{}' in '{}' is not a quoted string", item, cell));
    }
    QTP_ASSIGN_OR_RETURN(std::string ticker, NormalizeTicker(item.substr(1, item.size() - 2)));
    out.push_back(std::move(ticker));
  }
  return out;
}

// YYYY-MM-DD, else YYYY-MM (→ the 1st), anywhere in the file name.
DateDays DateInFileName(const std::string& path) {
  const std::string name = std::filesystem::path(path).filename().string();
  auto digits = [&](size_t at, size_t n) {
    if (at + n > name.size()) return false;
    for (size_t i = at; i < at + n; ++i) {
      if (name[i] < '0' || name[i] > '9') return false;
    }
    return true;
  };
  DateDays best = kNullDate;
  for (size_t i = 0; i + 7 <= name.size(); ++i) {
    if (!digits(i, 4) || name[i + 4] != '-' || !digits(i + 5, 2)) continue;
    if (i + 10 <= name.size() && name[i + 7] == '-' && digits(i + 8, 2)) {
      Result<DateDays> d = ParseDate(std::string_view(name).substr(i, 10));
      if (d.ok()) return *d;
    }
    Result<DateDays> d = ParseDate(name.substr(i, 7) + "-01");
    if (d.ok() && best == kNullDate) best = *d;
  }
  return best;
}

Status CellError(const std::string& path, size_t line, int column, const Status& status) {
  return Status::InvalidArgument(fmt::format("{}:{}:{}: {}", path, line, column + 1, status.message()));
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

Result<std::vector<MembershipEvent>> ParseMembershipChanges(std::string_view text, const std::string& path) {
  csv::Reader reader(text);
  csv::Record record;
  if (!reader.Next(record)) return Status::InvalidArgument(fmt::format("{}: empty file (no header line)", path));
  QTP_ASSIGN_OR_RETURN(CsvLayout layout, DetectLayout(record.fields, path));
  if (layout.kind != CsvKind::kMembershipChanges) {
    return Status::InvalidArgument(
        fmt::format("{}:1: not a membership changes file (expected columns date,added_tickers,removed_tickers)", path));
  }
  std::vector<MembershipEvent> events;
  while (reader.Next(record)) {
    if (record.fields.size() != layout.num_columns) {
      return Status::InvalidArgument(fmt::format("{}:{}: expected {} fields (as in the header), found {}", path,
                                                 record.line, layout.num_columns, record.fields.size()));
    }
    MembershipEvent event;
    event.line = record.line;
    Result<DateDays> date = ParseDate(csv::Trim(record.fields[static_cast<size_t>(layout.time)]));
    if (!date.ok()) return CellError(path, record.line, layout.time, date.status());
    event.date = *date;
    Result<std::vector<std::string>> added = ParseListLiteral(record.fields[static_cast<size_t>(layout.added)]);
    if (!added.ok()) return CellError(path, record.line, layout.added, added.status());
    Result<std::vector<std::string>> removed = ParseListLiteral(record.fields[static_cast<size_t>(layout.removed)]);
    if (!removed.ok()) return CellError(path, record.line, layout.removed, removed.status());
    event.added = std::move(*added);
    event.removed = std::move(*removed);
    events.push_back(std::move(event));
  }
  std::stable_sort(events.begin(), events.end(),
                   [](const MembershipEvent& a, const MembershipEvent& b) { return a.date < b.date; });
  return events;
}

Result<ConstituentsList> ParseConstituents(std::string_view text, const std::string& path) {
  csv::Reader reader(text);
  csv::Record record;
  if (!reader.Next(record)) return Status::InvalidArgument(fmt::format("{}: empty file (no header line)", path));
  QTP_ASSIGN_OR_RETURN(CsvLayout layout, DetectLayout(record.fields, path));
  if (layout.kind != CsvKind::kConstituents) {
    return Status::InvalidArgument(
        fmt::format("{}:1: not a constituents list (expected a symbol/ticker and a sector column)", path));
  }
  ConstituentsList list;
  list.path = path;
  std::set<std::string> seen;
  DateDays latest_snapshot = kNullDate;
  while (reader.Next(record)) {
    if (record.fields.size() != layout.num_columns) {
      return Status::InvalidArgument(fmt::format("{}:{}: expected {} fields (as in the header), found {}", path,
                                                 record.line, layout.num_columns, record.fields.size()));
    }
    Constituent c;
    Result<std::string> ticker = NormalizeTicker(record.fields[static_cast<size_t>(layout.ticker)]);
    if (!ticker.ok()) return CellError(path, record.line, layout.ticker, ticker.status());
    c.ticker = *ticker;
    if (!seen.insert(c.ticker).second) {
      return CellError(path, record.line, layout.ticker,
                       Status::InvalidArgument(fmt::format("ticker {} listed twice", c.ticker)));
    }
    if (layout.name >= 0) c.name = std::string(csv::Trim(record.fields[static_cast<size_t>(layout.name)]));
    c.sector = std::string(csv::Trim(record.fields[static_cast<size_t>(layout.sector)]));
    if (layout.snapshot_date >= 0) {
      Result<DateDays> d = ParseDate(csv::Trim(record.fields[static_cast<size_t>(layout.snapshot_date)]));
      if (!d.ok()) return CellError(path, record.line, layout.snapshot_date, d.status());
      latest_snapshot = latest_snapshot == kNullDate ? *d : std::max(latest_snapshot, *d);
    }
    list.members.push_back(std::move(c));
  }
  list.as_of = latest_snapshot != kNullDate ? latest_snapshot : DateInFileName(path);
  return list;
}

Result<MembershipHistory> ReconstructMembership(const ConstituentsList& current,
                                                const std::vector<MembershipEvent>& events) {
  MembershipHistory history;
  history.events = events.size();
  if (events.empty()) {
    return Status::InvalidArgument("membership reconstruction needs at least one add/remove event");
  }
  history.record_start = events.front().date;
  const DateDays last_event = events.back().date;
  if (current.as_of != kNullDate && current.as_of < last_event) {
    return Status::InvalidArgument(fmt::format(
        "constituents list {} is dated {} but the membership events run to {}: it cannot anchor the backward walk; "
        "use a list dated on or after the last event",
        current.path, FormatDate(current.as_of), FormatDate(last_event)));
  }
  // Tickers that are members after the event being processed, with the end of their open interval.
  std::unordered_map<std::string, DateDays> open;
  for (const Constituent& c : current.members) open.emplace(c.ticker, kNullDate);

  for (auto it = events.rbegin(); it != events.rend(); ++it) {
    std::set<std::string> added(it->added.begin(), it->added.end());
    std::set<std::string> removed(it->removed.begin(), it->removed.end());
    for (auto a = added.begin(); a != added.end();) {
      if (removed.erase(*a) > 0) {
        ++history.renames_collapsed;
        a = added.erase(a);
      } else {
        ++a;
      }
    }
    for (const std::string& t : added) {
      auto member = open.find(t);
      if (member == open.end()) {
        history.warnings.push_back(fmt::format("line {}: {} added on {} but not a member afterwards and no later "
                                               "removal; no interval recorded for this addition",
                                               it->line, t, FormatDate(it->date)));
        continue;
      }
      history.intervals.push_back({t, it->date, member->second, false});
      open.erase(member);
    }
    for (const std::string& t : removed) {
      auto member = open.find(t);
      if (member != open.end()) {
        history.warnings.push_back(fmt::format("line {}: {} removed on {} but already a member afterwards without a "
                                               "later addition; that later interval is taken to start on {}",
                                               it->line, t, FormatDate(it->date), FormatDate(it->date)));
        history.intervals.push_back({t, it->date, member->second, false});
      }
      open[t] = it->date;
    }
  }
  const DateDays censored_start = history.record_start - 1;
  for (const auto& [ticker, end] : open) history.intervals.push_back({ticker, censored_start, end, true});
  std::sort(history.intervals.begin(), history.intervals.end(),
            [](const MembershipInterval& a, const MembershipInterval& b) {
              return a.ticker != b.ticker ? a.ticker < b.ticker : a.start_date < b.start_date;
            });
  return history;
}

std::vector<std::string> MembersOn(const MembershipHistory& history, DateDays date) {
  std::vector<std::string> out;
  for (const MembershipInterval& m : history.intervals) {
    if (m.start_date <= date && (m.end_date == kNullDate || date < m.end_date)) out.push_back(m.ticker);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Constituent> MergeConstituents(std::vector<ConstituentsList> lists) {
  std::stable_sort(lists.begin(), lists.end(),
                   [](const ConstituentsList& a, const ConstituentsList& b) { return a.as_of > b.as_of; });
  std::map<std::string, Constituent> merged;
  for (const ConstituentsList& list : lists) {
    for (const Constituent& c : list.members) merged.emplace(c.ticker, c);
  }
  std::vector<Constituent> out;
  out.reserve(merged.size());
  for (auto& [ticker, c] : merged) out.push_back(std::move(c));
  return out;
}

std::string UniverseCsv(const std::vector<Constituent>& constituents) {
  std::string out = "ticker,name,sector,shares_outstanding\n";
  for (const Constituent& c : constituents) {
    out += fmt::format("{},{},{},\n", CsvField(c.ticker), CsvField(c.name), CsvField(c.sector));
  }
  return out;
}

}  // namespace qtp
