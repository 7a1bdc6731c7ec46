#include "qtp/monitor/run_monitor.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "qtp/data/store/monitor_columns.h"
#include "qtp/evaluation/daily_metrics.h"
#include "qtp/models/registry.h"
#include "qtp/monitor/drift_stats.h"
#include "qtp/monitor/store_query.h"

namespace qtp::monitor {
namespace {

// The feature days up to `last`, ascending.
Result<std::vector<DateDays>> FeatureDays(const Store& store, DateDays last) {
  QTP_ASSIGN_OR_RETURN(const auto rows, QueryRows(store, fmt::format("SELECT DISTINCT date FROM features_raw WHERE "
                                                                     "date <= {} ORDER BY date",
                                                                     SqlDate(last))));
  std::vector<DateDays> days;
  for (const auto& row : rows) {
    QTP_ASSIGN_OR_RETURN(const DateDays d, ParseDate(row[0]));
    days.push_back(d);
  }
  return days;
}

// Values per day of the model's population (the day's top-K names): columns[c] holds every row of the
// day, in ticker order.
struct DayValues {
  std::vector<std::vector<double>> columns;
};

// The raw features of the top-K names of the days [first, last].
Result<std::map<DateDays, DayValues>> LoadFeatures(const Store& store, const std::vector<std::string>& features,
                                                   DateDays first, DateDays last) {
  std::string cols;
  for (const std::string& f : features) cols += fmt::format(", f.\"{}\"", f);
  QTP_ASSIGN_OR_RETURN(const auto rows,
                       QueryRows(store, fmt::format("SELECT f.date{} FROM features_raw f JOIN topk_history t ON "
                                                    "t.date = f.date AND t.ticker = f.ticker WHERE f.date BETWEEN {} "
                                                    "AND {} ORDER BY f.date, f.ticker",
                                                    cols, SqlDate(first), SqlDate(last))));
  std::map<DateDays, DayValues> out;
  for (const auto& row : rows) {
    QTP_ASSIGN_OR_RETURN(const DateDays d, ParseDate(row[0]));
    DayValues& day = out[d];
    day.columns.resize(features.size());
    for (size_t c = 0; c < features.size(); ++c) day.columns[c].push_back(CellNumber(row[c + 1]));
  }
  return out;
}

struct Prediction {
  DateDays date;
  std::string ticker;
  double score;
  bool live;
};

Result<std::vector<Prediction>> LoadPredictions(const Store& store, const std::string& model_id, DateDays last) {
  QTP_ASSIGN_OR_RETURN(
      const auto rows,
      QueryRows(store, fmt::format("SELECT date, ticker, score, split = 'live' FROM predictions WHERE model_id = '{}' "
                                   "AND date <= {} ORDER BY date, ticker",
                                   model_id, SqlDate(last))));
  std::vector<Prediction> out;
  for (const auto& row : rows) {
    QTP_ASSIGN_OR_RETURN(const DateDays d, ParseDate(row[0]));
    out.push_back({d, row[1], CellNumber(row[2]), row[3] == "true"});
  }
  return out;
}

// Every value of column `c` over the days [first, last] of `values`.
std::vector<double> Pooled(const std::map<DateDays, DayValues>& values, size_t c, DateDays first, DateDays last) {
  std::vector<double> out;
  for (auto it = values.lower_bound(first); it != values.end() && it->first <= last; ++it) {
    out.insert(out.end(), it->second.columns[c].begin(), it->second.columns[c].end());
  }
  return out;
}

size_t CountFinite(const std::vector<double>& v) {
  return static_cast<size_t>(std::count_if(v.begin(), v.end(), [](double x) { return std::isfinite(x); }));
}

struct Window {
  DateDays first = kNullDate, last = kNullDate;
};

// Windows of `length` feature days ending every kCalibrationStep days inside the reference: the
// variation a window shows against its own training period without any drift.
constexpr ptrdiff_t kCalibrationStep = 5;
std::vector<Window> CalibrationWindows(const std::vector<DateDays>& days, Window ref, int length) {
  std::vector<Window> out;
  const auto first = std::lower_bound(days.begin(), days.end(), ref.first);
  const auto end = std::upper_bound(days.begin(), days.end(), ref.last);
  for (auto last = first + (length - 1); last < end; last += kCalibrationStep) {
    out.push_back({*(last - (length - 1)), *last});
  }
  return out;
}

// A statistic's warn and alert levels: the configured ones, raised to what the reference's own
// windows reached (their 90th percentile and their maximum). Features with a strong common time
// component (returns, trend slopes) move a lot from one 20-day window to the next while nothing has
// drifted; the reference shows how much, so only a window beyond anything in training alerts.
struct Levels {
  double warn = kNaN, alert = kNaN;
};
Levels Calibrated(std::vector<double> in_reference, double warn, double alert) {
  std::erase_if(in_reference, [](double v) { return !std::isfinite(v); });
  if (in_reference.empty()) return {warn, alert};
  std::sort(in_reference.begin(), in_reference.end());
  return {std::max(warn, in_reference[in_reference.size() * 9 / 10]), std::max(alert, in_reference.back())};
}

std::string Level(double value, Levels levels) {
  if (std::isnan(value)) return "n/a";
  if (value > levels.alert) return "alert";
  return value > levels.warn ? "warn" : "ok";
}

// The PSI and KS rows of one distribution: column `c` of `values`, reference against current.
class DistributionDrift {
 public:
  DistributionDrift(const std::map<DateDays, DayValues>& values, size_t c, Window ref,
                    const std::vector<Window>& calibration, const DriftParams& p)
      : values_(values), c_(c), ref_(ref), p_(p) {
    reference_ = Pooled(values, c, ref.first, ref.last);
    std::erase_if(reference_, [](double v) { return !std::isfinite(v); });
    std::sort(reference_.begin(), reference_.end());  // sorted once: the statistics then skip their sort
    edges_ = QuantileEdges(reference_, p.bins);
    std::vector<double> psi, ks;
    for (const Window& w : calibration) {
      const std::vector<double> window = Pooled(values, c, w.first, w.last);
      psi.push_back(PopulationStabilityIndex(reference_, window, edges_));
      ks.push_back(KolmogorovSmirnov(reference_, window));
    }
    psi_ = Calibrated(psi, p.psi_warn, p.psi_alert);
    ks_ = Calibrated(ks, p.ks_warn, p.ks_alert);
  }

