#include "qtp/data/import/bar_file.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <optional>
#include <utility>
#include <unordered_map>

#include <fmt/format.h>

#include "qtp/core/csv.h"
#include "qtp/data/import/csv_layout.h"
#include "qtp/data/import/ticker.h"
#include "qtp/data/import/timestamp.h"

namespace qtp {
namespace {

constexpr int64_t k5mMicros = 5 * kMicrosPerMinute;
constexpr int64_t k1mMicros = kMicrosPerMinute;
// Spacing at or above this is read as daily bars (a weekday-to-weekday step is 24 h).
constexpr int64_t kMinDailySpacing = 20 * 60 * kMicrosPerMinute;
// Rows inspected to find the bar spacing.
constexpr size_t kSpacingProbeRows = 2000;
constexpr int kSessionOpenMinute = 9 * 60 + 30;
constexpr int kSessionCloseMinute = 16 * 60;
// Split coefficients like 7.00000700001 are real splits; 1 ± this is "no split".
constexpr double kNoSplitTolerance = 1e-6;

enum class Cell { kOk, kMissing, kBad };

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const char x = (a[i] >= 'A' && a[i] <= 'Z') ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    if (x != b[i]) return false;
  }
  return true;
}

bool IsMissingToken(std::string_view s) {
  for (std::string_view token : {"", "null", "nan", "na", "n/a", ".", "none"}) {
    if (EqualsNoCase(s, token)) return true;
  }
  return false;
}

Cell ParseNumber(std::string_view raw, double& out) {
  const std::string_view s = csv::Trim(raw);
  out = kNaN;
  if (IsMissingToken(s)) return Cell::kMissing;
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size() || !std::isfinite(v)) return Cell::kBad;
  out = v;
  return Cell::kOk;
}

// One data row after cell parsing, before the interval is known.
struct PendingRow {
  size_t line = 0;
  size_t ticker = 0;  // index into the file's ticker list
  ParsedTime time;
  double open = kNaN, high = kNaN, low = kNaN, close = kNaN, volume = kNaN, vwap = kNaN;
  int64_t trade_count = kNullInt64;
  double dividend = kNaN, split = kNaN;
};

class FileParser {
 public:
  FileParser(std::string_view text, const std::string& path, const CsvImportOptions& options)
      : reader_(text), path_(path), options_(options) {}

  Result<ParsedBarFile> Run();

 private:
  Status ReadHeader();
  Status ReadRows();
  void ParseRow(const csv::Record& record);
  Result<BarInterval> DecideInterval() const;
  void Build5m();
  void Build1d();
  void AddActions(const PendingRow& row, DateDays date);
  Status CheckBadFraction() const;

  void Problem(size_t line, int column, RowProblemKind kind, std::string message) {
    out_.problems.push_back({line, column < 0 ? 0 : static_cast<size_t>(column) + 1, kind, std::move(message)});
  }
  std::string ColumnName(int column) const { return header_[static_cast<size_t>(column)]; }

  csv::Reader reader_;
  const std::string& path_;
  const CsvImportOptions& options_;
  std::vector<std::string> header_;
  CsvLayout layout_;
  std::optional<TimeZone> zone_;
  std::optional<TimeZone> new_york_;  // the exchange's zone: session-edge checks and action dates
  std::vector<std::string> tickers_;
  std::unordered_map<std::string, size_t> ticker_index_;
  std::vector<PendingRow> rows_;
  ParsedBarFile out_;
};

