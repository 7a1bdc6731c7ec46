#include "qtp/features/metrics/pca.h"

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>
#include <string>

#include "qtp/core/bars.h"

namespace qtp::features {

namespace {

// As in series_stats.cpp: a squared-deviation sum this small relative to the sum of squares is the
// rounding noise of a constant column.
constexpr double kZeroVarianceRel = 1e-28;
// Gram-matrix eigenvalues carry absolute errors of order 1e-16 × the largest; far below that margin a
// component has no variance.
constexpr double kRankTolerance = 1e-12;
constexpr double kZeroLoadingSumRel = 1e-9;

// Flips v so that it sums to > 0 (or, when the sum is ≈ 0, so that its largest-|.| entry is > 0).
void FixSign(Eigen::Ref<Eigen::VectorXd> v) {
  const double sum = v.sum();
  if (std::abs(sum) > kZeroLoadingSumRel * v.cwiseAbs().sum()) {
    if (sum < 0.0) {
      v = -v;
    }
    return;
  }
  Eigen::Index largest = 0;
  v.cwiseAbs().maxCoeff(&largest);
  if (v(largest) < 0.0) {
    v = -v;
  }
}

}  // namespace

Result<PcaResult> PcaLoadings(const Eigen::MatrixXd& returns, int k, PcaScaling scaling) {
  const Eigen::Index t = returns.rows();
  const Eigen::Index n = returns.cols();
  if (t < 2 || n < 1) {
    return Status::InvalidArgument("PCA needs at least 2 dates and 1 stock, got " + std::to_string(t) + " x " +
                                   std::to_string(n));
  }
  if (k < 1 || k > std::min(t - 1, n)) {
    return Status::InvalidArgument("PCA k = " + std::to_string(k) + " outside [1, min(T - 1, N)] = [1, " +
                                   std::to_string(std::min(t - 1, n)) + "]");
  }
  if (!returns.allFinite()) {
    return Status::InvalidArgument("PCA input has NaN or infinite returns (the caller must handle missing data)");
  }

  Eigen::MatrixXd x = returns.rowwise() - returns.colwise().mean();
  Eigen::VectorXd col_ss(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double ss = x.col(i).squaredNorm();
    if (ss <= kZeroVarianceRel * returns.col(i).squaredNorm()) {
      x.col(i).setZero();
      col_ss(i) = 0.0;
    } else if (scaling == PcaScaling::kStandardize) {
      x.col(i) /= std::sqrt(ss / static_cast<double>(t - 1));
      col_ss(i) = static_cast<double>(t - 1);
    } else {
      col_ss(i) = ss;
    }
  }
  const double total = col_ss.sum();

  // X = U S Vᵀ. Eigen returns eigenvalues (s_j²) ascending, so component j is column m − 1 − j.
  PcaResult out;
  out.loadings.resize(n, k);
  Eigen::VectorXd s2(k);
  if (t <= n) {
    Eigen::MatrixXd gram = Eigen::MatrixXd::Zero(t, t);
    gram.selfadjointView<Eigen::Lower>().rankUpdate(x);  // X Xᵀ, lower triangle only (half the flops)
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(gram);
    for (int j = 0; j < k; ++j) {
      const Eigen::Index col = t - 1 - j;
      s2(j) = eig.eigenvalues()(col);
      // v_j = Xᵀ u_j / s_j; the division is deferred until the rank check has passed.
      out.loadings.col(j) = x.transpose() * eig.eigenvectors().col(col);
    }
  } else {
    Eigen::MatrixXd gram = Eigen::MatrixXd::Zero(n, n);
    gram.selfadjointView<Eigen::Lower>().rankUpdate(x.transpose());
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(gram);
    for (int j = 0; j < k; ++j) {
      const Eigen::Index col = n - 1 - j;
      s2(j) = eig.eigenvalues()(col);
      out.loadings.col(j) = eig.eigenvectors().col(col);
    }
  }
  if (!(s2(0) > 0.0) || s2(k - 1) <= kRankTolerance * s2(0)) {
    return Status::InvalidArgument("PCA: the returns have fewer than k = " + std::to_string(k) +
                                   " components with non-zero variance");
  }
  if (t <= n) {
    for (int j = 0; j < k; ++j) {
      out.loadings.col(j) /= std::sqrt(s2(j));
    }
  }
  for (Eigen::Index i = 0; i < n; ++i) {
    if (col_ss(i) == 0.0) {
      out.loadings.row(i).setZero();  // exact zeros, not the eigensolver's rounding noise
    }
  }
  for (int j = 0; j < k; ++j) {
    FixSign(out.loadings.col(j));
  }

  out.explained = s2 / total;
  out.idio_share.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double ss = x.col(i).squaredNorm();
    if (col_ss(i) == 0.0) {
      out.idio_share(i) = kNaN;
      continue;
    }
    const double explained_ss = (out.loadings.row(i).transpose().array().square() * s2.array()).sum();
    out.idio_share(i) = std::clamp(1.0 - explained_ss / ss, 0.0, 1.0);
  }
  return out;
}

}  // namespace qtp::features
