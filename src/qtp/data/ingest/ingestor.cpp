#include "qtp/data/ingest/ingestor.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include <fmt/format.h>

#include "qtp/calendar/nyse_calendar.h"
#include "qtp/core/table_ops.h"
#include "qtp/data/store/paths.h"
#include "qtp/data/store/schema.h"

namespace qtp {
namespace {

bool SameBits(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

// Time column of a bar batch, so one template serves 5-minute and daily bars.
const std::vector<TimestampUs>& Times(const Bars5m& b) { return b.ts; }
const std::vector<DateDays>& Times(const Bars1d& b) { return b.date; }
const std::vector<int64_t>& Counts(const Bars5m& b) { return b.trade_count; }
const std::vector<int64_t>& Counts(const Bars1d& b) { return b.n_bars; }

template <typename Batch>
bool SameRow(const Batch& b, size_t i, size_t j) {
  return Times(b)[i] == Times(b)[j] && SameBits(b.open[i], b.open[j]) && SameBits(b.high[i], b.high[j]) &&
         SameBits(b.low[i], b.low[j]) && SameBits(b.close[i], b.close[j]) && SameBits(b.volume[i], b.volume[j]) &&
         SameBits(b.vwap[i], b.vwap[j]) && Counts(b)[i] == Counts(b)[j] && b.source[i] == b.source[j];
}

// Why a row cannot be stored as a bar at all, or empty. Prices/volume must be finite numbers;
// vwap may be missing (NaN) but not infinite. Sign and OHLC-order rules are cleaning's.
template <typename Batch>
std::string Unstorable(const Batch& b, size_t i) {
  std::string bad;
  auto check = [&](const char* name, double v) {
    if (!std::isfinite(v)) bad += fmt::format("{}{}={}", bad.empty() ? "" : " ", name, v);
  };
  check("open", b.open[i]);
  check("high", b.high[i]);
  check("low", b.low[i]);
  check("close", b.close[i]);
  check("volume", b.volume[i]);
  if (std::isinf(b.vwap[i])) bad += fmt::format("{}vwap={}", bad.empty() ? "" : " ", b.vwap[i]);
  return bad;
}

template <typename Batch>
void AppendRowTo(Batch& out, const Batch& in, size_t i) {
  out.push_back(in.row(i), in.source[i]);
}

// Splits a batch into rows to merge (sorted, unique by time) and quarantined rows with reasons.
// Exchange date of a bar's time (5-minute: its New York date; daily: the date itself).
DateDays DateOf(TimestampUs ts) { return NyseCalendar::ExchangeDate(ts); }
DateDays DateOf(DateDays date) { return date; }
int64_t TsOf(TimestampUs ts) { return ts; }
int64_t TsOf(DateDays) { return kNullInt64; }

template <typename Batch>
struct Prepared {
  Batch keep;
  Batch quarantined;
  std::vector<std::string> reasons;
  std::vector<std::string> details;
  Table findings{schema::IngestFindings()};  // one row per (time, rule), in time order
  IngestStats stats;
};

// Adds "count × rule" findings for `time` to `p.findings`.
template <typename Batch, typename TimeT>
void AddFinding(Prepared<Batch>& p, TimeT time, const char* rule, const char* action, size_t count,
                const std::string& detail) {
  if (count == 0) return;
  p.findings.template Column<int32_t>("date").push_back(DateOf(time));
  p.findings.template Column<int64_t>("ts").push_back(TsOf(time));
  p.findings.template Column<std::string>("rule").push_back(rule);
  p.findings.template Column<std::string>("action").push_back(action);
  p.findings.template Column<std::string>("detail").push_back(fmt::format("{} row(s) {}", count, detail));
}

template <typename Batch>
Prepared<Batch> Prepare(Batch in) {
  Prepared<Batch> p;
  p.keep.ticker = in.ticker;
  p.quarantined.ticker = in.ticker;
  const auto& t = Times(in);
  const size_t n = in.size();
  p.stats.rows_in = n;
  std::vector<size_t> order;
  order.reserve(n);
  std::vector<uint8_t> late(n, 0);  // delivered after a row with a later time
  bool strictly_increasing = true;
  for (size_t i = 0; i < n; ++i) {
    if (i > 0 && t[i] <= t[i - 1]) strictly_increasing = false;
    if (i > 0 && t[i] < t[i - 1]) {
      ++p.stats.out_of_order;
      late[i] = 1;
    }
    std::string why = Unstorable(in, i);
    if (!why.empty()) {
      AppendRowTo(p.quarantined, in, i);
      p.reasons.emplace_back("non_finite_value");
      p.details.push_back(std::move(why));
      continue;
    }
    order.push_back(i);
  }
  if (strictly_increasing && p.quarantined.empty()) {  // the common case: a clean feed, kept as it is
    p.keep = std::move(in);
    return p;
  }
  // Stable: among equal times the provider's order is kept, so "last" means last delivered.
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return t[a] < t[b]; });
  p.keep.reserve(order.size());
  for (size_t g = 0; g < order.size();) {
    size_t end = g + 1;
    while (end < order.size() && t[order[end]] == t[order[g]]) ++end;
    const size_t winner = order[end - 1];
    size_t exact = 0, reordered = 0;
    for (size_t k = g; k < end; ++k) reordered += late[order[k]];
    for (size_t k = g; k + 1 < end; ++k) {
      const size_t loser = order[k];
      if (SameRow(in, loser, winner)) {
        ++p.stats.duplicates_exact;
        ++exact;
      } else {
        ++p.stats.duplicates_conflicting;
        AppendRowTo(p.quarantined, in, loser);
        p.reasons.emplace_back("duplicate_conflict");
        p.details.push_back("superseded by a later row with the same timestamp in the same batch");
      }
    }
    AddFinding(p, t[winner], "out_of_order", "sorted", reordered, "delivered after a later bar");
    AddFinding(p, t[winner], "duplicate_exact", "dropped_duplicate", exact, "identical to the kept bar, dropped");
    AppendRowTo(p.keep, in, winner);
    g = end;
  }
  p.stats.quarantined = p.quarantined.size();
  return p;
}

// Quarantine table rows (bar columns + reason + detail), unique by key: identical refused rows
// collapse into one, since storing twice what is already kept adds nothing.
template <typename Batch>
Table QuarantineTable(const TableSpec& spec, const TableSpec& bars_spec, Prepared<Batch>& p) {
  Table bars = schema::ToTable(bars_spec, std::move(p.quarantined));
  Table out(spec);
  for (size_t c = 0; c < bars.columns().size(); ++c) out.columns()[c] = std::move(bars.columns()[c]);
  out.Column<std::string>("reason") = std::move(p.reasons);
  out.Column<std::string>("detail") = std::move(p.details);
  const std::vector<int> key = KeyColumns(spec);
  std::vector<size_t> order(out.num_rows());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return CompareRows(out, a, out, b, key) < 0; });
  std::vector<size_t> unique;
  for (size_t i : order) {
    if (unique.empty() || CompareRows(out, unique.back(), out, i, key) != 0) unique.push_back(i);
  }
  return TakeRows(out, unique);
}

}  // namespace

