// Parameters of the simulated market (`qtp simulate`), with retail-realistic defaults. The model and
// the meaning of each parameter are in docs/simulated_market.md; volatilities are annualised
// (252 trading days), rates are per bar, per year or per day as named.
#pragma once

#include <cstdint>

#include "qtp/config/section.h"
#include "qtp/core/status.h"

namespace qtp::sim {

struct FaultRates {
  double missing_bar = 2e-4;   // a bar absent from the feed
  double duplicate = 1e-4;     // an exact copy of the bar right after it
  double out_of_order = 5e-5;  // the bar delivered after the next one
  double bad_print = 2e-5;     // one price field zero or negative
  double spike = 2e-5;         // the close printed 5–30% off, reverting on the next bar
  double Total() const { return missing_bar + duplicate + out_of_order + bad_print + spike; }
};

// What changes after the date given to `qtp simulate --regime-shift` (nothing without it). Volatilities
// scale as the process runs (each GARCH state stays in pre-shift units and its output is multiplied),
// so every draw is the one a run without the shift makes.
struct RegimeShiftParams {
  double factor_vol_multiplier = 1.8;  // market and sector factor volatilities after the shift
  double idio_vol_multiplier = 1.3;    // idiosyncratic volatilities after the shift
  double signal_half_life = 5.0;       // trading days for the planted IC to halve after the shift; 0 = at once
};

struct SimulatorParams {
  // Defaults for the CLI flags --seed and --signal.
  int64_t seed = 42;
  double signal_ic = 0.03;          // planted daily cross-sectional rank IC (Spearman)
  double signal_persistence = 0.0;  // AR(1) coefficient of the signal from day to day

  // Return model (annualised vols; daily GARCH(1,1) with variance targeting).
  double market_vol = 0.16;
  double market_drift = 0.06;  // annual log drift of the market factor
  double sector_vol = 0.10;
  double idio_vol_median = 0.25;
  double idio_vol_dispersion = 0.35;  // sd of log idio vol across tickers
  double beta_mean = 1.0;
  double beta_sd = 0.3;
  double sector_loading_sd = 0.3;  // loadings on the own sector factor ~ N(1, sd)
  double garch_alpha = 0.07;
  double garch_beta = 0.91;
  double tail_dof = 5.0;          // Student-t degrees of freedom of daily shocks
  double overnight_share = 0.2;   // share of daily variance realised close → next open
  double intraday_u_shape = 2.0;  // profile 1 + k(2x-1)^2 over the session, x in [0,1]

  // Liquidity and shares.
  double dollar_volume_min = 2e6;  // median daily dollar volume, log-uniform over [min, max]
  double dollar_volume_max = 5e9;
  double turnover_median = 0.008;    // daily volume / shares outstanding
  double price_median = 60.0;        // starting price, lognormal
  double bar_volume_noise = 0.35;    // sd of log bar volume around the profile
  double daily_volume_noise = 0.25;  // sd of the AR(1) log daily volume innovation

  // Corporate actions.
  double split_rate = 0.03;          // forward splits per ticker per year
  double reverse_split_below = 1.0;  // a 1:10 reverse split follows a close under this price
  double dividend_payer_share = 0.6;
  double dividend_yield_median = 0.02;
  int dividends_per_year = 4;

  FaultRates faults;
  RegimeShiftParams regime_shift;

  // Checks every value against the ranges and rules DescribeParams declares (InvalidArgument naming
  // each offending key), for params built in code rather than loaded from YAML.
  Status Validate() const;
};

// Declares every parameter (key, range, doc) for config loading, `qtp init` and docs.
void DescribeParams(config::Section& section, SimulatorParams& params);

}  // namespace qtp::sim
