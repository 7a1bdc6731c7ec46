#include "qtp/data/simulate/market_simulator.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>

#include "qtp/calendar/nyse_calendar.h"

namespace qtp::sim {
namespace {

constexpr double kTradingDaysPerYear = 252.0;
// Guard against a run-away GARCH after an extreme fat-tailed shock: conditional variance is capped
// at this multiple of its long-run level (about 7× the normal volatility).
constexpr double kMaxVarianceMultiple = 50.0;
// Daily log-volume multiplier: AR(1) coefficient, and elasticity to conditional volatility.
constexpr double kVolumePersistence = 0.7;
constexpr double kVolumeVolElasticity = 1.0;
// Scale of a bar's high/low excursion beyond max/min(open, close), in bar standard deviations.
constexpr double kRangeScale = 0.5;
constexpr double kMinSplitPrice = 5.0;  // a forward split never takes the price below this
constexpr int kMaxTickers = 9999;

// Trading days between two ex-dates of a dividend payer.
int DividendPeriod(const SimulatorParams& p) {
  return std::max(1, static_cast<int>(std::lround(kTradingDaysPerYear / p.dividends_per_year)));
}

double Clip(double x, double lo, double hi) { return std::min(std::max(x, lo), hi); }

// Round half to even of a value in [0, 2^52), via the FPU's default rounding: no libm call in the
// per-bar loop, and exact for the magnitudes used here (prices in ticks, share counts).
double RoundNonNegative(double x) { return (x + 0x1p52) - 0x1p52; }
// Nearest multiple of 1 / per_unit (per_unit = 100 for cents); dividing last gives the double
// nearest to the decimal (58.8, not 58.800000000000004).
double RoundTo(double x, double per_unit) { return RoundNonNegative(x * per_unit) / per_unit; }

// Next GARCH(1,1) variance with variance targeting: ω = h̄ (1 − α − β).
double GarchNext(double h, double shock, double h_mean, const SimulatorParams& p) {
  const double next = h_mean * (1.0 - p.garch_alpha - p.garch_beta) + p.garch_alpha * shock * shock + p.garch_beta * h;
  return std::min(next, kMaxVarianceMultiple * h_mean);
}

// Splits `total` over the slots with variance weights w (Σw = 1): independent N(0, w_j var) draws
// plus the share w_j of the gap to `total`. This is the exact Gaussian bridge: given the total, the
// slots have the conditional law of independent N(0, w_j var) increments.
void Bridge(double total, double var, const std::vector<double>& w, const std::vector<double>& sd_w, Rng& rng,
            double* out) {
  const double sd = std::sqrt(var);
  double sum = 0.0;
  const size_t n = w.size();
  for (size_t j = 0; j < n; ++j) {
    out[j] = sd * sd_w[j] * rng.Normal();
    sum += out[j];
  }
  const double gap = total - sum;
  for (size_t j = 0; j < n; ++j) out[j] += w[j] * gap;
}

std::string SyntheticName(Rng& rng, int sector) {
  static constexpr const char* kSyllables[] = {"ka", "lo",  "ver", "tri", "mon", "sa",  "del", "qu", "ro", "zen",
                                               "vi", "tor", "nex", "bra", "lu",  "cor", "fen", "ga", "ri", "sol"};
  static constexpr const char* kSectorWords[kNumSectors] = {"Systems", "Financial", "Therapeutics", "Industries",
                                                            "Brands",  "Media",     "Foods",        "Energy",
                                                            "Power",   "Realty",    "Materials"};
  constexpr uint64_t kNumSyllables = sizeof(kSyllables) / sizeof(kSyllables[0]);
  const int syllables = 2 + static_cast<int>(rng.Next() % 2);
  std::string word;
  for (int s = 0; s < syllables; ++s) word += kSyllables[rng.Next() % kNumSyllables];
  word[0] = static_cast<char>(word[0] - 'a' + 'A');
  return fmt::format("{} {} SimCo", word, kSectorWords[sector]);
}

}  // namespace

double MarketSimulator::CopulaRho(double ic) { return 2.0 * std::sin(std::numbers::pi * ic / 6.0); }

Result<MarketSimulator> MarketSimulator::Make(const SimulatorParams& params, const SimulateRequest& request) {
  QTP_RETURN_IF_ERROR(params.Validate());
  if (request.tickers < 1 || request.tickers > kMaxTickers) {
    return Status::InvalidArgument(
        fmt::format("simulate: --tickers must be in [1, {}] (got {})", kMaxTickers, request.tickers));
  }
  if (request.start > request.end) {
    return Status::InvalidArgument(
        fmt::format("simulate: --start {} is after --end {}", FormatDate(request.start), FormatDate(request.end)));
  }
  const int first_year = CivilFromDays(request.start).year;
  const int last_year = CivilFromDays(request.end).year;
  if (first_year < NyseCalendar::kFirstYear || last_year > NyseCalendar::kLastYear) {
    return Status::InvalidArgument(fmt::format("simulate: dates must lie in {}..{} (got {} to {})",
                                               NyseCalendar::kFirstYear, NyseCalendar::kLastYear,
                                               FormatDate(request.start), FormatDate(request.end)));
  }
  if (!(request.signal >= -1.0 && request.signal <= 1.0)) {
    return Status::InvalidArgument(fmt::format("simulate: --signal must be in [-1, 1] (got {})", request.signal));
  }
  if (request.commit_every < 1) {
    return Status::InvalidArgument("simulate: commit_every must be >= 1");
  }
  MarketSimulator sim(params, request);
  sim.BuildCalendar(request.start, request.end);
  if (sim.days_.empty()) {
    return Status::InvalidArgument(fmt::format("simulate: no NYSE trading day between {} and {}",
                                               FormatDate(request.start), FormatDate(request.end)));
  }
  sim.LocateRegimeShift();
  sim.BuildFactors();
  sim.BuildTickers(request.tickers);
  sim.BuildDailyPaths();
  return sim;
}

MarketSimulator::MarketSimulator(const SimulatorParams& params, const SimulateRequest& request)
    : params_(params), seed_(request.seed), signal_ic_(request.signal), regime_shift_(request.regime_shift) {}

void MarketSimulator::BuildCalendar(DateDays start, DateDays end) {
  const NyseCalendar& calendar = NyseCalendar::Get();
  days_ = calendar.TradingDays(start, end);
  bar_offset_.assign(1, 0);
  for (DateDays day : days_) {
    const std::vector<TimestampUs> starts = calendar.BarStarts(day);
    bar_ts_.insert(bar_ts_.end(), starts.begin(), starts.end());
    bar_offset_.push_back(bar_ts_.size());
    const int bars = static_cast<int>(starts.size());
    auto found = std::find_if(profiles_.begin(), profiles_.end(), [&](const Profile& p) { return p.bars == bars; });
    if (found == profiles_.end()) {
      Profile p;
      p.bars = bars;
      std::vector<double> u(static_cast<size_t>(bars));
      for (int b = 0; b < bars; ++b) {
        const double x = (b + 0.5) / bars;
        u[static_cast<size_t>(b)] = 1.0 + params_.intraday_u_shape * (2.0 * x - 1.0) * (2.0 * x - 1.0);
      }
      const double u_sum = std::accumulate(u.begin(), u.end(), 0.0);
      p.var_weight.push_back(params_.overnight_share);
      for (double ub : u) {
        p.var_weight.push_back((1.0 - params_.overnight_share) * ub / u_sum);
        p.vol_weight.push_back(ub / u_sum);
      }
      for (double w : p.var_weight) p.var_sd.push_back(std::sqrt(w));
      profiles_.push_back(std::move(p));
      found = profiles_.end() - 1;
    }
    day_profile_.push_back(static_cast<uint8_t>(found - profiles_.begin()));
  }
}

void MarketSimulator::LocateRegimeShift() {
  shift_day_ = days_.size();
  if (!regime_shift_) return;
  const DateDays shift = *regime_shift_;
  shift_day_ = static_cast<size_t>(std::upper_bound(days_.begin(), days_.end(), shift) - days_.begin());
  if (shift < days_.front()) {
    shift_days_before_start_ = static_cast<int>(NyseCalendar::Get().TradingDays(shift + 1, days_.front() - 1).size());
  }
}

// The processes run unchanged (same draws, GARCH state in pre-shift units) and their output is scaled.
// GARCH(1,1) with variance targeting is scale-equivariant (h → m² h, e → m e), so after the shift each
// series is a GARCH with long-run variance m² h̄, entered at once. Before it the scale is exactly 1, so
// those days are bit-identical to a run without the shift.
double MarketSimulator::FactorVolScale(size_t day) const {
  return day < shift_day_ ? 1.0 : params_.regime_shift.factor_vol_multiplier;
}

double MarketSimulator::IdioVolScale(size_t day) const {
  return day < shift_day_ ? 1.0 : params_.regime_shift.idio_vol_multiplier;
}

double MarketSimulator::PlantedIc(size_t day) const {
  if (day < shift_day_) return signal_ic_;
  const double half_life = params_.regime_shift.signal_half_life;
  if (half_life == 0.0) return 0.0;
  // Trading days since the shift date, 1 on the first day of the new regime.
  const int age = static_cast<int>(day - shift_day_) + 1 + shift_days_before_start_;
  return signal_ic_ * std::exp2(-age / half_life);
}

void MarketSimulator::BuildFactors() {
  const size_t num_days = days_.size();
  const size_t num_slots = bar_ts_.size() + num_days;
  for (int f = 0; f < kNumFactors; ++f) {
    Rng rng(seed_, Stream::kFactors, static_cast<uint64_t>(f));
    const double vol = f == 0 ? params_.market_vol : params_.sector_vol;
    const double drift = f == 0 ? params_.market_drift / kTradingDaysPerYear : 0.0;
    const double h_mean = vol * vol / kTradingDaysPerYear;
    double h = h_mean;
    factor_path_[f].resize(num_slots);
    factor_total_[f].resize(num_days);
    factor_var_[f].resize(num_days);
    for (size_t d = 0; d < num_days; ++d) {
      const double shock = std::sqrt(h) * rng.StudentTUnit(params_.tail_dof);
      const double scale = FactorVolScale(d);
      const Profile& p = profiles_[day_profile_[d]];
      Bridge(drift + scale * shock, scale * scale * h, p.var_weight, p.var_sd, rng,
             &factor_path_[f][bar_offset_[d] + d]);
      factor_total_[f][d] = drift + scale * shock;
      factor_var_[f][d] = scale * scale * h;
      h = GarchNext(h, shock, h_mean, params_);
    }
  }
}

void MarketSimulator::BuildTickers(int num_tickers) {
  const std::vector<int> sectors = AssignSectors(num_tickers);
  const double log_dv_min = std::log(params_.dollar_volume_min);
  const double log_dv_max = std::log(params_.dollar_volume_max);
  const int period = DividendPeriod(params_);
  models_.resize(static_cast<size_t>(num_tickers));
  universe_.resize(static_cast<size_t>(num_tickers));
  for (int i = 0; i < num_tickers; ++i) {
    // Every draw is made whatever the parameters, so one parameter never shifts another's draws.
    Rng rng(seed_, Stream::kStatic, static_cast<uint64_t>(i));
    TickerModel& m = models_[static_cast<size_t>(i)];
    m.sector = sectors[static_cast<size_t>(i)];
    m.beta = Clip(params_.beta_mean + params_.beta_sd * rng.Normal(), params_.beta_mean - 3.0 * params_.beta_sd,
                  params_.beta_mean + 3.0 * params_.beta_sd);
    m.loading = Clip(1.0 + params_.sector_loading_sd * rng.Normal(), 0.0, 1.0 + 3.0 * params_.sector_loading_sd);
    const double idio_vol =
        params_.idio_vol_median * std::exp(Clip(params_.idio_vol_dispersion * rng.Normal(),
                                                -3.0 * params_.idio_vol_dispersion, 3.0 * params_.idio_vol_dispersion));
    m.idio_var_mean = idio_vol * idio_vol / kTradingDaysPerYear;
    m.dollar_volume = std::exp(log_dv_min + (log_dv_max - log_dv_min) * rng.Uniform());
    m.start_price = Clip(params_.price_median * std::exp(0.7 * rng.Normal()), 2.0, 5000.0);
    const double turnover = params_.turnover_median * std::exp(Clip(0.5 * rng.Normal(), -1.5, 1.5));
    m.start_shares = m.dollar_volume / (turnover * m.start_price);
    m.trade_size = 100.0 * std::exp(Clip(0.4 * rng.Normal(), -1.2, 1.2));
    m.dividend_payer = rng.Uniform() < params_.dividend_payer_share;
    m.dividend_yield = params_.dividend_yield_median * std::exp(Clip(0.4 * rng.Normal(), -1.2, 1.2));
    m.dividend_phase = static_cast<int>(rng.Next() % static_cast<uint64_t>(period));
    TickerInfo& info = universe_[static_cast<size_t>(i)];
    info.ticker = TickerSymbol(i);
    info.name = SyntheticName(rng, m.sector);
    info.sector = m.sector;
  }
}

void MarketSimulator::AssignReturnsByCopula(int day, double ic, const std::vector<double>& signal,
                                            std::vector<double>& returns) const {
  // Rank-copula planting (docs/simulated_market.md, "The planted signal"): the day's natural returns
  // are kept as a set, and re-dealt to tickers in the order of W = ρ s + √(1−ρ²) ζ, where ζ are the
  // order statistics of a fresh N(0,1) sample dealt in the natural returns' order. Then (s, W) is an
  // i.i.d. bivariate normal sample with correlation ρ and the returns have exactly W's ranks.
  const size_t n = returns.size();
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  // Ties (measure zero) broken by index, so the order is fully determined.
  auto by = [](const std::vector<double>& values) {
    return [v = values.data()](size_t a, size_t b) { return v[a] < v[b] || (v[a] == v[b] && a < b); };
  };
  std::sort(order.begin(), order.end(), by(returns));
  Rng rng(seed_, Stream::kCrossSection, static_cast<uint64_t>(day));
  std::vector<double> scores(n);
  for (double& z : scores) z = rng.Normal();
  std::sort(scores.begin(), scores.end());
  const double rho = CopulaRho(ic);
  const double noise = std::sqrt(std::max(0.0, 1.0 - rho * rho));
  std::vector<double> w(n);
  std::vector<double> sorted_returns(n);
  for (size_t r = 0; r < n; ++r) {
    const size_t i = order[r];
    w[i] = rho * signal[i] + noise * scores[r];
    sorted_returns[r] = returns[i];
  }
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), by(w));
  for (size_t r = 0; r < n; ++r) returns[order[r]] = sorted_returns[r];
}

