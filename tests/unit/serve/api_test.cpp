// Every endpoint of the API against the test store (serve_fixture.h), over real HTTP.
#include <set>

#include "qtp/serve/route.h"
#include "unit/serve/serve_fixture.h"

namespace qtp::serve::testing {
namespace {

class ApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test_util::TempDir();
    BuildStore(dir_->path() + "/data");
    server_ = new ServerFixture(dir_->path() + "/data");
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }
  static std::string DataDir() { return dir_->path() + "/data"; }
  static Answer Call(const std::string& target) { return Get(*server_, target); }

  static test_util::TempDir* dir_;
  static ServerFixture* server_;
};
test_util::TempDir* ApiTest::dir_ = nullptr;
ServerFixture* ApiTest::server_ = nullptr;

std::vector<std::string> Keys(const Json& object) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : object.items()) keys.push_back(key);
  return keys;
}

std::vector<std::string> Field(const Json& items, const std::string& name) {
  std::vector<std::string> out;
  for (const Json& item : items)
    out.push_back(item.at(name).is_string() ? item.at(name).get<std::string>() : item.at(name).dump());
  return out;
}

TEST_F(ApiTest, HealthzReportsTheLatestPublishedDate) {
  const Answer a = Call("/healthz");
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json["status"], "ok");
  EXPECT_EQ(a.json["latest_as_of"], "2024-01-05");
  EXPECT_GT(a.json["store_files"].get<int>(), 20);
}

TEST_F(ApiTest, RankingsDefaultToTheLatestDateAndItsPrimaryModel) {
  const Answer a = Call("/api/rankings");
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json["as_of"], "2024-01-05");
  EXPECT_EQ(a.json["model_id"], kPrimaryModel);
  EXPECT_EQ(a.json["primary_model_id"], kPrimaryModel);
  EXPECT_EQ(a.json["models"], Json::array({kOtherModel, kPrimaryModel}));
  EXPECT_EQ(a.json["previous_as_of"], "2024-01-04");
  EXPECT_EQ(a.json["total"], 3);
  EXPECT_EQ(a.json["limit"], 100);
  EXPECT_EQ(a.json["offset"], 0);
  EXPECT_EQ(Field(a.json["items"], "ticker"), (std::vector<std::string>{"AAA", "CCC", "BBB"}));
  EXPECT_EQ(Field(a.json["items"], "rank"), (std::vector<std::string>{"1", "2", "3"}));
  const Json& first = a.json["items"][0];
  EXPECT_EQ(Keys(first), (std::vector<std::string>{"ticker", "rank", "score", "rank_change", "sector", "universe_rank",
                                                   "close", "adv_20", "features"}));
  EXPECT_EQ(Keys(first["features"]), (std::vector<std::string>{"ret_20d", "mom_12_1", "rv_20", "amihud_20", "hurst"}));
  EXPECT_TRUE(first["features"]["hurst"].is_null()) << "NaN is null";
  EXPECT_EQ(first["sector"], "Energy");
  EXPECT_DOUBLE_EQ(first["score"].get<double>(), 0.9);
  EXPECT_TRUE(a.json["items"][1]["rank_change"].is_null()) << "CCC is new to the list";
}

TEST_F(ApiTest, RankingsOfAnotherDateAndModel) {
  const Answer a = Call("/api/rankings?date=2024-01-04&model=" + std::string(kOtherModel));
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json["as_of"], "2024-01-04");
  EXPECT_EQ(a.json["model_id"], kOtherModel);
  EXPECT_TRUE(a.json["previous_as_of"].is_null());
  EXPECT_EQ(Field(a.json["items"], "ticker"), (std::vector<std::string>{"AAA", "BBB", "CCC"}));
  EXPECT_EQ(Call("/api/rankings?date=2024-01-03").status, 404);
  EXPECT_EQ(Call("/api/rankings?model=nope-h1-000").status, 404);
}

