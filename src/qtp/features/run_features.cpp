#include "qtp/features/run_features.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "qtp/core/changed_keys.h"
#include "qtp/core/overlap.h"
#include "qtp/core/table_ops.h"
#include "qtp/core/value_digest.h"
#include "qtp/data/store/feature_columns.h"
#include "qtp/data/store/schema.h"
#include "qtp/features/cross_section.h"
#include "qtp/features/ticker_features.h"

namespace qtp::features {
namespace {

using PartitionKey = std::pair<std::string, int64_t>;  // (dataset, year)
using InputShas = std::map<PartitionKey, std::string>;

// What the stored features of one ticker were computed from, per input partition.
struct PartitionState {
  std::string sha256;
  DateDays last_date = kNullDate;  // of the partition's rows
  std::string digest;              // of the values the features read, rows up to last_date
};
using InputState = std::map<PartitionKey, PartitionState>;

struct TickerState {
  std::string params_hash;
  InputState partitions;
};
using State = std::map<std::string, TickerState>;

const DateDays kAllDays = DaysFromCivil(1800, 1, 1);
const DateDays kNoEnd = DaysFromCivil(2999, 12, 31);

// The partitions each ticker's features are computed from (clean bars, and the planted signal of a
// simulated market), as the manifest lists them.
std::map<std::string, InputShas> CurrentInputs(const Store& store) {
  std::map<std::string, InputShas> inputs;
  for (const auto& [path, e] : store.manifest().entries) {
    if (e.dataset == schema::Bars5m().name || e.dataset == schema::Bars1d().name ||
        e.dataset == schema::SimulatedSignal().name) {
      inputs[e.ticker][{e.dataset, e.year}] = e.sha256;
    }
  }
  return inputs;
}

// Empty (everything is recomputed) when the stored features are of an earlier layout.
Result<State> StoredState(const Store& store) {
  State state;
  if (store.HoldsOtherLayout(schema::FeaturesRaw()) || store.HoldsOtherLayout(schema::Features())) return state;
  QTP_ASSIGN_OR_RETURN(Table t, store.Read(schema::FeatureInputs(), ""));
  const auto& ticker = t.Column<std::string>("ticker");
  const auto& dataset = t.Column<std::string>("dataset");
  const auto& year = t.Column<int64_t>("year");
  const auto& sha = t.Column<std::string>("sha256");
  const auto& last_date = t.Column<int32_t>("last_date");
  const auto& digest = t.Column<std::string>("digest");
  const auto& hash = t.Column<std::string>("params_hash");
  for (size_t i = 0; i < t.num_rows(); ++i) {
    TickerState& s = state[ticker[i]];
    s.params_hash = hash[i];
    s.partitions[{dataset[i], year[i]}] = {sha[i], last_date[i], digest[i]};
  }
  return state;
}

Table StateTable(const State& state) {
  Table t(schema::FeatureInputs());
  for (const auto& [ticker, s] : state) {
    for (const auto& [key, p] : s.partitions) {
      t.Column<std::string>("ticker").push_back(ticker);
      t.Column<std::string>("dataset").push_back(key.first);
      t.Column<int64_t>("year").push_back(key.second);
      t.Column<std::string>("sha256").push_back(p.sha256);
      t.Column<int32_t>("last_date").push_back(p.last_date);
      t.Column<std::string>("digest").push_back(p.digest);
      t.Column<std::string>("params_hash").push_back(s.params_hash);
    }
  }
  return t;
}

// The calendar year of a date, recomputed only when the date leaves the last year seen: rows come
// in date order, so a whole ticker costs a handful of calendar conversions.
class YearOfDate {
 public:
  int operator()(DateDays d) {
    if (d < begin_ || d >= end_) {
      year_ = CivilFromDays(d).year;
      begin_ = DaysFromCivil(year_, 1, 1);
      end_ = DaysFromCivil(year_ + 1, 1, 1);
    }
    return year_;
  }

