// The backtest engine: a long-only book of whole shares and cash, traded once a day.
//
// Timing (no lookahead). A signal dated t is acted on at day t+1: the target is built from what is
// known at t's close (scores, universe, close, cost inputs of day t) and filled at t+1's VWAP or
// open. Splits and dividends with an ex-date of t+1 are applied at t+1's open, before trading
// (they are announced in advance, so the target is sized in the new share basis).
//
// Sleeves. With horizon H and horizon_mode "tranches" the capital is split into H sleeves; on the
// k-th trading day sleeve k mod H is re-formed and the others hold, so each position is held H
// days and 1/H of the book turns over each day. With "every_h" one sleeve holds the whole book and
// is re-formed every H trading days. H = 1 is daily rebalancing either way.
//
// Re-forming a sleeve: the eligible names (in the universe, scored, priced and tradable at t) are
// ranked by score (ties by ticker order); the best top_n (or top_quantile) are weighted
// (equal, score or inverse volatility), capped per name and per sector (the excess goes to the
// uncapped names, or stays cash when none can take it), and sized to whole shares of the sleeve's
// value less the cash buffer at the known price (t's close in the ex-date basis). Sells fill first,
// then buys, each up to the participation cap; buys are cut in proportion (whole shares) when the
// sleeve's cash cannot pay for them and their costs. Orders under min_trade_usd are skipped unless
// they close a position. A day without any eligible name leaves the sleeve as it is.
//
// A held name whose bars end (the last day it has a close) is sold, the next day, at that close and
// at no cost: a delisting return of 0. Real delistings for poor performance average about -30%
// (Shumway 1997), so this flatters a book that held such names; the count is reported.
//
// Accounting, every day: equity = cash + shares x close (the last close where the day has none).
// The gross PnL is computed a second, independent way, from price moves: holdings carried from the
// previous close, plus fills marked from their price to the close, plus dividends; the engine
// records max |gross - costs - net| so the run can assert it is ~0.
#pragma once

#include <cstdint>
#include <vector>

#include "qtp/backtest/backtest_params.h"
#include "qtp/backtest/market.h"
#include "qtp/core/bars.h"
#include "qtp/core/time.h"

namespace qtp::backtest {

struct DayResult {
  DateDays date = 0;
  double equity = 0;  // at the close
  double cash = 0;
  double positions_value = 0;
  double gross_pnl = 0;  // before costs (the price-move computation)
  double costs = 0;      // commissions, fees, spread and slippage paid this day
  double dividends = 0;
  double traded_usd = 0;    // filled value, buys and sells
  double turnover = 0;      // one-way: traded_usd / 2 / the previous equity
  double net_return = 0;    // equity / previous equity - 1
  double gross_return = 0;  // gross_pnl / previous equity
  double benchmark_return = kNaN;
  int positions = 0;  // names held at the close
};

struct TradeResult {
  DateDays date = 0;         // filled on
  DateDays signal_date = 0;  // the signal it acts on
  uint32_t ticker = 0;
  int sleeve = 0;
  double ordered_shares = 0;  // signed: + buy, - sell
  double filled_shares = 0;   // signed; less than ordered when the participation cap or cash bound it
  double price = 0;           // fill price (before costs)
  execution::OrderCost cost;
  uint8_t bucket = 0;   // liquidity bucket at the signal date
  bool capped = false;  // the participation cap bound
  bool delisted = false;  // the name's bars ended: sold at its last close, at no cost
};

struct PositionResult {
  DateDays date = 0;  // a re-forming day's close
  uint32_t ticker = 0;
  double shares = 0;
  double price = 0;
};

struct BucketCosts {
  double traded_usd = 0;
  double cost_usd = 0;
  size_t fills = 0;
};

struct BacktestResult {
  std::vector<DayResult> days;  // from the signal's first day (equity = capital) to the last day
  std::vector<TradeResult> trades;
  std::vector<PositionResult> positions;
  std::vector<BucketCosts> buckets;     // index = bucket (0: unknown)
  std::vector<double> sector_exposure;  // per Market::sectors (last entry: unknown), mean weight
  double cash_exposure = 0;             // mean cash weight
  double unfilled_usd = 0;              // order value the participation cap left unfilled
  size_t capped_orders = 0;
  size_t unpriced_orders = 0;       // no fill price that day: nothing filled
  size_t vwap_fallbacks = 0;        // next_vwap fills at the open (no VWAP that day)
  size_t delisted_exits = 0;  // names sold at their last close after their bars ended
  size_t skipped_small = 0;         // orders under min_trade_usd
  double max_accounting_error = 0;  // max over days of |gross - costs - net| (USD)
  double min_cash = 0;              // lowest cash of any sleeve (never below 0: no margin)
};

// Runs one backtest. `market` must have every array sized (Market::Allocate) and its buckets
// assigned. Deterministic: a function of its arguments only.
BacktestResult RunBacktest(const Market& market, const BacktestParams& params, const execution::CostParams& costs,
                           const execution::ScenarioParams& scenario);

}  // namespace qtp::backtest