TEST_F(ApiTest, RankingsPagination) {
  auto tickers = [](const std::string& query) {
    const Answer a = Call("/api/rankings?" + query);
    EXPECT_EQ(a.status, 200) << a.body;
    EXPECT_EQ(a.json["total"], 3) << query;
    return Field(a.json["items"], "ticker");
  };
  EXPECT_EQ(tickers("limit=2"), (std::vector<std::string>{"AAA", "CCC"}));
  EXPECT_EQ(tickers("limit=2&offset=2"), std::vector<std::string>{"BBB"});
  EXPECT_EQ(tickers("limit=1&offset=1"), std::vector<std::string>{"CCC"});
  EXPECT_TRUE(tickers("offset=3").empty());
  EXPECT_TRUE(tickers("offset=99999").empty());
  EXPECT_TRUE(tickers("limit=0").empty());
  EXPECT_EQ(tickers("limit=1000").size(), 3u);
  const Answer page = Call("/api/rankings?limit=2&offset=1");
  EXPECT_EQ(page.json["limit"], 2);
  EXPECT_EQ(page.json["offset"], 1);
}

TEST_F(ApiTest, RankingDatesNewestFirst) {
  const Answer a = Call("/api/rankings/dates");
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json["total"], 2);
  EXPECT_EQ(a.json["items"], Json::array({"2024-01-05", "2024-01-04"}));
  EXPECT_EQ(Call("/api/rankings/dates?limit=1&offset=1").json["items"], Json::array({"2024-01-04"}));
}

TEST_F(ApiTest, TickersWithNamesRangesAndLatestRank) {
  const Answer a = Call("/api/tickers");
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json["total"], 12);
  const Json& aaa = a.json["items"][0];
  EXPECT_EQ(aaa["ticker"], "AAA");
  EXPECT_EQ(aaa["name"], "Alpha Corp");
  EXPECT_EQ(aaa["sector"], "Energy");
  EXPECT_EQ(aaa["first_date"], "2023-12-01");
  EXPECT_EQ(aaa["last_date"], "2024-01-05");
  EXPECT_EQ(aaa["latest_rank"], 1);
  EXPECT_TRUE(a.json["items"][3]["latest_rank"].is_null());  // D03 is not ranked
  EXPECT_TRUE(a.json["items"][3]["name"].is_null());         // nor in the universe file
  EXPECT_EQ(Field(Call("/api/tickers?q=b").json["items"], "ticker"), std::vector<std::string>{"BBB"});
  EXPECT_EQ(Call("/api/tickers?q=D1").json["total"], 2);
  EXPECT_EQ(Call("/api/tickers?q=").json["total"], 12);
  EXPECT_EQ(Field(Call("/api/tickers?limit=2&offset=10").json["items"], "ticker"),
            (std::vector<std::string>{"D10", "D11"}));
}

TEST_F(ApiTest, DailyBarsAreAdjustedAndOldestFirst) {
  const Answer a = Call("/api/tickers/AAA/bars");
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json["ticker"], "AAA");
  EXPECT_EQ(a.json["tf"], "1d");
  EXPECT_EQ(a.json["total"], static_cast<int>(TradingDays().size()));
  EXPECT_EQ(a.json["limit"], 20000);
  const Json& first = a.json["items"][0];
  EXPECT_EQ(Keys(first), (std::vector<std::string>{"date", "open", "high", "low", "close", "volume"}));
  EXPECT_EQ(first["date"], "2023-12-01");
  EXPECT_DOUBLE_EQ(first["close"].get<double>(), RawClose(0, 0) * kAaaAdjFactor);
  const Answer window = Call("/api/tickers/BBB/bars?from=2024-01-03&to=2024-01-04");
  ASSERT_EQ(window.status, 200) << window.body;
  EXPECT_EQ(Field(window.json["items"], "date"), (std::vector<std::string>{"2024-01-03", "2024-01-04"}));
  const Answer paged = Call("/api/tickers/BBB/bars?from=2024-01-02&limit=2&offset=1");
  EXPECT_EQ(paged.json["total"], 4);
  EXPECT_EQ(Field(paged.json["items"], "date"), (std::vector<std::string>{"2024-01-03", "2024-01-04"}));
  EXPECT_EQ(Call("/api/tickers/BBB/bars?from=2030-01-01&to=2030-02-01").json["total"], 0);
  // Pages that hold no row still know the total.
  for (const char* query : {"offset=1000", "limit=0", "limit=0&offset=3"}) {
    const Answer empty = Call(std::string("/api/tickers/BBB/bars?") + query);
    ASSERT_EQ(empty.status, 200) << query;
    EXPECT_EQ(empty.json["total"], static_cast<int>(TradingDays().size())) << query;
    EXPECT_TRUE(empty.json["items"].empty()) << query;
  }
  const Answer last = Call("/api/tickers/BBB/bars?offset=" + std::to_string(TradingDays().size() - 1));
  EXPECT_EQ(Field(last.json["items"], "date"), std::vector<std::string>{"2024-01-05"});
}

