// libFuzzer target: Alpha Vantage's TIME_SERIES_INTRADAY reply and its soft-refusal classifier.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "qtp/data/providers/alpha_vantage.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body = qtp::fuzz::Body(data, size);
  const qtp::Status refusal = qtp::providers::ClassifyAlphaVantageReply(body);

  // Parse with every interval whose series the body names, and 5 (the one the connector asks for).
  for (int minutes : {1, 5, 15, 30, 60}) {
    const std::string key = "(" + std::to_string(minutes) + "min)";
    if (minutes != 5 && body.find(key) == std::string_view::npos) continue;
    auto bars = qtp::providers::ParseAlphaVantageIntraday(body, minutes);
    if (!bars.ok()) continue;
    // A soft refusal is never parsed as bars (alpha_vantage.h).
    QTP_FUZZ_CHECK(refusal.ok());
    for (size_t i = 0; i < bars->size(); ++i) {
      qtp::fuzz::CheckBar((*bars)[i]);
      if (i > 0) QTP_FUZZ_CHECK((*bars)[i - 1].ts <= (*bars)[i].ts);  // ascending (alpha_vantage.h)
    }
  }
  return 0;
}
