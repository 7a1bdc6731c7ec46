#include "qtp/features/cross_section.h"

#include <gtest/gtest.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "qtp/core/bars.h"
#include "qtp/core/time.h"
#include "qtp/data/store/feature_columns.h"
#include "qtp/features/metrics/pca.h"
#include "test_util/plain_stats.h"

namespace qtp::features {
namespace {

// --- Panels ---------------------------------------------------------------------------------------

// A features_raw panel with one row per (date, ticker) where present[d][t], sorted by (date, ticker);
// every feature NULL, n_bars 0.
Table EmptyPanel(const std::vector<DateDays>& dates, const std::vector<std::string>& tickers,
                 const std::vector<std::vector<bool>>& present) {
  Table panel(schema::FeaturesRaw());
  for (size_t d = 0; d < dates.size(); ++d) {
    for (size_t t = 0; t < tickers.size(); ++t) {
      if (!present[d][t]) continue;
      panel.Column<int32_t>("date").push_back(dates[d]);
      panel.Column<std::string>("ticker").push_back(tickers[t]);
    }
  }
  const size_t rows = panel.Column<int32_t>("date").size();
  for (const schema::FeatureColumn& f : schema::FeatureColumns()) {
    if (f.type == ColumnType::kDouble) {
      panel.Column<double>(f.name).assign(rows, kNaN);
    } else {
      panel.Column<int64_t>(f.name).assign(rows, 0);
    }
  }
  return panel;
}

// --- NormalizeCrossSection ------------------------------------------------------------------------

// Three dates × tickers A..E; the first date lies before `from`. Hand-set raw values:
//   ret_1d  day 1: 0.03, 0.01, NULL, 0.01, -0.02   (a tie and a NULL; n = 4)
//           day 2: 5, 1, 2, 100, 3                 (an outlier)
//   adv_20  day 1: 2, 2, 2, 9, 2                   (four-way tie; MAD = 0)
//   hurst   NULL everywhere
class NormalizeTest : public testing::Test {
 protected:
  NormalizeTest()
      : dates_{DaysFromCivil(2024, 3, 1), DaysFromCivil(2024, 3, 4), DaysFromCivil(2024, 3, 5)},
        panel_(EmptyPanel(dates_, {"A", "B", "C", "D", "E"},
                          std::vector<std::vector<bool>>(3, std::vector<bool>(5, true)))) {
    std::vector<double>& ret = panel_.Column<double>("ret_1d");
    const std::vector<double> values = {-9,   8,    -7,   6,    -5,     // before `from`: must not leak in
                                        0.03, 0.01, kNaN, 0.01, -0.02,  // day 1
                                        5,    1,    2,    100,  3};     // day 2
    ret = values;
    std::vector<double>& adv = panel_.Column<double>("adv_20");
    for (size_t i = 0; i < 5; ++i) adv[5 + i] = i == 3 ? 9.0 : 2.0;
  }

  Table Normalize(const std::string& method, DateDays from) const {
    FeatureParams params;
    params.normalization = method;
    params.zscore_clip = 2.0;
    return NormalizeCrossSection(panel_, from, params);
  }

  // Row i of the output is row 5 + i of the panel (day 1 then day 2, tickers A..E).
  static void ExpectColumn(const Table& out, const std::string& column, const std::vector<double>& expected,
                           double tolerance) {
    const std::vector<double>& got = out.Column<double>(column);
    ASSERT_EQ(got.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
      if (std::isnan(expected[i])) {
        EXPECT_TRUE(std::isnan(got[i])) << column << " row " << i << " = " << got[i];
      } else {
        EXPECT_NEAR(got[i], expected[i], tolerance) << column << " row " << i;
      }
    }
  }

