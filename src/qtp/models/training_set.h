// The rows the models learn from and score, built once per `qtp train` from the feature panel
// (eda::LoadPanel: the normalized predictors of view `features`, close and ex_factor of
// `features_raw`):
//   - scoring rows: every ticker-day with a close and at least one finite predictor, days ascending,
//     tickers in panel order within a day. These get scores.
//   - labelled rows: the scoring rows with a forward return over the horizon, on days with at least
//     labels.min_tickers of them. These are trained on.
// Labels (all from the day's cross-section of forward returns, so the market's move that day drops
// out): u = (average rank - 1/2) / n in (0, 1);
//   rank label     u - 1/2 (demeaned and ranked; ridge, xgb)
//   binary label   1 when u >= 1 - q, 0 when u <= q, NaN between (logistic; q = classifier_quantile)
//   grade          min(levels - 1, floor(u * levels)) (lambdamart's integer relevance)
// The forward return of day t is close_{t+h} / (close_t x the ex_factors of days t+1..t+h) - 1
// (eda::ForwardReturns: prices as traded, put in one basis by the actions in between).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "qtp/core/time.h"
#include "qtp/eda/panel.h"
#include "qtp/models/design.h"
#include "qtp/models/model_params.h"

namespace qtp::models {

enum class LabelKind { kRank, kBinary, kGrade };

// Rows of one kind: x row-major, the panel day and ticker of each row, the rows of each panel day.
struct RowBlock {
  std::vector<float> x;
  std::vector<uint32_t> ticker;     // panel ticker index
  std::vector<size_t> day_begin;    // rows of panel day d: [day_begin[d], day_begin[d + 1])
  size_t rows() const { return ticker.size(); }
};

struct TrainingSet {
  std::vector<std::string> features;  // the predictors used, in column order
  std::vector<DateDays> dates;        // panel days
  std::vector<std::string> tickers;   // panel tickers
  int horizon = 1;

  RowBlock scoring;
  std::vector<double> scoring_forward;  // per scoring row: forward return (NaN: none yet)

  RowBlock labelled;
  std::vector<double> forward;          // per labelled row: the raw forward return
  std::vector<double> rank_label;
  std::vector<double> binary_label;
  std::vector<double> grade_label;
  std::vector<uint32_t> group_sizes;    // labelled rows per panel day (0 on days skipped)
  std::vector<size_t> scoring_row;      // per labelled row: the same ticker-day's scoring row

  size_t num_days() const { return dates.size(); }
  const std::vector<double>& Labels(LabelKind kind) const;
  // The labelled rows of days [first, end) with `kind` labels. Days without rows contribute no group.
  // Rebuilds `groups` (the view points into it).
  DesignView Labelled(size_t first, size_t end, LabelKind kind, std::vector<uint32_t>& groups) const;
  // The scoring rows of days [first, end), label = the forward return (NaN where none).
  DesignView Scoring(size_t first, size_t end, std::vector<uint32_t>& groups) const;
};

// Average ranks (1-based; ties share their mean rank) of `values`, all finite, into ranks[i];
// `order` is scratch.
void AverageRanks(std::span<const double> values, std::vector<size_t>& order, std::vector<double>& ranks);

// A ticker-day the models score: a finite close and at least one finite predictor of `features`.
bool IsScoringRow(const eda::Panel& panel, size_t day, size_t ticker, const std::vector<size_t>& features);

// Appends the ticker-day's `features` (as float) and its ticker index to `block` (not day_begin).
void AppendRow(const eda::Panel& panel, size_t day, size_t ticker, const std::vector<size_t>& features,
               RowBlock& block);

// The predictors of `panel` minus `exclude`, dropping those with no finite value on any of the
// first `num_days` days.
std::vector<size_t> UsableFeatures(const eda::Panel& panel, const std::vector<std::string>& exclude, size_t num_days);

// Uses the panel's first `num_days` days only (a training cut-off: nothing after them is read, not
// even as a label).
TrainingSet BuildTrainingSet(const eda::Panel& panel, const std::vector<size_t>& features, int horizon,
                             const LabelParams& labels, size_t num_days);

// The label kind each family trains on.
LabelKind LabelOf(Family family);

}  // namespace qtp::models
