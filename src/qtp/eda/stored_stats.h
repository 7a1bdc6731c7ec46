// The per-day results of the EDA in the store (eda_columns.h): the rows a run writes for its days,
// and the reading back of the days an incremental run does not recompute. Reading back gives
// exactly what was computed (doubles round-trip through Parquet; a day or value absent from the
// store was undefined), so statistics combined from stored and fresh days equal a full run's.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "qtp/core/status.h"
#include "qtp/core/table.h"
#include "qtp/data/store/store.h"
#include "qtp/eda/daily_stats.h"

namespace qtp::eda {

// Bookkeeping of the panel days (dataset eda_days), ascending by date.
struct DayRecord {
  std::vector<DateDays> dates;
  std::vector<int64_t> tickers;      // with a close
  std::vector<int64_t> members;      // of those, inside a universe_membership interval
  std::vector<std::string> digests;  // DayDigest

  size_t size() const { return dates.size(); }
  // Appends day i of `other`.
  void Append(const DayRecord& other, size_t i);
};

// The rows of days [from, dates.size()) of `daily` (the statistics of `dates`, of the predictors
// `features`), in key order, as each dataset stores them.
Table IcRows(const DailyStats& daily, const std::vector<DateDays>& dates, const std::vector<std::string>& features,
             size_t from);
Table AutocorrRows(const DailyStats& daily, const std::vector<DateDays>& dates,
                   const std::vector<std::string>& features, size_t from);
Table CorrRows(const DailyStats& daily, const std::vector<DateDays>& dates, const std::vector<std::string>& features,
               size_t from);
Table MissingForwardRows(const DailyStats& daily, const std::vector<DateDays>& dates, size_t from);
Table DayRows(const DayRecord& days, size_t from);

// Every stored eda_days row.
Result<DayRecord> ReadDayRecord(const Store& store);

// Fills days [0, until) of `daily` (the statistics of `dates`, of the predictors `features`) from
// the stored feature_ic, feature_autocorr, feature_corr and eda_missing_forward rows dated before
// dates[until] (every day when until = dates.size()). Corruption when a stored row names a date,
// feature, horizon or window that `daily` does not have.
Status ReadStoredStats(const Store& store, const std::vector<DateDays>& dates, size_t until,
                       const std::vector<std::string>& features, DailyStats& daily);

// Copies days [from, from + count) of `source` into days [to, to + count) of `target` (same
// features, horizons and windows).
void CopyDays(const DailyStats& source, size_t from, size_t count, DailyStats& target, size_t to);

}  // namespace qtp::eda
