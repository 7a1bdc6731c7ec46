#include "qtp/models/training_set.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "qtp/eda/daily_stats.h"

namespace qtp::models {

namespace {

DesignView View(const RowBlock& block, size_t cols, size_t first, size_t end, std::span<const double> labels,
                std::vector<uint32_t>& groups) {
  groups.clear();
  for (size_t d = first; d < end; ++d) {
    const size_t rows = block.day_begin[d + 1] - block.day_begin[d];
    if (rows > 0) groups.push_back(static_cast<uint32_t>(rows));
  }
  const size_t begin = block.day_begin[first];
  const size_t stop = block.day_begin[end];
  DesignView view;
  view.x = std::span<const float>(block.x).subspan(begin * cols, (stop - begin) * cols);
  view.cols = cols;
  view.label = labels.subspan(begin, stop - begin);
  view.group_sizes = groups;
  return view;
}

}  // namespace

void AverageRanks(std::span<const double> values, std::vector<size_t>& order, std::vector<double>& ranks) {
  const size_t n = values.size();
  order.resize(n);
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return values[a] < values[b]; });
  ranks.assign(n, 0.0);
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j + 1 < n && values[order[j + 1]] == values[order[i]]) ++j;
    const double mean_rank = 0.5 * static_cast<double>(i + j) + 1.0;
    for (size_t k = i; k <= j; ++k) ranks[order[k]] = mean_rank;
    i = j + 1;
  }
}

bool IsScoringRow(const eda::Panel& panel, size_t day, size_t ticker, const std::vector<size_t>& features) {
  if (!std::isfinite(panel.Close(day)[ticker])) return false;
  return std::any_of(features.begin(), features.end(),
                     [&](size_t f) { return std::isfinite(panel.Feature(day, f)[ticker]); });
}

void AppendRow(const eda::Panel& panel, size_t day, size_t ticker, const std::vector<size_t>& features,
               RowBlock& block) {
  for (const size_t f : features) block.x.push_back(static_cast<float>(panel.Feature(day, f)[ticker]));
  block.ticker.push_back(static_cast<uint32_t>(ticker));
}

LabelKind LabelOf(Family family) {
  switch (family) {
    case Family::kLogistic:
      return LabelKind::kBinary;
    case Family::kLambdaMart:
      return LabelKind::kGrade;
    case Family::kRidge:
    case Family::kXgb:
      break;
  }
  return LabelKind::kRank;
}

const std::vector<double>& TrainingSet::Labels(LabelKind kind) const {
  switch (kind) {
    case LabelKind::kBinary:
      return binary_label;
    case LabelKind::kGrade:
      return grade_label;
    case LabelKind::kRank:
      break;
  }
  return rank_label;
}

DesignView TrainingSet::Labelled(size_t first, size_t end, LabelKind kind, std::vector<uint32_t>& groups) const {
  return View(labelled, features.size(), first, end, Labels(kind), groups);
}

DesignView TrainingSet::Scoring(size_t first, size_t end, std::vector<uint32_t>& groups) const {
  return View(scoring, features.size(), first, end, scoring_forward, groups);
}

std::vector<size_t> UsableFeatures(const eda::Panel& panel, const std::vector<std::string>& exclude,
                                   size_t num_days) {
  std::vector<size_t> out;
  for (size_t f = 0; f < panel.num_features(); ++f) {
    if (std::find(exclude.begin(), exclude.end(), panel.features()[f]) != exclude.end()) continue;
    bool any = false;
    for (size_t d = 0; d < std::min(num_days, panel.num_days()) && !any; ++d) {
      for (const double v : panel.Feature(d, f)) {
        if (std::isfinite(v)) {
          any = true;
          break;
        }
      }
    }
    if (any) out.push_back(f);
  }
  return out;
}

TrainingSet BuildTrainingSet(const eda::Panel& panel, const std::vector<size_t>& features, int horizon,
                             const LabelParams& labels, size_t num_days) {
  TrainingSet set;
  for (const size_t f : features) set.features.push_back(panel.features()[f]);
  const size_t days = std::min(num_days, panel.num_days());
  set.dates.assign(panel.dates().begin(), panel.dates().begin() + static_cast<std::ptrdiff_t>(days));
  set.tickers = panel.tickers();
  set.horizon = horizon;
  set.scoring.day_begin.assign(days + 1, 0);
  set.labelled.day_begin.assign(days + 1, 0);
  set.group_sizes.assign(days, 0);

  std::vector<double> forward;
  std::vector<size_t> labelled_tickers;
  std::vector<size_t> labelled_scoring_rows;
  std::vector<double> day_returns;
  std::vector<size_t> order;
  std::vector<double> ranks;
  const double q = labels.classifier_quantile;
  const int levels = labels.relevance_levels;
  for (size_t d = 0; d < days; ++d) {
    set.scoring.day_begin[d] = set.scoring.rows();
    set.labelled.day_begin[d] = set.labelled.rows();
    eda::ForwardReturns(panel, d, horizon, false, forward);
    if (d + static_cast<size_t>(horizon) >= days) std::fill(forward.begin(), forward.end(), std::nan(""));
    labelled_tickers.clear();
    labelled_scoring_rows.clear();
    day_returns.clear();
    for (size_t i = 0; i < panel.num_tickers(); ++i) {
      if (!IsScoringRow(panel, d, i, features)) continue;
      AppendRow(panel, d, i, features, set.scoring);
      set.scoring_forward.push_back(forward[i]);
      if (std::isfinite(forward[i])) {
        labelled_tickers.push_back(i);
        labelled_scoring_rows.push_back(set.scoring.rows() - 1);
        day_returns.push_back(forward[i]);
      }
    }
    if (labelled_tickers.size() < static_cast<size_t>(labels.min_tickers)) continue;
    AverageRanks(day_returns, order, ranks);
    const double n = static_cast<double>(day_returns.size());
    for (size_t k = 0; k < labelled_tickers.size(); ++k) {
      AppendRow(panel, d, labelled_tickers[k], features, set.labelled);
      const double u = (ranks[k] - 0.5) / n;
      set.forward.push_back(day_returns[k]);
      set.scoring_row.push_back(labelled_scoring_rows[k]);
      set.rank_label.push_back(u - 0.5);
      set.binary_label.push_back(u >= 1.0 - q ? 1.0 : u <= q ? 0.0 : std::nan(""));
      set.grade_label.push_back(std::min<double>(levels - 1, std::floor(u * levels)));
    }
    set.group_sizes[d] = static_cast<uint32_t>(labelled_tickers.size());
  }
  set.scoring.day_begin[days] = set.scoring.rows();
  set.labelled.day_begin[days] = set.labelled.rows();
  return set;
}

}  // namespace qtp::models
