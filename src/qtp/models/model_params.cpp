#include "qtp/models/model_params.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "qtp/config/config_io.h"

namespace qtp::models {

namespace {

const std::vector<std::string>& FamilyChoices() {
  static const std::vector<std::string> kChoices = {"ridge", "logistic", "xgb", "lambdamart", kEnsembleFamily};
  return kChoices;
}

void DescribeBoost(config::Section& s, BoostSettings& b, std::vector<std::string> objectives) {
  s.Param("objective", b.objective, "XGBoost objective", std::move(objectives));
  s.Param("rounds", b.rounds, "boosting rounds (trees)", 1, 5000);
  s.Param("max_depth", b.max_depth, "tree depth", 1, 16);
  s.Param("learning_rate", b.learning_rate, "shrinkage per round (eta)", 1e-4, 1.0);
  s.Param("subsample", b.subsample, "share of rows sampled per tree", 0.05, 1.0);
  s.Param("colsample_bytree", b.colsample_bytree, "share of features sampled per tree", 0.05, 1.0);
  s.Param("min_child_weight", b.min_child_weight, "minimum hessian sum per leaf", 0.0, 1e7);
  s.Param("reg_lambda", b.reg_lambda, "L2 penalty on leaf weights", 0.0, 1e6);
  s.Param("max_bin", b.max_bin, "histogram bins per feature (bin edges from the first fold's training rows)", 8,
          1024);
  s.Param("warm_start_rounds", b.warm_start_rounds,
          "trees each later walk-forward refit adds to the model so far (0: every refit grows `rounds` trees "
          "afresh on its whole window)",
          0, 5000);
  s.Param("warm_start_days", b.warm_start_days,
          "the latest training days each warm-start stage is fitted on (the earlier days are in the model already)",
          20, 10000);
}

Result<double> ParsePenalty(const std::string& text) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v) || v <= 0) {
    return Status::InvalidArgument(fmt::format("ridge_penalties: '{}' is not a positive number", text));
  }
  return v;
}

}  // namespace

void DescribeParams(config::Section& section, ModelParams& p) {
  section.Param("families", p.families,
                "what qtp train fits by default (--models overrides): ridge, logistic, xgb, lambdamart, ensemble",
                FamilyChoices());
  section.Param("horizon", p.horizon, "label horizon in trading days (--horizon overrides): 1, 3, 5 or 10", 1, 10);
  config::Section& wf = section.Child("walk_forward", "The split scheme (docs/models.md)");
  wf.Param("window", p.walk_forward.window, "expanding: every earlier labelled day; rolling: the last train_days",
           {"expanding", "rolling"});
  wf.Param("train_days", p.walk_forward.train_days, "rolling window length in trading days", 20, 10000);
  wf.Param("min_train_days", p.walk_forward.min_train_days, "labelled days before the first test period", 20, 10000);
  wf.Param("retrain_every_days", p.walk_forward.retrain_every_days,
           "trading days per test period: the model is refitted at each period's start", 1, 1000);
  wf.Param("embargo_days", p.walk_forward.embargo_days,
           "gap in trading days between the end of the last training label window and the test period, on top of "
           "the purge of the label horizon",
           0, 250);
  wf.Param("validation_fraction", p.walk_forward.validation_fraction,
           "latest share of each training window held out (purged) to choose the ridge penalty", 0.05, 0.5);
  config::Section& labels = section.Child("labels", "Labels from the forward return over the horizon");
  labels.Param("classifier_quantile", p.labels.classifier_quantile,
               "logistic: the day's top share of forward returns is class 1, the bottom share class 0", 0.05, 0.5);
  labels.Param("relevance_levels", p.labels.relevance_levels,
               "lambdamart: integer relevance grades of the daily forward-return percentile", 2, 31);
  labels.Param("min_tickers", p.labels.min_tickers, "days with fewer labelled tickers are skipped", 3, 100000);
  section.Param("ridge_penalties", p.ridge_penalties,
                "ridge: candidate L2 penalties, chosen by the inner validation's mean daily rank IC");
  config::Section& lg = section.Child("logistic", "L2 logistic regression (IRLS)");
  lg.Param("l2", p.logistic.l2, "L2 penalty on the coefficients (not the intercept)", 1e-8, 1e8);
  lg.Param("max_iterations", p.logistic.max_iterations, "Newton steps before giving up", 1, 1000);
  lg.Param("tolerance", p.logistic.tolerance, "converged when max |gradient| / rows is at most this", 1e-14, 1e-2);
  DescribeBoost(section.Child("xgb", "XGBoost gradient boosting (hist) on the ranked label"), p.xgb,
                {"reg:squarederror", "reg:pseudohubererror"});
  DescribeBoost(section.Child("lambdamart", "LambdaMART: XGBoost ranking, one query group per date"), p.lambdamart,
                {"rank:pairwise", "rank:ndcg"});
  section.Param("ensemble_members", p.ensemble_members,
                "families the ensembles combine, of those trained (all trained ones when fewer than two are listed)",
                {"ridge", "logistic", "xgb", "lambdamart"});
  section.Param("exclude_features", p.exclude_features, "predictors the models never see");
  section.Param("permutation_folds", p.permutation_folds,
                "permutation importance on the test rows of the last N folds (0: off)", 0, 10000);
  section.Param("leak_rank_ic", p.leak_rank_ic,
                "real data: an out-of-sample mean daily rank IC at or above this is flagged as a likely leak", 0.0,
                1.0);
  section.Param("quantiles", p.quantiles, "top-minus-bottom spread between the extreme quantiles", 2, 100);
  section.Param("plots", p.plots, "draw the IC-over-time plots with gnuplot");
  section.Param("seed", p.seed, "seed of every random choice (XGBoost sampling, permutations)", 0, INT64_MAX);
  section.Param("threads", p.threads,
                "threads in all: the families are fitted side by side, the rest go to each booster; with the seed it "
                "fixes the output bits",
                1, 64);
  section.Rule("horizon is 1, 3, 5 or 10", [&p] { return p.horizon == 1 || p.horizon == 3 || p.horizon == 5 ||
                                                         p.horizon == 10; });
  section.Rule("families, ridge_penalties and ensemble_members parse (Validate)", [&p] { return p.Validate().ok(); });
}

