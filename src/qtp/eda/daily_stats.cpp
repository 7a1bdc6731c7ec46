#include "qtp/eda/daily_stats.h"

#include <algorithm>
#include <cmath>
#include <mutex>

#include "qtp/core/parallel.h"
#include "qtp/eda/rank_corr.h"

namespace qtp::eda {
namespace {

constexpr size_t kChunkDays = 128;  // days per job; each job re-ranks max(window) days before it

// The state of one chunk: ranked cross-sections of the last max(window) + 1 days (a ring), the
// forward returns of the current day and the correlation scratch.
class ChunkWorker {
 public:
  ChunkWorker(const Panel& panel, const DailyStatsOptions& options, DailyStats& out)
      : panel_(panel), options_(options), out_(out), ring_days_(static_cast<size_t>(options.windows.back()) + 1) {
    ring_.resize(ring_days_ * panel.num_features());
    forward_.resize(options.horizons.size());
    forward_ranked_.resize(options.horizons.size());
  }

  // Days [begin, end); the ring is warmed up on the days the windows reach back to.
  void Run(size_t begin, size_t end) {
    const size_t warm = begin >= ring_days_ - 1 ? begin - (ring_days_ - 1) : 0;
    for (size_t t = warm; t < begin; ++t) RankFeatures(t);
    for (size_t t = begin; t < end; ++t) {
      RankFeatures(t);
      for (size_t h = 0; h < options_.horizons.size(); ++h) {
        const size_t missing = ForwardReturns(panel_, t, options_.horizons[h], options_.next_open, forward_[h]);
        out_.missing_forward[h * out_.num_days + t] = static_cast<uint32_t>(missing);
        forward_ranked_[h].Assign(forward_[h]);
      }
      for (size_t f = 0; f < panel_.num_features(); ++f) {
        if (Ranked(t, f).count() < options_.min_tickers) continue;
        Ic(t, f);
        Autocorr(t, f);
        Correlations(t, f);
      }
    }
  }

 private:
  RankedVector& Ranked(size_t day, size_t f) { return ring_[(day % ring_days_) * panel_.num_features() + f]; }

  void RankFeatures(size_t t) {
    for (size_t f = 0; f < panel_.num_features(); ++f) Ranked(t, f).Assign(panel_.Feature(t, f));
  }

  void Ic(size_t t, size_t f) {
    for (size_t h = 0; h < options_.horizons.size(); ++h) {
      const Correlation rank = Spearman(Ranked(t, f), forward_ranked_[h], scratch_);
      if (rank.n < options_.min_tickers) continue;
      const size_t k = out_.IcIndex(f, h, t);
      out_.rank_ic[k] = rank.value;
      out_.ic[k] = Pearson(panel_.Feature(t, f), forward_[h]).value;
      out_.ic_n[k] = static_cast<uint32_t>(rank.n);
    }
  }

  void Autocorr(size_t t, size_t f) {
    for (size_t w = 0; w < options_.windows.size(); ++w) {
      const size_t lag = static_cast<size_t>(options_.windows[w]);
      if (t < lag) continue;
      const Correlation c = Spearman(Ranked(t, f), Ranked(t - lag, f), scratch_);
      if (c.n >= options_.min_tickers) out_.autocorr[out_.AutocorrIndex(f, w, t)] = c.value;
    }
  }

  void Correlations(size_t t, size_t a) {
    for (size_t b = a + 1; b < panel_.num_features(); ++b) {
      if (Ranked(t, b).count() < options_.min_tickers) continue;
      const Correlation c = Spearman(Ranked(t, a), Ranked(t, b), scratch_);
      if (c.n >= options_.min_tickers) out_.corr[out_.PairIndex(a, b) * out_.num_days + t] = c.value;
    }
  }

  const Panel& panel_;
  const DailyStatsOptions& options_;
  DailyStats& out_;
  size_t ring_days_;
  std::vector<RankedVector> ring_;
  std::vector<std::vector<double>> forward_;
  std::vector<RankedVector> forward_ranked_;
  RankScratch scratch_;
};

}  // namespace

size_t ForwardReturns(const Panel& panel, size_t day, int h, bool next_open, std::vector<double>& out) {
  const size_t n = panel.num_tickers();
  out.assign(n, kNaN);
  const size_t exit_day = day + static_cast<size_t>(h);
  if (exit_day >= panel.num_days()) return 0;
  const size_t entry_day = next_open ? day + 1 : day;
  const std::span<const double> now = panel.Close(day);
  const std::span<const double> entry = next_open ? panel.Open(entry_day) : now;
  const std::span<const double> exit = panel.Close(exit_day);
  size_t missing = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!std::isfinite(now[i])) continue;  // no row on day t: nothing to predict
    if (std::isfinite(entry[i]) && std::isfinite(exit[i]) && entry[i] > 0) {
      // Prices as traded: the entry goes to the exit day's basis through the actions in between
      // (each carried by the ticker's next row, so days without a row are skipped).
      double basis = 1.0;
      for (size_t d = entry_day + 1; d <= exit_day; ++d) {
        const double f = panel.ExFactor(d)[i];
        if (std::isfinite(f)) basis *= f;
      }
      out[i] = exit[i] / (entry[i] * basis) - 1.0;
    } else {
      ++missing;
    }
  }
  return missing;
}

size_t DailyStats::MissingForward(size_t h) const {
  size_t sum = 0;
  for (size_t t = 0; t < num_days; ++t) sum += missing_forward[h * num_days + t];
  return sum;
}

DailyStats EmptyDailyStats(size_t days, size_t features, const std::vector<int>& horizons,
                           const std::vector<int>& windows) {
  DailyStats out;
  out.num_days = days;
  out.num_features = features;
  out.horizons = horizons;
  out.windows = windows;
  const size_t ic_size = features * horizons.size() * days;
  out.ic.assign(ic_size, kNaN);
  out.rank_ic.assign(ic_size, kNaN);
  out.ic_n.assign(ic_size, 0);
  out.autocorr.assign(features * windows.size() * days, kNaN);
  out.corr.assign(out.num_pairs() * days, kNaN);
  out.missing_forward.assign(horizons.size() * days, 0);
  return out;
}

Result<DailyStats> ComputeDailyStats(const Panel& panel, const DailyStatsOptions& options,
                                     const DayProgressFn& progress) {
  if (options.horizons.empty() || options.windows.empty() ||
      !std::is_sorted(options.windows.begin(), options.windows.end())) {
    return Status::InvalidArgument("eda: horizons and ascending stability windows are required");
  }
  if (options.first_day > panel.num_days()) {
    return Status::InvalidArgument("eda: the first day to compute lies past the panel's last day");
  }
  DailyStats out = EmptyDailyStats(panel.num_days(), panel.num_features(), options.horizons, options.windows);
  const size_t first = options.first_day;
  const size_t total = out.num_days - first;
  const size_t chunks = (total + kChunkDays - 1) / kChunkDays;
  std::mutex progress_mutex;
  size_t days_done = 0;
  QTP_RETURN_IF_ERROR(ParallelFor(chunks, options.threads, [&](size_t c) -> Status {
    const size_t begin = first + c * kChunkDays;
    const size_t end = std::min(out.num_days, begin + kChunkDays);
    ChunkWorker worker(panel, options, out);
    worker.Run(begin, end);
    std::lock_guard<std::mutex> lock(progress_mutex);
    days_done += end - begin;
    return progress ? progress(days_done, total) : Status::OK();
  }));
  return out;
}

}  // namespace qtp::eda