Status FileParser::ReadHeader() {
  csv::Record record;
  if (!reader_.Next(record)) return Status::InvalidArgument(fmt::format("{}: empty file (no header line)", path_));
  const std::string_view first = csv::Trim(record.fields.front());
  if (!first.empty() && (first.front() == '{' || first.front() == '[' || first.front() == '<')) {
    return Status::NotSupported(fmt::format(
        "{}: not a bar file: the content starts with '{}' (JSON/HTML, e.g. a provider error reply), not a CSV header",
        path_, first.front()));
  }
  header_ = record.fields;
  QTP_ASSIGN_OR_RETURN(layout_, DetectLayout(header_, path_));
  switch (layout_.kind) {
    case CsvKind::kBars:
      break;
    case CsvKind::kMembershipChanges:
      return Status::NotSupported(fmt::format("{}: not a bar file: an index membership changes file", path_));
    case CsvKind::kConstituents:
      return Status::NotSupported(fmt::format("{}: not a bar file: an index constituents list", path_));
    case CsvKind::kOther:
      return Status::NotSupported(fmt::format("{}: {}", path_, layout_.not_bars_reason));
  }
  out_.ignored_columns = layout_.ignored_columns;
  if (layout_.ticker < 0) {
    Result<std::string> ticker =
        options_.ticker.empty() ? TickerFromFileName(path_) : NormalizeTicker(options_.ticker);
    if (!ticker.ok()) return ticker.status();
    tickers_.push_back(*ticker);
    ticker_index_.emplace(*ticker, 0);
  }
  return Status::OK();
}

void FileParser::ParseRow(const csv::Record& record) {
  const size_t line = record.line;
  const auto& f = record.fields;
  ++out_.data_rows;
  if (reader_.unterminated_quote()) {
    ++out_.rows_rejected;
    Problem(line, -1, RowProblemKind::kRejected, "unterminated quoted field");
    return;
  }
  if (f.size() != layout_.num_columns) {
    ++out_.rows_rejected;
    Problem(line, -1, RowProblemKind::kRejected,
            fmt::format("expected {} fields (as in the header), found {}", layout_.num_columns, f.size()));
    return;
  }
  PendingRow row;
  row.line = line;
  Result<ParsedTime> time = ParseTimeCell(csv::Trim(f[static_cast<size_t>(layout_.time)]));
  if (!time.ok()) {
    ++out_.rows_rejected;
    Problem(line, layout_.time, RowProblemKind::kRejected,
            fmt::format("column '{}': {}", ColumnName(layout_.time), time.status().message()));
    return;
  }
  row.time = *time;
  if (layout_.ticker >= 0) {
    Result<std::string> ticker = NormalizeTicker(f[static_cast<size_t>(layout_.ticker)]);
    if (!ticker.ok()) {
      ++out_.rows_rejected;
      Problem(line, layout_.ticker, RowProblemKind::kRejected,
              fmt::format("column '{}': {}", ColumnName(layout_.ticker), ticker.status().message()));
      return;
    }
    auto [it, inserted] = ticker_index_.emplace(*ticker, tickers_.size());
    if (inserted) tickers_.push_back(*ticker);
    row.ticker = it->second;
  }

  bool missing = false;
  bool bad = false;
  auto number = [&](int column, double& value, bool required) {
    if (column < 0) return;
    const std::string& cell = f[static_cast<size_t>(column)];
    switch (ParseNumber(cell, value)) {
      case Cell::kOk:
        return;
      case Cell::kMissing:
        if (!required) return;
        missing = true;
        Problem(line, column, RowProblemKind::kMissingValue,
                fmt::format("column '{}': missing value", ColumnName(column)));
        return;
      case Cell::kBad:
        bad = true;
        Problem(line, column, RowProblemKind::kBadValue,
                fmt::format("column '{}': '{}' is not a number", ColumnName(column), cell));
        return;
    }
  };
  number(layout_.open, row.open, true);
  number(layout_.high, row.high, true);
  number(layout_.low, row.low, true);
  number(layout_.close, row.close, true);
  number(layout_.volume, row.volume, true);
  number(layout_.vwap, row.vwap, false);
  double trades = kNaN;
  number(layout_.trade_count, trades, false);
  if (std::isfinite(trades)) row.trade_count = static_cast<int64_t>(std::llround(trades));
  number(layout_.dividend, row.dividend, false);
  number(layout_.split, row.split, false);
  for (auto [column, value] : {std::pair{layout_.dividend, &row.dividend}, std::pair{layout_.split, &row.split}}) {
    if (*value < 0) {
      bad = true;
      Problem(line, column, RowProblemKind::kBadValue, fmt::format("column '{}': negative value", ColumnName(column)));
      *value = kNaN;
    }
  }
  if (missing) ++out_.rows_with_missing_values;
  if (bad) ++out_.rows_with_bad_values;
  rows_.push_back(row);
}

