// `qtp validate`: is a model-driven strategy worth trading? (docs/validation.md)
//
//   1. Models (models::TrainWithHoldout): every configured family and ensemble through the
//      walk-forward over the development days; the last holdout_days days are held out and scored
//      by models fitted on development labels only.
//   2. The sensitivity grid: every model x rebalance_days x top_n x weighting x cost scenario is
//      backtested (the engine of qtp backtest) on the development days and, separately, on the
//      held-out days. The configuration is chosen on the development Sharpe ratio under base costs;
//      nothing of the held-out period takes part in any choice.
//   3. Overfitting controls over the base-cost configurations tried: the deflated Sharpe ratio of
//      the chosen one, the probability of backtest overfitting (CSCV), and whether the choice is an
//      isolated cell of the grid.
//   4. The chosen configuration per validation fold (IC, Sharpe, drawdown), against the benchmarks
//      (SPY and sector ETFs when stored, the equal-weight universe always) per regime, and the
//      decay of every model's and feature's IC.
//   5. The gates, and reports/validation/<run_id>/ written under a staging name and renamed whole:
//      report.md, summary.json, grid.csv, folds.csv, decay.csv, config.yaml, plots/.
// Deterministic: the same store, configuration and seed give the same bits at any thread count.
#pragma once

#include <string>
#include <vector>

#include "qtp/backtest/backtest_params.h"
#include "qtp/core/status.h"
#include "qtp/data/store/store.h"
#include "qtp/eda/daily_stats.h"
#include "qtp/models/model_params.h"
#include "qtp/validation/decay.h"
#include "qtp/validation/overfitting.h"
#include "qtp/validation/validation_params.h"

namespace qtp::validation {

struct ValidateOptions {
  ValidationParams params;              // validated
  models::ModelParams models;           // config/models.yaml
  backtest::ExecutionConfig execution;  // config/execution.yaml: the cost model and the base portfolio
  std::string config_yaml;              // the effective configurations, snapshotted into the run folder
  std::string run_id;
  std::string path_env;  // PATH, for gnuplot
  // Cut-off (qtp retrain's as-of): feature days after it are not read, and no forward return ending after
  // it is used. kNullDate: every stored day.
  DateDays last_date = kNullDate;
};

struct GridPoint {
  size_t model = 0;  // index into ValidationResult::models
  int rebalance_days = 1;
  int top_n = 20;
  std::string weighting;
  std::string scenario;
};

struct PeriodMetrics {
  std::vector<DateDays> dates;    // the days with a return (after the period's first day)
  std::vector<double> returns;    // daily net returns
  std::vector<double> benchmark;  // the equal-weight universe's return on those days
  double sharpe = 0;              // annualized (empyrical)
  double cagr = 0;
  double max_drawdown = 0;  // negative fraction
  double annual_volatility = 0;
  double turnover_annual = 0;
  double total_return = 0;
};

struct GridRow {
  GridPoint point;
  PeriodMetrics development;
  PeriodMetrics holdout;
};

struct FoldResult {
  DateDays first = 0;
  DateDays last = 0;
  size_t days = 0;
  double mean_rank_ic = 0;  // the chosen model's mean daily out-of-sample rank IC
  double sharpe = 0;        // the chosen configuration, base costs, annualized
  double max_drawdown = 0;
};

// Total returns over one stretch of days: the strategy and each benchmark.
struct RegimeRow {
  std::string name;
  size_t days = 0;
  double strategy = 0;
  std::vector<double> benchmarks;  // per ValidationResult::benchmarks
};

struct Gate {
  std::string name;
  std::string rule;  // e.g. "> 1.00"
  double value = 0;
  bool pass = false;
};

struct ValidationResult {
  std::vector<std::string> models;
  std::vector<std::string> features;
  size_t tickers = 0;
  DateDays development_first = 0, development_last = 0;  // scored out of sample
  DateDays holdout_first = 0, holdout_last = 0;
  std::string universe_note;

  std::vector<GridRow> grid;
  size_t selected = 0;  // index into grid: best development Sharpe under base costs
  size_t trials = 0;    // base-cost configurations the choice was made among

  // Overfitting controls (per-day Sharpe ratios, as the formulas are written), over the development
  // days: of the net returns, and of the active returns (net less the benchmark), whose Sharpe
  // ratio is the information ratio. A long-only book earns the market's premium without any skill;
  // only the active test tells skill from beta (docs/validation.md).
  DeflatedSharpeTest total;
  DeflatedSharpeTest active;
  std::string benchmark;  // what the active returns are measured against
  PboResult pbo;
  std::vector<size_t> neighbours;      // grid rows one step from the selected one (base costs, same model)
  double neighbour_median_sharpe = 0;  // their median development Sharpe
  bool isolated = false;      // the selected cell stands alone: its neighbours' median is below half its Sharpe
  double share_positive = 0;  // of the base-cost cells with a development Sharpe > 0

  std::vector<FoldResult> folds;
  // The chosen configuration after base costs: its development days, then its held-out days.
  std::vector<DateDays> strategy_dates;
  std::vector<double> strategy_returns;
  std::vector<std::string> benchmarks;  // names of the benchmark series
  std::vector<RegimeRow> regimes;
  std::vector<double> benchmark_returns_all;  // [benchmark * days + day] over strategy_dates

  std::vector<DateDays> decay_dates;        // the days of every DecayProfile::daily_ic
  std::vector<DecayProfile> model_decay;    // per model, over its out-of-sample days
  std::vector<DecayProfile> feature_decay;  // per feature, over the same days

  std::vector<Gate> gates;
  bool passed = false;
  std::string dir;     // reports/validation/<run_id>
  std::string report;  // its report.md
};

// Progress of the two long steps, each counted from 0 to its total.
struct ValidateProgress {
  eda::DayProgressFn fits;       // model fits (families x folds)
  eda::DayProgressFn backtests;  // grid backtests (2 per configuration and scenario)
};

Result<ValidationResult> RunValidation(const Store& store, const ValidateOptions& options,
                                       const ValidateProgress& progress);

}  // namespace qtp::validation
