// `qtp verify` against damage done behind the store's back: a flipped byte, a deleted file, a
// truncated file.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_util/qtp_project.h"

namespace qtp {
namespace {

using test_util::QtpProject;

class VerifyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    p_.Simulate(3, "2022-01-01", "2022-02-28");
    const auto manifest = nlohmann::json::parse(p_.Manifest());
    for (const auto& f : manifest["files"]) {
      if (f["dataset"] == "bars_5m_raw") parts_.push_back(f["path"].get<std::string>());
    }
    ASSERT_GE(parts_.size(), 2u);
    files_listed_ = manifest["files"].size();
  }

  nlohmann::json VerifyJson(int expected_exit) {
    const test_util::ProcessResult r = p_.Run({"verify", "--json"});
    EXPECT_EQ(r.exit_code, expected_exit) << r.out << r.err;
    const auto j = nlohmann::json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << "verify --json is not JSON:\n" << r.out;
    return j;
  }

  QtpProject p_;
  std::vector<std::string> parts_;
  size_t files_listed_ = 0;
};

TEST_F(VerifyTest, IntactStorePasses) {
  const test_util::ProcessResult r = p_.Run({"verify"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  const nlohmann::json j = VerifyJson(0);
  EXPECT_TRUE(j["ok"].get<bool>());
  EXPECT_EQ(j["files_checked"].get<size_t>(), files_listed_);
  EXPECT_TRUE(j["problems"].empty());
}

TEST_F(VerifyTest, DetectsAFlippedByte) {
  const std::string path = p_.DataPath(parts_[1]);
  const auto size = std::filesystem::file_size(path);
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(static_cast<std::streamoff>(size / 2));
    char c = 0;
    f.read(&c, 1);
    c = static_cast<char>(c ^ 0x01);
    f.seekp(static_cast<std::streamoff>(size / 2));
    f.write(&c, 1);
  }
  ASSERT_EQ(std::filesystem::file_size(path), size);

  const test_util::ProcessResult text = p_.Run({"verify"});
  EXPECT_EQ(text.exit_code, 1) << text.out << text.err;
  EXPECT_TRUE(test_util::Contains(text.out + text.err, parts_[1])) << text.out << text.err;
  EXPECT_FALSE(test_util::Contains(text.out + text.err, parts_[0])) << "an intact file was reported";

  const nlohmann::json j = VerifyJson(1);
  EXPECT_FALSE(j["ok"].get<bool>());
  ASSERT_EQ(j["problems"].size(), 1u) << j.dump(1);
  EXPECT_EQ(j["problems"][0]["path"], parts_[1]);
  EXPECT_TRUE(test_util::Contains(j["problems"][0]["problem"].get<std::string>(), "sha256")) << j.dump(1);
}

TEST_F(VerifyTest, DetectsAMissingFile) {
  ASSERT_TRUE(std::filesystem::remove(p_.DataPath(parts_[0])));
  const test_util::ProcessResult text = p_.Run({"verify"});
  EXPECT_EQ(text.exit_code, 1) << text.out << text.err;
  EXPECT_TRUE(test_util::Contains(text.out, parts_[0])) << text.out;
  EXPECT_TRUE(test_util::Contains(text.out, "missing")) << text.out;

  const nlohmann::json j = VerifyJson(1);
  EXPECT_FALSE(j["ok"].get<bool>());
  ASSERT_EQ(j["problems"].size(), 1u) << j.dump(1);
  EXPECT_EQ(j["problems"][0]["path"], parts_[0]);
  EXPECT_EQ(j["problems"][0]["problem"], "missing");
}

TEST_F(VerifyTest, DetectsATruncatedFile) {
  const std::string path = p_.DataPath(parts_[0]);
  std::filesystem::resize_file(path, std::filesystem::file_size(path) - 1);
  const nlohmann::json j = VerifyJson(1);
  EXPECT_FALSE(j["ok"].get<bool>());
  ASSERT_EQ(j["problems"].size(), 1u) << j.dump(1);
  EXPECT_EQ(j["problems"][0]["path"], parts_[0]);
}

TEST_F(VerifyTest, DetectsACorruptManifest) {
  test_util::WriteFileText(p_.DataPath("manifest.json"), "{\"format_version\": 1, \"files\": [");
  const test_util::ProcessResult r = p_.Run({"verify"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(test_util::Contains(r.out + r.err, "manifest.json")) << r.out << r.err;
}

// A part file the manifest does not list (an interrupted write's leftover) is reported as a note,
// not a failure, and the next writer removes it.
TEST_F(VerifyTest, ReportsAnUnlistedPartFileAndTheNextWriterSweepsIt) {
  const std::string stray = "raw/bars_5m/ticker=SIM0001/year=2022/part-00000000deadbeef.parquet";
  std::filesystem::copy_file(p_.DataPath(parts_[0]), p_.DataPath(stray));
  const nlohmann::json j = VerifyJson(0);
  EXPECT_TRUE(j["ok"].get<bool>());
  EXPECT_EQ(j["unlisted_files"], nlohmann::json::array({stray})) << j.dump(1);

  p_.Simulate(3, "2022-01-01", "2022-02-28");
  EXPECT_FALSE(std::filesystem::exists(p_.DataPath(stray)));
  EXPECT_TRUE(VerifyJson(0)["unlisted_files"].empty());
}

// A crash before the first commit leaves part files and no manifest: still a valid (empty) store,
// but the leftovers should be reported like any other unlisted file.
TEST_F(VerifyTest, ReportsUnlistedPartFilesWhenThereIsNoManifest) {
  ASSERT_TRUE(std::filesystem::remove(p_.DataPath("manifest.json")));
  const nlohmann::json j = VerifyJson(0);
  EXPECT_TRUE(j["ok"].get<bool>());
  EXPECT_EQ(j["unlisted_files"].size(), files_listed_) << j.dump(1);
}

}  // namespace
}  // namespace qtp
