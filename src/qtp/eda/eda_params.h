// Parameters of `qtp eda` (config section `eda`). The lists are YAML lists of strings because the
// config layer has no integer lists; Validate() (also run as a config rule when the file loads)
// checks that they parse, and the typed accessors below read them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "qtp/config/section.h"
#include "qtp/core/status.h"
#include "qtp/core/time.h"

namespace qtp::eda {

// A named stress window [first, last] (both inclusive); days outside every window are "calm".
struct Regime {
  std::string name;
  DateDays first = 0;
  DateDays last = 0;
};

inline constexpr const char* kCalmRegime = "calm";
inline constexpr const char* kAllRegimes = "all";

struct EdaParams {
  std::vector<std::string> horizons = {"1", "3", "5", "10"};  // forward-return horizons, trading days
  std::string entry = "close";  // "close": close_t -> close_{t+h}; "next_open": open_{t+1} -> close_{t+h}
  int ic_min_tickers = 20;      // a day's IC, rank autocorrelation or correlation needs this many pairs
  std::vector<std::string> stability_windows = {"3", "5", "10"};  // w of the rank autocorrelation t vs t-w
  int stability_window = 5;          // the w whose mean decides "stable"; one of stability_windows
  double stability_threshold = 0.7;  // stable: mean rank autocorrelation at stability_window >= this
  double stability_tie = 0.01;       // pruning: stabilities closer than this are a tie, broken by |ICIR|
  double prune_threshold = 0.9;      // |mean Spearman| above this: one feature of the pair is dropped
  double list_threshold = 0.85;      // |mean Spearman| above this: the pair is listed
  std::vector<std::string> stress_regimes = {"gfc_2008:2008-09-01:2009-06-30", "covid_2020:2020-02-19:2020-06-30",
                                             "bear_2022:2022-01-01:2022-12-31"};  // name:first:last
  int rolling_ic_days = 60;  // plots: trailing window of the rolling mean rank IC
  int plot_features = 5;     // plots and summary: how many top features (by |ICIR|) to show
  bool plots = true;         // draw the PNG plots with gnuplot (it must be on PATH)
  int threads = 2;           // worker threads of the day pass (output does not depend on it)

  // Every value in range and every list parseable: horizons and windows distinct integers in
  // 1..250, stability_window among the windows, regimes well-formed, named uniquely and disjoint.
  Status Validate() const;
  // The typed lists (ascending). Call only on validated params.
  std::vector<int> Horizons() const;
  std::vector<int> StabilityWindows() const;
  std::vector<Regime> Regimes() const;  // ascending by first day
};

void DescribeParams(config::Section& section, EdaParams& params);

// Parses a YAML list of day counts: distinct integers in 1..kMaxListDays, returned ascending;
// errors name `key` (the config key of the list).
inline constexpr int kMaxListDays = 250;  // longest horizon or window: about a trading year
Result<std::vector<int>> ParseDays(const std::vector<std::string>& items, std::string_view key);

// Parses name:YYYY-MM-DD:YYYY-MM-DD windows (unique snake_case names, not overlapping), sorted by
// first day; errors name `key` (the config key of the list).
Result<std::vector<Regime>> ParseRegimes(const std::vector<std::string>& items, std::string_view key);

// The regime of `date`: the name of the stress window containing it, else kCalmRegime.
const std::string& RegimeOf(const std::vector<Regime>& regimes, DateDays date);

}  // namespace qtp::eda