IngestStats& IngestStats::operator+=(const IngestStats& o) {
  rows_in += o.rows_in;
  rows_added += o.rows_added;
  rows_unchanged += o.rows_unchanged;
  rows_revised += o.rows_revised;
  duplicates_exact += o.duplicates_exact;
  duplicates_conflicting += o.duplicates_conflicting;
  out_of_order += o.out_of_order;
  quarantined += o.quarantined;
  files_written += o.files_written;
  return *this;
}

nlohmann::ordered_json IngestStats::ToJson() const {
  nlohmann::ordered_json j;
  j["rows_in"] = rows_in;
  j["rows_added"] = rows_added;
  j["rows_unchanged"] = rows_unchanged;
  j["rows_revised"] = rows_revised;
  j["duplicates_exact"] = duplicates_exact;
  j["duplicates_conflicting"] = duplicates_conflicting;
  j["out_of_order"] = out_of_order;
  j["quarantined"] = quarantined;
  j["files_written"] = files_written;
  return j;
}

std::string IngestStats::Summary() const {
  return fmt::format(
      "{} rows in: {} added, {} unchanged, {} revised; {} exact duplicates dropped, {} conflicting duplicates "
      "and {} non-storable rows quarantined; {} out of order (sorted); {} files written",
      rows_in, rows_added, rows_unchanged, rows_revised, duplicates_exact, duplicates_conflicting,
      quarantined - duplicates_conflicting, out_of_order, files_written);
}

