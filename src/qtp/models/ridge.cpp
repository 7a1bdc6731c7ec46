#include "qtp/models/ridge.h"

#include <algorithm>
#include <cmath>

#include <Eigen/Cholesky>
#include <fmt/format.h>

#include "qtp/evaluation/permutation.h"
#include "qtp/models/learner_internal.h"

namespace qtp::models {
namespace {

// [b0; b] solving (gram + penalty * D) beta = moment, D = diag(0, 1, ..., 1).
Result<Eigen::VectorXd> SolveRidge(const Eigen::MatrixXd& gram, const Eigen::VectorXd& moment, double penalty) {
  Eigen::MatrixXd a = gram;
  a.diagonal().tail(a.rows() - 1).array() += penalty;
  const Eigen::LLT<Eigen::MatrixXd> llt(a);
  if (llt.info() != Eigen::Success) {
    return Status::InvalidArgument(
        fmt::format("ridge: the penalized normal equations are not positive definite "
                    "(penalty {})",
                    penalty));
  }
  Eigen::VectorXd beta = llt.solve(moment);
  if (!beta.allFinite())
    return Status::InvalidArgument(fmt::format("ridge: non-finite solution (penalty {})", penalty));
  return beta;
}

Status CheckPenalties(const std::vector<double>& penalties) {
  if (penalties.empty()) return Status::InvalidArgument("ridge: no penalties to choose from");
  for (const double p : penalties) {
    if (!std::isfinite(p) || p <= 0) return Status::InvalidArgument(fmt::format("ridge: penalty {} is not > 0", p));
  }
  return Status::OK();
}

}  // namespace

LinearMoments::LinearMoments(size_t days, size_t cols)
    : days_(days),
      cols_(cols),
      gram_prefix_((days + 1) * Packed(), 0.0),
      moment_prefix_((days + 1) * (cols + 1), 0.0) {}

Result<LinearMoments> LinearMoments::Build(const DesignView& rows) {
  QTP_RETURN_IF_ERROR(internal::CheckDesign(rows, "ridge moments"));
  LinearMoments m(rows.group_sizes.size(), rows.cols);
  const size_t p = rows.cols + 1;
  const size_t packed = m.Packed();
  const uint32_t largest =
      rows.group_sizes.empty() ? 0 : *std::max_element(rows.group_sizes.begin(), rows.group_sizes.end());
  Eigen::MatrixXd z(largest, p);
  Eigen::VectorXd y(largest);
  Eigen::MatrixXd gram(p, p);
  size_t begin = 0;
  for (size_t d = 0; d < m.days_; ++d) {
    const size_t size = rows.group_sizes[d];
    Eigen::Index n = 0;
    for (size_t r = begin; r < begin + size; ++r) {
      if (!std::isfinite(rows.label[r])) continue;
      z(n, 0) = 1.0;
      const float* x = rows.x.data() + r * rows.cols;
      for (size_t j = 0; j < rows.cols; ++j) z(n, static_cast<Eigen::Index>(j + 1)) = internal::FiniteOrZero(x[j]);
      y(n) = rows.label[r];
      ++n;
    }
    begin += size;
    gram.setZero();
    Eigen::VectorXd moment = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(p));
    // A day without labelled rows adds nothing (and Eigen's product kernels divide by the row count).
    if (n > 0) {
      gram.selfadjointView<Eigen::Lower>().rankUpdate(z.topRows(n).transpose());
      moment = z.topRows(n).transpose() * y.head(n);
    }
    const double* prev_gram = m.gram_prefix_.data() + d * packed;
    double* next_gram = m.gram_prefix_.data() + (d + 1) * packed;
    size_t k = 0;
    for (size_t j = 0; j < p; ++j) {
      for (size_t i = j; i < p; ++i, ++k) {
        next_gram[k] = prev_gram[k] + gram(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
      }
    }
    const double* prev_moment = m.moment_prefix_.data() + d * p;
    double* next_moment = m.moment_prefix_.data() + (d + 1) * p;
    for (size_t i = 0; i < p; ++i) next_moment[i] = prev_moment[i] + moment(static_cast<Eigen::Index>(i));
  }
  return m;
}

void LinearMoments::RangeSums(size_t first_day, size_t end_day, Eigen::MatrixXd& gram, Eigen::VectorXd& moment) const {
  const auto p = static_cast<Eigen::Index>(cols_ + 1);
  gram.resize(p, p);
  moment.resize(p);
  const double* lo = gram_prefix_.data() + first_day * Packed();
  const double* hi = gram_prefix_.data() + end_day * Packed();
  size_t k = 0;
  for (Eigen::Index j = 0; j < p; ++j) {
    for (Eigen::Index i = j; i < p; ++i, ++k) {
      gram(i, j) = hi[k] - lo[k];
      gram(j, i) = gram(i, j);
    }
  }
  const double* mlo = moment_prefix_.data() + first_day * (cols_ + 1);
  const double* mhi = moment_prefix_.data() + end_day * (cols_ + 1);
  for (Eigen::Index i = 0; i < p; ++i) moment(i) = mhi[i] - mlo[i];
}

Status RidgeLearner::Fit(const DesignView& train, const DesignView& validation) {
  QTP_ASSIGN_OR_RETURN(const LinearMoments moments, LinearMoments::Build(train));
  return FitFromMoments(moments, 0, moments.days(), validation);
}

Status RidgeLearner::FitFromMoments(const LinearMoments& moments, size_t train_first_day, size_t train_end_day,
                                    const DesignView& validation) {
  fit_.fitted = false;
  QTP_RETURN_IF_ERROR(CheckPenalties(settings_.penalties));
  if (train_first_day > train_end_day || train_end_day > moments.days()) {
    return Status::InvalidArgument(fmt::format("ridge: training days [{}, {}) outside the {} days of the moments",
                                               train_first_day, train_end_day, moments.days()));
  }
  QTP_RETURN_IF_ERROR(internal::CheckDesign(validation, "ridge validation rows"));
  QTP_RETURN_IF_ERROR(internal::CheckCols(validation, moments.cols(), "ridge validation rows"));
  Eigen::MatrixXd gram;
  Eigen::VectorXd moment;
  moments.RangeSums(train_first_day, train_end_day, gram, moment);
  if (gram(0, 0) < 1) return Status::InvalidArgument("ridge: no training rows with a finite label");

  std::vector<double> penalties = settings_.penalties;
  std::sort(penalties.begin(), penalties.end());
  penalties.erase(std::unique(penalties.begin(), penalties.end()), penalties.end());
  std::vector<double> ics;
  size_t best = penalties.size() / 2;
  if (!validation.empty() && penalties.size() > 1) {
    std::vector<double> scores(validation.rows());
    double best_ic = std::nan("");
    for (size_t k = 0; k < penalties.size(); ++k) {
      QTP_ASSIGN_OR_RETURN(const Eigen::VectorXd beta, SolveRidge(gram, moment, penalties[k]));
      const internal::LinearFit candidate{true, beta(0),
                                          std::vector<double>(beta.data() + 1, beta.data() + beta.size())};
      QTP_RETURN_IF_ERROR(candidate.Predict("ridge", validation, scores));
      const double ic = evaluation::MeanDailyRankIc(scores, validation.label, validation.group_sizes, 3);
      ics.push_back(ic);
      if (std::isfinite(ic) && (!std::isfinite(best_ic) || ic >= best_ic)) {
        best_ic = ic;
        best = k;
      }
    }
  }
  QTP_ASSIGN_OR_RETURN(const Eigen::VectorXd beta, SolveRidge(gram, moment, penalties[best]));
  penalty_ = penalties[best];
  fit_.intercept = beta(0);
  fit_.coefficients.assign(beta.data() + 1, beta.data() + beta.size());
  penalties_ = std::move(penalties);
  validation_rank_ic_ = std::move(ics);
  fit_.fitted = true;
  return Status::OK();
}

Status RidgeLearner::Predict(const DesignView& rows, std::span<double> scores) const {
  return fit_.Predict("ridge", rows, scores);
}

std::vector<double> RidgeLearner::Importance() const { return fit_.AbsoluteCoefficients(); }

nlohmann::ordered_json RidgeLearner::Describe() const {
  nlohmann::ordered_json out;
  out["penalty"] = penalty_;
  out["features"] = fit_.coefficients.size();
  out["penalties"] = penalties_;
  out["validation_rank_ic"] = validation_rank_ic_;
  return out;
}

Result<std::string> RidgeLearner::Serialize() const {
  return fit_.Serialize(FamilyName(Family::kRidge), {{"penalty", penalty_}});
}

Result<std::unique_ptr<RidgeLearner>> RidgeLearner::Load(const std::string& artifact, RidgeSettings settings) {
  std::vector<double> values;
  QTP_ASSIGN_OR_RETURN(internal::LinearFit fit,
                       internal::LinearFit::Parse(FamilyName(Family::kRidge), artifact, {"penalty"}, values));
  auto learner = std::make_unique<RidgeLearner>(std::move(settings));
  learner->fit_ = std::move(fit);
  learner->penalty_ = values[0];
  learner->penalties_ = {learner->penalty_};
  return learner;
}

}  // namespace qtp::models
