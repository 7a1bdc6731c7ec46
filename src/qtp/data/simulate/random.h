// Deterministic random numbers for the simulator: xoshiro256** seeded through splitmix64, and our own
// normal (ziggurat), Student-t and gamma samplers. The standard library's distributions are
// implementation-defined (libstdc++ and libc++ give different streams for the same engine), so they
// would break "same arguments ⇒ same market"; these are fully specified here.
#pragma once

#include <cmath>
#include <cstdint>

namespace qtp::sim {

// splitmix64 step (Steele, Lea, Flood 2014): a bijective 64-bit mixer, used to seed and to derive
// independent stream keys.
constexpr uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// What a stream is used for. Each (seed, purpose, index) triple gets its own generator, so changing
// one part of the model (say the fault rates) leaves every other draw unchanged.
enum class Stream : uint64_t {
  kStatic = 1,        // per ticker: loadings, vol level, liquidity, prices, name
  kDaily = 2,         // per ticker: daily idiosyncratic shocks
  kActions = 3,       // per ticker: split and dividend decisions
  kSignal = 4,        // per ticker: the planted signal
  kIntraday = 5,      // per ticker: bar shocks, ranges, volumes
  kFaults = 6,        // per ticker: fault injection
  kFactors = 7,       // per factor (0 = market, 1..11 = sectors)
  kCrossSection = 8,  // per day: the rank-copula normal scores
};

// The 128-layer ziggurat of Marsaglia & Tsang (2000) for the standard normal: x[0] is the base
// strip's virtual width V/f(R), x[1] = R, x[128] = 0; f[i] = exp(-x[i]^2 / 2).
struct ZigguratTable {
  static constexpr int kLayers = 128;
  static constexpr double kR = 3.442619855899;
  static constexpr double kV = 9.91256303526217e-3;
  double x[kLayers + 1];
  double f[kLayers + 1];
};
// Built once (thread-safe static), immutable.
const ZigguratTable& NormalZiggurat();

class Rng {
 public:
  // Independent generator for (seed, purpose, index).
  Rng(uint64_t seed, Stream purpose, uint64_t index);

  // xoshiro256** 1.0 (Blackman & Vigna 2018).
  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }
  // Uniform on [0, 1) with 53 random bits.
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  // Uniform on (0, 1]: safe under log().
  double UniformPositive() { return static_cast<double>((Next() >> 11) + 1) * 0x1.0p-53; }
  // Standard normal.
  double Normal() {
    for (;;) {
      const uint64_t bits = Next();
      const int layer = static_cast<int>(bits & 0x7F);
      const double u = static_cast<double>(bits >> 11) * 0x1.0p-53;
      const double sign = (bits & 0x80) ? -1.0 : 1.0;
      const double x = u * zig_->x[layer];
      if (x < zig_->x[layer + 1]) return sign * x;
      if (layer == 0) return sign * NormalTail();
      const double y = zig_->f[layer] + Uniform() * (zig_->f[layer + 1] - zig_->f[layer]);
      if (y < std::exp(-0.5 * x * x)) return sign * x;
    }
  }
  // Gamma(shape, 1) for shape >= 1 (Marsaglia & Tsang 2000).
  double Gamma(double shape);
  // Student-t with `dof` > 2 degrees of freedom, scaled to unit variance.
  double StudentTUnit(double dof) {
    const double chi2 = 2.0 * Gamma(0.5 * dof);
    return Normal() * std::sqrt((dof - 2.0) / chi2);
  }

 private:
  static constexpr uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  // |x| beyond R (Marsaglia 1964).
  double NormalTail();

  uint64_t s_[4];
  const ZigguratTable* zig_;
};

}  // namespace qtp::sim
