// One ticker's daily features (every features_raw column except the cross-sectional ones, which
// cross_section.h fills once all tickers are known). Pure: no store access, so it runs on a worker
// thread and is tested on hand-made inputs.
#pragma once

#include <string>

#include "qtp/core/bars.h"
#include "qtp/core/table.h"
#include "qtp/features/feature_params.h"
#include "qtp/features/metrics/series_stats.h"

namespace qtp::features {

// Trading days before the first requested date whose 5-minute bars the features read: the 20-day
// means of intraday values and the intraday trend windows (at most 20 days, feature_params.cpp).
inline constexpr int kIntradayLookbackDays = 20;

// A ticker's clean inputs. `daily` holds every stored day (the long windows reach back up to 252
// days); `intraday` must hold at least the 5-minute bars of every day from kIntradayLookbackDays
// trading days before the first requested date onwards.
struct TickerBars {
  std::string ticker;
  Bars1d daily;
  Bars5m intraday;
  // Per daily row (empty: no corporate actions): the price factor of the actions effective since
  // the previous row (bars_1d ex_factor), and the volume factor to the latest action
  // (adj_volume_factor), read only for turnover.
  std::vector<double> ex_factor, adj_volume_factor;
  double shares_outstanding = kNaN;  // NaN: unknown, turnover stays NULL
  // The simulator's planted signal (dates ascending); empty on real data, sim_signal stays NULL.
  std::vector<DateDays> signal_dates;
  std::vector<double> signal;
};

// Rows of schema::FeaturesRaw() for each of the ticker's days in [first_date, last_date], in date
// order. No lookahead: the row of day t reads only bars, daily closes and corporate actions up to t
// (prices as traded, windows put in day t's basis by the actions up to t), so an action after t
// leaves it bit-identical. The one exception is turnover: shares outstanding is a single current
// figure (the universe file has no history), so the day's volume is put in that figure's basis,
// and a later split changes past turnover. Cross-sectional columns are NULL.
Table ComputeTickerFeatures(const TickerBars& in, DateDays first_date, DateDays last_date, const FeatureParams& params,
                            SpectrumScratch& scratch);

}  // namespace qtp::features
