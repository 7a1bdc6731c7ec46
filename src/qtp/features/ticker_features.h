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

// A ticker's clean inputs. `daily` holds every stored day (the long windows reach back up to 252
// days); `intraday` must hold at least the 5-minute bars of every day from 20 trading days before
// the first requested date onwards (reading from the previous calendar year is enough).
struct TickerBars {
  std::string ticker;
  Bars1d daily;
  Bars5m intraday;
  double shares_outstanding = kNaN;  // NaN: unknown, turnover stays NULL
  // The simulator's planted signal (dates ascending); empty on real data, sim_signal stays NULL.
  std::vector<DateDays> signal_dates;
  std::vector<double> signal;
};

// Rows of schema::FeaturesRaw() for each of the ticker's days in [first_date, last_date], in date
// order. No lookahead: the row of day t reads only bars and daily closes up to t. Cross-sectional
// columns are NULL.
Table ComputeTickerFeatures(const TickerBars& in, DateDays first_date, DateDays last_date, const FeatureParams& params,
                            SpectrumScratch& scratch);

}  // namespace qtp::features
