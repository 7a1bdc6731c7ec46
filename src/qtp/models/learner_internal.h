// Checks shared by the learner implementations; private to src/qtp/models.
#pragma once

#include <cmath>
#include <span>
#include <string>

#include "qtp/core/status.h"
#include "qtp/models/design.h"

namespace qtp::models::internal {

// OK when x holds rows() x cols values and group_sizes sums to rows(). `what` names the view in
// the message ("training rows").
Status CheckDesign(const DesignView& rows, const std::string& what);

// OK when `rows` is empty or has `cols` features (a model fitted on `cols` features scores it).
Status CheckCols(const DesignView& rows, size_t cols, const std::string& what);

// The linear models' feature value: non-finite (NaN = missing) counts as 0, the cross-sectional
// center of a normalized predictor.
inline double FiniteOrZero(float v) { return std::isfinite(v) ? static_cast<double>(v) : 0.0; }

// scores[r] = intercept + sum_j coefficients[j] * FiniteOrZero(x[r, j]), in double. `rows` has
// coefficients.size() columns and `scores` one slot per row (the caller checks both).
void LinearScores(double intercept, std::span<const double> coefficients, const DesignView& rows,
                  std::span<double> scores);

}  // namespace qtp::models::internal
