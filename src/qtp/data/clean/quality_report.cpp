#include "qtp/data/clean/quality_report.h"

#include <fmt/format.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "qtp/core/file_util.h"

namespace qtp::clean {
namespace {

nlohmann::json StatsJson(const TickerStats& stats, bool with_daily_only) {
  nlohmann::json j;
  if (with_daily_only) {
    j["daily_only"] = stats.daily_only;
  }
  j["rows_in"] = stats.rows_in;
  j["bars_out"] = stats.bars_out;
  j["days_out"] = stats.days_out;
  j["missing_bars"] = stats.missing_bars;
  size_t findings = 0;
  nlohmann::json by_rule = nlohmann::json::object();
  for (const auto& [rule_name, n] : stats.by_rule) {
    by_rule[rule_name] = n;
    findings += n;
  }
  j["findings"] = findings;
  j["by_rule"] = std::move(by_rule);
  return j;
}

std::string EscapeCell(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '|') {
      out += '\\';
    }
    out += c == '\n' ? ' ' : c;
  }
  return out;
}

std::string TsText(TimestampUs ts) { return ts == kNullInt64 ? "" : FormatTimestampUtc(ts); }
std::string DateText(DateDays date) { return date == kNullDate ? "" : FormatDate(date); }

}  // namespace

QualityReport::QualityReport(std::string run_id, size_t max_findings)
    : run_id_(std::move(run_id)), max_findings_(max_findings) {}

void QualityReport::Add(const TickerStats& stats, const QualityIssues& issues) {
  tickers_[stats.ticker] = stats;
  totals_.rows_in += stats.rows_in;
  totals_.bars_out += stats.bars_out;
  totals_.days_out += stats.days_out;
  totals_.missing_bars += stats.missing_bars;
  for (const auto& [rule_name, n] : stats.by_rule) {
    totals_.by_rule[rule_name] += n;
  }
  findings_total_ += issues.size();
  for (size_t i = 0; i < issues.size() && listed_.size() < max_findings_; ++i) {
    listed_.push_back(issues[i]);
  }
}

std::string QualityReport::ToJson() const {
  nlohmann::json j;
  j["run_id"] = run_id_;
  j["stage"] = std::string(kStage);
  nlohmann::json totals = StatsJson(totals_, false);
  totals["tickers"] = tickers_.size();
  j["totals"] = std::move(totals);
  nlohmann::json tickers = nlohmann::json::object();
  for (const auto& [ticker, stats] : tickers_) {
    tickers[ticker] = StatsJson(stats, true);
  }
  j["tickers"] = std::move(tickers);
  nlohmann::json findings = nlohmann::json::array();
  for (const QualityIssue& issue : listed_) {
    nlohmann::json f;
    f["ticker"] = issue.ticker;
    f["ts"] = issue.ts == kNullInt64 ? nlohmann::json() : nlohmann::json(FormatTimestampUtc(issue.ts));
    f["date"] = issue.date == kNullDate ? nlohmann::json() : nlohmann::json(FormatDate(issue.date));
    f["rule"] = issue.rule;
    f["action"] = issue.action;
    f["detail"] = issue.detail;
    findings.push_back(std::move(f));
  }
  j["findings_listed"] = listed_.size();
  j["findings"] = std::move(findings);
  return j.dump(2) + "\n";
}

std::string QualityReport::ToMarkdown() const {
  std::string md = fmt::format("# Data quality report: clean run {}\n\n", run_id_);
  md += fmt::format("- tickers: {}\n- raw rows in: {}\n- processed 5-minute bars: {}\n- processed daily bars: {}\n",
                    tickers_.size(), totals_.rows_in, totals_.bars_out, totals_.days_out);
  md += fmt::format("- missing bars inside sessions: {}\n- findings: {}\n\n", totals_.missing_bars, findings_total_);

  md += "## Findings by rule\n\n| rule | findings |\n|---|---:|\n";
  for (const auto& [rule_name, n] : totals_.by_rule) {
    md += fmt::format("| {} | {} |\n", rule_name, n);
  }
  std::set<std::string> rules;
  for (const auto& [rule_name, n] : totals_.by_rule) {
    rules.insert(rule_name);
  }
  md += "\n## Per ticker\n\n| ticker | source | rows in | bars out | days out |";
  std::string align = "|---|---|---:|---:|---:|";
  for (const std::string& r : rules) {
    md += fmt::format(" {} |", r);
    align += "---:|";
  }
  md += "\n" + align + "\n";
  for (const auto& [ticker, stats] : tickers_) {
    md += fmt::format("| {} | {} | {} | {} | {} |", ticker, stats.daily_only ? "daily" : "5m", stats.rows_in,
                      stats.bars_out, stats.days_out);
    for (const std::string& r : rules) {
      const auto it = stats.by_rule.find(r);
      md += fmt::format(" {} |", it == stats.by_rule.end() ? 0 : it->second);
    }
    md += "\n";
  }
  md += fmt::format("\n## Findings ({} listed of {}; all are in the quality_issues view)\n\n", listed_.size(),
                    findings_total_);
  md += "| ticker | ts (UTC) | date | rule | action | detail |\n|---|---|---|---|---|---|\n";
  for (const QualityIssue& issue : listed_) {
    md += fmt::format("| {} | {} | {} | {} | {} | {} |\n", issue.ticker, TsText(issue.ts), DateText(issue.date),
                      issue.rule, issue.action, EscapeCell(issue.detail));
  }
  return md;
}

Result<ReportPaths> QualityReport::Write(const std::string& data_dir) const {
  const std::filesystem::path dir = std::filesystem::path(data_dir) / "reports" / "quality";
  ReportPaths paths;
  paths.json = (dir / (run_id_ + ".json")).string();
  paths.markdown = (dir / (run_id_ + ".md")).string();
  paths.latest_json = (dir / "latest.json").string();
  paths.latest_markdown = (dir / "latest.md").string();
  QTP_RETURN_IF_ERROR(MakeDirs(dir.string()));
  const std::string json = ToJson();
  const std::string markdown = ToMarkdown();
  QTP_RETURN_IF_ERROR(AtomicWriteFile(paths.json, json));
  QTP_RETURN_IF_ERROR(AtomicWriteFile(paths.markdown, markdown));
  QTP_RETURN_IF_ERROR(AtomicWriteFile(paths.latest_json, json));
  QTP_RETURN_IF_ERROR(AtomicWriteFile(paths.latest_markdown, markdown));
  return paths;
}

}  // namespace qtp::clean
