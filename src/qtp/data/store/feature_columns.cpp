#include "qtp/data/store/feature_columns.h"

namespace qtp::schema {
namespace {

std::vector<ColumnSpec> KeyColumns() { return {{"date", ColumnType::kDate}, {"ticker", ColumnType::kString}}; }

TableSpec FeatureSpec(std::string name, std::string path, bool predictors_only) {
  TableSpec spec;
  spec.name = std::move(name);
  spec.path = std::move(path);
  spec.columns = KeyColumns();
  for (const FeatureColumn& f : FeatureColumns()) {
    if (predictors_only && !f.predictor) continue;
    spec.columns.push_back({f.name, f.type, f.type == ColumnType::kDouble});
  }
  spec.key = {"date", "ticker"};
  spec.time_column = "date";
  spec.partitioning = Partitioning::kYear;
  spec.schema_version = 2;  // 1: from back-adjusted bars, no ex_factor
  return spec;
}

}  // namespace

const std::vector<FeatureColumn>& FeatureColumns() {
  // r_i = ln(close_i / close_{i-1}) between consecutive clean 5-minute bars of the same day; "day"
  // values use the clean daily bars, as traded, with returns and windows put in day t's basis by the
  // corporate actions up to t (ticker_features.h). Rolling means need 80% of the window present.
  static const std::vector<FeatureColumn> columns = {
      {"close", "info", "USD",
       "daily close as traded (not back-adjusted: a later split or dividend leaves it as it was)", false},
      {"ex_factor", "info", "1",
       "price factor of the splits and dividends effective since the ticker's previous day (1 on most days): a "
       "return across the day is close_t / (close_prev x ex_factor) - 1",
       false},
      {"n_bars", "info", "bars", "clean 5-minute bars of the day (0: daily data only)", false, ColumnType::kInt64},

      {"ret_1d", "return", "fraction",
       "close_t / close_{t-1} - 1 on adjusted daily closes (close_{t-1} adjusted by the actions up to t: "
       "close_{t-1} x ex_factor_t)"},
      {"ret_5d", "return", "fraction", "close_t / close_{t-5} - 1"},
      {"ret_20d", "return", "fraction", "close_t / close_{t-20} - 1"},
      {"mom_12_1", "return", "fraction", "close_{t-21} / close_{t-252} - 1 (12-minus-1-month momentum)"},

      {"dollar_volume", "liquidity", "USD", "sum of close_i * volume_i over the day's 5-minute bars; NULL without bars"},
      {"adv_20", "liquidity", "USD",
       "mean of the last 20 days' dollar volume (dollar_volume, or close * volume on days without 5-minute bars)"},
      {"turnover", "liquidity", "fraction",
       "volume / shares_outstanding (universe file), the volume split-adjusted to that current share count (so a later "
       "split changes past values: the one feature that is not point-in-time); NULL when unknown"},
      {"amihud_daily", "liquidity", "return per USD 1M",
       "|ret_1d| / dollar volume * 1e6 (Amihud 2002; daily dollar volume as in adv_20)"},
      {"amihud_20", "liquidity", "return per USD 1M", "mean of amihud_daily over 20 days"},
      {"amihud_bar", "liquidity", "return per USD 1M",
       "mean over the day's bars with trades of |r_i| / (close_i * volume_i) * 1e6"},
      {"amihud_bar_20", "liquidity", "return per USD 1M", "mean of amihud_bar over 20 days"},
      {"cs_spread", "liquidity", "fraction",
       "Corwin-Schultz (2012) high-low spread estimate from days t-1 and t (gap-adjusted, negative set to 0)"},
      {"cs_spread_20", "liquidity", "fraction", "mean of cs_spread over 20 days"},
      {"rt_cost_bps", "liquidity", "bps",
       "estimated round-trip cost of features.reference_order_usd: 1e4 * (cs_spread_20 + 2 * amihud_20 * order / 1e6)"},

      {"rv_5m", "volatility", "log return", "sqrt(sum r_i^2), not annualized"},
      {"rv_5m_overnight", "volatility", "log return", "sqrt(rv_5m^2 + ln(first open / close_{t-1})^2)"},
      {"bipower_5m", "volatility", "log return",
       "sqrt(pi/2 * n/(n-1) * sum |r_i||r_{i-1}|), jump-robust (Barndorff-Nielsen & Shephard 2004)"},
      {"rsv_down_5m", "volatility", "log return", "sqrt(sum r_i^2 over r_i < 0), downside semivariance"},
      {"rskew_5m", "volatility", "1", "sqrt(n) * sum r_i^3 / rv_5m^3 (n = number of r_i)"},
      {"rkurt_5m", "volatility", "1", "n * sum r_i^4 / rv_5m^4"},
      {"rv_20", "volatility", "log return", "sqrt(mean of rv_5m^2 over 20 days)"},
      {"ret_skew_60", "volatility", "1", "sample skewness (G1) of daily log returns over 60 days"},
      {"ret_kurt_60", "volatility", "1", "sample excess kurtosis (G2) of daily log returns over 60 days"},
      {"parkinson", "volatility", "log return", "sqrt(ln(high/low)^2 / (4 ln 2)) of the daily bar (Parkinson 1980)"},
      {"garman_klass", "volatility", "log return",
       "sqrt(0.5 ln(high/low)^2 - (2 ln 2 - 1) ln(close/open)^2) of the daily bar (Garman & Klass 1980)"},

      {"trend_5m_short_slope", "trend", "log price per bar",
       "OLS slope of ln(close) on bar index over the 5-minute bars of the last features.intraday_trend_short_days days"},
      {"trend_5m_short_t", "trend", "1", "t-statistic of trend_5m_short_slope"},
      {"trend_5m_short_r2", "trend", "1", "R^2 of that fit"},
      {"trend_5m_long_slope", "trend", "log price per bar",
       "the same over the last features.intraday_trend_long_days days"},
      {"trend_5m_long_t", "trend", "1", "t-statistic of trend_5m_long_slope"},
      {"trend_5m_long_r2", "trend", "1", "R^2 of that fit"},
      {"trend_20d_slope", "trend", "log price per day", "OLS slope of ln(close) on day index over 20 daily closes"},
      {"trend_20d_t", "trend", "1", "t-statistic of trend_20d_slope"},
      {"trend_20d_r2", "trend", "1", "R^2 of that fit"},
      {"trend_60d_slope", "trend", "log price per day", "the same over 60 daily closes"},
      {"trend_60d_t", "trend", "1", "t-statistic of trend_60d_slope"},
      {"trend_60d_r2", "trend", "1", "R^2 of that fit"},
      {"hurst", "trend", "1",
       "Hurst exponent of daily log returns over features.hurst_window days (features.hurst_method: corrected R/S "
       "or DFA)"},
      {"vr", "trend", "1", "Lo-MacKinlay variance ratio VR(features.vr_q) of daily log returns over features.vr_window days"},
      {"vr_z", "trend", "1", "heteroskedasticity-robust z* of vr"},
      {"ac1_5m", "trend", "1", "lag-1 autocorrelation of the day's r_i"},
      {"lf_share", "trend", "fraction",
       "share of spectral power below features.spectral_cutoff cycles/day in the linearly detrended daily log "
       "returns of the last features.spectral_window days (FFTW periodogram)"},

      {"pc1_loading", "cross_section", "1",
       "loading on the 1st principal component of the cross-section of daily log returns over features.pca_window "
       "days (tickers with a full window)"},
      {"pc2_loading", "cross_section", "1", "loading on the 2nd principal component"},
      {"pc3_loading", "cross_section", "1", "loading on the 3rd principal component"},
      {"idio_share", "cross_section", "fraction",
       "1 - R^2 of the ticker's returns on the first 3 component scores over the same window"},

      {"sim_signal", "external", "1",
       "the simulator's planted signal for day t (view sim_signal), known at t's close; NULL on real data. A control "
       "with a known IC for the IC and backtest machinery"},
  };
  return columns;
}

const TableSpec& FeaturesRaw() {
  static const TableSpec spec = FeatureSpec("features_raw", "processed/features/raw", false);
  return spec;
}

const TableSpec& Features() {
  static const TableSpec spec = FeatureSpec("features", "processed/features/normalized", true);
  return spec;
}

const TableSpec& FeatureInputs() {
  static const TableSpec spec{"feature_inputs",
                              "processed/features/inputs",
                              {{"ticker", ColumnType::kString},
                               {"dataset", ColumnType::kString},
                               {"year", ColumnType::kInt64},
                               {"sha256", ColumnType::kString},
                               {"last_date", ColumnType::kDate},
                               {"digest", ColumnType::kString},
                               {"params_hash", ColumnType::kString}},
                              {"ticker", "dataset", "year"},
                              "",
                              Partitioning::kNone,
                              1};
  return spec;
}

}  // namespace qtp::schema