Ingestor::Ingestor(Store& store) : store_(store) {}

template <typename Batch>
static Result<IngestStats> IngestBatch(Store& store, Batch bars, const TableSpec& bars_spec,
                                       const TableSpec& quarantine_spec, const TableSpec* revisions_spec) {
  if (!paths::IsValidTicker(bars.ticker)) {
    return Status::InvalidArgument(fmt::format("invalid ticker '{}'", bars.ticker));
  }
  const std::string ticker = bars.ticker;
  Prepared<Batch> p = Prepare(std::move(bars));
  IngestStats stats = p.stats;
  if (p.findings.num_rows() > 0) {
    QTP_ASSIGN_OR_RETURN(MergeStats f, store.Merge(schema::IngestFindings(), ticker, std::move(p.findings)));
    stats.files_written += f.files_written;
  }
  if (p.quarantined.size() > 0) {
    QTP_ASSIGN_OR_RETURN(MergeStats q, store.Merge(quarantine_spec, ticker, QuarantineTable(quarantine_spec, bars_spec, p)));
    stats.files_written += q.files_written;
  }
  if (p.keep.empty()) return stats;
  Table replaced(bars_spec);
  QTP_ASSIGN_OR_RETURN(MergeStats m, store.Merge(bars_spec, ticker, schema::ToTable(bars_spec, std::move(p.keep)),
                                                 revisions_spec != nullptr ? &replaced : nullptr));
  stats.rows_added = m.rows_added;
  stats.rows_unchanged = m.rows_unchanged;
  stats.rows_revised = m.rows_replaced;
  stats.files_written += m.files_written;
  if (revisions_spec != nullptr && replaced.num_rows() > 0) {
    Table revisions(*revisions_spec);
    const size_t n = replaced.num_rows();
    for (size_t c = 0; c < replaced.columns().size(); ++c) revisions.columns()[c] = std::move(replaced.columns()[c]);
    revisions.Column<std::string>("revised_by_run").assign(n, store.run_id());
    QTP_ASSIGN_OR_RETURN(MergeStats r, store.Merge(*revisions_spec, ticker, std::move(revisions)));
    stats.files_written += r.files_written;
  }
  return stats;
}

Result<IngestStats> Ingestor::AddBars5m(Bars5m bars) {
  QTP_ASSIGN_OR_RETURN(IngestStats stats, IngestBatch(store_, std::move(bars), schema::RawBars5m(),
                                                      schema::Quarantine5m(), &schema::Revisions5m()));
  totals_ += stats;
  return stats;
}

Result<IngestStats> Ingestor::AddBars1d(Bars1d bars) {
  QTP_ASSIGN_OR_RETURN(IngestStats stats,
                       IngestBatch(store_, std::move(bars), schema::RawBars1d(), schema::Quarantine1d(),
                                   &schema::Revisions1d()));
  totals_ += stats;
  return stats;
}

Status Ingestor::AddCorporateActions(const std::vector<CorporateAction>& actions) {
  std::map<std::string, std::map<std::pair<DateDays, int>, const CorporateAction*>> by_ticker;
  for (const CorporateAction& a : actions) {
    if (!paths::IsValidTicker(a.ticker)) return Status::InvalidArgument(fmt::format("invalid ticker '{}'", a.ticker));
    const bool valid = a.type == CorporateActionType::kSplit ? std::isfinite(a.split_ratio) && a.split_ratio > 0
                                                             : std::isfinite(a.dividend) && a.dividend >= 0;
    if (!valid) {
      return Status::InvalidArgument(fmt::format("{} {} on {}: invalid ratio/amount", a.ticker,
                                                 CorporateActionTypeName(a.type), FormatDate(a.ex_date)));
    }
    by_ticker[a.ticker][{a.ex_date, static_cast<int>(a.type)}] = &a;  // last one for a key wins
  }
  for (const auto& [ticker, keyed] : by_ticker) {
    std::vector<CorporateAction> unique;
    for (const auto& [key, a] : keyed) unique.push_back(*a);
    QTP_ASSIGN_OR_RETURN(MergeStats m, store_.Merge(schema::CorporateActions(), ticker,
                                                    schema::CorporateActionsToTable(unique)));
    totals_.files_written += m.files_written;
  }
  return Status::OK();
}

Status Ingestor::Commit() { return store_.Commit(); }

}  // namespace qtp
