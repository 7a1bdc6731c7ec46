// A throwaway qtp project for end-to-end tests: <root>/data is the store (the CLI's --data-dir),
// <root>/config holds configs (the data dir's parent is the project root). Plus small file and CSV
// helpers for comparing what the CLI wrote.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_util/run_qtp.h"
#include "test_util/temp_dir.h"
#include "test_util/text.h"

namespace qtp::test_util {

// The whole file, or "" when it cannot be read.
inline std::string ReadFileText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Creates the parent folders as needed.
inline void WriteFileText(const std::string& path, const std::string& text) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

// The run ID a command prints ("  run <id>: ..."), or "" when it printed none.
inline std::string RunIdOf(const ProcessResult& r) {
  std::smatch m;
  static const std::regex kRun(R"(run (\S+): )");
  return std::regex_search(r.out, m, kRun) ? m[1].str() : "";
}

// RFC 4180 CSV as `qtp query --format csv` writes it (quoted fields may hold commas and quotes).
inline std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  bool any = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
      any = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
      any = true;
    } else if (c == '\n') {
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
      any = false;
    } else {
      field += c;
      any = true;
    }
  }
  if (any) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

// Every regular file under `dir` (relative path → bytes), skipping folders named in `skip_dirs`
// at the top level.
inline std::map<std::string, std::string> FilesUnder(const std::string& dir,
                                                     const std::vector<std::string>& skip_dirs = {}) {
  std::map<std::string, std::string> files;
  if (!std::filesystem::exists(dir)) return files;
  namespace fs = std::filesystem;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it) {
    const std::string rel = std::filesystem::relative(it->path(), dir).generic_string();
    if (it->is_directory()) {
      for (const std::string& s : skip_dirs) {
        if (rel == s) it.disable_recursion_pending();
      }
      continue;
    }
    if (it->is_regular_file()) files[rel] = ReadFileText(it->path().string());
  }
  return files;
}

inline std::vector<std::string> FilesWithExtension(const std::map<std::string, std::string>& files,
                                                   const std::string& ext) {
  std::vector<std::string> out;
  for (const auto& [path, bytes] : files) {
    if (path.size() >= ext.size() && path.compare(path.size() - ext.size(), ext.size(), ext) == 0) out.push_back(path);
  }
  return out;
}

class QtpProject {
 public:
  QtpProject() : data_(root_.path() + "/data") {}
  QtpProject(const QtpProject&) = delete;
  QtpProject& operator=(const QtpProject&) = delete;

  const std::string& root() const { return root_.path(); }
  const std::string& data() const { return data_; }
  std::string DataPath(const std::string& rel) const { return data_ + "/" + rel; }
  std::string Manifest() const { return ReadFileText(DataPath("manifest.json")); }

  ProcessResult Run(const std::vector<std::string>& args) const { return RunQtp(args, data_); }
  // Runs a command that must succeed; records a test failure with its output otherwise.
  ProcessResult RunOk(const std::vector<std::string>& args) const {
    ProcessResult r = Run(args);
    EXPECT_EQ(r.exit_code, 0) << Describe(args) << "\nstdout:\n" << r.out << "\nstderr:\n" << r.err;
    return r;
  }
  // `qtp --quiet simulate --tickers N --start S --end E [extra...]`, which must succeed.
  ProcessResult Simulate(int tickers, const std::string& start, const std::string& end,
                         const std::vector<std::string>& extra = {}) const {
    std::vector<std::string> args = {"--quiet", "simulate", "--tickers", std::to_string(tickers), "--start", start,
                                     "--end", end};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunOk(args);
  }
  // Rows of `qtp query --format csv SQL`, header first; records a failure when the query fails.
  std::vector<std::vector<std::string>> Query(const std::string& sql) const {
    ProcessResult r = Run({"query", "--format", "csv", sql});
    EXPECT_EQ(r.exit_code, 0) << sql << "\nstderr:\n" << r.err;
    return ParseCsv(r.out);
  }
  // The single value of a one-row, one-column query ("" on failure).
  std::string QueryValue(const std::string& sql) const {
    const auto rows = Query(sql);
    EXPECT_EQ(rows.size(), 2u) << sql;
    if (rows.size() != 2 || rows[1].empty()) return "";
    return rows[1][0];
  }
  // Writes <root>/config/default.yaml, the config every command loads when --config is absent.
  void WriteDefaultConfig(const std::string& yaml) const { WriteFileText(root() + "/config/default.yaml", yaml); }

