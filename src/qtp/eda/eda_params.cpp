#include "qtp/eda/eda_params.h"

#include <algorithm>
#include <charconv>
#include <set>

#include <fmt/format.h>

#include "qtp/config/config_io.h"

namespace qtp::eda {
namespace {

Status CheckLists(const EdaParams& p) {
  QTP_RETURN_IF_ERROR(ParseDays(p.horizons, "eda.horizons").status());
  QTP_ASSIGN_OR_RETURN(std::vector<int> windows, ParseDays(p.stability_windows, "eda.stability_windows"));
  if (std::find(windows.begin(), windows.end(), p.stability_window) == windows.end()) {
    return Status::InvalidArgument(
        fmt::format("eda.stability_window: {} is not one of eda.stability_windows", p.stability_window));
  }
  return ParseRegimes(p.stress_regimes, "eda.stress_regimes").status();
}

}  // namespace

Result<std::vector<int>> ParseDays(const std::vector<std::string>& items, std::string_view key) {
  std::vector<int> days;
  for (const std::string& item : items) {
    int value = 0;
    const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), value);
    if (ec != std::errc() || end != item.data() + item.size() || value < 1 || value > kMaxListDays) {
      return Status::InvalidArgument(fmt::format("{}: '{}' is not an integer in 1..{}", key, item, kMaxListDays));
    }
    days.push_back(value);
  }
  std::sort(days.begin(), days.end());
  if (days.empty()) return Status::InvalidArgument(fmt::format("{}: the list is empty", key));
  if (std::adjacent_find(days.begin(), days.end()) != days.end()) {
    return Status::InvalidArgument(fmt::format("{}: a value is repeated", key));
  }
  return days;
}

Status EdaParams::Validate() const {
  QTP_RETURN_IF_ERROR(CheckLists(*this));
  EdaParams copy = *this;
  return config::ValidateValues([&copy](config::Section& root) { DescribeParams(root, copy); }).WithContext("eda");
}

std::vector<int> EdaParams::Horizons() const { return ParseDays(horizons, "eda.horizons").value(); }
std::vector<int> EdaParams::StabilityWindows() const {
  return ParseDays(stability_windows, "eda.stability_windows").value();
}
std::vector<Regime> EdaParams::Regimes() const { return ParseRegimes(stress_regimes, "eda.stress_regimes").value(); }

Result<std::vector<Regime>> ParseRegimes(const std::vector<std::string>& items, std::string_view key) {
  std::vector<Regime> regimes;
  std::set<std::string> names;
  for (const std::string& item : items) {
    const size_t a = item.find(':');
    const size_t b = a == std::string::npos ? a : item.find(':', a + 1);
    if (b == std::string::npos) {
      return Status::InvalidArgument(fmt::format("{}: '{}' is not name:YYYY-MM-DD:YYYY-MM-DD", key, item));
    }
    Regime r;
    r.name = item.substr(0, a);
    Result<DateDays> first = ParseDate(item.substr(a + 1, b - a - 1));
    Result<DateDays> last = ParseDate(item.substr(b + 1));
    if (!first.ok() || !last.ok()) {
      return Status::InvalidArgument(fmt::format("{}: '{}' has a bad date", key, item));
    }
    r.first = *first;
    r.last = *last;
    const bool name_ok = !r.name.empty() && std::all_of(r.name.begin(), r.name.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
    if (!name_ok || r.name == kCalmRegime || r.name == kAllRegimes || !names.insert(r.name).second) {
      return Status::InvalidArgument(
          fmt::format("{}: '{}': names are unique snake_case and not '{}' or '{}'", key, item,
                      kCalmRegime, kAllRegimes));
    }
    if (r.last < r.first) {
      return Status::InvalidArgument(fmt::format("{}: '{}' ends before it starts", key, item));
    }
    regimes.push_back(std::move(r));
  }
  std::sort(regimes.begin(), regimes.end(), [](const Regime& x, const Regime& y) { return x.first < y.first; });
  for (size_t i = 1; i < regimes.size(); ++i) {
    if (regimes[i].first <= regimes[i - 1].last) {
      return Status::InvalidArgument(
          fmt::format("{}: {} overlaps {}", key, regimes[i].name, regimes[i - 1].name));
    }
  }
  return regimes;
}

const std::string& RegimeOf(const std::vector<Regime>& regimes, DateDays date) {
  static const std::string calm = kCalmRegime;
  for (const Regime& r : regimes) {
    if (date >= r.first && date <= r.last) return r.name;
  }
  return calm;
}

void DescribeParams(config::Section& s, EdaParams& p) {
  s.Param("horizons", p.horizons, "forward-return horizons in trading days (integers 1..250)");
  s.Param("entry", p.entry,
          "forward return of day t: close (close_t -> close_t+h) or next_open (open_t+1 -> close_t+h, from bars_1d)",
          {"close", "next_open"});
  s.Param("ic_min_tickers", p.ic_min_tickers,
          "a day's IC, rank autocorrelation or feature correlation needs at least this many tickers with both values",
          3, 100000);
  s.Param("stability_windows", p.stability_windows,
          "w of the cross-sectional rank autocorrelation between day t and t-w (integers 1..250)");
  s.Param("stability_window", p.stability_window, "the w whose mean rank autocorrelation decides 'stable'", 1, 250);
  s.Param("stability_threshold", p.stability_threshold, "stable: mean rank autocorrelation at stability_window >= this",
          -1.0, 1.0);
  s.Param("stability_tie", p.stability_tie,
          "pruning keeps the more stable feature of a pair; stabilities closer than this tie, and the higher |ICIR| "
          "at the first horizon wins",
          0.0, 2.0);
  s.Param("prune_threshold", p.prune_threshold, "|mean Spearman| above which one feature of a pair is dropped", 0.0,
          1.0);
  s.Param("list_threshold", p.list_threshold, "|mean Spearman| above which a pair is listed in the report", 0.0, 1.0);
  s.Param("stress_regimes", p.stress_regimes,
          "stress windows as name:first:last (dates inclusive, disjoint); every other day is 'calm'");
  s.Param("rolling_ic_days", p.rolling_ic_days, "trailing days of the rolling mean rank IC plot", 5, 1000);
  s.Param("plot_features", p.plot_features, "top features (by |ICIR| at the first horizon) shown in plots and summary",
          1, 12);
  s.Param("plots", p.plots, "draw the PNG plots with gnuplot (which must then be on PATH)");
  s.Param("threads", p.threads, "worker threads of the day pass (the output does not depend on it)", 1, 64);
  s.Rule(
      "horizons and stability_windows are distinct integers in 1..250, stability_window is one of "
      "stability_windows, stress_regimes are well-formed and disjoint",
      [&p] { return CheckLists(p).ok(); });
  s.Rule("list_threshold <= prune_threshold", [&p] { return p.list_threshold <= p.prune_threshold; });
}

}  // namespace qtp::eda
