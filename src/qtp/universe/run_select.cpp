#include "qtp/universe/run_select.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include "qtp/core/changed_keys.h"
#include "qtp/core/file_util.h"
#include "qtp/core/table_ops.h"
#include "qtp/core/value_digest.h"
#include "qtp/data/store/feature_columns.h"
#include "qtp/data/store/paths.h"
#include "qtp/data/store/schema.h"
#include "qtp/data/store/selection_columns.h"
#include "qtp/universe/latest_files.h"
#include "qtp/universe/membership_index.h"
#include "qtp/universe/selector.h"

namespace qtp::universe {
namespace {

using InputKey = std::pair<std::string, int64_t>;  // (dataset, year); year 0 for universe_membership
using InputShas = std::map<InputKey, std::string>;

struct StoredDay {
  int year = 0;
  std::string digest;
};
using DayDigests = std::map<DateDays, StoredDay>;

// The expansion candidates file, recorded among the inputs like a dataset (year 0) when it exists.
constexpr const char* kCandidatesInput = "expansion_candidates";

Result<InputShas> CurrentInputs(const Store& store) {
  InputShas inputs;
  for (const auto& [path, e] : store.manifest().entries) {
    if (e.dataset == schema::FeaturesRaw().name || e.dataset == schema::UniverseMembership().name) {
      inputs[{e.dataset, e.year}] = e.sha256;
    }
  }
  const std::string candidates = paths::Join(store.data_dir(), kExpansionCandidatesCsv);
  if (std::filesystem::exists(candidates)) {
    QTP_ASSIGN_OR_RETURN(inputs[InputKey(kCandidatesInput, 0)], Sha256File(candidates));
  }
  return inputs;
}

struct StoredInputs {
  std::string params_hash;
  InputShas shas;
  DayDigests days;  // features_raw days
};

// Empty when nothing is stored, or only a record of an earlier layout (which recomputes everything).
Result<StoredInputs> ReadStoredInputs(const Store& store) {
  StoredInputs stored;
  if (store.HoldsOtherLayout(schema::SelectionInputs())) return stored;
  QTP_ASSIGN_OR_RETURN(Table t, store.Read(schema::SelectionInputs(), ""));
  const auto& dataset = t.Column<std::string>("dataset");
  const auto& year = t.Column<int64_t>("year");
  const auto& date = t.Column<int32_t>("date");
  const auto& digest = t.Column<std::string>("digest");
  for (size_t i = 0; i < t.num_rows(); ++i) {
    stored.params_hash = t.Column<std::string>("params_hash")[i];
    stored.shas[{dataset[i], year[i]}] = t.Column<std::string>("sha256")[i];
    if (dataset[i] == schema::FeaturesRaw().name) stored.days[date[i]] = {static_cast<int>(year[i]), digest[i]};
  }
  return stored;
}

Table InputsTable(const InputShas& shas, const DayDigests& days, const std::string& params_hash) {
  Table t(schema::SelectionInputs());
  auto add = [&](const std::string& dataset, int64_t year, DateDays date, const std::string& digest) {
    t.Column<std::string>("dataset").push_back(dataset);
    t.Column<int64_t>("year").push_back(year);
    t.Column<int32_t>("date").push_back(date);
    t.Column<std::string>("sha256").push_back(shas.at({dataset, year}));
    t.Column<std::string>("digest").push_back(digest);
    t.Column<std::string>("params_hash").push_back(params_hash);
  };
  for (const auto& [date, day] : days) add(schema::FeaturesRaw().name, day.year, date, day.digest);
  for (const InputKey& whole : {InputKey(schema::UniverseMembership().name, 0), InputKey(kCandidatesInput, 0)}) {
    if (shas.count(whole) > 0) add(whole.first, 0, kNullDate, "");
  }
  return t;
}

// A digest of every value of each day's rows of `features` (sorted by date, ticker).
DayDigests DigestDays(const Table& features, int year) {
  DayDigests out;
  const auto& dates = features.Column<int32_t>("date");
  for (size_t begin = 0; begin < features.num_rows();) {
    size_t end = begin;
    while (end < features.num_rows() && dates[end] == dates[begin]) ++end;
    ValueDigest digest;
    for (const auto& column : features.columns()) {
      std::visit(
          [&](const auto& values) {
            for (size_t i = begin; i < end; ++i) digest.Add(values[i]);
          },
          column);
    }
    out[dates[begin]] = {year, digest.Hex()};
    begin = end;
  }
  return out;
}

// The first day on which two records of the same days differ (kNullDate: none).
DateDays FirstDifference(const DayDigests& stored, const DayDigests& current) {
  DateDays first = kNullDate;
  auto same = [](const StoredDay& a, const StoredDay& b) { return a.digest == b.digest; };
  for (const DateDays date : ChangedKeys(stored, current, same)) {
    first = first == kNullDate ? date : std::min(first, date);
  }
  return first;
}

// The stored days of `year`.
DayDigests DaysOfYear(const DayDigests& days, int year) {
  DayDigests out;
  for (const auto& [date, day] : days) {
    if (day.year == year) out.emplace(date, day);
  }
  return out;
}

// Where the recomputation starts: the first features_raw day whose rows differ from what the stored
// history was computed from, with that day's year read (or absent when the year vanished).
struct Restart {
  DateDays from = kNullDate;  // kNullDate: no day changed
  int year = 0;
  std::optional<Table> features;  // features_raw of `year`
  DayDigests digests;             // of `features`
};

// Reads the changed features_raw years in order until one has a day that differs.
Result<Restart> FindRestart(const Store& store, const std::vector<int>& changed_years,
                            const std::set<int>& features_years, const DayDigests& stored_days) {
  Restart restart;
  for (const int year : changed_years) {
    const DayDigests stored = DaysOfYear(stored_days, year);
    DayDigests current;
    std::optional<Table> features;
    if (features_years.count(year) > 0) {
      QTP_ASSIGN_OR_RETURN(features, store.Read(schema::FeaturesRaw(), "", year, year));
      current = DigestDays(*features, year);
    }
    const DateDays from = FirstDifference(stored, current);
    if (from == kNullDate) continue;  // the file changed, its values did not
    restart = {from, year, std::move(features), std::move(current)};
    break;
  }
  return restart;
}

// The selection state at the end of the last trading day before `date`, from the stored
// features_raw (row counts, last date) and topk_history (that day's selection).
Result<SelectorState> StateBefore(const Store& store, DateDays date) {
  SelectorState state;
  Status status = store.Query(
      fmt::format("SELECT ticker, count(*), datediff('day', DATE '1970-01-01', max(date)) FROM features_raw "
                  "WHERE date < DATE '{}' GROUP BY ticker",
                  FormatDate(date)),
      [](const auto&) {},
      [&](const std::vector<std::string>& row) {
        state.history[row[0]] = std::stoll(row[1]);
        const DateDays last = static_cast<DateDays>(std::stol(row[2]));
        if (state.last_date == kNullDate || last > state.last_date) state.last_date = last;
      });
  if (!status.ok()) return status.WithContext("counting features_raw rows before " + FormatDate(date));
  if (state.last_date == kNullDate) return state;
  const int last_year = YearOfDays(state.last_date);
  QTP_ASSIGN_OR_RETURN(Table held, store.Read(schema::TopKHistory(), "", last_year, last_year));
  const auto& held_date = held.Column<int32_t>("date");
  const auto& ticker = held.Column<std::string>("ticker");
  for (size_t i = 0; i < held.num_rows(); ++i) {
    if (held_date[i] == state.last_date) state.holdings.push_back(ticker[i]);
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

Result<bool> RestoreLatestFiles(const Store& store, int k, const std::string& topk_csv, const std::string& metrics_csv) {
  namespace fs = std::filesystem;
  if (fs::exists(topk_csv) && fs::exists(metrics_csv)) return false;
  QTP_ASSIGN_OR_RETURN(LatestDay day, StoredLatestDay(store));
  return WriteLatestFiles(store.data_dir(), k, day);
}

}  // namespace

Result<SelectSummary> RunSelect(Store& store, const SelectParams& params, const SelectProgressFn& progress) {
  QTP_ASSIGN_OR_RETURN(ScoreGroups groups, ParseScoreGroups(params));
  const std::string params_hash = ParamsHash(params);
  QTP_ASSIGN_OR_RETURN(const InputShas current, CurrentInputs(store));
  std::set<int> features_years;
  for (const auto& [key, sha] : current) {
    if (key.first == schema::FeaturesRaw().name) features_years.insert(static_cast<int>(key.second));
  }
  if (features_years.empty()) return Status::InvalidArgument("features_raw is empty: run qtp features first");
  QTP_ASSIGN_OR_RETURN(StoredInputs stored, ReadStoredInputs(store));

  SelectSummary summary;
  summary.topk_csv = TopKCsvPath(store.data_dir(), params.k);
  summary.metrics_csv = TopKMetricsCsvPath(store.data_dir());
  // Other parameters, another membership history or another candidates list can move any day: everything is
  // recomputed.
  const InputKey membership{schema::UniverseMembership().name, 0};
  const InputKey candidates_key{kCandidatesInput, 0};
  auto sha_of = [](const InputShas& shas, const InputKey& key) {
    auto it = shas.find(key);
    return it == shas.end() ? std::string() : it->second;
  };
  const bool full = stored.shas.empty() || stored.params_hash != params_hash ||
                    sha_of(stored.shas, membership) != sha_of(current, membership) ||
                    sha_of(stored.shas, candidates_key) != sha_of(current, candidates_key);
  if (full) stored.days.clear();
  std::vector<int> changed_years;
  for (const InputKey& key : ChangedKeys(full ? InputShas{} : stored.shas, current, std::equal_to<std::string>())) {
    if (key.first == schema::FeaturesRaw().name) changed_years.push_back(static_cast<int>(key.second));
  }
  if (changed_years.empty()) {
    summary.up_to_date = true;
    QTP_ASSIGN_OR_RETURN(summary.files_written,
                         RestoreLatestFiles(store, params.k, summary.topk_csv, summary.metrics_csv));
    return summary;
  }

  QTP_ASSIGN_OR_RETURN(Restart restart, FindRestart(store, changed_years, features_years, stored.days));
  if (restart.from == kNullDate) {
    // Files were rewritten with the same values: only the record of their SHA-256s changes.
    summary.up_to_date = true;
    QTP_RETURN_IF_ERROR(store.Replace(schema::SelectionInputs(), "", InputsTable(current, stored.days, params_hash))
                            .status());
    QTP_RETURN_IF_ERROR(store.Commit());
    QTP_ASSIGN_OR_RETURN(summary.files_written,
                         RestoreLatestFiles(store, params.k, summary.topk_csv, summary.metrics_csv));
    return summary;
  }

  QTP_ASSIGN_OR_RETURN(Table membership_rows, store.Read(schema::UniverseMembership(), ""));
  QTP_ASSIGN_OR_RETURN(MembershipIndex membership_index, MembershipIndex::FromTable(membership_rows));
  QTP_ASSIGN_OR_RETURN(const std::vector<ExpansionCandidate> candidates,
                       ReadExpansionCandidates(paths::Join(store.data_dir(), kExpansionCandidatesCsv)));
  membership_index.AddCandidates(candidates);
  QTP_ASSIGN_OR_RETURN(SelectorState start, StateBefore(store, restart.from));
  Selector selector(params, std::move(groups), membership_index, std::move(start));

  // The kept part of the restart year: its selections before the restart day.
  QTP_ASSIGN_OR_RETURN(Table out, store.Read(schema::TopKHistory(), "", restart.year, restart.year));
  out = SliceRows(out, 0, FirstRowOnOrAfter(out, restart.from));
  DayDigests days;
  for (const auto& [date, day] : stored.days) {
    if (day.year < restart.year) days.emplace(date, day);
  }
  const std::vector<int> years(features_years.lower_bound(restart.year), features_years.end());
  LatestDay latest;
  size_t member_days = 0, member_days_with_data = 0, turnover_days = 0, entered_on_turnover_days = 0;
  for (size_t y = 0; y < years.size(); ++y) {
    Table features(schema::FeaturesRaw());
    if (years[y] == restart.year && restart.features) {
      features = std::move(*restart.features);
      days.merge(restart.digests);
    } else {
      QTP_ASSIGN_OR_RETURN(features, store.Read(schema::FeaturesRaw(), "", years[y], years[y]));
      days.merge(DigestDays(features, years[y]));
    }
    const auto& dates = features.Column<int32_t>("date");
    for (size_t begin = FirstRowOnOrAfter(features, restart.from); begin < features.num_rows();) {
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

  // A full run also removes history of years that no longer have features.
  const int replace_from = full ? 0 : restart.year;
  QTP_ASSIGN_OR_RETURN(summary.history, store.Replace(schema::TopKHistory(), "", std::move(out), replace_from));
  QTP_RETURN_IF_ERROR(store.Replace(schema::SelectionInputs(), "", InputsTable(current, days, params_hash)).status());
  QTP_RETURN_IF_ERROR(store.Commit());
  if (latest.date == kNullDate) {
    // Only days after the last features_raw day changed (they vanished): nothing was stepped.
    QTP_ASSIGN_OR_RETURN(latest, StoredLatestDay(store));
  }
  summary.latest_selected = latest.selection.num_rows();
  QTP_ASSIGN_OR_RETURN(summary.files_written, WriteLatestFiles(store.data_dir(), params.k, latest));
  return summary;
}

}  // namespace qtp::universe
