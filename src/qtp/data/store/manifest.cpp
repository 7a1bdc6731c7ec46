#include "qtp/data/store/manifest.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace qtp {

std::string Manifest::ToJson() const {
  // ordered_json keeps the declared key order, so the text is a pure function of the entries.
  nlohmann::ordered_json files = nlohmann::ordered_json::array();
  for (const auto& [path, e] : entries) {
    nlohmann::ordered_json j;
    j["path"] = e.path;
    j["dataset"] = e.dataset;
    j["ticker"] = e.ticker;
    j["year"] = e.year;
    j["sha256"] = e.sha256;
    j["bytes"] = e.bytes;
    j["rows"] = e.rows;
    j["min_time"] = e.min_time == kNullInt64 ? nlohmann::ordered_json() : nlohmann::ordered_json(e.min_time);
    j["max_time"] = e.max_time == kNullInt64 ? nlohmann::ordered_json() : nlohmann::ordered_json(e.max_time);
    j["sources"] = e.sources;
    j["schema_version"] = e.schema_version;
    j["run_id"] = e.run_id;
    files.push_back(std::move(j));
  }
  nlohmann::ordered_json root;
  root["format_version"] = kFormatVersion;
  root["files"] = std::move(files);
  return root.dump(1) + "\n";
}

Result<Manifest> Manifest::FromJson(const std::string& text, const std::string& origin) {
  Manifest m;
  try {
    const nlohmann::json root = nlohmann::json::parse(text);
    const int version = root.at("format_version").get<int>();
    if (version != kFormatVersion) {
      return Status::NotSupported(fmt::format("{}: manifest format {} (this qtp reads {})", origin, version,
                                              kFormatVersion));
    }
    for (const auto& j : root.at("files")) {
      ManifestEntry e;
      e.path = j.at("path").get<std::string>();
      e.dataset = j.at("dataset").get<std::string>();
      e.ticker = j.at("ticker").get<std::string>();
      e.year = j.at("year").get<int>();
      e.sha256 = j.at("sha256").get<std::string>();
      e.bytes = j.at("bytes").get<uint64_t>();
      e.rows = j.at("rows").get<uint64_t>();
      e.min_time = j.at("min_time").is_null() ? kNullInt64 : j.at("min_time").get<int64_t>();
      e.max_time = j.at("max_time").is_null() ? kNullInt64 : j.at("max_time").get<int64_t>();
      e.sources = j.at("sources").get<std::string>();
      e.schema_version = j.at("schema_version").get<int>();
      e.run_id = j.at("run_id").get<std::string>();
      m.entries.emplace(e.path, std::move(e));
    }
  } catch (const nlohmann::json::exception& ex) {
    return Status::Corruption(fmt::format("{}: unreadable manifest: {}", origin, ex.what()));
  }
  return m;
}

uint64_t Manifest::TotalBytes() const {
  uint64_t total = 0;
  for (const auto& [path, e] : entries) total += e.bytes;
  return total;
}

std::set<int> Manifest::Years(const std::string& dataset) const {
  std::set<int> years;
  for (const auto& [path, e] : entries) {
    if (e.dataset == dataset) years.insert(e.year);
  }
  return years;
}

}  // namespace qtp
