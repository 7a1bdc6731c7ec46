// Invariants every fuzz target checks on a parser's successful result. A violation prints what broke
// and traps, so libFuzzer keeps the input as a crash. They are the connector contract of
// provider.h: no ±inf or absurd number gets through, required fields are present, and the columns of
// a columnar batch have one size.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string_view>

#include "qtp/core/bars.h"
#include "qtp/core/time.h"

namespace qtp::fuzz {

[[noreturn]] inline void Fail(const char* what, const char* file, int line) {
  std::fprintf(stderr, "fuzz invariant violated at %s:%d: %s\n", file, line, what);
  __builtin_trap();
}

#define QTP_FUZZ_CHECK(cond)                                   \
  do {                                                         \
    if (!(cond)) ::qtp::fuzz::Fail(#cond, __FILE__, __LINE__); \
  } while (false)

// The body as the parsers take it.
inline std::string_view Body(const uint8_t* data, size_t size) { return {reinterpret_cast<const char*>(data), size}; }

// A number a parser returned: NaN only where the field is optional (not served), never ±inf.
inline bool Required(double x) { return std::isfinite(x); }
inline bool Optional(double x) { return !std::isinf(x); }

// `prices_may_be_nan`: for providers whose replies carry null prices the connector keeps as NaN.
inline void CheckBar(const Bar5m& bar, bool prices_may_be_nan = false) {
  QTP_FUZZ_CHECK(bar.ts != kNullInt64);
  for (double x : {bar.open, bar.high, bar.low, bar.close, bar.volume}) {
    QTP_FUZZ_CHECK(prices_may_be_nan ? Optional(x) : Required(x));
  }
  QTP_FUZZ_CHECK(Optional(bar.vwap));
}

inline void CheckBar(const Bar1d& bar, bool prices_may_be_nan = false) {
  QTP_FUZZ_CHECK(bar.date != kNullDate);
  for (double x : {bar.open, bar.high, bar.low, bar.close, bar.volume}) {
    QTP_FUZZ_CHECK(prices_may_be_nan ? Optional(x) : Required(x));
  }
  QTP_FUZZ_CHECK(Optional(bar.vwap));
}

inline void CheckBars(const Bars5m& bars, bool prices_may_be_nan = false) {
  const size_t n = bars.ts.size();
  QTP_FUZZ_CHECK(bars.open.size() == n && bars.high.size() == n && bars.low.size() == n && bars.close.size() == n &&
                 bars.volume.size() == n && bars.vwap.size() == n && bars.trade_count.size() == n &&
                 bars.source.size() == n);
  for (size_t i = 0; i < n; ++i) CheckBar(bars.row(i), prices_may_be_nan);
}

inline void CheckBars(const Bars1d& bars, bool prices_may_be_nan = false) {
  const size_t n = bars.date.size();
  QTP_FUZZ_CHECK(bars.open.size() == n && bars.high.size() == n && bars.low.size() == n && bars.close.size() == n &&
                 bars.volume.size() == n && bars.vwap.size() == n && bars.n_bars.size() == n &&
                 bars.source.size() == n);
  for (size_t i = 0; i < n; ++i) CheckBar(bars.row(i), prices_may_be_nan);
}

}  // namespace qtp::fuzz