Status FileParser::ReadRows() {
  csv::Record record;
  while (reader_.Next(record)) ParseRow(record);
  if (out_.data_rows == 0) return Status::InvalidArgument(fmt::format("{}: no data rows after the header", path_));
  return Status::OK();
}

Result<BarInterval> FileParser::DecideInterval() const {
  if (options_.format == BarFormat::kCsv5m) return BarInterval::k5m;
  if (options_.format == BarFormat::kCsvDaily) return BarInterval::k1d;
  const bool any_time = std::any_of(rows_.begin(), rows_.end(), [](const PendingRow& r) { return r.time.has_time; });
  if (!any_time) return BarInterval::k1d;
  // Spacing of the first ticker's first rows; files may be newest-first, so sort.
  std::vector<TimestampUs> ts;
  for (const PendingRow& r : rows_) {
    if (r.ticker != 0 || !r.time.has_time) continue;
    ts.push_back(ToUtc(r.time, *zone_));
    if (ts.size() == kSpacingProbeRows) break;
  }
  std::sort(ts.begin(), ts.end());
  int64_t spacing = 0;
  for (size_t i = 1; i < ts.size(); ++i) {
    const int64_t d = ts[i] - ts[i - 1];
    if (d > 0 && (spacing == 0 || d < spacing)) spacing = d;
  }
  if (spacing == 0) {
    return Status::InvalidArgument(fmt::format(
        "{}: cannot tell 5-minute from daily bars (fewer than two distinct timestamps); pass --format", path_));
  }
  if (spacing == k5mMicros) return BarInterval::k5m;
  if (spacing >= kMinDailySpacing) return BarInterval::k1d;
  if (spacing == k1mMicros) {
    return Status::NotSupported(
        fmt::format("{}: not imported: 1-minute bars (only 5-minute and daily bars are supported)", path_));
  }
  return Status::NotSupported(fmt::format(
      "{}: not imported: bars {} seconds apart (only 5-minute and daily bars are supported; --format forces one)",
      path_, spacing / kMicrosPerSecond));
}

void FileParser::AddActions(const PendingRow& row, DateDays date) {
  const std::string& ticker = tickers_[row.ticker];
  if (std::isfinite(row.split) && row.split > 0 && std::fabs(row.split - 1.0) > kNoSplitTolerance) {
    CorporateAction a;
    a.ticker = ticker;
    a.ex_date = date;
    a.type = CorporateActionType::kSplit;
    a.split_ratio = row.split;
    a.source = out_.source;
    out_.actions.push_back(std::move(a));
  }
  if (std::isfinite(row.dividend) && row.dividend > 0) {
    CorporateAction a;
    a.ticker = ticker;
    a.ex_date = date;
    a.type = CorporateActionType::kDividend;
    a.dividend = row.dividend;
    a.source = out_.source;
    out_.actions.push_back(std::move(a));
  }
}

