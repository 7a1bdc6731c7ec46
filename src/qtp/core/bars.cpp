#include "qtp/core/bars.h"

namespace qtp {
namespace {

template <typename T>
void KeepIf(std::vector<T>& v, const std::vector<uint8_t>& keep) {
  size_t out = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    if (keep[i]) {
      if (out != i) v[out] = std::move(v[i]);
      ++out;
    }
  }
  v.resize(out);
}

// Applies `fn` to every column vector of a bar batch (5-minute or daily), in schema order.
template <typename Batch, typename TimeColumn, typename CountColumn, typename Fn>
void ForEachColumn(Batch& b, TimeColumn& time, CountColumn& count, Fn&& fn) {
  fn(time);
  fn(b.open);
  fn(b.high);
  fn(b.low);
  fn(b.close);
  fn(b.volume);
  fn(b.vwap);
  fn(count);
  fn(b.source);
}

}  // namespace

void Bars5m::reserve(size_t n) {
  ForEachColumn(*this, ts, trade_count, [n](auto& column) { column.reserve(n); });
}

void Bars5m::push_back(const Bar5m& bar, const std::string& row_source) {
  ts.push_back(bar.ts);
  open.push_back(bar.open);
  high.push_back(bar.high);
  low.push_back(bar.low);
  close.push_back(bar.close);
  volume.push_back(bar.volume);
  vwap.push_back(bar.vwap);
  trade_count.push_back(bar.trade_count);
  source.push_back(row_source);
}

Bar5m Bars5m::row(size_t i) const {
  return Bar5m{ts[i], open[i], high[i], low[i], close[i], volume[i], vwap[i], trade_count[i]};
}

void Bars5m::Filter(const std::vector<uint8_t>& keep) {
  ForEachColumn(*this, ts, trade_count, [&keep](auto& column) { KeepIf(column, keep); });
}

void Bars1d::reserve(size_t n) {
  ForEachColumn(*this, date, n_bars, [n](auto& column) { column.reserve(n); });
}

void Bars1d::push_back(const Bar1d& bar, const std::string& row_source) {
  date.push_back(bar.date);
  open.push_back(bar.open);
  high.push_back(bar.high);
  low.push_back(bar.low);
  close.push_back(bar.close);
  volume.push_back(bar.volume);
  vwap.push_back(bar.vwap);
  n_bars.push_back(bar.n_bars);
  source.push_back(row_source);
}

Bar1d Bars1d::row(size_t i) const {
  return Bar1d{date[i], open[i], high[i], low[i], close[i], volume[i], vwap[i], n_bars[i]};
}

void Bars1d::Filter(const std::vector<uint8_t>& keep) {
  ForEachColumn(*this, date, n_bars, [&keep](auto& column) { KeepIf(column, keep); });
}

const char* CorporateActionTypeName(CorporateActionType type) {
  return type == CorporateActionType::kSplit ? "split" : "dividend";
}

}  // namespace qtp
