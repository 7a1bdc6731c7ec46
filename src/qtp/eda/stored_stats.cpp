#include "qtp/eda/stored_stats.h"

#include <algorithm>
#include <cstdint>
#include <cmath>
#include <map>
#include <numeric>

#include <fmt/format.h>

#include "qtp/core/bars.h"
#include "qtp/data/store/eda_columns.h"

namespace qtp::eda {
namespace {

// Feature indices in name order: the key order of the per-feature datasets.
std::vector<size_t> ByName(const std::vector<std::string>& features) {
  std::vector<size_t> order(features.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t x, size_t y) { return features[x] < features[y]; });
  return order;
}

// Maps the stored rows of one dataset onto the days and features of the statistics being filled.
class RowMapper {
 public:
  RowMapper(const TableSpec& spec, const std::vector<DateDays>& dates, size_t until,
            const std::vector<std::string>& features)
      : spec_(spec), dates_(dates), until_(until), end_(until < dates.size() ? dates[until] : INT32_MAX) {
    for (size_t f = 0; f < features.size(); ++f) feature_index_[features[f]] = f;
  }

  // The day index of `date`; -1 when the row is dated at or after dates[until] (not wanted).
  Result<int64_t> Day(DateDays date) const {
    if (date >= end_) return -1;
    auto it = std::lower_bound(dates_.begin(), dates_.begin() + static_cast<std::ptrdiff_t>(until_), date);
    if (it == dates_.begin() + static_cast<std::ptrdiff_t>(until_) || *it != date) {
      return Mismatch(fmt::format("date {} is not a stored panel day", FormatDate(date)));
    }
    return it - dates_.begin();
  }
  Result<size_t> Feature(const std::string& name) const {
    auto it = feature_index_.find(name);
    if (it == feature_index_.end()) return Mismatch(fmt::format("feature {} is not a predictor", name));
    return it->second;
  }
  // The index of `value` in `list` (horizons or windows).
  Result<size_t> IndexIn(const std::vector<int>& list, int64_t value, const char* what) const {
    auto it = std::find(list.begin(), list.end(), value);
    if (it == list.end()) return Mismatch(fmt::format("{} {} is not configured", what, value));
    return static_cast<size_t>(it - list.begin());
  }
  int last_year() const { return YearOfDays(dates_[until_ - 1]); }

 private:
  Status Mismatch(const std::string& what) const {
    return Status::Corruption(
        fmt::format("eda: stored {} does not match eda_days and eda_inputs: {}", spec_.name, what));
  }

  const TableSpec& spec_;
  const std::vector<DateDays>& dates_;
  size_t until_;
  DateDays end_;
  std::map<std::string, size_t> feature_index_;
};

}  // namespace

void DayRecord::Append(const DayRecord& other, size_t i) {
  dates.push_back(other.dates[i]);
  tickers.push_back(other.tickers[i]);
  members.push_back(other.members[i]);
  digests.push_back(other.digests[i]);
}

Table IcRows(const DailyStats& daily, const std::vector<DateDays>& dates, const std::vector<std::string>& features,
             size_t from) {
  Table t(schema::FeatureIc());
  const std::vector<size_t> by_name = ByName(features);
  auto& date = t.Column<int32_t>("date");
  auto& feature = t.Column<std::string>("feature");
  auto& horizon = t.Column<int64_t>("horizon");
  auto& ic = t.Column<double>("ic");
  auto& rank_ic = t.Column<double>("rank_ic");
  auto& n = t.Column<int64_t>("n");
  for (size_t day = from; day < dates.size(); ++day) {
    for (size_t f : by_name) {
      for (size_t h = 0; h < daily.horizons.size(); ++h) {
        const size_t k = daily.IcIndex(f, h, day);
        if (daily.ic_n[k] == 0) continue;
        date.push_back(dates[day]);
        feature.push_back(features[f]);
        horizon.push_back(daily.horizons[h]);
        ic.push_back(daily.ic[k]);
        rank_ic.push_back(daily.rank_ic[k]);
        n.push_back(daily.ic_n[k]);
      }
    }
  }
  return t;
}

