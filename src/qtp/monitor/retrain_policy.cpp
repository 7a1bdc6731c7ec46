#include "qtp/monitor/retrain_policy.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "qtp/monitor/drift_stats.h"

namespace qtp::monitor {

namespace {

// The Monday that starts `day`'s week (WeekdayFromDays: 0 = Sunday).
DateDays WeekStart(DateDays day) { return day - static_cast<DateDays>((WeekdayFromDays(day) + 6) % 7); }

int MonthIndex(DateDays day) {
  const CivilDate c = CivilFromDays(day);
  return c.year * 12 + static_cast<int>(c.month);
}

// The latest as_of ≤ `as_of` among `dates`; kNullDate when none.
DateDays LatestAsOf(const std::vector<int32_t>& dates, DateDays as_of) {
  DateDays latest = kNullDate;
  for (const int32_t d : dates) {
    if (d <= as_of && d > latest) latest = d;
  }
  return latest;
}

bool IsChampion(const std::vector<std::string>& champion_ids, const std::string& id) {
  return std::find(champion_ids.begin(), champion_ids.end(), id) != champion_ids.end();
}

}  // namespace

bool ScheduleDue(const std::string& schedule, DateDays champion_data_last, DateDays as_of) {
  if (champion_data_last == kNullDate || as_of == kNullDate) return false;
  if (schedule == "monthly") return MonthIndex(champion_data_last) < MonthIndex(as_of);
  if (schedule == "weekly") return WeekStart(champion_data_last) < WeekStart(as_of);
  return false;
}

std::vector<RetrainTrigger> AlertTriggers(const Table& drift, const Table& decay, const RetrainParams& policy,
                                          double alert_feature_share, const std::vector<std::string>& champion_ids,
                                          DateDays champion_data_last, DateDays as_of) {
  std::vector<RetrainTrigger> out;
  if (policy.on_drift && drift.num_rows() > 0) {
    const std::vector<int32_t>& dates = drift.Column<int32_t>("as_of");
    const DateDays latest = LatestAsOf(dates, as_of);
    const auto& kind = drift.Column<std::string>("kind");
    const auto& name = drift.Column<std::string>("name");
    const auto& metric = drift.Column<std::string>("metric");
    const auto& status = drift.Column<std::string>("status");
    // Features count together, as the monitor's feature drift alert does: a share of them at alert level.
    FeatureDriftTally tally;
    for (size_t r = 0; latest != kNullDate && latest > champion_data_last && r < drift.num_rows(); ++r) {
      if (dates[r] != latest) continue;
      if (kind[r] == "feature") {
        tally.Add(name[r], status[r]);
      } else if (status[r] == "alert" && kind[r] == "prediction" && IsChampion(champion_ids, name[r])) {
        out.push_back({"drift", latest, fmt::format("{} {} {}", kind[r], name[r], metric[r])});
      }
    }
    if (const std::vector<std::string> drifting = tally.Drifting(alert_feature_share); !drifting.empty()) {
      out.insert(out.begin(),
                 {"drift", latest,
                  fmt::format("{} of {} features ({})", drifting.size(), tally.features(), fmt::join(drifting, ", "))});
    }
  }
  if (policy.on_decay && decay.num_rows() > 0) {
    const std::vector<int32_t>& dates = decay.Column<int32_t>("as_of");
    const DateDays latest = LatestAsOf(dates, as_of);
    const auto& model_id = decay.Column<std::string>("model_id");
    const auto& status = decay.Column<std::string>("status");
    for (size_t r = 0; latest != kNullDate && latest > champion_data_last && r < decay.num_rows(); ++r) {
      if (dates[r] == latest && status[r] == "alert" && IsChampion(champion_ids, model_id[r])) {
        out.push_back({"decay", latest, "model " + model_id[r]});
      }
    }
  }
  return out;
}

std::string TriggersText(const std::vector<RetrainTrigger>& triggers) {
  std::string text;
  for (const RetrainTrigger& t : triggers) {
    text += fmt::format("{}{} {} {}", text.empty() ? "" : "; ", t.source, FormatDate(t.as_of), t.detail);
  }
  return text;
}

std::vector<GateCheck> ChallengerGates(const ChallengerEvidence& evidence, double min_fold_ic, size_t min_compare_days,
                                       double min_improvement) {
  const auto at_least = [](const char* name, double value, double threshold) {
    return GateCheck{name, value, threshold, std::isfinite(value) && value >= threshold};
  };
  const double improvement = evidence.challenger_rank_ic - evidence.champion_rank_ic;
  return {GateCheck{"no_leak", evidence.leak_suspect ? 1.0 : 0.0, 0.0, !evidence.leak_suspect},
          at_least("min_fold_ic", evidence.min_fold_rank_ic, min_fold_ic),
          at_least("compare_days", static_cast<double>(evidence.compare_days), static_cast<double>(min_compare_days)),
          at_least("rank_ic_improvement", improvement, min_improvement)};
}

std::string FirstFailedGate(const std::vector<GateCheck>& gates) {
  for (const GateCheck& g : gates) {
    if (!g.passed) return g.name;
  }
  return "";
}

nlohmann::ordered_json GatesJson(const std::vector<GateCheck>& gates) {
  const auto number = [](double v) { return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(); };
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const GateCheck& g : gates) {
    out.push_back(
        {{"gate", g.name}, {"value", number(g.value)}, {"threshold", number(g.threshold)}, {"passed", g.passed}});
  }
  return out;
}

double MinFoldRankIc(const nlohmann::ordered_json& folds) {
  if (!folds.is_array() || folds.empty()) return kNaN;
  double lowest = kNaN;
  for (const nlohmann::ordered_json& fold : folds) {
    const nlohmann::ordered_json* ic = nullptr;
    if (fold.contains("test") && fold["test"].contains("mean_rank_ic")) ic = &fold["test"]["mean_rank_ic"];
    if (ic == nullptr || !ic->is_number()) return kNaN;
    const double value = ic->get<double>();
    lowest = std::isnan(lowest) ? value : std::min(lowest, value);
  }
  return lowest;
}

}  // namespace qtp::monitor
