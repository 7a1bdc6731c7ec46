#include "qtp/data/store/verify.h"

#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "qtp/core/file_util.h"
#include "qtp/data/store/manifest.h"
#include "qtp/data/store/paths.h"

namespace qtp {
namespace fs = std::filesystem;

Result<VerifyReport> VerifyStore(const std::string& data_dir, const std::function<void(size_t, size_t)>& progress) {
  VerifyReport report;
  const std::string manifest_path = paths::Join(data_dir, paths::kManifestFile);
  if (!fs::exists(data_dir)) return Status::NotFound(fmt::format("no store at {}", data_dir));
  Result<Manifest> manifest = Manifest{};  // no manifest yet: an empty store, which is valid
  if (fs::exists(manifest_path)) {
    QTP_ASSIGN_OR_RETURN(std::string text, ReadFile(manifest_path));
    manifest = Manifest::FromJson(text, manifest_path);
    if (!manifest.ok()) {
      report.problems.push_back({paths::kManifestFile, manifest.status().message()});
      return report;
    }
  }
  size_t done = 0;
  for (const auto& [path, entry] : manifest->entries) {
    const std::string full = paths::Join(data_dir, path);
    ++report.files_checked;
    std::error_code ec;
    const uint64_t size = fs::file_size(full, ec);
    if (ec) {
      report.problems.push_back({path, "missing"});
    } else if (size != entry.bytes) {
      report.problems.push_back({path, fmt::format("size mismatch: {} bytes, manifest says {}", size, entry.bytes)});
    } else {
      Result<std::string> sha = Sha256File(full);
      if (!sha.ok()) {
        report.problems.push_back({path, sha.status().message()});
      } else if (*sha != entry.sha256) {
        report.problems.push_back({path, fmt::format("sha256 mismatch: {} on disk, manifest says {}", *sha, entry.sha256)});
      }
      report.bytes_checked += size;
    }
    if (progress) progress(++done, manifest->entries.size());
  }
  for (auto it = fs::recursive_directory_iterator(data_dir); it != fs::recursive_directory_iterator(); ++it) {
    if (!it->is_regular_file() || !paths::IsPartFileName(it->path().filename().string())) continue;
    const std::string rel = fs::relative(it->path(), data_dir).generic_string();
    if (manifest->entries.count(rel) == 0) report.unlisted.push_back(rel);
  }
  return report;
}

std::string VerifyReport::ToJson() const {
  nlohmann::ordered_json j;
  j["ok"] = ok();
  j["files_checked"] = files_checked;
  j["bytes_checked"] = bytes_checked;
  j["problems"] = nlohmann::ordered_json::array();
  for (const Problem& p : problems) j["problems"].push_back({{"path", p.path}, {"problem", p.what}});
  j["unlisted_files"] = unlisted;
  return j.dump(2) + "\n";
}

std::string VerifyReport::ToText() const {
  std::string out;
  for (const Problem& p : problems) out += fmt::format("PROBLEM {}: {}\n", p.path, p.what);
  for (const std::string& u : unlisted) {
    out += fmt::format("note: {} is not in the manifest (leftover of an interrupted write; ignored by readers, "
                       "removed by the next writer)\n", u);
  }
  out += fmt::format("verify: {} files, {:.1f} MB checked: {}\n", files_checked,
                     static_cast<double>(bytes_checked) / 1e6,
                     ok() ? "OK" : fmt::format("{} problem(s)", problems.size()));
  return out;
}

}  // namespace qtp