 private:
  int year_ = 0;
  DateDays begin_ = 1, end_ = 0;
};

// Calls row(key, date, values...) for each row of `dataset` in the loaded inputs, `key` being its
// partition (years follow the store: the UTC date of a bar).
template <typename RowFn>
void ForEachRow(const TickerBars& in, const std::string& dataset, RowFn&& row) {
  YearOfDate year_of;
  if (dataset == schema::Bars5m().name) {
    const Bars5m& b = in.intraday;
    for (size_t i = 0; i < b.size(); ++i) {
      const DateDays date = DateOfTimestampUtc(b.ts[i]);
      row(PartitionKey{dataset, year_of(date)}, date, b.ts[i], b.open[i], b.high[i], b.low[i], b.close[i],
          b.volume[i]);
    }
  } else if (dataset == schema::Bars1d().name) {
    const Bars1d& d = in.daily;
    for (size_t i = 0; i < d.size(); ++i) {
      row(PartitionKey{dataset, year_of(d.date[i])}, d.date[i], d.open[i], d.high[i], d.low[i], d.close[i],
          d.volume[i], in.ex_factor[i], in.adj_volume_factor[i]);
    }
  } else {
    for (size_t i = 0; i < in.signal_dates.size(); ++i) {
      row(PartitionKey{dataset, year_of(in.signal_dates[i])}, in.signal_dates[i], in.signal[i]);
    }
  }
}

struct PartitionSummary {
  DateDays last_date = kNullDate;
  ValueDigest digest;
};

// Every loaded partition's last date and the digest of all its rows, in one pass per dataset.
std::map<PartitionKey, PartitionSummary> SummarizeAll(const TickerBars& in) {
  std::map<PartitionKey, PartitionSummary> out;
  for (const std::string* dataset : {&schema::Bars5m().name, &schema::Bars1d().name, &schema::SimulatedSignal().name}) {
    PartitionSummary* current = nullptr;
    PartitionKey current_key;
    ForEachRow(in, *dataset, [&](const PartitionKey& key, DateDays date, auto... values) {
      if (current == nullptr || key != current_key) {
        current_key = key;
        current = &out[key];
      }
      current->last_date = date;
      current->digest.Add(date);
      (current->digest.Add(values), ...);
    });
  }
  return out;
}

// Partition `key`'s rows up to `until`: their digest, as SummarizeAll would have made it then, and
// the first date after `until` (kNullDate when there is none).
struct Prefix {
  std::string digest;
  DateDays next_date = kNullDate;
};

Prefix PrefixOf(const TickerBars& in, const PartitionKey& key, DateDays until) {
  ValueDigest digest;
  Prefix prefix;
  ForEachRow(in, key.first, [&](const PartitionKey& row_key, DateDays date, auto... values) {
    if (row_key != key) return;
    if (date > until) {
      if (prefix.next_date == kNullDate) prefix.next_date = date;
      return;
    }
    digest.Add(date);
    (digest.Add(values), ...);
  });
  prefix.digest = digest.Hex();
  return prefix;
}

Result<std::map<std::string, double>> SharesOutstanding(const Store& store) {
  std::map<std::string, double> shares;
  Status status = store.Query(
      "SELECT ticker, shares_outstanding FROM universe WHERE shares_outstanding > 0", [](const auto&) {},
      [&](const std::vector<std::string>& row) { shares[row[0]] = std::stod(row[1]); });
  if (!status.ok()) return status.WithContext("reading shares outstanding from the universe file");
  return shares;
}

// The clean 5-minute bars without their back-adjustment factors, which the features do not read
// (two columns of every bar: a tenth of the full run's read).
const TableSpec& BarsAsTraded() {
  static const TableSpec spec = Projection(
      schema::Bars5m(), {"ts", "open", "high", "low", "close", "volume", "vwap", "trade_count", "source"});
  return spec;
}

// One ticker to recompute: its rows in [first, last].
struct Job {
  std::string ticker;
  DateDays first = kAllDays;
  DateDays last = kNoEnd;
  std::vector<PartitionKey> changed;  // set: `first` is refined once the inputs are read
  bool records_state = true;  // the run covers everything its inputs changed: feature_inputs may say so
  InputState new_state;       // of the partitions read, for feature_inputs
};

// A job's inputs, handed to a worker.
struct JobInput {
  TickerBars bars;
  DateDays first, last;
};

// Rows of several same-spec tables in the order of `refs` (table index, row). Each source column
// is released as soon as it has been gathered, so the panel never holds two full copies.
Table Gather(const TableSpec& spec, std::vector<Table*>& sources, const std::vector<std::pair<uint32_t, uint32_t>>& refs) {
  Table out(spec);
  for (size_t c = 0; c < spec.columns.size(); ++c) {
    std::visit(
        [&](auto& dst) {
          using V = std::decay_t<decltype(dst)>;
          dst.reserve(refs.size());
          for (const auto& [s, r] : refs) dst.push_back(std::get<V>(sources[s]->columns()[c])[r]);
          for (Table* t : sources) V().swap(std::get<V>(t->columns()[c]));
        },
        out.columns()[c]);
  }
  return out;
}

// The stored rows that stay (not recomputed by a job) and the fresh rows, sorted by (date, ticker).
// Consumes both.
Table BuildPanel(Table& stored, std::vector<Table>& fresh, const std::map<std::string, const Job*>& jobs) {
  std::vector<Table*> sources = {&stored};
  for (Table& t : fresh) sources.push_back(&t);
  // Sort keys: date in the high bits, the ticker's rank among all tickers in the low ones.
  std::map<std::string, uint32_t> ticker_rank;
  for (const Table* t : sources) {
    for (const std::string& ticker : t->Column<std::string>("ticker")) ticker_rank.emplace(ticker, 0);
  }
  uint32_t next = 0;
  for (auto& [ticker, rank] : ticker_rank) rank = next++;
  struct Ref {
    uint64_t key;
    std::pair<uint32_t, uint32_t> row;  // (source, row)
  };
  std::vector<Ref> refs;
  for (size_t s = 0; s < sources.size(); ++s) {
    const auto& dates = sources[s]->Column<int32_t>("date");
    const auto& tickers = sources[s]->Column<std::string>("ticker");
    const std::string* last_ticker = nullptr;
    uint32_t rank = 0;
    for (size_t i = 0; i < dates.size(); ++i) {
      if (last_ticker == nullptr || *last_ticker != tickers[i]) {
        last_ticker = &tickers[i];
        rank = ticker_rank.at(tickers[i]);
      }
      if (s == 0) {  // a stored row stays unless its ticker's job recomputed that day
        auto job = jobs.find(tickers[i]);
        if (job != jobs.end() && dates[i] >= job->second->first && dates[i] <= job->second->last) continue;
      }
      const uint64_t key = (static_cast<uint64_t>(static_cast<uint32_t>(dates[i]) ^ 0x80000000u) << 32) | rank;
      refs.push_back({key, {static_cast<uint32_t>(s), static_cast<uint32_t>(i)}});
    }
  }
  std::sort(refs.begin(), refs.end(), [](const Ref& a, const Ref& b) { return a.key < b.key; });
  std::vector<std::pair<uint32_t, uint32_t>> order(refs.size());
  for (size_t i = 0; i < refs.size(); ++i) order[i] = refs[i].row;
  refs = {};
  Table panel = Gather(schema::FeaturesRaw(), sources, order);
  fresh.clear();
  return panel;
}

// The earliest stored row that BuildPanel drops (a day its ticker's job recomputes), or kNoEnd.
DateDays FirstDroppedDay(const Table& stored, const std::map<std::string, const Job*>& jobs) {
  const auto& dates = stored.Column<int32_t>("date");
  const auto& tickers = stored.Column<std::string>("ticker");
  for (size_t i = 0; i < dates.size(); ++i) {  // sorted by date: the first hit is the earliest
    auto job = jobs.find(tickers[i]);
    if (job != jobs.end() && dates[i] >= job->second->first && dates[i] <= job->second->last) return dates[i];
  }
  return kNoEnd;
}

// The first year of 5-minute bars that features from `first` on read: the intraday windows look
// back kIntradayLookbackDays trading days, at most 2 calendar days each plus holidays.
int FirstIntradayYear(DateDays first) { return YearOfDays(first - 2 * kIntradayLookbackDays - 10); }

// The stored state of a changed partition `key` when the change may be days appended after its
// stored last date (the partition still exists and had rows), else nullptr.
const PartitionState* AppendCandidate(const InputState& stored, const InputShas& current, const PartitionKey& key) {
  auto it = stored.find(key);
  if (it == stored.end() || it->second.last_date == kNullDate || current.count(key) == 0) return nullptr;
  return &it->second;
}

// Drops the first `rows` rows in place (no second copy of the table).
void DropLeadingRows(Table& t, size_t rows) {
  for (ColumnData& column : t.columns()) {
    std::visit([&](auto& v) { v.erase(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(rows)); }, column);
  }
}

}  // namespace

Result<FeaturesSummary> RunFeatures(Store& store, const FeatureParams& params, const FeaturesRequest& request,
                                    const FeaturesProgressFn& progress) {
  const std::string params_hash = ParamsHash(params);
  const std::map<std::string, InputShas> inputs = CurrentInputs(store);
  QTP_ASSIGN_OR_RETURN(State state, StoredState(store));
  std::set<std::string> cleaned;  // tickers with clean daily bars: every cleaned ticker has them
  for (const std::string& t : store.Tickers(schema::Bars1d())) cleaned.insert(t);
  std::vector<std::string> tickers;
  if (request.tickers.empty()) {
    tickers.assign(cleaned.begin(), cleaned.end());
  } else {
    for (const std::string& t : std::set<std::string>(request.tickers.begin(), request.tickers.end())) {
      if (cleaned.count(t) == 0) return Status::InvalidArgument(fmt::format("{} has no clean bars (run qtp clean)", t));
      tickers.push_back(t);
    }
  }

  FeaturesSummary summary;
  summary.tickers = tickers.size();
  std::vector<Job> jobs;
  for (const std::string& ticker : tickers) {
    Job job;
    job.ticker = ticker;
    job.last = request.end != kNullDate ? request.end : kNoEnd;
    DateDays dirty = kNoEnd + 1;  // nothing changed
    auto s = state.find(ticker);
    if (s == state.end() || s->second.params_hash != params_hash) {
      dirty = kAllDays;
    } else {
      // Partitions changed, added or removed since the stored features were computed.
      job.changed = ChangedKeys(s->second.partitions, inputs.at(ticker),
                                [](const PartitionState& p, const std::string& sha) { return p.sha256 == sha; });
      // Until the inputs are read, assume each changed partition only gained days after its stored
      // last date (an append, the daily case): that sizes the read, which goes further back when
      // the digests show an earlier change.
      for (const PartitionKey& key : job.changed) {
        const PartitionState* append = AppendCandidate(s->second.partitions, inputs.at(ticker), key);
        dirty = std::min(dirty, append != nullptr ? append->last_date + 1 : DaysFromCivil(static_cast<int>(key.second), 1, 1));
      }
    }
    if (request.start != kNullDate) {
      job.first = request.start;
      job.records_state = request.end == kNullDate && request.start <= dirty;
      job.changed.clear();  // an explicit start is not refined
    } else {
      job.first = dirty;
      job.records_state = request.end == kNullDate;
    }
    if (job.first > job.last) continue;
    jobs.push_back(std::move(job));
  }
  if (jobs.empty()) return summary;
  QTP_ASSIGN_OR_RETURN(const auto shares, SharesOutstanding(store));

  std::vector<DateDays> tentative_first;  // what each job's reads are sized by
  for (const Job& job : jobs) tentative_first.push_back(job.first);
  using Clock = std::chrono::steady_clock;
  auto since = [](Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); };
  const auto t_tickers = Clock::now();
  std::vector<Table> fresh;
  const Status computed = RunOverlapped<JobInput, Table>(
      jobs.size(), static_cast<size_t>(params.threads),
      [&](size_t i) -> Result<JobInput> {
        Job& job = jobs[i];
        TickerBars in;
        in.ticker = job.ticker;
        auto daily = store.Read(schema::Bars1d(), job.ticker);
        if (!daily.ok()) return daily.status().WithContext("reading clean daily bars of " + job.ticker);
        in.ex_factor = std::move(daily->Column<double>("ex_factor"));
        in.adj_volume_factor = std::move(daily->Column<double>("adj_volume_factor"));
        in.daily = schema::Bars1dFromTable(job.ticker, std::move(daily).value());
        int bars_from_year = FirstIntradayYear(tentative_first[i]);
        auto read_bars = [&]() -> Status {
          auto bars = store.Read(BarsAsTraded(), job.ticker, bars_from_year);
          if (!bars.ok()) return bars.status().WithContext("reading clean 5-minute bars of " + job.ticker);
          in.intraday = schema::Bars5mFromTable(job.ticker, std::move(bars).value());
          return Status::OK();
        };
        QTP_RETURN_IF_ERROR(read_bars());
        if (auto it = shares.find(job.ticker); it != shares.end()) in.shares_outstanding = it->second;
        auto signal = store.Read(schema::SimulatedSignal(), job.ticker);
        if (!signal.ok()) return signal.status().WithContext("reading the planted signal of " + job.ticker);
        in.signal_dates = std::move(signal->Column<int32_t>("date"));
        in.signal = std::move(signal->Column<double>("signal"));
        // Appended days leave a partition's earlier rows as they were: then only the days after
        // its stored last date are new. Any other change recomputes from the partition's year.
        if (!job.changed.empty()) {
          DateDays dirty = kNoEnd + 1;
          for (const PartitionKey& key : job.changed) {
            DateDays from = DaysFromCivil(static_cast<int>(key.second), 1, 1);
            const PartitionState* append = AppendCandidate(state.at(job.ticker).partitions, inputs.at(job.ticker), key);
            if (append != nullptr) {
              // No row after the stored ones: only columns the features do not read changed (the
              // back-adjustment factors of earlier rows, after a new corporate action).
              const Prefix prefix = PrefixOf(in, key, append->last_date);
              if (prefix.digest == append->digest) from = prefix.next_date != kNullDate ? prefix.next_date : kNoEnd + 1;
            }
            dirty = std::min(dirty, from);
          }
          job.first = dirty;
          if (FirstIntradayYear(job.first) < bars_from_year) {  // not an append: the look-back reaches further
            bars_from_year = FirstIntradayYear(job.first);
            QTP_RETURN_IF_ERROR(read_bars());
          }
        }
        // Every partition read is recorded as of now; the earlier 5-minute years were not read and
        // did not change (they come before every changed one), so their stored state stays.
        const std::map<PartitionKey, PartitionSummary> loaded =
            job.records_state ? SummarizeAll(in) : std::map<PartitionKey, PartitionSummary>{};
        for (const auto& [key, sha] : job.records_state ? inputs.at(job.ticker) : InputShas{}) {
          const bool read = key.first != schema::Bars5m().name || key.second >= bars_from_year;
          if (read) {
            auto it = loaded.find(key);
            job.new_state[key] = it != loaded.end() ? PartitionState{sha, it->second.last_date, it->second.digest.Hex()}
                                                    : PartitionState{sha, kNullDate, ValueDigest().Hex()};
          } else {
            job.new_state[key] = state.at(job.ticker).partitions.at(key);
          }
        }
        return JobInput{std::move(in), job.first, job.last};
      },
      [&](JobInput in) -> Result<Table> {
        SpectrumScratch scratch;
        return ComputeTickerFeatures(in.bars, in.first, in.last, params, scratch);
      },
      [&](size_t i, Result<Table> rows) -> Status {
        if (!rows.ok()) return rows.status();
        summary.ticker_days += rows->num_rows();
        fresh.push_back(std::move(rows).value());
        return progress ? progress(i + 1, jobs.size()) : Status::OK();
      });
  QTP_RETURN_IF_ERROR(computed);
  summary.seconds_tickers = since(t_tickers);

