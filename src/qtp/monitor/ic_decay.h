// Signal decay: is the model's realized out-of-sample rank IC still at the level it was validated
// at? A single day's rank IC over ~50 names has a standard deviation of ~0.14, several times the
// validated mean, so a bare threshold on it would alarm every other week. Two significance-aware tests
// instead:
//   t statistic  (mean of the last `window_days` daily rank ICs − validated) / (sd / √n): how many
//                standard errors the recent mean falls short
//   CUSUM        Page's (1954) one-sided cumulative sum of the standardized daily shortfall
//                z_t = (validated − rank_ic_t) / sd_validated,  S_t = max(0, S_{t−1} + z_t − k),
//                alarm when S_t > h. k is half the shift to detect; h sets the in-control average run
//                length. k = 0.25, h = 8 on i.i.d. normal days (Siegmund's approximation, checked by
//                simulation in the tests): ≈ 740 days between false alarms, a drop of one sd detected
//                in ≈ 11 days, of a third of an sd in ≈ 54.
#pragma once

#include <span>
#include <string>

#include "qtp/core/bars.h"
#include "qtp/monitor/monitor_params.h"

namespace qtp::monitor {

struct DecayStatus {
  size_t n_days = 0;     // finite daily rank ICs in the window
  double rank_ic = kNaN;  // their mean
  double ic = kNaN;       // mean of the finite daily Pearson ICs of the window
  double t_stat = kNaN;
  double cusum = kNaN;   // S after the last day (over every day given, not only the window)
  std::string status = "n/a";  // ok, warn, alert, n/a (fewer than min_days in the window)
};

// One step of the CUSUM above: max(0, s + z − k) for a standardized shortfall z.
double CusumStep(double s, double z, double k);

// `rank_ic` and `ic`: the model's realized daily ICs since its first live day, oldest first (NaN: a
// day without one, skipped). `validated` and `validated_sd`: the mean and sd of its walk-forward
// out-of-sample daily rank IC.
DecayStatus EvaluateDecay(std::span<const double> rank_ic, std::span<const double> ic, double validated,
                          double validated_sd, const DecayParams& params);

}  // namespace qtp::monitor
