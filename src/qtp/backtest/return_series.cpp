#include "qtp/backtest/return_series.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <string_view>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "qtp/core/csv.h"
#include "qtp/core/file_util.h"

namespace qtp::backtest {

Result<ReturnSeries> ReadReturnsCsv(const std::string& path) {
  QTP_ASSIGN_OR_RETURN(const std::string text, ReadFile(path));
  auto error = [&](size_t line, const std::string& what) {
    return Status::InvalidArgument(fmt::format("{}:{}: {}", path, line, what));
  };
  csv::Reader reader(text);
  csv::Record record;
  std::vector<std::string_view> fields;
  ReturnSeries series;
  int date_column = -1;
  int return_column = -1;
  while (reader.Next(record)) {
    if (reader.unterminated_quote()) return error(record.line, "a quoted field is never closed");
    fields.clear();
    for (const std::string& field : record.fields) fields.push_back(csv::Trim(field));
    if (date_column < 0) {
      for (size_t i = 0; i < fields.size(); ++i) {
        if (fields[i] == "date") date_column = static_cast<int>(i);
        if (fields[i] == "return") return_column = static_cast<int>(i);
      }
      if (fields.size() != 2 || date_column < 0 || return_column < 0) {
        return error(record.line, fmt::format("the header is '{}', expected 'date,return'", fmt::join(fields, ",")));
      }
      continue;
    }
    if (fields.size() != 2) return error(record.line, fmt::format("{} fields, expected 2", fields.size()));
    const Result<DateDays> date = ParseDate(fields[static_cast<size_t>(date_column)]);
    if (!date.ok()) return error(record.line, date.status().message());
    if (!series.dates.empty() && *date <= series.dates.back()) {
      return error(record.line, fmt::format("date {} is not after the previous row's {}", FormatDate(*date),
                                            FormatDate(series.dates.back())));
    }
    const std::string_view field = fields[static_cast<size_t>(return_column)];
    double value = std::numeric_limits<double>::quiet_NaN();
    if (!field.empty()) {
      const auto [ptr, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
      if (ec != std::errc() || ptr != field.data() + field.size() || !std::isfinite(value)) {
        return error(record.line, fmt::format("return '{}' is not a finite number", field));
      }
      if (value < -1) {
        return error(record.line,
                     fmt::format("return {} is a loss of more than 100%, which a simple return cannot be", field));
      }
    }
    series.dates.push_back(*date);
    series.returns.push_back(value);
  }
  if (date_column < 0) return Status::InvalidArgument(fmt::format("{}: empty, expected a 'date,return' header", path));
  return series;
}

AlignedReturns AlignOuter(const ReturnSeries& returns, const ReturnSeries& benchmark) {
  const double missing = std::numeric_limits<double>::quiet_NaN();
  AlignedReturns out;
  size_t i = 0;
  size_t j = 0;
  while (i < returns.dates.size() || j < benchmark.dates.size()) {
    const bool take_returns = i < returns.dates.size() && (j == benchmark.dates.size() ||
                                                           returns.dates[i] <= benchmark.dates[j]);
    const bool take_benchmark = j < benchmark.dates.size() && (i == returns.dates.size() ||
                                                               benchmark.dates[j] <= returns.dates[i]);
    out.dates.push_back(take_returns ? returns.dates[i] : benchmark.dates[j]);
    out.returns.push_back(take_returns ? returns.returns[i++] : missing);
    out.benchmark.push_back(take_benchmark ? benchmark.returns[j++] : missing);
  }
  return out;
}

}  // namespace qtp::backtest
