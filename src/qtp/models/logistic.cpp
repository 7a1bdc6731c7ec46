#include "qtp/models/logistic.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <fmt/format.h>

#include "qtp/models/learner_internal.h"

namespace qtp::models {
namespace {

constexpr Eigen::Index kBlockRows = 1024;

// log(1 + exp(eta)) without overflow.
double Softplus(double eta) { return eta > 0 ? eta + std::log1p(std::exp(-eta)) : std::log1p(std::exp(eta)); }

double Sigmoid(double eta) {
  if (eta >= 0) return 1.0 / (1.0 + std::exp(-eta));
  const double e = std::exp(eta);
  return e / (1.0 + e);
}

// The objective's data, its derivatives at one point, and the passes that compute them. Rows
// with a NaN label are skipped everywhere.
class Problem {
 public:
  Problem(const DesignView& rows, double l2) : rows_(rows), l2_(l2), p_(static_cast<Eigen::Index>(rows.cols + 1)) {}

  double Objective(const Eigen::VectorXd& beta) const {
    double sum = 0;
    for (size_t r = 0; r < rows_.rows(); ++r) {
      const double y = rows_.label[r];
      if (std::isnan(y)) continue;
      const double eta = Eta(r, beta);
      sum += Softplus(eta) - y * eta;
    }
    return sum + Penalty(beta);
  }

  // J, grad J and the Hessian Z'WZ + l2 * D (W = diag(p_i (1 - p_i))) at beta, a block of rows
  // at a time so the gradient and the weighted Gram update run as matrix products.
  double Derivatives(const Eigen::VectorXd& beta, Eigen::VectorXd& gradient, Eigen::MatrixXd& hessian) {
    gradient.setZero(p_);
    hessian.setZero(p_, p_);
    z_.resize(kBlockRows, p_);
    root_w_.resize(kBlockRows);
    residual_.resize(kBlockRows);
    double sum = 0;
    Eigen::Index n = 0;
    const auto flush = [&] {
      gradient.noalias() += z_.topRows(n).transpose() * residual_.head(n);
      weighted_ = z_.topRows(n).array().colwise() * root_w_.head(n).array();
      hessian.selfadjointView<Eigen::Lower>().rankUpdate(weighted_.transpose());
      n = 0;
    };
    for (size_t r = 0; r < rows_.rows(); ++r) {
      const double y = rows_.label[r];
      if (std::isnan(y)) continue;
      const double eta = Eta(r, beta);
      const double prob = Sigmoid(eta);
      sum += Softplus(eta) - y * eta;
      residual_(n) = prob - y;
      root_w_(n) = std::sqrt(prob * (1 - prob));
      z_(n, 0) = 1.0;
      const float* x = rows_.x.data() + r * rows_.cols;
      for (size_t j = 0; j < rows_.cols; ++j) z_(n, static_cast<Eigen::Index>(j + 1)) = internal::FiniteOrZero(x[j]);
      if (++n == kBlockRows) flush();
    }
    if (n > 0) flush();
    hessian.triangularView<Eigen::StrictlyUpper>() = hessian.transpose();
    hessian.diagonal().tail(p_ - 1).array() += l2_;
    gradient.tail(p_ - 1) += l2_ * beta.tail(p_ - 1);
    return sum + Penalty(beta);
  }

 private:
  double Eta(size_t r, const Eigen::VectorXd& beta) const {
    const float* x = rows_.x.data() + r * rows_.cols;
    double eta = beta(0);
    for (size_t j = 0; j < rows_.cols; ++j)
      eta += beta(static_cast<Eigen::Index>(j + 1)) * internal::FiniteOrZero(x[j]);
    return eta;
  }
  double Penalty(const Eigen::VectorXd& beta) const { return 0.5 * l2_ * beta.tail(p_ - 1).squaredNorm(); }

