#include "qtp/features/ticker_features.h"

#include <algorithm>
#include <cmath>
#include <span>
#include <vector>

#include "qtp/calendar/nyse_calendar.h"
#include "qtp/data/store/feature_columns.h"
#include "qtp/features/metrics/intraday.h"

namespace qtp::features {
namespace {

constexpr int kShortWindow = 20;             // adv_20, amihud_20, cs_spread_20, rv_20, ret_20d, trend_20d
static_assert(kShortWindow <= kIntradayLookbackDays, "the 20-day means of intraday values read this far back");
constexpr int kLongWindow = 60;              // trend_60d, ret_skew_60, ret_kurt_60
constexpr int kMomentumSkip = 21;            // mom_12_1: skip the most recent month ...
constexpr int kMomentumLookback = 252;       // ... of a 12-month return
constexpr double kMinValidFraction = 0.8;    // a rolling mean needs 80% of its window present

// Mean of x[j-w+1 .. j] over the finite values, or NaN when the window reaches before the first
// day or fewer than kMinValidFraction of its values are present.
double WindowMean(const std::vector<double>& x, size_t j, int w) {
  if (j + 1 < static_cast<size_t>(w)) return kNaN;
  double sum = 0;
  int n = 0;
  for (size_t k = j + 1 - static_cast<size_t>(w); k <= j; ++k) {
    if (std::isfinite(x[k])) {
      sum += x[k];
      ++n;
    }
  }
  return n >= kMinValidFraction * w ? sum / n : kNaN;
}

// x[j-w+1 .. j] when the window lies inside x and every value is finite; empty otherwise.
std::span<const double> FullWindow(const std::vector<double>& x, size_t j, int w) {
  if (j + 1 < static_cast<size_t>(w)) return {};
  std::span<const double> window(x.data() + j + 1 - w, static_cast<size_t>(w));
  for (double v : window) {
    if (!std::isfinite(v)) return {};
  }
  return window;
}

// Point in time: daily bars are as traded and ex[k] is the price factor of the corporate actions
// effective since day k-1 (1 on most days). A price of day i is put in day j's basis (i < j) by the
// factors of days i+1..j only, actions known at j: a later action changes nothing already computed.
double Basis(const std::vector<double>& ex, size_t i, size_t j) {
  double f = 1.0;
  for (size_t k = i + 1; k <= j; ++k) f *= ex[k];
  return f;
}

// close[j] / close[i] - 1 with close[i] in day j's basis.
double Return(const std::vector<double>& close, const std::vector<double>& ex, size_t i, size_t j) {
  return close[j] / (close[i] * Basis(ex, i, j)) - 1.0;
}

// [begin, end) of each daily day's 5-minute bars (both 0 when it has none). Bars and days are both
// sorted, so one merge pass assigns every bar to its exchange date.
void GroupBarsByDay(const Bars5m& bars, const std::vector<DateDays>& days, std::vector<size_t>& begin,
                    std::vector<size_t>& end) {
  begin.assign(days.size(), 0);
  end.assign(days.size(), 0);
  size_t j = 0;
  for (size_t i = 0; i < bars.size();) {
    const DateDays day = NyseCalendar::ExchangeDate(bars.ts[i]);
    size_t k = i + 1;
    while (k < bars.size() && NyseCalendar::ExchangeDate(bars.ts[k]) == day) ++k;
    while (j < days.size() && days[j] < day) ++j;
    if (j < days.size() && days[j] == day) {
      begin[j] = i;
      end[j] = k;
    }
    i = k;
  }
}

// An exact fit has an infinite t-statistic: stored as NULL, since no reader can use ±inf.
void Put(std::vector<double>& column, size_t row, LineFit fit, std::vector<double>& t_stat, std::vector<double>& r2) {
  column[row] = fit.slope;
  t_stat[row] = std::isfinite(fit.t_stat) ? fit.t_stat : kNaN;
  r2[row] = fit.r2;
}

}  // namespace

Table ComputeTickerFeatures(const TickerBars& in, DateDays first_date, DateDays last_date, const FeatureParams& params,
                            SpectrumScratch& scratch) {
  const Bars1d& day = in.daily;
  const size_t n_days = day.size();
  const size_t j0 = static_cast<size_t>(std::lower_bound(day.date.begin(), day.date.end(), first_date) - day.date.begin());
  const size_t j1 = static_cast<size_t>(std::upper_bound(day.date.begin(), day.date.end(), last_date) - day.date.begin());
  Table out(schema::FeaturesRaw());
  const size_t rows = j1 > j0 ? j1 - j0 : 0;
  out.Column<int32_t>("date").assign(day.date.begin() + static_cast<std::ptrdiff_t>(j0),
                                     day.date.begin() + static_cast<std::ptrdiff_t>(j0 + rows));
  out.Column<std::string>("ticker").assign(rows, in.ticker);
  out.Column<int64_t>("n_bars").assign(rows, 0);
  auto column = [&](const char* name) -> std::vector<double>& {
    std::vector<double>& v = out.Column<double>(name);
    v.assign(rows, kNaN);
    return v;
  };
  for (const schema::FeatureColumn& f : schema::FeatureColumns()) {
    if (f.type == ColumnType::kDouble) column(f.name.c_str());
  }
  if (rows == 0) return out;

  const std::vector<double> ex = in.ex_factor.empty() ? std::vector<double>(n_days, 1.0) : in.ex_factor;
  // Daily series over every stored day: the long windows look back from the first output day.
  // log_close is forward-adjusted (ln close minus the ln factors of the actions up to the day): a
  // window of it differs from the window of ln(close in the last day's basis) by one constant, which
  // no fit of a slope or of returns sees, and each value uses only actions known on its day.
  std::vector<double> log_close(n_days), log_ret(n_days, kNaN), actions_log(n_days, 0.0);
  for (size_t j = 0; j < n_days; ++j) {
    if (j > 0) actions_log[j] = actions_log[j - 1] + std::log(ex[j]);
    log_close[j] = std::log(day.close[j]) - actions_log[j];
    if (j > 0) log_ret[j] = log_close[j] - log_close[j - 1];
  }

  // Per-day values the 20-day means average, from 20 days before the first output day on.
  std::vector<size_t> bar_begin, bar_end;
  GroupBarsByDay(in.intraday, day.date, bar_begin, bar_end);
  std::vector<double> bar_log_close(in.intraday.size());
  for (size_t j = 0; j < n_days; ++j) {  // forward-adjusted like log_close: the windows span days
    for (size_t i = bar_begin[j]; i < bar_end[j]; ++i) {
      bar_log_close[i] = std::log(in.intraday.close[i]) - actions_log[j];
    }
  }
  const size_t jb = j0 >= kShortWindow ? j0 - kShortWindow : 0;
  std::vector<IntradayMetrics> intraday(n_days);
  // traded: the day's dollar volume, or the daily bar's close * volume on days without 5-minute bars.
  std::vector<double> dollar_volume(n_days, kNaN), traded(n_days, kNaN), amihud(n_days, kNaN),
      amihud_bar(n_days, kNaN), spread(n_days, kNaN), rv_squared(n_days, kNaN);
  for (size_t j = jb; j < j1; ++j) {
    const double prev_close = j > 0 ? day.close[j - 1] * ex[j] : kNaN;  // in day j's basis
    traded[j] = day.close[j] * day.volume[j];
    if (bar_end[j] > bar_begin[j]) {
      const size_t b = bar_begin[j], n = bar_end[j] - bar_begin[j];
      const Bars5m& bars = in.intraday;
      intraday[j] = ComputeIntraday({std::span(bars.open).subspan(b, n), std::span(bars.high).subspan(b, n),
                                     std::span(bars.low).subspan(b, n), std::span(bars.close).subspan(b, n),
                                     std::span(bars.volume).subspan(b, n)},
                                    prev_close);
      dollar_volume[j] = intraday[j].dollar_volume;
      traded[j] = dollar_volume[j];
      amihud_bar[j] = intraday[j].amihud_bar;
      rv_squared[j] = intraday[j].rv_5m * intraday[j].rv_5m;
    }
    if (j > 0 && traded[j] > 0) amihud[j] = std::abs(day.close[j] / prev_close - 1.0) / traded[j] * 1e6;
    if (j > 0) {
      spread[j] =
          CorwinSchultzSpread(day.high[j - 1] * ex[j], day.low[j - 1] * ex[j], prev_close, day.high[j], day.low[j]);
    }
  }

  std::vector<double>& close = out.Column<double>("close");
  std::vector<double>& ex_factor = out.Column<double>("ex_factor");
  std::vector<int64_t>& n_bars = out.Column<int64_t>("n_bars");
  std::vector<double>&ret_1d = out.Column<double>("ret_1d"), &ret_5d = out.Column<double>("ret_5d"),
  &ret_20d = out.Column<double>("ret_20d"), &mom = out.Column<double>("mom_12_1");
  std::vector<double>&dv = out.Column<double>("dollar_volume"), &adv = out.Column<double>("adv_20"),
  &turnover = out.Column<double>("turnover"), &amihud_daily = out.Column<double>("amihud_daily"),
  &amihud_20 = out.Column<double>("amihud_20"), &amihud_bar_day = out.Column<double>("amihud_bar"),
  &amihud_bar_20 = out.Column<double>("amihud_bar_20"), &cs = out.Column<double>("cs_spread"),
  &cs_20 = out.Column<double>("cs_spread_20"), &cost = out.Column<double>("rt_cost_bps");
  std::vector<double>&rv = out.Column<double>("rv_5m"), &rv_on = out.Column<double>("rv_5m_overnight"),
  &bipower = out.Column<double>("bipower_5m"), &rsv_down = out.Column<double>("rsv_down_5m"),
  &rskew = out.Column<double>("rskew_5m"), &rkurt = out.Column<double>("rkurt_5m"),
  &rv_20 = out.Column<double>("rv_20"), &skew_60 = out.Column<double>("ret_skew_60"),
  &kurt_60 = out.Column<double>("ret_kurt_60"), &parkinson = out.Column<double>("parkinson"),
  &garman_klass = out.Column<double>("garman_klass");
  std::vector<double>&short_slope = out.Column<double>("trend_5m_short_slope"),
  &short_t = out.Column<double>("trend_5m_short_t"), &short_r2 = out.Column<double>("trend_5m_short_r2"),
  &long_slope = out.Column<double>("trend_5m_long_slope"), &long_t = out.Column<double>("trend_5m_long_t"),
  &long_r2 = out.Column<double>("trend_5m_long_r2"), &slope_20 = out.Column<double>("trend_20d_slope"),
  &t_20 = out.Column<double>("trend_20d_t"), &r2_20 = out.Column<double>("trend_20d_r2"),
  &slope_60 = out.Column<double>("trend_60d_slope"), &t_60 = out.Column<double>("trend_60d_t"),
  &r2_60 = out.Column<double>("trend_60d_r2"), &hurst = out.Column<double>("hurst"), &vr = out.Column<double>("vr"),
  &vr_z = out.Column<double>("vr_z"), &ac1 = out.Column<double>("ac1_5m"), &lf = out.Column<double>("lf_share");
  std::vector<double>& sim_signal = out.Column<double>("sim_signal");
  size_t next_signal = 0;  // both date lists ascend: one merge pass

  // The 5-minute bars of the last `days` days up to day j, as one span of log closes; empty when
  // day j has no bars (a daily-only day has no intraday trend).
  auto intraday_window = [&](size_t j, int days) -> std::span<const double> {
    if (bar_end[j] <= bar_begin[j]) return {};
    size_t first = j;
    for (size_t back = 1; back < static_cast<size_t>(days) && back <= j; ++back) {
      if (bar_end[j - back] > bar_begin[j - back]) first = j - back;
    }
    return std::span(bar_log_close).subspan(bar_begin[first], bar_end[j] - bar_begin[first]);
  };

  for (size_t j = j0; j < j1; ++j) {
    const size_t r = j - j0;
    const IntradayMetrics& m = intraday[j];
    close[r] = day.close[j];
    n_bars[r] = m.n_bars;
    ex_factor[r] = ex[j];
    if (j >= 1) ret_1d[r] = Return(day.close, ex, j - 1, j);
    if (j >= 5) ret_5d[r] = Return(day.close, ex, j - 5, j);
    if (j >= kShortWindow) ret_20d[r] = Return(day.close, ex, j - kShortWindow, j);
    if (j >= kMomentumLookback) mom[r] = Return(day.close, ex, j - kMomentumLookback, j - kMomentumSkip);

    dv[r] = dollar_volume[j];
    adv[r] = WindowMean(traded, j, kShortWindow);
    if (in.shares_outstanding > 0) {
      // The share count is one current figure: the day's volume goes to its basis (ticker_features.h).
      const double to_current_shares = in.adj_volume_factor.empty() ? 1.0 : in.adj_volume_factor[j];
      turnover[r] = day.volume[j] * to_current_shares / in.shares_outstanding;
    }
    amihud_daily[r] = amihud[j];
    amihud_20[r] = WindowMean(amihud, j, kShortWindow);
    amihud_bar_day[r] = amihud_bar[j];
    amihud_bar_20[r] = WindowMean(amihud_bar, j, kShortWindow);
    cs[r] = spread[j];
    cs_20[r] = WindowMean(spread, j, kShortWindow);
    cost[r] = 1e4 * (cs_20[r] + 2.0 * amihud_20[r] * params.reference_order_usd / 1e6);

    rv[r] = m.rv_5m;
    rv_on[r] = m.rv_5m_overnight;
    bipower[r] = m.bipower_5m;
    rsv_down[r] = m.rsv_down_5m;
    rskew[r] = m.rskew_5m;
    rkurt[r] = m.rkurt_5m;
    ac1[r] = m.ac1_5m;
    rv_20[r] = std::sqrt(WindowMean(rv_squared, j, kShortWindow));
    if (auto w = FullWindow(log_ret, j, kLongWindow); !w.empty()) {
      const Moments moments = SampleMoments(w);
      skew_60[r] = moments.skew;
      kurt_60[r] = moments.excess_kurt;
    }
    // The range estimators need only the day's own OHLC: from the daily bar, so daily-only days have them too.
    const IntradayMetrics range = ComputeIntraday({std::span(day.open).subspan(j, 1), std::span(day.high).subspan(j, 1),
                                                   std::span(day.low).subspan(j, 1), std::span(day.close).subspan(j, 1),
                                                   std::span(day.volume).subspan(j, 1)},
                                                  kNaN);
    parkinson[r] = range.parkinson;
    garman_klass[r] = range.garman_klass;

    if (auto w = intraday_window(j, params.intraday_trend_short_days); w.size() >= 3) {
      Put(short_slope, r, FitLine(w), short_t, short_r2);
    }
    if (auto w = intraday_window(j, params.intraday_trend_long_days); w.size() >= 3) {
      Put(long_slope, r, FitLine(w), long_t, long_r2);
    }
    if (auto w = FullWindow(log_close, j, kShortWindow); !w.empty()) Put(slope_20, r, FitLine(w), t_20, r2_20);
    if (auto w = FullWindow(log_close, j, kLongWindow); !w.empty()) Put(slope_60, r, FitLine(w), t_60, r2_60);
    if (auto w = FullWindow(log_ret, j, params.hurst_window); !w.empty()) {
      hurst[r] = params.hurst_method == "dfa" ? HurstDFA(w) : HurstRS(w);
    }
    if (auto w = FullWindow(log_ret, j, params.vr_window); !w.empty()) {
      const VarianceRatio ratio = LoMacKinlay(w, params.vr_q);
      vr[r] = ratio.vr;
      vr_z[r] = ratio.z_robust;
    }
    if (auto w = FullWindow(log_ret, j, params.spectral_window); !w.empty()) {
      lf[r] = LowFrequencyPowerShare(w, params.spectral_cutoff, scratch);
    }
    while (next_signal < in.signal_dates.size() && in.signal_dates[next_signal] < day.date[j]) ++next_signal;
    if (next_signal < in.signal_dates.size() && in.signal_dates[next_signal] == day.date[j]) {
      sim_signal[r] = in.signal[next_signal];
    }
  }
  return out;
}

}  // namespace qtp::features
