// Every dataset the store keeps: its view name, folder, columns, key and partitioning.
// docs/formats/store.md describes the same layout for humans; keep both in step.
#pragma once

#include <vector>

#include "qtp/core/bars.h"
#include "qtp/core/quality.h"
#include "qtp/core/table.h"

namespace qtp::schema {

// raw/bars_5m (view bars_5m_raw): bars exactly as a source delivered them (finite values only),
// unique per (ticker, ts), sorted by ts.
const TableSpec& RawBars5m();
// processed/bars_5m (view bars_5m): RTH-only, rule-checked, split/dividend back-adjusted.
const TableSpec& Bars5m();
// raw/bars_1d: daily-only imports as delivered (source of bars_1d for tickers with no 5m bars).
const TableSpec& RawBars1d();
// processed/bars_1d (view bars_1d): daily bars from clean 5m bars, or cleaned daily imports.
const TableSpec& Bars1d();
// reference/corporate_actions (view corporate_actions), key (ex_date, action).
const TableSpec& CorporateActions();
// raw/quarantine_5m (part of view quality_issues): rows ingest refused, with reason; nothing is lost.
const TableSpec& Quarantine5m();
// raw/quarantine_1d: daily rows ingest refused, with reason.
const TableSpec& Quarantine1d();
// raw/ingest_findings (part of view quality_issues): what ingest did to rows it kept or dropped
// losslessly: exact duplicates dropped, out-of-order rows sorted. One row per (bar, rule).
const TableSpec& IngestFindings();
// raw/revisions_5m (view bar_revisions): the stored row a source replaced, with the replacing run.
const TableSpec& Revisions5m();
// raw/revisions_1d (view bar_revisions_1d): the same for daily rows (e.g. two daily sets
// overlapping for one ticker: the later import replaces, the earlier row is kept here).
const TableSpec& Revisions1d();
// processed/quality_issues (view quality_findings): findings of the latest clean run, per ticker.
// The view quality_issues joins these with the ingest quarantine.
const TableSpec& QualityIssues();
// reference/simulated_signal (view sim_signal): the simulator's planted signal, known at date's close.
const TableSpec& SimulatedSignal();
// reference/universe_membership (view universe_membership): point-in-time S&P 500 membership
// intervals [start_date, end_date), end_date null while still a member. Not partitioned.
const TableSpec& UniverseMembership();

// All datasets above, for views, verify and status.
const std::vector<const TableSpec*>& AllDatasets();
// The SQL view over a dataset's files: its name, except for the processed bars, stored as traded in
// views bars_5m_traded / bars_1d_traded, while bars_5m / bars_1d are derived, back-adjusted views.
std::string FilesViewName(const TableSpec& spec);

// Moves between typed batches and store tables (no copies of the column vectors).
Table ToTable(const TableSpec& spec, qtp::Bars5m&& bars);   // spec: RawBars5m() or Bars5m()
qtp::Bars5m Bars5mFromTable(std::string ticker, Table&& table);
Table ToTable(const TableSpec& spec, qtp::Bars1d&& bars);   // spec: RawBars1d() or Bars1d()
qtp::Bars1d Bars1dFromTable(std::string ticker, Table&& table);
// All actions must share one ticker (the partition).
Table CorporateActionsToTable(const std::vector<CorporateAction>& actions);
std::vector<CorporateAction> CorporateActionsFromTable(const std::string& ticker, const Table& table);
// All issues must share one ticker (the partition). run_id is stored with each row.
Table QualityIssuesToTable(const qtp::QualityIssues& issues, const std::string& run_id);

}  // namespace qtp::schema
