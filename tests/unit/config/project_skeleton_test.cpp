#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "qtp/config/config_io.h"
#include "qtp/config/data_sources.h"
#include "qtp/config/project_skeleton.h"
#include "qtp/config/success_metrics.h"
#include "qtp/config/system_limits.h"

namespace qtp::config {
namespace {

namespace fs = std::filesystem;

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class ProjectSkeletonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    root_ = fs::path(::testing::TempDir()) / ("qtp_skeleton_" + std::to_string(getpid()) + "_" + info->name());
    fs::remove_all(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  fs::path root_;
};

TEST_F(ProjectSkeletonTest, WritesEveryFileAndTheUniverseDir) {
  ASSERT_TRUE(WriteProjectSkeleton(root_.string(),
                                   {"simulate:\n  tickers: 100\n", "horizon: 1\n", "costs:\n  buckets: 4\n", "holdout_days: 100\n",
                                    "refetch_days: 2\n", "drift:\n  bins: 10\n"},
                                   false)
                  .ok());
  for (const std::string& file : SkeletonFiles()) {
    EXPECT_TRUE(fs::is_regular_file(root_ / file)) << file;
    if (!file.starts_with("config/default") && !file.starts_with("config/models") &&
        !file.starts_with("config/execution") && !file.starts_with("config/validation") &&
        !file.starts_with("config/refresh") && !file.starts_with("config/monitoring")) {
      EXPECT_GT(fs::file_size(root_ / file), 1000u) << file << " looks like a stub";
    }
  }
  EXPECT_EQ(SkeletonFiles().size(), 12u);
  EXPECT_TRUE(fs::is_directory(root_ / "data/universe"));
  EXPECT_EQ(ReadAll(root_ / "config/default.yaml"), "simulate:\n  tickers: 100\n");
  EXPECT_EQ(ReadAll(root_ / "config/models.yaml"), "horizon: 1\n");
  EXPECT_EQ(ReadAll(root_ / "config/execution.yaml"), "costs:\n  buckets: 4\n");
  EXPECT_EQ(ReadAll(root_ / "config/monitoring.yaml"), "drift:\n  bins: 10\n");
  EXPECT_EQ(ReadAll(root_ / "config/refresh.yaml"), "refetch_days: 2\n");
  EXPECT_EQ(ReadAll(root_ / "docs/architecture.md"), std::string(ArchitectureMarkdown()));
  // No temp files left behind by the atomic writes.
  for (const char* dir : {"config", "docs"}) {
    for (const auto& entry : fs::directory_iterator(root_ / dir)) {
      const std::string name = entry.path().filename().string();
      EXPECT_TRUE(name.ends_with(".yaml") || name.ends_with(".md")) << name;
    }
  }
}

TEST_F(ProjectSkeletonTest, WrittenConfigsLoadBack) {
  ASSERT_TRUE(WriteProjectSkeleton(root_.string(), {"{}\n", "{}\n", "{}\n", "{}\n", "{}\n", "{}\n"}, false).ok());
  SystemLimits limits;
  EXPECT_TRUE(LoadParamsFile((root_ / "config/system_limits.yaml").string(), limits).ok());
  SuccessMetrics metrics;
  EXPECT_TRUE(LoadParamsFile((root_ / "config/success_metrics.yaml").string(), metrics).ok());
  DataSources sources;
  EXPECT_TRUE(LoadParamsFile((root_ / "config/data_sources.yaml").string(), sources).ok());
}

TEST_F(ProjectSkeletonTest, RefusesToOverwriteAndNamesTheFiles) {
  fs::create_directories(root_ / "config");
  fs::create_directories(root_ / "docs");
  { std::ofstream(root_ / "config/system_limits.yaml") << "mine: 1\n"; }
  { std::ofstream(root_ / "docs/constraints.md") << "my notes\n"; }
  const Status s = WriteProjectSkeleton(root_.string(), {"a: 1\n", "b: 2\n", "c: 3\n", "d: 4\n", "e: 5\n", "f: 6\n"}, false);
  ASSERT_EQ(s.code(), StatusCode::kAlreadyExists);
  EXPECT_NE(s.message().find("config/system_limits.yaml"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("docs/constraints.md"), std::string::npos) << s.message();
  EXPECT_EQ(s.message().find("default.yaml"), std::string::npos) << "only existing files are listed";
  // Nothing was written: not even the files that did not exist.
  EXPECT_FALSE(fs::exists(root_ / "config/default.yaml"));
  EXPECT_EQ(ReadAll(root_ / "config/system_limits.yaml"), "mine: 1\n");

  ASSERT_TRUE(WriteProjectSkeleton(root_.string(), {"a: 1\n", "b: 2\n", "c: 3\n", "d: 4\n", "e: 5\n", "f: 6\n"}, true).ok());
  Result<std::string> limits = DefaultSystemLimitsYaml();
  ASSERT_TRUE(limits.ok());
  EXPECT_EQ(ReadAll(root_ / "config/system_limits.yaml"), *limits);
  EXPECT_EQ(ReadAll(root_ / "docs/constraints.md"), std::string(ConstraintsMarkdown()));
  EXPECT_EQ(ReadAll(root_ / "config/default.yaml"), "a: 1\n");
}

TEST(ProjectDocs, RepositoryCopiesMatchEmbeddedTexts) {
  const fs::path docs = fs::path(QTP_SOURCE_DIR) / "docs";
  // EXPECT_TRUE, not EXPECT_EQ: a diff of two whole documents would drown the message.
  EXPECT_TRUE(ReadAll(docs / "project_objectives.md") == ProjectObjectivesMarkdown())
      << "docs/project_objectives.md differs from src/qtp/config/project_docs.cpp";
  EXPECT_TRUE(ReadAll(docs / "constraints.md") == ConstraintsMarkdown())
      << "docs/constraints.md differs from src/qtp/config/project_docs.cpp";
  EXPECT_TRUE(ReadAll(docs / "architecture.md") == ArchitectureMarkdown())
      << "docs/architecture.md differs from src/qtp/config/project_docs.cpp";
}

TEST(ProjectDocs, ObjectivesDocumentEverySuccessMetric) {
  SuccessMetrics m;
  Result<std::string> md = WriteMarkdown([&m](Section& root) { DescribeParams(root, m); }, "");
  ASSERT_TRUE(md.ok());
  const std::string objectives(ProjectObjectivesMarkdown());
  // Every "## `section`" + "| `key` |" pair of the generated reference appears as section.key.
  std::string section;
  std::istringstream lines(*md);
  std::string line;
  int keys = 0;
  while (std::getline(lines, line)) {
    if (line.rfind("## `", 0) == 0) section = line.substr(4, line.size() - 5);
    if (line.rfind("| `", 0) == 0) {
      const std::string key = line.substr(3, line.find('`', 3) - 3);
      EXPECT_NE(objectives.find("`" + section + "." + key + "`"), std::string::npos) << section << "." << key;
      ++keys;
    }
  }
  EXPECT_EQ(keys, 13);
}

}  // namespace
}  // namespace qtp::config
