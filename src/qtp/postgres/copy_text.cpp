#include "qtp/postgres/copy_text.h"

#include <cmath>
#include <iterator>

#include <fmt/format.h>

namespace qtp::pg {
namespace {

constexpr std::string_view kNull = "\\N";

void AppendDouble(std::string& line, double v) {
  if (std::isnan(v)) {
    line += kNull;
  } else if (std::isinf(v)) {
    line += v > 0 ? "Infinity" : "-Infinity";
  } else {
    fmt::format_to(std::back_inserter(line), "{}", v);  // shortest text that reads back to v
  }
}

void AppendField(std::string& line, const ColumnSpec& spec, const ColumnData& data, size_t row) {
  switch (spec.type) {
    case ColumnType::kInt32:
      fmt::format_to(std::back_inserter(line), "{}", std::get<std::vector<int32_t>>(data)[row]);
      return;
    case ColumnType::kDate: {
      const int32_t d = std::get<std::vector<int32_t>>(data)[row];
      line += d == kNullDate ? std::string(kNull) : FormatDate(d);
      return;
    }
    case ColumnType::kInt64: {
      const int64_t v = std::get<std::vector<int64_t>>(data)[row];
      if (v == kNullInt64) {
        line += kNull;
      } else {
        fmt::format_to(std::back_inserter(line), "{}", v);
      }
      return;
    }
    case ColumnType::kTimestamp: {
      const int64_t ts = std::get<std::vector<int64_t>>(data)[row];
      line += ts == kNullInt64 ? std::string(kNull) : FormatTimestampUtc(ts);
      return;
    }
    case ColumnType::kDouble:
      AppendDouble(line, std::get<std::vector<double>>(data)[row]);
      return;
    case ColumnType::kString: {
      const std::string& s = std::get<std::vector<std::string>>(data)[row];
      line += spec.nullable && s.empty() ? std::string(kNull) : CopyEscape(s);
      return;
    }
  }
}

}  // namespace

std::string CopyEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string CopyLine(const Table& table, size_t row) {
  std::string line;
  const std::vector<ColumnSpec>& specs = table.spec().columns;
  for (size_t c = 0; c < specs.size(); ++c) {
    if (c > 0) line += '\t';
    AppendField(line, specs[c], table.columns()[c], row);
  }
  return line;
}

}  // namespace qtp::pg
