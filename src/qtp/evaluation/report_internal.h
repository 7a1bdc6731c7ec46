// Pieces of the evaluation report shared by its sources; not part of the module's interface.
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "qtp/core/status.h"
#include "qtp/evaluation/report.h"

namespace qtp::evaluation::internal {

// Fixed-point text of x, or `missing` when x is NaN or infinite.
inline std::string Num(double x, int digits, const char* missing = "n/a") {
  return std::isfinite(x) ? fmt::format("{:.{}f}", x, digits) : std::string(missing);
}

// Writes the plots' data and scripts into `dir` (which must exist) and runs `gnuplot` on each.
// Returns the PNG file names drawn; a plot without any data is not drawn and its stale files removed.
Result<std::vector<std::string>> DrawPlots(const EvalReport& report, const ReportOptions& options,
                                           const std::string& dir, const std::string& gnuplot);

}  // namespace qtp::evaluation::internal