  std::vector<DateDays> dates_;
  Table panel_;
};

TEST_F(NormalizeTest, OutputHoldsOnlyRowsFromOnAndOnlyPredictors) {
  for (DateDays from : {dates_[1], dates_[0] + 1}) {  // a `from` between two dates acts like the next date
    const Table out = Normalize("rank", from);
    EXPECT_TRUE(out.Validate().ok());
    ASSERT_EQ(out.num_rows(), 10u);
    const std::vector<std::string> tickers = {"A", "B", "C", "D", "E"};
    for (size_t i = 0; i < 10; ++i) {
      EXPECT_EQ(out.Column<int32_t>("date")[i], dates_[1 + i / 5]);
      EXPECT_EQ(out.Column<std::string>("ticker")[i], tickers[i % 5]);
    }
    EXPECT_EQ(out.spec().ColumnIndex("close"), -1);
    EXPECT_EQ(out.spec().ColumnIndex("n_bars"), -1);
  }
  EXPECT_EQ(Normalize("rank", dates_[2] + 1).num_rows(), 0u);
}

// Day 1 ranks: E 1, B = D 2.5 (average of 2 and 3), A 4 of n = 4. Day 2: B 1, C 2, E 3, A 4, D 5.
// adv_20 day 1: the four 2s share rank 2.5, the 9 has rank 5 of n = 5.
TEST_F(NormalizeTest, UniformRank) {
  const Table out = Normalize("rank", dates_[1]);
  ExpectColumn(out, "ret_1d", {0.375, 0, kNaN, 0, -0.375, 0.2, -0.4, -0.2, 0.4, 0}, 1e-15);
  ExpectColumn(out, "adv_20", {-0.1, -0.1, -0.1, 0.4, -0.1, kNaN, kNaN, kNaN, kNaN, kNaN}, 1e-15);
  ExpectColumn(out, "hurst", std::vector<double>(10, kNaN), 0);
}

// Φ⁻¹ of the uniform ranks + 0.5: Φ⁻¹(0.875) = 1.1503493803760082, Φ⁻¹(0.9) = 1.2815515655446004,
// Φ⁻¹(0.7) = 0.5244005127080408, Φ⁻¹(0.4) = −0.2533471031357997 (mpmath).
TEST_F(NormalizeTest, GaussianRank) {
  const Table out = Normalize("rank_gauss", dates_[1]);
  const double q875 = 1.1503493803760082, q9 = 1.2815515655446004, q7 = 0.5244005127080408;
  ExpectColumn(out, "ret_1d", {q875, 0, kNaN, 0, -q875, q7, -q9, -q7, q9, 0}, 1e-14);
  const double q4 = -0.2533471031357997;
  ExpectColumn(out, "adv_20", {q4, q4, q4, q9, q4, kNaN, kNaN, kNaN, kNaN, kNaN}, 1e-14);
}

// Day 1: median 0.01, |x − median| = 0.02, 0, 0, 0.03 → MAD 0.01, scale 0.014826:
//   A 0.02 / 0.014826 = 1.34898..., B = D = 0, E −0.03 / 0.014826 = −2.0235 → clipped to −2.
// Day 2: median 3, |x − 3| = 2, 2, 1, 97, 0 → MAD 2, scale 2.9652:
//   A 2/2.9652, B −2/2.9652, C −1/2.9652, D 97/2.9652 = 32.7 → clipped to 2, E 0.
// adv_20 day 1: MAD 0 → NULL.
TEST_F(NormalizeTest, RobustZscoreWithClipping) {
  const Table out = Normalize("robust_zscore", dates_[1]);
  const double s1 = 1.4826 * 0.01, s2 = 1.4826 * 2;
  ExpectColumn(out, "ret_1d", {0.02 / s1, 0, kNaN, 0, -2.0, 2 / s2, -2 / s2, -1 / s2, 2.0, 0}, 1e-12);
  ExpectColumn(out, "adv_20", std::vector<double>(10, kNaN), 0);
  ExpectColumn(out, "hurst", std::vector<double>(10, kNaN), 0);
}

// stock_zscore_window = 3: on day 2 each ticker's value becomes its z-score against its own three
// days (the day before `from` included), computed here by the textbook formula; C has one value
// missing (2 of 3 < 80%) and drops out. The ranks then follow the z-scores, which order A and E
// the other way round from their raw values (raw: E 3 < A 5). Day 1 has no full window: NULL.
TEST_F(NormalizeTest, PerStockZScoreComesBeforeTheCrossSection) {
  FeatureParams params;
  params.normalization = "rank";
  params.zscore_clip = 2.0;
  params.stock_zscore_window = 3;
  const Table out = NormalizeCrossSection(panel_, dates_[1], params);
  auto z = [](std::vector<double> v) {
    const double mean = (v[0] + v[1] + v[2]) / 3;
    double ss = 0;
    for (double x : v) ss += (x - mean) * (x - mean);
    return (v[2] - mean) / std::sqrt(ss / 2);
  };
  const std::vector<double> zs = {z({-9, 0.03, 5}), z({8, 0.01, 1}), z({6, 0.01, 100}), z({-5, -0.02, 3})};  // A B D E
  const std::vector<double> ranks = test_util::AverageRanks(zs);
  auto uniform = [](double rank) { return (rank - 0.5) / 4 - 0.5; };
  ExpectColumn(out, "ret_1d",
               {kNaN, kNaN, kNaN, kNaN, kNaN, uniform(ranks[0]), uniform(ranks[1]), kNaN, uniform(ranks[2]),
                uniform(ranks[3])},
               1e-15);
  EXPECT_LT(out.Column<double>("ret_1d")[5], out.Column<double>("ret_1d")[9]) << "A's z-score is below E's";
}

// --- AddPcaLoadings -------------------------------------------------------------------------------

// 80 dates × 8 tickers of one-factor log returns r = β_i f_t + ε (σ_f = 2%, σ_ε = 1%), stored as
// ret_1d = e^r − 1. T3 has no return on date 70 (NULL ret_1d); T6 has no row at all on date 5.
class PcaPanelTest : public testing::Test {
 protected:
  static constexpr int kDates = 80;
  static constexpr int kTickers = 8;
  static constexpr int kWindow = 60;

