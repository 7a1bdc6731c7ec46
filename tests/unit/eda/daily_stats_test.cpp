// The day pass on a hand-made panel: forward returns over each ticker's own days (a missing day is
// left out, not bridged), daily IC and rank IC, rank autocorrelation and feature correlations,
// each against values worked out here.
#include "qtp/eda/daily_stats.h"

#include <gtest/gtest.h>

#include "qtp/core/bars.h"

#include <cmath>
#include <random>

#include <fmt/format.h>

#include "eda_test_util.h"

namespace qtp::eda {
namespace {

using testing::PlainPearson;
using testing::PlainSpearman;


// Tickers A..E, features f and g, four days. E has no row on day 1 (a gap in its history).
Panel HandPanel() {
  Panel p({"A", "B", "C", "D", "E"}, {"f", "g"});
  const double close[4][5] = {{10, 20, 40, 50, 10}, {11, 19, 44, 50, kNaN}, {12, 19, 22, 55, 10}, {12, 18, 22, 55, 11}};
  const double f[4][5] = {{1, 2, 3, 4, 5}, {2, 2, 1, 4, kNaN}, {1, kNaN, kNaN, 3, 2}, {5, 3, 1, 2, 4}};
  const double g[4][5] = {{10, 30, 20, kNaN, 40}, {kNaN, kNaN, kNaN, kNaN, kNaN}, {1, 2, 3, 4, 5}, {1, 3, 5, 4, 2}};
  for (size_t t = 0; t < 4; ++t) {
    p.AddDay(DaysFromCivil(2021, 3, 1) + static_cast<DateDays>(t));
    for (size_t i = 0; i < 5; ++i) {
      p.Close(t)[i] = close[t][i];
      p.Feature(t, 0)[i] = f[t][i];
      p.Feature(t, 1)[i] = g[t][i];
    }
  }
  return p;
}

DailyStats Compute(const Panel& p, int threads = 1, bool next_open = false) {
  DailyStatsOptions o;
  o.horizons = {1, 2};
  o.windows = {1, 2};
  o.min_tickers = 4;
  o.next_open = next_open;
  o.threads = threads;
  auto s = ComputeDailyStats(p, o, {});
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return std::move(s).value();
}

TEST(ForwardReturns, OverTheTickersOwnDaysWithoutBridgingAGap) {
  const Panel p = HandPanel();
  std::vector<double> r;
  // E has a close on day 0 but none on day 1: no 1-day return, counted as left out.
  EXPECT_EQ(ForwardReturns(p, 0, 1, false, r), 1u);
  const std::vector<double> expected = {0.1, 19.0 / 20 - 1, 0.1, 0.0};
  for (size_t i = 0; i < 4; ++i) EXPECT_NEAR(r[i], expected[i], 1e-15) << i;
  EXPECT_TRUE(std::isnan(r[4])) << "not bridged to day 2";
  // Over two days E's gap lies strictly inside: its close-to-close return is defined.
  EXPECT_EQ(ForwardReturns(p, 0, 2, false, r), 0u);
  EXPECT_NEAR(r[4], 0.0, 1e-15);
  EXPECT_NEAR(r[2], 22.0 / 40 - 1, 1e-15);
  // No row on day 1: nothing to predict, nothing counted.
  EXPECT_EQ(ForwardReturns(p, 1, 1, false, r), 0u);
  EXPECT_TRUE(std::isnan(r[4]));
  // The last days have no exit day.
  EXPECT_EQ(ForwardReturns(p, 2, 2, false, r), 0u);
  for (double x : r) EXPECT_TRUE(std::isnan(x));
}

TEST(ForwardReturns, NextOpenEntry) {
  Panel p = HandPanel();
  const double open[5] = {10.5, 19.5, 43, 50, kNaN};
  for (size_t i = 0; i < 5; ++i) p.Open(1)[i] = open[i];
  std::vector<double> r;
  EXPECT_EQ(ForwardReturns(p, 0, 1, true, r), 1u) << "E: no open on day 1";
  EXPECT_NEAR(r[0], 11 / 10.5 - 1, 1e-15);
  EXPECT_NEAR(r[2], 44.0 / 43 - 1, 1e-15);
  EXPECT_EQ(ForwardReturns(p, 0, 2, true, r), 1u) << "E: the entry open is missing even though day 2 has a close";
  EXPECT_NEAR(r[1], 19 / 19.5 - 1, 1e-15);
  EXPECT_TRUE(std::isnan(r[4]));
}

TEST(DailyStats, IcAndRankIcByHand) {
  const DailyStats s = Compute(HandPanel());
  // Day 0, h = 1: pairs A..D (E has no return). f = 1, 2, 3, 4; returns 0.1, -0.05, 0.1, 0 rank
  // 3.5, 1, 3.5, 2 (the tie shares ranks 3 and 4).
  size_t k = s.IcIndex(0, 0, 0);
  EXPECT_EQ(s.ic_n[k], 4u);
  EXPECT_NEAR(s.rank_ic[k], PlainPearson({1, 2, 3, 4}, {3.5, 1, 3.5, 2}), 1e-14);
  EXPECT_NEAR(s.rank_ic[k], -1 / std::sqrt(22.5), 1e-14);
  EXPECT_NEAR(s.ic[k], PlainPearson({1, 2, 3, 4}, {0.1, -0.05, 0.1, 0}), 1e-14);
  // Day 0, h = 2: all five. Returns 0.2, -0.05, -0.45, 0.1, 0 rank 5, 2, 1, 4, 3.
  k = s.IcIndex(0, 1, 0);
  EXPECT_EQ(s.ic_n[k], 5u);
  EXPECT_NEAR(s.rank_ic[k], PlainPearson({1, 2, 3, 4, 5}, {5, 2, 1, 4, 3}), 1e-14);
  // Day 1, h = 1: f = 2, 2, 1, 4 ranks 2.5, 2.5, 1, 4; returns 1/11, 0, -0.5, 0.1 rank 3, 2, 1, 4.
  k = s.IcIndex(0, 0, 1);
  EXPECT_EQ(s.ic_n[k], 4u);
  EXPECT_NEAR(s.rank_ic[k], PlainPearson({2.5, 2.5, 1, 4}, {3, 2, 1, 4}), 1e-14);
  // Day 2: only three tickers have f, below min_tickers: no IC that day.
  k = s.IcIndex(0, 0, 2);
  EXPECT_EQ(s.ic_n[k], 0u);
  EXPECT_TRUE(std::isnan(s.rank_ic[k]) && std::isnan(s.ic[k]));
  // Day 3 has no forward return at all.
  EXPECT_EQ(s.ic_n[s.IcIndex(0, 0, 3)], 0u);
  // g on day 0 has only four values, and E (one of them) has no 1-day return: 3 pairs.
  EXPECT_EQ(s.ic_n[s.IcIndex(1, 0, 0)], 0u);
  // Missing forward returns, per horizon and day: E on day 0 at h = 1 only.
  EXPECT_EQ(s.missing_forward, (std::vector<uint32_t>{1, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(s.MissingForward(0), 1u);
  EXPECT_EQ(s.MissingForward(1), 0u);
}

TEST(DailyStats, RankAutocorrelationAndCorrelationsByHand) {
  const DailyStats s = Compute(HandPanel());
  // w = 1 on day 1: A..D (E has no value on day 1). Day 1 ranks 2.5, 2.5, 1, 4; day 0 ranks 1, 2, 3, 4.
  EXPECT_NEAR(s.autocorr[s.AutocorrIndex(0, 0, 1)], PlainPearson({2.5, 2.5, 1, 4}, {1, 2, 3, 4}), 1e-14);
  // w = 2 on day 3 against day 1: A..D. Day 3 values 5, 3, 1, 2 rank 4, 3, 1, 2.
  EXPECT_NEAR(s.autocorr[s.AutocorrIndex(0, 1, 3)], PlainPearson({4, 3, 1, 2}, {2.5, 2.5, 1, 4}), 1e-14);
  // w = 1 on day 2: f has three values on day 2: undefined. Day 0 has no earlier day.
  EXPECT_TRUE(std::isnan(s.autocorr[s.AutocorrIndex(0, 0, 2)]));
  EXPECT_TRUE(std::isnan(s.autocorr[s.AutocorrIndex(0, 0, 0)]));
  // f vs g on day 0: A, B, C, E. f 1, 2, 3, 5 ranks 1, 2, 3, 4; g 10, 30, 20, 40 ranks 1, 3, 2, 4.
  EXPECT_NEAR(s.corr[s.PairIndex(0, 1) * s.num_days + 0], PlainPearson({1, 2, 3, 4}, {1, 3, 2, 4}), 1e-14);
  EXPECT_NEAR(s.corr[s.PairIndex(0, 1) * s.num_days + 3], -1.0, 1e-14) << "day 3: g reverses f's order";
  EXPECT_TRUE(std::isnan(s.corr[s.PairIndex(0, 1) * s.num_days + 1])) << "g has no values on day 1";
}

// A larger random panel spanning several chunks of days: the result does not depend on the
// thread count, and values right after a chunk boundary (whose windows reach into the previous
// chunk) match the plain computation.
TEST(DailyStats, ChunksAndThreadsDoNotChangeAnything) {
  std::mt19937_64 rng(5);
  std::normal_distribution<double> normal;
  std::uniform_real_distribution<double> unit;
  std::vector<std::string> tickers;
  for (int i = 0; i < 30; ++i) tickers.push_back(fmt::format("T{}", 100 + i));
  Panel p(tickers, {"x", "y"});
  std::vector<double> price(30, 50.0), x(30, 0.0);
  for (size_t t = 0; t < 300; ++t) {
    p.AddDay(DaysFromCivil(2020, 1, 1) + static_cast<DateDays>(t));
    for (size_t i = 0; i < 30; ++i) {
      price[i] *= std::exp(0.02 * normal(rng));
      x[i] = 0.9 * x[i] + normal(rng);
      if (unit(rng) < 0.05) continue;  // no row today
      p.Close(t)[i] = price[i];
      p.Feature(t, 0)[i] = x[i];
      p.Feature(t, 1)[i] = unit(rng) < 0.1 ? kNaN : x[i] + normal(rng);
    }
  }
  DailyStatsOptions o;
  o.horizons = {1, 5};
  o.windows = {3, 10};
  o.min_tickers = 10;
  o.threads = 1;
  auto one = ComputeDailyStats(p, o, {});
  o.threads = 3;
  auto three = ComputeDailyStats(p, o, {});
  ASSERT_TRUE(one.ok() && three.ok());
  auto same = [](const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (!(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i])))) return false;
    }
    return true;
  };
  EXPECT_TRUE(same(one->rank_ic, three->rank_ic));
  EXPECT_TRUE(same(one->ic, three->ic));
  EXPECT_TRUE(same(one->autocorr, three->autocorr));
  EXPECT_TRUE(same(one->corr, three->corr));
  // From a first day on (an incremental run): the same values from there, nothing before, and
  // the windows of the first days still reach the uncomputed days before them.
  o.first_day = 133;
  auto tail = ComputeDailyStats(p, o, {});
  ASSERT_TRUE(tail.ok());
  auto split = [](const std::vector<double>& full, const std::vector<double>& part, size_t series, size_t days,
                  size_t first) {
    for (size_t s = 0; s < series; ++s) {
      for (size_t t = 0; t < days; ++t) {
        const double a = full[s * days + t], b = part[s * days + t];
        const bool ok = t < first ? std::isnan(b) : (a == b || (std::isnan(a) && std::isnan(b)));
        if (!ok) return false;
      }
    }
    return true;
  };
  EXPECT_TRUE(split(one->rank_ic, tail->rank_ic, 2 * 2, 300, 133));
  EXPECT_TRUE(split(one->autocorr, tail->autocorr, 2 * 2, 300, 133));
  EXPECT_TRUE(split(one->corr, tail->corr, 1, 300, 133));
  EXPECT_TRUE(std::isfinite(tail->autocorr[tail->AutocorrIndex(0, 1, 133)])) << "day 133 against day 123";
  for (size_t t = 0; t < 300; ++t) {
    EXPECT_EQ(tail->missing_forward[300 + t], t < 133 ? 0u : one->missing_forward[300 + t]) << t;
  }
  o.first_day = 301;
  EXPECT_FALSE(ComputeDailyStats(p, o, {}).ok());
  for (size_t t : {size_t{128}, size_t{130}, size_t{256}}) {
    auto col = [&](size_t day, size_t f) {
      const auto v = p.Feature(day, f);
      return std::vector<double>(v.begin(), v.end());
    };
    EXPECT_NEAR(one->autocorr[one->AutocorrIndex(0, 1, t)], PlainSpearman(col(t, 0), col(t - 10, 0)), 1e-12) << t;
    std::vector<double> r;
    ForwardReturns(p, t, 5, false, r);
    EXPECT_NEAR(one->rank_ic[one->IcIndex(1, 1, t)], PlainSpearman(col(t, 1), r), 1e-12) << t;
  }
}

}  // namespace
}  // namespace qtp::eda
