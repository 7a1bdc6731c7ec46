// Parameters of `qtp features` (config section `features`). Windows whose length is part of a
// column's name (adv_20, trend_60d_*, ...) are fixed; the ones below are named by role so a
// changed window never makes a column name lie. docs/features.md has every definition.
#pragma once

#include <string>

#include "qtp/config/section.h"

namespace qtp::features {

struct FeatureParams {
  int intraday_trend_short_days = 1;  // trend_5m_short_*: 5-minute bars of the last N days
  int intraday_trend_long_days = 5;   // trend_5m_long_*
  int hurst_window = 128;             // daily log returns per Hurst estimate
  std::string hurst_method = "rs";    // "rs": Anis-Lloyd-Peters corrected R/S; "dfa": DFA-1
  int vr_window = 60;                 // daily log returns per variance ratio
  int vr_q = 5;                       // variance-ratio horizon in days
  int spectral_window = 64;           // daily log returns per periodogram
  double spectral_cutoff = 0.1;       // "low frequency": below this many cycles per day
  int pca_window = 60;                // days of the cross-section of returns per PCA
  double reference_order_usd = 100000;  // order size of rt_cost_bps
  std::string normalization = "rank_gauss";  // rank_gauss, rank, robust_zscore (see normalize.h)
  double zscore_clip = 3.0;                  // robust_zscore (and stock_zscore_window) clip at ±this many sigmas
  int stock_zscore_window = 0;  // > 0: z-score each predictor against the ticker's own last N days first
  int threads = 2;  // tickers computed at once while the calling thread reads and writes the store
};

void DescribeParams(config::Section& section, FeatureParams& params);

// A digest of every value above: stored features computed with other parameters are recomputed.
std::string ParamsHash(const FeatureParams& params);

}  // namespace qtp::features