void FileParser::Build5m() {
  std::vector<TimestampUs> ts(rows_.size(), 0);
  std::vector<uint8_t> keep(rows_.size(), 1);
  size_t at_open = 0, at_close = 0;
  for (size_t i = 0; i < rows_.size(); ++i) {
    const PendingRow& r = rows_[i];
    if (!r.time.has_time) {
      keep[i] = 0;
      ++out_.rows_rejected;
      Problem(r.line, layout_.time, RowProblemKind::kRejected,
              fmt::format("column '{}': a date without a time in a 5-minute file", ColumnName(layout_.time)));
      continue;
    }
    ts[i] = ToUtc(r.time, *zone_);
    const int minute = static_cast<int>(new_york_->UtcToLocal(ts[i]).second / kMicrosPerMinute);
    at_open += minute == kSessionOpenMinute;
    at_close += minute == kSessionCloseMinute;
  }
  const bool end_labels = options_.bar_label == BarLabel::kEnd ||
                          (options_.bar_label == BarLabel::kAuto && at_open == 0 && at_close > 0);
  out_.end_labels_shifted = end_labels;
  out_.bars_5m.resize(tickers_.size());
  for (size_t t = 0; t < tickers_.size(); ++t) out_.bars_5m[t].ticker = tickers_[t];
  for (size_t i = 0; i < rows_.size(); ++i) {
    if (!keep[i]) continue;
    const PendingRow& r = rows_[i];
    Bar5m bar;
    bar.ts = end_labels ? ts[i] - k5mMicros : ts[i];
    bar.open = r.open;
    bar.high = r.high;
    bar.low = r.low;
    bar.close = r.close;
    bar.volume = r.volume;
    bar.vwap = r.vwap;
    bar.trade_count = r.trade_count;
    out_.bars_5m[r.ticker].push_back(bar, out_.source);
    AddActions(r, new_york_->UtcToLocal(bar.ts).first);
  }
}

void FileParser::Build1d() {
  out_.bars_1d.resize(tickers_.size());
  for (size_t t = 0; t < tickers_.size(); ++t) out_.bars_1d[t].ticker = tickers_[t];
  for (const PendingRow& r : rows_) {
    Bar1d bar;
    bar.date = r.time.basis == TimeBasis::kEpoch ? zone_->UtcToLocal(ToUtc(r.time, *zone_)).first : r.time.date;
    bar.open = r.open;
    bar.high = r.high;
    bar.low = r.low;
    bar.close = r.close;
    bar.volume = r.volume;
    bar.vwap = r.vwap;
    out_.bars_1d[r.ticker].push_back(bar, out_.source);
    AddActions(r, bar.date);
  }
}

Status FileParser::CheckBadFraction() const {
  const size_t bad = out_.rows_rejected + out_.rows_with_bad_values;
  if (bad == 0) return Status::OK();
  const bool all_bad = out_.rows_rejected == out_.data_rows;
  if (!all_bad && static_cast<double>(bad) <= options_.max_bad_row_fraction * static_cast<double>(out_.data_rows)) {
    return Status::OK();
  }
  const auto first = std::find_if(out_.problems.begin(), out_.problems.end(),
                                  [](const RowProblem& p) { return p.kind != RowProblemKind::kMissingValue; });
  return Status::InvalidArgument(fmt::format(
      "{}: {} of {} data rows are malformed (limit {:g}% of rows); first: {}:{}:{}: {}", path_, bad, out_.data_rows,
      options_.max_bad_row_fraction * 100.0, path_, first->line, first->column, first->message));
}

