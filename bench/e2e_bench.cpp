// End-to-end benchmark: simulate a market, append it through the ingest path (validated, hashed,
// durable on disk), clean it, compute its features, select the top K, run the EDA, then append the
// held-back last trading day and time the same stages again (the daily update), and scan the
// store. Prints each step's rate and the process's peak RSS. Not a test: it asserts nothing about
// speed.
//
//   e2e_bench --data-dir DIR [--tickers 500] [--start 2015-01-01] [--end 2024-12-31] [--json FILE]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "qtp/core/allocator.h"
#include "qtp/data/clean/run_clean.h"
#include "qtp/data/ingest/ingestor.h"
#include "qtp/data/simulate/market_simulator.h"
#include "qtp/data/store/schema.h"
#include "qtp/data/store/store.h"
#include "qtp/eda/run_eda.h"
#include "qtp/features/run_features.h"
#include "qtp/universe/run_select.h"

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

// User + system CPU seconds of the whole process so far.
double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double PeakRssMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

int Fail(const qtp::Status& status) {
  std::fprintf(stderr, "e2e_bench: %s\n", status.ToString().c_str());
  return 1;
}

}  // namespace

// Moves the rows of the last UTC date in `bars` (one trading day of regular-session bars) to a new
// entry of `held_back`.
void HoldBackLastDay(qtp::Bars5m& bars, std::vector<qtp::Bars5m>& held_back) {
  qtp::DateDays last = qtp::kNullDate;
  for (qtp::TimestampUs ts : bars.ts) last = std::max(last, qtp::DateOfTimestampUtc(ts));
  qtp::Bars5m day;
  day.ticker = bars.ticker;
  std::vector<uint8_t> keep(bars.size(), 1);
  for (size_t i = 0; i < bars.size(); ++i) {
    if (qtp::DateOfTimestampUtc(bars.ts[i]) != last) continue;
    day.push_back(bars.row(i), bars.source[i]);
    keep[i] = 0;
  }
  bars.Filter(keep);
  held_back.push_back(std::move(day));
}

// Appends the held-back day of every ticker, then runs clean, features, select and eda on the
// store as `qtp` would after a daily refresh; records each stage's wall time.
qtp::Status DailyUpdate(qtp::Store& store, qtp::Ingestor& ingestor, std::vector<qtp::Bars5m> days,
                        nlohmann::ordered_json& results) {
  auto t0 = Clock::now();
  size_t bars = 0;
  for (qtp::Bars5m& day : days) {
    bars += day.size();
    QTP_RETURN_IF_ERROR(ingestor.AddBars5m(std::move(day)).status());
  }
  QTP_RETURN_IF_ERROR(ingestor.Commit());
  results["update_bars"] = bars;
  results["update_append_seconds"] = Seconds(t0);
  t0 = Clock::now();
  QTP_RETURN_IF_ERROR(qtp::clean::RunClean(store, qtp::clean::CleanParams{}, "bench", nullptr).status());
  results["update_clean_seconds"] = Seconds(t0);
  t0 = Clock::now();
  QTP_RETURN_IF_ERROR(qtp::features::RunFeatures(store, qtp::features::FeatureParams{}, {}, nullptr).status());
  results["update_features_seconds"] = Seconds(t0);
  t0 = Clock::now();
  QTP_RETURN_IF_ERROR(qtp::universe::RunSelect(store, qtp::universe::SelectParams{}, nullptr).status());
  results["update_select_seconds"] = Seconds(t0);
  t0 = Clock::now();
  QTP_RETURN_IF_ERROR(
      qtp::eda::RunEda(store, qtp::eda::EdaParams{}, qtp::features::FeatureParams{}, "bench", nullptr).status());
  results["update_eda_seconds"] = Seconds(t0);
  std::fprintf(stderr, "[update] one day (%zu bars) appended, cleaned, featured, selected, explored; peak RSS %.0f MB\n",
               bars, PeakRssMb());
  return qtp::Status::OK();
}

