#include "qtp/data/clean/run_clean.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "qtp/calendar/nyse_calendar.h"
#include "qtp/core/overlap.h"
#include "qtp/data/clean/adjust.h"
#include "qtp/data/store/schema.h"

namespace qtp::clean {
namespace {

// One ticker's raw inputs, read on the calling thread.
struct TickerInput {
  std::string ticker;
  bool daily_only = false;
  Bars5m bars_5m;
  Bars1d bars_1d;
  std::vector<CorporateAction> actions;
  std::map<std::string, size_t> ingest_by_rule;  // "ingest.<rule>": bars ingest dropped, sorted or quarantined
};

// Ingest already handled duplicates, out-of-order rows and unstorable values; the report counts
// them beside cleaning's own rules so one file shows everything done to a ticker's data.
Status CountIngestFindings(const Store& store, const std::string& ticker, std::map<std::string, size_t>& by_rule) {
  QTP_ASSIGN_OR_RETURN(Table findings, store.Read(schema::IngestFindings(), ticker));
  for (const std::string& rule : findings.Column<std::string>("rule")) ++by_rule["ingest." + rule];
  for (const TableSpec* spec : {&schema::Quarantine5m(), &schema::Quarantine1d()}) {
    QTP_ASSIGN_OR_RETURN(Table quarantined, store.Read(*spec, ticker));
    for (const std::string& reason : quarantined.Column<std::string>("reason")) ++by_rule["ingest." + reason];
  }
  return Status::OK();
}

Result<TickerInput> ReadTicker(const Store& store, const std::string& ticker, bool has_5m) {
  TickerInput in;
  in.ticker = ticker;
  in.daily_only = !has_5m;
  if (has_5m) {
    QTP_ASSIGN_OR_RETURN(Table raw, store.Read(schema::RawBars5m(), ticker));
    in.bars_5m = schema::Bars5mFromTable(ticker, std::move(raw));
  }
  QTP_ASSIGN_OR_RETURN(Table raw_daily, store.Read(schema::RawBars1d(), ticker));
  in.bars_1d = schema::Bars1dFromTable(ticker, std::move(raw_daily));
  QTP_ASSIGN_OR_RETURN(Table actions, store.Read(schema::CorporateActions(), ticker));
  in.actions = schema::CorporateActionsFromTable(ticker, actions);
  QTP_RETURN_IF_ERROR(CountIngestFindings(store, ticker, in.ingest_by_rule));
  return in;
}

Result<CleanedTicker> Clean(TickerInput in, const CleanParams& params, const SourceAdjustmentFn& source_adjustment) {
  const NyseCalendar& calendar = NyseCalendar::Get();
  Result<CleanedTicker> out =
      in.daily_only ? CleanTickerDaily(std::move(in.bars_1d), in.actions, params, calendar, source_adjustment)
                    : CleanTicker5m(std::move(in.bars_5m), in.actions, params, calendar, source_adjustment);
  if (!out.ok()) return out.status().WithContext(fmt::format("cleaning {}", in.ticker));
  if (!in.daily_only && !in.bars_1d.empty()) {
    Result<CleanedTicker> daily = CleanTickerDaily(std::move(in.bars_1d), in.actions, params, calendar,
                                                   source_adjustment);
    if (!daily.ok()) return daily.status().WithContext(fmt::format("cleaning daily imports of {}", in.ticker));
    out = CombineWithDailyImports(std::move(out).value(), std::move(daily).value());
  }
  for (const auto& [rule, n] : in.ingest_by_rule) out->stats.by_rule[rule] += n;
  return out;
}

// The as-traded bars with their adjustment factors (adjust.h) as the processed tables.
Table ProcessedBars5m(Bars5m&& bars, const std::vector<AdjustmentEvent>& events) {
  std::vector<DateDays> dates(bars.size());
  for (size_t i = 0; i < bars.size(); ++i) dates[i] = NyseCalendar::ExchangeDate(bars.ts[i]);
  AdjustmentFactors factors = FactorsFor(dates, events);
  Table t = schema::ToTable(schema::Bars5m(), std::move(bars));
  t.Column<double>("adj_factor") = std::move(factors.price);
  t.Column<double>("adj_volume_factor") = std::move(factors.volume);
  return t;
}

Table ProcessedBars1d(Bars1d&& bars, const std::vector<AdjustmentEvent>& events) {
  AdjustmentFactors factors = FactorsFor(bars.date, events);
  Table t = schema::ToTable(schema::Bars1d(), std::move(bars));
  t.Column<double>("adj_factor") = std::move(factors.price);
  t.Column<double>("adj_volume_factor") = std::move(factors.volume);
  t.Column<double>("ex_factor") = std::move(factors.since_previous);
  return t;
}

Status WriteTicker(Store& store, CleanedTicker& cleaned, const std::string& run_id) {
  const std::string ticker = cleaned.stats.ticker;
  QTP_RETURN_IF_ERROR(
      store.Replace(schema::Bars5m(), ticker, ProcessedBars5m(std::move(cleaned.bars_5m), cleaned.adjustments))
          .status());
  QTP_RETURN_IF_ERROR(
      store.Replace(schema::Bars1d(), ticker, ProcessedBars1d(std::move(cleaned.bars_1d), cleaned.adjustments))
          .status());
  return store.Replace(schema::QualityIssues(), ticker, schema::QualityIssuesToTable(cleaned.issues, run_id)).status();
}

}  // namespace

Result<CleanSummary> RunClean(Store& store, const CleanParams& params, const std::string& run_id, ProgressFn progress,
                              SourceAdjustmentFn source_adjustment) {
  const std::vector<std::string> tickers_5m = store.Tickers(schema::RawBars5m());
  const std::set<std::string> with_5m(tickers_5m.begin(), tickers_5m.end());
  std::set<std::string> all(with_5m);
  for (const std::string& t : store.Tickers(schema::RawBars1d())) {
    all.insert(t);
  }
  const std::vector<std::string> tickers(all.begin(), all.end());

  QualityReport report(run_id, static_cast<size_t>(params.report_max_findings));
  CleanSummary summary;
  size_t written = 0;
  const Status cleaned_all = RunOverlapped<TickerInput, CleanedTicker>(
      tickers.size(), params.threads > 1 ? 1 : 0,
      [&](size_t i) -> Result<TickerInput> {
        Result<TickerInput> input = ReadTicker(store, tickers[i], with_5m.count(tickers[i]) > 0);
        if (!input.ok()) return input.status().WithContext(fmt::format("reading raw {}", tickers[i]));
        return input;
      },
      [&](TickerInput in) { return Clean(std::move(in), params, source_adjustment); },
      [&](size_t, Result<CleanedTicker> result) -> Status {
        if (!result.ok()) return result.status();
        CleanedTicker& cleaned = result.value();
        const std::string ticker = cleaned.stats.ticker;
        report.Add(cleaned.stats, cleaned.issues);
        summary.tickers_daily_only += cleaned.stats.daily_only ? 1 : 0;
        QTP_RETURN_IF_ERROR(WriteTicker(store, cleaned, run_id).WithContext(fmt::format("storing clean {}", ticker)));
        ++written;
        if (written % static_cast<size_t>(params.commit_every_tickers) == 0) QTP_RETURN_IF_ERROR(store.Commit());
        if (progress) QTP_RETURN_IF_ERROR(progress(written, tickers.size(), ticker));
        return Status::OK();
      });
  QTP_RETURN_IF_ERROR(cleaned_all);
  QTP_RETURN_IF_ERROR(store.Commit());

  const TickerStats& totals = report.totals();
  summary.tickers = report.tickers();
  summary.rows_in = totals.rows_in;
  summary.bars_out = totals.bars_out;
  summary.days_out = totals.days_out;
  summary.missing_bars = totals.missing_bars;
  summary.findings = report.findings();
  summary.by_rule = totals.by_rule;
  QTP_ASSIGN_OR_RETURN(summary.report, report.Write(store.data_dir()));
  return summary;
}

}  // namespace qtp::clean
