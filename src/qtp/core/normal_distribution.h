// The standard normal distribution: Φ and Φ⁻¹ (features' rank-to-normal transform, the validation
// stage's Sharpe ratio tests).
#pragma once

namespace qtp {

// Φ(x) = 0.5 erfc(−x/√2).
double NormalCdf(double x);

// Φ⁻¹(p) for p in (0, 1): Acklam's rational approximation refined by one Halley step on erfc,
// accurate to ~1e-15. NaN outside (0, 1).
double InverseNormalCdf(double p);

}  // namespace qtp