Table AutocorrRows(const DailyStats& daily, const std::vector<DateDays>& dates,
                   const std::vector<std::string>& features, size_t from) {
  Table t(schema::FeatureAutocorr());
  const std::vector<size_t> by_name = ByName(features);
  auto& date = t.Column<int32_t>("date");
  auto& feature = t.Column<std::string>("feature");
  auto& window = t.Column<int64_t>("window_days");
  auto& autocorr = t.Column<double>("autocorr");
  for (size_t day = from; day < dates.size(); ++day) {
    for (size_t f : by_name) {
      for (size_t w = 0; w < daily.windows.size(); ++w) {
        const double x = daily.autocorr[daily.AutocorrIndex(f, w, day)];
        if (!std::isfinite(x)) continue;
        date.push_back(dates[day]);
        feature.push_back(features[f]);
        window.push_back(daily.windows[w]);
        autocorr.push_back(x);
      }
    }
  }
  return t;
}

Table CorrRows(const DailyStats& daily, const std::vector<DateDays>& dates, const std::vector<std::string>& features,
               size_t from) {
  Table t(schema::FeatureCorr());
  const std::vector<size_t> by_name = ByName(features);
  const size_t n = features.size();
  std::vector<std::vector<double>*> columns;
  for (const std::string& f : features) columns.push_back(&t.Column<double>(f));
  std::vector<double> row(n);
  for (size_t day = from; day < dates.size(); ++day) {
    for (size_t a : by_name) {
      bool any = false;
      for (size_t b = 0; b < n; ++b) {
        row[b] = b == a ? kNaN : daily.corr[daily.PairIndex(std::min(a, b), std::max(a, b)) * daily.num_days + day];
        any = any || std::isfinite(row[b]);
      }
      if (!any) continue;
      t.Column<int32_t>("date").push_back(dates[day]);
      t.Column<std::string>("feature").push_back(features[a]);
      for (size_t b = 0; b < n; ++b) columns[b]->push_back(row[b]);
    }
  }
  return t;
}

Table MissingForwardRows(const DailyStats& daily, const std::vector<DateDays>& dates, size_t from) {
  Table t(schema::EdaMissingForward());
  for (size_t day = from; day < dates.size(); ++day) {
    for (size_t h = 0; h < daily.horizons.size(); ++h) {
      const uint32_t missing = daily.missing_forward[h * daily.num_days + day];
      if (missing == 0) continue;
      t.Column<int32_t>("date").push_back(dates[day]);
      t.Column<int64_t>("horizon").push_back(daily.horizons[h]);
      t.Column<int64_t>("missing").push_back(missing);
    }
  }
  return t;
}

Table DayRows(const DayRecord& days, size_t from) {
  Table t(schema::EdaDays());
  for (size_t day = from; day < days.size(); ++day) {
    t.Column<int32_t>("date").push_back(days.dates[day]);
    t.Column<int64_t>("tickers").push_back(days.tickers[day]);
    t.Column<int64_t>("members").push_back(days.members[day]);
    t.Column<std::string>("digest").push_back(days.digests[day]);
  }
  return t;
}

Result<DayRecord> ReadDayRecord(const Store& store) {
  QTP_ASSIGN_OR_RETURN(Table t, store.Read(schema::EdaDays(), ""));
  DayRecord days;
  days.dates = std::move(t.Column<int32_t>("date"));
  days.tickers = std::move(t.Column<int64_t>("tickers"));
  days.members = std::move(t.Column<int64_t>("members"));
  days.digests = std::move(t.Column<std::string>("digest"));
  return days;
}

