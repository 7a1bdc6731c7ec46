#include "qtp/evaluation/permutation.h"

#include <cmath>
#include <numeric>
#include <utility>

#include <fmt/format.h>

#include "qtp/core/bars.h"
#include "qtp/eda/rank_corr.h"

namespace qtp::evaluation {
namespace {

// splitmix64 (Steele, Lea and Flood 2014): a 64-bit state advanced by the golden-ratio increment,
// each output the state passed through a fixed bijective mixer.
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    state_ += 0x9E3779B97F4A7C15ULL;
    return Mix(state_);
  }
  static uint64_t Mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

 private:
  uint64_t state_;
};

uint64_t StreamSeed(uint64_t seed, size_t feature, int repeat) {
  uint64_t h = SplitMix64::Mix(seed + 0x9E3779B97F4A7C15ULL);
  h = SplitMix64::Mix(h ^ (static_cast<uint64_t>(feature) + 0x9E3779B97F4A7C15ULL));
  return SplitMix64::Mix(h ^ (static_cast<uint64_t>(repeat) + 0x9E3779B97F4A7C15ULL));
}

}  // namespace

double MeanDailyRankIc(std::span<const double> scores, std::span<const double> label,
                       std::span<const uint32_t> group_sizes, size_t min_pairs) {
  eda::RankedVector a, b;
  eda::RankScratch scratch;
  double sum = 0;
  size_t days = 0;
  size_t start = 0;
  for (uint32_t size : group_sizes) {
    a.Assign(scores.subspan(start, size));
    b.Assign(label.subspan(start, size));
    start += size;
    const eda::Correlation c = eda::Spearman(a, b, scratch);
    if (c.n >= min_pairs && std::isfinite(c.value)) {
      sum += c.value;
      ++days;
    }
  }
  return days > 0 ? sum / static_cast<double>(days) : kNaN;
}

Result<std::vector<double>> PermutationImportance(const PredictFn& predict, std::span<const float> x, size_t cols,
                                                  std::span<const uint32_t> group_sizes,
                                                  std::span<const double> label, const PermutationParams& params) {
  const size_t rows = label.size();
  if (cols == 0 || x.size() != rows * cols) {
    return Status::InvalidArgument(
        fmt::format("permutation importance: {} feature values for {} rows x {} columns", x.size(), rows, cols));
  }
  const uint64_t grouped = std::accumulate(group_sizes.begin(), group_sizes.end(), uint64_t{0});
  if (grouped != rows) {
    return Status::InvalidArgument(
        fmt::format("permutation importance: day sizes sum to {} rows, labels have {}", grouped, rows));
  }
  if (params.repeats < 1) {
    return Status::InvalidArgument(fmt::format("permutation importance: repeats = {}, need >= 1", params.repeats));
  }

  std::vector<double> scores(rows);
  QTP_RETURN_IF_ERROR(predict(x, cols, scores).WithContext("permutation importance, unshuffled rows"));
  const double baseline = MeanDailyRankIc(scores, label, group_sizes, params.min_pairs);

  std::vector<float> work(x.begin(), x.end());
  std::vector<double> importance(cols, 0.0);
  for (size_t j = 0; j < cols; ++j) {
    double drop_sum = 0;  // summing drops, not ICs, keeps an ignored feature's result exactly 0
    for (int r = 0; r < params.repeats; ++r) {
      SplitMix64 rng(StreamSeed(params.seed, j, r));
      size_t start = 0;
      for (uint32_t size : group_sizes) {
        for (size_t i = size; i > 1; --i) {
          const size_t k = static_cast<size_t>(rng.Next() % i);
          std::swap(work[(start + i - 1) * cols + j], work[(start + k) * cols + j]);
        }
        start += size;
      }
      QTP_RETURN_IF_ERROR(
          predict(work, cols, scores).WithContext(fmt::format("permutation importance, feature {}", j)));
      drop_sum += baseline - MeanDailyRankIc(scores, label, group_sizes, params.min_pairs);
      // The next shuffle starts from the original column, so each repeat is a fresh permutation of it.
      for (size_t row = 0; row < rows; ++row) work[row * cols + j] = x[row * cols + j];
    }
    importance[j] = drop_sum / static_cast<double>(params.repeats);
  }
  return importance;
}

}  // namespace qtp::evaluation
