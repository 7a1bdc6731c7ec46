// libFuzzer target: Yahoo's v8 chart reply.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>

#include "fuzz_check.h"
#include "qtp/data/providers/yahoo.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto chart = qtp::providers::ParseYahooChart(qtp::fuzz::Body(data, size));
  if (!chart.ok()) return 0;

  const size_t n = chart->timestamps.size();
  QTP_FUZZ_CHECK(chart->open.size() == n && chart->high.size() == n && chart->low.size() == n &&
                 chart->close.size() == n && chart->volume.size() == n);
  // YahooProvider::Pull multiplies the seconds by 1e6: that must not overflow.
  constexpr int64_t kMaxSeconds = std::numeric_limits<int64_t>::max() / qtp::kMicrosPerSecond;
  for (size_t i = 0; i < n; ++i) {
    QTP_FUZZ_CHECK(chart->timestamps[i] >= -kMaxSeconds && chart->timestamps[i] <= kMaxSeconds);
    // Only indices where all five are present are kept (yahoo.h).
    for (double x : {chart->open[i], chart->high[i], chart->low[i], chart->close[i], chart->volume[i]}) {
      QTP_FUZZ_CHECK(qtp::fuzz::Required(x));
    }
  }
  for (const qtp::CorporateAction& action : chart->actions) {
    QTP_FUZZ_CHECK(action.ex_date != qtp::kNullDate);
    if (action.type == qtp::CorporateActionType::kSplit) {
      // A zero, negative or infinite ratio would poison every adjustment downstream.
      QTP_FUZZ_CHECK(std::isfinite(action.split_ratio) && action.split_ratio > 0);
    } else {
      QTP_FUZZ_CHECK(std::isfinite(action.dividend));
    }
  }
  return 0;
}
