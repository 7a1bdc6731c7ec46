// libFuzzer target: FMP's 5-minute historical-chart and daily historical-price-full replies.
#include <cstddef>
#include <cstdint>

#include "fuzz_check.h"
#include "qtp/data/providers/fmp.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body = qtp::fuzz::Body(data, size);

  auto intraday = qtp::providers::ParseFmpIntraday(body);
  if (intraday.ok()) {
    for (size_t i = 0; i < intraday->size(); ++i) {
      qtp::fuzz::CheckBar((*intraday)[i]);
      if (i > 0) QTP_FUZZ_CHECK((*intraday)[i - 1].ts <= (*intraday)[i].ts);  // ascending (fmp.h)
    }
  }

  auto daily = qtp::providers::ParseFmpDaily(body);
  if (daily.ok()) {
    for (size_t i = 0; i < daily->size(); ++i) {
      qtp::fuzz::CheckBar((*daily)[i]);
      if (i > 0) QTP_FUZZ_CHECK((*daily)[i - 1].date <= (*daily)[i].date);
    }
  }
  return 0;
}
