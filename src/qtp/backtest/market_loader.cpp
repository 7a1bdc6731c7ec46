#include "qtp/backtest/market_loader.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>

#include "qtp/core/file_util.h"
#include "qtp/data/store/duckdb/connection.h"
#include "qtp/data/store/feature_columns.h"
#include "qtp/data/store/model_columns.h"
#include "qtp/data/store/schema.h"
#include "qtp/data/store/selection_columns.h"
#include "qtp/execution/trailing_volatility.h"
#include "qtp/models/registry.h"

namespace qtp::backtest {
namespace {

// The current model with the best out-of-sample mean daily rank IC.
Result<std::string> BestCurrentModel(const Store& store) {
  Result<std::vector<std::string>> current = models::ReadCurrent(store.data_dir());
  if (!current.ok()) {
    return Status::NotFound("no signal given and no trained model: run qtp train, or pass --signal FILE|VIEW");
  }
  QTP_ASSIGN_OR_RETURN(const std::vector<models::RegisteredModel> models,
                       models::ReadModels(store.data_dir(), *current, false));
  const std::string best = models::BestByRankIc(models);
  if (best.empty()) return Status::NotFound("no current model has an out-of-sample rank IC: pass --signal");
  return best;
}

Result<SignalRows> ReadPredictions(const Store& store, const std::string& model_id) {
  SignalRows rows;
  const TableSpec spec = Projection(schema::Predictions(), {"date", "ticker", "model_id", "score"});
  for (int year : store.manifest().Years(schema::Predictions().name)) {
    QTP_ASSIGN_OR_RETURN(const Table t, store.Read(spec, "", year, year));
    const auto& dates = t.Column<int32_t>("date");
    const auto& tickers = t.Column<std::string>("ticker");
    const auto& ids = t.Column<std::string>("model_id");
    const auto& scores = t.Column<double>("score");
    for (size_t i = 0; i < t.num_rows(); ++i) {
      if (ids[i] != model_id) continue;
      rows.dates.push_back(dates[i]);
      rows.tickers.push_back(tickers[i]);
      rows.scores.push_back(scores[i]);
    }
  }
  if (rows.dates.empty()) return Status::NotFound(fmt::format("no predictions of model {} are stored", model_id));
  return rows;
}

bool IsIdentifier(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

// A file (CSV or Parquet) or a view with columns date, ticker, score, through DuckDB.
Result<SignalRows> ReadSignalQuery(const Store& store, const std::string& source, const std::string& what) {
  SignalRows rows;
  const std::string sql = fmt::format(
      "SELECT CAST(CAST(date AS DATE) AS VARCHAR), CAST(ticker AS VARCHAR), CAST(score AS DOUBLE) FROM {}", source);
  Status status = store.Query(
      sql, [](const auto&) {},
      [&](const std::vector<std::string>& r) {
        Result<DateDays> date = ParseDate(r[0]);
        if (!date.ok() || r[1] == "NULL") return;  // counted below as a malformed row
        rows.dates.push_back(*date);
        rows.tickers.push_back(r[1]);
        rows.scores.push_back(r[2] == "NULL" ? kNaN : std::strtod(r[2].c_str(), nullptr));
      });
  if (!status.ok()) {
    return status.WithContext(fmt::format("reading the signal {} (columns date, ticker, score)", what));
  }
  if (rows.dates.empty()) return Status::InvalidArgument(fmt::format("the signal {} has no rows", what));
  return rows;
}

Result<SignalRows> ReadSignal(const Store& store, const std::string& signal, MarketInfo& info) {
  if (signal.empty() || signal == "predictions" || signal.starts_with("predictions:")) {
    std::string model_id;
    if (signal.starts_with("predictions:")) {
      model_id = signal.substr(std::string("predictions:").size());
      info.signal = "predictions of " + model_id;
    } else {
      QTP_ASSIGN_OR_RETURN(model_id, BestCurrentModel(store));
      info.signal = "predictions of " + model_id + " (the current model with the best out-of-sample rank IC)";
    }
    return ReadPredictions(store, model_id);
  }
  if (std::filesystem::is_regular_file(signal)) {
    info.signal = "file " + signal;
    const bool parquet = signal.ends_with(".parquet");
    const std::string source = parquet ? fmt::format("read_parquet({})", duck::SqlQuote(signal))
                                       : fmt::format("read_csv({}, header = true)", duck::SqlQuote(signal));
    return ReadSignalQuery(store, source, signal);
  }
  if (!IsIdentifier(signal)) {
    return Status::NotFound(fmt::format("--signal {}: no such file, and not a view name", signal));
  }
  info.signal = "view " + signal;
  return ReadSignalQuery(store, signal, "view " + signal);
}

class DayIndex {
 public:
  explicit DayIndex(const std::vector<DateDays>& dates) : first_(dates.empty() ? 0 : dates.front()) {
    index_.assign(dates.empty() ? 0 : static_cast<size_t>(dates.back() - first_ + 1), -1);
    for (size_t d = 0; d < dates.size(); ++d) index_[static_cast<size_t>(dates[d] - first_)] = static_cast<int>(d);
  }
  // The day `date` is, or -1.
  int Of(DateDays date) const {
    if (date < first_ || date - first_ >= static_cast<int64_t>(index_.size())) return -1;
    return index_[static_cast<size_t>(date - first_)];
  }
  // The first day on or after `date`, or -1.
  int OnOrAfter(DateDays date) const {
    for (int64_t k = std::max<int64_t>(0, date - first_); k < static_cast<int64_t>(index_.size()); ++k) {
      if (index_[static_cast<size_t>(k)] >= 0) return index_[static_cast<size_t>(k)];
    }
    return -1;
  }

 private:
  DateDays first_;
  std::vector<int> index_;
};

std::string DatasetDigest(const Store& store, const TableSpec& spec) {
  std::string listing;
  for (const auto& [path, e] : store.manifest().entries) {
    if (e.dataset == spec.name) listing += path + " " + e.sha256 + "\n";
  }
  return Sha256Hex(listing);
}

// Where rv_20 is missing (a store without 5-minute bars): execution::TrailingVolatility of the
// daily close-to-close log total returns.
void FillVolatilityFromCloses(Market& m) {
  for (size_t t = 0; t < m.num_tickers(); ++t) {
    execution::TrailingVolatility trailing;
    for (size_t d = 0; d < m.num_days(); ++d) {
      const double vol = trailing.Add(d > 0 ? std::log(m.GrowthFactor(d, t)) : kNaN);
      double& volatility = m.volatility[m.At(d, t)];
      if (!std::isfinite(volatility)) volatility = vol;
    }
  }
}

}  // namespace

Result<TickerReturns> ReadTickerReturns(const Store& store, const std::string& ticker,
                                        const std::vector<DateDays>& dates) {
  TickerReturns out;
  out.returns.assign(dates.size(), kNaN);
  const TableSpec bars_spec = Projection(schema::Bars1d(), {"date", "close", "ex_factor"});  // outlives `bars`
  QTP_ASSIGN_OR_RETURN(const Table bars, store.Read(bars_spec, ticker));
  out.days = bars.num_rows();
  if (out.days == 0) return out;
  const TableSpec actions_spec = Projection(schema::CorporateActions(), {"action"});
  QTP_ASSIGN_OR_RETURN(const Table actions, store.Read(actions_spec, ticker));
  const auto& kinds = actions.Column<std::string>("action");
  out.dividends = std::find(kinds.begin(), kinds.end(), "dividend") != kinds.end();
  const DayIndex index(dates);
  const auto& bar_dates = bars.Column<int32_t>("date");
  const auto& close = bars.Column<double>("close");
  const auto& ex_factor = bars.Column<double>("ex_factor");
  for (size_t r = 1; r < bars.num_rows(); ++r) {
    const int d = index.Of(bar_dates[r]);
    if (d > 0 && index.Of(bar_dates[r - 1]) == d - 1) {
      out.returns[static_cast<size_t>(d)] = close[r] / (close[r - 1] * ex_factor[r]) - 1;
    }
  }
  return out;
}

Result<Market> LoadMarket(const Store& store, const MarketOptions& options, MarketInfo& info) {
  SignalRows read;
  if (options.rows == nullptr) {
    QTP_ASSIGN_OR_RETURN(read, ReadSignal(store, options.signal, info));
  } else {
    if (options.rows->dates.empty()) return Status::InvalidArgument("the signal has no rows");
    info.signal = options.signal;
  }
  const SignalRows& signal = options.rows == nullptr ? read : *options.rows;
  info.signal_rows = signal.dates.size();
  Market m;
  {
    std::set<std::string> names(signal.tickers.begin(), signal.tickers.end());
    m.tickers.assign(names.begin(), names.end());
  }
  const DateDays first_signal = *std::min_element(signal.dates.begin(), signal.dates.end());
  const DateDays start = options.start == kNullDate ? first_signal : std::max(options.start, first_signal);
  const DateDays end = options.end == kNullDate ? std::numeric_limits<DateDays>::max() : options.end;

  // Daily bars as traded: the trading days are every day some signal name has a bar.
  const TableSpec bars_spec = Projection(schema::Bars1d(), {"date", "open", "close", "vwap"});
  std::vector<Table> bars;
  std::set<DateDays> days;
  for (const std::string& ticker : m.tickers) {
    Result<Table> rows = store.Read(bars_spec, ticker);
    if (!rows.ok()) return rows.status().WithContext("reading the daily bars of " + ticker);
    for (DateDays d : rows->Column<int32_t>("date")) {
      if (d >= start && d <= end) days.insert(d);
    }
    bars.push_back(std::move(*rows));
  }
  if (days.size() < 2) {
    return Status::NotFound("fewer than two trading days with daily bars for the signal's names in the range");
  }
  m.dates.assign(days.begin(), days.end());
  m.Allocate();
  const DayIndex index(m.dates);
  const size_t nt = m.num_tickers();
  for (size_t t = 0; t < nt; ++t) {
    const Table& b = bars[t];
    const auto& dates = b.Column<int32_t>("date");
    for (size_t r = 0; r < b.num_rows(); ++r) {
      const int d = index.Of(dates[r]);
      if (d < 0) continue;
      const size_t i = m.At(static_cast<size_t>(d), t);
      m.open[i] = b.Column<double>("open")[r];
      m.close[i] = b.Column<double>("close")[r];
      m.vwap[i] = b.Column<double>("vwap")[r];
    }
  }
  bars.clear();

  const TableSpec actions_spec =
      Projection(schema::CorporateActions(), {"ex_date", "action", "split_ratio", "dividend"});
  for (size_t t = 0; t < nt; ++t) {
    QTP_ASSIGN_OR_RETURN(const Table a, store.Read(actions_spec, m.tickers[t]));
    for (size_t r = 0; r < a.num_rows(); ++r) {
      // An action before the first day is already in that day's prices; one on a non-trading day
      // takes effect on the next trading day.
      const DateDays ex_date = a.Column<int32_t>("ex_date")[r];
      const int d = ex_date <= m.dates.front() ? -1 : index.OnOrAfter(ex_date);
      if (d < 0 || ex_date > end) continue;
      const size_t i = m.At(static_cast<size_t>(d), t);
      const double ratio = a.Column<double>("split_ratio")[r];
      const double dividend = a.Column<double>("dividend")[r];
      if (a.Column<std::string>("action")[r] == "split" && std::isfinite(ratio) && ratio > 0) m.split_ratio[i] *= ratio;
      if (a.Column<std::string>("action")[r] == "dividend" && std::isfinite(dividend) && dividend > 0) {
        m.dividend[i] += dividend;
      }
    }
  }

  std::map<std::string, size_t> ticker_index;
  for (size_t t = 0; t < nt; ++t) ticker_index[m.tickers[t]] = t;
  auto cell = [&](DateDays date, const std::string& ticker) -> long {
    const int d = index.Of(date);
    const auto it = ticker_index.find(ticker);
    return d < 0 || it == ticker_index.end() ? -1 : static_cast<long>(m.At(static_cast<size_t>(d), it->second));
  };

  const TableSpec raw_spec =
      Projection(schema::FeaturesRaw(), {"date", "ticker", "adv_20", "amihud_20", "cs_spread_20", "rv_20"});
  const int first_year = std::stoi(FormatDate(m.dates.front()).substr(0, 4));
  for (int year : store.manifest().Years(schema::FeaturesRaw().name)) {
    if (year < first_year) continue;
    QTP_ASSIGN_OR_RETURN(const Table f, store.Read(raw_spec, "", year, year));
    const auto& dates = f.Column<int32_t>("date");
    const auto& tickers = f.Column<std::string>("ticker");
    for (size_t r = 0; r < f.num_rows(); ++r) {
      const long i = cell(dates[r], tickers[r]);
      if (i < 0) continue;
      m.adv_usd[static_cast<size_t>(i)] = f.Column<double>("adv_20")[r];
      m.amihud[static_cast<size_t>(i)] = f.Column<double>("amihud_20")[r];
      m.spread[static_cast<size_t>(i)] = f.Column<double>("cs_spread_20")[r];
      m.volatility[static_cast<size_t>(i)] = f.Column<double>("rv_20")[r];
    }
  }

  for (size_t r = 0; r < signal.dates.size(); ++r) {
    const long i = signal.dates[r] < start || signal.dates[r] > end ? -2 : cell(signal.dates[r], signal.tickers[r]);
    if (i == -2) continue;
    if (i < 0 || !std::isfinite(m.close[static_cast<size_t>(i)])) {
      ++info.signal_rows_unpriced;
      if (i < 0) continue;
    }
    double& score = m.score[static_cast<size_t>(i)];
    if (!std::isnan(score)) {
      return Status::InvalidArgument(
          fmt::format("the signal has two rows for {} on {}", signal.tickers[r], FormatDate(signal.dates[r])));
    }
    score = signal.scores[r];
  }

  if (options.universe == "topk") {
    if (store.manifest().Years(schema::TopKHistory().name).empty()) {
      return Status::NotFound("no topk_history stored: run qtp select, or --set backtest.universe=all");
    }
    const TableSpec topk_spec = Projection(schema::TopKHistory(), {"date", "ticker"});
    for (int year : store.manifest().Years(schema::TopKHistory().name)) {
      if (year < first_year) continue;
      QTP_ASSIGN_OR_RETURN(const Table k, store.Read(topk_spec, "", year, year));
      const auto& dates = k.Column<int32_t>("date");
      const auto& tickers = k.Column<std::string>("ticker");
      for (size_t r = 0; r < k.num_rows(); ++r) {
        const long i = cell(dates[r], tickers[r]);
        if (i >= 0) m.member[static_cast<size_t>(i)] = 1;
      }
    }
  } else {
    for (size_t i = 0; i < m.score.size(); ++i) m.member[i] = std::isfinite(m.score[i]) ? 1 : 0;
  }

  std::map<std::string, int> sector_index;
  QTP_RETURN_IF_ERROR(store.Query(
      "SELECT ticker, sector FROM universe WHERE sector IS NOT NULL ORDER BY ticker", [](const auto&) {},
      [&](const std::vector<std::string>& r) {
        const auto it = ticker_index.find(r[0]);
        if (it == ticker_index.end()) return;
        auto [s, added] = sector_index.emplace(r[1], static_cast<int>(m.sectors.size()));
        if (added) m.sectors.push_back(r[1]);
        m.sector[it->second] = s->second;
      }));

  QTP_ASSIGN_OR_RETURN(const TickerReturns bench, ReadTickerReturns(store, options.benchmark, m.dates));
  if (bench.days >= 2) {
    info.benchmark = bench.dividends ? options.benchmark
                                     : options.benchmark + " (price return: the store holds no dividends for it)";
    m.benchmark_name = info.benchmark;
    m.benchmark = bench.returns;
  } else {
    info.benchmark = "equal-weight universe";
    m.benchmark_name = "equal-weight universe";
    m.benchmark = EqualWeightReturns(m);
  }
  FillVolatilityFromCloses(m);
  m.AssignBuckets(options.buckets);
  for (const TableSpec* spec : {&schema::Bars1d(), &schema::CorporateActions(), &schema::FeaturesRaw(),
                                &schema::TopKHistory(), &schema::Predictions()}) {
    info.input_hashes.push_back({spec->name, DatasetDigest(store, *spec)});
  }
  return m;
}

}  // namespace qtp::backtest
