#include "qtp/data/simulate/random.h"

namespace qtp::sim {
namespace {

ZigguratTable BuildZiggurat() {
  ZigguratTable t{};
  constexpr int n = ZigguratTable::kLayers;
  const double r = ZigguratTable::kR;
  const double fr = std::exp(-0.5 * r * r);
  t.x[0] = ZigguratTable::kV / fr;
  t.x[1] = r;
  for (int i = 1; i < n - 1; ++i) {
    // Layer i is [0, x[i]] × [f(x[i]), f(x[i+1])] with area V.
    const double fx = std::exp(-0.5 * t.x[i] * t.x[i]);
    t.x[i + 1] = std::sqrt(-2.0 * std::log(fx + ZigguratTable::kV / t.x[i]));
  }
  t.x[n] = 0.0;
  for (int i = 0; i <= n; ++i) {
    t.f[i] = std::exp(-0.5 * t.x[i] * t.x[i]);
  }
  return t;
}

}  // namespace

const ZigguratTable& NormalZiggurat() {
  static const ZigguratTable table = BuildZiggurat();
  return table;
}

Rng::Rng(uint64_t seed, Stream purpose, uint64_t index) : zig_(&NormalZiggurat()) {
  uint64_t key = seed;
  key = SplitMix64(key) ^ (static_cast<uint64_t>(purpose) * 0xD1B54A32D192ED03ULL);
  key = SplitMix64(key) ^ (index * 0x8CB92BA72F3D8DD7ULL);
  for (uint64_t& word : s_) {
    word = SplitMix64(key);
  }
}

double Rng::NormalTail() {
  const double r = ZigguratTable::kR;
  for (;;) {
    const double a = -std::log(UniformPositive()) / r;
    const double b = -std::log(UniformPositive());
    if (2.0 * b > a * a) return r + a;
  }
}

double Rng::Gamma(double shape) {
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x;
    double v;
    do {
      x = Normal();
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = UniformPositive();
    if (std::log(u) < 0.5 * x * x + d - d * v + d * std::log(v)) return d * v;
  }
}

}  // namespace qtp::sim
