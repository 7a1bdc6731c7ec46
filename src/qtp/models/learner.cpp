#include "qtp/models/learner.h"

#include <array>
#include <numeric>

#include <fmt/format.h>

#include "qtp/models/boosted.h"
#include "qtp/models/learner_internal.h"
#include "qtp/models/logistic.h"
#include "qtp/models/ridge.h"

namespace qtp::models {
namespace {

constexpr std::array<Family, 4> kFamilies = {Family::kRidge, Family::kLogistic, Family::kXgb, Family::kLambdaMart};

}  // namespace

const char* FamilyName(Family family) {
  switch (family) {
    case Family::kRidge:
      return "ridge";
    case Family::kLogistic:
      return "logistic";
    case Family::kXgb:
      return "xgb";
    case Family::kLambdaMart:
      return "lambdamart";
  }
  return "unknown";
}

Result<Family> ParseFamily(const std::string& name) {
  std::string valid;
  for (const Family family : kFamilies) {
    if (name == FamilyName(family)) return family;
    valid += valid.empty() ? "" : ", ";
    valid += FamilyName(family);
  }
  return Status::InvalidArgument(fmt::format("unknown model family '{}' (valid: {})", name, valid));
}

std::unique_ptr<Learner> MakeLearner(Family family, const LearnerSettings& settings) {
  switch (family) {
    case Family::kRidge:
      return std::make_unique<RidgeLearner>(settings.ridge);
    case Family::kLogistic:
      return std::make_unique<LogisticLearner>(settings.logistic);
    case Family::kXgb:
      return std::make_unique<BoostedLearner>(family, settings.xgb, settings.seed, settings.threads);
    case Family::kLambdaMart:
      return std::make_unique<BoostedLearner>(family, settings.lambdamart, settings.seed, settings.threads);
  }
  return nullptr;
}

Result<std::unique_ptr<Learner>> LoadLearner(Family family, const std::string& artifact,
                                             const LearnerSettings& settings) {
  std::unique_ptr<Learner> learner;
  switch (family) {
    case Family::kRidge: {
      QTP_ASSIGN_OR_RETURN(learner, RidgeLearner::Load(artifact, settings.ridge));
      break;
    }
    case Family::kLogistic: {
      QTP_ASSIGN_OR_RETURN(learner, LogisticLearner::Load(artifact, settings.logistic));
      break;
    }
    case Family::kXgb: {
      QTP_ASSIGN_OR_RETURN(learner,
                           BoostedLearner::Load(family, artifact, settings.xgb, settings.seed, settings.threads));
      break;
    }
    case Family::kLambdaMart: {
      QTP_ASSIGN_OR_RETURN(
          learner, BoostedLearner::Load(family, artifact, settings.lambdamart, settings.seed, settings.threads));
      break;
    }
  }
  if (learner == nullptr) return Status::InvalidArgument("unknown model family");
  return learner;
}

namespace internal {

Status CheckDesign(const DesignView& rows, const std::string& what) {
  if (rows.x.size() != rows.rows() * rows.cols) {
    return Status::InvalidArgument(
        fmt::format("{}: {} feature values for {} rows x {} columns", what, rows.x.size(), rows.rows(), rows.cols));
  }
  const size_t grouped = std::accumulate(rows.group_sizes.begin(), rows.group_sizes.end(), size_t{0});
  if (grouped != rows.rows()) {
    return Status::InvalidArgument(
        fmt::format("{}: day sizes sum to {}, not to the {} rows", what, grouped, rows.rows()));
  }
  return Status::OK();
}

Status CheckCols(const DesignView& rows, size_t cols, const std::string& what) {
  if (!rows.empty() && rows.cols != cols) {
    return Status::InvalidArgument(fmt::format("{}: {} features, the model has {}", what, rows.cols, cols));
  }
  return Status::OK();
}

void LinearScores(double intercept, std::span<const double> coefficients, const DesignView& rows,
                  std::span<double> scores) {
  const size_t cols = coefficients.size();
  for (size_t r = 0; r < rows.rows(); ++r) {
    const float* x = rows.x.data() + r * cols;
    double s = intercept;
    for (size_t j = 0; j < cols; ++j) s += coefficients[j] * FiniteOrZero(x[j]);
    scores[r] = s;
  }
}

}  // namespace internal

}  // namespace qtp::models
