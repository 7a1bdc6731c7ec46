// How good one day's scores are: the cross-sectional metrics of a model's scores against the
// forward returns they predict. A day is one value per ticker on each side, the same ticker order
// everywhere, NaN for missing. Every metric is taken over the day's *pairs*: the tickers whose
// score and forward return are both finite (rank autocorrelation, over the tickers scored on both
// days). Aggregation over days is in summary.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "qtp/core/bars.h"
#include "qtp/eda/rank_corr.h"

namespace qtp::evaluation {

struct ScoreDayParams {
  int quantiles = 10;       // top_minus_bottom compares the top and bottom 1/quantiles of the pairs
  size_t min_tickers = 10;  // fewer pairs than this: every metric of the day is NaN
};

struct DayMetrics {
  size_t n = 0;  // pairs: tickers with a finite score and a finite forward return
  // Pearson correlation of score and forward return over the pairs. NaN: one side constant.
  double ic = kNaN;
  // Spearman correlation over the pairs: the Pearson correlation of their average ranks (ties share
  // the mean of the ranks they span; ranks taken within the pairs, see eda/rank_corr.h). NaN: one
  // side constant.
  double rank_ic = kNaN;
  // mean(forward | top bucket) - mean(forward | bottom bucket), in the forward return's unit. The
  // pairs are ordered by score and each bucket holds k = floor(n / quantiles) of them: the k highest
  // and the k lowest scores. When the scores tied at a bucket's edge do not all fit, each member of
  // that tie group counts with weight (slots left for the group) / (group size), so the value does
  // not depend on ticker order. NaN: n < 2 * quantiles.
  double top_minus_bottom = kNaN;
  // Share of the pairs with (score > median score) == (forward > median forward), the medians taken
  // over the pairs (mean of the two middle values when n is even); "above" is strict, so a value
  // equal to its median counts as not above. 0.5 is chance level for a score unrelated to returns.
  double hit_rate = kNaN;
  // Spearman correlation of today's score with the previous day's score over the tickers finite in
  // both (ranks within those tickers). A turnover proxy: 1 keeps the ranking, 0 reshuffles it.
  // NaN: no previous day given, fewer than 2 common tickers, or one side constant.
  double rank_autocorr = kNaN;
};

// Buffers reused across days (one per thread); ScoreDay allocates nothing once they have grown to
// the cross-section's size.
struct DayScratch {
  eda::RankedVector score;
  eda::RankedVector forward;
  eda::RankedVector previous;
  eda::RankScratch rank;
  std::vector<uint32_t> pairs;  // positions of the pairs, ordered by score
  std::vector<double> median;   // nth_element buffer
};

// The metrics above for one day. `score` and `forward` have one value per ticker in the same order;
// `previous_score` is the previous day's scores in that order too, or empty (first day).
// A size mismatch between the spans is a caller bug and yields a day with n = 0 and every metric
// NaN (no out-of-bounds read).
DayMetrics ScoreDay(std::span<const double> score, std::span<const double> forward,
                    std::span<const double> previous_score, const ScoreDayParams& params, DayScratch& scratch);

// Same, with a throwaway scratch (tests, one-off calls).
DayMetrics ScoreDay(std::span<const double> score, std::span<const double> forward,
                    std::span<const double> previous_score, const ScoreDayParams& params = {});

// Median of `values` (non-empty, no NaN; reordered in place); the mean of the two middle values for
// an even count.
double Median(std::vector<double>& values);

}  // namespace qtp::evaluation
