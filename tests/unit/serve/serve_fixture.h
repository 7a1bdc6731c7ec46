// A small store written directly with Store (bars, features, rankings of two dates and two models,
// predictions, runs, monitor checks, a backtest run folder, two registered models) and an
// in-process API server on an ephemeral port, for the serve tests.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "qtp/calendar/nyse_calendar.h"
#include "qtp/data/store/backtest_columns.h"
#include "qtp/data/store/duckdb/connection.h"
#include "qtp/data/store/feature_columns.h"
#include "qtp/data/store/model_columns.h"
#include "qtp/data/store/production_columns.h"
#include "qtp/data/store/schema.h"
#include "qtp/data/store/store.h"
#include "qtp/models/registry.h"
#include "qtp/serve/server.h"
#include "test_util/qtp_project.h"
#include "test_util/temp_dir.h"

namespace qtp::serve::testing {

using Json = nlohmann::ordered_json;
using Cell = std::variant<int64_t, double, std::string>;
// The value of `column` in row `row`; nullopt lets Fill choose (doubles 1 + row / 100, ints 1, "x").
using CellFn = std::function<std::optional<Cell>(const std::string& column, size_t row)>;

inline Table Fill(const TableSpec& spec, size_t rows, const CellFn& cell) {
  Table t(spec);
  for (size_t c = 0; c < spec.columns.size(); ++c) {
    const ColumnSpec& col = spec.columns[c];
    for (size_t r = 0; r < rows; ++r) {
      std::optional<Cell> v = cell(col.name, r);
      switch (col.type) {
        case ColumnType::kInt32:
        case ColumnType::kDate:
          std::get<std::vector<int32_t>>(t.columns()[c]).push_back(v ? static_cast<int32_t>(std::get<int64_t>(*v)) : 1);
          break;
        case ColumnType::kInt64:
        case ColumnType::kTimestamp:
          std::get<std::vector<int64_t>>(t.columns()[c]).push_back(v ? std::get<int64_t>(*v) : 1);
          break;
        case ColumnType::kDouble: {
          double x = 1 + static_cast<double>(r) / 100;
          if (v)
            x = std::holds_alternative<double>(*v) ? std::get<double>(*v) : static_cast<double>(std::get<int64_t>(*v));
          std::get<std::vector<double>>(t.columns()[c]).push_back(x);
          break;
        }
        case ColumnType::kString:
          std::get<std::vector<std::string>>(t.columns()[c]).push_back(v ? std::get<std::string>(*v) : "x");
          break;
      }
    }
  }
  return t;
}

inline const std::vector<std::string>& Tickers() {
  static const std::vector<std::string> tickers = {"AAA", "BBB", "CCC", "D03", "D04", "D05",
                                                   "D06", "D07", "D08", "D09", "D10", "D11"};
  return tickers;
}
inline DateDays Day(int y, unsigned m, unsigned d) { return DaysFromCivil(y, m, d); }
inline const std::vector<DateDays>& TradingDays() {
  static const std::vector<DateDays> days = NyseCalendar::Get().TradingDays(Day(2023, 12, 1), Day(2024, 1, 5));
  return days;
}
inline constexpr const char* kPrimaryModel = "xgb-h1-111111111111";  // in reports/model_eval.json
inline constexpr const char* kOtherModel = "ridge-h1-222222222222";  // IC from its predictions
inline constexpr const char* kBacktestRun = "backtest-test-1";
// AAA's adjustment factor: its served prices are its stored (as-traded) ones times this.
inline constexpr double kAaaAdjFactor = 0.5;

inline double RawClose(size_t ticker, size_t day) {
  return 100.0 + 10.0 * static_cast<double>(ticker) + static_cast<double>(day);
}

// Rankings rows of `as_of`: per model the tickers AAA, BBB, CCC in some order.
inline Table RankingRows(DateDays as_of, const std::vector<std::vector<std::string>>& order_by_model) {
  const std::vector<std::string> models = {kOtherModel, kPrimaryModel};  // sorted
  std::vector<std::tuple<std::string, std::string, int64_t>> rows;       // model, ticker, rank
  for (size_t m = 0; m < models.size(); ++m) {
    for (size_t k = 0; k < order_by_model[m].size(); ++k) rows.emplace_back(models[m], order_by_model[m][k], k + 1);
  }
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return std::tie(std::get<0>(a), std::get<1>(a)) < std::tie(std::get<0>(b), std::get<1>(b));
  });
  return Fill(schema::Rankings(), rows.size(), [&](const std::string& c, size_t r) -> std::optional<Cell> {
    const auto& [model, ticker, rank] = rows[r];
    if (c == "as_of") return int64_t{as_of};
    if (c == "model_id") return model;
    if (c == "ticker") return ticker;
    if (c == "rank") return rank;
    if (c == "score") return 1.0 - 0.1 * static_cast<double>(rank);
    if (c == "rank_change") return ticker == "CCC" ? int64_t{kNullInt64} : int64_t{1};
    if (c == "is_primary") return int64_t{model == kPrimaryModel ? 1 : 0};
    if (c == "sector") return ticker == "AAA" ? std::string("Energy") : std::string("Utilities");
    if (c == "universe_rank") return rank + 10;
    if (c == "hurst") return std::nan("");
    return std::nullopt;
  });
}