TEST_F(ApiTest, FiveMinuteBarsDefaultToTheLastFiveTradingDays) {
  const Answer a = Call("/api/tickers/AAA/bars?tf=5m");
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json["tf"], "5m");
  EXPECT_EQ(a.json["from"], "2023-12-29");
  EXPECT_EQ(a.json["total"], 15);  // 3 bars on each of 5 days
  const Json& first = a.json["items"][0];
  EXPECT_EQ(Keys(first), (std::vector<std::string>{"ts", "time", "open", "high", "low", "close", "volume"}));
  EXPECT_EQ(first["ts"], "2023-12-29T14:30:00Z");
  EXPECT_EQ(first["time"], (int64_t{Day(2023, 12, 29)} * 86400 + 14 * 3600 + 1800));
  EXPECT_EQ(Call("/api/tickers/AAA/bars?tf=5m&from=2024-01-05&to=2024-01-05").json["total"], 3);
  EXPECT_EQ(Call("/api/tickers/CCC/bars?tf=5m").json["total"], 0) << "a ticker without 5-minute bars";
}

TEST_F(ApiTest, FeaturesOfATicker) {
  const Answer a = Call("/api/tickers/CCC/features?from=2024-01-04");
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json["columns"], Json::array({"close", "ret_20d", "mom_12_1", "rv_20", "amihud_20", "hurst"}));
  EXPECT_EQ(a.json["total"], 2);
  EXPECT_EQ(Keys(a.json["items"][0]),
            (std::vector<std::string>{"date", "close", "ret_20d", "mom_12_1", "rv_20", "amihud_20", "hurst"}));
  EXPECT_DOUBLE_EQ(a.json["items"][0]["ret_20d"].get<double>(), 0.02);
  const Answer picked = Call("/api/tickers/CCC/features?columns=hurst,ret_20d&limit=1");
  ASSERT_EQ(picked.status, 200) << picked.body;
  EXPECT_EQ(Keys(picked.json["items"][0]), (std::vector<std::string>{"date", "hurst", "ret_20d"}));
  EXPECT_EQ(picked.json["items"].size(), 1u);
  EXPECT_EQ(Call("/api/tickers/CCC/features?columns=ret_20d,nope").status, 400);
  EXPECT_EQ(Call("/api/tickers/CCC/features?columns=ret_20d,ret_20d").status, 400);
}

TEST_F(ApiTest, UnknownTickersAre404AndBadOnes400) {
  EXPECT_EQ(Call("/api/tickers/ZZZ/bars").status, 404);
  EXPECT_EQ(Call("/api/tickers/ZZZ/features").status, 404);
  EXPECT_EQ(Call("/api/tickers/A%27B/bars").status, 400);
  EXPECT_EQ(Call("/api/tickers/AAA/bars?tf=1h").status, 400);
  EXPECT_EQ(Call("/api/tickers/AAA/bars?from=2024-01-05&to=2024-01-01").status, 400);
}

