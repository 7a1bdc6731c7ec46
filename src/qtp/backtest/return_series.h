// Dated return series from CSV files, for `qtp metrics` and as backtest benchmarks.
#pragma once

#include <string>
#include <vector>

#include "qtp/core/status.h"
#include "qtp/core/time.h"

namespace qtp::backtest {

struct ReturnSeries {
  std::vector<DateDays> dates;  // strictly increasing
  std::vector<double> returns;  // simple returns of the periods ending on `dates`; NaN: missing
};

// Reads a CSV whose header is `date,return` (either order), then one row per period: an ISO date
// (YYYY-MM-DD) later than the row before, and a simple return of at least -1 or an empty field (a
// missing value). Anything else is an InvalidArgument naming the file, the line and the field.
Result<ReturnSeries> ReadReturnsCsv(const std::string& path);

// Two series on the union of their dates, NaN where one has no row: pandas' outer alignment, the
// way empyrical aligns returns with a benchmark.
struct AlignedReturns {
  std::vector<DateDays> dates;
  std::vector<double> returns;
  std::vector<double> benchmark;
};
AlignedReturns AlignOuter(const ReturnSeries& returns, const ReturnSeries& benchmark);

}  // namespace qtp::backtest