 private:
  static std::string Describe(const std::vector<std::string>& args) {
    std::string s = "qtp";
    for (const std::string& a : args) s += " " + a;
    return s;
  }

  TempDir root_;
  std::string data_;
};

// Per ticker: rows, distinct timestamps and an order-independent hash of every column of the raw
// 5-minute bars, computed by DuckDB. Two stores with equal digests hold the same bars (no bar lost,
// duplicated or changed), up to a 64-bit hash collision per ticker. `where` filters rows (SQL).
inline std::string BarDigestSql(const std::string& view = "bars_5m_raw", const std::string& where = "true") {
  return "SELECT ticker, count(*) AS n, count(DISTINCT ts) AS n_ts, "
         "sum(hash(ts, open, high, low, close, volume, vwap, trade_count, source)) AS h FROM " +
         view + " WHERE " + where + " GROUP BY ticker ORDER BY ticker";
}

// Success when two manifest.json texts are byte-identical; otherwise a failure listing only the
// entries that differ (a full dump of two manifests is unreadable).
inline ::testing::AssertionResult SameManifest(const std::string& actual, const std::string& expected) {
  if (actual == expected) return ::testing::AssertionSuccess();
  const auto a = nlohmann::json::parse(actual, nullptr, false);
  const auto e = nlohmann::json::parse(expected, nullptr, false);
  if (a.is_discarded() || e.is_discarded()) {
    return ::testing::AssertionFailure() << "manifests differ and one is not JSON:\n" << actual << "\nvs\n" << expected;
  }
  std::map<std::string, nlohmann::json> by_path_a;
  std::map<std::string, nlohmann::json> by_path_e;
  for (const auto& f : a["files"]) by_path_a[f["path"].get<std::string>()] = f;
  for (const auto& f : e["files"]) by_path_e[f["path"].get<std::string>()] = f;
  ::testing::AssertionResult failure = ::testing::AssertionFailure();
  failure << "manifests differ (" << by_path_a.size() << " vs " << by_path_e.size() << " files):";
  int shown = 0;
  for (const auto& [path, f] : by_path_a) {
    auto it = by_path_e.find(path);
    if (it == by_path_e.end()) {
      if (shown++ < 8) failure << "\n  only in actual: " << path << " (run " << f.value("run_id", "") << ")";
    } else if (it->second != f) {
      if (shown++ < 8) failure << "\n  changed: " << f.dump() << "\n      was: " << it->second.dump();
    }
  }
  for (const auto& [path, f] : by_path_e) {
    if (by_path_a.count(path) == 0 && shown++ < 8) {
      failure << "\n  only in expected: " << path << " (run " << f.value("run_id", "") << ")";
    }
  }
  if (shown > 8) failure << "\n  ... " << shown - 8 << " more";
  if (shown == 0) failure << " same entries, different bytes";
  return failure;
}

// Zero fault rates: the simulator then emits exactly one bar per session slot, so counts can be
// derived from the calendar alone.
inline constexpr const char* kNoFaultsYaml =
    "simulate:\n"
    "  faults:\n"
    "    missing_bar: 0.0\n"
    "    duplicate: 0.0\n"
    "    out_of_order: 0.0\n"
    "    bad_print: 0.0\n"
    "    spike: 0.0\n";

}  // namespace qtp::test_util
