// Cross-sectional principal components of daily returns (issue #3, trendiness block): each stock's
// loadings on the first k components over a window, and the share of its variance those components
// leave unexplained. Pure library: the caller assembles the window (and handles missing data).
#pragma once

#include <Eigen/Core>

#include "qtp/core/status.h"

namespace qtp::features {

// How columns are scaled before the decomposition.
//   kStandardize (default): demean and divide by the sample SD, i.e. PCA of the correlation matrix, as in
//     Avellaneda & Lee (2010), "Statistical arbitrage in the US equities market", Quant. Finance 10(7).
//     Why the default: in a 500-stock cross-section a few very volatile names would otherwise dominate the
//     leading covariance components, so "component 1" would describe those names rather than the market.
//   kDemean: demean only, i.e. PCA of the covariance matrix; loadings then scale with each stock's
//     volatility (in a one-factor market r_i = β_i f + ε_i with equal idiosyncratic variances, the first
//     loading is ∝ β_i; under kStandardize it is ∝ β_i / SD(r_i)).
enum class PcaScaling { kStandardize, kDemean };

struct PcaResult {
  // N × k. Column j is the unit-length eigenvector of component j (descending eigenvalue order) of
  // the correlation (kStandardize) or covariance (kDemean) matrix of the columns. Sign convention, for
  // deterministic output: each column's loadings sum to > 0 (so a market component loads positively);
  // if the sum is ≈ 0 (|Σ v| ≤ 1e-9 · Σ |v|) the entry largest in absolute value (lowest index on ties)
  // is made positive instead.
  Eigen::MatrixXd loadings;
  // k. Eigenvalue j / sum of all eigenvalues (the share of total scaled variance; under kStandardize the
  // total is the number of non-constant columns).
  Eigen::VectorXd explained;
  // N. 1 − R² of stock i's returns regressed (with intercept) on the k component scores; the scores are
  // orthogonal, so R²_i = Σ_j s_j² v_ij² / ||x_i||² with s_j the j-th singular value of the scaled,
  // demeaned matrix X and x_i its column i. Scale-invariant per stock. NaN for a constant column (its
  // loadings are 0). Clipped to [0, 1] against rounding.
  Eigen::VectorXd idio_share;
};

// PCA of a T × N matrix of daily returns (rows = dates, columns = stocks). Computed from the smaller
// Gram matrix (X Xᵀ when T ≤ N, else Xᵀ X) with Eigen's SelfAdjointEigenSolver: O(min(T,N)² · max(T,N)),
// deterministic. Columns with zero variance (≤ 1e-28 × their mean square: rounding noise) are treated as
// exactly constant.
// InvalidArgument if T < 2, N < 1, k < 1, k > min(T − 1, N) (demeaning leaves rank ≤ T − 1), any entry
// is NaN/±inf, or the data has fewer than k components with non-zero variance (eigenvalue ≤ 1e-12 × the
// largest).
Result<PcaResult> PcaLoadings(const Eigen::MatrixXd& returns, int k, PcaScaling scaling = PcaScaling::kStandardize);

}  // namespace qtp::features
