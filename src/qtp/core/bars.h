// Typed, columnar bar batches for one ticker: what providers, the simulator and importers produce,
// what ingest validates and what cleaning consumes. Conversions to store Tables live in
// data/store/schema.h.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "qtp/core/time.h"

namespace qtp {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// One 5-minute bar. ts is the bar's START as a UTC instant.
struct Bar5m {
  TimestampUs ts = 0;
  double open = kNaN, high = kNaN, low = kNaN, close = kNaN;
  double volume = kNaN;        // shares (double: adjusted volumes are fractional)
  double vwap = kNaN;          // NaN = not provided
  int64_t trade_count = kNullInt64;
};

struct Bars5m {
  std::string ticker;
  std::vector<TimestampUs> ts;
  std::vector<double> open, high, low, close, volume, vwap;
  std::vector<int64_t> trade_count;
  std::vector<std::string> source;  // per row: merged partitions can mix providers

  size_t size() const { return ts.size(); }
  bool empty() const { return ts.empty(); }
  void reserve(size_t n);
  void push_back(const Bar5m& bar, const std::string& row_source);
  Bar5m row(size_t i) const;
  // Keeps rows whose index has keep[i] != 0, in order.
  void Filter(const std::vector<uint8_t>& keep);
};

// One daily bar for an exchange date.
struct Bar1d {
  DateDays date = 0;
  double open = kNaN, high = kNaN, low = kNaN, close = kNaN;
  double volume = kNaN;
  double vwap = kNaN;
  int64_t n_bars = kNullInt64;  // number of 5-minute bars aggregated; null for daily-only imports
};

struct Bars1d {
  std::string ticker;
  std::vector<DateDays> date;
  std::vector<double> open, high, low, close, volume, vwap;
  std::vector<int64_t> n_bars;
  std::vector<std::string> source;

  size_t size() const { return date.size(); }
  bool empty() const { return date.empty(); }
  void reserve(size_t n);
  void push_back(const Bar1d& bar, const std::string& row_source);
  Bar1d row(size_t i) const;
  void Filter(const std::vector<uint8_t>& keep);
};

enum class CorporateActionType { kSplit, kDividend };
const char* CorporateActionTypeName(CorporateActionType type);  // "split" / "dividend"

// A split of `split_ratio` new shares per old share (2.0 = 2-for-1; 0.1 = 1-for-10 reverse split),
// or a cash dividend of `dividend` per share, effective at the open of ex_date.
struct CorporateAction {
  std::string ticker;
  DateDays ex_date = 0;
  CorporateActionType type = CorporateActionType::kSplit;
  double split_ratio = kNaN;
  double dividend = kNaN;
  std::string source;
};

}  // namespace qtp