int main(int argc, char** argv) {
  qtp::TuneAllocatorForBatches();  // as the qtp binary does
  std::string data_dir = "bench-data";
  int tickers = 500;
  std::string start = "2015-01-01";
  std::string end = "2024-12-31";
  std::string json_out;
  CLI::App app{"qtp end-to-end benchmark: append, clean, features, select, eda, daily update, scan"};
  app.add_option("--data-dir", data_dir, "Store to create (must not exist)")->capture_default_str();
  app.add_option("--tickers", tickers, "Tickers")->capture_default_str();
  app.add_option("--start", start, "First date")->capture_default_str();
  app.add_option("--end", end, "Last date")->capture_default_str();
  app.add_option("--json", json_out, "Also write the results as JSON here");
  CLI11_PARSE(app, argc, argv);
  if (std::filesystem::exists(data_dir)) return Fail(qtp::Status::AlreadyExists(data_dir + " exists"));

  qtp::sim::SimulatorParams params;
  qtp::sim::SimulateRequest request;
  request.tickers = tickers;
  auto first = qtp::ParseDate(start);
  auto last = qtp::ParseDate(end);
  if (!first.ok() || !last.ok()) return Fail(first.ok() ? last.status() : first.status());
  request.start = *first;
  request.end = *last;
  request.signal = params.signal_ic;
  auto store = qtp::Store::Open({data_dir, "bench", qtp::StoreMode::kWrite, 0});
  if (!store.ok()) return Fail(store.status());
  nlohmann::ordered_json results;

  // 1. Append: generation is untimed; AddBars5m (validate, sort, dedupe, encode, hash, rename)
  //    plus Commit (syncfs + manifest publish) is the append time.
  auto t0 = Clock::now();
  auto simulator = qtp::sim::MarketSimulator::Make(params, request);
  if (!simulator.ok()) return Fail(simulator.status());
  double generate_s = Seconds(t0);
  double append_s = 0;
  double append_cpu_s = 0;
  size_t bars = 0;
  qtp::Ingestor ingestor(**store);
  std::vector<qtp::Bars5m> held_back;  // each ticker's last day, appended in the daily update
  for (int i = 0; i < tickers; ++i) {
    auto g0 = Clock::now();
    qtp::sim::SimulatedTicker t = simulator->GenerateTicker(i);
    generate_s += Seconds(g0);
    bars += t.bars.size();
    HoldBackLastDay(t.bars, held_back);
    auto a0 = Clock::now();
    const double cpu0 = CpuSeconds();
    auto stats = ingestor.AddBars5m(std::move(t.bars));
    if (!stats.ok()) return Fail(stats.status());
    if (qtp::Status s = ingestor.AddCorporateActions(t.actions); !s.ok()) return Fail(s);
    if ((i + 1) % 20 == 0 || i + 1 == tickers) {
      if (qtp::Status s = ingestor.Commit(); !s.ok()) return Fail(s);
    }
    append_s += Seconds(a0);
    append_cpu_s += CpuSeconds() - cpu0;
    if ((i + 1) % 50 == 0) {
      std::fprintf(stderr, "[append] %d/%d tickers, %.1fM bars, %.2fM bars/s append, peak RSS %.0f MB\n", i + 1,
                   tickers, static_cast<double>(bars) / 1e6, static_cast<double>(bars) / append_s / 1e6, PeakRssMb());
    }
  }
  results["bars"] = bars;
  results["generate_bars_per_s"] = static_cast<double>(bars) / generate_s;
  results["append_bars_per_s"] = static_cast<double>(bars) / append_s;
  results["append_seconds"] = append_s;
  results["append_cores_busy"] = append_cpu_s / append_s;  // how well the append uses the machine
  results["peak_rss_mb_after_append"] = PeakRssMb();
  uint64_t raw_bytes = 0;
  for (const auto& [path, e] : (*store)->manifest().entries) {
    if (e.dataset == qtp::schema::RawBars5m().name) raw_bytes += e.bytes;
  }
  results["raw_bytes_per_bar"] = static_cast<double>(raw_bytes) / static_cast<double>(bars);

  // 2. Clean: raw → processed 5-minute bars, daily bars, quality findings.
  auto c0 = Clock::now();
  size_t last_print = 0;
  auto cleaned = qtp::clean::RunClean(**store, qtp::clean::CleanParams{}, "bench",
                                      [&](size_t done, size_t total, std::string_view) {
                                        if (done - last_print >= 50 || done == total) {
                                          last_print = done;
                                          std::fprintf(stderr, "[clean] %zu/%zu tickers, %.0fs, peak RSS %.0f MB\n",
                                                       done, total, Seconds(c0), PeakRssMb());
                                        }
                                        return qtp::Status::OK();
                                      });
  if (!cleaned.ok()) return Fail(cleaned.status());
  const double clean_s = Seconds(c0);
  results["clean_bars_per_s"] = static_cast<double>(cleaned->rows_in) / clean_s;
  results["clean_seconds"] = clean_s;
  results["peak_rss_mb_after_clean"] = PeakRssMb();

  // 3. Features: every ticker-day's features (per-ticker pass, then PCA and normalization across
  //    tickers), written to features_raw and features.
  auto f0 = Clock::now();
  const double f_cpu0 = CpuSeconds();
  auto featured = qtp::features::RunFeatures(**store, qtp::features::FeatureParams{}, {},
                                             [&](size_t done, size_t total) {
                                               if (done % 100 == 0 || done == total) {
                                                 std::fprintf(stderr, "[features] %zu/%zu tickers, %.0fs, peak RSS %.0f MB\n",
                                                              done, total, Seconds(f0), PeakRssMb());
                                               }
                                               return qtp::Status::OK();
                                             });
  if (!featured.ok()) return Fail(featured.status());
  const double features_s = Seconds(f0);
  results["features_seconds"] = features_s;
  results["features_bars_per_s"] = static_cast<double>(cleaned->bars_out) / features_s;
  results["features_ticker_days"] = featured->ticker_days;
  results["features_cores_busy"] = (CpuSeconds() - f_cpu0) / features_s;
  results["peak_rss_mb_after_features"] = PeakRssMb();
  // 4. Selection and EDA over the whole history.
  auto k0 = Clock::now();
  auto selected = qtp::universe::RunSelect(**store, qtp::universe::SelectParams{}, nullptr);
  if (!selected.ok()) return Fail(selected.status());
  results["select_seconds"] = Seconds(k0);
  auto e0 = Clock::now();
  auto explored = qtp::eda::RunEda(**store, qtp::eda::EdaParams{}, qtp::features::FeatureParams{}, "bench", nullptr);
  if (!explored.ok()) return Fail(explored.status());
  results["eda_seconds"] = Seconds(e0);
  results["peak_rss_mb_after_eda"] = PeakRssMb();

  // 5. The daily update: the held-back last day arrives for every ticker; each stage computes only
  //    what changed.
  const qtp::Status updated = DailyUpdate(**store, ingestor, std::move(held_back), results);
  if (!updated.ok()) return Fail(updated);
  store->reset();  // release the write lock; scans run on a reader like `qtp query`

  // 6. Scan: a full pass over every clean bar's columns through the SQL views.
  auto reader = qtp::Store::Open({data_dir, "", qtp::StoreMode::kRead, 0});
  if (!reader.ok()) return Fail(reader.status());
  // bars_5m is back-adjusted: it reads the two factor columns beside the four it aggregates, which
  // bars_5m_traded (the stored, as-traded rows) does not.
  double scanned_bars = 0;
  for (const char* view : {"bars_5m", "bars_5m_traded"}) {
    std::string scanned;
    auto s0 = Clock::now();
    qtp::Status scan = (*reader)->Query(
        fmt::format("SELECT count(*), sum(close), sum(volume), max(high), min(low) FROM {}", view), [](const auto&) {},
        [&](const std::vector<std::string>& row) { scanned = row[0]; });
    if (!scan.ok()) return Fail(scan);
    const double scan_s = Seconds(s0);
    scanned_bars = std::stod(scanned);
    results[std::string(view) == "bars_5m" ? "scan_bars_per_s" : "scan_traded_bars_per_s"] = scanned_bars / scan_s;
  }
  results["scan_bars"] = scanned_bars;
  auto d0 = Clock::now();
  qtp::Status daily = (*reader)->Query(
      "SELECT ticker, CAST(timezone('America/New_York', ts) AS DATE) AS d, max(high), min(low), sum(volume) "
      "FROM bars_5m GROUP BY ALL ORDER BY ALL LIMIT 1",
      [](const auto&) {}, [](const auto&) {});
  if (!daily.ok()) return Fail(daily);
  results["scan_groupby_daily_bars_per_s"] = scanned_bars / Seconds(d0);
  results["peak_rss_mb"] = PeakRssMb();

  std::printf("%-34s %14s\n", "step", "result");
  std::printf("%-34s %14zu\n", "bars simulated", bars);
  std::printf("%-34s %11.2f M/s\n", "generate (untimed in append)", results["generate_bars_per_s"].get<double>() / 1e6);
  std::printf("%-34s %11.2f M/s  (target >= 3)\n", "append (validated, hashed, durable)",
              results["append_bars_per_s"].get<double>() / 1e6);
  std::printf("%-34s %11.2f\n", "append: cores busy (CPU s / wall s)", results["append_cores_busy"].get<double>());
  std::printf("%-34s %11.1f B\n", "raw bytes per bar on disk", results["raw_bytes_per_bar"].get<double>());
  std::printf("%-34s %11.2f M/s\n", "clean", results["clean_bars_per_s"].get<double>() / 1e6);
  std::printf("%-34s %11.1f s   (target <= 30; %.2f M bars/s, %.2f cores busy)\n", "features (raw + normalized)",
              results["features_seconds"].get<double>(), results["features_bars_per_s"].get<double>() / 1e6,
              results["features_cores_busy"].get<double>());
  std::printf("%-34s %11.1f s\n", "select (top 50, every day)", results["select_seconds"].get<double>());
  std::printf("%-34s %11.1f s\n", "eda (every day, with plots)", results["eda_seconds"].get<double>());
  std::printf("%-34s %11.1f s   (%.0f bars)\n", "daily update: append",
              results["update_append_seconds"].get<double>(), results["update_bars"].get<double>());
  for (const char* stage : {"clean", "features", "select", "eda"}) {
    std::printf("%-34s %11.1f s\n", fmt::format("daily update: {}", stage).c_str(),
                results[fmt::format("update_{}_seconds", stage)].get<double>());
  }
  std::printf("%-34s %11.2f M/s  (target >= 50)\n", "scan (SQL, 5 aggregates, bars_5m)",
              results["scan_bars_per_s"].get<double>() / 1e6);
  std::printf("%-34s %11.2f M/s\n", "scan, as traded (bars_5m_traded)",
              results["scan_traded_bars_per_s"].get<double>() / 1e6);
  std::printf("%-34s %11.2f M/s\n", "scan + group by ticker/day", results["scan_groupby_daily_bars_per_s"].get<double>() / 1e6);
  std::printf("%-34s %11.0f MB  (target <= 4096)\n", "peak RSS", results["peak_rss_mb"].get<double>());
  if (!json_out.empty()) std::ofstream(json_out) << results.dump(2) << "\n";
  return 0;
}