double MarketSimulator::ApplyCorporateActions(int ticker, int day, double close, Rng& rng, double& share_factor) {
  TickerModel& m = models_[static_cast<size_t>(ticker)];
  const double u_split = rng.Uniform();
  const double u_ratio = rng.Uniform();
  const int period = DividendPeriod(params_);
  CorporateAction action;
  action.ticker = universe_[static_cast<size_t>(ticker)].ticker;
  action.ex_date = days_[static_cast<size_t>(day)];
  action.source = kSimulatedSource;
  if (close < params_.reverse_split_below) {
    action.type = CorporateActionType::kSplit;
    action.split_ratio = 0.1;
    m.actions.push_back(action);
    share_factor *= action.split_ratio;
    return close / action.split_ratio;
  }
  if (m.dividend_payer && day >= m.dividend_phase && (day - m.dividend_phase) % period == 0) {
    const double dividend = RoundTo(m.dividend_yield / params_.dividends_per_year * close, 100.0);
    if (dividend >= 0.01 && dividend < 0.25 * close) {
      action.type = CorporateActionType::kDividend;
      action.dividend = dividend;
      m.actions.push_back(action);
      return close - dividend;
    }
  }
  if (u_split < params_.split_rate / kTradingDaysPerYear) {
    const double ratio = u_ratio < 0.6 ? 2.0 : (u_ratio < 0.8 ? 3.0 : 1.5);
    if (close / ratio >= kMinSplitPrice) {
      action.type = CorporateActionType::kSplit;
      action.split_ratio = ratio;
      m.actions.push_back(action);
      share_factor *= ratio;
      return close / ratio;
    }
  }
  return close;
}

