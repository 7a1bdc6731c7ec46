#include "qtp/data/simulate/run_simulate.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "qtp/data/store/schema.h"
#include "qtp/data/store/store.h"

namespace qtp::sim {
namespace {

class RunSimulateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("qtp_run_simulate_test_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::remove_all(dir_);
    StoreOptions options;
    options.data_dir = (dir_ / "data").string();
    options.run_id = "test-run";
    options.mode = StoreMode::kWrite;
    auto store = Store::Open(options);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    params_.faults = FaultRates{0.0, 0.0, 0.0, 0.0, 0.0};
    request_.tickers = 3;
    request_.start = DaysFromCivil(2021, 11, 20);
    request_.end = DaysFromCivil(2021, 12, 10);
    request_.signal = 0.05;
    request_.commit_every = 2;
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
  SimulatorParams params_;
  SimulateRequest request_;
};

TEST_F(RunSimulateTest, IngestsEveryTickerAndPublishesTheSignal) {
  std::map<std::string, size_t> signal_rows;
  request_.signal_sink = [&](const std::string& ticker, const std::vector<DateDays>& dates,
                             const std::vector<double>& values) {
    EXPECT_EQ(dates.size(), values.size());
    signal_rows[ticker] += values.size();
    return Status::OK();
  };
  std::vector<int> progress;
  Ingestor ingestor(*store_);
  const std::string universe = (dir_ / "data" / "universe" / "sp500_constituents.csv").string();
  auto summary = RunSimulate(ingestor, params_, request_, universe, [&](int done, int total) {
    EXPECT_EQ(total, 3);
    progress.push_back(done);
    return Status::OK();
  });
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();

  auto sim = MarketSimulator::Make(params_, request_);
  ASSERT_TRUE(sim.ok());
  size_t bars = 0;
  for (int i = 0; i < 3; ++i) bars += sim->GenerateTicker(i).bars.size();
  EXPECT_EQ(summary->tickers, 3);
  EXPECT_EQ(summary->bars, bars);
  EXPECT_EQ(summary->ingest.rows_added, bars);
  EXPECT_EQ(summary->trading_days, sim->trading_days().size());
  EXPECT_EQ(summary->signal_rows, 3 * sim->trading_days().size());
  EXPECT_EQ(signal_rows.size(), 3u);
  EXPECT_EQ(progress, (std::vector<int>{1, 2, 3}));

  // Committed: the bars read back equal the generator's.
  EXPECT_EQ(store_->Tickers(schema::RawBars5m()), (std::vector<std::string>{"SIM0001", "SIM0002", "SIM0003"}));
  auto table = store_->Read(schema::RawBars5m(), "SIM0002");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  const Bars5m stored = schema::Bars5mFromTable("SIM0002", std::move(table).value());
  const SimulatedTicker expected = sim->GenerateTicker(1);
  EXPECT_EQ(stored.ts, expected.bars.ts);
  EXPECT_EQ(stored.close, expected.bars.close);
  EXPECT_EQ(stored.volume, expected.bars.volume);

  std::ifstream in(universe);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "ticker,name,sector,shares_outstanding");
  int rows = 0;
  while (std::getline(in, line)) ++rows;
  EXPECT_EQ(rows, 3);
}

TEST_F(RunSimulateTest, StopsAtTheFirstSinkError) {
  request_.signal_sink = [](const std::string& ticker, const std::vector<DateDays>&, const std::vector<double>&) {
    return ticker == "SIM0003" ? Status::IOError("disk full") : Status::OK();
  };
  Ingestor ingestor(*store_);
  auto summary = RunSimulate(ingestor, params_, request_, (dir_ / "u.csv").string(), nullptr);
  ASSERT_FALSE(summary.ok());
  EXPECT_NE(summary.status().message().find("SIM0003"), std::string::npos) << summary.status().ToString();
  EXPECT_NE(summary.status().message().find("disk full"), std::string::npos);
  // The first batch (commit_every = 2) was committed before the failure; the third ticker was not.
  const std::string data_dir = store_->data_dir();
  store_.reset();
  StoreOptions options;
  options.data_dir = data_dir;
  auto reader = Store::Open(options);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ((*reader)->Tickers(schema::RawBars5m()), (std::vector<std::string>{"SIM0001", "SIM0002"}));
}

}  // namespace
}  // namespace qtp::sim
