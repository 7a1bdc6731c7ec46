#include "qtp/validation/run_validate.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <mutex>
#include <numeric>

#include <fmt/format.h>

#include "qtp/backtest/backtest_metrics.h"
#include "qtp/backtest/engine.h"
#include "qtp/backtest/market_loader.h"
#include "qtp/backtest/performance.h"
#include "qtp/backtest/run_backtest.h"
#include "qtp/core/file_util.h"
#include "qtp/core/parallel.h"
#include "qtp/data/store/paths.h"
#include "qtp/eda/panel.h"
#include "qtp/evaluation/daily_metrics.h"
#include "qtp/models/run_train.h"
#include "qtp/validation/report.h"

namespace qtp::validation {
namespace {

constexpr size_t kMinTickers = 20;  // a day with fewer scored names gets no IC (as in qtp train)

using backtest::Market;

// Where each panel day and ticker of the training sits in the market (-1: absent).
struct PanelToMarket {
  std::vector<long> day;
  std::vector<long> ticker;
};

PanelToMarket MapPanel(const models::HeldOutTraining& t, const Market& m) {
  PanelToMarket map;
  std::map<DateDays, long> days;
  for (size_t d = 0; d < m.num_days(); ++d) days[m.dates[d]] = static_cast<long>(d);
  std::map<std::string, long> tickers;
  for (size_t k = 0; k < m.num_tickers(); ++k) tickers[m.tickers[k]] = static_cast<long>(k);
  for (const DateDays date : t.dates) {
    const auto it = days.find(date);
    map.day.push_back(it == days.end() ? -1 : it->second);
  }
  for (const std::string& ticker : t.tickers) {
    const auto it = tickers.find(ticker);
    map.ticker.push_back(it == tickers.end() ? -1 : it->second);
  }
  return map;
}

// A model's out-of-sample scores as the market's day-major score array.
std::vector<double> MarketScores(const models::HeldOutTraining& t, const models::HeldOutModel& model, const Market& m,
                                 const PanelToMarket& map) {
  std::vector<double> score(m.num_days() * m.num_tickers(), kNaN);
  for (size_t d = 0; d < t.dates.size(); ++d) {
    if (map.day[d] < 0) continue;
    for (size_t r = t.day_begin[d]; r < t.day_begin[d + 1]; ++r) {
      const long k = map.ticker[t.ticker[r]];
      if (k >= 0) score[m.At(static_cast<size_t>(map.day[d]), static_cast<size_t>(k))] = model.scores[r];
    }
  }
  return score;
}

// The rows of the scoring days where the first model has a score: what the market is built for
// (every model is scored on the same rows).
backtest::SignalRows SignalOf(const models::HeldOutTraining& t) {
  backtest::SignalRows rows;
  const models::HeldOutModel& model = t.models.front();
  for (size_t d = 0; d < t.dates.size(); ++d) {
    for (size_t r = t.day_begin[d]; r < t.day_begin[d + 1]; ++r) {
      if (!std::isfinite(model.scores[r])) continue;
      rows.dates.push_back(t.dates[d]);
      rows.tickers.push_back(t.tickers[t.ticker[r]]);
      rows.scores.push_back(model.scores[r]);
    }
  }
  return rows;
}

std::vector<GridPoint> MakeGrid(size_t models, const ValidationParams& p) {
  std::vector<GridPoint> grid;
  for (size_t m = 0; m < models; ++m) {
    for (const int rebalance : p.RebalanceDays()) {
      for (const int top_n : p.TopN()) {
        for (const std::string& weighting : p.sweep.weighting) {
          for (const std::string& scenario : p.sweep.scenarios)
            grid.push_back({m, rebalance, top_n, weighting, scenario});
        }
      }
    }
  }
  return grid;
}

backtest::BacktestParams PointParams(const backtest::BacktestParams& base, const GridPoint& point) {
  backtest::BacktestParams p = base;
  p.selection = "top_n";
  p.horizon = point.rebalance_days;
  p.top_n = point.top_n;
  p.weighting = point.weighting;
  p.plots = false;
  return p;
}

Result<PeriodMetrics> Evaluate(const Market& market, const backtest::BacktestParams& params,
                               const backtest::ExecutionConfig& config, const execution::ScenarioParams& scenario) {
  const backtest::BacktestResult r = backtest::RunBacktest(market, params, config.costs, scenario);
  QTP_RETURN_IF_ERROR(backtest::CheckAccounting(r));
  PeriodMetrics out;
  for (size_t d = 1; d < r.days.size(); ++d) {
    out.dates.push_back(r.days[d].date);
    out.returns.push_back(r.days[d].net_return);
    out.benchmark.push_back(r.days[d].benchmark_return);
  }
  if (out.returns.size() < 2) return out;
  const backtest::BacktestMetrics m = backtest::ComputeBacktestMetrics(r, params);
  out.sharpe = m.Get("sharpe_ratio");
  out.cagr = m.Get("cagr");
  out.max_drawdown = m.Get("max_drawdown");
  out.annual_volatility = m.Get("annual_volatility");
  out.turnover_annual = m.Get("turnover_annual");
  out.total_return = m.Get("total_return");
  return out;
}

// Every grid point of every model on the development and the held-out market. `market.score` is
// replaced model by model.
Status RunGrid(Market& market, const std::vector<std::vector<double>>& scores, size_t development_end,
               size_t holdout_first, const ValidateOptions& options, std::vector<GridRow>& grid,
               const eda::DayProgressFn& progress) {
  std::atomic<size_t> done{0};
  std::mutex progress_mutex;
  for (size_t m = 0; m < scores.size(); ++m) {
    market.score = scores[m];
    const Market development = market.Slice(0, development_end);
    const Market holdout = market.Slice(holdout_first, market.num_days());
    std::vector<size_t> rows;
    for (size_t k = 0; k < grid.size(); ++k) {
      if (grid[k].point.model == m) rows.push_back(k);
    }
    QTP_RETURN_IF_ERROR(ParallelFor(2 * rows.size(), options.params.threads, [&](size_t job) -> Status {
      GridRow& row = grid[rows[job / 2]];
      const backtest::BacktestParams params = PointParams(options.execution.backtest, row.point);
      QTP_ASSIGN_OR_RETURN(const execution::ScenarioParams scenario,
                           execution::Scenario(options.execution.costs, row.point.scenario));
      const bool held_out = job % 2 == 1;
      QTP_ASSIGN_OR_RETURN(PeriodMetrics metrics,
                           Evaluate(held_out ? holdout : development, params, options.execution, scenario));
      (held_out ? row.holdout : row.development) = std::move(metrics);
      std::lock_guard<std::mutex> lock(progress_mutex);
      return progress ? progress(++done, 2 * grid.size()) : Status::OK();
    }));
  }
  return Status::OK();
}

// The median of the finite values; NaN without any.
double FiniteMedian(std::vector<double> x) {
  x.erase(std::remove_if(x.begin(), x.end(), [](double v) { return !std::isfinite(v); }), x.end());
  return x.empty() ? kNaN : evaluation::Median(x);
}

// Compounded over the finite returns (empyrical's cum_returns_final); NaN without any (a benchmark
// that did not exist yet).
double TotalReturn(std::span<const double> returns) {
  const bool any = std::any_of(returns.begin(), returns.end(), [](double r) { return std::isfinite(r); });
  return any ? backtest::CumReturnsFinal(returns) : kNaN;
}

// The choice among the base-cost cells and the controls on it.
void Select(ValidationResult& v, const ValidationParams& p) {
  std::vector<size_t> base;
  for (size_t k = 0; k < v.grid.size(); ++k) {
    if (v.grid[k].point.scenario == "base") base.push_back(k);
  }
  v.selected = base.front();
  for (const size_t k : base) {
    const double sharpe = v.grid[k].development.sharpe;
    if (sharpe > v.grid[v.selected].development.sharpe || !std::isfinite(v.grid[v.selected].development.sharpe)) {
      v.selected = k;
    }
  }
  v.trials = base.size();
  size_t positive = 0;
  // A configuration that never traded (e.g. every order under min_trade_usd) has no Sharpe ratio:
  // it counts as a trial but not in the spread of the trials' Sharpe ratios.
  std::vector<std::vector<double>> total, active;
  for (const size_t k : base) {
    const PeriodMetrics& dev = v.grid[k].development;
    if (dev.sharpe > 0) ++positive;
    total.push_back(dev.returns);
    std::vector<double>& a = active.emplace_back(dev.returns.size());
    for (size_t d = 0; d < a.size(); ++d) a[d] = dev.returns[d] - dev.benchmark[d];  // NaN without a benchmark
  }
  v.share_positive = static_cast<double>(positive) / static_cast<double>(base.size());
  const GridRow& chosen = v.grid[v.selected];
  const size_t chosen_trial = static_cast<size_t>(std::find(base.begin(), base.end(), v.selected) - base.begin());
  v.total = TestDeflatedSharpe(total[chosen_trial], total);
  v.active = TestDeflatedSharpe(active[chosen_trial], active);

  // CSCV over the development returns of every base-cost cell (row-major: day x cell).
  const size_t days = chosen.development.returns.size();
  std::vector<double> matrix(days * base.size(), 0.0);
  for (size_t c = 0; c < base.size(); ++c) {
    const std::vector<double>& r = v.grid[base[c]].development.returns;
    for (size_t d = 0; d < days && d < r.size(); ++d) matrix[d * base.size() + c] = r[d];
  }
  if (base.size() >= 2 && days >= static_cast<size_t>(p.pbo_blocks)) {
    v.pbo = ProbabilityOfBacktestOverfitting(matrix, base.size(), static_cast<size_t>(p.pbo_blocks));
  } else {
    v.pbo.pbo = kNaN;
  }

  // The neighbours: one step along one axis of the grid, same model, base costs.
  const std::vector<int> rebalance = p.RebalanceDays(), top = p.TopN();
  auto position = [](const std::vector<int>& axis, int value) {
    return static_cast<long>(std::find(axis.begin(), axis.end(), value) - axis.begin());
  };
  const GridPoint& s = chosen.point;
  std::vector<double> neighbour_sharpes;
  for (const size_t k : base) {
    const GridPoint& q = v.grid[k].point;
    if (q.model != s.model || k == v.selected) continue;
    const long dr = std::labs(position(rebalance, q.rebalance_days) - position(rebalance, s.rebalance_days));
    const long dt = std::labs(position(top, q.top_n) - position(top, s.top_n));
    const bool dw = q.weighting != s.weighting;
    if (dr + dt + (dw ? 1 : 0) != 1) continue;
    v.neighbours.push_back(k);
    neighbour_sharpes.push_back(v.grid[k].development.sharpe);
  }
  v.neighbour_median_sharpe = FiniteMedian(neighbour_sharpes);
  const double own = chosen.development.sharpe;
  v.isolated = own > 0 && !(v.neighbour_median_sharpe >= own / 2);
}

// What the traded universe is, and how far survivorship is controlled (docs/selection.md).
Result<std::string> UniverseNote(const Store& store, const ValidateOptions& options, const models::HeldOutTraining& t) {
  if (std::find(t.features.begin(), t.features.end(), "sim_signal") != t.features.end()) {
    return std::string(
        "the point-in-time top-K of qtp select on the simulated market (a constant universe: no survivorship "
        "question)");
  }
  std::string known;
  QTP_RETURN_IF_ERROR(store.Query(
      "SELECT coalesce(CAST(min(start_date) AS VARCHAR), '') FROM universe_membership", [](const auto&) {},
      [&](const std::vector<std::string>& row) { known = row[0]; }));
  const std::string universe = options.execution.backtest.universe == "topk"
                                   ? "the point-in-time top-K of qtp select (topk_history), day by day"
                                   : "every scored name";
  if (known.empty()) {
    return universe +
           "; the store holds no index membership history, so every day is survivor-only: the names are those "
           "whose data was collected, i.e. that survived (results are biased upwards)";
  }
  return fmt::format(
      "{}; index membership is known from {} on (members only; members the store has no data for cannot be "
      "chosen, the survivorship that remains); days before it are survivor-only",
      universe, known);
}

// The chosen configuration's development days cut into folds of fold_days (a last stub shorter than
// half a fold joins the one before).
void Folds(ValidationResult& v, const models::HeldOutTraining& t, size_t model, int fold_days) {
  const PeriodMetrics& dev = v.grid[v.selected].development;
  const size_t n = dev.returns.size();
  const size_t size = static_cast<size_t>(fold_days);
  std::vector<std::pair<size_t, size_t>> spans;
  for (size_t first = 0; first < n; first += size) spans.emplace_back(first, std::min(n, first + size));
  if (spans.size() > 1 && spans.back().second - spans.back().first < size / 2) {
    spans[spans.size() - 2].second = n;
    spans.pop_back();
  }
  const std::vector<double>& ic = t.models[model].daily_rank_ic;
  for (const auto& [first, end] : spans) {
    FoldResult f;
    f.first = dev.dates[first];
    f.last = dev.dates[end - 1];
    f.days = end - first;
    const std::span<const double> r = std::span<const double>(dev.returns).subspan(first, end - first);
    f.sharpe = backtest::SharpeRatio(r, 0, 252);
    f.max_drawdown = backtest::MaxDrawdown(r);
    // The model's daily out-of-sample rank IC (with its label horizon) on the fold's days.
    std::vector<double> fold_ic;
    for (size_t d = 0; d < t.dates.size(); ++d) {
      if (t.dates[d] >= f.first && t.dates[d] <= f.last) fold_ic.push_back(ic[d]);
    }
    f.mean_rank_ic = backtest::NanMean(fold_ic);
    v.folds.push_back(f);
  }
}

// The benchmarks on the strategy's days, and the regime table.
Status Benchmarks(ValidationResult& v, const Store& store, const Market& market, const ValidateOptions& options) {
  const GridRow& chosen = v.grid[v.selected];
  std::vector<DateDays>& dates = v.strategy_dates;
  std::vector<double>& strategy = v.strategy_returns;
  dates = chosen.development.dates;
  strategy = chosen.development.returns;
  dates.insert(dates.end(), chosen.holdout.dates.begin(), chosen.holdout.dates.end());
  strategy.insert(strategy.end(), chosen.holdout.returns.begin(), chosen.holdout.returns.end());
  std::map<DateDays, size_t> day_of;
  for (size_t d = 0; d < market.num_days(); ++d) day_of[market.dates[d]] = d;

  std::vector<std::vector<double>> series;  // per benchmark, per market day
  for (const std::string& ticker : options.params.benchmarks) {
    QTP_ASSIGN_OR_RETURN(backtest::TickerReturns r, backtest::ReadTickerReturns(store, ticker, market.dates));
    if (r.days < 2) continue;
    v.benchmarks.push_back(r.dividends ? ticker : ticker + " (price return)");
    series.push_back(std::move(r.returns));
  }
  v.benchmarks.push_back("equal-weight universe");
  series.push_back(backtest::EqualWeightReturns(market));
  for (const std::vector<double>& s : series) {
    for (const DateDays date : dates) v.benchmark_returns_all.push_back(s[day_of.at(date)]);
  }

  const size_t n = dates.size();
  auto row = [&](const std::string& name, const std::function<bool(size_t)>& in) {
    RegimeRow r;
    r.name = name;
    std::vector<double> picked;
    std::vector<std::vector<double>> bench(series.size());
    for (size_t d = 0; d < n; ++d) {
      if (!in(d)) continue;
      ++r.days;
      picked.push_back(strategy[d]);
      for (size_t b = 0; b < series.size(); ++b) bench[b].push_back(v.benchmark_returns_all[b * n + d]);
    }
    if (r.days == 0) return;
    r.strategy = TotalReturn(picked);
    for (const std::vector<double>& b : bench) r.benchmarks.push_back(TotalReturn(b));
    v.regimes.push_back(std::move(r));
  };
  const size_t dev_days = chosen.development.dates.size();
  row("development (out of sample)", [&](size_t d) { return d < dev_days; });
  row("held out", [&](size_t d) { return d >= dev_days; });
  const std::vector<eda::Regime> windows = options.execution.backtest.StressWindows();
  for (const eda::Regime& w : windows) {
    row(w.name, [&](size_t d) { return dates[d] >= w.first && dates[d] <= w.last; });
  }
  row(eda::kCalmRegime, [&](size_t d) { return eda::RegimeOf(windows, dates[d]) == eda::kCalmRegime; });
  return Status::OK();
}

// Every model's and feature's IC decay over the models' out-of-sample days.
Status Decay(ValidationResult& v, const Store& store, const models::HeldOutTraining& t, const ValidateOptions& options,
             size_t first_scored) {
  QTP_ASSIGN_OR_RETURN(const eda::Panel panel, eda::LoadPanel(store, false));
  if (panel.num_days() < t.dates.size() || !std::equal(t.dates.begin(), t.dates.end(), panel.dates().begin())) {
    return Status::Internal("validation: the feature panel changed during the run");
  }
  ForwardReturns forward = ComputeForwardReturns(panel, options.params.DecayHorizons());
  const size_t end = t.dates.size();
  if (options.last_date != kNullDate) {
    // A forward return of day d over h days is known at the cut-off only when d + h is not after it.
    for (size_t k = 0; k < forward.horizons.size(); ++k) {
      const size_t h = static_cast<size_t>(forward.horizons[k]);
      for (size_t d = end > h ? end - h : 0; d < forward.num_days; ++d) {
        for (size_t i = 0; i < forward.num_tickers; ++i) forward.values[k][d * forward.num_tickers + i] = kNaN;
      }
    }
  }
  std::vector<size_t> feature_index;
  for (const std::string& name : t.features) {
    const auto it = std::find(panel.features().begin(), panel.features().end(), name);
    feature_index.push_back(static_cast<size_t>(it - panel.features().begin()));
  }
  v.decay_dates.assign(t.dates.begin() + static_cast<std::ptrdiff_t>(first_scored), t.dates.end());
  v.model_decay.resize(t.models.size());
  v.feature_decay.resize(t.features.size());
  return ParallelFor(t.models.size() + t.features.size(), options.params.threads, [&](size_t job) -> Status {
    if (job < t.models.size()) {
      const models::HeldOutModel& model = t.models[job];
      std::vector<double> day(panel.num_tickers());
      const DayScores scores = [&](size_t d) {
        std::fill(day.begin(), day.end(), kNaN);
        for (size_t r = t.day_begin[d]; r < t.day_begin[d + 1]; ++r) day[t.ticker[r]] = model.scores[r];
        return std::span<const double>(day);
      };
      v.model_decay[job] = ComputeDecay(forward, scores, first_scored, end, kMinTickers);
    } else {
      const size_t f = feature_index[job - t.models.size()];
      const DayScores scores = [&](size_t d) { return panel.Feature(d, f); };
      v.feature_decay[job - t.models.size()] = ComputeDecay(forward, scores, first_scored, end, kMinTickers);
    }
    return Status::OK();
  });
}

void Gates(ValidationResult& v, const GateParams& g) {
  const GridRow& chosen = v.grid[v.selected];
  const double deflated = g.deflated_sharpe_of == "active" ? v.active.deflated : v.total.deflated;
  // A fold without any IC fails the gate: the minimum is then NaN.
  double min_fold_ic = std::numeric_limits<double>::infinity();
  for (const FoldResult& f : v.folds)
    min_fold_ic = std::isnan(f.mean_rank_ic) ? kNaN : std::min(min_fold_ic, f.mean_rank_ic);
  if (v.folds.empty()) min_fold_ic = kNaN;
  v.gates = {
      {"held-out Sharpe ratio after base costs", fmt::format("> {:.2f}", g.min_holdout_sharpe), chosen.holdout.sharpe,
       chosen.holdout.sharpe > g.min_holdout_sharpe},
      {"lowest mean rank IC of a development fold", fmt::format("> {:.3f}", g.min_fold_ic), min_fold_ic,
       min_fold_ic > g.min_fold_ic},
      {"held-out max drawdown after base costs", fmt::format("<= {:.1f}%", 100 * g.max_drawdown),
       -chosen.holdout.max_drawdown, -chosen.holdout.max_drawdown <= g.max_drawdown},
      {fmt::format("deflated Sharpe ratio of the {} returns", g.deflated_sharpe_of),
       fmt::format("> {:.2f}", g.min_deflated_sharpe), deflated, deflated > g.min_deflated_sharpe},
  };
  v.passed = std::all_of(v.gates.begin(), v.gates.end(), [](const Gate& gate) { return gate.pass; });
}

}  // namespace

Result<ValidationResult> RunValidation(const Store& store, const ValidateOptions& options,
                                       const ValidateProgress& progress) {
  const ValidationParams& p = options.params;
  QTP_RETURN_IF_ERROR(p.Validate());
  ValidationResult v;
  models::TrainOptions train;
  train.params = options.models;
  train.params.permutation_folds = 0;  // importance is qtp train's; validation measures decay instead
  train.params.plots = false;
  train.run_id = options.run_id;
  train.exclude_tickers = p.benchmarks;  // benchmarks are what the strategy is measured against, not stocks
  train.last_date = options.last_date;
  QTP_ASSIGN_OR_RETURN(const models::HeldOutTraining t,
                       models::TrainWithHoldout(store, train, static_cast<size_t>(p.holdout_days), progress.fits));
  for (const models::HeldOutModel& m : t.models) v.models.push_back(m.name);
  v.features = t.features;

  const backtest::SignalRows rows = SignalOf(t);
  backtest::MarketInfo info;
  const backtest::MarketOptions market_options{.signal = "out-of-sample scores of the validated models",
                                               .rows = &rows,
                                               .universe = options.execution.backtest.universe,
                                               .benchmark = options.execution.backtest.benchmark,
                                               .buckets = options.execution.costs.buckets,
                                               .start = kNullDate,
                                               .end = t.dates.back()};
  QTP_ASSIGN_OR_RETURN(Market market, backtest::LoadMarket(store, market_options, info));
  v.tickers = market.num_tickers();
  // Skill is measured against what the strategy picks from: the equal-weight universe (a stored SPY
  // is cap-weighted and often a price return only); the regime table shows every benchmark. A
  // benchmark ticker that qtp select ranked into the top-K is not part of it.
  for (const std::string& ticker : p.benchmarks) {
    const auto it = std::find(market.tickers.begin(), market.tickers.end(), ticker);
    if (it == market.tickers.end()) continue;
    const size_t k = static_cast<size_t>(it - market.tickers.begin());
    for (size_t d = 0; d < market.num_days(); ++d) market.member[market.At(d, k)] = 0;
  }
  market.benchmark = backtest::EqualWeightReturns(market);
  market.benchmark_name = "equal-weight universe";
  v.benchmark = market.benchmark_name;
  QTP_ASSIGN_OR_RETURN(v.universe_note, UniverseNote(store, options, t));
  const PanelToMarket map = MapPanel(t, market);
  std::vector<std::vector<double>> scores;
  for (const models::HeldOutModel& m : t.models) scores.push_back(MarketScores(t, m, market, map));
  const DateDays development_last = t.dates[t.development_days - 1];
  const DateDays holdout_first = t.dates[t.holdout_first];
  const size_t development_end = static_cast<size_t>(
      std::upper_bound(market.dates.begin(), market.dates.end(), development_last) - market.dates.begin());
  const size_t market_holdout = static_cast<size_t>(
      std::lower_bound(market.dates.begin(), market.dates.end(), holdout_first) - market.dates.begin());
  if (development_end < 2 || market_holdout + 2 > market.num_days()) {
    return Status::InvalidArgument("validation: the development or the held-out period has fewer than two days");
  }

  for (const GridPoint& point : MakeGrid(t.models.size(), p)) v.grid.push_back({point, {}, {}});
  QTP_RETURN_IF_ERROR(RunGrid(market, scores, development_end, market_holdout, options, v.grid, progress.backtests));
  Select(v, p);
  const GridRow& chosen = v.grid[v.selected];
  if (chosen.development.dates.empty() || chosen.holdout.dates.empty()) {
    return Status::InvalidArgument("validation: the chosen configuration traded on no day of a period");
  }
  v.development_first = chosen.development.dates.front();
  v.development_last = chosen.development.dates.back();
  v.holdout_first = chosen.holdout.dates.front();
  v.holdout_last = chosen.holdout.dates.back();
  Folds(v, t, chosen.point.model, p.fold_days);
  QTP_RETURN_IF_ERROR(Benchmarks(v, store, market, options));
  QTP_RETURN_IF_ERROR(Decay(v, store, t, options, t.development_folds.front().test_first));
  Gates(v, p.gates);

  const auto fill = [&](const std::string& staging) -> Status {
    QTP_RETURN_IF_ERROR(AtomicWriteFile(staging + "/config.yaml", options.config_yaml));
    nlohmann::ordered_json inputs;
    for (const auto& [name, sha] : info.input_hashes) inputs[name] = sha;
    QTP_RETURN_IF_ERROR(AtomicWriteFile(staging + "/inputs.json", inputs.dump(2) + "\n"));
    return WriteValidationReport(v, options, staging);
  };
  QTP_ASSIGN_OR_RETURN(v.dir,
                       WriteFolderWhole(paths::Join(store.data_dir(), "reports/validation"), options.run_id, fill));
  v.report = v.dir + "/report.md";
  return v;
}

}  // namespace qtp::validation
