// The EDA report files under <data>/reports/eda/: CSV tables and the markdown summary. Each
// function returns the file's text; run_eda.h writes them atomically. The text depends only on its
// inputs (no clock), so re-running on unchanged data reproduces it byte for byte.
#pragma once

#include <string>
#include <vector>

#include "qtp/eda/analysis.h"
#include "qtp/eda/eda_params.h"

namespace qtp::eda {

inline constexpr const char* kEdaReportDir = "reports/eda";
inline constexpr const char* kEdaPlotDir = "reports/eda/plots";
inline constexpr const char* kEdaEventsFile = "reports/eda/events.jsonl";
inline constexpr const char* kFeatureMetadataFile = "processed/features/feature_metadata.yaml";

// How much of the panel is covered by the point-in-time membership (universe_membership).
struct MembershipCoverage {
  size_t intervals = 0;           // rows of universe_membership; 0: membership unknown (survivor-only universe)
  size_t tickers_known = 0;       // panel tickers with at least one interval
  size_t ticker_days_member = 0;  // panel (ticker, day) rows inside one of the ticker's intervals
};

struct ReportContext {
  std::string run_id;
  MembershipCoverage membership;
  bool plots_enabled = false;
  std::vector<std::string> plots;          // PNG file names drawn in plots/
  std::vector<std::string> plots_skipped;  // not drawn: nothing to show
};

// feature,group,horizon,days,mean_rank_ic,std_rank_ic,icir,t_stat,hit_rate,decay,
// mean_ic,std_ic,icir_pearson,t_stat_pearson,hit_rate_pearson
std::string IcSummaryCsv(const EdaAnalysis& a);
// feature,window_days,regime,mean_autocorr,n_days,stable
std::string StabilityCsv(const EdaAnalysis& a);
// The date-averaged Spearman matrix: a header of feature names, then one row per feature.
std::string CorrelationsCsv(const EdaAnalysis& a);
// feature_a,feature_b,spearman,days,decision (every pair above eda.list_threshold)
std::string RedundantPairsCsv(const EdaAnalysis& a);
// summary.md: universe and dates, top features, unstable features, pruned and listed pairs, plots.
std::string SummaryMarkdown(const EdaAnalysis& a, const EdaParams& params, const ReportContext& context);

}  // namespace qtp::eda
