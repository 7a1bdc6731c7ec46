// config/validation.yaml: what `qtp validate` runs and the gates a strategy must pass
// (docs/validation.md explains every choice). Validated on load like every qtp config. Lists of
// numbers are YAML lists of strings (the config layer has no numeric lists); Validate() parses them.
#pragma once

#include <string>
#include <vector>

#include "qtp/config/section.h"
#include "qtp/core/status.h"

namespace qtp::validation {

inline constexpr const char* kValidationFile = "config/validation.yaml";

// The sensitivity grid: every combination is backtested over the development and held-out days.
struct SweepParams {
  std::vector<std::string> rebalance_days = {"1", "3", "5", "10"};  // backtest.horizon (the book is re-formed over it)
  std::vector<std::string> top_n = {"10", "20", "50"};
  std::vector<std::string> weighting = {"equal", "score", "inverse_vol"};
  std::vector<std::string> scenarios = {"optimistic", "base", "pessimistic"};
};

struct DecayParams {
  std::vector<std::string> horizons = {"1", "2", "3", "5", "10", "20"};  // IC by horizon and by lag, trading days
  int rolling_days = 63;                                                 // rolling IC window
};

struct GateParams {
  double min_holdout_sharpe = 1.0;  // annualized Sharpe of the held-out period after base costs
  double min_fold_ic = 0.02;        // mean daily rank IC of every development fold
  double max_drawdown = 0.25;       // of the held-out period after base costs, as a positive fraction
  // The deflated Sharpe ratio: the probability that the chosen configuration's Sharpe ratio beats
  // the best of N skill-less ones, of the active returns (net less the equal-weight universe: skill)
  // or of the total (net) returns.
  double min_deflated_sharpe = 0.95;
  std::string deflated_sharpe_of = "active";
};

struct ValidationParams {
  int holdout_days = 252;  // the last trading days, never fitted on nor used to choose anything
  int fold_days = 252;     // development out-of-sample days per validation fold
  SweepParams sweep;
  DecayParams decay;
  int pbo_blocks = 16;  // CSCV blocks (even)
  // Compared where the store holds them; never trained on nor traded.
  std::vector<std::string> benchmarks = {"SPY", "XLB", "XLC", "XLE", "XLF", "XLI", "XLK", "XLP", "XLRE", "XLU", "XLV", "XLY"};
  GateParams gates;
  int threads = 2;
  bool plots = true;

  // The lists parse, the scenarios include base and pbo_blocks is even: what the value ranges of
  // DescribeParams cannot say. Call after loading (errors name the key).
  Status Validate() const;
  // The parsed lists (call on validated params).
  std::vector<int> RebalanceDays() const;
  std::vector<int> TopN() const;
  std::vector<int> DecayHorizons() const;
};

void DescribeParams(config::Section& section, ValidationParams& params);

// config/validation.yaml as `qtp init` writes it.
Result<std::string> DefaultValidationYaml();

}  // namespace qtp::validation
