#include "qtp/eda/panel.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "qtp/core/bars.h"
#include "qtp/core/value_digest.h"
#include "qtp/data/store/feature_columns.h"
#include "qtp/data/store/schema.h"

namespace qtp::eda {

Panel::Panel(std::vector<std::string> tickers, std::vector<std::string> features)
    : tickers_(std::move(tickers)), features_(std::move(features)) {}

size_t Panel::AddDay(DateDays date) {
  const size_t day = dates_.size();
  const size_t per_day = (features_.size() + kPriceSlots) * tickers_.size();
  if (day % kDaysPerBlock == 0) {
    blocks_.push_back(std::make_unique<double[]>(kDaysPerBlock * per_day));
    std::fill_n(blocks_.back().get(), kDaysPerBlock * per_day, kNaN);
  }
  dates_.push_back(date);
  return day;
}

std::span<double> Panel::Slot(size_t day, size_t slot) const {
  const size_t n = tickers_.size();
  double* block = blocks_[day / kDaysPerBlock].get();
  return {block + ((day % kDaysPerBlock) * (features_.size() + kPriceSlots) + slot) * n, n};
}

int Panel::TickerIndex(std::string_view ticker) const {
  auto it = std::lower_bound(tickers_.begin(), tickers_.end(), ticker);
  return it != tickers_.end() && *it == ticker ? static_cast<int>(it - tickers_.begin()) : -1;
}

int Panel::DayIndex(DateDays date) const {
  auto it = std::lower_bound(dates_.begin(), dates_.end(), date);
  return it != dates_.end() && *it == date ? static_cast<int>(it - dates_.begin()) : -1;
}

std::vector<std::string> PredictorNames() {
  std::vector<std::string> names;
  for (const schema::FeatureColumn& f : schema::FeatureColumns()) {
    if (f.predictor) names.push_back(f.name);
  }
  return names;
}

Result<std::vector<std::string>> StoredTickers(const Store& store) {
  std::vector<std::string> tickers;
  QTP_RETURN_IF_ERROR(store.Query(
      fmt::format("SELECT DISTINCT ticker FROM {} ORDER BY ticker", schema::Features().name), [](const auto&) {},
      [&](const std::vector<std::string>& row) { tickers.push_back(row[0]); }));
  return tickers;
}

std::string DayDigest(const Panel& panel, size_t day) {
  const size_t slots = panel.num_features() + Panel::kPriceSlots;
  std::vector<std::span<const double>> columns;
  for (size_t f = 0; f < panel.num_features(); ++f) columns.push_back(panel.Feature(day, f));
  columns.push_back(panel.Close(day));
  columns.push_back(panel.Open(day));
  columns.push_back(panel.ExFactor(day));
  ValueDigest digest;
  for (size_t t = 0; t < panel.num_tickers(); ++t) {
    bool any = false;
    for (size_t k = 0; k < slots && !any; ++k) any = std::isfinite(columns[k][t]);
    if (!any) continue;
    digest.Add(std::string_view(panel.tickers()[t]));
    // Every non-finite value is "missing" to the statistics: one canonical word for all of them.
    for (size_t k = 0; k < slots; ++k) digest.Add(std::isfinite(columns[k][t]) ? columns[k][t] : kNaN);
  }
  return digest.Hex();
}

namespace {

// Adds one year of `features` rows and the matching `features_raw` (date, ticker, close, ex_factor) rows (both
// sorted by date, ticker) to the panel.
Status AddYear(Panel& panel, const Table& normalized, const Table& raw, bool fill_close, int year) {
  const auto& dates = normalized.Column<int32_t>("date");
  const auto& tickers = normalized.Column<std::string>("ticker");
  if (raw.num_rows() != normalized.num_rows() || raw.Column<int32_t>("date") != dates ||
      raw.Column<std::string>("ticker") != tickers) {
    return Status::Corruption(
        fmt::format("features and features_raw hold different rows in {} ({} vs {}): re-run qtp features", year,
                    normalized.num_rows(), raw.num_rows()));
  }
  std::vector<const std::vector<double>*> columns;
  for (const std::string& f : panel.features()) columns.push_back(&normalized.Column<double>(f));
  const auto& close = raw.Column<double>("close");
  const auto& ex_factor = raw.Column<double>("ex_factor");
  size_t day = 0;
  for (size_t i = 0; i < normalized.num_rows(); ++i) {
    if (i == 0 || dates[i] != dates[i - 1]) {
      if (panel.num_days() > 0 && dates[i] <= panel.dates().back()) {
        return Status::Corruption(fmt::format("features rows out of order at {}", FormatDate(dates[i])));
      }
      day = panel.AddDay(dates[i]);
    }
    const int t = panel.TickerIndex(tickers[i]);
    if (t < 0) return Status::Internal("ticker " + tickers[i] + " missing from the panel's ticker list");
    for (size_t f = 0; f < columns.size(); ++f) panel.Feature(day, f)[static_cast<size_t>(t)] = (*columns[f])[i];
    if (fill_close) panel.Close(day)[static_cast<size_t>(t)] = close[i];
    panel.ExFactor(day)[static_cast<size_t>(t)] = ex_factor[i];
  }
  return Status::OK();
}

Status AddDailyBars(const Store& store, Panel& panel, int first_year) {
  const TableSpec prices = Projection(schema::Bars1d(), {"date", "open", "close"});
  for (size_t t = 0; t < panel.num_tickers(); ++t) {
    const std::string& ticker = panel.tickers()[t];
    Result<Table> rows = store.Read(prices, ticker, first_year);
    if (!rows.ok()) return rows.status().WithContext("reading the daily bars of " + ticker);
    const auto& dates = rows->Column<int32_t>("date");
    const auto& open = rows->Column<double>("open");
    const auto& close = rows->Column<double>("close");
    for (size_t i = 0; i < rows->num_rows(); ++i) {
      const int day = panel.DayIndex(dates[i]);
      if (day < 0) continue;  // a day features were not computed for (e.g. after --end)
      panel.Open(static_cast<size_t>(day))[t] = open[i];
      panel.Close(static_cast<size_t>(day))[t] = close[i];
    }
  }
  return Status::OK();
}

}  // namespace

Result<Panel> LoadPanel(const Store& store, bool next_open, int first_year) {
  std::set<int> years = store.manifest().Years(schema::Features().name);
  if (years.empty()) return Status::NotFound("no features stored: run qtp features first");
  years.erase(years.begin(), years.lower_bound(first_year));
  QTP_ASSIGN_OR_RETURN(std::vector<std::string> tickers, StoredTickers(store));
  Panel panel(std::move(tickers), PredictorNames());
  const TableSpec raw_spec = Projection(schema::FeaturesRaw(), {"date", "ticker", "close", "ex_factor"});
  for (int year : years) {
    QTP_ASSIGN_OR_RETURN(Table normalized, store.Read(schema::Features(), "", year, year));
    QTP_ASSIGN_OR_RETURN(Table raw, store.Read(raw_spec, "", year, year));
    QTP_RETURN_IF_ERROR(AddYear(panel, normalized, raw, !next_open, year));
  }
  if (next_open) QTP_RETURN_IF_ERROR(AddDailyBars(store, panel, first_year));
  return panel;
}

}  // namespace qtp::eda
