// The day x feature x ticker panel the EDA day pass reads: dense, NaN where a ticker has no row or
// no value, days in ascending order. Memory is (features + 3) x tickers doubles per day, held in
// fixed-size blocks of days so appending never moves what is stored. An incremental run loads only
// the latest years (LoadPanel's first_year).
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "qtp/core/status.h"
#include "qtp/core/time.h"
#include "qtp/data/store/store.h"

namespace qtp::eda {

class Panel {
 public:
  // `tickers` sorted and unique; `features` the predictors, in registry order.
  Panel(std::vector<std::string> tickers, std::vector<std::string> features);

  // Appends a day (after every day already added) with all values NaN; returns its index.
  size_t AddDay(DateDays date);

  size_t num_days() const { return dates_.size(); }
  size_t num_tickers() const { return tickers_.size(); }
  size_t num_features() const { return features_.size(); }
  const std::vector<DateDays>& dates() const { return dates_; }
  const std::vector<std::string>& tickers() const { return tickers_; }
  const std::vector<std::string>& features() const { return features_; }
  // Index of `ticker` / of `date`, or -1.
  int TickerIndex(std::string_view ticker) const;
  int DayIndex(DateDays date) const;

  // One value per ticker (index as in tickers()).
  std::span<double> Feature(size_t day, size_t feature) { return Slot(day, feature); }
  std::span<const double> Feature(size_t day, size_t feature) const { return Slot(day, feature); }
  // Close and open of the day as traded (open only filled for entry = next_open), and features_raw
  // ex_factor: a price of an earlier day is put in this day's basis by the ex_factors of the days after it.
  std::span<double> Close(size_t day) { return Slot(day, features_.size()); }
  std::span<const double> Close(size_t day) const { return Slot(day, features_.size()); }
  std::span<double> Open(size_t day) { return Slot(day, features_.size() + 1); }
  std::span<const double> Open(size_t day) const { return Slot(day, features_.size() + 1); }
  std::span<double> ExFactor(size_t day) { return Slot(day, features_.size() + 2); }
  std::span<const double> ExFactor(size_t day) const { return Slot(day, features_.size() + 2); }

  static constexpr size_t kPriceSlots = 3;  // close, open, ex_factor

 private:
  static constexpr size_t kDaysPerBlock = 32;
  std::span<double> Slot(size_t day, size_t slot) const;

  std::vector<std::string> tickers_;
  std::vector<std::string> features_;
  std::vector<DateDays> dates_;
  std::vector<std::unique_ptr<double[]>> blocks_;
};

// The predictors of schema::FeatureColumns(), in registry order.
std::vector<std::string> PredictorNames();

// Every ticker with a features row in any year, sorted.
Result<std::vector<std::string>> StoredTickers(const Store& store);

// Builds the panel from the store, the days of years >= `first_year` (0: all): the normalized
// predictors of `features` and the close and ex_factor of `features_raw` (same rows, checked), read
// one year at a time. With `next_open`, open and close come instead from each ticker's bars_1d (as
// traded, like features_raw's close). The tickers are those of every year (StoredTickers), so a
// ticker's index does not depend on `first_year`. NotFound when no features are stored.
Result<Panel> LoadPanel(const Store& store, bool next_open, int first_year = 0);

// ValueDigest (hex) of what the statistics of `day` read: for each ticker with any finite value
// that day, in ticker order, its name, every predictor, close, open and ex_factor (NaN canonicalized).
std::string DayDigest(const Panel& panel, size_t day);

}  // namespace qtp::eda
