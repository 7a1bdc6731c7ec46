// The model registry: <data>/models/<model_id>/, one folder per trained model, never overwritten
// in place (an identical model_id means identical inputs, hence identical files).
//   model.json    what the model is: model_id, model name, family, horizon, the features (in column
//                 order) and their hash, the data hash, the code version, the training window of
//                 the registered fit, its chosen hyperparameters, ensemble members and weights, and
//                 the out-of-sample summary. Written last: a folder without it is incomplete and
//                 ignored (a crash mid-write loses nothing registered).
//   config.yaml   the snapshot of config/models.yaml the model was trained with
//   artifact.json the fitted model (Learner::Serialize; absent for ensembles, which combine members)
//   folds.json    the walk-forward metrics of every fold (train and test)
// The model_id is derived from those inputs: <model>-h<horizon>-<first 12 hex of SHA-256 of the model
// name, horizon, its configuration, the feature-set hash, the data hash and the code version>.
// <data>/models/current.json lists the model_ids of the latest `qtp train`: what `qtp predict` uses.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "qtp/core/status.h"
#include "qtp/core/time.h"

namespace qtp::models {

// The build's code version (git commit at configure time, or "unknown" outside a git checkout).
const char* CodeVersion();

struct RegisteredModel {
  std::string model_id;
  std::string model;   // ridge, logistic, xgb, lambdamart, ensemble_rank, ensemble_ic
  std::string family;  // the learner family, or "ensemble"
  int horizon = 1;
  std::vector<std::string> features;
  std::string feature_set_hash;
  std::string data_hash;
  std::string code_version;
  DateDays train_first = kNullDate;  // days whose labels the registered fit learned from
  DateDays train_last = kNullDate;
  DateDays data_last = kNullDate;    // the last feature day the training saw (labels end there)
  nlohmann::ordered_json hyperparameters;
  std::vector<std::string> members;  // ensembles: member model_ids
  std::vector<double> weights;       // ensembles: member weights of the registered combination
  nlohmann::ordered_json summary;    // out-of-sample metrics over every fold
  nlohmann::ordered_json folds;      // per fold: train and test metrics (folds.json)
  std::string config_yaml;
  std::string artifact;              // empty for ensembles
};

// model_id from the inputs named above.
std::string ModelId(const std::string& model, int horizon, const std::string& config_text,
                    const std::string& feature_set_hash, const std::string& data_hash);
std::string FeatureSetHash(const std::vector<std::string>& features);

std::string RegistryDir(const std::string& data_dir);
Status WriteModel(const std::string& data_dir, const RegisteredModel& model);
// Without the artifact and folds unless `full`.
Result<RegisteredModel> ReadModel(const std::string& data_dir, const std::string& model_id, bool full);
// The models `model_ids`, in that order (NotFound naming the first one missing).
Result<std::vector<RegisteredModel>> ReadModels(const std::string& data_dir, const std::vector<std::string>& model_ids,
                                                bool full);
// A number of the model's out-of-sample summary ("mean_rank_ic", "icir", ...): NaN when absent or not a number.
double SummaryNumber(const RegisteredModel& model, const char* key);
// The model_id among `models` with the best finite summary mean_rank_ic, ties to the smaller model_id; ""
// when none has one.
std::string BestByRankIc(const std::vector<RegisteredModel>& models);
// Every complete model, sorted by model_id.
Result<std::vector<RegisteredModel>> ListModels(const std::string& data_dir);
Status WriteCurrent(const std::string& data_dir, const std::vector<std::string>& model_ids);
// NotFound when no `qtp train` has registered anything.
Result<std::vector<std::string>> ReadCurrent(const std::string& data_dir);

}  // namespace qtp::models
