// libFuzzer target: Alpaca's bars page parser and its RFC-3339 bar-time parser.
#include <cstddef>
#include <cstdint>

#include "fuzz_check.h"
#include "qtp/data/providers/alpaca.h"

namespace {

using qtp::fuzz::Body;

// FormatTimestampUtc writes years 1000..9999 as RFC-3339 "…Z", so a parsed instant in that range
// must survive format → parse unchanged.
void CheckRfc3339RoundTrip(qtp::TimestampUs ts) {
  constexpr qtp::TimestampUs kLow = qtp::DaysFromCivil(1000, 1, 1) * qtp::kMicrosPerDay;
  constexpr qtp::TimestampUs kHigh = qtp::DaysFromCivil(10000, 1, 1) * qtp::kMicrosPerDay;
  if (ts < kLow || ts >= kHigh) return;
  auto again = qtp::providers::ParseAlpacaTimestamp(qtp::FormatTimestampUtc(ts));
  QTP_FUZZ_CHECK(again.ok() && *again == ts);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body = Body(data, size);
  auto page = qtp::providers::ParseAlpacaBarsPage(body);
  if (page.ok()) {
    for (const qtp::Bar5m& bar : page->bars) qtp::fuzz::CheckBar(bar);
  } else {
    QTP_FUZZ_CHECK(!page.status().message().empty());
  }
  auto ts = qtp::providers::ParseAlpacaTimestamp(body);
  if (ts.ok()) {
    QTP_FUZZ_CHECK(*ts != qtp::kNullInt64);
    CheckRfc3339RoundTrip(*ts);
  }
  return 0;
}
