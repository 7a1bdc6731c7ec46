#include "qtp/features/metrics/pca.h"

#include <gtest/gtest.h>

#include <Eigen/Dense>

#include <cmath>
#include <limits>
#include <random>

namespace qtp::features {
namespace {

double Correlation(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  const Eigen::VectorXd x = a.array() - a.mean();
  const Eigen::VectorXd y = b.array() - b.mean();
  return x.dot(y) / std::sqrt(x.squaredNorm() * y.squaredNorm());
}

Eigen::MatrixXd GaussianMatrix(Eigen::Index rows, Eigen::Index cols, std::mt19937_64& rng) {
  std::normal_distribution<double> z;
  Eigen::MatrixXd m(rows, cols);
  for (Eigen::Index j = 0; j < cols; ++j) {
    for (Eigen::Index i = 0; i < rows; ++i) {
      m(i, j) = z(rng);
    }
  }
  return m;
}

// One-factor market r_ti = β_i f_t + ε_ti with σ_f = 2%, σ_ε = 1% for every stock, β_i evenly spaced in
// [0.2, 2.0]; T = 1000 days, N = 60 stocks.
struct OneFactorMarket {
  static constexpr double kSigmaF = 0.02;
  static constexpr double kSigmaE = 0.01;
  Eigen::VectorXd beta;
  Eigen::VectorXd factor;
  Eigen::MatrixXd returns;

