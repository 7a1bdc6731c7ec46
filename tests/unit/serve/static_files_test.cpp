// --web: the dashboard's static export at /, API paths first, nothing outside the folder.
#include "qtp/serve/static_files.h"

#include <filesystem>

#include "unit/serve/serve_fixture.h"

namespace qtp::serve::testing {
namespace {

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    web_ = dir_.path() + "/web/out";
    test_util::WriteFileText(web_ + "/index.html", "<html>home</html>");
    test_util::WriteFileText(web_ + "/ticker.html", "<html>ticker</html>");
    test_util::WriteFileText(web_ + "/404.html", "<html>lost</html>");
    test_util::WriteFileText(web_ + "/backtests/index.html", "<html>backtests</html>");
    test_util::WriteFileText(web_ + "/_next/static/app.js", "console.log(1)");
    test_util::WriteFileText(web_ + "/api/rankings", "a file shadowed by the API");
    test_util::WriteFileText(dir_.path() + "/secret.txt", "outside");
    std::filesystem::create_symlink(dir_.path() + "/secret.txt", web_ + "/link.txt");
    std::filesystem::create_directories(dir_.path() + "/data");
  }
  test_util::TempDir dir_;
  std::string web_;
};

TEST_F(StaticFilesTest, FilesIndexPagesAndHtmlFallback) {
  StaticFiles files(web_);
  EXPECT_EQ(files.Find("/")->body, "<html>home</html>");
  EXPECT_EQ(files.Find("/")->content_type, "text/html; charset=utf-8");
  EXPECT_EQ(files.Find("/ticker")->body, "<html>ticker</html>");
  EXPECT_EQ(files.Find("/ticker.html")->body, "<html>ticker</html>");
  EXPECT_EQ(files.Find("/backtests")->body, "<html>backtests</html>");
  EXPECT_EQ(files.Find("/backtests/")->body, "<html>backtests</html>");
  EXPECT_EQ(files.Find("/_next/static/app.js")->content_type, "text/javascript; charset=utf-8");
  EXPECT_FALSE(files.Find("/nope").has_value());
  EXPECT_FALSE(files.Find("/../secret.txt").has_value());
  EXPECT_FALSE(files.Find("/_next/../../secret.txt").has_value());
  EXPECT_FALSE(files.Find("/link.txt").has_value()) << "a symlink out of the folder";
  EXPECT_FALSE(files.Find("/..%2Fsecret.txt").has_value());
  EXPECT_FALSE(files.Find("relative").has_value());
  EXPECT_EQ(files.NotFoundPage()->body, "<html>lost</html>");
}

TEST_F(StaticFilesTest, ServedAtTheRootWithTheApiFirst) {
  ServerFixture f(dir_.path() + "/data", web_);
  const Answer home = Get(f, "/");
  EXPECT_EQ(home.status, 200);
  EXPECT_EQ(home.body, "<html>home</html>");
  EXPECT_EQ(Get(f, "/ticker?t=AAA").body, "<html>ticker</html>");
  const Answer api = Get(f, "/api/rankings");
  EXPECT_EQ(api.status, 200);
  EXPECT_EQ(api.json["total"], 0) << "the API answers, not the file";
  EXPECT_EQ(Get(f, "/api/nope").status, 404);
  EXPECT_TRUE(Get(f, "/api/nope").json.is_object()) << "unknown API paths stay JSON";
  const Answer lost = Get(f, "/nope");
  EXPECT_EQ(lost.status, 404);
  EXPECT_EQ(lost.body, "<html>lost</html>");
  EXPECT_EQ(Get(f, "/../secret.txt").body.find("outside"), std::string::npos);
  EXPECT_EQ(Get(f, "/%2e%2e/secret.txt").body.find("outside"), std::string::npos);
}

}  // namespace
}  // namespace qtp::serve::testing