  DateDays first_fresh = kNoEnd;
  for (const Table& t : fresh) {
    if (t.num_rows() > 0) first_fresh = std::min(first_fresh, t.Column<int32_t>("date").front());
  }
  // Stored rows a job drops (its days) are no earlier than the earliest job's first day.
  DateDays first_job_day = kNoEnd;
  for (const Job& job : jobs) first_job_day = std::min(first_job_day, job.first);
  // The cross-sectional columns are recomputed from the first day whose panel rows changed (a
  // fresh row, or a stored row dropped); the days before it keep their stored values. The PCA and
  // per-stock z-score windows read back up to that many trading days (at most 2 calendar days
  // each, plus holidays) before it.
  const auto t_cross = Clock::now();
  const DateDays history_from =
      first_job_day - 2 * std::max(params.pca_window, params.stock_zscore_window) - 10;
  QTP_ASSIGN_OR_RETURN(Table stored, store.Read(schema::FeaturesRaw(), "", YearOfDays(history_from)));
  std::map<std::string, const Job*> by_ticker;
  for (const Job& job : jobs) by_ticker[job.ticker] = &job;
  const DateDays rebuild_from = std::min(first_fresh, FirstDroppedDay(stored, by_ticker));
  if (rebuild_from == kNoEnd) {
    summary.seconds_cross_section = since(t_cross);
  } else {
    const int first_year = YearOfDays(rebuild_from);
    Table panel = BuildPanel(stored, fresh, by_ticker);
    QTP_RETURN_IF_ERROR(AddPcaLoadings(panel, rebuild_from, params));
    QTP_ASSIGN_OR_RETURN(Table normalized, store.Read(schema::Features(), "", first_year, first_year));
    normalized = SliceRows(normalized, 0, FirstRowOnOrAfter(normalized, rebuild_from));
    AppendRows(normalized, NormalizeCrossSection(panel, rebuild_from, params));
    summary.seconds_cross_section = since(t_cross);
    const auto t_write = Clock::now();
    summary.from = rebuild_from;
    summary.to = panel.Column<int32_t>("date").back();
    // The history before January 1 of first_year stays as stored.
    DropLeadingRows(panel, FirstRowOnOrAfter(panel, DaysFromCivil(first_year, 1, 1)));
    QTP_ASSIGN_OR_RETURN(summary.raw, store.Replace(schema::FeaturesRaw(), "", std::move(panel), first_year));
    QTP_ASSIGN_OR_RETURN(summary.normalized,
                         store.Replace(schema::Features(), "", std::move(normalized), first_year));
    summary.seconds_write = since(t_write);
  }
  for (Job& job : jobs) {
    if (job.records_state) {
      state[job.ticker] = {params_hash, std::move(job.new_state)};
    } else {
      state.erase(job.ticker);  // partly computed: the next full run recomputes it
    }
  }
  summary.tickers_computed = jobs.size();
  QTP_RETURN_IF_ERROR(store.Replace(schema::FeatureInputs(), "", StateTable(state)).status());
  QTP_RETURN_IF_ERROR(store.Commit());
  return summary;
}

}  // namespace qtp::features
