// The datasets of `qtp select` (docs/selection.md): the point-in-time top-K history and the record
// of the inputs it was computed from.
#pragma once

#include "qtp/core/table.h"

namespace qtp::schema {

// processed/universe/topk_history (view topk_history), partitioned by year, key (date, ticker):
// one row per ticker selected on a date, as the selection stood at that day's close.
//   rank               1 = best composite score among the day's scored tickers (a holding kept by
//                      the hysteresis buffer can rank below k)
//   score              weighted mean of the three sub-scores, in [0, 1]
//   liquidity_score, volatility_score, trend_score
//                      mean cross-sectional percentile rank (0 = worst, 1 = best) of the group's
//                      columns; NULL when the ticker has none of them that day
//   rebalance          1 when the date is a rebalance date (select.rebalance), else 0
//   entered            1 when the ticker was not selected on the previous trading day, else 0
//   close, adv_20      the features_raw values the price and dollar-volume filters compared
//   history_days       features_raw rows of the ticker up to and including the date
const TableSpec& TopKHistory();

// processed/universe/inputs (view selection_inputs, one file): what the stored topk_history was
// computed from, with the hash of the select parameters in every row:
//   dataset features_raw: one row per trading day (date), with its partition's year and SHA-256
//                         and a digest of every value of that day's rows (core/value_digest.h)
//   dataset universe_membership: one row (year 0, date and digest NULL), the file's SHA-256
// An incremental run compares the SHA-256s with the manifest to find the years that changed, and
// the day digests of those years to find the first day that changed.
const TableSpec& SelectionInputs();

}  // namespace qtp::schema