void MarketSimulator::BuildDailyPaths() {
  const size_t n = models_.size();
  const size_t num_days = days_.size();
  const bool planted = signal_ic_ != 0.0;
  const double phi = params_.signal_persistence;
  const double phi_noise = std::sqrt(1.0 - phi * phi);
  std::vector<Rng> daily_rng;
  std::vector<Rng> action_rng;
  std::vector<Rng> signal_rng;
  for (size_t i = 0; i < n; ++i) {
    daily_rng.emplace_back(seed_, Stream::kDaily, i);
    action_rng.emplace_back(seed_, Stream::kActions, i);
    signal_rng.emplace_back(seed_, Stream::kSignal, i);
  }
  std::vector<double> h(n);
  std::vector<double> share_factor(n, 1.0);
  std::vector<double> common(n);
  std::vector<double> shock(n);
  std::vector<double> returns(n);
  std::vector<double> prev_signal(n);
  for (size_t i = 0; i < n; ++i) {
    TickerModel& m = models_[i];
    m.idio_total.resize(num_days);
    m.idio_var.resize(num_days);
    m.open_base.resize(num_days);
    m.signal.resize(num_days);
    m.open_base[0] = m.start_price;
    h[i] = m.idio_var_mean;
  }
  for (size_t d = 0; d < num_days; ++d) {
    const double idio_scale = IdioVolScale(d);
    for (size_t i = 0; i < n; ++i) {
      const TickerModel& m = models_[i];
      common[i] = m.beta * factor_total_[0][d] + m.loading * factor_total_[1 + m.sector][d];
      shock[i] = std::sqrt(h[i]) * daily_rng[i].StudentTUnit(params_.tail_dof);
      returns[i] = common[i] + idio_scale * shock[i];
    }
    // The signal of day d-1 was drawn before any of day d's shocks: no look-ahead. The natural
    // market (shocks and GARCH states) never sees the signal, so it is the same for every X.
    if (planted && d > 0) AssignReturnsByCopula(static_cast<int>(d), PlantedIc(d), prev_signal, returns);
    for (size_t i = 0; i < n; ++i) {
      TickerModel& m = models_[i];
      m.idio_total[d] = returns[i] - common[i];
      m.idio_var[d] = idio_scale * idio_scale * h[i];
      h[i] = GarchNext(h[i], shock[i], m.idio_var_mean, params_);
      const double z = signal_rng[i].Normal();
      m.signal[d] = d == 0 ? z : phi * prev_signal[i] + phi_noise * z;
      prev_signal[i] = m.signal[d];
      if (d + 1 < num_days) {
        const double close = m.open_base[d] * std::exp(returns[i]);
        m.open_base[d + 1] =
            ApplyCorporateActions(static_cast<int>(i), static_cast<int>(d + 1), close, action_rng[i], share_factor[i]);
      }
    }
  }
  for (size_t i = 0; i < n; ++i) {
    universe_[i].shares_outstanding = std::llround(models_[i].start_shares * share_factor[i]);
  }
}

