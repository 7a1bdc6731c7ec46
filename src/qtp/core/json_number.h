// JSON has no NaN or infinity: a NaN (undefined) number is written as null and an infinity as the
// string "inf" or "-inf", as `qtp query --format json` writes them.
#pragma once

#include <cmath>

#include <nlohmann/json.hpp>

namespace qtp {

inline nlohmann::ordered_json JsonNumber(double v) {
  if (std::isnan(v)) return nullptr;
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  return v;
}

}  // namespace qtp
