// qtp monitor on a simulated market whose regime shifts (volatility and correlation up, the planted signal
// decaying) after a known day D: the feature drift and IC decay alerts stay silent on the live days before
// D and fire within a stated number of sessions after it; a day's results do not depend on later data; and
// the retrain those alerts trigger promotes its challenger only when it passes the gates.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <set>
#include <string>

#include "test_util/qtp_project.h"

namespace qtp {
namespace {

using test_util::QtpProject;

constexpr const char* kShift = "2023-03-31";
constexpr const char* kFirstLive = "2023-01-03";
constexpr const char* kLastDay = "2023-06-30";
// What the issue asks to state: alerts within this many sessions after the shift (measured: 14 for the
// decay alert, 17 for the feature drift alert on this market; docs/monitoring.md).
constexpr int kMaxSessionsToAlert = 25;

// The live sessions (feature days from the first live day), ascending.
std::vector<std::string> LiveSessions(const QtpProject& p) {
  std::vector<std::string> out;
  for (const auto& row : p.Query(std::string("SELECT DISTINCT date FROM features_raw WHERE date BETWEEN '") +
                                 kFirstLive + "' AND '" + kLastDay + "' ORDER BY date")) {
    if (row.size() == 1 && row[0] != "date") out.push_back(row[0]);
  }
  return out;
}

// Days with an alert (warning or critical; a decay warning is an info alert) whose key starts with `prefix`
// (sent or suppressed: the cool-down holds back the repeats, the monitor still raised them).
std::set<std::string> AlertDays(const QtpProject& p, const std::string& prefix) {
  std::set<std::string> out;
  for (const auto& row : p.Query("SELECT DISTINCT as_of FROM monitor_alerts WHERE starts_with(key, '" + prefix +
                                 "') AND severity <> 'info'")) {
    if (row.size() == 1 && row[0] != "as_of") out.insert(row[0]);
  }
  return out;
}

void DriftAndDecayAlertsFireAfterTheShiftAndNotBefore(const QtpProject& p) {
  const std::vector<std::string> sessions = LiveSessions(p);
  ASSERT_GT(sessions.size(), 100u);
  size_t before = 0;
  for (const std::string& d : sessions) before += d <= kShift;
  for (const auto& [name, prefix] : std::map<std::string, std::string>{{"feature drift", "monitor/drift/feature"},
                                                                        {"IC decay", "monitor/decay/"}}) {
    const std::set<std::string> days = AlertDays(p, prefix);
    size_t false_alarms = 0;
    int sessions_to_alert = -1;
    for (size_t i = 0, after = 0; i < sessions.size(); ++i) {
      if (sessions[i] <= kShift) {
        false_alarms += days.count(sessions[i]);
        continue;
      }
      ++after;
      if (sessions_to_alert < 0 && days.count(sessions[i])) sessions_to_alert = static_cast<int>(after);
    }
    std::printf("%s: %zu false alarms on %zu live sessions before the shift; first alert %d sessions after it\n",
                name.c_str(), false_alarms, before, sessions_to_alert);
    EXPECT_EQ(false_alarms, 0u) << name;
    EXPECT_GT(sessions_to_alert, 0) << name << " never alerted after the shift";
    EXPECT_LE(sessions_to_alert, kMaxSessionsToAlert) << name;
  }
  // The statistics behind them: the realized rank IC fell far below the validated level.
  EXPECT_EQ(p.QueryValue(std::string("SELECT status FROM monitor_decay WHERE as_of = '") + kLastDay + "'"),
            "alert");
  EXPECT_EQ(p.QueryValue(std::string("SELECT count(*) FROM monitor_decay WHERE as_of <= '") + kShift +
                                 "' AND status = 'alert'"),
            "0");
}

void ADaysResultsDoNotDependOnLaterData(const QtpProject& p) {
  // The backfill computed 2023-03-01 with four more months stored; run alone, the as-of reads nothing after
  // it. Both must agree to the last digit.
  const std::string day = "2023-03-01";
  const std::string drift = "SELECT kind, name, metric, value, threshold, alert_threshold, status FROM monitor_drift "
                            "WHERE as_of = '" + day + "' ORDER BY ALL";
  const std::string decay = "SELECT n_days, rank_ic, ic, t_stat, cusum, status FROM monitor_decay WHERE as_of = '" +
                            day + "'";
  const auto drift_backfill = p.Query(drift);
  const auto decay_backfill = p.Query(decay);
  ASSERT_GT(drift_backfill.size(), 90u);
  p.RunOk({"--quiet", "monitor", "--as-of", day});
  EXPECT_EQ(p.Query(drift), drift_backfill);
  EXPECT_EQ(p.Query(decay), decay_backfill);
}

void TheTriggeredRetrainPromotesOnlyAChallengerThatPassesTheGates(const QtpProject& p) {
  const std::string before = test_util::ReadFileText(p.DataPath("models/current.json"));
  p.RunOk({"--quiet", "retrain", "--as-of", kLastDay});
  const auto decisions = p.Query(
      "SELECT decision, triggers, failed_gate, champion_id, challenger_id FROM model_decisions ORDER BY decided_at");
  ASSERT_GE(decisions.size(), 3u) << "a challenger and its verdict";
  const std::vector<std::string>& challenger = decisions[decisions.size() - 2];
  const std::vector<std::string>& verdict = decisions.back();
  EXPECT_EQ(challenger[0], "challenger");
  EXPECT_FALSE(challenger[1].empty()) << "the retrain was triggered by the monitor's alerts, not forced";
  EXPECT_NE(verdict[3], verdict[4]) << "champion and challenger ids both logged";
  const std::string after = test_util::ReadFileText(p.DataPath("models/current.json"));
  if (verdict[0] == "promote") {
    EXPECT_TRUE(verdict[2].empty()) << "promoted although gate " << verdict[2] << " failed";
    EXPECT_NE(after, before);
  } else {
    EXPECT_EQ(verdict[0], "reject");
    EXPECT_FALSE(verdict[2].empty());
    EXPECT_EQ(after, before) << "a rejected challenger must not become the champion";
  }
  std::printf("retrain verdict: %s (failed gate: %s)\n", verdict[0].c_str(),
              verdict[2].empty() ? "none" : verdict[2].c_str());
}

// One process builds the market once (gtest_discover_tests runs each TEST in a process of its own).
TEST(MonitorCli, RegimeShiftAlertsLookaheadAndTheTriggeredRetrain) {
  QtpProject p;
  p.RunOk({"init"});
  p.Simulate(60, "2021-01-01", kLastDay, {"--signal", "0.15", "--regime-shift", kShift});
  p.RunOk({"--quiet", "clean"});
  p.RunOk({"--quiet", "features"});
  p.RunOk({"--quiet", "select"});
  p.RunOk({"--quiet", "train", "--models", "ridge", "--end", "2022-12-30"});
  p.RunOk({"--quiet", "predict", "--start", kFirstLive, "--end", kLastDay});
  p.RunOk({"--quiet", "monitor", "--as-of", kLastDay, "--since", kFirstLive});
  {
    SCOPED_TRACE("alerts before and after the shift");
    DriftAndDecayAlertsFireAfterTheShiftAndNotBefore(p);
  }
  {
    SCOPED_TRACE("no lookahead");
    ADaysResultsDoNotDependOnLaterData(p);
  }
  {
    SCOPED_TRACE("the triggered retrain");
    TheTriggeredRetrainPromotesOnlyAChallengerThatPassesTheGates(p);
  }
}

}  // namespace
}  // namespace qtp
