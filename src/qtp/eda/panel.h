// The day x feature x ticker panel every EDA statistic reads: dense, NaN where a ticker has no row
// or no value, days in ascending order. Memory is (features + 2) x tickers doubles per day, held in
// fixed-size blocks of days so appending never moves what is stored.
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
  // Adjusted close and open of the day (open only filled for entry = next_open).
  std::span<double> Close(size_t day) { return Slot(day, features_.size()); }
  std::span<const double> Close(size_t day) const { return Slot(day, features_.size()); }
  std::span<double> Open(size_t day) { return Slot(day, features_.size() + 1); }
  std::span<const double> Open(size_t day) const { return Slot(day, features_.size() + 1); }
  // A sample of the feature's raw (features_raw) values, for the distribution plots.
  std::vector<double>& RawSample(size_t feature) { return raw_samples_[feature]; }
  const std::vector<double>& RawSample(size_t feature) const { return raw_samples_[feature]; }

 private:
  static constexpr size_t kDaysPerBlock = 32;
  std::span<double> Slot(size_t day, size_t slot) const;

  std::vector<std::string> tickers_;
  std::vector<std::string> features_;
  std::vector<DateDays> dates_;
  std::vector<std::unique_ptr<double[]>> blocks_;
  std::vector<std::vector<double>> raw_samples_;
};

// The predictors of schema::FeatureColumns(), in registry order.
std::vector<std::string> PredictorNames();

// Builds the panel from the store: the normalized predictors of `features` and the adjusted close
// of `features_raw` (same rows, checked), read one year at a time, plus a raw sample of every
// predictor (every k-th row, about kRawSampleRows in all). With `next_open`, open and close come
// instead from each ticker's bars_1d (one adjustment basis for both prices). NotFound when no
// features are stored.
inline constexpr size_t kRawSampleRows = 20000;
Result<Panel> LoadPanel(const Store& store, bool next_open);

}  // namespace qtp::eda
