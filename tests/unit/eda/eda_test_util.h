// Shared helpers of the EDA tests: correlations computed the plain way (sort, average ranks,
// Pearson) to check the kernels against, and simulated markets taken through simulate, clean and
// features into a temporary store, built once per test binary.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

#include "qtp/core/file_util.h"
#include "qtp/data/clean/run_clean.h"
#include "qtp/data/ingest/ingestor.h"
#include "qtp/data/simulate/run_simulate.h"
#include "qtp/data/store/feature_columns.h"
#include "qtp/data/store/schema.h"
#include "qtp/data/store/store.h"
#include "qtp/eda/report.h"
#include "qtp/features/run_features.h"
#include "test_util/plain_stats.h"
#include "test_util/temp_dir.h"

namespace qtp::eda::testing {

// The textbook versions (test_util/plain_stats.h), under the names these tests read best with.
inline constexpr auto& PlainPearson = test_util::Pearson;
inline constexpr auto& PlainRanks = test_util::AverageRanks;

// Spearman over the positions finite in both, the plain way: drop incomplete pairs, rank, Pearson.
inline double PlainSpearman(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> x, y;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::isfinite(a[i]) && std::isfinite(b[i])) {
      x.push_back(a[i]);
      y.push_back(b[i]);
    }
  }
  return PlainPearson(PlainRanks(x), PlainRanks(y));
}

inline std::string Text(const std::string& path) {
  Result<std::string> t = ReadFile(path);
  EXPECT_TRUE(t.ok()) << path << ": " << t.status().ToString();
  return t.ok() ? *t : "";
}

// Every report file except the append-only event log (and gnuplot's log), and the feature
// metadata, by path below the data dir.
inline std::map<std::string, std::string> ReportFiles(const std::string& data) {
  namespace fs = std::filesystem;
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(data + "/" + kEdaReportDir)) {
    const std::string name = e.path().filename().string();
    if (e.is_regular_file() && name != "events.jsonl" && name != "gnuplot.log") {
      files[fs::relative(e.path(), data).string()] = Text(e.path().string());
    }
  }
  files[kFeatureMetadataFile] = Text(data + "/" + kFeatureMetadataFile);
  return files;
}

inline std::unique_ptr<Store> OpenWriteStore(const std::string& dir) {
  auto s = Store::Open({dir, "eda-test", StoreMode::kWrite, 0});
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return std::move(s).value();
}

// A simulated market (no feed faults, so every ticker trades every day and the planted signal's
// expected IC is exact) after simulate, clean and features, in its own temporary folder.
struct SimulatedMarket {
  test_util::TempDir dir;
  std::unique_ptr<Store> store;
  int tickers = 0;
  double signal = 0;
};

inline std::unique_ptr<SimulatedMarket> BuildMarket(int tickers, DateDays start, DateDays end, double signal,
                                                    uint64_t seed) {
  auto m = std::make_unique<SimulatedMarket>();
  m->tickers = tickers;
  m->signal = signal;
  m->store = OpenWriteStore(m->dir.path() + "/data");
  Ingestor ingestor(*m->store);
  sim::SimulatorParams params;
  params.faults = sim::FaultRates{0.0, 0.0, 0.0, 0.0, 0.0};
  sim::SimulateRequest request;
  request.tickers = tickers;
  request.start = start;
  request.end = end;
  request.seed = seed;
  request.signal = signal;
  Store& store = *m->store;
  request.signal_sink = [&store](const std::string& ticker, const std::vector<DateDays>& dates,
                                 const std::vector<double>& values) -> Status {
    Table t(schema::SimulatedSignal());
    t.Column<int32_t>("date") = dates;
    t.Column<double>("signal") = values;
    return store.Merge(schema::SimulatedSignal(), ticker, std::move(t)).status();
  };
  auto simulated = sim::RunSimulate(ingestor, params, request, m->dir.path() + "/universe.csv", {});
  EXPECT_TRUE(simulated.ok()) << simulated.status().ToString();
  auto cleaned = clean::RunClean(store, clean::CleanParams{}, "eda-test", {});
  EXPECT_TRUE(cleaned.ok()) << cleaned.status().ToString();
  auto featured = features::RunFeatures(store, features::FeatureParams{}, {}, {});
  EXPECT_TRUE(featured.ok()) << featured.status().ToString();
  return m;
}

// The planted-signal market of the brief: 60 tickers over 2021-2022 with X = 0.3; built on first
// use and shared by the tests of this binary.
inline SimulatedMarket& SignalMarket() {
  static std::unique_ptr<SimulatedMarket> market =
      BuildMarket(60, DaysFromCivil(2021, 1, 1), DaysFromCivil(2022, 12, 31), 0.3, 2024);
  return *market;
}

// The stored features (`features`) and features_raw rows of a market.
struct FeatureTables {
  Table normalized;
  Table raw;
};

inline FeatureTables ReadFeatures(const Store& store) {
  auto normalized = store.Read(schema::Features(), "");
  auto raw = store.Read(schema::FeaturesRaw(), "");
  EXPECT_TRUE(normalized.ok() && raw.ok());
  return {std::move(normalized).value(), std::move(raw).value()};
}

// A store in `dir` holding only `tables` (the inputs of the EDA), committed.
inline std::unique_ptr<Store> FeatureStore(const std::string& dir, const FeatureTables& tables) {
  auto store = OpenWriteStore(dir);
  EXPECT_TRUE(store->Replace(schema::Features(), "", tables.normalized).ok());
  EXPECT_TRUE(store->Replace(schema::FeaturesRaw(), "", tables.raw).ok());
  EXPECT_TRUE(store->Commit().ok());
  return store;
}

// The same universe and period with nothing planted (X = 0).
inline SimulatedMarket& NullMarket() {
  static std::unique_ptr<SimulatedMarket> market =
      BuildMarket(60, DaysFromCivil(2021, 1, 1), DaysFromCivil(2022, 12, 31), 0.0, 2025);
  return *market;
}

}  // namespace qtp::eda::testing
