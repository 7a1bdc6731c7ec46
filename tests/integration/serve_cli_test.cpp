// `qtp serve` as a process: it prints its URL, answers, refuses a taken port and stops cleanly
// (exit code 0) on SIGTERM.
#include <gtest/gtest.h>
#include <httplib.h>

#include <string>

#include "test_util/qtp_project.h"
#include "test_util/run_qtp.h"
#include "test_util/serve_process.h"
#include "test_util/temp_dir.h"

namespace qtp {
namespace {

TEST(ServeCli, AnswersRefusesATakenPortAndStopsOnSigterm) {
  test_util::TempDir dir;
  const std::string data = dir.path() + "/data";
  ASSERT_EQ(test_util::RunQtp({"init"}, data).exit_code, 0);
  test_util::ServeProcess server(data, {"--port", "0"});
  const std::string line = server.FirstLine(30);
  const int port = test_util::ServePort(line);
  ASSERT_GT(port, 0) << line;

  httplib::Client client("127.0.0.1", port);
  auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_NE(health->body.find("\"status\":\"ok\""), std::string::npos) << health->body;
  EXPECT_EQ(health->get_header_value("Access-Control-Allow-Origin"), "*");

  const test_util::ProcessResult second = test_util::RunQtp({"serve", "--port", std::to_string(port)}, data);
  EXPECT_NE(second.exit_code, 0);
  EXPECT_TRUE(test_util::Contains(second.err, "cannot listen on 127.0.0.1:" + std::to_string(port))) << second.err;

  EXPECT_EQ(server.Terminate(), 0);
  EXPECT_FALSE(client.Get("/healthz")) << "nothing listens any more";
}

TEST(ServeCli, RefusesAMissingStoreOrWebFolder) {
  test_util::TempDir dir;
  const test_util::ProcessResult missing = test_util::RunQtp({"serve", "--port", "0"}, dir.path() + "/nope");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_TRUE(test_util::Contains(missing.err, "no store at")) << missing.err;
  const test_util::ProcessResult no_web = test_util::RunQtp({"serve", "--port", "0", "--web", dir.path()}, dir.path());
  EXPECT_EQ(no_web.exit_code, 2);
  EXPECT_TRUE(test_util::Contains(no_web.err, "no index.html")) << no_web.err;
}

}  // namespace
}  // namespace qtp