inline void WriteParquet(const Table& t, const std::string& path) {
  auto db = duck::Connection::OpenInMemory(1);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(
      (*db)
          ->ExecuteOnTable(t, "COPY (SELECT * FROM qtp_table()) TO " + duck::SqlQuote(path) + " (FORMAT parquet)")
          .ok());
}

// Writes the whole test store into `data_dir`.
inline void BuildStore(const std::string& data_dir) {
  auto opened = Store::Open({data_dir, "test", StoreMode::kWrite, 0});
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  Store& store = **opened;
  const std::vector<DateDays>& days = TradingDays();
  for (size_t t = 0; t < Tickers().size(); ++t) {
    const std::string& ticker = Tickers()[t];
    const double adj = ticker == "AAA" ? kAaaAdjFactor : 1.0;
    Table daily = Fill(schema::Bars1d(), days.size(), [&](const std::string& c, size_t r) -> std::optional<Cell> {
      if (c == "date") return int64_t{days[r]};
      if (c == "open" || c == "close" || c == "vwap") return RawClose(t, r);
      if (c == "high") return RawClose(t, r) + 1;
      if (c == "low") return RawClose(t, r) - 1;
      if (c == "volume") return 1000.0;
      if (c == "n_bars") return int64_t{78};
      if (c == "source") return std::string("test");
      if (c == "adj_factor") return adj;
      return 1.0;  // adj_volume_factor, ex_factor
    });
    ASSERT_TRUE(store.Merge(schema::Bars1d(), ticker, std::move(daily)).ok());
    if (t < 2) {  // 5-minute bars for AAA and BBB: three bars on each of the last six days
      const size_t first_day = days.size() - 6;
      Table intraday = Fill(schema::Bars5m(), 18, [&](const std::string& c, size_t r) -> std::optional<Cell> {
        const DateDays d = days[first_day + r / 3];
        if (c == "ts") {
          return int64_t{d} * kMicrosPerDay + 14 * 3600 * kMicrosPerSecond + 30 * kMicrosPerMinute +
                 static_cast<int64_t>(r % 3) * 5 * kMicrosPerMinute;
        }
        if (c == "open" || c == "close" || c == "vwap") return RawClose(t, first_day + r / 3);
        if (c == "high") return RawClose(t, first_day + r / 3) + 1;
        if (c == "low") return RawClose(t, first_day + r / 3) - 1;
        if (c == "source") return std::string("test");
        if (c == "adj_factor") return adj;
        return std::nullopt;
      });
      ASSERT_TRUE(store.Merge(schema::Bars5m(), ticker, std::move(intraday)).ok());
    }
  }
  // features_raw and predictions: every (day, ticker), key order.
  const size_t n = days.size() * Tickers().size();
  auto day_of = [&](size_t r) { return days[r / Tickers().size()]; };
  auto ticker_of = [&](size_t r) { return r % Tickers().size(); };
  Table features = Fill(schema::FeaturesRaw(), n, [&](const std::string& c, size_t r) -> std::optional<Cell> {
    if (c == "date") return int64_t{day_of(r)};
    if (c == "ticker") return Tickers()[ticker_of(r)];
    if (c == "ret_20d") return 0.01 * static_cast<double>(ticker_of(r));
    return std::nullopt;
  });
  ASSERT_TRUE(store.Replace(schema::FeaturesRaw(), "", std::move(features)).ok());
  // kOtherModel scores each ticker by its index: the forward returns (larger for lower-priced
  // names) are perfectly ordered against it, so every day's rank IC is -1.
  Table predictions = Fill(schema::Predictions(), n, [&](const std::string& c, size_t r) -> std::optional<Cell> {
    if (c == "date") return int64_t{day_of(r)};
    if (c == "model_id") return std::string(kOtherModel);
    if (c == "ticker") return Tickers()[ticker_of(r)];
    if (c == "score") return static_cast<double>(ticker_of(r));
    if (c == "rank") return static_cast<int64_t>(Tickers().size() - ticker_of(r));
    if (c == "split") return std::string("walk_forward");
    return std::nullopt;
  });
  ASSERT_TRUE(store.Replace(schema::Predictions(), "", std::move(predictions)).ok());
  Table rankings = RankingRows(Day(2024, 1, 4), {{"AAA", "BBB", "CCC"}, {"BBB", "AAA", "CCC"}});
  Table later = RankingRows(Day(2024, 1, 5), {{"CCC", "BBB", "AAA"}, {"AAA", "CCC", "BBB"}});
  for (size_t c = 0; c < rankings.columns().size(); ++c) {
    std::visit(
        [&](auto& dst) {
          using V = std::decay_t<decltype(dst)>;
          const V& src = std::get<V>(later.columns()[c]);
          dst.insert(dst.end(), src.begin(), src.end());
        },
        rankings.columns()[c]);
  }
  ASSERT_TRUE(store.Merge(schema::Rankings(), "", std::move(rankings)).ok());
  // Two jobs: 2024-01-04 (one stage) and 2024-01-05 (three stages, the last failed).
  const std::vector<std::tuple<std::string, DateDays, std::string, int64_t, std::string>> stages = {
      {"daily-2024-01-04-1", Day(2024, 1, 4), "refresh", 0, "succeeded"},
      {"daily-2024-01-05-1", Day(2024, 1, 5), "clean", 1, "succeeded"},
      {"daily-2024-01-05-1", Day(2024, 1, 5), "publish", 2, "failed"},
      {"daily-2024-01-05-1", Day(2024, 1, 5), "refresh", 0, "succeeded"}};
  Table runs = Fill(schema::Runs(), stages.size(), [&](const std::string& c, size_t r) -> std::optional<Cell> {
    const auto& [job, as_of, stage, index, status] = stages[r];
    if (c == "job_id") return job;
    if (c == "as_of") return int64_t{as_of};
    if (c == "stage") return stage;
    if (c == "stage_index") return index;
    if (c == "status") return status;
    if (c == "started_at" || c == "finished_at") return (int64_t{as_of} + 1) * kMicrosPerDay + index * kMicrosPerSecond;
    if (c == "run_id") return stage == "publish" ? std::string("") : std::string("run-") + stage;
    if (c == "rows") return stage == "publish" ? int64_t{-1} : int64_t{42};
    if (c == "error") return status == "failed" ? std::string("boom") : std::string("");
    return std::nullopt;
  });
  ASSERT_TRUE(store.Merge(schema::Runs(), "", std::move(runs)).ok());
  const std::vector<std::tuple<DateDays, std::string, std::string>> checks = {
      {Day(2024, 1, 4), "coverage", "fail"}, {Day(2024, 1, 5), "coverage", "ok"}, {Day(2024, 1, 5), "drift", "warn"}};
  Table monitor =
      Fill(schema::MonitorChecks(), checks.size(), [&](const std::string& c, size_t r) -> std::optional<Cell> {
        const auto& [as_of, name, status] = checks[r];
        if (c == "as_of") return int64_t{as_of};
        if (c == "name") return name;
        if (c == "status") return status;
        if (c == "message") return name + " is " + status;
        if (c == "threshold") return std::nan("");
        return std::nullopt;
      });
  ASSERT_TRUE(store.Merge(schema::MonitorChecks(), "", std::move(monitor)).ok());
  ASSERT_TRUE(store.Commit().ok());

  test_util::WriteFileText(data_dir + "/universe/sp500_constituents.csv",
                           "ticker,name,sector,shares_outstanding\nAAA,Alpha Corp,Energy,1000\nBBB,Beta Inc,Utilities,"
                           "2000\n");

  // A backtest run folder: two scenarios, returns for three days, trades in two liquidity buckets.
  const std::string run_dir = data_dir + "/" + schema::kBacktestsDir + "/" + kBacktestRun;
  std::filesystem::create_directories(run_dir);
  const std::vector<std::string> scenarios = {"base", "stressed"};
  WriteParquet(Fill(schema::BacktestRuns(), 2,
                    [&](const std::string& c, size_t r) -> std::optional<Cell> {
                      if (c == "run_id") return std::string(kBacktestRun);
                      if (c == "scenario") return scenarios[r];
                      if (c == "signal") return std::string("predictions");
                      if (c == "benchmark") return std::string("SPY");
                      if (c == "first_date") return int64_t{days.front()};
                      if (c == "last_date") return int64_t{days.back()};
                      if (c == "sharpe_ratio") return r == 0 ? 1.5 : std::nan("");
                      return std::nullopt;
                    }),
               run_dir + "/runs.parquet");
  WriteParquet(Fill(schema::BacktestReturns(), 6,
                    [&](const std::string& c, size_t r) -> std::optional<Cell> {
                      if (c == "run_id") return std::string(kBacktestRun);
                      if (c == "scenario") return scenarios[r / 3];
                      if (c == "date") return int64_t{days[r % 3]};
                      return std::nullopt;
                    }),
               run_dir + "/returns.parquet");
  // base: two buys in bucket 0 (100 USD each, 0.5 USD cost), a sell in bucket 1, a delisting.
  const std::vector<std::tuple<std::string, std::string, int64_t, double>> fills = {
      {"base", "buy", 0, 10}, {"base", "buy", 0, 10}, {"base", "sell", 1, -5}, {"base", "delisted", 1, -5}};
  WriteParquet(Fill(schema::Trades(), fills.size(),
                    [&](const std::string& c, size_t r) -> std::optional<Cell> {
                      const auto& [scenario, side, bucket, shares] = fills[r];
                      if (c == "run_id") return std::string(kBacktestRun);
                      if (c == "scenario") return scenario;
                      if (c == "date" || c == "signal_date") return int64_t{days[r]};
                      if (c == "ticker") return Tickers()[r];
                      if (c == "side") return side;
                      if (c == "filled_shares") return shares;
                      if (c == "price") return 10.0;
                      if (c == "total_cost") return side == "delisted" ? 0.0 : 0.5;
                      if (c == "liquidity_bucket") return bucket;
                      return std::nullopt;
                    }),
               run_dir + "/trades.parquet");
  test_util::WriteFileText(run_dir + "/metrics.json", R"({"run_id": "backtest-test-1", "scenarios": {
    "base": {"stress_windows": [{"name": "covid_2020", "first": "2020-02-19", "last": "2020-04-30",
      "coverage": "none", "days": 0, "total_return": null, "max_drawdown": null, "annual_volatility": null,
      "benchmark_return": null}]},
    "stressed": {"stress_windows": []}}})");

  // The registry: the primary model is in the latest report, the other one only has predictions.
  for (const char* id : {kPrimaryModel, kOtherModel}) {
    models::RegisteredModel m;
    m.model_id = id;
    m.model = id == std::string(kPrimaryModel) ? "xgb" : "ridge";
    m.family = m.model;
    m.horizon = 1;
    m.features = {"ret_20d", "mom_12_1"};
    m.train_first = days.front();
    m.train_last = days[10];
    m.data_last = days.back();
    m.hyperparameters = {{"depth", 3}};
    m.summary = {{"mean_rank_ic", 0.05}};
    m.folds = nlohmann::ordered_json::array({{{"fold", 0}}});
    m.config_yaml = "models: {}\n";
    m.artifact = "{}";
    ASSERT_TRUE(models::WriteModel(data_dir, m).ok());
  }
  ASSERT_TRUE(models::WriteCurrent(data_dir, {kPrimaryModel}).ok());
  test_util::WriteFileText(data_dir + "/reports/model_eval.json",
                           std::string(R"({"models": [{"model_id": ")") + kPrimaryModel + R"(",
    "importance": [{"feature": "ret_20d", "gain": 0.2, "permutation": 0.01},
                   {"feature": "mom_12_1", "gain": 0.7, "permutation": null}],
    "daily": {"date": ["2024-01-03", "2024-01-04"], "n": [12, 12], "ic": [0.1, null], "rank_ic": [0.2, 0.3]}}]})");
}

