#include "qtp/data/import/import_report.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace qtp {
namespace {

std::string Joined(const std::vector<std::string>& items, size_t max_items) {
  std::string out;
  for (size_t i = 0; i < items.size() && i < max_items; ++i) out += (i ? "," : "") + items[i];
  if (items.size() > max_items) out += fmt::format(",... ({} in all)", items.size());
  return out;
}

}  // namespace

const char* FileOutcomeName(FileOutcome outcome) {
  switch (outcome) {
    case FileOutcome::kImported: return "imported";
    case FileOutcome::kSkipped: return "skipped";
    case FileOutcome::kFailed: return "failed";
  }
  return "failed";
}

size_t ImportReport::Count(FileOutcome outcome) const {
  return static_cast<size_t>(
      std::count_if(files.begin(), files.end(), [&](const FileReport& f) { return f.outcome == outcome; }));
}

std::string ImportReport::ToText(size_t max_problems_per_file) const {
  size_t rows = 0, missing = 0, bad = 0, rejected = 0, splits = 0, dividends = 0;
  for (const FileReport& f : files) {
    rows += f.rows_passed_on;
    missing += f.rows_with_missing_values;
    bad += f.rows_with_bad_values;
    rejected += f.rows_rejected;
    splits += f.splits;
    dividends += f.dividends;
  }
  std::string out = fmt::format(
      "import: {} files: {} imported, {} skipped, {} failed; {} rows to ingest ({} added, {} unchanged, {} revised, "
      "{} quarantined); {} rows with missing values, {} with bad values, {} rejected; {} splits, {} dividends\n",
      files.size(), Count(FileOutcome::kImported), Count(FileOutcome::kSkipped), Count(FileOutcome::kFailed), rows,
      totals.rows_added, totals.rows_unchanged, totals.rows_revised, totals.quarantined, missing, bad, rejected, splits,
      dividends);
  for (const FileReport& f : files) {
    if (f.outcome != FileOutcome::kImported) {
      out += fmt::format("  {:<8} {}: {}\n", FileOutcomeName(f.outcome), f.path, f.reason);
      continue;
    }
    if (f.kind == "bars_5m" || f.kind == "bars_1d") {
      out += fmt::format(
          "  imported {} [{} {}] rows={} passed_on={} missing={} bad={} rejected={} quarantined={} splits={} "
          "dividends={} source={} time={}{}\n",
          f.path, f.kind, Joined(f.tickers, 5), f.data_rows, f.rows_passed_on, f.rows_with_missing_values,
          f.rows_with_bad_values, f.rows_rejected, f.ingest.quarantined, f.splits, f.dividends, f.source, f.time_basis,
          f.end_labels_shifted ? " (end labels shifted to bar start)" : "");
    } else {
      out += fmt::format("  imported {} [{}] rows={}\n", f.path, f.kind, f.data_rows);
    }
    if (!f.ignored_columns.empty()) out += fmt::format("    ignored columns: {}\n", Joined(f.ignored_columns, 20));
    for (size_t i = 0; i < f.problems.size() && i < max_problems_per_file; ++i) {
      const RowProblem& p = f.problems[i];
      out += fmt::format("    {}:{}:{}: {} ({})\n", f.path, p.line, p.column, p.message, RowProblemKindName(p.kind));
    }
    if (f.problems.size() > max_problems_per_file) {
      out += fmt::format("    ... {} more row problems (see --json)\n", f.problems.size() - max_problems_per_file);
    }
  }
  const MembershipReport& m = membership;
  if (m.built) {
    out += fmt::format(
        "membership: {} events from {} anchored on {} ({}, {} members) → {} intervals ({} with a censored start), "
        "{} spelling renames collapsed, {} warnings\n",
        m.events, m.changes_path, m.constituents_path, m.anchor_date, m.current_members, m.intervals, m.censored_starts,
        m.renames_collapsed, m.warnings.size());
    for (const std::string& w : m.warnings) out += fmt::format("    warning: {}\n", w);
  }
  if (!m.universe_csv_path.empty()) {
    out += fmt::format("universe: {} tickers with name and sector → {}\n", m.universe_tickers, m.universe_csv_path);
  }
  return out;
}

std::string ImportReport::ToJson() const {
  nlohmann::ordered_json j;
  j["files_total"] = files.size();
  j["files_imported"] = Count(FileOutcome::kImported);
  j["files_skipped"] = Count(FileOutcome::kSkipped);
  j["files_failed"] = Count(FileOutcome::kFailed);
  j["ingest"] = totals.ToJson();
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const FileReport& f : files) {
    nlohmann::ordered_json e;
    e["path"] = f.path;
    e["kind"] = f.kind;
    e["outcome"] = FileOutcomeName(f.outcome);
    e["reason"] = f.reason;
    e["tickers"] = f.tickers;
    e["data_rows"] = f.data_rows;
    e["rows_passed_on"] = f.rows_passed_on;
    e["rows_with_missing_values"] = f.rows_with_missing_values;
    e["rows_with_bad_values"] = f.rows_with_bad_values;
    e["rows_rejected"] = f.rows_rejected;
    e["splits"] = f.splits;
    e["dividends"] = f.dividends;
    e["source"] = f.source;
    e["adjustment"] = f.adjustment;
    e["time_basis"] = f.time_basis;
    e["end_labels_shifted"] = f.end_labels_shifted;
    e["ignored_columns"] = f.ignored_columns;
    nlohmann::ordered_json problems = nlohmann::ordered_json::array();
    for (const RowProblem& p : f.problems) {
      problems.push_back({{"line", p.line}, {"column", p.column}, {"kind", RowProblemKindName(p.kind)},
                          {"message", p.message}});
    }
    e["problems"] = std::move(problems);
    e["ingest"] = f.ingest.ToJson();
    list.push_back(std::move(e));
  }
  j["files"] = std::move(list);
  const MembershipReport& m = membership;
  j["membership"] = {{"built", m.built},
                     {"changes_path", m.changes_path},
                     {"constituents_path", m.constituents_path},
                     {"anchor_date", m.anchor_date},
                     {"events", m.events},
                     {"intervals", m.intervals},
                     {"current_members", m.current_members},
                     {"censored_starts", m.censored_starts},
                     {"renames_collapsed", m.renames_collapsed},
                     {"warnings", m.warnings},
                     {"universe_csv_path", m.universe_csv_path},
                     {"universe_tickers", m.universe_tickers}};
  return j.dump(2) + "\n";
}

}  // namespace qtp
