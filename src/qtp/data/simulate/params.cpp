#include "qtp/data/simulate/params.h"

#include <cstdint>

#include "qtp/config/config_io.h"

namespace qtp::sim {

Status SimulatorParams::Validate() const {
  // The declarations below are the single source of ranges and rules; validate a copy against them.
  SimulatorParams copy = *this;
  return config::ValidateValues([&copy](config::Section& root) { DescribeParams(root, copy); }).WithContext("simulate");
}

void DescribeParams(config::Section& s, SimulatorParams& p) {
  s.Param("seed", p.seed, "default --seed: same seed and arguments give a byte-identical market", 0, INT64_MAX);
  s.Param("signal_ic", p.signal_ic,
          "default --signal: planted daily cross-sectional Spearman IC with the next close-to-close return", -1.0, 1.0);
  s.Param("signal_persistence", p.signal_persistence, "AR(1) coefficient of the planted signal across days", 0.0, 0.99);

  config::Section& r = s.Child("returns", "return model: market + sector + idiosyncratic, daily GARCH(1,1)");
  r.Param("market_vol", p.market_vol, "annualised volatility of the market factor", 0.0, 2.0);
  r.Param("market_drift", p.market_drift, "annual log drift of the market factor", -0.5, 0.5);
  r.Param("sector_vol", p.sector_vol, "annualised volatility of each of the 11 sector factors", 0.0, 2.0);
  r.Param("idio_vol_median", p.idio_vol_median, "median annualised idiosyncratic volatility", 0.01, 3.0);
  r.Param("idio_vol_dispersion", p.idio_vol_dispersion, "sd of log idiosyncratic volatility across tickers", 0.0, 2.0);
  r.Param("beta_mean", p.beta_mean, "mean market beta", -1.0, 3.0);
  r.Param("beta_sd", p.beta_sd, "sd of market beta across tickers", 0.0, 2.0);
  r.Param("sector_loading_sd", p.sector_loading_sd, "sd of the loading on the own sector factor (mean 1)", 0.0, 2.0);
  r.Param("garch_alpha", p.garch_alpha, "GARCH(1,1) reaction to yesterday's squared shock", 0.0, 0.5);
  r.Param("garch_beta", p.garch_beta, "GARCH(1,1) persistence of yesterday's variance", 0.0, 0.999);
  r.Param("tail_dof", p.tail_dof, "Student-t degrees of freedom of the daily shocks (fat tails)", 2.5, 1000.0);
  r.Param("overnight_share", p.overnight_share, "share of daily variance realised overnight (the open gap)", 0.0, 0.9);
  r.Param("intraday_u_shape", p.intraday_u_shape,
          "intraday volume and variance profile 1 + k(2x-1)^2: open and close are 1+k times midday", 0.0, 20.0);
  r.Rule("garch_alpha + garch_beta < 1", [&p] { return p.garch_alpha + p.garch_beta < 1.0; });

  config::Section& l = s.Child("liquidity", "volume, dollar volume and shares outstanding");
  l.Param("dollar_volume_min", p.dollar_volume_min, "lowest median daily dollar volume (log-uniform)", 1e4, 1e12);
  l.Param("dollar_volume_max", p.dollar_volume_max, "highest median daily dollar volume (log-uniform)", 1e4, 1e12);
  l.Param("turnover_median", p.turnover_median, "median daily turnover (volume / shares outstanding)", 1e-5, 0.5);
  l.Param("price_median", p.price_median, "median starting price (lognormal)", 1.0, 10000.0);
  l.Param("bar_volume_noise", p.bar_volume_noise, "sd of log bar volume around the intraday profile", 0.0, 2.0);
  l.Param("daily_volume_noise", p.daily_volume_noise, "sd of the AR(1) log daily volume innovation", 0.0, 2.0);
  l.Rule("dollar_volume_min < dollar_volume_max", [&p] { return p.dollar_volume_min < p.dollar_volume_max; });

  config::Section& c = s.Child("corporate_actions", "splits and cash dividends, unadjusted in raw bars");
  c.Param("split_rate", p.split_rate, "forward splits (2:1, 3:1, 3:2) per ticker per year", 0.0, 5.0);
  c.Param("reverse_split_below", p.reverse_split_below, "a 1:10 reverse split follows a close below this price", 0.0,
          100.0);
  c.Param("dividend_payer_share", p.dividend_payer_share, "share of tickers paying cash dividends", 0.0, 1.0);
  c.Param("dividend_yield_median", p.dividend_yield_median, "median annual dividend yield of payers", 0.0, 0.2);
  c.Param("dividends_per_year", p.dividends_per_year, "dividend payments per year", 1, 12);

  config::Section& f = s.Child("faults", "feed faults injected into raw bars (probability per bar)");
  f.Param("missing_bar", p.faults.missing_bar, "bar missing from the feed", 0.0, 0.1);
  f.Param("duplicate", p.faults.duplicate, "exact duplicate row", 0.0, 0.1);
  f.Param("out_of_order", p.faults.out_of_order, "row delivered after the next one", 0.0, 0.1);
  f.Param("bad_print", p.faults.bad_print, "one price field zero or negative", 0.0, 0.1);
  f.Param("spike", p.faults.spike, "close printed 5-30% off, reverting on the next bar", 0.0, 0.1);
  f.Rule("the fault rates sum to at most 0.5", [&p] { return p.faults.Total() <= 0.5; });

  config::Section& g = s.Child("regime_shift", "after the date of qtp simulate --regime-shift (nothing without it)");
  g.Param("factor_vol_multiplier", p.regime_shift.factor_vol_multiplier,
          "market and sector factor volatilities are multiplied by this after the shift", 0.1, 10.0);
  g.Param("idio_vol_multiplier", p.regime_shift.idio_vol_multiplier,
          "idiosyncratic volatilities are multiplied by this after the shift (below the factor multiplier: "
          "correlations rise)",
          0.1, 10.0);
  g.Param("signal_half_life", p.regime_shift.signal_half_life,
          "trading days for the planted IC to halve after the shift (0: it is 0 from the first day after)", 0.0,
          10000.0);
}

}  // namespace qtp::sim