  void Rows(const std::string& kind, const std::string& name, Window cur, std::vector<DriftRow>& out) const {
    const std::vector<double> current = Pooled(values_, c_, cur.first, cur.last);
    const int64_t n_ref = static_cast<int64_t>(CountFinite(reference_));
    const int64_t n_cur = static_cast<int64_t>(CountFinite(current));
    const bool enough = n_ref >= p_.min_observations && n_cur >= p_.min_observations;
    const double psi = enough ? PopulationStabilityIndex(reference_, current, edges_) : kNaN;
    const double ks = enough ? KolmogorovSmirnov(reference_, current) : kNaN;
    out.push_back({kind, name, "psi", psi, psi_.warn, psi_.alert, Level(psi, psi_), ref_.first, ref_.last, cur.first,
                   cur.last, n_ref, n_cur});
    out.push_back({kind, name, "ks", ks, ks_.warn, ks_.alert, Level(ks, ks_), ref_.first, ref_.last, cur.first,
                   cur.last, n_ref, n_cur});
  }

 private:
  const std::map<DateDays, DayValues>& values_;
  size_t c_;
  Window ref_;
  const DriftParams& p_;
  std::vector<double> reference_, edges_;
  Levels psi_, ks_;
};

// Pooled Spearman correlations of every feature pair over a window.
std::vector<double> CorrelationStructure(const std::map<DateDays, DayValues>& values, size_t features, Window w) {
  std::vector<std::vector<double>> ranked;
  for (size_t c = 0; c < features; ++c) ranked.push_back(AverageRanks(Pooled(values, c, w.first, w.last)));
  return PairwiseCorrelations(ranked);
}

// The realized daily ICs of the model's live predictions, by the day their forward return is known.
struct RealizedIc {
  std::vector<DateDays> known_on;  // ascending
  std::vector<double> rank_ic, ic;
};

// Forward return over `horizon` feature days: close_{t+h} / (close_t · Π ex_factor_{t+1..t+h}) − 1.
Result<RealizedIc> ComputeRealizedIc(const Store& store, const std::vector<Prediction>& predictions,
                                     const std::vector<DateDays>& days, int horizon) {
  RealizedIc out;
  DateDays first_live = kNullDate;
  for (const Prediction& p : predictions) {
    if (p.live) {
      first_live = p.date;
      break;
    }
  }
  if (first_live == kNullDate) return out;
  QTP_ASSIGN_OR_RETURN(const auto rows,
                       QueryRows(store, fmt::format("SELECT date, ticker, close, ex_factor FROM features_raw WHERE "
                                                    "date BETWEEN {} AND {}",
                                                    SqlDate(first_live), SqlDate(days.back()))));
  std::map<std::pair<std::string, DateDays>, std::pair<double, double>> prices;  // (ticker, day) → close, ex
  for (const auto& row : rows) {
    QTP_ASSIGN_OR_RETURN(const DateDays d, ParseDate(row[0]));
    const double ex_factor = CellNumber(row[3]);
    prices[{row[1], d}] = {CellNumber(row[2]), std::isnan(ex_factor) ? 1.0 : ex_factor};
  }
  auto forward = [&](const std::string& ticker, size_t day) {
    if (day + static_cast<size_t>(horizon) >= days.size()) return kNaN;
    const auto start = prices.find({ticker, days[day]});
    if (start == prices.end()) return kNaN;
    double factor = 1;
    for (size_t s = day + 1; s <= day + static_cast<size_t>(horizon); ++s) {
      const auto it = prices.find({ticker, days[s]});
      if (it == prices.end()) return kNaN;
      factor *= it->second.second;
    }
    return prices.at({ticker, days[day + horizon]}).first / (start->second.first * factor) - 1;
  };
  for (size_t i = 0; i < predictions.size();) {
    size_t end = i;
    std::vector<double> score, fwd;
    while (end < predictions.size() && predictions[end].date == predictions[i].date) ++end;
    const auto day = std::lower_bound(days.begin(), days.end(), predictions[i].date) - days.begin();
    if (predictions[i].live && static_cast<size_t>(day) + horizon < days.size()) {
      for (size_t k = i; k < end; ++k) {
        score.push_back(predictions[k].score);
        fwd.push_back(forward(predictions[k].ticker, static_cast<size_t>(day)));
      }
      const evaluation::DayMetrics m = evaluation::ScoreDay(score, fwd, {});
      out.known_on.push_back(days[day + horizon]);
      out.rank_ic.push_back(m.rank_ic);
      out.ic.push_back(m.ic);
    }
    i = end;
  }
  return out;
}

Alert MonitorAlert(DateDays as_of, std::string severity, std::string key, std::string subject,
                   nlohmann::ordered_json details) {
  Alert a;
  a.severity = std::move(severity);
  a.source = "monitor";
  a.key = std::move(key);
  a.subject = fmt::format("qtp monitor {}: {}", FormatDate(as_of), subject);
  details["as_of"] = FormatDate(as_of);
  a.details = std::move(details);
  a.as_of = as_of;
  return a;
}

// The alerts a day's results call for.
std::vector<Alert> DayAlerts(const MonitorDay& day, const std::string& model_id, const MonitoringParams& p) {
  std::vector<Alert> alerts;
  FeatureDriftTally tally;
  for (const DriftRow& r : day.drift) {
    if (r.kind == "feature") tally.Add(r.name, r.status);
    if (r.kind != "feature" && r.status == "alert") {
      alerts.push_back(MonitorAlert(
          day.as_of, "warning", fmt::format("monitor/drift/{}", r.kind),
          fmt::format("{} drift: {} {} = {:.3f} (alert at {})", r.kind, r.name, r.metric, r.value, r.alert_threshold),
          {{"kind", r.kind}, {"name", r.name}, {"metric", r.metric}, {"value", r.value}}));
    }
  }
  if (const std::vector<std::string> drifting = tally.Drifting(p.drift.alert_feature_share); !drifting.empty()) {
    alerts.push_back(MonitorAlert(day.as_of, "warning", "monitor/drift/feature",
                                  fmt::format("feature drift: {} of {} features at alert level ({})", drifting.size(),
                                              tally.features(), fmt::join(drifting, ", ")),
                                  {{"features", drifting}, {"model_id", model_id}}));
  }
  if (day.decay.status == "alert" || day.decay.status == "warn") {
    alerts.push_back(MonitorAlert(
        day.as_of, day.decay.status == "alert" ? "warning" : "info", fmt::format("monitor/decay/{}", model_id),
        fmt::format("{} rank IC decay: {:.4f} over {} days against {:.4f} validated (t {:.2f}, CUSUM {:.2f})", model_id,
                    day.decay.rank_ic, day.decay.n_days, day.validated_rank_ic, day.decay.t_stat, day.decay.cusum),
        {{"model_id", model_id},
         {"rank_ic", day.decay.rank_ic},
         {"t_stat", day.decay.t_stat},
         {"cusum", day.decay.cusum},
         {"status", day.decay.status}}));
  }
  for (const HealthCheck& c : day.checks) {
    if (c.status != "warn" && c.status != "fail") continue;
    alerts.push_back(MonitorAlert(day.as_of, c.status == "fail" ? "critical" : "warning",
                                  fmt::format("monitor/check/{}", c.name),
                                  fmt::format("check {} is {}: {}", c.name, c.status, c.message),
                                  {{"check", c.name}, {"status", c.status}, {"message", c.message}}));
  }
  return alerts;
}

Status StoreDay(Store& store, const MonitorDay& day, const std::string& model_id) {
  QTP_RETURN_IF_ERROR(StoreHealthChecks(store, day.as_of, day.checks));
  Table drift(schema::MonitorDrift());
  for (const DriftRow& r : day.drift) {
    drift.Column<int32_t>("as_of").push_back(day.as_of);
    drift.Column<std::string>("kind").push_back(r.kind);
    drift.Column<std::string>("name").push_back(r.name);
    drift.Column<std::string>("metric").push_back(r.metric);
    drift.Column<double>("value").push_back(r.value);
    drift.Column<double>("threshold").push_back(r.threshold);
    drift.Column<double>("alert_threshold").push_back(r.alert_threshold);
    drift.Column<std::string>("status").push_back(r.status);
    drift.Column<int32_t>("reference_first").push_back(r.reference_first);
    drift.Column<int32_t>("reference_last").push_back(r.reference_last);
    drift.Column<int32_t>("current_first").push_back(r.current_first);
    drift.Column<int32_t>("current_last").push_back(r.current_last);
    drift.Column<int64_t>("n_reference").push_back(r.n_reference);
    drift.Column<int64_t>("n_current").push_back(r.n_current);
  }
  QTP_RETURN_IF_ERROR(store.Merge(schema::MonitorDrift(), "", std::move(drift)).status());
  Table decay(schema::MonitorDecay());
  decay.Column<int32_t>("as_of").push_back(day.as_of);
  decay.Column<std::string>("model_id").push_back(model_id);
  decay.Column<int64_t>("n_days").push_back(static_cast<int64_t>(day.decay.n_days));
  decay.Column<double>("rank_ic").push_back(day.decay.rank_ic);
  decay.Column<double>("ic").push_back(day.decay.ic);
  decay.Column<double>("validated_rank_ic").push_back(day.validated_rank_ic);
  decay.Column<double>("t_stat").push_back(day.decay.t_stat);
  decay.Column<double>("cusum").push_back(day.decay.cusum);
  decay.Column<std::string>("status").push_back(day.decay.status);
  return store.Merge(schema::MonitorDecay(), "", std::move(decay)).status();
}

}  // namespace

Result<std::vector<MonitorDay>> RunMonitor(const Store& store, Store& out_store, const MonitorOptions& options) {
  const MonitoringParams& p = options.params;
  QTP_ASSIGN_OR_RETURN(const models::RegisteredModel model,
                       models::ReadModel(store.data_dir(), options.model_id, false));
  QTP_ASSIGN_OR_RETURN(const std::vector<DateDays> days,
                       FeatureDays(store, options.as_of == kNullDate ? DateDays{99999} : options.as_of));
  if (days.empty()) return Status::NotFound("no features stored up to the as-of: run qtp features first");
  const DateDays as_of = options.as_of == kNullDate ? days.back() : options.as_of;
  if (days.back() != as_of) {
    return Status::NotFound(fmt::format("no features on {} (the latest feature day before it is {})", FormatDate(as_of),
                                        FormatDate(days.back())));
  }
  const auto first_day = std::lower_bound(days.begin(), days.end(), options.since == kNullDate ? as_of : options.since);

  // The reference: the last reference_days feature days the model's training saw.
  const auto ref_end = std::upper_bound(days.begin(), days.end(), model.data_last);
  if (ref_end == days.begin()) {
    return Status::NotFound(fmt::format("model {} trained on no stored feature day", model.model_id));
  }
  const Window ref{*(ref_end - std::min<ptrdiff_t>(p.drift.reference_days, ref_end - days.begin())), *(ref_end - 1)};
  const DateDays load_first =
      std::min(ref.first, *(first_day - std::min<ptrdiff_t>(p.drift.current_days - 1, first_day - days.begin())));
  QTP_ASSIGN_OR_RETURN(const auto features, LoadFeatures(store, model.features, load_first, as_of));
  QTP_ASSIGN_OR_RETURN(const std::vector<Prediction> predictions, LoadPredictions(store, model.model_id, as_of));
  QTP_ASSIGN_OR_RETURN(const RealizedIc realized, ComputeRealizedIc(store, predictions, days, model.horizon));

  // The predictions as one more column: the same drift statistics apply to them.
  std::map<DateDays, DayValues> scores;
  for (const Prediction& pr : predictions) {
    DayValues& day = scores[pr.date];
    day.columns.resize(1);
    day.columns[0].push_back(pr.score);
  }
  const std::vector<Window> calibration = CalibrationWindows(days, ref, p.drift.current_days);
  std::vector<DistributionDrift> feature_drift;
  for (size_t c = 0; c < model.features.size(); ++c) feature_drift.emplace_back(features, c, ref, calibration, p.drift);
  const DistributionDrift score_drift(scores, 0, ref, calibration, p.drift);
  const size_t num_features = model.features.size();
  const std::vector<double> reference_corr = CorrelationStructure(features, num_features, ref);
  std::vector<double> corr_in_reference;
  for (const Window& w : calibration) {
    corr_in_reference.push_back(MeanAbsoluteChange(reference_corr, CorrelationStructure(features, num_features, w)));
  }
  const Levels corr_levels = Calibrated(corr_in_reference, p.drift.corr_warn, p.drift.corr_alert);
  const double validated = models::SummaryNumber(model, "mean_rank_ic");
  const double icir = models::SummaryNumber(model, "icir");
  const double validated_sd = icir != 0 ? validated / icir : kNaN;

  std::vector<MonitorDay> out;
  for (auto it = first_day; it != days.end(); ++it) {
    MonitorDay day;
    day.as_of = *it;
    const Window cur{*(it - std::min<ptrdiff_t>(p.drift.current_days - 1, it - days.begin())), *it};
    for (size_t c = 0; c < num_features; ++c) feature_drift[c].Rows("feature", model.features[c], cur, day.drift);
    score_drift.Rows("prediction", model.model_id, cur, day.drift);
    const double corr = MeanAbsoluteChange(reference_corr, CorrelationStructure(features, num_features, cur));
    day.drift.push_back({"correlation", "features", "corr_distance", corr, corr_levels.warn, corr_levels.alert,
                         Level(corr, corr_levels), ref.first, ref.last, cur.first, cur.last,
                         static_cast<int64_t>(num_features), static_cast<int64_t>(num_features)});

    const size_t known = static_cast<size_t>(
        std::upper_bound(realized.known_on.begin(), realized.known_on.end(), day.as_of) - realized.known_on.begin());
    day.decay = EvaluateDecay(std::span<const double>(realized.rank_ic).first(known),
                              std::span<const double>(realized.ic).first(known), validated, validated_sd, p.decay);
    day.validated_rank_ic = validated;

    QTP_ASSIGN_OR_RETURN(day.checks, RunHealthChecks(store, day.as_of));
    QTP_ASSIGN_OR_RETURN(std::vector<HealthCheck> quality, RunQualityChecks(store, day.as_of, p.quality));
    QTP_ASSIGN_OR_RETURN(std::vector<HealthCheck> jobs, RunJobHealthChecks(store, day.as_of, p.quality));
    day.checks.insert(day.checks.end(), quality.begin(), quality.end());
    day.checks.insert(day.checks.end(), jobs.begin(), jobs.end());
    day.alerts = DayAlerts(day, model.model_id, p);
    QTP_RETURN_IF_ERROR(StoreDay(out_store, day, model.model_id));
    out.push_back(std::move(day));
    if (options.on_day) options.on_day(out.size(), static_cast<size_t>(days.end() - first_day));
  }
  return out;
}

}  // namespace qtp::monitor
