#include "qtp/models/prediction_rows.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace qtp::models {

std::vector<size_t> AppendRankedPredictions(DateDays date, const std::string& model_id, const std::string& split,
                                            std::span<const double> scores,
                                            const std::function<const std::string&(size_t)>& ticker, Table& rows) {
  std::vector<size_t> order;
  for (size_t i = 0; i < scores.size(); ++i) {
    if (std::isfinite(scores[i])) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] > scores[b]; });
  int64_t rank = 0;
  for (size_t k = 0; k < order.size(); ++k) {
    if (k == 0 || scores[order[k]] != scores[order[k - 1]]) rank = static_cast<int64_t>(k) + 1;
    rows.Column<int32_t>("date").push_back(date);
    rows.Column<std::string>("ticker").push_back(ticker(order[k]));
    rows.Column<std::string>("model_id").push_back(model_id);
    rows.Column<double>("score").push_back(scores[order[k]]);
    rows.Column<int64_t>("rank").push_back(rank);
    rows.Column<std::string>("split").push_back(split);
  }
  return order;
}

}  // namespace qtp::models
