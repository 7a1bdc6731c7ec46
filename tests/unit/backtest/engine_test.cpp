// The engine against a backtest worked by hand, its accounting invariants, its timing (no
// lookahead) and its sleeve schedules.
#include "qtp/backtest/engine.h"
#include "qtp/backtest/run_backtest.h"

#include <cmath>

#include <gtest/gtest.h>

#include "test_util/random_market.h"

namespace qtp::backtest {
namespace {

constexpr DateDays kDay0 = 19000;

Market Empty(size_t days, std::vector<std::string> tickers) {
  Market m;
  for (size_t d = 0; d < days; ++d) m.dates.push_back(kDay0 + static_cast<DateDays>(d));
  m.tickers = std::move(tickers);
  m.Allocate();
  return m;
}

void Set(Market& m, std::vector<double> Market::*field, size_t ticker, const std::vector<double>& by_day) {
  for (size_t d = 0; d < by_day.size(); ++d) (m.*field)[m.At(d, ticker)] = by_day[d];
}

// Three names, six days. Prices, scores and actions chosen so that every rule acts at least once:
// the cash bound cuts the first buys, B pays a dividend (ex day 2), C splits 2:1 (ex day 3), C's
// small adv_20 caps its buy on day 2 and its sale on day 4, and day 4 has no signal (day 5 holds).
Market HandWorkedMarket() {
  Market m = Empty(6, {"A", "B", "C"});
  m.sectors = {"Tech", "Energy"};
  m.sector = {0, 0, 1};
  Set(m, &Market::close, 0, {50, 51, 49, 52, 53, 54});
  Set(m, &Market::close, 1, {20, 20.5, 20.0, 21, 20.8, 21.2});
  Set(m, &Market::close, 2, {10, 10.2, 10.4, 5.3, 5.4, 5.5});
  Set(m, &Market::vwap, 0, {50, 50.5, 50.2, 50.0, 52.5, 53.6});
  Set(m, &Market::vwap, 1, {20, 20.2, 20.4, 20.1, 20.9, 21.0});
  Set(m, &Market::vwap, 2, {10, 10.1, 10.3, 5.25, 5.35, 5.45});
  m.open = m.vwap;
  Set(m, &Market::score, 0, {3, 1, 3, 2, kNaN, kNaN});
  Set(m, &Market::score, 1, {2, 3, 1, 3, kNaN, kNaN});
  Set(m, &Market::score, 2, {1, 2, 2, 1, kNaN, kNaN});
  m.split_ratio[m.At(3, 2)] = 2.0;
  m.dividend[m.At(2, 1)] = 0.5;
  const double amihud[] = {0.1, 0.2, 0.4};
  const double adv[] = {1e9, 1e9, 20000};
  for (size_t d = 0; d < 6; ++d) {
    for (size_t t = 0; t < 3; ++t) {
      const size_t i = m.At(d, t);
      m.amihud[i] = amihud[t];
      m.adv_usd[i] = adv[t];
      m.spread[i] = 0.5;  // ignored: spread_source floor
      m.volatility[i] = 0.02;
      m.member[i] = 1;
    }
  }
  m.AssignBuckets(5);
  return m;
}

BacktestParams HandParams() {
  BacktestParams p;
  p.capital_usd = 10000;
  p.top_n = 2;
  p.max_weight = 1.0;
  p.sector_cap = 1.0;
  p.min_trade_usd = 0;
  p.cash_buffer = 0;
  return p;
}

execution::CostParams HandCosts() {
  execution::CostParams c;
  c.commission.ib_per_share = 0.005;
  c.commission.ib_fees_per_share = 0.005;
  c.commission.ib_min_per_order = 1.0;
  c.commission.ib_max_fraction = 0.01;
  c.commission.sec_fee_per_million = 20.0;
  c.commission.taf_per_share = 0.0002;
  c.spread_source = "floor";
  c.spread_floor_bps = 10;
  c.amihud_k = 1.0;
  c.participation_cap = 0.2;
  return c;
}

// Worked by hand (the arithmetic of day 1 is spelled out; the later days follow the same rules):
// Day 1 acts on day 0's scores (A 3, B 2, C 1): A and B, half of $10,000 each at day 0's close,
// 100 A (5000 / 50) and 250 B (5000 / 20). At the VWAPs (50.5, 20.2) with costs they need
// 5050 + 1.00 commission + 5.05 spread + 2.55 slippage (0.1 x 5050 / 1e6 of 5050) and 5050 + 2.50 +
// 5.05 + 5.10: $10,121.25 > $10,000, so both are cut by 10000 / 10121.25 to whole shares: 98 A and
// 247 B. Cash left 10000 - 98 x 50.5 - 8.398260 - 247 x 20.2 - 12.438222 = 40.763518.
// Equity at the close: 40.763518 + 98 x 51 + 247 x 20.5 = 10,102.263518.
TEST(BacktestEngine, MatchesTheHandWorkedBacktestToTheCent) {
  const Market m = HandWorkedMarket();
  const execution::ScenarioParams base;
  const BacktestResult r = RunBacktest(m, HandParams(), HandCosts(), base);
  const double equity[] = {10000.00, 10102.26, 10037.02, 10325.09, 10435.35, 10633.15};
  const double cash[] = {10000.00, 40.76, 920.22, 26.49, 9.15, 9.15};
  ASSERT_EQ(r.days.size(), 6u);
  for (size_t d = 0; d < 6; ++d) {
    EXPECT_NEAR(r.days[d].equity, equity[d], 0.005) << "day " << d;
    EXPECT_NEAR(r.days[d].cash, cash[d], 0.005) << "day " << d;
  }
  struct Expected {
    int day;
    const char* ticker;
    double shares;
    double price;
    double cost;
  };
  const Expected trades[] = {
      {1, "A", 98, 50.5, 8.40},   {1, "B", 247, 20.2, 12.44},  {2, "A", -98, 50.2, 8.46}, {2, "B", 5, 20.4, 1.10},
      {2, "C", 392, 10.3, 14.48}, {3, "B", -252, 20.1, 12.87}, {3, "A", 100, 50.0, 8.50}, {3, "C", 178, 5.25, 3.06},
      {4, "A", -1, 52.5, 0.58},   {4, "C", -754, 5.35, 18.31}, {4, "B", 195, 20.9, 9.35},
  };
  ASSERT_EQ(r.trades.size(), std::size(trades));
  for (size_t k = 0; k < r.trades.size(); ++k) {
    const TradeResult& t = r.trades[k];
    EXPECT_EQ(t.date, kDay0 + trades[k].day) << k;
    EXPECT_EQ(m.tickers[t.ticker], trades[k].ticker) << k;
    EXPECT_EQ(t.filled_shares, trades[k].shares) << k;
    EXPECT_DOUBLE_EQ(t.price, trades[k].price) << k;
    EXPECT_NEAR(t.cost.Total(), trades[k].cost, 0.005) << k;
  }
  // The sells pay the SEC fee and FINRA TAF; the buys do not.
  EXPECT_NEAR(r.trades[2].cost.fees, 98 * 50.2 * 20e-6 + 98 * 0.0002, 1e-9);
  EXPECT_EQ(r.trades[0].cost.fees, 0.0);
  // C: 495 wanted on day 2, 392 allowed (20% of $20,000 at 10.2); 962 to sell on day 4, 754 allowed.
  EXPECT_TRUE(r.trades[4].capped);
  EXPECT_EQ(r.trades[4].ordered_shares, 495);
  EXPECT_TRUE(r.trades[9].capped);
  EXPECT_EQ(r.capped_orders, 2u);
  EXPECT_NEAR(r.unfilled_usd, 103 * 10.3 + 208 * 5.35, 1e-9);
  EXPECT_NEAR(r.days[2].dividends, 247 * 0.5, 1e-9);
  EXPECT_LT(r.max_accounting_error, 1e-8);
}

// A's bars end on day 3 (delisted): the book sells it on day 4 at day 3's close, at no cost, and
// its cash then buys what the signal of day 3 asks for at the next re-forming.
TEST(BacktestEngine, ANameWhoseBarsEndLeavesTheBookAtItsLastClose) {
  Market m = HandWorkedMarket();
  for (size_t d = 4; d < 6; ++d) {
    for (std::vector<double>* v : {&m.open, &m.close, &m.vwap, &m.score}) (*v)[m.At(d, 0)] = kNaN;
  }
  // A is held from day 3 (the hand-worked run buys 100 A on day 3).
  const execution::ScenarioParams base;
  const BacktestResult r = RunBacktest(m, HandParams(), HandCosts(), base);
  EXPECT_EQ(r.delisted_exits, 1u);
  const TradeResult* exit = nullptr;
  for (const TradeResult& t : r.trades) {
    if (t.delisted) exit = &t;
  }
  ASSERT_NE(exit, nullptr);
  EXPECT_EQ(exit->date, kDay0 + 4);
  EXPECT_EQ(m.tickers[exit->ticker], "A");
  EXPECT_EQ(exit->filled_shares, -100);
  EXPECT_EQ(exit->price, 52.0);  // day 3's close
  EXPECT_EQ(exit->cost.Total(), 0.0);
  EXPECT_TRUE(CheckAccounting(r).ok()) << CheckAccounting(r).ToString();
  for (const PositionResult& p : r.positions) {
    if (p.date >= kDay0 + 4) {
      EXPECT_NE(m.tickers[p.ticker], "A");
    }
  }
}

TEST(BacktestEngine, TheAccountingCheckCatchesBrokenBooks) {
  const execution::ScenarioParams base;
  const BacktestResult good = RunBacktest(HandWorkedMarket(), HandParams(), HandCosts(), base);
  EXPECT_TRUE(CheckAccounting(good).ok());
  BacktestResult lost_cash = good;
  lost_cash.days[3].cash -= 0.01;  // a cent gone from the cash only
  EXPECT_EQ(CheckAccounting(lost_cash).code(), StatusCode::kInternal);
  BacktestResult hidden_cost = good;
  hidden_cost.trades[0].cost.commission += 0.01;  // a cost charged but not booked on its day
  EXPECT_EQ(CheckAccounting(hidden_cost).code(), StatusCode::kInternal);
  BacktestResult margin = good;
  margin.min_cash = -1;
  EXPECT_EQ(CheckAccounting(margin).code(), StatusCode::kInternal);
}

BacktestResult RunWithDefaultCosts(const Market& m, const BacktestParams& p) {
  const execution::CostParams costs;
  const execution::ScenarioParams base;
  return RunBacktest(m, p, costs, base);
}

TEST(BacktestEngine, AccountingHoldsEveryDayInEveryMode) {
  const Market m = test_util::RandomMarket(300, 40, 7);
  for (const char* mode : {"tranches", "every_h"}) {
    for (int horizon : {1, 3, 5}) {
      for (const char* weighting : {"equal", "score", "inverse_vol"}) {
        BacktestParams p;
        p.capital_usd = 50000;
        p.horizon = horizon;
        p.horizon_mode = mode;
        p.weighting = weighting;
        p.top_n = 8;
        const BacktestResult r = RunWithDefaultCosts(m, p);
        SCOPED_TRACE(std::string(mode) + " H=" + std::to_string(horizon) + " " + weighting);
        ASSERT_EQ(r.days.size(), 300u);
        EXPECT_LT(r.max_accounting_error, 1e-6);
        EXPECT_GE(r.min_cash, 0.0);
        double costs = 0, gross = 0;
        for (size_t d = 1; d < r.days.size(); ++d) {
          const DayResult& day = r.days[d];
          EXPECT_NEAR(day.cash + day.positions_value, day.equity, 1e-9 * day.equity);
          costs += day.costs;
          gross += day.gross_pnl;
        }
        double trade_costs = 0;
        for (const TradeResult& t : r.trades) trade_costs += t.cost.Total();
        EXPECT_NEAR(trade_costs, costs, 1e-6);
        // The sum of costs is the gap between gross and net PnL.
        EXPECT_NEAR(gross - costs, r.days.back().equity - r.days.front().equity, 1e-5);
        EXPECT_GT(r.trades.size(), 100u);
      }
    }
  }
}

TEST(BacktestEngine, ASignalIsTradedNoEarlierThanTheNextDay) {
  const Market m = test_util::RandomMarket(120, 30, 11);
  BacktestParams p;
  p.top_n = 5;
  const BacktestResult base = RunWithDefaultCosts(m, p);
  for (const TradeResult& t : base.trades) EXPECT_GT(t.date, t.signal_date);
  // Change everything known after the close of day 60 (scores, prices, cost inputs, membership,
  // actions): nothing up to day 60 moves, and day 61's trades still act on day 60's signal.
  Market future = m;
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(0.5, 2.0);
  for (size_t d = 61; d < m.num_days(); ++d) {
    for (size_t t = 0; t < m.num_tickers(); ++t) {
      const size_t i = m.At(d, t);
      future.score[i] = -m.score[i];
      future.close[i] *= u(rng);
      future.adv_usd[i] *= u(rng);
      future.member[i] = 1 - m.member[i];
      future.split_ratio[i] = 1.0;
    }
  }
  const BacktestResult changed = RunWithDefaultCosts(future, p);
  for (size_t d = 0; d <= 60; ++d) {
    EXPECT_EQ(changed.days[d].equity, base.days[d].equity) << d;
    EXPECT_EQ(changed.days[d].costs, base.days[d].costs) << d;
  }
  size_t compared = 0;
  for (size_t k = 0; k < base.trades.size() && base.trades[k].date <= m.dates[60]; ++k, ++compared) {
    EXPECT_EQ(changed.trades[k].ticker, base.trades[k].ticker);
    EXPECT_EQ(changed.trades[k].filled_shares, base.trades[k].filled_shares);
  }
  EXPECT_GT(compared, 50u);
  // The score of day 60 alone changes what day 61 trades, not anything before.
  Market one_day = m;
  for (size_t t = 0; t < m.num_tickers(); ++t) one_day.score[m.At(60, t)] = -m.score[m.At(60, t)];
  const BacktestResult shifted = RunWithDefaultCosts(one_day, p);
  for (size_t d = 0; d <= 60; ++d) EXPECT_EQ(shifted.days[d].equity, base.days[d].equity) << d;
  EXPECT_NE(shifted.days[61].costs, base.days[61].costs);
}

TEST(BacktestEngine, TranchesReformOneSleeveADayAndEveryHTheWholeBook) {
  const Market m = test_util::RandomMarket(60, 30, 5);
  BacktestParams p;
  p.horizon = 3;
  p.top_n = 5;
  const BacktestResult tranches = RunWithDefaultCosts(m, p);
  for (const TradeResult& t : tranches.trades) {
    EXPECT_EQ(t.sleeve, static_cast<int>((t.date - kDay0 - 1) % 3));  // the signal's first day is day 0
  }
  p.horizon_mode = "every_h";
  const BacktestResult every = RunWithDefaultCosts(m, p);
  for (const TradeResult& t : every.trades) {
    EXPECT_EQ((t.date - kDay0 - 1) % 3, 0) << FormatDate(t.date);
    EXPECT_EQ(t.sleeve, 0);
  }
}

TEST(BacktestEngine, CapsBindPerNameAndPerSector) {
  Market m = test_util::RandomMarket(30, 12, 9, /*gaps=*/false);
  for (size_t i = 0; i < m.member.size(); ++i) m.member[i] = std::isfinite(m.close[i]) ? 1 : 0;
  BacktestParams p;
  p.top_n = 12;
  p.max_weight = 0.15;
  p.sector_cap = 0.25;
  p.cash_buffer = 0;
  p.min_trade_usd = 0;
  p.weighting = "score";
  const BacktestResult r = RunWithDefaultCosts(m, p);
  for (size_t d = 1; d < r.days.size(); ++d) {
    std::vector<double> sector(4, 0.0);
    for (const PositionResult& pos : r.positions) {
      if (pos.date != r.days[d].date) continue;
      const double w = pos.shares * pos.price / r.days[d].equity;
      EXPECT_LT(w, 0.15 * 1.10) << m.tickers[pos.ticker];  // sized at the previous close: drift allowed
      sector[static_cast<size_t>(m.sector[pos.ticker])] += w;
    }
    for (double s : sector) EXPECT_LT(s, 0.25 * 1.10) << "day " << d;
  }
}

}  // namespace
}  // namespace qtp::backtest