TEST_F(ApiTest, BacktestListAndTearSheet) {
  const Answer list = Call("/api/backtests");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.json["total"], 1);
  const Json& run = list.json["items"][0];
  EXPECT_EQ(run["run_id"], kBacktestRun);
  EXPECT_EQ(run["first_date"], "2023-12-01");
  EXPECT_EQ(Field(run["scenarios"], "scenario"), (std::vector<std::string>{"base", "stressed"}));
  EXPECT_EQ(run["scenarios"][0]["sharpe_ratio"], 1.5);
  EXPECT_TRUE(run["scenarios"][1]["sharpe_ratio"].is_null());

  const Answer a = Call(std::string("/api/backtests/") + kBacktestRun);
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json["benchmark"], "SPY");
  EXPECT_EQ(a.json["scenarios"].size(), 2u);
  EXPECT_EQ(a.json["scenarios"][0]["last_date"], "2024-01-05");
  EXPECT_EQ(a.json["returns"].size(), 6u);
  EXPECT_EQ(Keys(a.json["returns"][0]),
            (std::vector<std::string>{"scenario", "date", "equity", "net_return", "benchmark_return", "drawdown",
                                      "turnover", "costs"}));
  // Bucket 0: two buys of 100 USD at 0.5 USD each; bucket 1: one sell (the delisting is no fill).
  ASSERT_EQ(a.json["costs_by_bucket"].size(), 2u);
  const Json& b0 = a.json["costs_by_bucket"][0];
  EXPECT_EQ(b0["liquidity_bucket"], 0);
  EXPECT_EQ(b0["trades"], 2);
  EXPECT_DOUBLE_EQ(b0["traded_usd"].get<double>(), 200);
  EXPECT_DOUBLE_EQ(b0["cost_bps"].get<double>(), 50);
  EXPECT_EQ(a.json["costs_by_bucket"][1]["trades"], 1);
  ASSERT_EQ(a.json["stress"].size(), 1u);
  EXPECT_EQ(a.json["stress"][0]["window"], "covid_2020");
  EXPECT_EQ(a.json["stress"][0]["scenario"], "base");
  EXPECT_EQ(Call("/api/backtests/no-such-run").status, 404);
  EXPECT_EQ(Call("/api/backtests/..").status, 400);
}

TEST_F(ApiTest, ModelsWithTheirReportOrTheirPredictions) {
  const Answer list = Call("/api/models");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(Field(list.json["items"], "model_id"), (std::vector<std::string>{kOtherModel, kPrimaryModel}));
  EXPECT_EQ(list.json["items"][1]["current"], true);
  EXPECT_EQ(list.json["items"][1]["primary"], true);
  EXPECT_EQ(list.json["items"][0]["current"], false);

  const Answer primary = Call(std::string("/api/models/") + kPrimaryModel);
  ASSERT_EQ(primary.status, 200) << primary.body;
  EXPECT_EQ(primary.json["ic_source"], "model_eval");
  EXPECT_EQ(Field(primary.json["importance"], "feature"), (std::vector<std::string>{"mom_12_1", "ret_20d"}));
  ASSERT_EQ(primary.json["ic_by_day"].size(), 2u);
  EXPECT_TRUE(primary.json["ic_by_day"][1]["ic"].is_null());
  EXPECT_EQ(primary.json["features"], Json::array({"ret_20d", "mom_12_1"}));
  EXPECT_EQ(primary.json["folds"].size(), 1u);

  const Answer other = Call(std::string("/api/models/") + kOtherModel);
  ASSERT_EQ(other.status, 200) << other.body;
  EXPECT_EQ(other.json["ic_source"], "predictions");
  EXPECT_TRUE(other.json["importance"].empty());
  // Every day but the last has a next-day return: rank IC -1 each day (see the fixture).
  ASSERT_EQ(other.json["ic_by_day"].size(), TradingDays().size() - 1);
  for (const Json& day : other.json["ic_by_day"]) {
    EXPECT_NEAR(day["rank_ic"].get<double>(), -1.0, 1e-9) << day.dump();
    EXPECT_EQ(day["n"], 12);
  }
  EXPECT_EQ(Call("/api/models/nope-h1-000000000000").status, 404);
}

