#include "qtp/data/import/csv_layout.h"

#include <array>
#include <utility>

#include <fmt/format.h>

#include "qtp/core/csv.h"

namespace qtp {
namespace {

enum class Role { kTime, kOpen, kHigh, kLow, kClose, kVolume, kAdjClose, kVwap, kTradeCount, kDividend, kSplit,
                  kTicker, kSymbol, kName, kSector, kAdded, kRemoved, kNone };

struct Alias {
  std::string_view name;
  Role role;
};

constexpr std::array kAliases = {
    Alias{"date", Role::kTime},           Alias{"timestamp", Role::kTime},
    Alias{"datetime", Role::kTime},       Alias{"date_time", Role::kTime},
    Alias{"time", Role::kTime},           Alias{"open", Role::kOpen},
    Alias{"o", Role::kOpen},              Alias{"high", Role::kHigh},
    Alias{"h", Role::kHigh},              Alias{"low", Role::kLow},
    Alias{"l", Role::kLow},               Alias{"close", Role::kClose},
    Alias{"c", Role::kClose},             Alias{"volume", Role::kVolume},
    Alias{"vol", Role::kVolume},          Alias{"v", Role::kVolume},
    Alias{"adj_close", Role::kAdjClose},  Alias{"adjusted_close", Role::kAdjClose},
    Alias{"adjclose", Role::kAdjClose},   Alias{"vwap", Role::kVwap},
    Alias{"vw", Role::kVwap},             Alias{"trade_count", Role::kTradeCount},
    Alias{"trades", Role::kTradeCount},   Alias{"transactions", Role::kTradeCount},
    Alias{"n", Role::kTradeCount},        Alias{"dividend_amount", Role::kDividend},
    Alias{"dividend", Role::kDividend},   Alias{"dividends", Role::kDividend},
    Alias{"split_coefficient", Role::kSplit}, Alias{"split_ratio", Role::kSplit},
    Alias{"split_factor", Role::kSplit},  Alias{"stock_splits", Role::kSplit},
    Alias{"splits", Role::kSplit},        Alias{"ticker", Role::kTicker},
    Alias{"symbol", Role::kSymbol},       Alias{"name", Role::kName},
    Alias{"security", Role::kName},       Alias{"sector", Role::kSector},
    Alias{"gics_sector", Role::kSector},  Alias{"added_tickers", Role::kAdded},
    Alias{"removed_tickers", Role::kRemoved},
};

Role RoleOf(const std::string& normalized) {
  for (const Alias& a : kAliases) {
    if (a.name == normalized) return a.role;
  }
  return Role::kNone;
}

std::string MissingList(const CsvLayout& l) {
  std::string out;
  const std::array<std::pair<int, std::string_view>, 6> required = {
      {{l.time, "date/time"}, {l.open, "open"}, {l.high, "high"}, {l.low, "low"}, {l.close, "close"},
       {l.volume, "volume"}}};
  for (const auto& [index, label] : required) {
    if (index >= 0) continue;
    if (!out.empty()) out += ", ";
    out += label;
  }
  return out;
}

}  // namespace

std::string NormalizeColumnName(std::string_view name) {
  std::string_view s = csv::Trim(name);
  // Alpha Vantage JSON-style keys: "1. open", "5. volume".
  size_t digits = 0;
  while (digits < s.size() && s[digits] >= '0' && s[digits] <= '9') ++digits;
  if (digits > 0 && digits + 1 < s.size() && s[digits] == '.' && s[digits + 1] == ' ') s.remove_prefix(digits + 2);
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == ' ' || c == '-') {
      out.push_back('_');
    } else if (c >= 'A' && c <= 'Z') {
      out.push_back(static_cast<char>(c - 'A' + 'a'));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

Result<CsvLayout> DetectLayout(const std::vector<std::string>& header, const std::string& path) {
  CsvLayout l;
  l.num_columns = header.size();
  int symbol = -1;
  int name = -1;
  int ticker = -1;
  for (size_t i = 0; i < header.size(); ++i) {
    const Role role = RoleOf(NormalizeColumnName(header[i]));
    int* slot = nullptr;
    switch (role) {
      case Role::kTime: slot = &l.time; break;
      case Role::kOpen: slot = &l.open; break;
      case Role::kHigh: slot = &l.high; break;
      case Role::kLow: slot = &l.low; break;
      case Role::kClose: slot = &l.close; break;
      case Role::kVolume: slot = &l.volume; break;
      case Role::kAdjClose: slot = &l.adj_close; break;
      case Role::kVwap: slot = &l.vwap; break;
      case Role::kTradeCount: slot = &l.trade_count; break;
      case Role::kDividend: slot = &l.dividend; break;
      case Role::kSplit: slot = &l.split; break;
      case Role::kTicker: slot = &ticker; break;
      case Role::kSymbol: slot = &symbol; break;
      case Role::kName: slot = &name; break;
      case Role::kSector: slot = &l.sector; break;
      case Role::kAdded: slot = &l.added; break;
      case Role::kRemoved: slot = &l.removed; break;
      case Role::kNone: break;
    }
    if (slot == nullptr) {
      l.ignored_columns.push_back(header[i]);
      continue;
    }
    if (*slot >= 0) {
      const std::string& earlier = header[static_cast<size_t>(*slot)];
      return Status::InvalidArgument(fmt::format(
          "{}:1:{}: column '{}' has the same meaning as column {} ('{}'); the header is ambiguous", path, i + 1,
          header[i], *slot + 1, earlier));
    }
    *slot = static_cast<int>(i);
  }

  if (l.time >= 0 && l.added >= 0 && l.removed >= 0) {
    l.kind = CsvKind::kMembershipChanges;
    return l;
  }
  if (l.sector >= 0 && (symbol >= 0 || ticker >= 0) && l.open < 0) {
    l.kind = CsvKind::kConstituents;
    l.ticker = symbol >= 0 ? symbol : ticker;
    l.name = name;
    l.snapshot_date = l.time;
    l.time = -1;
    return l;
  }
  // In bar files a "Name" column holds the ticker (Kaggle all_stocks_5yr); explicit ticker/symbol wins.
  l.ticker = ticker >= 0 ? ticker : (symbol >= 0 ? symbol : name);
  for (int unused : {symbol, name}) {
    if (unused >= 0 && unused != l.ticker) l.ignored_columns.push_back(header[static_cast<size_t>(unused)]);
  }
  const std::string missing = MissingList(l);
  if (missing.empty()) {
    l.kind = CsvKind::kBars;
    return l;
  }
  l.kind = CsvKind::kOther;
  std::string written;
  for (const std::string& h : header) written += (written.empty() ? "" : ",") + h;
  l.not_bars_reason = fmt::format("not a bar file: no {} column (header: {})", missing, written);
  return l;
}

}  // namespace qtp