// An API server in this process, on an ephemeral loopback port.
class ServerFixture {
 public:
  explicit ServerFixture(const std::string& data_dir, std::string web_dir = "") {
    ServerOptions options;
    options.data_dir = data_dir;
    options.port = 0;
    options.web_dir = std::move(web_dir);
    options.threads = 8;
    options.poll_interval = std::chrono::milliseconds(20);
    auto started = ApiServer::Start(options);
    EXPECT_TRUE(started.ok()) << started.status().ToString();
    if (started.ok()) server_ = std::move(*started);
  }
  ApiServer& server() { return *server_; }
  httplib::Client Client() const {
    httplib::Client client("127.0.0.1", server_ ? server_->port() : 1);
    client.set_connection_timeout(5);
    client.set_read_timeout(10);
    return client;
  }

 private:
  std::unique_ptr<ApiServer> server_;
};

// GET `target` (path + query, already URL-encoded as needed): status and body parsed as JSON
// (null when it is not JSON).
struct Answer {
  int status = 0;
  Json json;
  std::string body;
  httplib::Headers headers;
};
inline Answer Get(const ServerFixture& f, const std::string& target) {
  httplib::Client client = f.Client();
  httplib::Result res = client.Get(target);
  if (!res) return Answer{-1, nullptr, "", {}};
  return Answer{res->status, Json::parse(res->body, nullptr, false), res->body, res->headers};
}

}  // namespace qtp::serve::testing
