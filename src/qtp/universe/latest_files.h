// The latest selection as plain CSV files for people and other tools:
//   <data>/universe/topK_<k>.csv     ticker,rank,score,liquidity_score,volatility_score,trend_score,
//                                    close,adv_20,history_days,entered,date   (by rank)
//   <data>/universe/topK_metrics.csv ticker,rank,date, then close and every liquidity, volatility
//                                    and trend column of features_raw (raw values), by rank
// Empty cells are NULLs. Both describe the last features_raw date; an empty selection gives the
// header alone.
#pragma once

#include <string>

#include "qtp/core/status.h"
#include "qtp/core/table.h"
#include "qtp/data/store/feature_columns.h"
#include "qtp/data/store/selection_columns.h"

namespace qtp::universe {

struct LatestDay {
  DateDays date = kNullDate;
  Table selection{schema::TopKHistory()};  // the day's topk_history rows
  Table features{schema::FeaturesRaw()};   // the day's features_raw rows (at least the selected tickers')
};

std::string TopKCsv(const LatestDay& day);
std::string TopKMetricsCsv(const LatestDay& day);

std::string TopKCsvPath(const std::string& data_dir, int k);
std::string TopKMetricsCsvPath(const std::string& data_dir);

// Writes both files atomically, each only when its content differs from the file on disk, and
// removes topK_<n>.csv files of other n (a changed select.k would leave them looking current).
// Returns whether anything was written or removed.
Result<bool> WriteLatestFiles(const std::string& data_dir, int k, const LatestDay& day);

}  // namespace qtp::universe
