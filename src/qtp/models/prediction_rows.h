// Rows of the `predictions` dataset (data/store/model_columns.h) for one model on one day, shared
// by `qtp train` (walk-forward scores) and `qtp predict` (live scores) so both rank alike.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <vector>

#include "qtp/core/table.h"
#include "qtp/core/time.h"

namespace qtp::models {

// Appends the entries of `scores` that are finite as `predictions` rows of `date`: best first
// (stable among equal scores), ranked 1, 2, ... with ties sharing the best rank (SQL's rank()).
// ticker(i) names entry i. Returns the appended entries' indices in rank order.
std::vector<size_t> AppendRankedPredictions(DateDays date, const std::string& model_id, const std::string& split,
                                            std::span<const double> scores,
                                            const std::function<const std::string&(size_t)>& ticker, Table& rows);

}  // namespace qtp::models
