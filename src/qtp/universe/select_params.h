// Parameters of `qtp select` (config section `select`; docs/selection.md has the reasoning).
//
// The composite score is built from three groups of features_raw columns. Each column entry is a
// feature name with an optional transform, ranked so that a higher transformed value is better:
//   name          higher is better            (adv_20)
//   -name         lower is better             (-rt_cost_bps)
//   abs(name)     larger magnitude is better  (abs(trend_60d_t): a strong trend either way)
//   -abs(name)    smaller magnitude is better
// Defaults and why:
//   liquidity  (weight 0.4): adv_20, -rt_cost_bps. Trading cost is what decides whether a daily
//              strategy survives at retail size, so liquidity weighs most; adv_20 is capacity and
//              rt_cost_bps the estimated round trip (spread + impact) of the reference order.
//   volatility (weight 0.3): rv_20, garman_klass. Higher volatility is the room a daily signal
//              has to pay for its costs. rv_20 needs 5-minute bars; garman_klass (daily OHLC) keeps
//              tickers with daily data only comparable.
//   trend      (weight 0.3): abs(trend_60d_t), hurst, vr. A significant 60-day drift either way,
//              persistence of daily returns (Hurst > 0.5) and positive autocorrelation over 5 days
//              (variance ratio > 1): names whose moves tend to continue.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "qtp/config/section.h"
#include "qtp/core/status.h"

namespace qtp::universe {

struct ScoreGroupParams {
  double weight = 0.0;               // relative; the composite divides by the sum of the weights
  std::vector<std::string> columns;  // entries as described above
};

struct SelectParams {
  int k = 50;                        // names selected on a rebalance day
  int buffer = 10;                   // hysteresis: a holding stays while its rank <= k + buffer
  std::string rebalance = "weekly";  // "weekly": first trading day of each ISO week; "daily"
  double min_price = 5.0;            // hard filter on features_raw close (USD)
  double min_adv_usd = 5e6;          // hard filter on adv_20 (USD)
  int min_history_days = 252;        // hard filter on features_raw rows up to the day
  ScoreGroupParams liquidity{0.4, {"adv_20", "-rt_cost_bps"}};
  ScoreGroupParams volatility{0.3, {"rv_20", "garman_klass"}};
  ScoreGroupParams trend{0.3, {"abs(trend_60d_t)", "hurst", "vr"}};
};

void DescribeParams(config::Section& section, SelectParams& params);

// A digest of every value above: a stored history computed with other parameters is recomputed.
std::string ParamsHash(const SelectParams& params);

// One parsed column entry.
struct ScoreColumn {
  std::string feature;    // a double column of schema::FeaturesRaw()
  bool negate = false;    // leading '-'
  bool absolute = false;  // abs(...)
};

struct ScoreGroup {
  std::string name;  // liquidity, volatility, trend
  double weight = 0.0;
  std::vector<ScoreColumn> columns;
};

inline constexpr size_t kNumGroups = 3;
using ScoreGroups = std::array<ScoreGroup, kNumGroups>;  // liquidity, volatility, trend

// Parses one entry; InvalidArgument naming the entry when the syntax or the column is wrong.
Result<ScoreColumn> ParseScoreColumn(const std::string& entry);
// Parses and checks every group: entries valid, weights >= 0 with a positive sum, and every group
// with a positive weight lists at least one column. Errors name the config key (select.trend.columns).
Result<ScoreGroups> ParseScoreGroups(const SelectParams& params);

}  // namespace qtp::universe
