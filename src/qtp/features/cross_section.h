// The cross-sectional half of the feature stage: what needs every ticker of a day at once. Both
// functions take a panel of features_raw rows sorted by (date, ticker) and touch only the rows of
// dates >= `from`; rows before it are the history the windows read. A day's values use only rows of
// that day and earlier, so no lookahead enters here either.
#pragma once

#include "qtp/core/status.h"
#include "qtp/core/table.h"
#include "qtp/features/feature_params.h"

namespace qtp::features {

// Fills pc1_loading..pc3_loading and idio_share: for each day t >= from, the PCA (metrics/pca.h,
// standardized returns) of the daily log returns ln(1 + ret_1d) of the params.pca_window days
// ending at t, over the tickers with a return on every one of those days. Other tickers, and days
// with fewer than 3 such tickers, stay NULL.
Status AddPcaLoadings(Table& panel, DateDays from, const FeatureParams& params);

// Rows of schema::Features() for every panel row with date >= from: each predictor normalized
// across that day's tickers with a value (params.normalization):
//   rank_gauss     Φ⁻¹((rank − 0.5) / n)      ties get their average rank; n = tickers with a value
//   rank           (rank − 0.5) / n − 0.5     in (−0.5, 0.5)
//   robust_zscore  (x − median) / (1.4826 · MAD), clipped to ±params.zscore_clip; NULL when MAD = 0
// A NULL raw value stays NULL. With params.stock_zscore_window = N > 0, each value is first replaced
// by its z-score against the same ticker's last N rows of the panel (today included; mean and
// sample std; at least 80% of them present; clipped to ±params.zscore_clip), so the panel must hold
// N days of history before `from`.
Table NormalizeCrossSection(const Table& panel, DateDays from, const FeatureParams& params);

}  // namespace qtp::features