Status ModelParams::Validate() const {
  if (families.empty()) return Status::InvalidArgument("models: families is empty");
  for (const std::string& f : families) {
    if (std::find(FamilyChoices().begin(), FamilyChoices().end(), f) == FamilyChoices().end()) {
      return Status::InvalidArgument(
          fmt::format("models: unknown family '{}' (valid: {})", f, fmt::join(FamilyChoices(), ", ")));
    }
  }
  if (ridge_penalties.empty()) return Status::InvalidArgument("models: ridge_penalties is empty");
  for (const std::string& text : ridge_penalties) QTP_RETURN_IF_ERROR(ParsePenalty(text).status());
  if (WantsEnsemble() && EnsembleMembers().size() < 2) {
    return Status::InvalidArgument(
        fmt::format("models: an ensemble combines at least two model families; the families are {}",
                    fmt::join(families, ", ")));
  }
  return Status::OK();
}

std::vector<std::string> ModelParams::EnsembleMembers() const {
  std::vector<std::string> trained;
  std::vector<std::string> listed;
  for (const Family f : LearnerFamilies()) {
    trained.push_back(FamilyName(f));
    if (std::find(ensemble_members.begin(), ensemble_members.end(), trained.back()) != ensemble_members.end()) {
      listed.push_back(trained.back());
    }
  }
  return listed.size() >= 2 ? listed : trained;
}

std::vector<Family> ModelParams::LearnerFamilies() const {
  std::vector<Family> out;
  for (const std::string& f : families) {
    if (f == kEnsembleFamily) continue;
    const Result<Family> family = ParseFamily(f);
    if (family.ok() && std::find(out.begin(), out.end(), *family) == out.end()) out.push_back(*family);
  }
  return out;
}

bool ModelParams::WantsEnsemble() const {
  return std::find(families.begin(), families.end(), kEnsembleFamily) != families.end();
}

LearnerSettings ModelParams::Settings() const {
  LearnerSettings s;
  s.ridge.penalties.clear();
  for (const std::string& text : ridge_penalties) s.ridge.penalties.push_back(*ParsePenalty(text));
  s.logistic = logistic;
  s.xgb = xgb;
  s.lambdamart = lambdamart;
  s.seed = static_cast<uint64_t>(seed);
  s.threads = threads;
  return s;
}

Result<std::string> DefaultModelsYaml() {
  ModelParams defaults;
  return config::ParamsYaml(defaults,
                            "qtp models: families, hyperparameters, labels and the walk-forward split of `qtp train`.\n"
                            "docs/models.md explains each choice. Validated on load: unknown keys, wrong types and\n"
                            "out-of-range values are errors naming file, key and line.");
}

}  // namespace qtp::models
