#include "qtp/models/learner.h"

#include <algorithm>
#include <array>
#include <cmath>
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

Status LinearFit::Predict(const char* family, const DesignView& rows, std::span<double> scores) const {
  if (!fitted) return Status::InvalidArgument(fmt::format("{}: Predict before a fit", family));
  QTP_RETURN_IF_ERROR(CheckDesign(rows, fmt::format("{} rows to score", family)));
  QTP_RETURN_IF_ERROR(CheckCols(rows, coefficients.size(), fmt::format("{} rows to score", family)));
  if (scores.size() != rows.rows()) {
    return Status::InvalidArgument(fmt::format("{}: {} scores for {} rows", family, scores.size(), rows.rows()));
  }
  const size_t cols = coefficients.size();
  for (size_t r = 0; r < rows.rows(); ++r) {
    const float* x = rows.x.data() + r * cols;
    double s = intercept;
    for (size_t j = 0; j < cols; ++j) s += coefficients[j] * FiniteOrZero(x[j]);
    scores[r] = s;
  }
  return Status::OK();
}

std::vector<double> LinearFit::AbsoluteCoefficients() const {
  std::vector<double> out(coefficients.size());
  std::transform(coefficients.begin(), coefficients.end(), out.begin(), [](double c) { return std::abs(c); });
  return out;
}

Result<std::string> LinearFit::Serialize(const char* family,
                                         const std::vector<std::pair<std::string, double>>& scalars) const {
  if (!fitted) return Status::InvalidArgument(fmt::format("{}: Serialize before a fit", family));
  nlohmann::ordered_json out;
  out["family"] = family;
  for (const auto& [key, value] : scalars) out[key] = value;
  out["intercept"] = intercept;
  out["coefficients"] = coefficients;
  return out.dump();
}

Result<LinearFit> LinearFit::Parse(const char* family, const std::string& artifact,
                                   const std::vector<std::string>& keys, std::vector<double>& values) {
  const nlohmann::json doc = nlohmann::json::parse(artifact, nullptr, false);
  const auto bad = [&](const std::string& why) {
    return Status::InvalidArgument(fmt::format("{} artifact: {}", family, why));
  };
  if (doc.is_discarded() || !doc.is_object()) return bad("not a JSON object");
  if (doc.value("family", "") != family) return bad(fmt::format("family is not '{}'", family));
  std::vector<std::string> scalars = keys;
  scalars.push_back("intercept");
  for (const std::string& key : scalars) {
    if (!doc.contains(key) || !doc[key].is_number()) return bad(fmt::format("'{}' is not a number", key));
  }
  if (!doc.contains("coefficients") || !doc["coefficients"].is_array()) return bad("'coefficients' is not an array");
  LinearFit fit;
  for (const auto& c : doc["coefficients"]) {
    if (!c.is_number()) return bad("a coefficient is not a number");
    fit.coefficients.push_back(c.get<double>());
  }
  values.clear();
  for (const std::string& key : keys) values.push_back(doc[key].get<double>());
  fit.intercept = doc["intercept"].get<double>();
  fit.fitted = true;
  return fit;
}

}  // namespace internal

}  // namespace qtp::models
