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
// processed/features/inputs (view feature_inputs, one file): for each ticker, the SHA-256 of every
// clean-bar partition its stored features were computed from, and the hash of the feature
// parameters; what an incremental run compares to find the work left to do.
const TableSpec& FeatureInputs();

}  // namespace qtp::schema
