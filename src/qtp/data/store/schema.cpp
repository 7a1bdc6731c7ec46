#include "qtp/data/store/schema.h"

#include "qtp/data/store/eda_columns.h"
#include "qtp/data/store/execution_columns.h"
#include "qtp/data/store/feature_columns.h"
#include "qtp/data/store/model_columns.h"
#include "qtp/data/store/monitor_columns.h"
#include "qtp/data/store/production_columns.h"
#include "qtp/data/store/retrain_columns.h"
#include "qtp/data/store/selection_columns.h"

namespace qtp::schema {
namespace {

using CT = ColumnType;

std::vector<ColumnSpec> Bar5mColumns() {
  return {{"ts", CT::kTimestamp},  {"open", CT::kDouble},        {"high", CT::kDouble},
          {"low", CT::kDouble},    {"close", CT::kDouble},       {"volume", CT::kDouble},
          {"vwap", CT::kDouble, true}, {"trade_count", CT::kInt64, true}, {"source", CT::kString}};
}

std::vector<ColumnSpec> Bar1dColumns() {
  return {{"date", CT::kDate},    {"open", CT::kDouble},         {"high", CT::kDouble},
          {"low", CT::kDouble},   {"close", CT::kDouble},        {"volume", CT::kDouble},
          {"vwap", CT::kDouble, true}, {"n_bars", CT::kInt64, true}, {"source", CT::kString}};
}

TableSpec Make(std::string name, std::string path, std::vector<ColumnSpec> columns, std::vector<std::string> key,
               std::string time_column, Partitioning partitioning = Partitioning::kTickerYear) {
  TableSpec spec;
  spec.name = std::move(name);
  spec.path = std::move(path);
  spec.columns = std::move(columns);
  spec.key = std::move(key);
  spec.time_column = std::move(time_column);
  spec.partitioning = partitioning;
  return spec;
}

// Quarantined rows are kept whatever they hold: every value column may be NULL (NaN).
std::vector<ColumnSpec> AllNullable(std::vector<ColumnSpec> columns) {
  for (ColumnSpec& c : columns) c.nullable = c.type == CT::kDouble || c.nullable;
  return columns;
}

std::vector<ColumnSpec> WithExtra(std::vector<ColumnSpec> base, const std::vector<ColumnSpec>& extra) {
  base.insert(base.end(), extra.begin(), extra.end());
  return base;
}

template <typename Batch, typename TimeT>
Table MoveBars(const TableSpec& spec, Batch& bars, std::vector<TimeT>& time_column, std::vector<int64_t>& count_column) {
  Table t(spec);
  auto& c = t.columns();
  c[0] = std::move(time_column);
  c[1] = std::move(bars.open);
  c[2] = std::move(bars.high);
  c[3] = std::move(bars.low);
  c[4] = std::move(bars.close);
  c[5] = std::move(bars.volume);
  c[6] = std::move(bars.vwap);
  c[7] = std::move(count_column);
  c[8] = std::move(bars.source);
  // Processed bars' adjustment factors (run_clean sets them): 1, no corporate action, until then.
  for (size_t extra = 9; extra < c.size(); ++extra) c[extra] = std::vector<double>(t.num_rows(), 1.0);
  return t;
}

template <typename Batch, typename TimeT>
void TakeBars(std::string ticker, Table&& table, std::vector<TimeT>& time_out, std::vector<int64_t>& count_out,
              Batch& out) {
  auto& c = table.columns();
  out.ticker = std::move(ticker);
  time_out = std::move(std::get<std::vector<TimeT>>(c[0]));
  out.open = std::move(std::get<std::vector<double>>(c[1]));
  out.high = std::move(std::get<std::vector<double>>(c[2]));
  out.low = std::move(std::get<std::vector<double>>(c[3]));
  out.close = std::move(std::get<std::vector<double>>(c[4]));
  out.volume = std::move(std::get<std::vector<double>>(c[5]));
  out.vwap = std::move(std::get<std::vector<double>>(c[6]));
  count_out = std::move(std::get<std::vector<int64_t>>(c[7]));
  out.source = std::move(std::get<std::vector<std::string>>(c[8]));
}

}  // namespace

const TableSpec& RawBars5m() {
  static const TableSpec spec = Make("bars_5m_raw", "raw/bars_5m", Bar5mColumns(), {"ts"}, "ts");
  return spec;
}

// Processed bars are stored as traded, with the back-adjustment factors beside them
// (clean/adjust.h); the bars_5m / bars_1d views apply the factors (catalog.cpp).
const TableSpec& Bars5m() {
  static const TableSpec spec = [] {
    TableSpec s = Make("bars_5m", "processed/bars_5m",
                       WithExtra(Bar5mColumns(), {{"adj_factor", CT::kDouble}, {"adj_volume_factor", CT::kDouble}}),
                       {"ts"}, "ts");
    s.schema_version = 2;  // 1: adjusted prices stored
    return s;
  }();
  return spec;
}

const TableSpec& RawBars1d() {
  static const TableSpec spec = Make("bars_1d_raw", "raw/bars_1d", Bar1dColumns(), {"date"}, "date");
  return spec;
}

const TableSpec& Bars1d() {
  static const TableSpec spec = [] {
    TableSpec s = Make("bars_1d", "processed/bars_1d",
                       WithExtra(Bar1dColumns(), {{"adj_factor", CT::kDouble},
                                                  {"adj_volume_factor", CT::kDouble},
                                                  {"ex_factor", CT::kDouble}}),
                       {"date"}, "date");
    s.schema_version = 2;  // 1: adjusted prices stored
    return s;
  }();
  return spec;
}

const TableSpec& CorporateActions() {
  static const TableSpec spec =
      Make("corporate_actions", "reference/corporate_actions",
           {{"ex_date", CT::kDate}, {"action", CT::kString}, {"split_ratio", CT::kDouble, true},
            {"dividend", CT::kDouble, true}, {"source", CT::kString}},
           {"ex_date", "action"}, "ex_date");
  return spec;
}

const TableSpec& Quarantine5m() {
  static const TableSpec spec =
      Make("quarantine_5m", "raw/quarantine_5m",
           WithExtra(AllNullable(Bar5mColumns()), {{"reason", CT::kString}, {"detail", CT::kString}}),
           {"ts", "reason", "open", "high", "low", "close", "volume", "vwap", "trade_count", "source"}, "ts");
  return spec;
}

const TableSpec& Quarantine1d() {
  static const TableSpec spec =
      Make("quarantine_1d", "raw/quarantine_1d",
           WithExtra(AllNullable(Bar1dColumns()), {{"reason", CT::kString}, {"detail", CT::kString}}),
           {"date", "reason", "open", "high", "low", "close", "volume", "vwap", "n_bars", "source"}, "date");
  return spec;
}

const TableSpec& IngestFindings() {
  static const TableSpec spec =
      Make("ingest_findings", "raw/ingest_findings",
           {{"date", CT::kDate}, {"ts", CT::kTimestamp, true}, {"rule", CT::kString}, {"action", CT::kString},
            {"detail", CT::kString}},
           {"date", "ts", "rule"}, "date");
  return spec;
}

const TableSpec& Revisions5m() {
  static const TableSpec spec =
      Make("bar_revisions", "raw/revisions_5m", WithExtra(Bar5mColumns(), {{"revised_by_run", CT::kString}}),
           {"ts", "revised_by_run"}, "ts");
  return spec;
}

const TableSpec& Revisions1d() {
  static const TableSpec spec =
      Make("bar_revisions_1d", "raw/revisions_1d", WithExtra(Bar1dColumns(), {{"revised_by_run", CT::kString}}),
           {"date", "revised_by_run"}, "date");
  return spec;
}

const TableSpec& QualityIssues() {
  static const TableSpec spec =
      Make("quality_findings", "processed/quality_issues",
           {{"date", CT::kDate}, {"ts", CT::kTimestamp, true}, {"stage", CT::kString}, {"rule", CT::kString},
            {"action", CT::kString}, {"detail", CT::kString}, {"run_id", CT::kString}},
           {"date", "ts", "rule", "detail"}, "date");
  return spec;
}

const TableSpec& SimulatedSignal() {
  static const TableSpec spec = Make("sim_signal", "reference/simulated_signal",
                                     {{"date", CT::kDate}, {"signal", CT::kDouble}}, {"date"}, "date");
  return spec;
}

const TableSpec& UniverseMembership() {
  static const TableSpec spec =
      Make("universe_membership", "reference/universe_membership",
           {{"ticker", CT::kString}, {"start_date", CT::kDate}, {"end_date", CT::kDate, true}, {"source", CT::kString}},
           {"ticker", "start_date"}, "start_date", Partitioning::kNone);
  return spec;
}

std::string FilesViewName(const TableSpec& spec) {
  return &spec == &Bars5m() || &spec == &Bars1d() ? spec.name + "_traded" : spec.name;
}

const std::vector<const TableSpec*>& AllDatasets() {
  static const std::vector<const TableSpec*> all = {&RawBars5m(),    &Bars5m(),       &RawBars1d(),
                                                    &Bars1d(),       &CorporateActions(), &Quarantine5m(), &Quarantine1d(), &IngestFindings(),
                                                    &Revisions5m(),  &Revisions1d(),   &QualityIssues(), &SimulatedSignal(),
                                                    &UniverseMembership(), &FeaturesRaw(),     &Features(),
                                                    &FeatureInputs(), &TopKHistory(), &SelectionInputs(),
                                                    &FeatureIc(), &FeatureStability(), &FeatureAutocorr(),
                                                    &FeatureCorr(), &EdaDays(), &EdaMissingForward(), &EdaInputs(),
                                                    &Predictions(), &ModelMetrics(), &CostEstimates(), &Rankings(), &Runs(), &MonitorChecks(),
                                                    &MonitorDrift(), &MonitorDecay(), &MonitorAlerts(), &ModelDecisions()};
  return all;
}

Table ToTable(const TableSpec& spec, qtp::Bars5m&& bars) { return MoveBars(spec, bars, bars.ts, bars.trade_count); }

qtp::Bars5m Bars5mFromTable(std::string ticker, Table&& table) {
  qtp::Bars5m out;
  TakeBars(std::move(ticker), std::move(table), out.ts, out.trade_count, out);
  return out;
}

Table ToTable(const TableSpec& spec, qtp::Bars1d&& bars) { return MoveBars(spec, bars, bars.date, bars.n_bars); }

qtp::Bars1d Bars1dFromTable(std::string ticker, Table&& table) {
  qtp::Bars1d out;
  TakeBars(std::move(ticker), std::move(table), out.date, out.n_bars, out);
  return out;
}

Table CorporateActionsToTable(const std::vector<CorporateAction>& actions) {
  Table t(CorporateActions());
  for (const CorporateAction& a : actions) {
    t.Column<int32_t>("ex_date").push_back(a.ex_date);
    t.Column<std::string>("action").push_back(CorporateActionTypeName(a.type));
    t.Column<double>("split_ratio").push_back(a.split_ratio);
    t.Column<double>("dividend").push_back(a.dividend);
    t.Column<std::string>("source").push_back(a.source);
  }
  return t;
}

std::vector<CorporateAction> CorporateActionsFromTable(const std::string& ticker, const Table& table) {
  std::vector<CorporateAction> out;
  const auto& ex = table.Column<int32_t>("ex_date");
  const auto& action = table.Column<std::string>("action");
  const auto& ratio = table.Column<double>("split_ratio");
  const auto& dividend = table.Column<double>("dividend");
  const auto& source = table.Column<std::string>("source");
  for (size_t i = 0; i < table.num_rows(); ++i) {
    out.push_back({ticker, ex[i], action[i] == "split" ? CorporateActionType::kSplit : CorporateActionType::kDividend,
                   ratio[i], dividend[i], source[i]});
  }
  return out;
}

Table QualityIssuesToTable(const qtp::QualityIssues& issues, const std::string& run_id) {
  Table t(QualityIssues());
  for (const QualityIssue& q : issues) {
    t.Column<int32_t>("date").push_back(q.date);
    t.Column<int64_t>("ts").push_back(q.ts);
    t.Column<std::string>("stage").push_back(q.stage);
    t.Column<std::string>("rule").push_back(q.rule);
    t.Column<std::string>("action").push_back(q.action);
    t.Column<std::string>("detail").push_back(q.detail);
    t.Column<std::string>("run_id").push_back(run_id);
  }
  return t;
}

}  // namespace qtp::schema