TEST_F(ApiTest, RunsNewestJobFirstAndTheLatestMonitorChecks) {
  const Answer a = Call("/api/runs");
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.json["total"], 4);
  EXPECT_EQ(Field(a.json["items"], "stage"), (std::vector<std::string>{"refresh", "clean", "publish", "refresh"}));
  EXPECT_EQ(a.json["items"][0]["job_id"], "daily-2024-01-05-1");
  const Json& publish = a.json["items"][2];
  EXPECT_EQ(publish["status"], "failed");
  EXPECT_EQ(publish["error"], "boom");
  EXPECT_TRUE(publish["rows"].is_null());
  EXPECT_TRUE(publish["run_id"].is_null());
  EXPECT_EQ(publish["started_at"], "2024-01-06T00:00:02Z");
  EXPECT_EQ(Call("/api/runs?as_of=2024-01-04").json["total"], 1);
  EXPECT_EQ(Call("/api/runs?as_of=2020-01-01").json["total"], 0);

  const Answer m = Call("/api/monitor");
  ASSERT_EQ(m.status, 200) << m.body;
  EXPECT_EQ(m.json["as_of"], "2024-01-05");
  EXPECT_EQ(m.json["status"], "warn");
  EXPECT_EQ(Field(m.json["checks"], "name"), (std::vector<std::string>{"coverage", "drift"}));
  EXPECT_EQ(Keys(m.json["checks"][0]), (std::vector<std::string>{"name", "status", "value", "threshold", "message"}));
}

// Whatever a client sends is a 4xx, and nothing in the store changes.
TEST_F(ApiTest, HostileParametersAre4xxAndLeaveTheStoreAlone) {
  const std::string manifest_before = test_util::ReadFileText(DataDir() + "/manifest.json");
  const std::string long_value(5000, 'a');
  const std::vector<std::string> targets = {
      "/api/rankings?date=2024-01-01%27%20OR%201%3D1--",
      "/api/rankings?date=2024-02-30",
      "/api/rankings?date=2024-13-01",
      "/api/rankings?date=24-01-01",
      "/api/rankings?limit=99999999999999999999",
      "/api/rankings?limit=-1",
      "/api/rankings?limit=1001",
      "/api/rankings?limit=1e3",
      "/api/rankings?limit=%2B5",
      "/api/rankings?limit=",
      "/api/rankings?offset=-5",
      "/api/rankings?limit=1&limit=2",
      "/api/rankings?model=x;DROP%20TABLE%20rankings",
      "/api/rankings?model=%27%20OR%20%271%27=%271",
      "/api/rankings?model=" + long_value,
      "/api/rankings?model=%C3%A9t%C3%A9",
      "/api/rankings?model=%00",
      "/api/rankings?sort=score",
      "/api/rankings?DATE=2024-01-05",
      "/api/tickers?q=%27%3B--",
      "/api/tickers?q=" + long_value,
      "/api/tickers/AAA/bars?tf=1h",
      "/api/tickers/AAA/bars?tf=5M",
      "/api/tickers/AAA/bars?from=2024-01-01T00:00",
      "/api/tickers/AAA/bars?limit=20001",
      "/api/tickers/%E2%82%AC/bars",
      "/api/tickers/AAA%27--/features",
      "/api/tickers/AAA/features?columns=close%22%3B%20DROP%20TABLE%20x%3B--",
      "/api/tickers/AAA/features?columns=",
      "/api/backtests/x%27%20OR%20%271",
      "/api/backtests?offset=1e9",
      "/api/runs?as_of=yesterday",
      "/api/monitor?as_of=2024-02-30",
      "/api/monitor/history?days=0",
      "/healthz?verbose=1",
      "/api/openapi.json?format=yaml",
  };
  for (const std::string& target : targets) {
    const Answer a = Call(target);
    EXPECT_EQ(a.status, 400) << target << " -> " << a.body.substr(0, 200);
    ASSERT_TRUE(a.json.is_object()) << target;
    EXPECT_TRUE(a.json["error"].is_string()) << target;
  }
  // A decoded "/" makes another path: not found rather than a bad parameter, and never a file.
  EXPECT_EQ(Call("/api/models/..%2F..%2Fetc%2Fpasswd").status, 404);
  EXPECT_NE(Call("/api/rankings?sort=score").json["error"].get<std::string>().find("'sort'"), std::string::npos);
  EXPECT_EQ(test_util::ReadFileText(DataDir() + "/manifest.json"), manifest_before);
  EXPECT_EQ(Call("/api/rankings").json["total"], 3) << "the rankings are still there";
}

