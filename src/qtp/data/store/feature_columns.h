// The daily feature datasets: one row per (date, ticker), one column per feature. The list below is
// the single source of every feature's name, group, unit and definition: the schemas, the feature
// stage, docs/features.md and feature_metadata.yaml all read it, so they cannot drift apart.
#pragma once

#include <string>
#include <vector>

#include "qtp/core/table.h"

namespace qtp::schema {

struct FeatureColumn {
  std::string name;
  std::string group;       // info, return, liquidity, volatility, trend, cross_section, external
  std::string unit;
  std::string definition;  // formula, window, and when the value is NULL
  bool predictor = true;   // normalized into `features` and scored by IC; false for bookkeeping (close, n_bars)
  ColumnType type = ColumnType::kDouble;
};

// In column order. Windows are in trading days of the ticker's own daily bars unless stated.
const std::vector<FeatureColumn>& FeatureColumns();

// processed/features/raw (view features_raw), partitioned by year: date, ticker, every feature.
const TableSpec& FeaturesRaw();
// processed/features/normalized (view features): date, ticker, every predictor normalized across
// the day's tickers (method in config `features.normalization`).
const TableSpec& Features();
// processed/features/inputs (view feature_inputs, one file): for each ticker, every input partition
// its stored features were computed from: its SHA-256, its last date and a digest of the values the
// features read (so an incremental run can tell appended days from revised ones), and the hash of
// the feature parameters.
const TableSpec& FeatureInputs();

}  // namespace qtp::schema
