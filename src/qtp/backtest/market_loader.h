// Fills a Market from the store: the signal, prices as traded (bars_1d), corporate actions, the
// cost inputs (features_raw), the universe (topk_history), sectors (the universe file) and the
// benchmark.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "qtp/backtest/market.h"
#include "qtp/core/status.h"
#include "qtp/data/store/store.h"

namespace qtp::backtest {

// A signal in memory: one row per (date, ticker) and its score.
struct SignalRows {
  std::vector<DateDays> dates;
  std::vector<std::string> tickers;
  std::vector<double> scores;
};

struct MarketOptions {
  // "" or "predictions": the predictions of the current model with the best out-of-sample mean
  // rank IC; "predictions:<model_id>"; a .csv or .parquet file with columns date, ticker, score;
  // otherwise the name of a view of `qtp query` with those columns.
  std::string signal;
  const SignalRows* rows = nullptr;  // when set, the signal itself (and `signal` only describes it)
  std::string universe = "topk";  // "topk" or "all"
  std::string benchmark = "SPY";
  int buckets = 5;
  DateDays start = kNullDate;  // first signal day (kNullDate: the first)
  DateDays end = kNullDate;    // last trading day (kNullDate: the last)
};

struct MarketInfo {
  std::string signal;         // what was read, e.g. "predictions of ridge-h1-..."
  size_t signal_rows = 0;
  size_t signal_rows_unpriced = 0;                                // rows of tickers or days without daily bars
  std::string benchmark;                                          // the ticker, or "equal-weight universe"
  std::vector<std::pair<std::string, std::string>> input_hashes;  // dataset -> SHA-256 of its file list
};

// A stored ticker's daily total return on `dates` (close to close, ex_factor carrying the day's
// splits and dividends; NaN where it or the previous date has no bar).
struct TickerReturns {
  std::vector<double> returns;  // per date
  size_t days = 0;              // daily bars stored (0: the ticker is not in the store)
  bool dividends = false;       // the store holds dividends for it (else it is a price return)
};
Result<TickerReturns> ReadTickerReturns(const Store& store, const std::string& ticker,
                                        const std::vector<DateDays>& dates);

Result<Market> LoadMarket(const Store& store, const MarketOptions& options, MarketInfo& info);

}  // namespace qtp::backtest