  explicit OneFactorMarket(unsigned seed) {
    constexpr Eigen::Index kT = 1000;
    constexpr Eigen::Index kN = 60;
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> z;
    beta = Eigen::VectorXd::LinSpaced(kN, 0.2, 2.0);
    factor.resize(kT);
    returns.resize(kT, kN);
    for (Eigen::Index t = 0; t < kT; ++t) {
      factor(t) = kSigmaF * z(rng);
      for (Eigen::Index i = 0; i < kN; ++i) {
        returns(t, i) = beta(i) * factor(t) + kSigmaE * z(rng);
      }
    }
  }
  // Population idiosyncratic share σ_ε² / (β² σ_f² + σ_ε²).
  double TrueIdio(Eigen::Index i) const {
    const double systematic = beta(i) * beta(i) * kSigmaF * kSigmaF;
    return kSigmaE * kSigmaE / (systematic + kSigmaE * kSigmaE);
  }
  // 1 − R² of stock i on the TRUE factor (with intercept) in this sample.
  double SampleIdioOnTrueFactor(Eigen::Index i) const {
    const Eigen::VectorXd f = factor.array() - factor.mean();
    const Eigen::VectorXd r = returns.col(i).array() - returns.col(i).mean();
    const double c = f.dot(r);
    return 1.0 - c * c / (f.squaredNorm() * r.squaredNorm());
  }
};

TEST(PcaLoadings, OneFactorMarketCovariance) {
  const OneFactorMarket market(101);
  const Result<PcaResult> res = PcaLoadings(market.returns, 1, PcaScaling::kDemean);
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  const Eigen::VectorXd v = res->loadings.col(0);

  // Covariance PCA: the first eigenvector of σ_f² ββᵀ + σ_ε² I is exactly β/|β|. Its sampling error per
  // stock is ≈ σ_ε / (σ_f sqrt(T)) = 1.6% of β against a β spread of SD 0.53, so the correlation is
  // ≈ 1 − 5e-4; 0.995 leaves a wide margin.
  EXPECT_GT(Correlation(v, market.beta), 0.995);
  EXPECT_TRUE((v.array() > 0.0).all());  // sign convention: a market factor loads positively
  EXPECT_NEAR(v.norm(), 1.0, 1e-12);

  // Population explained share: σ_f²|β|² / (σ_f²|β|² + N σ_ε²) = 0.856. Its sample value moves with the
  // sample factor variance (relative SD sqrt(2/T) = 4.5%), i.e. SD ≈ 0.006 on this share; allow 0.03.
  const double systematic = OneFactorMarket::kSigmaF * OneFactorMarket::kSigmaF * market.beta.squaredNorm();
  const double noise = static_cast<double>(market.beta.size()) * OneFactorMarket::kSigmaE * OneFactorMarket::kSigmaE;
  EXPECT_NEAR(res->explained(0), systematic / (systematic + noise), 0.03);

  for (Eigen::Index i = 0; i < market.beta.size(); ++i) {
    // Against the population share (0.06..0.86 here): sample R² has SD ≈ 2 R (1 − R²) / sqrt(T) ≤ 0.022
    // at T = 1000; 0.08 is > 3.5 SD for each of the 60 stocks (measured max deviation 0.06).
    EXPECT_NEAR(res->idio_share(i), market.TrueIdio(i), 0.08) << "stock " << i;
    // Against the same sample regressed on the true factor: only the PC's estimation error of the factor
    // remains (≈ N⁻¹ of the idiosyncratic variance leaks into the PC), so agreement is much tighter.
    EXPECT_NEAR(res->idio_share(i), market.SampleIdioOnTrueFactor(i), 0.02) << "stock " << i;
  }
}

TEST(PcaLoadings, OneFactorMarketCorrelation) {
  const OneFactorMarket market(202);
  const Result<PcaResult> res = PcaLoadings(market.returns, 1);  // kStandardize is the default
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  const Eigen::VectorXd v = res->loadings.col(0);

  // Correlation PCA: the population correlation matrix is ρρᵀ + diag(1 − ρ_i²) with ρ_i = β_i σ_f / σ_i,
  // whose first eigenvector is close to (not exactly) ∝ ρ. Compute it here with a dense eigensolver on the
  // population matrix (an independent route) and compare; sampling error as in the covariance test.
  const Eigen::Index n = market.beta.size();
  Eigen::VectorXd rho(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    rho(i) = std::sqrt(1.0 - market.TrueIdio(i));
  }
  Eigen::MatrixXd corr = rho * rho.transpose();
  corr.diagonal().setOnes();
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(corr);
  Eigen::VectorXd top = eig.eigenvectors().col(n - 1);
  if (top.sum() < 0.0) {
    top = -top;
  }
  EXPECT_GT(Correlation(v, top), 0.99);
  EXPECT_GT(Correlation(v, rho), 0.99);
  EXPECT_LT((v - top).cwiseAbs().maxCoeff(), 0.02);
  // Explained share = top eigenvalue / N (the trace of a correlation matrix); sampling ±0.01, allow 0.03.
  EXPECT_NEAR(res->explained(0), eig.eigenvalues()(n - 1) / static_cast<double>(n), 0.03);
  for (Eigen::Index i = 0; i < n; ++i) {
    EXPECT_NEAR(res->idio_share(i), market.TrueIdio(i), 0.08) << "stock " << i;  // as in the covariance test
  }
}

// Independent reference: SVD of the scaled, demeaned matrix (Eigen::JacobiSVD), loadings = V, explained =
// s² / Σ s², idio = 1 − R² from a least-squares regression of each column on the k left singular vectors
// plus an intercept.
void ExpectMatchesSvd(const Eigen::MatrixXd& returns, int k, PcaScaling scaling) {
  Eigen::MatrixXd x = returns.rowwise() - returns.colwise().mean();
  if (scaling == PcaScaling::kStandardize) {
    for (Eigen::Index i = 0; i < x.cols(); ++i) {
      x.col(i) /= std::sqrt(x.col(i).squaredNorm() / static_cast<double>(x.rows() - 1));
    }
  }
  const Eigen::JacobiSVD<Eigen::MatrixXd> svd(x, Eigen::ComputeThinU | Eigen::ComputeThinV);
  const Eigen::VectorXd s2 = svd.singularValues().array().square();

  const Result<PcaResult> res = PcaLoadings(returns, k, scaling);
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  ASSERT_EQ(res->loadings.rows(), returns.cols());
  ASSERT_EQ(res->loadings.cols(), k);
  for (int j = 0; j < k; ++j) {
    Eigen::VectorXd ref = svd.matrixV().col(j);
    if (ref.sum() < 0.0) {
      ref = -ref;
    }
    EXPECT_LT((res->loadings.col(j) - ref).cwiseAbs().maxCoeff(), 1e-8) << "component " << j;
    EXPECT_NEAR(res->explained(j), s2(j) / s2.sum(), 1e-10) << "component " << j;
    EXPECT_GT(res->loadings.col(j).sum(), 0.0);
  }
  Eigen::MatrixXd design(x.rows(), k + 1);
  design.col(0).setOnes();
  design.rightCols(k) = svd.matrixU().leftCols(k);
  for (Eigen::Index i = 0; i < returns.cols(); ++i) {
    const Eigen::VectorXd y = returns.col(i);
    const Eigen::VectorXd resid = y - design * design.colPivHouseholderQr().solve(y);
    const double idio = resid.squaredNorm() / (y.array() - y.mean()).matrix().squaredNorm();
    EXPECT_NEAR(res->idio_share(i), idio, 1e-9) << "stock " << i;
  }
}

TEST(PcaLoadings, MatchesSvdWhenDatesFewerThanStocks) {
  std::mt19937_64 rng(303);
  const Eigen::MatrixXd r = GaussianMatrix(25, 40, rng);
  ExpectMatchesSvd(r, 3, PcaScaling::kStandardize);
  ExpectMatchesSvd(r, 3, PcaScaling::kDemean);
}

TEST(PcaLoadings, MatchesSvdWhenDatesMoreThanStocks) {
  std::mt19937_64 rng(404);
  Eigen::MatrixXd r = GaussianMatrix(80, 12, rng);
  r.col(3) *= 5.0;  // unequal volatilities make the two scalings differ
  ExpectMatchesSvd(r, 4, PcaScaling::kStandardize);
  ExpectMatchesSvd(r, 4, PcaScaling::kDemean);
}

TEST(PcaLoadings, DeterministicAndSignFixed) {
  std::mt19937_64 rng(505);
  const Eigen::MatrixXd r = GaussianMatrix(30, 20, rng);
  const Result<PcaResult> a = PcaLoadings(r, 3);
  const Result<PcaResult> b = PcaLoadings(r, 3);
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(a->loadings, b->loadings);
  EXPECT_EQ(a->explained, b->explained);
  EXPECT_EQ(a->idio_share, b->idio_share);
  for (int j = 0; j < 3; ++j) {
    EXPECT_GT(a->loadings.col(j).sum(), 0.0);
  }
  // Negating every return leaves the covariance, and so the sign-fixed loadings, unchanged.
  const Result<PcaResult> neg = PcaLoadings(-r, 3);
  ASSERT_TRUE(neg.ok());
  EXPECT_LT((neg->loadings - a->loadings).cwiseAbs().maxCoeff(), 1e-12);
}

TEST(PcaLoadings, ConstantColumnHasNoIdioShare) {
  std::mt19937_64 rng(606);
  Eigen::MatrixXd r = GaussianMatrix(40, 10, rng);
  r.col(4).setConstant(0.1);  // e.g. a halted stock
  const Result<PcaResult> res = PcaLoadings(r, 2);
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_TRUE(std::isnan(res->idio_share(4)));
  EXPECT_EQ(res->loadings(4, 0), 0.0);
  EXPECT_EQ(res->loadings(4, 1), 0.0);
  // The other nine columns are analysed as if the constant one were absent.
  Eigen::MatrixXd rest(40, 9);
  rest << r.leftCols(4), r.rightCols(5);
  const Result<PcaResult> ref = PcaLoadings(rest, 2);
  ASSERT_TRUE(ref.ok());
  EXPECT_LT((res->explained - ref->explained).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_NEAR(res->idio_share(0), ref->idio_share(0), 1e-12);
  EXPECT_NEAR(res->idio_share(9), ref->idio_share(8), 1e-12);
}

TEST(PcaLoadings, InvalidInputs) {
  std::mt19937_64 rng(707);
  const Eigen::MatrixXd r = GaussianMatrix(10, 6, rng);
  EXPECT_TRUE(PcaLoadings(r, 6).ok());   // k = N
  EXPECT_FALSE(PcaLoadings(r, 7).ok());  // k > N
  EXPECT_FALSE(PcaLoadings(r, 0).ok());
  const Eigen::MatrixXd wide = GaussianMatrix(5, 8, rng);
  EXPECT_TRUE(PcaLoadings(wide, 4).ok());   // k = T − 1
  EXPECT_FALSE(PcaLoadings(wide, 5).ok());  // demeaned rank ≤ T − 1
  EXPECT_FALSE(PcaLoadings(GaussianMatrix(1, 4, rng), 1).ok());

  Eigen::MatrixXd with_nan = r;
  with_nan(3, 2) = std::numeric_limits<double>::quiet_NaN();
  const Result<PcaResult> nan_res = PcaLoadings(with_nan, 1);
  ASSERT_FALSE(nan_res.ok());
  EXPECT_EQ(nan_res.status().code(), StatusCode::kInvalidArgument);

  // Every column the same series: rank 1, so a second component does not exist.
  Eigen::MatrixXd rank_one(20, 5);
  rank_one.colwise() = GaussianMatrix(20, 1, rng).col(0);
  EXPECT_TRUE(PcaLoadings(rank_one, 1).ok());
  EXPECT_FALSE(PcaLoadings(rank_one, 2).ok());
}

}  // namespace
}  // namespace qtp::features
