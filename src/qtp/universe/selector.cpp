#include "qtp/universe/selector.h"

#include <algorithm>
#include <utility>

namespace qtp::universe {
namespace {

// Monday of the ISO week holding `date`: two dates share an ISO week iff they share this.
DateDays WeekStart(DateDays date) { return date - static_cast<DateDays>((WeekdayFromDays(date) + 6) % 7); }

}  // namespace

bool IsRebalanceDay(const std::string& rebalance, DateDays previous, DateDays date) {
  if (previous == kNullDate || rebalance == "daily") return true;
  return WeekStart(previous) != WeekStart(date);
}

Selector::Selector(const SelectParams& params, ScoreGroups groups, const MembershipIndex& membership,
                   SelectorState state)
    : params_(params), membership_(membership), scorer_(std::move(groups)), state_(std::move(state)) {}

DayStats Selector::Step(const Table& features, size_t begin, size_t end, Table& out) {
  const DateDays date = features.Column<int32_t>("date")[begin];
  const auto& ticker = features.Column<std::string>("ticker");
  const auto& close = features.Column<double>("close");
  const auto& adv = features.Column<double>("adv_20");
  DayStats stats;
  stats.rebalance = IsRebalanceDay(params_.rebalance, state_.last_date, date);
  stats.membership_known = membership_.Known(date);

  candidates_.clear();
  history_days_.clear();
  for (size_t i = begin; i < end; ++i) {
    const int64_t history = ++state_.history[ticker[i]];
    if (stats.membership_known) {
      if (!membership_.IsMember(ticker[i], date)) continue;
      ++stats.members_with_data;
    }
    // Written so that a NULL (NaN) close or adv_20 fails the filter.
    const bool passes =
        close[i] >= params_.min_price && adv[i] >= params_.min_adv_usd && history >= params_.min_history_days;
    if (!passes) continue;
    candidates_.push_back(static_cast<uint32_t>(i));
    history_days_.push_back(history);
  }
  if (stats.membership_known) stats.members = membership_.MembersOn(date);
  stats.eligible = candidates_.size();
  scorer_.Score(features, candidates_, scores_);
  stats.scored = scores_.scored;

  const std::vector<std::string>& held = state_.holdings;
  stats.held_before = held.size();
  auto was_held = [&](uint32_t row) { return std::binary_search(held.begin(), held.end(), ticker[row]); };
  const int64_t keep_rank = static_cast<int64_t>(params_.k) + (stats.rebalance ? params_.buffer : 0);
  selected_.assign(candidates_.size(), 0);
  size_t count = 0;
  for (size_t j = 0; j < candidates_.size(); ++j) {
    const int64_t rank = scores_.rank[j];
    // Off rebalance days every holding still scored stays, whatever its rank.
    if (rank > 0 && was_held(candidates_[j]) && (!stats.rebalance || rank <= keep_rank)) {
      selected_[j] = 1;
      ++count;
    }
  }
  if (stats.rebalance) {
    by_rank_.assign(scores_.scored, 0);
    for (size_t j = 0; j < candidates_.size(); ++j) {
      if (scores_.rank[j] > 0) by_rank_[static_cast<size_t>(scores_.rank[j] - 1)] = static_cast<uint32_t>(j);
    }
    for (size_t r = 0; r < by_rank_.size() && count < static_cast<size_t>(params_.k); ++r) {
      if (selected_[by_rank_[r]] == 0) {
        selected_[by_rank_[r]] = 1;
        ++count;
      }
    }
  }

  std::vector<std::string> holdings;
  holdings.reserve(count);
  for (size_t j = 0; j < candidates_.size(); ++j) {
    if (selected_[j] == 0) continue;
    const uint32_t row = candidates_[j];
    const bool entered = !was_held(row);
    stats.entered += entered ? 1 : 0;
    out.Column<int32_t>("date").push_back(date);
    out.Column<std::string>("ticker").push_back(ticker[row]);
    out.Column<int64_t>("rank").push_back(scores_.rank[j]);
    out.Column<double>("score").push_back(scores_.score[j]);
    out.Column<double>("liquidity_score").push_back(scores_.group[0][j]);
    out.Column<double>("volatility_score").push_back(scores_.group[1][j]);
    out.Column<double>("trend_score").push_back(scores_.group[2][j]);
    out.Column<int64_t>("rebalance").push_back(stats.rebalance ? 1 : 0);
    out.Column<int64_t>("entered").push_back(entered ? 1 : 0);
    out.Column<double>("close").push_back(close[row]);
    out.Column<double>("adv_20").push_back(adv[row]);
    out.Column<int64_t>("history_days").push_back(history_days_[j]);
    holdings.push_back(ticker[row]);
  }
  stats.selected = holdings.size();
  std::sort(holdings.begin(), holdings.end());
  state_.holdings = std::move(holdings);
  state_.last_date = date;
  return stats;
}

}  // namespace qtp::universe
