#include "qtp/universe/latest_files.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <numeric>
#include <vector>

#include <fmt/format.h>

#include "qtp/core/file_util.h"

namespace qtp::universe {
namespace {

namespace fs = std::filesystem;

constexpr const char* kUniverseDir = "universe";

std::string Number(double v) { return std::isfinite(v) ? fmt::format("{}", v) : ""; }

// Selection rows in rank order.
std::vector<size_t> ByRank(const Table& selection) {
  const auto& rank = selection.Column<int64_t>("rank");
  std::vector<size_t> order(selection.num_rows());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return rank[a] < rank[b]; });
  return order;
}

bool IsMetric(const schema::FeatureColumn& f) {
  return f.name == "close" || f.group == "liquidity" || f.group == "volatility" || f.group == "trend";
}

// topK_<digits>.csv
bool IsTopKFileName(const std::string& name) {
  constexpr std::string_view kPrefix = "topK_", kSuffix = ".csv";
  if (name.size() <= kPrefix.size() + kSuffix.size() || !name.starts_with(kPrefix) || !name.ends_with(kSuffix)) {
    return false;
  }
  return std::all_of(name.begin() + kPrefix.size(), name.end() - kSuffix.size(),
                     [](char c) { return c >= '0' && c <= '9'; });
}

// Writes `content` unless the file already holds exactly it.
Result<bool> WriteIfChanged(const std::string& path, const std::string& content) {
  if (fs::exists(path)) {
    QTP_ASSIGN_OR_RETURN(std::string current, ReadFile(path));
    if (current == content) return false;
  }
  QTP_RETURN_IF_ERROR(AtomicWriteFile(path, content));
  return true;
}

}  // namespace

std::string TopKCsv(const LatestDay& day) {
  const Table& s = day.selection;
  std::string out =
      "ticker,rank,score,liquidity_score,volatility_score,trend_score,close,adv_20,history_days,entered,"
      "date\n";
  for (size_t i : ByRank(s)) {
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", s.Column<std::string>("ticker")[i],
                       s.Column<int64_t>("rank")[i], Number(s.Column<double>("score")[i]),
                       Number(s.Column<double>("liquidity_score")[i]), Number(s.Column<double>("volatility_score")[i]),
                       Number(s.Column<double>("trend_score")[i]), Number(s.Column<double>("close")[i]),
                       Number(s.Column<double>("adv_20")[i]), s.Column<int64_t>("history_days")[i],
                       s.Column<int64_t>("entered")[i], FormatDate(s.Column<int32_t>("date")[i]));
  }
  return out;
}

std::string TopKMetricsCsv(const LatestDay& day) {
  std::vector<const schema::FeatureColumn*> metrics;
  std::string out = "ticker,rank,date";
  for (const schema::FeatureColumn& f : schema::FeatureColumns()) {
    if (!IsMetric(f) || f.type != ColumnType::kDouble) continue;
    metrics.push_back(&f);
    out += ',';
    out += f.name;
  }
  out += "\n";
  std::map<std::string, size_t> feature_row;
  const auto& feature_ticker = day.features.Column<std::string>("ticker");
  for (size_t i = 0; i < day.features.num_rows(); ++i) feature_row[feature_ticker[i]] = i;
  const Table& s = day.selection;
  for (size_t i : ByRank(s)) {
    const std::string& ticker = s.Column<std::string>("ticker")[i];
    out += fmt::format("{},{},{}", ticker, s.Column<int64_t>("rank")[i], FormatDate(s.Column<int32_t>("date")[i]));
    auto row = feature_row.find(ticker);
    for (const schema::FeatureColumn* f : metrics) {
      out += ',';
      if (row != feature_row.end()) out += Number(day.features.Column<double>(f->name)[row->second]);
    }
    out += "\n";
  }
  return out;
}

std::string TopKCsvPath(const std::string& data_dir, int k) {
  return (fs::path(data_dir) / kUniverseDir / fmt::format("topK_{}.csv", k)).string();
}

std::string TopKMetricsCsvPath(const std::string& data_dir) {
  return (fs::path(data_dir) / kUniverseDir / "topK_metrics.csv").string();
}

Result<bool> WriteLatestFiles(const std::string& data_dir, int k, const LatestDay& day) {
  const fs::path dir = fs::path(data_dir) / kUniverseDir;
  QTP_RETURN_IF_ERROR(MakeDirs(dir.string()));
  QTP_ASSIGN_OR_RETURN(bool wrote_topk, WriteIfChanged(TopKCsvPath(data_dir, k), TopKCsv(day)));
  QTP_ASSIGN_OR_RETURN(bool wrote_metrics, WriteIfChanged(TopKMetricsCsvPath(data_dir), TopKMetricsCsv(day)));
  const std::string current = fs::path(TopKCsvPath(data_dir, k)).filename().string();
  std::vector<fs::path> stale;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name != current && IsTopKFileName(name)) stale.push_back(e.path());
  }
  if (ec) return Status::IOError(fmt::format("cannot list {}: {}", dir.string(), ec.message()));
  for (const fs::path& path : stale) {
    fs::remove(path, ec);
    if (ec) return Status::IOError(fmt::format("cannot remove {}: {}", path.string(), ec.message()));
  }
  const bool removed = !stale.empty();
  return wrote_topk || wrote_metrics || removed;
}

}  // namespace qtp::universe