  const DesignView& rows_;
  double l2_;
  Eigen::Index p_;
  Eigen::MatrixXd z_;         // a block of rows z = (1, x)
  Eigen::MatrixXd weighted_;  // the block scaled by sqrt(w)
  Eigen::VectorXd root_w_;
  Eigen::VectorXd residual_;  // p - y
};

Status CheckLabels(const DesignView& rows, size_t& labeled, size_t& positive) {
  labeled = 0;
  positive = 0;
  for (size_t r = 0; r < rows.rows(); ++r) {
    const double y = rows.label[r];
    if (std::isnan(y)) continue;
    if (y != 0 && y != 1) {
      return Status::InvalidArgument(fmt::format("logistic: label {} at row {} is not 0, 1 or NaN", y, r));
    }
    ++labeled;
    positive += y == 1 ? 1 : 0;
  }
  if (positive == 0 || positive == labeled) {
    return Status::InvalidArgument(
        fmt::format("logistic: the {} labeled training rows need both classes ({} are 1)", labeled, positive));
  }
  return Status::OK();
}

Status CheckSettings(const LogisticSettings& s) {
  if (!std::isfinite(s.l2) || s.l2 < 0)
    return Status::InvalidArgument(fmt::format("logistic: l2 {} is not >= 0", s.l2));
  if (s.max_iterations < 1) return Status::InvalidArgument("logistic: max_iterations must be >= 1");
  if (!(s.tolerance > 0)) return Status::InvalidArgument("logistic: tolerance must be > 0");
  return Status::OK();
}

}  // namespace

Status LogisticLearner::Fit(const DesignView& train, const DesignView& validation) {
  fit_.fitted = false;
  QTP_RETURN_IF_ERROR(CheckSettings(settings_));
  QTP_RETURN_IF_ERROR(internal::CheckDesign(train, "logistic training rows"));
  QTP_RETURN_IF_ERROR(internal::CheckDesign(validation, "logistic validation rows"));
  QTP_RETURN_IF_ERROR(internal::CheckCols(validation, train.cols, "logistic validation rows"));
  size_t labeled = 0;
  size_t positive = 0;
  QTP_RETURN_IF_ERROR(CheckLabels(train, labeled, positive));

  Problem problem(train, settings_.l2);
  const auto p = static_cast<Eigen::Index>(train.cols + 1);
  const double n = static_cast<double>(labeled);
  Eigen::VectorXd beta = Eigen::VectorXd::Zero(p);
  beta(0) = std::log(static_cast<double>(positive) / static_cast<double>(labeled - positive));
  Eigen::VectorXd gradient;
  Eigen::MatrixXd hessian;
  for (int iteration = 0;; ++iteration) {
    const double objective = problem.Derivatives(beta, gradient, hessian);
    const double max_gradient = gradient.cwiseAbs().maxCoeff() / n;
    if (max_gradient <= settings_.tolerance) {
      fit_.intercept = beta(0);
      fit_.coefficients.assign(beta.data() + 1, beta.data() + p);
      rows_ = labeled;
      iterations_ = iteration;
      max_abs_gradient_ = max_gradient;
      fit_.fitted = true;
      return Status::OK();
    }
    if (iteration == settings_.max_iterations) {
      return Status::InvalidArgument(
          fmt::format("logistic: not converged after {} Newton steps (max |gradient| / n = "
                      "{:.3g} > tolerance {:.3g})",
                      iteration, max_gradient, settings_.tolerance));
    }
    const Eigen::LDLT<Eigen::MatrixXd> ldlt(hessian);
    const Eigen::VectorXd step = ldlt.solve(-gradient);
    if (ldlt.info() != Eigen::Success || !step.allFinite()) {
      return Status::InvalidArgument("logistic: singular Hessian (collinear features with l2 = 0?)");
    }
    // Armijo backtracking. The slack absorbs the rounding of the objective's sum, which would
    // otherwise reject the tiny final steps whose true decrease is below it.
    const double slope = gradient.dot(step);
    const double slack = 64 * std::numeric_limits<double>::epsilon() * (std::abs(objective) + n);
    double t = 1;
    for (int halvings = 0;; ++halvings) {
      if (problem.Objective(beta + t * step) <= objective + 1e-4 * t * slope + slack) break;
      if (halvings == 60) return Status::InvalidArgument("logistic: the line search found no decrease");
      t /= 2;
    }
    beta += t * step;
  }
}

Status LogisticLearner::Predict(const DesignView& rows, std::span<double> scores) const {
  return fit_.Predict("logistic", rows, scores);
}

std::vector<double> LogisticLearner::Importance() const { return fit_.AbsoluteCoefficients(); }

nlohmann::ordered_json LogisticLearner::Describe() const {
  nlohmann::ordered_json out;
  out["l2"] = settings_.l2;
  out["features"] = fit_.coefficients.size();
  out["rows"] = rows_;
  out["iterations"] = iterations_;
  out["max_abs_gradient"] = max_abs_gradient_;
  return out;
}

Result<std::string> LogisticLearner::Serialize() const {
  return fit_.Serialize(FamilyName(Family::kLogistic), {{"l2", settings_.l2}});
}

Result<std::unique_ptr<LogisticLearner>> LogisticLearner::Load(const std::string& artifact, LogisticSettings settings) {
  std::vector<double> values;
  QTP_ASSIGN_OR_RETURN(internal::LinearFit fit,
                       internal::LinearFit::Parse(FamilyName(Family::kLogistic), artifact, {"l2"}, values));
  settings.l2 = values[0];
  auto learner = std::make_unique<LogisticLearner>(settings);
  learner->fit_ = std::move(fit);
  return learner;
}

}  // namespace qtp::models
