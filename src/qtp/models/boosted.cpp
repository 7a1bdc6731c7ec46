#include "qtp/models/boosted.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>

#include <fmt/format.h>
#include <xgboost/c_api.h>

#include "qtp/models/learner_internal.h"

// Calls XGBoost function `fn` and returns its error as a Status.
#define QTP_XGB(fn, ...) QTP_RETURN_IF_ERROR(Xgb(fn(__VA_ARGS__), #fn))

namespace qtp::models {

namespace internal {
void XgbDMatrixFree::operator()(void* handle) const { XGDMatrixFree(handle); }
void XgbBoosterFree::operator()(void* handle) const { XGBoosterFree(handle); }
}  // namespace internal

namespace {

// Every XGBoost call goes through here: a nonzero return becomes a Status with XGBoost's message.
Status Xgb(int rc, const char* function) {
  if (rc == 0) return Status::OK();
  return Status::Internal(fmt::format("XGBoost {}: {}", function, XGBGetLastError()));
}

// numpy __array_interface__ (version 3) of a read-only dense row-major float matrix.
std::string ArrayInterface(const float* data, size_t rows, size_t cols) {
  return fmt::format(R"({{"data":[{},true],"shape":[{},{}],"typestr":"<f4","version":3}})",
                     reinterpret_cast<uintptr_t>(data), rows, cols);
}

// The one-batch data iterator XGQuantileDMatrixCreateFromCallback pulls the rows from.
struct DenseBatch {
  std::string array_interface;
  DMatrixHandle proxy = nullptr;
  bool done = false;
  int error = 0;
};

void ResetBatch(DataIterHandle handle) { static_cast<DenseBatch*>(handle)->done = false; }

int NextBatch(DataIterHandle handle) {
  auto* batch = static_cast<DenseBatch*>(handle);
  if (batch->done) return 0;
  batch->done = true;
  batch->error = XGProxyDMatrixSetDataDense(batch->proxy, batch->array_interface.c_str());
  return batch->error == 0 ? 1 : 0;
}

bool IsRanking(const std::string& objective) { return objective == "rank:ndcg" || objective == "rank:pairwise"; }

// An XGBoost model (JSON) as a booster of `family` with `threads` threads.
Result<std::shared_ptr<void>> LoadBooster(Family family, std::string_view model, int threads) {
  BoosterHandle raw = nullptr;
  QTP_XGB(XGBoosterCreate, nullptr, 0, &raw);
  std::shared_ptr<void> booster(raw, internal::XgbBoosterFree());
  const Status loaded =
      Xgb(XGBoosterLoadModelFromBuffer(booster.get(), model.data(), model.size()), "XGBoosterLoadModelFromBuffer");
  if (!loaded.ok())
    return Status::InvalidArgument(fmt::format("{} artifact: {}", FamilyName(family), loaded.message()));
  QTP_XGB(XGBoosterSetParam, booster.get(), "nthread", fmt::format("{}", threads).c_str());
  QTP_XGB(XGBoosterSetParam, booster.get(), "verbosity", "0");
  // The artifact's own objective must belong to the family asked for.
  bst_ulong length = 0;
  char const* config = nullptr;
  QTP_XGB(XGBoosterSaveJsonConfig, booster.get(), &length, &config);
  const nlohmann::json doc = nlohmann::json::parse(std::string_view(config, length), nullptr, false);
  const nlohmann::json::json_pointer objective_path("/learner/objective/name");
  const std::string objective =
      !doc.is_discarded() && doc.contains(objective_path) ? doc[objective_path].get<std::string>() : "";
  const bool ranking = IsRanking(objective);
  if ((family == Family::kLambdaMart) != ranking || (family == Family::kXgb && objective != "reg:squarederror")) {
    return Status::InvalidArgument(fmt::format("{} artifact: the model's objective '{}' belongs to another family",
                                               FamilyName(family), objective));
  }
  return booster;
}

// Appends the trees of XGBoost JSON model `stage` to `model` (same objective and features), in
// XGBoost 1.7's model schema: learner.gradient_booster.model.{trees, tree_info,
// gbtree_model_param.num_trees}, each tree numbered by its position in `trees`.
Status AppendTrees(nlohmann::json& model, nlohmann::json stage) {
  const nlohmann::json::json_pointer trees_path("/learner/gradient_booster/model/trees");
  const nlohmann::json::json_pointer info_path("/learner/gradient_booster/model/tree_info");
  const nlohmann::json::json_pointer count_path("/learner/gradient_booster/model/gbtree_model_param/num_trees");
  for (const nlohmann::json* doc : {&model, &stage}) {
    if (!doc->contains(trees_path) || !(*doc)[trees_path].is_array() || !doc->contains(info_path) ||
        !(*doc)[info_path].is_array() || !doc->contains(count_path)) {
      return Status::Internal("XGBoost model JSON: no gradient_booster.model.trees, tree_info and num_trees");
    }
  }
  nlohmann::json& trees = model[trees_path];
  nlohmann::json& info = model[info_path];
  for (nlohmann::json& tree : stage[trees_path]) {
    tree["id"] = trees.size();
    trees.push_back(std::move(tree));
  }
  for (nlohmann::json& group : stage[info_path]) info.push_back(std::move(group));
  model[count_path] = std::to_string(trees.size());
  return Status::OK();
}

}  // namespace

BoostedLearner::BoostedLearner(Family family, BoostSettings settings, uint64_t seed, int threads)
    : family_(family), settings_(std::move(settings)), seed_(seed), threads_(threads) {}

Status BoostedLearner::CheckSettings() const {
  const BoostSettings& s = settings_;
  if (family_ == Family::kXgb && s.objective != "reg:squarederror") {
    return Status::InvalidArgument(fmt::format("xgb: objective '{}' is not reg:squarederror", s.objective));
  }
  if (family_ == Family::kLambdaMart && !IsRanking(s.objective)) {
    return Status::InvalidArgument(
        fmt::format("lambdamart: objective '{}' is not rank:ndcg or rank:pairwise", s.objective));
  }
  if (family_ != Family::kXgb && family_ != Family::kLambdaMart) {
    return Status::InvalidArgument(
        fmt::format("boosted trees: family {} is not xgb or lambdamart", FamilyName(family_)));
  }
  const bool ok = s.rounds >= 1 && s.max_depth >= 1 && s.learning_rate > 0 && s.subsample > 0 && s.subsample <= 1 &&
                  s.colsample_bytree > 0 && s.colsample_bytree <= 1 && s.min_child_weight >= 0 && s.reg_lambda >= 0 &&
                  s.max_bin >= 2 && threads_ >= 1;
  if (!ok) {
    return Status::InvalidArgument(fmt::format(
        "{}: settings out of range (rounds >= 1, max_depth >= 1, learning_rate > 0, subsample and colsample_bytree in "
        "(0, 1], min_child_weight >= 0, reg_lambda >= 0, max_bin >= 2, threads >= 1)",
        FamilyName(family_)));
  }
  return Status::OK();
}

Status BoostedLearner::CheckLabels(const DesignView& train) const {
  const bool ranking = IsRanking(settings_.objective);
  for (size_t r = 0; r < train.rows(); ++r) {
    const double y = train.label[r];
    if (!std::isfinite(y))
      return Status::InvalidArgument(fmt::format("{}: label at row {} is not finite", FamilyName(family_), r));
    if (ranking && (y < 0 || y != std::floor(y))) {
      return Status::InvalidArgument(
          fmt::format("{}: ranking label {} at row {} is not a non-negative integer", FamilyName(family_), y, r));
    }
  }
  return Status::OK();
}

Result<BoostedLearner::DMatrixPtr> BoostedLearner::Quantize(const DesignView& rows) const {
  DenseBatch batch{.array_interface = ArrayInterface(rows.x.data(), rows.rows(), rows.cols)};
  QTP_XGB(XGProxyDMatrixCreate, &batch.proxy);
  const DMatrixPtr proxy(batch.proxy);
  const std::string config = fmt::format(R"({{"missing":NaN,"nthread":{},"max_bin":{}}})", threads_, settings_.max_bin);
  DMatrixHandle out = nullptr;
  const int rc = XGQuantileDMatrixCreateFromCallback(&batch, batch.proxy, reference_.get(), ResetBatch, NextBatch,
                                                     config.c_str(), &out);
  DMatrixPtr matrix(out);
  if (batch.error != 0) return Xgb(batch.error, "XGProxyDMatrixSetDataDense");
  QTP_RETURN_IF_ERROR(Xgb(rc, "XGQuantileDMatrixCreateFromCallback"));
  return matrix;
}

Status BoostedLearner::Fit(const DesignView& train, const DesignView& validation) {
  const bool add_stage = warm_start() && latest_stage_ != nullptr;
  if (!add_stage) {
    model_.reset();
    latest_stage_.reset();
    model_json_ = nlohmann::json();
    stages_ = 0;
  }
  QTP_RETURN_IF_ERROR(CheckSettings());
  const std::string name = FamilyName(family_);
  QTP_RETURN_IF_ERROR(internal::CheckDesign(train, name + " training rows"));
  QTP_RETURN_IF_ERROR(internal::CheckDesign(validation, name + " validation rows"));
  QTP_RETURN_IF_ERROR(internal::CheckCols(validation, train.cols, name + " validation rows"));
  if (train.empty()) return Status::InvalidArgument(name + ": no training rows");
  if (train.cols == 0) return Status::InvalidArgument(name + ": no features");
  if (reference_ != nullptr && train.cols != reference_cols_) {
    return Status::InvalidArgument(
        fmt::format("{}: {} features, the histogram bins were cut for {}", name, train.cols, reference_cols_));
  }
  if (add_stage && train.cols != cols_) {
    return Status::InvalidArgument(fmt::format("{}: {} features, the model has {}", name, train.cols, cols_));
  }
  if (!train.base_margin.empty() && train.base_margin.size() != train.rows()) {
    return Status::InvalidArgument(
        fmt::format("{}: {} base margins for {} training rows", name, train.base_margin.size(), train.rows()));
  }
  QTP_RETURN_IF_ERROR(CheckLabels(train));

  if (!add_stage) {
    QTP_ASSIGN_OR_RETURN(const std::string text, Train(train, {}, settings_.rounds));
    // A reloaded copy: the trained booster also holds its training scratch (gradients, row
    // partitions, cached predictions: tens of MB at walk-forward sizes).
    QTP_ASSIGN_OR_RETURN(model_, LoadBooster(family_, text, threads_));
    if (warm_start()) {
      model_json_ = nlohmann::json::parse(text);
      latest_stage_ = model_;
    }
    cols_ = train.cols;
  } else {
    std::vector<double> predicted;
    std::span<const double> start = train.base_margin;
    if (start.empty()) {
      predicted.resize(train.rows());
      QTP_RETURN_IF_ERROR(Predict(train, predicted));
      start = predicted;
    }
    QTP_ASSIGN_OR_RETURN(const std::string text, Train(train, start, settings_.warm_start_rounds));
    QTP_ASSIGN_OR_RETURN(latest_stage_, LoadBooster(family_, text, threads_));
    // On an error past this point the learner is reset (below), as model_json_ may be half extended.
    Status merged = AppendTrees(model_json_, nlohmann::json::parse(text));
    if (merged.ok()) {
      Result<Booster> extended = LoadBooster(family_, model_json_.dump(), threads_);
      if (extended.ok()) model_ = std::move(extended).value();
      merged = extended.status();
    }
    if (!merged.ok()) {
      model_.reset();
      latest_stage_.reset();
      return merged;
    }
  }
  ++stages_;
  const Status summarized = Summarize();
  if (!summarized.ok()) {
    model_.reset();
    latest_stage_.reset();
  }
  return summarized;
}

Result<std::string> BoostedLearner::Train(const DesignView& train, std::span<const double> start, int rounds) {
  QTP_ASSIGN_OR_RETURN(DMatrixPtr matrix, Quantize(train));
  const std::vector<float> label(train.label.begin(), train.label.end());
  QTP_XGB(XGDMatrixSetFloatInfo, matrix.get(), "label", label.data(), label.size());
  if (IsRanking(settings_.objective)) {
    const std::vector<unsigned> groups(train.group_sizes.begin(), train.group_sizes.end());
    QTP_XGB(XGDMatrixSetUIntInfo, matrix.get(), "group", groups.data(), groups.size());
  }
  if (!start.empty()) {
    const std::vector<float> margin(start.begin(), start.end());
    QTP_XGB(XGDMatrixSetFloatInfo, matrix.get(), "base_margin", margin.data(), margin.size());
  }

  DMatrixHandle cache = matrix.get();
  BoosterHandle raw = nullptr;
  QTP_XGB(XGBoosterCreate, &cache, 1, &raw);
  const BoosterPtr booster(raw);
  const BoostSettings& s = settings_;
  std::vector<std::pair<const char*, std::string>> params = {
      {"verbosity", "0"},
      {"objective", s.objective},
      {"tree_method", "hist"},
      {"nthread", fmt::format("{}", threads_)},
      {"seed", fmt::format("{}", seed_ + static_cast<uint64_t>(stages_))},
      {"max_depth", fmt::format("{}", s.max_depth)},
      {"eta", fmt::format("{}", s.learning_rate)},
      {"subsample", fmt::format("{}", s.subsample)},
      {"colsample_bytree", fmt::format("{}", s.colsample_bytree)},
      {"min_child_weight", fmt::format("{}", s.min_child_weight)},
      {"lambda", fmt::format("{}", s.reg_lambda)},
      {"max_bin", fmt::format("{}", s.max_bin)},
  };
  if (!start.empty()) {
    // The stage's trees add to the model's score, so they bring no offset of their own.
    params.emplace_back("base_score", "0");
  } else if (family_ == Family::kXgb) {
    const double mean =
        std::accumulate(train.label.begin(), train.label.end(), 0.0) / static_cast<double>(train.rows());
    params.emplace_back("base_score", fmt::format("{}", mean));
  }
  for (const auto& [key, value] : params) QTP_XGB(XGBoosterSetParam, booster.get(), key, value.c_str());
  for (int round = 0; round < rounds; ++round) QTP_XGB(XGBoosterUpdateOneIter, booster.get(), round, matrix.get());
  if (reference_ == nullptr) {
    reference_ = std::move(matrix);
    reference_cols_ = train.cols;
  }
  bst_ulong length = 0;
  char const* bytes = nullptr;
  QTP_XGB(XGBoosterSaveModelToBuffer, booster.get(), R"({"format":"json"})", &length, &bytes);
  return std::string(bytes, length);
}

Status BoostedLearner::Summarize() {
  int rounds = 0;
  QTP_XGB(XGBoosterBoostedRounds, model_.get(), &rounds);
  bst_ulong n = 0;
  char const** names = nullptr;
  bst_ulong dim = 0;
  bst_ulong const* shape = nullptr;
  float const* scores = nullptr;
  QTP_XGB(XGBoosterFeatureScore, model_.get(), R"({"importance_type":"total_gain"})", &n, &names, &dim, &shape,
          &scores);
  std::vector<double> importance(cols_, 0.0);
  for (bst_ulong k = 0; k < n; ++k) {
    const std::string_view feature = names[k];
    size_t index = 0;
    const bool named = feature.size() > 1 && feature[0] == 'f';
    const auto [end, ec] = std::from_chars(feature.data() + 1, feature.data() + feature.size(), index);
    if (!named || ec != std::errc() || end != feature.data() + feature.size() || index >= cols_) {
      return Status::Internal(fmt::format("XGBoost importance: unexpected feature name '{}'", feature));
    }
    importance[index] = scores[k];
  }
  rounds_ = rounds;
  importance_ = std::move(importance);
  return Status::OK();
}

Status BoostedLearner::AddPrediction(const Booster& booster, const char* missing, const DesignView& rows,
                                     std::span<double> scores) const {
  const std::string name = FamilyName(family_);
  if (booster == nullptr) return Status::InvalidArgument(fmt::format("{}: {}", name, missing));
  QTP_RETURN_IF_ERROR(internal::CheckDesign(rows, name + " rows to score"));
  QTP_RETURN_IF_ERROR(internal::CheckCols(rows, cols_, name + " rows to score"));
  if (scores.size() != rows.rows()) {
    return Status::InvalidArgument(fmt::format("{}: {} scores for {} rows", name, scores.size(), rows.rows()));
  }
  // A booster keeps its latest prediction buffer until its next prediction; slices of at most
  // kSlice rows keep that buffer small for every booster a run holds.
  constexpr size_t kSlice = size_t{1} << 16;
  const char* config =
      R"({"type":0,"training":false,"iteration_begin":0,"iteration_end":0,"strict_shape":false,)"
      R"("cache_id":0,"missing":NaN})";
  for (size_t first = 0; first < rows.rows(); first += kSlice) {
    const size_t n = std::min(kSlice, rows.rows() - first);
    const std::string data = ArrayInterface(rows.x.data() + first * rows.cols, n, rows.cols);
    bst_ulong const* shape = nullptr;
    bst_ulong dim = 0;
    float const* out = nullptr;
    QTP_XGB(XGBoosterPredictFromDense, booster.get(), data.c_str(), config, nullptr, &shape, &dim, &out);
    bst_ulong count = dim == 0 ? 0 : 1;
    for (bst_ulong k = 0; k < dim; ++k) count *= shape[k];
    if (count != n) return Status::Internal(fmt::format("XGBoost returned {} predictions for {} rows", count, n));
    for (size_t r = 0; r < n; ++r) scores[first + r] += out[r];
  }
  return Status::OK();
}

Status BoostedLearner::Predict(const DesignView& rows, std::span<double> scores) const {
  if (scores.size() == rows.rows()) std::fill(scores.begin(), scores.end(), 0.0);
  return AddPrediction(model_, "Predict before a fit", rows, scores);
}

Status BoostedLearner::AddLatestStage(const DesignView& rows, std::span<double> margin) const {
  return AddPrediction(latest_stage_, "no warm-started fit to add", rows, margin);
}

std::unique_ptr<BoostedLearner> BoostedLearner::Snapshot() const {
  auto copy = std::make_unique<BoostedLearner>(family_, settings_, seed_, threads_);
  copy->model_ = model_;
  copy->stages_ = stages_;
  copy->cols_ = cols_;
  copy->rounds_ = rounds_;
  copy->importance_ = importance_;
  return copy;
}

nlohmann::ordered_json BoostedLearner::Describe() const {
  nlohmann::ordered_json out;
  out["objective"] = settings_.objective;
  out["rounds"] = settings_.rounds;
  out["warm_start_rounds"] = settings_.warm_start_rounds;
  out["warm_start_days"] = settings_.warm_start_days;
  out["max_depth"] = settings_.max_depth;
  out["learning_rate"] = settings_.learning_rate;
  out["subsample"] = settings_.subsample;
  out["colsample_bytree"] = settings_.colsample_bytree;
  out["min_child_weight"] = settings_.min_child_weight;
  out["reg_lambda"] = settings_.reg_lambda;
  out["max_bin"] = settings_.max_bin;
  out["features"] = cols_;
  out["stages"] = stages_;
  out["boosted_rounds"] = rounds_;
  return out;
}

Result<std::string> BoostedLearner::Serialize() const {
  if (model_ == nullptr)
    return Status::InvalidArgument(std::string(FamilyName(family_)) + ": Serialize before a fit");
  bst_ulong length = 0;
  char const* bytes = nullptr;
  QTP_XGB(XGBoosterSaveModelToBuffer, model_.get(), R"({"format":"json"})", &length, &bytes);
  return std::string(bytes, length);
}

Result<std::unique_ptr<BoostedLearner>> BoostedLearner::Load(Family family, const std::string& artifact,
                                                             BoostSettings settings, uint64_t seed, int threads) {
  auto learner = std::make_unique<BoostedLearner>(family, std::move(settings), seed, threads);
  QTP_RETURN_IF_ERROR(learner->CheckSettings());
  QTP_ASSIGN_OR_RETURN(learner->model_, LoadBooster(family, artifact, threads));
  bst_ulong features = 0;
  QTP_XGB(XGBoosterGetNumFeature, learner->model_.get(), &features);
  learner->cols_ = features;
  learner->stages_ = 1;
  QTP_RETURN_IF_ERROR(learner->Summarize());
  return learner;
}

}  // namespace qtp::models
