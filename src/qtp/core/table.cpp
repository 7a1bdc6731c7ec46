#include "qtp/core/table.h"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace qtp {

const char* ColumnTypeSqlName(ColumnType type) {
  switch (type) {
    case ColumnType::kInt32: return "INTEGER";
    case ColumnType::kInt64: return "BIGINT";
    case ColumnType::kDouble: return "DOUBLE";
    case ColumnType::kString: return "VARCHAR";
    case ColumnType::kDate: return "DATE";
    case ColumnType::kTimestamp: return "TIMESTAMPTZ";
  }
  return "?";
}

TableSpec Projection(const TableSpec& spec, const std::vector<std::string>& columns) {
  TableSpec out = spec;
  out.columns.clear();
  for (const std::string& name : columns) {
    out.columns.push_back(spec.columns.at(static_cast<size_t>(spec.ColumnIndex(name))));
  }
  return out;
}

int TableSpec::ColumnIndex(std::string_view column) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == column) return static_cast<int>(i);
  }
  return -1;
}

ColumnData MakeColumnData(ColumnType type) {
  switch (type) {
    case ColumnType::kInt32:
    case ColumnType::kDate: return std::vector<int32_t>{};
    case ColumnType::kInt64:
    case ColumnType::kTimestamp: return std::vector<int64_t>{};
    case ColumnType::kDouble: return std::vector<double>{};
    case ColumnType::kString: return std::vector<std::string>{};
  }
  return std::vector<double>{};
}

Table::Table(const TableSpec& spec) : spec_(&spec) {
  columns_.reserve(spec.columns.size());
  for (const ColumnSpec& c : spec.columns) columns_.push_back(MakeColumnData(c.type));
}

size_t Table::num_rows() const {
  if (columns_.empty()) return 0;
  return std::visit([](const auto& v) { return v.size(); }, columns_[0]);
}

size_t Table::Index(std::string_view name) const {
  const int i = spec_->ColumnIndex(name);
  if (i < 0) throw std::out_of_range(fmt::format("table {} has no column '{}'", spec_->name, name));
  return static_cast<size_t>(i);
}

Status Table::Validate() const {
  if (columns_.size() != spec_->columns.size()) {
    return Status::Internal(fmt::format("table {}: {} columns, spec has {}", spec_->name, columns_.size(),
                                        spec_->columns.size()));
  }
  const size_t rows = num_rows();
  for (size_t i = 0; i < columns_.size(); ++i) {
    const ColumnSpec& c = spec_->columns[i];
    const ColumnData expected = MakeColumnData(c.type);
    if (expected.index() != columns_[i].index()) {
      return Status::Internal(fmt::format("table {}: column {} has the wrong physical type", spec_->name, c.name));
    }
    const size_t n = std::visit([](const auto& v) { return v.size(); }, columns_[i]);
    if (n != rows) {
      return Status::Internal(fmt::format("table {}: column {} has {} rows, expected {}", spec_->name, c.name, n, rows));
    }
    if (c.nullable) continue;
    bool has_null = false;
    switch (c.type) {
      case ColumnType::kDouble:
        for (double x : std::get<std::vector<double>>(columns_[i])) has_null |= std::isnan(x);
        break;
      case ColumnType::kDate:
        for (int32_t x : std::get<std::vector<int32_t>>(columns_[i])) has_null |= x == kNullDate;
        break;
      case ColumnType::kTimestamp:
      case ColumnType::kInt64:
        for (int64_t x : std::get<std::vector<int64_t>>(columns_[i])) has_null |= x == kNullInt64;
        break;
      default: break;
    }
    if (has_null) {
      return Status::InvalidArgument(fmt::format("table {}: NULL/NaN in non-nullable column {}", spec_->name, c.name));
    }
  }
  return Status::OK();
}

}  // namespace qtp
