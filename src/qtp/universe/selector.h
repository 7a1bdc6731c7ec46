// The day-by-day top-K selection: a state machine stepped over the trading days in order, each
// step seeing only that day's features_raw cross-section and the state left by earlier days, so
// the selection at day t depends on nothing after t.
//
// On each day t (a date with features_raw rows):
//   1. history_days of every ticker with a row at t grows by one.
//   2. Eligible: a row at t with close >= min_price, adv_20 >= min_adv_usd (NULL fails both),
//      history_days >= min_history_days, and, where membership is known at t, index membership at t.
//   3. The eligible tickers are scored and ranked (score.h).
//   4. On a rebalance day (every day for "daily"; for "weekly" the first trading day of an ISO
//      week, i.e. t is the first day stepped or the previous trading day lies in an earlier week):
//      a holding stays while it is scored and its rank <= k + buffer; the free places go to the
//      best-ranked scored tickers not held, until k are selected (fewer when fewer are scored).
//      On other days the selection carries over, minus holdings no longer scored at t (no row,
//      dropped from the index, failing a filter): they leave at once and are replaced at the next
//      rebalance. So every selected row is eligible on its own day.
//   5. entered = not selected on the previous trading day.
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "qtp/core/table.h"
#include "qtp/core/time.h"
#include "qtp/universe/membership_index.h"
#include "qtp/universe/score.h"
#include "qtp/universe/select_params.h"

namespace qtp::universe {

// What the selection carries from one trading day to the next.
struct SelectorState {
  DateDays last_date = kNullDate;                    // last day stepped (kNullDate: none yet)
  std::unordered_map<std::string, int64_t> history;  // features_raw rows per ticker up to last_date
  std::vector<std::string> holdings;                 // the selection on last_date, sorted
};

struct DayStats {
  bool rebalance = false;
  size_t eligible = 0;
  size_t scored = 0;
  size_t selected = 0;
  size_t entered = 0;
  size_t held_before = 0;  // holdings of the previous trading day
  bool membership_known = false;
  size_t members = 0;            // index members on the day (membership known)
  size_t members_with_data = 0;  // of them, with a features_raw row on the day
};

// True when `date` starts a new rebalance period after `previous` (kNullDate: no previous day).
bool IsRebalanceDay(const std::string& rebalance, DateDays previous, DateDays date);

class Selector {
 public:
  // `groups` = ParseScoreGroups(params); `membership` must outlive the selector.
  Selector(const SelectParams& params, ScoreGroups groups, const MembershipIndex& membership, SelectorState state);

  // Steps day `date`: rows [begin, end) of `features` (a schema::FeaturesRaw() table sorted by
  // (date, ticker)) are its complete cross-section, and `date` is after state().last_date.
  // Appends the day's selection to `out` (schema::TopKHistory()), sorted by ticker.
  DayStats Step(const Table& features, size_t begin, size_t end, Table& out);

  const SelectorState& state() const { return state_; }

 private:
  const SelectParams& params_;
  const MembershipIndex& membership_;
  CrossSectionScorer scorer_;
  SelectorState state_;
  std::vector<uint32_t> candidates_;
  std::vector<int64_t> history_days_;  // per candidate
  std::vector<uint8_t> selected_;      // per candidate
  std::vector<uint32_t> by_rank_;      // candidate index of rank r + 1
  DayScores scores_;
};

}  // namespace qtp::universe
