#include "qtp/universe/run_select.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "qtp/core/changed_keys.h"
#include "qtp/core/table_ops.h"
#include "qtp/data/store/feature_columns.h"
#include "qtp/data/store/schema.h"
#include "qtp/data/store/selection_columns.h"
#include "qtp/universe/latest_files.h"
#include "qtp/universe/membership_index.h"
#include "qtp/universe/selector.h"

namespace qtp::universe {
namespace {

using InputKey = std::pair<std::string, int64_t>;  // (dataset, year); year 0 for universe_membership
using InputShas = std::map<InputKey, std::string>;

InputShas CurrentInputs(const Store& store) {
  InputShas inputs;
  for (const auto& [path, e] : store.manifest().entries) {
    if (e.dataset == schema::FeaturesRaw().name || e.dataset == schema::UniverseMembership().name) {
      inputs[{e.dataset, e.year}] = e.sha256;
    }
  }
  return inputs;
}

struct StoredInputs {
  std::string params_hash;
  InputShas shas;
};

Result<StoredInputs> ReadStoredInputs(const Store& store) {
  QTP_ASSIGN_OR_RETURN(Table t, store.Read(schema::SelectionInputs(), ""));
  StoredInputs stored;
  for (size_t i = 0; i < t.num_rows(); ++i) {
    stored.params_hash = t.Column<std::string>("params_hash")[i];
    stored.shas[{t.Column<std::string>("dataset")[i], t.Column<int64_t>("year")[i]}] =
        t.Column<std::string>("sha256")[i];
  }
  return stored;
}

Table InputsTable(const InputShas& shas, const std::string& params_hash) {
  Table t(schema::SelectionInputs());
  for (const auto& [key, sha] : shas) {
    t.Column<std::string>("dataset").push_back(key.first);
    t.Column<int64_t>("year").push_back(key.second);
    t.Column<std::string>("sha256").push_back(sha);
    t.Column<std::string>("params_hash").push_back(params_hash);
  }
  return t;
}

// The first year to recompute (nullopt: nothing changed). A changed membership file can move any
// day's eligibility, so it recomputes everything, as do other parameters.
std::optional<int> FirstDirtyYear(const StoredInputs& stored, const InputShas& current, const std::string& params_hash,
                                  int first_features_year) {
  if (stored.shas.empty() || stored.params_hash != params_hash) return first_features_year;
  const InputKey membership{schema::UniverseMembership().name, 0};
  const auto stored_m = stored.shas.find(membership);
  const auto current_m = current.find(membership);
  const bool had = stored_m != stored.shas.end(), has = current_m != current.end();
  if (had != has || (had && stored_m->second != current_m->second)) return first_features_year;
  std::optional<int> first;
  for (const InputKey& key : ChangedKeys(stored.shas, current, std::equal_to<std::string>())) {
    first = std::min(first.value_or(9999), static_cast<int>(key.second));
  }
  return first;
}

// The selection state at the end of the last trading day before January 1 of `year`, from the
// stored features_raw (row counts, last date) and topk_history (that day's selection).
Result<SelectorState> StateBefore(const Store& store, int year) {
  SelectorState state;
  Status status = store.Query(
      fmt::format("SELECT ticker, count(*), datediff('day', DATE '1970-01-01', max(date)) FROM features_raw "
                  "WHERE year < {} GROUP BY ticker",
                  year),
      [](const auto&) {},
      [&](const std::vector<std::string>& row) {
        state.history[row[0]] = std::stoll(row[1]);
        const DateDays last = static_cast<DateDays>(std::stol(row[2]));
        if (state.last_date == kNullDate || last > state.last_date) state.last_date = last;
      });
  if (!status.ok()) return status.WithContext("counting features_raw rows before " + std::to_string(year));
  if (state.last_date == kNullDate) return state;
  const int last_year = YearOfDays(state.last_date);
  QTP_ASSIGN_OR_RETURN(Table held, store.Read(schema::TopKHistory(), "", last_year, last_year));
  const auto& date = held.Column<int32_t>("date");
  const auto& ticker = held.Column<std::string>("ticker");
  for (size_t i = 0; i < held.num_rows(); ++i) {
    if (date[i] == state.last_date) state.holdings.push_back(ticker[i]);
  }
  std::sort(state.holdings.begin(), state.holdings.end());
  return state;
}

// Rows [begin, end) of `t` whose date equals `date` (t sorted by date first).
std::pair<size_t, size_t> DateRange(const Table& t, DateDays date) {
  const auto& dates = t.Column<int32_t>("date");
  auto range = std::equal_range(dates.begin(), dates.end(), date);
  return {static_cast<size_t>(range.first - dates.begin()), static_cast<size_t>(range.second - dates.begin())};
}

// The latest features_raw day and its selection, from the store.
Result<LatestDay> StoredLatestDay(const Store& store) {
  LatestDay day;
  for (const auto& [path, e] : store.manifest().entries) {
    if (e.dataset == schema::FeaturesRaw().name) day.date = std::max(day.date, static_cast<DateDays>(e.max_time));
  }
  const int year = YearOfDays(day.date);
  QTP_ASSIGN_OR_RETURN(Table features, store.Read(schema::FeaturesRaw(), "", year, year));
  auto [fb, fe] = DateRange(features, day.date);
  day.features = SliceRows(features, fb, fe);
  QTP_ASSIGN_OR_RETURN(Table selection, store.Read(schema::TopKHistory(), "", year, year));
  auto [sb, se] = DateRange(selection, day.date);
  day.selection = SliceRows(selection, sb, se);
  return day;
}

}  // namespace

Result<SelectSummary> RunSelect(Store& store, const SelectParams& params, const SelectProgressFn& progress) {
  QTP_ASSIGN_OR_RETURN(ScoreGroups groups, ParseScoreGroups(params));
  const std::string params_hash = ParamsHash(params);
  const InputShas current = CurrentInputs(store);
  std::set<int> features_years;
  for (const auto& [key, sha] : current) {
    if (key.first == schema::FeaturesRaw().name) features_years.insert(static_cast<int>(key.second));
  }
  if (features_years.empty()) return Status::InvalidArgument("features_raw is empty: run qtp features first");
  QTP_ASSIGN_OR_RETURN(StoredInputs stored, ReadStoredInputs(store));

  SelectSummary summary;
  summary.topk_csv = TopKCsvPath(store.data_dir(), params.k);
  summary.metrics_csv = TopKMetricsCsvPath(store.data_dir());
  const std::optional<int> from_year = FirstDirtyYear(stored, current, params_hash, *features_years.begin());
  if (!from_year) {
    summary.up_to_date = true;
    namespace fs = std::filesystem;
    if (!fs::exists(summary.topk_csv) || !fs::exists(summary.metrics_csv)) {
      QTP_ASSIGN_OR_RETURN(LatestDay day, StoredLatestDay(store));
      QTP_ASSIGN_OR_RETURN(summary.files_written, WriteLatestFiles(store.data_dir(), params.k, day));
    }
    return summary;
  }

  QTP_ASSIGN_OR_RETURN(Table membership_rows, store.Read(schema::UniverseMembership(), ""));
  QTP_ASSIGN_OR_RETURN(MembershipIndex membership, MembershipIndex::FromTable(membership_rows));
  SelectorState start;
  if (*from_year > *features_years.begin()) {
    QTP_ASSIGN_OR_RETURN(start, StateBefore(store, *from_year));
  }
  Selector selector(params, std::move(groups), membership, std::move(start));

  const std::vector<int> years(features_years.lower_bound(*from_year), features_years.end());
  Table out(schema::TopKHistory());
  LatestDay latest;
  size_t member_days = 0, member_days_with_data = 0, turnover_days = 0, entered_on_turnover_days = 0;
  for (size_t y = 0; y < years.size(); ++y) {
    QTP_ASSIGN_OR_RETURN(Table features, store.Read(schema::FeaturesRaw(), "", years[y], years[y]));
    const auto& dates = features.Column<int32_t>("date");
    for (size_t begin = 0; begin < features.num_rows();) {
      size_t end = begin;
      while (end < features.num_rows() && dates[end] == dates[begin]) ++end;
      const size_t rows_before = out.num_rows();
      const DayStats day = selector.Step(features, begin, end, out);
      if (summary.days++ == 0) summary.from = dates[begin];
      summary.to = dates[begin];
      summary.rebalances += day.rebalance ? 1 : 0;
      if (day.membership_known) {
        ++summary.membership_days;
        member_days += day.members;
        member_days_with_data += day.members_with_data;
      }
      if (day.rebalance && day.held_before > 0) {
        ++turnover_days;
        entered_on_turnover_days += day.entered;
      }
      if (y + 1 == years.size() && end == features.num_rows()) {
        latest.date = dates[begin];
        latest.features = SliceRows(features, begin, end);
        latest.selection = SliceRows(out, rows_before, out.num_rows());
      }
      begin = end;
    }
    if (progress) QTP_RETURN_IF_ERROR(progress(y + 1, years.size()));
  }
  summary.rows = out.num_rows();
  if (member_days > 0) summary.member_data_share = static_cast<double>(member_days_with_data) / member_days;
  if (turnover_days > 0) {
    summary.turnover = static_cast<double>(entered_on_turnover_days) / (static_cast<double>(turnover_days) * params.k);
  }

  QTP_ASSIGN_OR_RETURN(summary.history, store.Replace(schema::TopKHistory(), "", std::move(out), *from_year));
  QTP_RETURN_IF_ERROR(store.Replace(schema::SelectionInputs(), "", InputsTable(current, params_hash)).status());
  QTP_RETURN_IF_ERROR(store.Commit());
  if (latest.date == kNullDate) {
    // Only years after the last features_raw year changed (they vanished): nothing was stepped.
    QTP_ASSIGN_OR_RETURN(latest, StoredLatestDay(store));
  }
  summary.latest_selected = latest.selection.num_rows();
  QTP_ASSIGN_OR_RETURN(summary.files_written, WriteLatestFiles(store.data_dir(), params.k, latest));
  return summary;
}

}  // namespace qtp::universe