Status ReadStoredStats(const Store& store, const std::vector<DateDays>& dates, size_t until,
                       const std::vector<std::string>& features, DailyStats& daily) {
  if (until == 0) return Status::OK();
  const size_t days = daily.num_days;
  {
    const RowMapper map(schema::FeatureIc(), dates, until, features);
    QTP_ASSIGN_OR_RETURN(const Table t, store.Read(schema::FeatureIc(), "", 0, map.last_year()));
    const auto& date = t.Column<int32_t>("date");
    const auto& feature = t.Column<std::string>("feature");
    const auto& horizon = t.Column<int64_t>("horizon");
    const auto& ic = t.Column<double>("ic");
    const auto& rank_ic = t.Column<double>("rank_ic");
    const auto& n = t.Column<int64_t>("n");
    for (size_t i = 0; i < t.num_rows(); ++i) {
      QTP_ASSIGN_OR_RETURN(const int64_t day, map.Day(date[i]));
      if (day < 0) continue;
      QTP_ASSIGN_OR_RETURN(const size_t f, map.Feature(feature[i]));
      QTP_ASSIGN_OR_RETURN(const size_t h, map.IndexIn(daily.horizons, horizon[i], "horizon"));
      const size_t k = daily.IcIndex(f, h, static_cast<size_t>(day));
      daily.ic[k] = ic[i];
      daily.rank_ic[k] = rank_ic[i];
      daily.ic_n[k] = static_cast<uint32_t>(n[i]);
    }
  }
  {
    const RowMapper map(schema::FeatureAutocorr(), dates, until, features);
    QTP_ASSIGN_OR_RETURN(const Table t, store.Read(schema::FeatureAutocorr(), "", 0, map.last_year()));
    const auto& date = t.Column<int32_t>("date");
    const auto& feature = t.Column<std::string>("feature");
    const auto& window = t.Column<int64_t>("window_days");
    const auto& autocorr = t.Column<double>("autocorr");
    for (size_t i = 0; i < t.num_rows(); ++i) {
      QTP_ASSIGN_OR_RETURN(const int64_t day, map.Day(date[i]));
      if (day < 0) continue;
      QTP_ASSIGN_OR_RETURN(const size_t f, map.Feature(feature[i]));
      QTP_ASSIGN_OR_RETURN(const size_t w, map.IndexIn(daily.windows, window[i], "stability window"));
      daily.autocorr[daily.AutocorrIndex(f, w, static_cast<size_t>(day))] = autocorr[i];
    }
  }
  {
    const RowMapper map(schema::FeatureCorr(), dates, until, features);
    QTP_ASSIGN_OR_RETURN(const Table t, store.Read(schema::FeatureCorr(), "", 0, map.last_year()));
    const auto& date = t.Column<int32_t>("date");
    const auto& feature = t.Column<std::string>("feature");
    std::vector<const std::vector<double>*> columns;
    for (const std::string& f : features) columns.push_back(&t.Column<double>(f));
    for (size_t i = 0; i < t.num_rows(); ++i) {
      QTP_ASSIGN_OR_RETURN(const int64_t day, map.Day(date[i]));
      if (day < 0) continue;
      QTP_ASSIGN_OR_RETURN(const size_t a, map.Feature(feature[i]));
      // Each pair is read from the row of its first feature; the other row holds the same value.
      for (size_t b = a + 1; b < features.size(); ++b) {
        daily.corr[daily.PairIndex(a, b) * days + static_cast<size_t>(day)] = (*columns[b])[i];
      }
    }
  }
  {
    const RowMapper map(schema::EdaMissingForward(), dates, until, features);
    QTP_ASSIGN_OR_RETURN(const Table t, store.Read(schema::EdaMissingForward(), "", 0, map.last_year()));
    const auto& date = t.Column<int32_t>("date");
    const auto& horizon = t.Column<int64_t>("horizon");
    const auto& missing = t.Column<int64_t>("missing");
    for (size_t i = 0; i < t.num_rows(); ++i) {
      QTP_ASSIGN_OR_RETURN(const int64_t day, map.Day(date[i]));
      if (day < 0) continue;
      QTP_ASSIGN_OR_RETURN(const size_t h, map.IndexIn(daily.horizons, horizon[i], "horizon"));
      daily.missing_forward[h * days + static_cast<size_t>(day)] = static_cast<uint32_t>(missing[i]);
    }
  }
  return Status::OK();
}

void CopyDays(const DailyStats& source, size_t from, size_t count, DailyStats& target, size_t to) {
  auto copy = [&](const auto& src, auto& dst, size_t series) {
    for (size_t s = 0; s < series; ++s) {
      std::copy_n(src.begin() + static_cast<std::ptrdiff_t>(s * source.num_days + from), count,
                  dst.begin() + static_cast<std::ptrdiff_t>(s * target.num_days + to));
    }
  };
  const size_t ic_series = source.num_features * source.horizons.size();
  copy(source.ic, target.ic, ic_series);
  copy(source.rank_ic, target.rank_ic, ic_series);
  copy(source.ic_n, target.ic_n, ic_series);
  copy(source.autocorr, target.autocorr, source.num_features * source.windows.size());
  copy(source.corr, target.corr, source.num_pairs());
  copy(source.missing_forward, target.missing_forward, source.horizons.size());
}

}  // namespace qtp::eda
