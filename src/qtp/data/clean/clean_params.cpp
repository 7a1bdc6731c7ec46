#include "qtp/data/clean/clean_params.h"

namespace qtp::clean {

void DescribeParams(config::Section& section, CleanParams& params) {
  section.Param("spike_k", params.spike_k,
                "spike threshold in robust sigmas of 5-minute log returns (MAD-based, trailing sessions)", 1.0, 1000.0);
  section.Param(
      "spike_min_move", params.spike_min_move,
      "minimum spike size as a log move (0.02 = about 2%); guards quiet or illiquid names whose sigma is near 0", 0.0,
      10.0);
  section.Param("spike_revert_fraction", params.spike_revert_fraction,
                "a spike must revert: the next close lies within this fraction of the deviation from the reference",
                0.0, 1.0);
  section.Param("spike_ref_bars", params.spike_ref_bars,
                "previous closes of the same session whose median is the spike reference price", 1, 50);
  section.Param("spike_sigma_sessions", params.spike_sigma_sessions,
                "previous sessions whose median MAD-sigma scales the spike threshold", 1, 250);
  section.Param("spike_action", params.spike_action,
                "what to do with a confirmed spike: replace its bad prices by interpolation, or drop the bar",
                {"replace", "drop"});
  section.Param("detect_gaps", params.detect_gaps, "record missing bars inside sessions and missing days");
  section.Param("adjust", params.adjust,
                "resolve splits and cash dividends into adjustment factors, stored beside the as-traded clean bars "
                "(the bars_5m / bars_1d views apply them)");
  section.Param("commit_every_tickers", params.commit_every_tickers,
                "publish the store (atomic manifest swap) after this many cleaned tickers", 1, 100000);
  section.Param("threads", params.threads,
                "1 = sequential; 2 = clean one ticker while the store reads/writes another (same output)", 1, 2);
  section.Param("report_max_findings", params.report_max_findings,
                "findings listed in the report files; all of them are stored in quality_issues", 0, 10000000);
}

}  // namespace qtp::clean