  PcaPanelTest() : present_(kDates, std::vector<bool>(kTickers, true)), ret_(kDates, std::vector<double>(kTickers)) {
    params_.pca_window = kWindow;
    std::mt19937_64 rng(20240601);
    std::normal_distribution<double> z;
    DateDays date = DaysFromCivil(2024, 1, 2);
    for (int d = 0; d < kDates; ++d) {
      dates_.push_back(date++);
      const double f = 0.02 * z(rng);
      for (int t = 0; t < kTickers; ++t) ret_[d][t] = std::expm1((0.5 + 0.2 * t) * f + 0.01 * z(rng));
    }
    for (int t = 0; t < kTickers; ++t) tickers_.push_back(std::string(1, 'T').append(std::to_string(t)));
    ret_[70][3] = kNaN;
    present_[5][6] = false;
    panel_ = EmptyPanel(dates_, tickers_, present_);
    std::vector<double>& ret = panel_.Column<double>("ret_1d");
    size_t row = 0;
    for (int d = 0; d < kDates; ++d) {
      for (int t = 0; t < kTickers; ++t) {
        if (!present_[d][t]) continue;
        row_of_[{d, t}] = row;
        ret[row++] = ret_[d][t];
      }
    }
  }

  // Checks every row of date d against a direct PcaLoadings call on the window of the tickers with a
  // return on each of its kWindow dates; the others (and every row of a date without a full window)
  // must be NULL.
  void ExpectDateMatchesDirectPca(const Table& panel, int d) const {
    std::vector<int> members;
    for (int t = 0; t < kTickers; ++t) {
      bool full = d + 1 >= kWindow && present_[d][t];
      for (int s = d + 1 - kWindow; full && s <= d; ++s) full = present_[s][t] && std::isfinite(ret_[s][t]);
      if (full) members.push_back(t);
    }
    const char* columns[] = {"pc1_loading", "pc2_loading", "pc3_loading", "idio_share"};
    Eigen::MatrixXd expected = Eigen::MatrixXd::Constant(kTickers, 4, kNaN);
    if (members.size() >= 3) {
      Eigen::MatrixXd window(kWindow, static_cast<Eigen::Index>(members.size()));
      for (int s = 0; s < kWindow; ++s) {
        for (size_t m = 0; m < members.size(); ++m) {
          window(s, static_cast<Eigen::Index>(m)) = std::log1p(ret_[d + 1 - kWindow + s][members[m]]);
        }
      }
      const Result<PcaResult> pca = PcaLoadings(window, 3);
      ASSERT_TRUE(pca.ok()) << pca.status().ToString();
      for (size_t m = 0; m < members.size(); ++m) {
        for (int c = 0; c < 3; ++c) expected(members[m], c) = pca->loadings(static_cast<Eigen::Index>(m), c);
        expected(members[m], 3) = pca->idio_share(static_cast<Eigen::Index>(m));
      }
    }
    for (int t = 0; t < kTickers; ++t) {
      if (!present_[d][t]) continue;
      const size_t row = row_of_.at({d, t});
      for (int c = 0; c < 4; ++c) {
        const double got = panel.Column<double>(columns[c])[row];
        if (std::isnan(expected(t, c))) {
          EXPECT_TRUE(std::isnan(got)) << columns[c] << " date " << d << " T" << t << " = " << got;
        } else {
          // Same matrix into the same kernel: only the window assembly differs, so agreement is exact up
          // to rounding of a few ulps.
          EXPECT_NEAR(got, expected(t, c), 1e-13) << columns[c] << " date " << d << " T" << t;
        }
      }
    }
  }