SimulatedTicker MarketSimulator::GenerateTicker(int index) const {
  const TickerModel& m = models_[static_cast<size_t>(index)];
  SimulatedTicker out;
  out.info = universe_[static_cast<size_t>(index)];
  out.actions = m.actions;
  out.signal_dates = days_;
  out.signal = m.signal;

  Rng rng(seed_, Stream::kIntraday, static_cast<uint64_t>(index));
  const bool faulty = params_.faults.Total() > 0.0;
  const std::string source = kSimulatedSource;
  out.bars.ticker = out.info.ticker;
  out.bars.reserve(bar_ts_.size() + (faulty ? bar_ts_.size() / 64 + 16 : 0));
  FaultInjector injector(params_.faults, Rng(seed_, Stream::kFaults, static_cast<uint64_t>(index)), source, out.bars,
                         out.faults);

  const std::vector<double>& market = factor_path_[0];
  const std::vector<double>& sector = factor_path_[1 + static_cast<size_t>(m.sector)];
  const double bar_noise = params_.bar_volume_noise;
  const double bar_noise_mean = -0.5 * bar_noise * bar_noise;
  size_t max_bars = 0;
  for (const Profile& p : profiles_) max_bars = std::max(max_bars, static_cast<size_t>(p.bars));
  std::vector<double> idio(max_bars + 1);
  double log_volume = 0.0;

  for (size_t d = 0; d < days_.size(); ++d) {
    const Profile& p = profiles_[day_profile_[d]];
    const size_t slot0 = bar_offset_[d] + d;
    const double h = m.idio_var[d];
    Bridge(m.idio_total[d], h, p.var_weight, p.var_sd, rng, idio.data());
    const double day_var =
        m.beta * m.beta * factor_var_[0][d] + m.loading * m.loading * factor_var_[1 + m.sector][d] + h;
    log_volume = kVolumePersistence * log_volume + params_.daily_volume_noise * rng.Normal();
    const double day_dollar_volume =
        m.dollar_volume * std::exp(log_volume + 0.5 * kVolumeVolElasticity * std::log(h / m.idio_var_mean));
    const double base = m.open_base[d];
    // The day's price grid: cents, or 1/100 cent for sub-dollar stocks (one grid per day keeps rounding monotone).
    const double per_unit = base >= 1.0 ? 100.0 : 10000.0;
    const double tick = 1.0 / per_unit;
    double open = base * std::exp(m.beta * market[slot0] + m.loading * sector[slot0] + idio[0]);
    const TimestampUs* ts = &bar_ts_[bar_offset_[d]];
    for (int b = 0; b < p.bars; ++b) {
      const size_t j = static_cast<size_t>(b) + 1;
      const double close = open * std::exp(m.beta * market[slot0 + j] + m.loading * sector[slot0 + j] + idio[j]);
      const double range_sd = kRangeScale * std::sqrt(p.var_weight[j] * day_var);
      const double high = std::max(open, close) * (1.0 + range_sd * std::fabs(rng.Normal()));
      const double low = std::min(open, close) / (1.0 + range_sd * std::fabs(rng.Normal()));
      const double shares = day_dollar_volume * p.vol_weight[static_cast<size_t>(b)] / close *
                            std::exp(bar_noise_mean + bar_noise * rng.Normal());
      Bar5m bar;
      bar.ts = ts[b];
      bar.open = std::max(RoundTo(open, per_unit), tick);
      bar.high = std::max(RoundTo(high, per_unit), tick);
      bar.low = std::max(RoundTo(low, per_unit), tick);
      bar.close = std::max(RoundTo(close, per_unit), tick);
      bar.volume = std::max(1.0, RoundNonNegative(shares));
      bar.vwap = Clip(RoundTo(0.25 * (bar.open + bar.high + bar.low + bar.close), 10000.0), bar.low, bar.high);
      bar.trade_count = std::max<int64_t>(1, static_cast<int64_t>(RoundNonNegative(bar.volume / m.trade_size)));
      if (faulty) {
        injector.Add(bar, b + 1 == p.bars);
      } else {
        out.bars.push_back(bar, source);
      }
      open = close;
    }
  }
  return out;
}

}  // namespace qtp::sim
