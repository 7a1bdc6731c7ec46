#include "qtp/data/clean/daily_bars.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace qtp::clean {
namespace {

std::string DaySource(const std::vector<std::string>& source, size_t begin, size_t end) {
  bool mixed = false;
  for (size_t i = begin + 1; i < end && !mixed; ++i) {
    mixed = source[i] != source[begin];
  }
  if (!mixed) return source[begin];
  std::vector<std::string> distinct(source.begin() + static_cast<std::ptrdiff_t>(begin),
                                    source.begin() + static_cast<std::ptrdiff_t>(end));
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  std::string joined;
  for (const std::string& s : distinct) {
    joined += joined.empty() ? "" : "+";
    joined += s;
  }
  return joined;
}

}  // namespace

Bars1d AggregateDaily(const Bars5m& bars, const SessionBars& index) {
  Bars1d daily;
  daily.ticker = bars.ticker;
  daily.reserve(index.size());
  for (size_t s = 0; s < index.size(); ++s) {
    const size_t begin = index.begin(s);
    const size_t end = index.end(s);
    if (begin == end) continue;
    Bar1d day;
    day.date = index.sessions[s].date;
    day.open = bars.open[begin];
    day.close = bars.close[end - 1];
    day.high = bars.high[begin];
    day.low = bars.low[begin];
    double volume = 0, weighted = 0, unweighted = 0;
    for (size_t i = begin; i < end; ++i) {
      day.high = std::max(day.high, bars.high[i]);
      day.low = std::min(day.low, bars.low[i]);
      const double price = std::isnan(bars.vwap[i]) ? (bars.high[i] + bars.low[i] + bars.close[i]) / 3.0 : bars.vwap[i];
      volume += bars.volume[i];
      weighted += price * bars.volume[i];
      unweighted += price;
    }
    day.volume = volume;
    day.vwap = volume > 0 ? weighted / volume : unweighted / static_cast<double>(end - begin);
    day.n_bars = static_cast<int64_t>(end - begin);
    daily.push_back(day, DaySource(bars.source, begin, end));
  }
  return daily;
}

}  // namespace qtp::clean
