// Cross-sectional scoring of one day's candidates (the tickers that passed the hard filters).
//
// For each column of a group, the candidates with a finite (transformed) value are ranked:
//   pct = (average rank - 1) / (m - 1)   in [0, 1], 1 = best; m = candidates with a value;
//   pct = 0.5 when m == 1 (nothing to compare with)
// ties share their average rank. A group's sub-score is the mean pct of the group's columns the
// candidate has a value for, NaN when it has none. A candidate is scored when every group with a
// positive weight has a sub-score; its composite is
//   score = sum_g w_g * s_g / sum_g w_g   over the groups with w_g > 0, in [0, 1].
// Scored candidates are ranked 1.. by score descending, ties broken by ticker ascending, so the
// order is a pure function of the day's rows.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "qtp/core/table.h"
#include "qtp/universe/select_params.h"

namespace qtp::universe {

// out[i] = the percentile rank above of x[i] among the finite values of x; NaN where x[i] is not
// finite. `order` is scratch. x and out have the same size.
void PercentileRanks(std::span<const double> x, std::span<double> out, std::vector<uint32_t>& order);

struct DayScores {
  std::array<std::vector<double>, kNumGroups> group;  // sub-scores, NaN when undefined
  std::vector<double> score;                          // NaN when not scored
  std::vector<int64_t> rank;                          // 1 = best; 0 when not scored
  size_t scored = 0;
};

class CrossSectionScorer {
 public:
  // `groups` from ParseScoreGroups: every column is a double column of schema::FeaturesRaw().
  explicit CrossSectionScorer(ScoreGroups groups);

  // Scores the rows `candidates` of `features` (a schema::FeaturesRaw() table); out.*[j] belongs
  // to candidates[j]. Reuses its buffers and out's across calls.
  void Score(const Table& features, std::span<const uint32_t> candidates, DayScores& out);

 private:
  struct Column {
    int index;  // in schema::FeaturesRaw()
    bool negate;
    bool absolute;
  };
  struct Group {
    double weight;
    std::vector<Column> columns;
  };
  std::array<Group, kNumGroups> groups_;
  double weight_sum_ = 0;
  std::vector<double> values_, pct_, sum_;
  std::vector<uint32_t> count_, order_;
  std::vector<uint8_t> scored_;
};

}  // namespace qtp::universe
