// The simulated market behind `qtp simulate`: a pure, deterministic generator of raw 5-minute RTH
// bars, corporate actions, injected feed faults (with their ground truth) and a planted
// cross-sectional signal. The model, its parameters and the signal's derivation are in
// docs/simulated_market.md.
//
// Construction is two-level:
//   1. MarketSimulator::Make() builds everything daily, for the whole cross-section: the common factor
//      paths per 5-minute bar and overnight (market + 11 GICS sectors), every ticker's daily
//      idiosyncratic return and variance (GARCH(1,1), Student-t shocks), the planted signal, the
//      rank-copula that makes the next day's returns load on it, and the corporate actions.
//      Memory: about 32 bytes per ticker-day plus 100 bytes per bar-slot of the calendar.
//   2. GenerateTicker(i) fills in one ticker's intraday bars from that daily skeleton, then injects
//      faults. It is const and thread-safe, and its output depends only on (params, request, i), so
//      tickers can be generated in any order, on any number of threads, with identical results.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "qtp/core/bars.h"
#include "qtp/core/status.h"
#include "qtp/core/time.h"
#include "qtp/data/simulate/faults.h"
#include "qtp/data/simulate/params.h"
#include "qtp/data/simulate/universe.h"

namespace qtp::sim {

// Value of the per-row `source` column and of CorporateAction::source.
inline constexpr const char* kSimulatedSource = "simulated";

// Receives one ticker's planted signal series (dates ascending, one value per trading day).
using SignalSink = std::function<Status(const std::string& ticker, const std::vector<DateDays>& dates,
                                        const std::vector<double>& values)>;

struct SimulateRequest {
  int tickers = 100;   // 1..9999
  DateDays start = 0;  // first and last calendar dates, inclusive; trading days come from the NYSE calendar
  DateDays end = 0;
  uint64_t seed = 42;
  double signal = 0.0;  // planted daily cross-sectional Spearman IC, in [-1, 1]; 0 plants nothing
  // The market changes regime on the trading days strictly after this date (params.regime_shift says
  // how); every day up to it is the market without the shift, bit for bit. Any date is allowed: one
  // before start puts the whole request in the new regime, one on or after end changes nothing.
  std::optional<DateDays> regime_shift;
  // Used by RunSimulate only.
  int commit_every = 20;   // tickers per Ingestor::Commit()
  SignalSink signal_sink;  // optional: where the planted signal series go
};

struct SimulatedTicker {
  TickerInfo info;
  Bars5m bars;                           // raw: unadjusted, faults injected, source "simulated"
  std::vector<CorporateAction> actions;  // ascending ex_date
  std::vector<InjectedFault> faults;     // ground truth, in bar order
  std::vector<DateDays> signal_dates;    // every trading day of the request
  std::vector<double> signal;            // signal observable at that day's close (N(0,1) marginal)
};

class MarketSimulator {
 public:
  // Validates params and request (InvalidArgument naming the field), then builds the daily skeleton.
  static Result<MarketSimulator> Make(const SimulatorParams& params, const SimulateRequest& request);

  // One ticker, index in [0, num_tickers()). Const, thread-safe, deterministic.
  SimulatedTicker GenerateTicker(int index) const;

  int num_tickers() const { return static_cast<int>(universe_.size()); }
  const std::vector<DateDays>& trading_days() const { return days_; }
  const std::vector<TickerInfo>& universe() const { return universe_; }
  // Clean bars per ticker (before faults): 78 per full day, 42 per early close.
  size_t bars_per_ticker() const { return bar_ts_.size(); }

  // Pearson correlation of the Gaussian copula whose Spearman correlation is `ic`:
  // ρ = 2 sin(π ic / 6) (Pearson 1907; see docs/simulated_market.md).
  static double CopulaRho(double ic);

 private:
  static constexpr int kNumFactors = 1 + kNumSectors;  // 0 = market, 1 + k = sector k

  struct Profile {
    int bars = 0;
    std::vector<double> var_weight;  // bars + 1: [0] overnight, [1 + b] bar b; sums to 1
    std::vector<double> var_sd;      // sqrt(var_weight)
    std::vector<double> vol_weight;  // bars: share of the day's volume, sums to 1
  };

  struct TickerModel {
    int sector = 0;
    double beta = 1.0;
    double loading = 1.0;        // on the own sector factor
    double idio_var_mean = 0.0;  // long-run daily idiosyncratic variance
    double dollar_volume = 0.0;  // median daily dollar volume
    double trade_size = 100.0;   // average shares per trade
    double start_price = 0.0;    // close before the first day
    double start_shares = 0.0;   // shares outstanding before any split
    bool dividend_payer = false;
    double dividend_yield = 0.0;
    int dividend_phase = 0;          // trading-day offset of the first ex-date within the period
    std::vector<double> idio_total;  // per day: idiosyncratic log return, close(d-1) → close(d)
    std::vector<double> idio_var;    // per day: conditional idiosyncratic variance
    std::vector<double> open_base;   // per day: previous close after that day's corporate actions
    std::vector<double> signal;      // per day
    std::vector<CorporateAction> actions;
  };

  MarketSimulator(const SimulatorParams& params, const SimulateRequest& request);
  void BuildCalendar(DateDays start, DateDays end);
  void LocateRegimeShift();
  void BuildFactors();
  void BuildTickers(int num_tickers);
  void BuildDailyPaths();
  // Ex-date `day` follows a close of `close`: decides its corporate actions, returns the open base.
  // Updates `share_factor` (product of split ratios so far).
  double ApplyCorporateActions(int ticker, int day, double close, Rng& rng, double& share_factor);
  // Replaces the natural returns of one day by the rank-copula assignment whose Spearman correlation
  // with `signal` is `ic`.
  void AssignReturnsByCopula(int day, double ic, const std::vector<double>& signal, std::vector<double>& returns) const;
  // Volatility multiplier of the factors or the idiosyncratic parts on `day` (1 up to the shift).
  double FactorVolScale(size_t day) const;
  double IdioVolScale(size_t day) const;
  // The planted IC of day `day`'s return on the previous day's signal: signal_ic_ up to the shift, then
  // halving every signal_half_life trading days.
  double PlantedIc(size_t day) const;

  SimulatorParams params_;
  uint64_t seed_ = 0;
  double signal_ic_ = 0.0;
  std::optional<DateDays> regime_shift_;
  // Index of the first trading day in the new regime (days_.size() when none is), and the number of
  // trading days after the shift date that precede the first requested day (when the shift is before it).
  size_t shift_day_ = 0;
  int shift_days_before_start_ = 0;

  std::vector<DateDays> days_;
  std::vector<size_t> bar_offset_;  // days + 1 offsets into bar_ts_
  std::vector<TimestampUs> bar_ts_;
  std::vector<Profile> profiles_;
  std::vector<uint8_t> day_profile_;  // per day: index into profiles_
  // Per factor: returns per slot, where day d owns slots [bar_offset_[d] + d, bar_offset_[d+1] + d + 1):
  // the overnight move first, then one per bar. Daily totals and conditional variances per day.
  std::array<std::vector<double>, kNumFactors> factor_path_;
  std::array<std::vector<double>, kNumFactors> factor_total_;
  std::array<std::vector<double>, kNumFactors> factor_var_;

  std::vector<TickerInfo> universe_;
  std::vector<TickerModel> models_;
};

}  // namespace qtp::sim