  FeatureParams params_;
  std::vector<DateDays> dates_;
  std::vector<std::string> tickers_;
  std::vector<std::vector<bool>> present_;
  std::vector<std::vector<double>> ret_;
  std::map<std::pair<int, int>, size_t> row_of_;
  Table panel_{schema::FeaturesRaw()};
};

TEST_F(PcaPanelTest, EveryDateMatchesDirectPcaOfItsWindow) {
  ASSERT_TRUE(AddPcaLoadings(panel_, dates_[0], params_).ok());
  for (int d = 0; d < kDates; ++d) ExpectDateMatchesDirectPca(panel_, d);

  // The cases named in the fixture, spelled out: the last date's window (dates 20..79) excludes T3 only;
  // T6's missing row on date 5 excludes it from the windows of dates 59..64 only.
  const size_t last_t3 = row_of_.at({kDates - 1, 3});
  EXPECT_TRUE(std::isnan(panel_.Column<double>("pc1_loading")[last_t3]));
  EXPECT_TRUE(std::isnan(panel_.Column<double>("idio_share")[last_t3]));
  EXPECT_TRUE(std::isnan(panel_.Column<double>("pc1_loading")[row_of_.at({64, 6})]));
  EXPECT_FALSE(std::isnan(panel_.Column<double>("pc1_loading")[row_of_.at({65, 6})]));
  EXPECT_FALSE(std::isnan(panel_.Column<double>("pc1_loading")[row_of_.at({69, 3})]));
  EXPECT_TRUE(std::isnan(panel_.Column<double>("pc1_loading")[row_of_.at({58, 0})]));  // window not full yet
  // One strong factor: every stock loads positively on the first component.
  for (int t = 0; t < kTickers; ++t) {
    if (t != 3) {
      EXPECT_GT(panel_.Column<double>("pc1_loading")[row_of_.at({kDates - 1, t})], 0.2) << "T" << t;
    }
  }
}

TEST_F(PcaPanelTest, RowsBeforeFromAreUntouched) {
  Table full = panel_;
  ASSERT_TRUE(AddPcaLoadings(full, dates_[0], params_).ok());

  constexpr int kFrom = 72;
  constexpr double kSentinel = 7.0;
  const char* columns[] = {"pc1_loading", "pc2_loading", "pc3_loading", "idio_share"};
  const std::vector<int32_t>& date = panel_.Column<int32_t>("date");
  for (const char* c : columns) {
    for (size_t i = 0; i < panel_.num_rows(); ++i) {
      if (date[i] < dates_[kFrom]) panel_.Column<double>(c)[i] = kSentinel;
    }
  }
  ASSERT_TRUE(AddPcaLoadings(panel_, dates_[kFrom], params_).ok());
  for (const char* c : columns) {
    const std::vector<double>& got = panel_.Column<double>(c);
    const std::vector<double>& whole = full.Column<double>(c);
    for (size_t i = 0; i < panel_.num_rows(); ++i) {
      if (date[i] < dates_[kFrom]) {
        EXPECT_EQ(got[i], kSentinel) << c << " row " << i;
      } else if (std::isnan(whole[i])) {
        EXPECT_TRUE(std::isnan(got[i])) << c << " row " << i;
      } else {
        EXPECT_EQ(got[i], whole[i]) << c << " row " << i;  // the window reads rows before `from` as history
      }
    }
  }
  for (int d = kFrom; d < kDates; ++d) ExpectDateMatchesDirectPca(panel_, d);
}

}  // namespace
}  // namespace qtp::features
