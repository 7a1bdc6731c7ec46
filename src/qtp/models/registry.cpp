#include "qtp/models/registry.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>

#include <fmt/format.h>

#include "qtp/core/file_util.h"

#ifndef QTP_CODE_VERSION
#define QTP_CODE_VERSION "unknown"
#endif

namespace qtp::models {

namespace {

DateDays ParseDateOr(const nlohmann::ordered_json& j, const char* key) {
  if (!j.contains(key) || !j[key].is_string() || j[key].get<std::string>().empty()) return kNullDate;
  const Result<DateDays> d = ParseDate(j[key].get<std::string>());
  return d.ok() ? *d : kNullDate;
}

std::string DateOrEmpty(DateDays d) { return d == kNullDate ? "" : FormatDate(d); }

}  // namespace

const char* CodeVersion() { return QTP_CODE_VERSION; }

std::string FeatureSetHash(const std::vector<std::string>& features) {
  return Sha256Hex(fmt::format("{}", fmt::join(features, "\n"))).substr(0, 16);
}

std::string ModelId(const std::string& model, int horizon, const std::string& config_text,
                    const std::string& feature_set_hash, const std::string& data_hash) {
  const std::string text = fmt::format("{}\n{}\n{}\n{}\n{}\n{}", model, horizon, config_text, feature_set_hash,
                                       data_hash, CodeVersion());
  return fmt::format("{}-h{}-{}", model, horizon, Sha256Hex(text).substr(0, 12));
}

std::string RegistryDir(const std::string& data_dir) { return data_dir + "/models"; }

Status WriteModel(const std::string& data_dir, const RegisteredModel& m) {
  const std::string dir = RegistryDir(data_dir) + "/" + m.model_id;
  QTP_RETURN_IF_ERROR(MakeDirs(dir));
  QTP_RETURN_IF_ERROR(AtomicWriteFile(dir + "/config.yaml", m.config_yaml));
  if (!m.artifact.empty()) QTP_RETURN_IF_ERROR(AtomicWriteFile(dir + "/artifact.json", m.artifact));
  QTP_RETURN_IF_ERROR(AtomicWriteFile(dir + "/folds.json", m.folds.dump(1) + "\n"));
  nlohmann::ordered_json j;
  j["model_id"] = m.model_id;
  j["model"] = m.model;
  j["family"] = m.family;
  j["horizon"] = m.horizon;
  j["features"] = m.features;
  j["feature_set_hash"] = m.feature_set_hash;
  j["data_hash"] = m.data_hash;
  j["code_version"] = m.code_version;
  j["train_first"] = DateOrEmpty(m.train_first);
  j["train_last"] = DateOrEmpty(m.train_last);
  j["data_last"] = DateOrEmpty(m.data_last);
  j["hyperparameters"] = m.hyperparameters;
  j["members"] = m.members;
  j["weights"] = m.weights;
  j["summary"] = m.summary;
  return AtomicWriteFile(dir + "/model.json", j.dump(1) + "\n");
}

Result<RegisteredModel> ReadModel(const std::string& data_dir, const std::string& model_id, bool full) {
  const std::string dir = RegistryDir(data_dir) + "/" + model_id;
  Result<std::string> text = ReadFile(dir + "/model.json");
  if (!text.ok()) {
    return Status::NotFound(fmt::format("model '{}' is not in the registry ({}): see `qtp models list`", model_id,
                                        RegistryDir(data_dir)));
  }
  RegisteredModel m;
  try {
    const nlohmann::ordered_json j = nlohmann::ordered_json::parse(*text);
    m.model_id = j.at("model_id").get<std::string>();
    m.model = j.at("model").get<std::string>();
    m.family = j.at("family").get<std::string>();
    m.horizon = j.at("horizon").get<int>();
    m.features = j.at("features").get<std::vector<std::string>>();
    m.feature_set_hash = j.at("feature_set_hash").get<std::string>();
    m.data_hash = j.at("data_hash").get<std::string>();
    m.code_version = j.at("code_version").get<std::string>();
    m.train_first = ParseDateOr(j, "train_first");
    m.train_last = ParseDateOr(j, "train_last");
    m.data_last = ParseDateOr(j, "data_last");
    m.hyperparameters = j.at("hyperparameters");
    m.members = j.at("members").get<std::vector<std::string>>();
    m.weights = j.at("weights").get<std::vector<double>>();
    m.summary = j.at("summary");
  } catch (const nlohmann::json::exception& e) {
    return Status::Corruption(fmt::format("{}/model.json: {}", dir, e.what()));
  }
  if (m.model_id != model_id) {
    return Status::Corruption(fmt::format("{}/model.json names model '{}'", dir, m.model_id));
  }
  if (full) {
    QTP_ASSIGN_OR_RETURN(m.config_yaml, ReadFile(dir + "/config.yaml"));
    if (m.family != "ensemble") {
      QTP_ASSIGN_OR_RETURN(m.artifact, ReadFile(dir + "/artifact.json"));
    }
    QTP_ASSIGN_OR_RETURN(const std::string folds, ReadFile(dir + "/folds.json"));
    try {
      m.folds = nlohmann::ordered_json::parse(folds);
    } catch (const nlohmann::json::exception& e) {
      return Status::Corruption(fmt::format("{}/folds.json: {}", dir, e.what()));
    }
  }
  return m;
}

Result<std::vector<RegisteredModel>> ReadModels(const std::string& data_dir, const std::vector<std::string>& model_ids,
                                                bool full) {
  std::vector<RegisteredModel> out;
  for (const std::string& id : model_ids) {
    QTP_ASSIGN_OR_RETURN(RegisteredModel m, ReadModel(data_dir, id, full));
    out.push_back(std::move(m));
  }
  return out;
}

double SummaryNumber(const RegisteredModel& model, const char* key) {
  const auto it = model.summary.find(key);
  return it != model.summary.end() && it->is_number() ? it->get<double>() : std::nan("");
}

std::string BestByRankIc(const std::vector<RegisteredModel>& models) {
  std::string best;
  double best_ic = -std::numeric_limits<double>::infinity();
  for (const RegisteredModel& m : models) {
    const double ic = SummaryNumber(m, "mean_rank_ic");
    if (!std::isfinite(ic)) continue;
    if (best.empty() || ic > best_ic || (ic == best_ic && m.model_id < best)) {
      best_ic = ic;
      best = m.model_id;
    }
  }
  return best;
}

Result<std::vector<RegisteredModel>> ListModels(const std::string& data_dir) {
  std::vector<RegisteredModel> out;
  const std::filesystem::path root(RegistryDir(data_dir));
  std::error_code ec;
  if (!std::filesystem::is_directory(root, ec)) return out;
  std::vector<std::string> ids;
  for (const auto& entry : std::filesystem::directory_iterator(root, ec)) {
    if (entry.is_directory() && std::filesystem::exists(entry.path() / "model.json")) {
      ids.push_back(entry.path().filename().string());
    }
  }
  std::sort(ids.begin(), ids.end());
  for (const std::string& id : ids) {
    QTP_ASSIGN_OR_RETURN(RegisteredModel m, ReadModel(data_dir, id, false));
    out.push_back(std::move(m));
  }
  return out;
}

Status WriteCurrent(const std::string& data_dir, const std::vector<std::string>& model_ids) {
  QTP_RETURN_IF_ERROR(MakeDirs(RegistryDir(data_dir)));
  nlohmann::ordered_json j;
  j["models"] = model_ids;
  return AtomicWriteFile(RegistryDir(data_dir) + "/current.json", j.dump(1) + "\n");
}

Result<std::vector<std::string>> ReadCurrent(const std::string& data_dir) {
  Result<std::string> text = ReadFile(RegistryDir(data_dir) + "/current.json");
  if (!text.ok()) return Status::NotFound("no trained models: run `qtp train` first");
  try {
    return nlohmann::ordered_json::parse(*text).at("models").get<std::vector<std::string>>();
  } catch (const nlohmann::json::exception& e) {
    return Status::Corruption(fmt::format("{}/current.json: {}", RegistryDir(data_dir), e.what()));
  }
}

}  // namespace qtp::models