Result<ParsedBarFile> FileParser::Run() {
  out_.path = path_;
  QTP_RETURN_IF_ERROR(ReadHeader());
  QTP_ASSIGN_OR_RETURN(TimeZone zone, TimeZone::Locate(options_.tz));
  zone_ = zone;
  QTP_ASSIGN_OR_RETURN(TimeZone new_york, TimeZone::Locate("America/New_York"));
  new_york_ = new_york;
  QTP_RETURN_IF_ERROR(ReadRows());
  QTP_ASSIGN_OR_RETURN(out_.interval, DecideInterval());

  PriceAdjustment adjustment = options_.adjustment;
  if (adjustment == PriceAdjustment::kAuto) {
    const bool has_actions = layout_.split >= 0 || layout_.dividend >= 0;
    adjustment = (has_actions || out_.interval == BarInterval::k5m) ? PriceAdjustment::kNone : PriceAdjustment::kSplit;
  }
  out_.adjustment = adjustment;
  std::string dataset = options_.dataset;
  if (dataset.empty()) dataset = std::filesystem::path(path_).parent_path().filename().string();
  if (dataset.empty()) dataset = "file";
  out_.source = CsvSourceTag(dataset, adjustment);

  const bool all_dates = std::none_of(rows_.begin(), rows_.end(), [](const PendingRow& r) { return r.time.has_time; });
  const bool any_offset = std::any_of(rows_.begin(), rows_.end(), [](const PendingRow& r) {
    return r.time.basis != TimeBasis::kNaive;
  });
  out_.time_basis = all_dates ? "date only"
                    : any_offset ? "explicit UTC offset or epoch"
                                 : fmt::format("naive, read in {}", zone_->name());

  if (out_.interval == BarInterval::k5m) {
    Build5m();
  } else {
    Build1d();
  }
  QTP_RETURN_IF_ERROR(CheckBadFraction());
  return std::move(out_);
}

}  // namespace

Result<BarFormat> ParseBarFormat(std::string_view text) {
  if (text == "auto") return BarFormat::kAuto;
  if (text == "csv-5m") return BarFormat::kCsv5m;
  if (text == "csv-daily") return BarFormat::kCsvDaily;
  return Status::InvalidArgument(fmt::format("unknown format '{}' (expected auto, csv-5m or csv-daily)", text));
}

Result<BarLabel> ParseBarLabel(std::string_view text) {
  if (text == "auto") return BarLabel::kAuto;
  if (text == "start") return BarLabel::kStart;
  if (text == "end") return BarLabel::kEnd;
  return Status::InvalidArgument(fmt::format("unknown bar label '{}' (expected auto, start or end)", text));
}

Result<PriceAdjustment> ParsePriceAdjustment(std::string_view text) {
  if (text == "auto") return PriceAdjustment::kAuto;
  if (text == "none") return PriceAdjustment::kNone;
  if (text == "split") return PriceAdjustment::kSplit;
  if (text == "split_dividend") return PriceAdjustment::kSplitDividend;
  return Status::InvalidArgument(
      fmt::format("unknown price adjustment '{}' (expected auto, none, split or split_dividend)", text));
}

const char* PriceAdjustmentName(PriceAdjustment adjustment) {
  switch (adjustment) {
    case PriceAdjustment::kAuto: return "auto";
    case PriceAdjustment::kNone: return "none";
    case PriceAdjustment::kSplit: return "split";
    case PriceAdjustment::kSplitDividend: return "split_dividend";
  }
  return "none";
}

const char* RowProblemKindName(RowProblemKind kind) {
  switch (kind) {
    case RowProblemKind::kMissingValue: return "missing_value";
    case RowProblemKind::kBadValue: return "bad_value";
    case RowProblemKind::kRejected: return "rejected";
  }
  return "rejected";
}

const char* BarIntervalName(BarInterval interval) { return interval == BarInterval::k5m ? "5m" : "1d"; }

std::string CsvSourceTag(const std::string& dataset, PriceAdjustment adjustment) {
  return fmt::format("csv:{};adj={}", dataset, PriceAdjustmentName(adjustment));
}

PriceAdjustment PriceAdjustmentOfSource(std::string_view source) {
  static constexpr std::string_view kTag = ";adj=";
  const size_t at = source.rfind(kTag);
  if (at == std::string_view::npos) return PriceAdjustment::kNone;
  Result<PriceAdjustment> parsed = ParsePriceAdjustment(source.substr(at + kTag.size()));
  return parsed.ok() ? *parsed : PriceAdjustment::kNone;
}

Result<ParsedBarFile> ParseBarCsv(std::string_view text, const std::string& path, const CsvImportOptions& options) {
  return FileParser(text, path, options).Run();
}

}  // namespace qtp
