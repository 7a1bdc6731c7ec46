// libFuzzer target: IBKR Client Portal replies, secdef/search (conid) and marketdata/history.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "qtp/data/providers/ibkr.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body = qtp::fuzz::Body(data, size);

  // The seeds name AAPL; "brk b" exercises the case-insensitive match and a space.
  for (const char* symbol : {"AAPL", "brk b"}) {
    auto conid = qtp::providers::ParseIbkrConid(body, symbol);
    if (conid.ok()) QTP_FUZZ_CHECK(!conid->empty());
  }

  auto bars = qtp::providers::ParseIbkrHistory(body);
  if (bars.ok()) {
    for (const qtp::Bar5m& bar : *bars) {
      qtp::fuzz::CheckBar(bar);
      // IB serves neither (ibkr.h).
      QTP_FUZZ_CHECK(std::isnan(bar.vwap) && bar.trade_count == qtp::kNullInt64);
    }
  }
  return 0;
}
