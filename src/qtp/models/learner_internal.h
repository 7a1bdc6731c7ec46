// Checks shared by the learner implementations; private to src/qtp/models.
#pragma once

#include <cmath>
#include <span>
#include <string>
#include <utility>
#include <vector>

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

// What ridge and logistic share once fitted: an intercept and one coefficient per feature.
struct LinearFit {
  bool fitted = false;
  double intercept = 0;
  std::vector<double> coefficients;

  // scores[r] = intercept + sum_j coefficients[j] * FiniteOrZero(x[r, j]), in double, after
  // checking the fit and the shapes; `family` names the model in the errors.
  Status Predict(const char* family, const DesignView& rows, std::span<double> scores) const;
  std::vector<double> AbsoluteCoefficients() const;
  // JSON {"family", each of `scalars`, "intercept", "coefficients"}; nlohmann writes each double in
  // the shortest form that parses back to the same bits.
  Result<std::string> Serialize(const char* family, const std::vector<std::pair<std::string, double>>& scalars) const;
  // Parses Serialize's JSON of `family`; the value of each scalar named in `keys`, in that order.
  static Result<LinearFit> Parse(const char* family, const std::string& artifact, const std::vector<std::string>& keys,
                                 std::vector<double>& values);
};

}  // namespace qtp::models::internal
