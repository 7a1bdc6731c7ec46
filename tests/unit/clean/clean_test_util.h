// Hand-built inputs for the cleaning tests: sessions of 5-minute bars on real NYSE dates, with a
// small deterministic wiggle so return-based statistics are non-degenerate.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "qtp/calendar/nyse_calendar.h"
#include "qtp/core/bars.h"
#include "qtp/core/time.h"

namespace qtp::clean::testing {

inline DateDays Day(int y, unsigned m, unsigned d) { return DaysFromCivil(y, m, d); }

// Close of bar k of a session around `base`: base × (1 + 0.002 sin(1.3 k)). Its 5-minute log returns
// have a robust (MAD) sigma of about 0.27% and are at most 0.25% in size.
inline double WiggleClose(double base, int k) { return base * (1.0 + 0.002 * std::sin(1.3 * k)); }

// One bar: open = prev_close, high/low 0.05% beyond the body, vwap = mid of the body.
inline Bar5m MakeBar(TimestampUs ts, double open, double close, double volume = 1000) {
  Bar5m bar;
  bar.ts = ts;
  bar.open = open;
  bar.close = close;
  bar.high = std::max(open, close) * 1.0005;
  bar.low = std::min(open, close) * 0.9995;
  bar.volume = volume;
  bar.vwap = 0.5 * (open + close);
  bar.trade_count = 10;
  return bar;
}

// Appends every regular-session bar of `date` around price `base` (volume 1000 + k).
inline void AppendSession(Bars5m& bars, DateDays date, double base, const std::string& source = "test") {
  const std::vector<TimestampUs> starts = NyseCalendar::Get().BarStarts(date);
  double prev = WiggleClose(base, 0);
  for (size_t k = 0; k < starts.size(); ++k) {
    const double close = WiggleClose(base, static_cast<int>(k));
    bars.push_back(MakeBar(starts[k], prev, close, 1000.0 + static_cast<double>(k)), source);
    prev = close;
  }
}

inline Bars5m MakeTicker(const std::string& ticker) {
  Bars5m bars;
  bars.ticker = ticker;
  return bars;
}

// UTC instant of New York wall time hh:mm on `date`.
inline TimestampUs Et(DateDays date, int hh, int mm) { return NyseCalendar::ExchangeTimeToUtc(date, hh * 60 + mm); }

}  // namespace qtp::clean::testing
