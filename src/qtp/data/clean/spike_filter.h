// Rule: isolated price spikes that revert at the next bar (bad prints) are repaired or dropped.
//
// For each bar i that has at least one earlier bar in its session:
//   ref    = median of the closes of the previous min(spike_ref_bars, available) bars of the same
//            session (after earlier repairs; dropped bars excluded)
//   sigma  = median over the previous spike_sigma_sessions sessions of each session's robust sigma
//            of 5-minute log returns, 1.4826 × MAD(log(close_j / close_{j-1})) (sessions with fewer
//            than 10 returns are skipped; no history → sigma = 0)
//   thr    = max(spike_k × sigma, spike_min_move)                         (natural-log units)
//   dev    = max(log(high_i / ref), log(ref / low_i))                      (open/close lie in [low, high])
// Bar i is a spike when dev > thr AND it is isolated (the previous close lies within
// [ref·e^-thr, ref·e^thr]) AND the next bar of the same session reverts:
//   |log(close_{i+1} / ref)| <= spike_revert_fraction × dev.
// Why: a bad print is one bar far from its neighbours on both sides; a real move (news, a split the
// feed did not adjust, an overnight gap) persists, so the next bar does not come back and the bar is
// left alone. The MAD sigma is robust to the spikes it looks for; the floor spike_min_move keeps
// quiet or illiquid names (MAD ≈ 0 when most returns are zero) from flagging one-tick moves. sigma is
// trailing (previous sessions only) so the threshold uses no future data.
//
// Look-ahead: exactly one bar (the confirming bar i+1). Cleaning runs on stored history, so this is
// acceptable here; features never see it because they are computed from the cleaned history with
// their own point-in-time windows. Bars the rule cannot judge:
//   - the first bar of a session is not tested: with only the previous session as reference an
//     opening print cannot be told from an overnight gap;
//   - the last bar of a session (and so of the series) has no confirming bar in its session. When it
//     deviates by more than thr it is KEPT unchanged and recorded as spike_unconfirmed ("flagged"):
//     a closing-auction move is often real, and the next session's open carries an overnight gap.
//   - two or more consecutive bad bars are not "isolated" and are not caught.
// Repair (spike_action = "replace", default): each of open/high/low/close outside
// [ref·e^-thr, ref·e^thr] becomes the geometric interpolation sqrt(close_{i-1} × close_{i+1}) of the
// neighbouring closes, high/low are then widened to contain open and close, and a vwap outside the
// band becomes null; volume is kept (the trades happened, only their price is wrong). "drop" removes
// the bar instead (gap detection then reports it as missing).
// Cost: a median of ≤ spike_ref_bars values and two comparisons per bar; logs only for candidates.
#pragma once

#include "qtp/core/bars.h"
#include "qtp/core/quality.h"
#include "qtp/data/clean/clean_params.h"
#include "qtp/data/clean/clean_types.h"

namespace qtp::clean {

// REQUIRES: bars passed the bad-tick rule (positive prices, open/close within [low, high]).
void FilterSpikes(Bars5m& bars, SessionBars& index, const CleanParams& params, QualityIssues& issues);

}  // namespace qtp::clean
