#include "qtp/pipeline/provider_check.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "qtp/calendar/nyse_calendar.h"
#include "qtp/core/file_util.h"
#include "qtp/eda/plots.h"
#include "qtp/evaluation/daily_metrics.h"

namespace qtp {

namespace {

struct Delivered {
  std::string name;
  Status status;
  std::map<TimestampUs, Bar5m> bars;  // regular-session bars by start
};

struct Tally {
  size_t bars = 0;
  size_t missing_vs_calendar = 0;
  size_t missing_vs_others = 0;
  size_t price_mismatches = 0;
  size_t volume_mismatches = 0;
  double max_price_diff = 0;  // relative
  std::vector<double> volume_ratios;
};

std::string Csv(double x) { return std::isfinite(x) ? fmt::format("{:.10g}", x) : ""; }

// Close per provider (left) and close difference to the reference in bp (right), by bar number.
Status DrawPlots(const std::vector<Delivered>& delivered, const std::vector<TimestampUs>& grid, size_t reference,
                 const std::string& dir, const std::string& path_env) {
  QTP_ASSIGN_OR_RETURN(const std::string gnuplot, eda::FindGnuplot(path_env));
  const std::string plot_dir = dir + "/plots";
  QTP_RETURN_IF_ERROR(MakeDirs(plot_dir));
  std::string data = "bar";
  for (const Delivered& d : delivered) data += fmt::format(" {}_close {}_diff_bp", d.name, d.name);
  data += "\n";
  for (size_t i = 0; i < grid.size(); ++i) {
    data += std::to_string(i);
    const auto ref = delivered[reference].bars.find(grid[i]);
    for (const Delivered& d : delivered) {
      const auto it = d.bars.find(grid[i]);
      const double close = it == d.bars.end() ? NAN : it->second.close;
      const double diff = it == d.bars.end() || ref == delivered[reference].bars.end()
                              ? NAN
                              : 1e4 * (close - ref->second.close) / ref->second.close;
      data += fmt::format(" {} {}", eda::GnuplotValue(close), eda::GnuplotValue(diff));
    }
    data += "\n";
  }
  std::string close_plot, diff_plot;
  for (size_t p = 0; p < delivered.size(); ++p) {
    close_plot +=
        fmt::format("{}'providers.dat' using 1:{} with lines title '{}'", p ? ", " : "", 2 + 2 * p, delivered[p].name);
    diff_plot += fmt::format("{}'providers.dat' using 1:{} with points pt 7 ps 0.4 title '{}'", p ? ", " : "",
                             3 + 2 * p, delivered[p].name);
  }
  const std::string script = fmt::format(
      "set terminal pngcairo size 1200,800 noenhanced\nset output 'providers.png'\nset datafile missing 'NaN'\n"
      "set key autotitle columnhead\nset multiplot layout 2,1\nset title 'close by provider (regular-session bars)'\n"
      "set xlabel 'bar'\nset ylabel 'close'\nplot {}\nset title 'close minus reference ({}), basis points'\n"
      "set ylabel 'bp'\nplot {}\nunset multiplot\n",
      close_plot, delivered[reference].name, diff_plot);
  QTP_RETURN_IF_ERROR(AtomicWriteFile(plot_dir + "/providers.dat", data));
  QTP_RETURN_IF_ERROR(AtomicWriteFile(plot_dir + "/providers.gp", script));
  const std::string log = plot_dir + "/gnuplot.log";
  QTP_RETURN_IF_ERROR(AtomicWriteFile(log, ""));
  return eda::RunProcess({gnuplot, "providers.gp"}, plot_dir, log);
}

}  // namespace

Result<ProviderCheckOutcome> RunProviderCheck(const std::vector<providers::ChainLink>& chain,
                                              const ProviderCheckRequest& request, const std::string& reports_root,
                                              const std::string& run_id) {
  if (chain.size() < 2) {
    return Status::InvalidArgument(fmt::format(
        "providers check needs at least two usable providers, found {} (enable more in config/data_sources.yaml "
        "and set their credentials)",
        chain.size()));
  }
  std::vector<Delivered> delivered;
  for (const providers::ChainLink& link : chain) {
    Delivered d;
    d.name = link.handle->name;
    providers::PullRequest pull{request.ticker, request.first, request.last, providers::Interval::k5Min, request.today};
    Result<providers::PullResult> result = link.handle->provider->Pull(pull, *link.fetcher);
    if (result.ok()) {
      providers::KeepSessionBars(request.first, request.last, result->bars5m);
      for (size_t i = 0; i < result->bars5m.size(); ++i) d.bars[result->bars5m.ts[i]] = result->bars5m.row(i);
    } else {
      d.status = result.status();
    }
    delivered.push_back(std::move(d));
  }
  size_t reference = delivered.size();
  for (size_t p = 0; p < delivered.size() && reference == delivered.size(); ++p) {
    if (!delivered[p].bars.empty()) reference = p;
  }
  if (reference == delivered.size()) {
    std::string why;
    for (const Delivered& d : delivered) {
      why += fmt::format("; {}: {}", d.name, d.status.ok() ? "no bars" : d.status.ToString());
    }
    return Status::InvalidArgument(fmt::format("no provider delivered a bar of {} {}..{}{}", request.ticker,
                                               FormatDate(request.first), FormatDate(request.last), why));
  }
  const NyseCalendar& calendar = NyseCalendar::Get();
  std::set<TimestampUs> calendar_bars;
  for (DateDays day : calendar.TradingDays(request.first, request.last)) {
    for (TimestampUs ts : calendar.BarStarts(day)) calendar_bars.insert(ts);
  }
  std::set<TimestampUs> union_bars;
  for (const Delivered& d : delivered) {
    for (const auto& [ts, bar] : d.bars) union_bars.insert(ts);
  }
  const std::vector<TimestampUs> grid(union_bars.begin(), union_bars.end());
  const auto& ref_bars = delivered[reference].bars;
  std::vector<Tally> tallies(delivered.size());
  std::string discrepancies = "ts_utc,provider,kind,value,reference_value,relative_difference\n";
  std::string bars_csv = "ts_utc";
  for (const Delivered& d : delivered) bars_csv += fmt::format(",{}_close,{}_volume", d.name, d.name);
  bars_csv += "\n";
  for (TimestampUs ts : grid) {
    bars_csv += FormatTimestampUtc(ts);
    const auto ref = ref_bars.find(ts);
    for (size_t p = 0; p < delivered.size(); ++p) {
      const auto it = delivered[p].bars.find(ts);
      bars_csv +=
          it == delivered[p].bars.end() ? ",," : fmt::format(",{},{}", Csv(it->second.close), Csv(it->second.volume));
      if (!delivered[p].status.ok()) continue;
      if (it == delivered[p].bars.end()) {
        ++tallies[p].missing_vs_others;
        discrepancies += fmt::format("{},{},missing,,,\n", FormatTimestampUtc(ts), delivered[p].name);
        continue;
      }
      if (p == reference || ref == ref_bars.end()) continue;
      const double price_diff = (it->second.close - ref->second.close) / ref->second.close;
      tallies[p].max_price_diff = std::max(tallies[p].max_price_diff, std::abs(price_diff));
      if (std::abs(price_diff) > request.price_tolerance) {
        ++tallies[p].price_mismatches;
        discrepancies += fmt::format("{},{},price,{},{},{}\n", FormatTimestampUtc(ts), delivered[p].name,
                                     Csv(it->second.close), Csv(ref->second.close), Csv(price_diff));
      }
      if (ref->second.volume > 0) {
        const double ratio = it->second.volume / ref->second.volume;
        tallies[p].volume_ratios.push_back(ratio);
        if (ratio > 1 + request.volume_tolerance || ratio < 1 / (1 + request.volume_tolerance)) {
          ++tallies[p].volume_mismatches;
          discrepancies += fmt::format("{},{},volume,{},{},{}\n", FormatTimestampUtc(ts), delivered[p].name,
                                       Csv(it->second.volume), Csv(ref->second.volume), Csv(ratio - 1));
        }
      }
    }
  }
  ProviderCheckOutcome outcome;
  nlohmann::ordered_json& summary = outcome.summary;
  summary["ticker"] = request.ticker;
  summary["first"] = FormatDate(request.first);
  summary["last"] = FormatDate(request.last);
  summary["reference"] = delivered[reference].name;
  summary["price_tolerance"] = request.price_tolerance;
  summary["volume_tolerance"] = request.volume_tolerance;
  summary["session_bars"] = calendar_bars.size();
  std::string table = fmt::format(
      "| provider | status | bars | missing vs calendar | missing vs others | price mismatches | max close diff | "
      "volume ratio (median) | volume mismatches |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
  for (size_t p = 0; p < delivered.size(); ++p) {
    Tally& t = tallies[p];
    const Delivered& d = delivered[p];
    t.bars = d.bars.size();
    for (TimestampUs ts : calendar_bars) t.missing_vs_calendar += d.bars.count(ts) == 0 ? 1 : 0;
    const double volume_median = t.volume_ratios.empty() ? NAN : evaluation::Median(t.volume_ratios);
    nlohmann::ordered_json j;
    j["status"] = d.status.ok() ? "ok" : d.status.ToString();
    j["bars"] = t.bars;
    j["missing_vs_calendar"] = d.status.ok() ? t.missing_vs_calendar : 0;
    j["missing_vs_others"] = t.missing_vs_others;
    j["price_mismatches"] = t.price_mismatches;
    j["max_close_difference"] = t.max_price_diff;
    j["volume_ratio_median"] = std::isfinite(volume_median) ? nlohmann::ordered_json(volume_median) : nullptr;
    j["volume_mismatches"] = t.volume_mismatches;
    const providers::FetchStats& f = chain[p].fetcher->stats();
    j["requests"] = f.requests;
    j["cache_hits"] = f.cache_hits;
    j["retries"] = f.retries;
    summary["providers"][d.name] = j;
    table += fmt::format(
        "| {}{} | {} | {} | {} | {} | {} | {:.3f}% | {} | {} |\n", d.name, p == reference ? " (reference)" : "",
        d.status.ok() ? "ok" : d.status.ToString(), t.bars, d.status.ok() ? std::to_string(t.missing_vs_calendar) : "-",
        t.missing_vs_others, t.price_mismatches, 100 * t.max_price_diff,
        std::isfinite(volume_median) ? fmt::format("{:.3f}", volume_median) : "-", t.volume_mismatches);
  }
  outcome.text = table;
  QTP_ASSIGN_OR_RETURN(
      outcome.folder, WriteFolderWhole(reports_root, run_id, [&](const std::string& dir) -> Status {
        std::string md = fmt::format(
            "# Provider check: {} {}..{}\n\nRegular-session 5-minute bars of every usable provider, compared bar by "
            "bar "
            "with the reference `{}` (the first provider of the chain that delivered). Price mismatch: close differs "
            "by "
            "more than {:.3f}%; volume mismatch: volume ratio outside [1/{:.2f}, {:.2f}]. The calendar has {} session "
            "bars. Definitions: docs/data_sources.md.\n\n{}\n",
            request.ticker, FormatDate(request.first), FormatDate(request.last), delivered[reference].name,
            100 * request.price_tolerance, 1 + request.volume_tolerance, 1 + request.volume_tolerance,
            calendar_bars.size(), table);
        if (request.plots && grid.size() > 1) {
          QTP_RETURN_IF_ERROR(DrawPlots(delivered, grid, reference, dir, request.path_env));
          md += "\n![providers](plots/providers.png)\n";
        }
        md += "\nFiles: summary.json, bars.csv, discrepancies.csv.\n";
        QTP_RETURN_IF_ERROR(AtomicWriteFile(dir + "/report.md", md));
        QTP_RETURN_IF_ERROR(AtomicWriteFile(dir + "/summary.json", summary.dump(2) + "\n"));
        QTP_RETURN_IF_ERROR(AtomicWriteFile(dir + "/bars.csv", bars_csv));
        return AtomicWriteFile(dir + "/discrepancies.csv", discrepancies);
      }));
  return outcome;
}

}  // namespace qtp
