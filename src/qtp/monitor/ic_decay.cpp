#include "qtp/monitor/ic_decay.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace qtp::monitor {
namespace {

double WindowMean(const std::vector<double>& x) {
  if (x.empty()) return kNaN;
  double sum = 0;
  for (double v : x) sum += v;
  return sum / static_cast<double>(x.size());
}

double WindowSd(const std::vector<double>& x, double mean) {
  if (x.size() < 2) return kNaN;
  double ss = 0;
  for (double v : x) ss += (v - mean) * (v - mean);
  return std::sqrt(ss / static_cast<double>(x.size() - 1));
}

}  // namespace

double CusumStep(double s, double z, double k) { return std::max(0.0, s + z - k); }

DecayStatus EvaluateDecay(std::span<const double> rank_ic, std::span<const double> ic, double validated,
                          double validated_sd, const DecayParams& params) {
  DecayStatus out;
  std::vector<double> window, window_ic;  // the last window_days days with a rank IC, newest first
  for (size_t i = rank_ic.size(); i-- > 0 && window.size() < static_cast<size_t>(params.window_days);) {
    if (!std::isfinite(rank_ic[i])) continue;
    window.push_back(rank_ic[i]);
    if (i < ic.size() && std::isfinite(ic[i])) window_ic.push_back(ic[i]);
  }
  out.n_days = window.size();
  out.rank_ic = WindowMean(window);
  out.ic = WindowMean(window_ic);
  if (!std::isfinite(validated) || !(validated_sd > 0)) return out;
  double s = 0;
  for (double r : rank_ic) {
    if (std::isfinite(r)) s = CusumStep(s, (validated - r) / validated_sd, params.cusum_k);
  }
  out.cusum = s;
  if (out.n_days < static_cast<size_t>(params.min_days)) return out;
  const double sd = WindowSd(window, out.rank_ic);
  out.t_stat = sd > 0 ? (out.rank_ic - validated) / (sd / std::sqrt(static_cast<double>(out.n_days))) : kNaN;
  if (out.cusum > params.cusum_h || out.t_stat <= params.t_alert) {
    out.status = "alert";
  } else if (out.t_stat <= params.t_warn) {
    out.status = "warn";
  } else {
    out.status = "ok";
  }
  return out;
}

}  // namespace qtp::monitor
