#include "qtp/models/run_train.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <set>

#include <fmt/format.h>

#include "qtp/core/file_util.h"
#include "qtp/core/parallel.h"
#include "qtp/core/table_ops.h"
#include "qtp/data/store/feature_columns.h"
#include "qtp/data/store/model_columns.h"
#include "qtp/eda/panel.h"
#include "qtp/evaluation/daily_metrics.h"
#include "qtp/evaluation/permutation.h"
#include "qtp/evaluation/report.h"
#include "qtp/evaluation/summary.h"
#include "qtp/models/boosted.h"
#include "qtp/models/champion.h"
#include "qtp/models/ensemble.h"
#include "qtp/models/prediction_rows.h"
#include "qtp/models/registry.h"
#include "qtp/models/ridge.h"
#include "qtp/models/training_set.h"
#include "qtp/models/walk_forward.h"

namespace qtp::models {

namespace {

// The "train" metrics of a fold score the labelled rows of its latest training days in sample: at
// most this many days, so their cost does not grow with the window.
constexpr size_t kTrainMetricDays = 252;

struct ModelRun {
  std::string name;
  std::string family;  // learner family name, or "ensemble"
  std::vector<double> oos;             // per scoring row; NaN outside every test period
  std::vector<double> daily_rank_ic;   // per panel day, out of sample (NaN: none)
  std::vector<evaluation::DatedMetrics> daily;
  std::vector<evaluation::FoldRow> folds;
  std::vector<evaluation::Summary> train;     // per fold, in sample
  std::vector<std::pair<DateDays, DateDays>> train_days;
  std::vector<double> gain;         // mean over folds of Learner::Importance()
  std::vector<double> permutation;  // mean over the last permutation_folds folds
  RegisteredModel registered;
};

// Daily metrics of `scores` (one per scoring row) for panel days [first, end); a day's rank
// autocorrelation compares it with the previous day of the range.
std::vector<evaluation::DatedMetrics> DailyMetrics(const TrainingSet& set, std::span<const double> scores, size_t first,
                                                   size_t end, const evaluation::ScoreDayParams& params) {
  std::vector<evaluation::DatedMetrics> out;
  const size_t n = set.tickers.size();
  std::vector<double> today(n);
  std::vector<double> previous(n);
  std::vector<double> forward(n);
  evaluation::DayScratch scratch;
  bool have_previous = false;
  for (size_t d = first; d < end; ++d) {
    std::fill(today.begin(), today.end(), std::nan(""));
    std::fill(forward.begin(), forward.end(), std::nan(""));
    for (size_t r = set.scoring.day_begin[d]; r < set.scoring.day_begin[d + 1]; ++r) {
      today[set.scoring.ticker[r]] = scores[r];
      forward[set.scoring.ticker[r]] = set.scoring_forward[r];
    }
    const std::span<const double> prev = have_previous ? std::span<const double>(previous) : std::span<const double>();
    out.push_back({set.dates[d], evaluation::ScoreDay(today, forward, prev, params, scratch)});
    std::swap(today, previous);
    have_previous = true;
  }
  return out;
}

evaluation::Summary SummarizeDays(std::span<const evaluation::DatedMetrics> days, int horizon) {
  std::vector<evaluation::DayMetrics> metrics;
  metrics.reserve(days.size());
  for (const evaluation::DatedMetrics& d : days) metrics.push_back(d.metrics);
  return evaluation::Summarize(metrics, horizon);
}

// Scores the scoring rows of days [first, end) with `learner` into scores[row].
Status ScoreRows(const Learner& learner, const TrainingSet& set, size_t first, size_t end,
                 std::vector<double>& scores) {
  std::vector<uint32_t> groups;
  const DesignView view = set.Scoring(first, end, groups);
  const size_t begin = set.scoring.day_begin[first];
  return learner.Predict(view, std::span<double>(scores).subspan(begin, view.rows()));
}

// A booster family's learner across folds. It keeps the histogram bins of its first fit and, when
// warm-started, grows by one stage per fold, fitted on the fold's latest warm_start_days only (the
// earlier days shaped the model already; binning and boosting over the whole window again is what
// makes a full refit slow). `margin` then holds the model's score of every labelled row from
// margin_first on, kept current stage by stage, so a stage starts from it without re-scoring its
// rows through every earlier tree. Windows only move forward, so rows before margin_first are
// never trained on again.
struct BoosterState {
  std::unique_ptr<BoostedLearner> learner;
  std::vector<double> margin;  // per labelled row; empty until the first warm-started fit
  size_t margin_first = 0;     // labelled rows before this one have stale margins
};

Result<std::unique_ptr<Learner>> FitBooster(Family family, const TrainingSet& set, const Fold& fold,
                                            const LearnerSettings& settings, BoosterState& state) {
  const BoostSettings& boost = family == Family::kXgb ? settings.xgb : settings.lambdamart;
  if (!state.learner) state.learner = std::make_unique<BoostedLearner>(family, boost, settings.seed, settings.threads);
  BoostedLearner& learner = *state.learner;
  const bool add_stage = !state.margin.empty();
  const size_t first_day =
      add_stage ? std::max(fold.train_first, fold.train_end - std::min<size_t>(fold.train_end, boost.warm_start_days))
                : fold.train_first;
  std::vector<uint32_t> groups;
  DesignView train = set.Labelled(first_day, fold.train_end, LabelOf(family), groups);
  const size_t first_row = set.labelled.day_begin[first_day];
  if (add_stage) train.base_margin = std::span<const double>(state.margin).subspan(first_row, train.rows());
  QTP_RETURN_IF_ERROR(learner.Fit(train, DesignView{}));
  if (learner.warm_start()) {
    if (state.margin.empty()) state.margin.assign(set.labelled.rows(), 0.0);
    std::vector<uint32_t> later_groups;
    const DesignView later = set.Labelled(first_day, set.num_days(), LabelOf(family), later_groups);
    QTP_RETURN_IF_ERROR(learner.AddLatestStage(later, std::span<double>(state.margin).subspan(first_row)));
    state.margin_first = first_row;
  }
  return std::unique_ptr<Learner>(learner.Snapshot());
}

// The fold model's scores of the labelled rows of days [first, end) into scores[scoring row]: a
// warm-started booster's margin already holds them; other models predict them.
Status ScoreTrainingRows(const Learner& model, const BoosterState& booster, const TrainingSet& set, size_t first,
                         size_t end, std::vector<double>& scores) {
  const size_t begin = set.labelled.day_begin[first];
  const size_t stop = set.labelled.day_begin[end];
  std::vector<double> predicted;
  std::span<const double> values;
  if (!booster.margin.empty() && begin >= booster.margin_first) {
    values = std::span<const double>(booster.margin).subspan(begin, stop - begin);
  } else {
    std::vector<uint32_t> groups;
    const DesignView rows = set.Labelled(first, end, LabelKind::kRank, groups);
    predicted.resize(rows.rows());
    QTP_RETURN_IF_ERROR(model.Predict(rows, predicted));
    values = predicted;
  }
  for (size_t r = begin; r < stop; ++r) scores[set.scoring_row[r]] = values[r - begin];
  return Status::OK();
}

// Fits `family` on the fold's training days. Ridge first picks its penalty on the inner split
// (training days before inner_end, validated on [validation_first, train_end)), then refits with it
// on the whole window; the other families train on the whole window directly.
Result<std::unique_ptr<Learner>> FitFold(Family family, const TrainingSet& set, const LinearMoments* moments,
                                         const Fold& fold, const LearnerSettings& settings, BoosterState& booster,
                                         nlohmann::ordered_json& chosen) {
  if (family == Family::kRidge) {
    RidgeLearner select(settings.ridge);
    std::vector<uint32_t> validation_groups;
    // Without labelled rows in the inner training days (a history that starts with days of too few
    // names) the penalty cannot be chosen: the whole window is fitted with the middle one.
    const bool inner = fold.inner_end > fold.train_first &&
                       set.labelled.day_begin[fold.inner_end] > set.labelled.day_begin[fold.train_first];
    const DesignView validation =
        inner ? set.Labelled(fold.validation_first, fold.train_end, LabelKind::kRank, validation_groups)
              : DesignView{};
    QTP_RETURN_IF_ERROR(select.FitFromMoments(*moments, fold.train_first,
                                              inner ? fold.inner_end : fold.train_end, validation));
    chosen = select.Describe();
    auto final_fit = std::make_unique<RidgeLearner>(RidgeSettings{.penalties = {select.penalty()}});
    QTP_RETURN_IF_ERROR(final_fit->FitFromMoments(*moments, fold.train_first, fold.train_end, DesignView{}));
    return std::unique_ptr<Learner>(std::move(final_fit));
  }
  std::unique_ptr<Learner> model;
  if (family == Family::kXgb || family == Family::kLambdaMart) {
    QTP_ASSIGN_OR_RETURN(model, FitBooster(family, set, fold, settings, booster));
  } else {
    model = MakeLearner(family, settings);
    std::vector<uint32_t> groups;
    QTP_RETURN_IF_ERROR(model->Fit(set.Labelled(fold.train_first, fold.train_end, LabelOf(family), groups), {}));
  }
  chosen = model->Describe();
  return model;
}

std::string DataHash(const Store& store) {
  std::string text;
  for (const auto& [path, e] : store.manifest().entries) {
    if (e.dataset == schema::Features().name || e.dataset == schema::FeaturesRaw().name) {
      text += path + " " + e.sha256 + "\n";
    }
  }
  return Sha256Hex(text).substr(0, 16);
}

void AddMean(std::vector<double>& sum, std::vector<size_t>& count, const std::vector<double>& values) {
  sum.resize(values.size(), 0.0);
  count.resize(values.size(), 0);
  for (size_t j = 0; j < values.size(); ++j) {
    if (!std::isfinite(values[j])) continue;
    sum[j] += values[j];
    ++count[j];
  }
}

std::vector<double> Means(const std::vector<double>& sum, const std::vector<size_t>& count, size_t size) {
  std::vector<double> out(size, std::nan(""));
  for (size_t j = 0; j < std::min(size, sum.size()); ++j) {
    if (count[j] > 0) out[j] = sum[j] / static_cast<double>(count[j]);
  }
  return out;
}

nlohmann::ordered_json SummaryJson(const evaluation::Summary& s) {
  auto num = [](double v) { return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(); };
  nlohmann::ordered_json j;
  j["days"] = s.days;
  j["mean_ic"] = num(s.mean_ic);
  j["mean_rank_ic"] = num(s.mean_rank_ic);
  j["icir"] = num(s.icir);
  j["icir_annualized"] = num(s.icir_annualized);
  j["t_stat"] = num(s.t_stat);
  j["hit_rate"] = num(s.hit_rate);
  j["top_minus_bottom"] = num(s.top_minus_bottom);
  j["rank_autocorr"] = num(s.rank_autocorr);
  return j;
}

// Rows of the predictions dataset for one model's scores (the rows with a finite score), ranked
// within each day (prediction_rows.h).
void AppendPredictions(const TrainingSet& set, const std::string& model_id, std::span<const double> scores,
                       const std::string& split, std::map<int, Table>& by_year) {
  for (size_t d = 0; d < set.num_days(); ++d) {
    const size_t begin = set.scoring.day_begin[d];
    const size_t end = set.scoring.day_begin[d + 1];
    const std::span<const double> day = scores.subspan(begin, end - begin);
    if (std::none_of(day.begin(), day.end(), [](double v) { return std::isfinite(v); })) continue;
    Table& t = by_year.try_emplace(YearOfDays(set.dates[d]), schema::Predictions()).first->second;
    AppendRankedPredictions(
        set.dates[d], model_id, split, day,
        [&](size_t i) -> const std::string& { return set.tickers[set.scoring.ticker[begin + i]]; }, t);
  }
}

// Replaces the stored rows of `model_ids` in predictions by `by_year` (every other model's rows
// stay), year by year so memory holds one year at a time.
Result<MergeStats> WritePredictions(Store& store, const std::set<std::string>& model_ids,
                                    std::map<int, Table> by_year) {
  const TableSpec& spec = schema::Predictions();
  std::set<int> years = store.manifest().Years(spec.name);
  for (const auto& [year, rows] : by_year) years.insert(year);
  MergeStats total;
  for (const int year : years) {
    QTP_ASSIGN_OR_RETURN(Table stored, store.Read(spec, "", year, year));
    Table rows(spec);
    const std::vector<std::string>& ids = stored.Column<std::string>("model_id");
    for (size_t r = 0; r < stored.num_rows(); ++r) {
      if (!model_ids.count(ids[r])) AppendRow(rows, stored, r);
    }
    if (auto it = by_year.find(year); it != by_year.end()) AppendRows(rows, std::move(it->second));
    QTP_ASSIGN_OR_RETURN(const MergeStats stats, store.Replace(spec, "", std::move(rows), year, year));
    total += stats;
  }
  return total;
}

Result<MergeStats> WriteModelMetrics(Store& store, const std::vector<ModelRun>& runs, int horizon) {
  const TableSpec& spec = schema::ModelMetrics();
  QTP_ASSIGN_OR_RETURN(Table stored, store.Read(spec, ""));
  std::set<std::string> ids;
  for (const ModelRun& run : runs) ids.insert(run.registered.model_id);
  Table rows(spec);
  for (size_t r = 0; r < stored.num_rows(); ++r) {
    if (!ids.count(stored.Column<std::string>("model_id")[r])) AppendRow(rows, stored, r);
  }
  auto add = [&](const ModelRun& run, size_t fold, const char* split, DateDays start, DateDays end,
                 const evaluation::Summary& s) {
    rows.Column<std::string>("model_id").push_back(run.registered.model_id);
    rows.Column<std::string>("model").push_back(run.name);
    rows.Column<int64_t>("horizon").push_back(horizon);
    rows.Column<int64_t>("fold").push_back(static_cast<int64_t>(fold));
    rows.Column<std::string>("split").push_back(split);
    rows.Column<int32_t>("start").push_back(start);
    rows.Column<int32_t>("end").push_back(end);
    rows.Column<double>("ic").push_back(s.mean_ic);
    rows.Column<double>("rank_ic").push_back(s.mean_rank_ic);
    rows.Column<int64_t>("n_days").push_back(static_cast<int64_t>(s.days));
  };
  for (const ModelRun& run : runs) {
    for (size_t k = 0; k < run.folds.size(); ++k) {
      if (k < run.train.size()) add(run, k, "train", run.train_days[k].first, run.train_days[k].second, run.train[k]);
      add(run, k, "test", run.folds[k].test_start, run.folds[k].test_end, run.folds[k].test);
    }
  }
  return store.Replace(spec, "", std::move(rows));
}

struct FamilyInputs {
  const TrainingSet& set;
  const std::vector<Fold>& folds;
  const LinearMoments* moments;  // ridge's day sums (null without ridge)
  const LearnerSettings& settings;
  const ModelParams& params;
  const evaluation::ScoreDayParams& day_params;
  bool final_fit = true;  // fit the registered model on every labelled day after the folds
};

// Permutation importance of `model` on the labelled rows of days [first, end) (empty: none).
Result<std::vector<double>> TestPermutation(const Learner& model, const TrainingSet& set, size_t first, size_t end,
                                            uint64_t seed) {
  std::vector<uint32_t> groups;
  const DesignView test = set.Labelled(first, end, LabelKind::kRank, groups);
  if (test.empty()) return std::vector<double>();
  const evaluation::PredictFn predict = [&](std::span<const float> x, size_t cols, std::span<double> scores) {
    DesignView rows = test;
    rows.x = x;
    rows.cols = cols;
    return model.Predict(rows, scores);
  };
  return evaluation::PermutationImportance(predict, test.x, set.features.size(), test.group_sizes, test.label,
                                           {.seed = seed});
}

// One learner family through every fold (out-of-sample scores, in-sample train metrics,
// importances) and the registered fit on every labelled day. `fitted` is called after each fit.
Result<ModelRun> TrainFamily(Family family, const FamilyInputs& in, const std::function<Status()>& fitted) {
  const TrainingSet& set = in.set;
  const int h = in.params.horizon;
  ModelRun run;
  run.name = run.family = FamilyName(family);
  run.oos.assign(set.scoring.rows(), std::nan(""));
  std::vector<double> gain_sum, perm_sum;
  std::vector<size_t> gain_n, perm_n;
  std::vector<double> in_sample(set.scoring.rows(), std::nan(""));
  BoosterState booster;
  for (const Fold& fold : in.folds) {
    nlohmann::ordered_json chosen;
    QTP_ASSIGN_OR_RETURN(std::unique_ptr<Learner> model,
                         FitFold(family, set, in.moments, fold, in.settings, booster, chosen));
    QTP_RETURN_IF_ERROR(ScoreRows(*model, set, fold.test_first, fold.test_end, run.oos));
    const size_t metric_first = fold.train_end - std::min(kTrainMetricDays, fold.train_end - fold.train_first);
    QTP_RETURN_IF_ERROR(ScoreTrainingRows(*model, booster, set, metric_first, fold.train_end, in_sample));
    run.train.push_back(SummarizeDays(DailyMetrics(set, in_sample, metric_first, fold.train_end, in.day_params), h));
    run.train_days.emplace_back(set.dates[metric_first], set.dates[fold.train_end - 1]);
    AddMean(gain_sum, gain_n, model->Importance());
    if (fold.index + in.params.permutation_folds >= static_cast<int>(in.folds.size())) {
      QTP_ASSIGN_OR_RETURN(const std::vector<double> perm,
                           TestPermutation(*model, set, fold.test_first, fold.test_end, in.settings.seed));
      AddMean(perm_sum, perm_n, perm);
    }
    QTP_RETURN_IF_ERROR(fitted());
  }
  const size_t cols = set.features.size();
  run.gain = Means(gain_sum, gain_n, cols);
  run.permutation = Means(perm_sum, perm_n, cols);
  if (!in.final_fit) return run;

  const Fold final_fold = FinalFold(set.num_days(), in.params.walk_forward, h);
  nlohmann::ordered_json chosen;
  QTP_ASSIGN_OR_RETURN(std::unique_ptr<Learner> final_fit,
                       FitFold(family, set, in.moments, final_fold, in.settings, booster, chosen));
  QTP_ASSIGN_OR_RETURN(run.registered.artifact, final_fit->Serialize());
  run.registered.hyperparameters = chosen;
  run.registered.train_first = set.dates[final_fold.train_first];
  run.registered.train_last = set.dates[final_fold.train_end - 1];
  QTP_RETURN_IF_ERROR(fitted());
  return run;
}

// What every step after the training set shares.
struct Context {
  const TrainingSet& set;
  const std::vector<Fold>& folds;
  const ModelParams& params;
  evaluation::ScoreDayParams day_params;
  size_t first_test = 0;  // panel days [first_test, end_test) are scored out of sample
  size_t end_test = 0;
  bool final_fit = true;  // FamilyInputs::final_fit
};

// Every learner family through the folds; `threads` families side by side.
Result<std::vector<ModelRun>> TrainLearners(const Context& ctx, const eda::DayProgressFn& progress) {
  const ModelParams& p = ctx.params;
  const std::vector<Family> families = p.LearnerFamilies();
  std::unique_ptr<LinearMoments> moments;
  if (std::find(families.begin(), families.end(), Family::kRidge) != families.end()) {
    const DesignView all{.x = ctx.set.labelled.x,
                         .cols = ctx.set.features.size(),
                         .label = ctx.set.rank_label,
                         .group_sizes = ctx.set.group_sizes};
    QTP_ASSIGN_OR_RETURN(LinearMoments built, LinearMoments::Build(all));
    moments = std::make_unique<LinearMoments>(std::move(built));
  }
  // Families are fitted side by side, each booster single-threaded when there are more families
  // than threads: a booster's own threads spin at every barrier and collapse on a busy machine.
  const size_t concurrent = std::min<size_t>(families.size(), static_cast<size_t>(p.threads));
  LearnerSettings settings = p.Settings();
  settings.threads = std::max(1, p.threads / static_cast<int>(std::max<size_t>(concurrent, 1)));
  const FamilyInputs inputs{ctx.set, ctx.folds, moments.get(), settings, p, ctx.day_params, ctx.final_fit};
  std::vector<ModelRun> runs(families.size());
  std::mutex progress_mutex;
  const size_t total_fits = families.size() * (ctx.folds.size() + 1);
  size_t fits = 0;
  const std::function<Status()> fitted = [&]() -> Status {
    std::lock_guard<std::mutex> lock(progress_mutex);
    return progress ? progress(++fits, total_fits) : Status::OK();
  };
  QTP_RETURN_IF_ERROR(ParallelFor(families.size(), static_cast<int>(concurrent), [&](size_t k) -> Status {
    QTP_ASSIGN_OR_RETURN(runs[k], TrainFamily(families[k], inputs, fitted));
    return Status::OK();
  }));
  return runs;
}

// The out-of-sample daily metrics of a model (the ensembles' IC weights read the learners').
void FinishDaily(ModelRun& run, const Context& ctx) {
  run.daily = DailyMetrics(ctx.set, run.oos, ctx.first_test, ctx.end_test, ctx.day_params);
  run.daily_rank_ic.assign(ctx.set.num_days(), std::nan(""));
  for (size_t i = 0; i < run.daily.size(); ++i) run.daily_rank_ic[ctx.first_test + i] = run.daily[i].metrics.rank_ic;
}

// ensemble_rank and ensemble_ic over the learners named in `member_names` (ensemble.h).
std::vector<ModelRun> Ensembles(const std::vector<ModelRun>& learners, const std::vector<std::string>& member_names,
                                const Context& ctx) {
  const TrainingSet& set = ctx.set;
  std::vector<const ModelRun*> members;
  for (const ModelRun& run : learners) {
    if (std::find(member_names.begin(), member_names.end(), run.name) != member_names.end()) members.push_back(&run);
  }
  std::vector<std::vector<double>> percentiles(members.size(), std::vector<double>(set.scoring.rows()));
  std::vector<std::vector<double>> member_ic;
  for (size_t k = 0; k < members.size(); ++k) {
    DailyPercentiles(set.scoring, members[k]->oos, ctx.first_test, ctx.end_test, percentiles[k]);
    member_ic.push_back(members[k]->daily_rank_ic);
  }
  std::vector<ModelRun> out(2);
  ModelRun& rank_avg = out[0];
  ModelRun& ic_weighted = out[1];
  rank_avg.name = kRankAverage;
  ic_weighted.name = kIcWeighted;
  const std::vector<double> equal(members.size(), 1.0 / static_cast<double>(members.size()));
  for (ModelRun& e : out) {
    e.family = kEnsembleFamily;
    e.oos.assign(set.scoring.rows(), std::nan(""));
  }
  const size_t h = static_cast<size_t>(ctx.params.horizon);
  for (const Fold& fold : ctx.folds) {
    const size_t begin = set.scoring.day_begin[fold.test_first];
    const size_t end = set.scoring.day_begin[fold.test_end];
    CombinePercentiles(percentiles, equal, begin, end, rank_avg.oos);
    // Labels known when the fold starts: forward windows ending by the day before test_first.
    const size_t known_end = fold.test_first > h ? fold.test_first - h : 0;
    CombinePercentiles(percentiles, IcWeights(member_ic, known_end), begin, end, ic_weighted.oos);
  }
  rank_avg.registered.weights = equal;
  ic_weighted.registered.weights = IcWeights(member_ic, set.num_days());
  for (ModelRun& e : out) {
    e.gain.assign(set.features.size(), std::nan(""));
    e.permutation.assign(set.features.size(), std::nan(""));
    e.registered.hyperparameters = {{"members", nlohmann::ordered_json::array()}};
    for (const ModelRun* m : members) e.registered.hyperparameters["members"].push_back(m->name);
    e.registered.train_first = members.front()->registered.train_first;
    e.registered.train_last = members.front()->registered.train_last;
    FinishDaily(e, ctx);
  }
  return out;
}

nlohmann::ordered_json FoldsJson(const ModelRun& run) {
  nlohmann::ordered_json folds = nlohmann::ordered_json::array();
  for (size_t k = 0; k < run.folds.size(); ++k) {
    nlohmann::ordered_json f;
    f["fold"] = k;
    f["train_start"] = FormatDate(run.folds[k].train_start);
    f["train_end"] = FormatDate(run.folds[k].train_end);
    f["test_start"] = FormatDate(run.folds[k].test_start);
    f["test_end"] = FormatDate(run.folds[k].test_end);
    f["train_rows"] = run.folds[k].train_rows;
    if (k < run.train.size()) f["train"] = SummaryJson(run.train[k]);
    f["test"] = SummaryJson(run.folds[k].test);
    folds.push_back(std::move(f));
  }
  return folds;
}

// The per-fold test summaries and the registry entry of `run`. `members`: the member model_ids of
// an ensemble (empty for a learner), part of its identity.
// `cut_off`: the last feature day when --end cut the panel short, else empty; part of the identity, so two
// cut-offs of one store are two models.
void Register(ModelRun& run, const std::vector<std::string>& members, const Context& ctx,
              const std::string& config_yaml, const std::string& data_hash, const std::string& cut_off) {
  const TrainingSet& set = ctx.set;
  const int h = ctx.params.horizon;
  for (const Fold& fold : ctx.folds) {
    evaluation::FoldRow row;
    row.fold = fold.index;
    row.train_start = set.dates[fold.train_first];
    row.train_end = set.dates[fold.train_end - 1];
    row.test_start = set.dates[fold.test_first];
    row.test_end = set.dates[fold.test_end - 1];
    row.train_rows = set.labelled.day_begin[fold.train_end] - set.labelled.day_begin[fold.train_first];
    row.test_days = fold.test_end - fold.test_first;
    row.test = SummarizeDays(std::span<const evaluation::DatedMetrics>(run.daily).subspan(
                                 fold.test_first - ctx.first_test, fold.test_end - fold.test_first),
                             h);
    run.folds.push_back(row);
  }
  RegisteredModel& reg = run.registered;
  reg.model = run.name;
  reg.family = run.family;
  reg.horizon = h;
  reg.features = set.features;
  reg.feature_set_hash = FeatureSetHash(set.features);
  reg.data_hash = data_hash;
  reg.code_version = CodeVersion();
  reg.data_last = set.dates.back();
  reg.config_yaml = config_yaml;
  reg.members = members;
  std::string identity =
      members.empty() ? config_yaml : fmt::format("{}\nmembers {}", config_yaml, fmt::join(members, ","));
  if (!cut_off.empty()) identity += "\ncut-off " + cut_off;
  reg.model_id = ModelId(run.name, h, identity, reg.feature_set_hash, data_hash);
  reg.summary = SummaryJson(SummarizeDays(run.daily, h));
  reg.folds = FoldsJson(run);
}

// Predictions and model_metrics in one store commit, then the registry and (unless training a challenger)
// models/current.json. Returns the prediction rows written.
Result<size_t> WriteOutputs(Store& store, const std::vector<ModelRun>& runs, const Context& ctx,
                            const TrainOptions& options) {
  std::map<int, Table> by_year;
  std::set<std::string> ids;
  for (const ModelRun& run : runs) {
    AppendPredictions(ctx.set, run.registered.model_id, run.oos, "walk_forward", by_year);
    ids.insert(run.registered.model_id);
  }
  size_t rows = 0;
  for (const auto& [year, t] : by_year) rows += t.num_rows();
  QTP_RETURN_IF_ERROR(WritePredictions(store, ids, std::move(by_year)).status());
  QTP_RETURN_IF_ERROR(WriteModelMetrics(store, runs, ctx.params.horizon).status());
  QTP_RETURN_IF_ERROR(store.Commit());
  std::vector<std::string> current;
  for (const ModelRun& run : runs) {
    QTP_RETURN_IF_ERROR(WriteModel(store.data_dir(), run.registered));
    current.push_back(run.registered.model_id);
  }
  if (!options.challenger) QTP_RETURN_IF_ERROR(SetChampion(store.data_dir(), current, "train", options.run_id));
  return rows;
}

evaluation::EvalReport MakeReport(const std::vector<ModelRun>& runs, const Context& ctx, const TrainOptions& options,
                                  const std::string& data_hash) {
  const TrainingSet& set = ctx.set;
  evaluation::EvalReport report;
  report.run.run_id = options.run_id;
  report.run.data_hash = data_hash;
  report.run.simulated = std::find(set.features.begin(), set.features.end(), "sim_signal") != set.features.end();
  report.run.planted_signal = options.planted_signal;
  report.run.leak_rank_ic = ctx.params.leak_rank_ic;
  report.run.universe_note =
      "every ticker with a features row on the day (the stored universe); point-in-time index membership is not "
      "applied to the training rows";
  for (const ModelRun& run : runs) {
    evaluation::ModelReport mr;
    mr.name = run.name;
    mr.model_id = run.registered.model_id;
    mr.family = run.family;
    mr.horizon = ctx.params.horizon;
    mr.folds = run.folds;
    mr.oos = SummarizeDays(run.daily, ctx.params.horizon);
    mr.daily = run.daily;
    if (run.family != kEnsembleFamily) {
      for (size_t j = 0; j < set.features.size(); ++j) {
        mr.importance.push_back({set.features[j], run.gain[j], run.permutation[j]});
      }
    }
    report.models.push_back(std::move(mr));
  }
  // The planted-signal check allows four Newey-West standard errors of the best model's mean.
  if (!report.models.empty()) {
    const evaluation::Summary& best = report.models[evaluation::CompareModels(report.models).front()].oos;
    const double se = std::fabs(best.mean_rank_ic / best.t_stat);
    if (std::isfinite(se) && se > 0) report.run.signal_tolerance = 4 * se;
  }
  return report;
}

// The training set and folds of a run. With `holdout_days` > 0 the last holdout_days panel days
// are held out: the walk-forward folds cover the development days before them less a gap of
// horizon + embargo_days (so no development label window reaches the held-out period), and one
// more fold, fitted on every labelled development day, scores the held-out days.
struct RunPlan {
  TrainingSet set;
  std::vector<Fold> folds;
  size_t development_days = 0;
  bool cut_short = false;  // TrainOptions::last_date left stored feature days out
};

Result<RunPlan> PlanRun(const Store& store, const TrainOptions& options, size_t holdout_days) {
  const ModelParams& p = options.params;
  QTP_RETURN_IF_ERROR(p.Validate());
  const int h = p.horizon;
  QTP_ASSIGN_OR_RETURN(eda::Panel panel, eda::LoadPanel(store, false));
  // An excluded ticker has no close: it is neither trained on nor scored.
  for (const std::string& ticker : options.exclude_tickers) {
    const int t = panel.TickerIndex(ticker);
    if (t < 0) continue;
    for (size_t d = 0; d < panel.num_days(); ++d) panel.Close(d)[static_cast<size_t>(t)] = std::nan("");
  }
  const size_t cut =
      options.last_date == kNullDate
          ? panel.num_days()
          : static_cast<size_t>(std::upper_bound(panel.dates().begin(), panel.dates().end(), options.last_date) -
                                panel.dates().begin());
  // The days the models can use run from the first to the last with min_tickers scorable names: a
  // store's history can start with a few names, or go on with a benchmark alone (SPY imported to
  // the present while the universe's data ends earlier). min_train_days counts from the first.
  const std::vector<size_t> any_usable = UsableFeatures(panel, p.exclude_features, cut);
  if (any_usable.empty()) return Status::InvalidArgument("train: no predictor has any value (run `qtp features`)");
  const auto enough_names = [&](size_t d) {
    size_t n = 0;
    for (size_t i = 0; i < panel.num_tickers(); ++i) n += IsScoringRow(panel, d, i, any_usable) ? 1 : 0;
    return n >= static_cast<size_t>(p.labels.min_tickers);
  };
  size_t first = 0, end = cut;
  while (first < end && !enough_names(first)) ++first;
  while (end > first && !enough_names(end - 1)) --end;
  const size_t gap = static_cast<size_t>(h + p.walk_forward.embargo_days);
  RunPlan plan;
  plan.cut_short = cut < panel.num_days();
  plan.development_days = holdout_days == 0 ? end : end - std::min(end - first, holdout_days + gap);
  const std::vector<size_t> usable = UsableFeatures(panel, p.exclude_features, plan.development_days);
  if (usable.empty()) return Status::InvalidArgument("train: no predictor has any value (run `qtp features`)");
  plan.set = BuildTrainingSet(panel, usable, h, p.labels, end);
  plan.folds = PlanFolds(plan.development_days - first, p.walk_forward, h);
  for (Fold& f : plan.folds) {
    for (size_t* day : {&f.train_first, &f.train_end, &f.inner_end, &f.validation_first, &f.test_first, &f.test_end}) {
      *day += first;
    }
  }
  if (plan.folds.empty()) {
    return Status::InvalidArgument(fmt::format(
        "train: {} development feature days with at least {} names are too few for one walk-forward fold: the "
        "first test day needs walk_forward.min_train_days ({}) + horizon ({}) + embargo_days ({}) earlier days ({})",
        plan.development_days - first, p.labels.min_tickers, p.walk_forward.min_train_days, h,
        p.walk_forward.embargo_days, kModelsFile));
  }
  if (holdout_days > 0) {
    Fold held_out = FinalFold(plan.development_days, p.walk_forward, h);
    held_out.index = static_cast<int>(plan.folds.size());
    held_out.test_first = end - std::min(end, holdout_days);
    held_out.test_end = end;
    plan.folds.push_back(held_out);
  }
  return plan;
}

Context MakeContext(const RunPlan& plan, const ModelParams& p, bool final_fit) {
  return Context{plan.set,
                 plan.folds,
                 p,
                 {.quantiles = p.quantiles, .min_tickers = static_cast<size_t>(p.labels.min_tickers)},
                 plan.folds.front().test_first,
                 plan.folds.back().test_end,
                 final_fit};
}

}  // namespace

Result<HeldOutTraining> TrainWithHoldout(const Store& store, const TrainOptions& options, size_t holdout_days,
                                         const eda::DayProgressFn& progress) {
  if (holdout_days == 0) return Status::InvalidArgument("validation: holdout_days must be positive");
  QTP_ASSIGN_OR_RETURN(const RunPlan plan, PlanRun(store, options, holdout_days));
  const Context ctx = MakeContext(plan, options.params, false);
  QTP_ASSIGN_OR_RETURN(std::vector<ModelRun> runs, TrainLearners(ctx, progress));
  for (ModelRun& run : runs) FinishDaily(run, ctx);
  if (options.params.WantsEnsemble()) {
    for (ModelRun& e : Ensembles(runs, options.params.EnsembleMembers(), ctx)) runs.push_back(std::move(e));
  }
  HeldOutTraining out;
  const TrainingSet& set = plan.set;
  out.dates = set.dates;
  out.tickers = set.tickers;
  out.day_begin = set.scoring.day_begin;
  out.ticker = set.scoring.ticker;
  out.development_folds.assign(plan.folds.begin(), plan.folds.end() - 1);
  out.development_days = plan.development_days;
  out.holdout_first = plan.folds.back().test_first;
  out.features = set.features;
  for (ModelRun& run : runs) {
    out.models.push_back({run.name, run.family, std::move(run.oos), std::move(run.daily_rank_ic)});
  }
  return out;
}

Result<TrainSummary> RunTrain(Store& store, const TrainOptions& options, const eda::DayProgressFn& progress) {
  const ModelParams& p = options.params;
  QTP_ASSIGN_OR_RETURN(const RunPlan plan, PlanRun(store, options, 0));
  const TrainingSet& set = plan.set;
  const std::vector<Fold>& folds = plan.folds;
  const Context ctx = MakeContext(plan, p, true);
  QTP_ASSIGN_OR_RETURN(std::vector<ModelRun> runs, TrainLearners(ctx, progress));
  for (ModelRun& run : runs) FinishDaily(run, ctx);
  const std::string data_hash = DataHash(store);
  const std::string cut_off = plan.cut_short ? FormatDate(set.dates.back()) : "";
  for (ModelRun& run : runs) Register(run, {}, ctx, options.config_yaml, data_hash, cut_off);
  if (p.WantsEnsemble()) {
    const std::vector<std::string> member_names = p.EnsembleMembers();
    std::vector<std::string> member_ids;
    for (const ModelRun& run : runs) {
      if (std::find(member_names.begin(), member_names.end(), run.name) != member_names.end()) {
        member_ids.push_back(run.registered.model_id);
      }
    }
    for (ModelRun& e : Ensembles(runs, member_names, ctx)) {
      Register(e, member_ids, ctx, options.config_yaml, data_hash, cut_off);
      runs.push_back(std::move(e));
    }
  }
  QTP_ASSIGN_OR_RETURN(const size_t prediction_rows, WriteOutputs(store, runs, ctx, options));
  const evaluation::EvalReport report = MakeReport(runs, ctx, options, data_hash);
  const std::string report_dir =
      store.data_dir() + (options.challenger ? "/reports/challengers/" + options.run_id : std::string("/reports"));
  QTP_ASSIGN_OR_RETURN(const evaluation::ReportFiles files,
                       evaluation::WriteReport(report, report_dir, {.plots = p.plots, .path_env = options.path_env}));

  TrainSummary s;
  s.tickers = set.tickers.size();
  s.days = set.num_days();
  s.features = set.features.size();
  s.labelled_rows = set.labelled.rows();
  s.folds = folds.size();
  s.first_test = set.dates[ctx.first_test];
  s.last_test = set.dates[ctx.end_test - 1];
  for (const size_t m : evaluation::CompareModels(report.models)) {
    const evaluation::ModelReport& mr = report.models[m];
    s.models.push_back({mr.name, mr.model_id, mr.oos.mean_rank_ic, mr.oos.icir, mr.oos.t_stat, mr.oos.days});
  }
  for (const size_t m : evaluation::LeakSuspects(report)) s.leak_suspects.push_back(report.models[m].name);
  s.prediction_rows = prediction_rows;
  s.report_path = files.markdown;
  return s;
}

}  // namespace qtp::models