TEST_F(ApiTest, UnknownPathsAre404OtherMethods405) {
  for (const char* path : {"/", "/api", "/api/", "/api/nope", "/api/rankings/", "/api/tickers/AAA",
                           "/api/tickers/AAA/x", "/api/models/x/y", "/index.html"}) {
    const Answer a = Call(path);
    EXPECT_EQ(a.status, 404) << path;
    EXPECT_TRUE(a.json["error"].is_string()) << path;
  }
  httplib::Client client = server_->Client();
  std::vector<httplib::Result> answers;
  answers.push_back(client.Post("/api/rankings", "{}", "application/json"));
  answers.push_back(client.Put("/api/rankings", "x", "text/plain"));
  answers.push_back(client.Delete("/api/rankings"));
  answers.push_back(client.Patch("/healthz", "x", "text/plain"));
  for (const httplib::Result& res : answers) {
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 405);
    EXPECT_EQ(res->get_header_value("Allow"), "GET, HEAD, OPTIONS");
    EXPECT_EQ(res->get_header_value("Access-Control-Allow-Origin"), "*");
  }
  auto head = client.Head("/api/rankings");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());
}

TEST_F(ApiTest, CorsOnEveryAnswerAndPreflight) {
  for (const char* path : {"/healthz", "/api/rankings", "/api/nope", "/api/rankings?limit=-1"}) {
    const Answer a = Call(path);
    const auto it = a.headers.find("Access-Control-Allow-Origin");
    ASSERT_NE(it, a.headers.end()) << path;
    EXPECT_EQ(it->second, "*") << path;
  }
  httplib::Client client = server_->Client();
  httplib::Request req;
  req.method = "OPTIONS";
  req.path = "/api/rankings";
  req.headers = {{"Origin", "http://localhost:3000"},
                 {"Access-Control-Request-Method", "GET"},
                 {"Access-Control-Request-Headers", "content-type"}};
  auto res = client.send(req);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 204);
  EXPECT_EQ(res->get_header_value("Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(res->get_header_value("Access-Control-Allow-Methods"), "GET, HEAD, OPTIONS");
  EXPECT_EQ(res->get_header_value("Access-Control-Allow-Headers"), "content-type");
}

// The route table is the contract: every answer carries exactly the fields its route declares, and
// the OpenAPI document lists every route with its parameters.
TEST_F(ApiTest, AnswersAndOpenApiMatchTheRouteTable) {
  const std::map<std::string, std::string> concrete = {{"/api/tickers/{ticker}/bars", "/api/tickers/AAA/bars"},
                                                       {"/api/tickers/{ticker}/features", "/api/tickers/AAA/features"},
                                                       {"/api/backtests/{id}", "/api/backtests/backtest-test-1"},
                                                       {"/api/models/{id}", "/api/models/xgb-h1-111111111111"}};
  const Answer doc = Call("/api/openapi.json");
  ASSERT_EQ(doc.status, 200) << doc.body;
  EXPECT_EQ(doc.json["openapi"], "3.0.3");
  const std::vector<Route> routes = ApiRoutes();
  EXPECT_EQ(doc.json["paths"].size(), routes.size());
  for (const Route& route : routes) {
    const auto it = concrete.find(route.path);
    const Answer a = Call(it == concrete.end() ? route.path : it->second);
    ASSERT_EQ(a.status, 200) << route.path << ": " << a.body.substr(0, 200);
    EXPECT_EQ(a.headers.find("Content-Type")->second, route.content_type) << route.path;
    ASSERT_TRUE(doc.json["paths"].contains(route.path)) << route.path;
    const Json& op = doc.json["paths"][route.path]["get"];
    std::set<std::string> documented;
    for (const Json& p : op["parameters"]) documented.insert(p["name"].get<std::string>());
    std::set<std::string> declared;
    for (const ParamSpec& p : route.params) declared.insert(p.name);
    EXPECT_EQ(documented, declared) << route.path;
    const Json& content = op["responses"]["200"]["content"];
    if (route.content_type != "application/json") {  // /metrics: text, its media type without parameters
      EXPECT_EQ(Keys(content), std::vector<std::string>{route.content_type.substr(0, route.content_type.find(';'))});
      continue;
    }
    EXPECT_EQ(Keys(a.json), route.fields) << route.path;
    EXPECT_EQ(content["application/json"]["schema"]["required"], Json(route.fields)) << route.path;
  }
}

}  // namespace
}  // namespace qtp::serve::testing
