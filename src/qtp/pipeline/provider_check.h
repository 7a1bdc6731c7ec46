// `qtp providers check`: the same ticker and days pulled from every usable provider, compared bar by
// bar, so a user can see how far the sources agree before trusting one (docs/data_sources.md).
// Nothing is stored; replies go through the same fetchers (cache, budgets, retries) as an ingest.
//
// Reference: the first provider in the chain that delivered bars (the primary of data_sources.yaml).
// Per provider, over the regular-session bars of the days asked for:
//   missing_vs_calendar  session bars (NYSE calendar) it did not deliver (IEX-only feeds skip quiet bars)
//   missing_vs_others    bars another provider delivered and it did not
//   price_mismatches     bars whose close differs from the reference's by more than price_tolerance
//   volume_mismatches    bars whose volume ratio to the reference is outside [1/(1+v), 1+v]
//   volume_ratio_median  median volume / reference volume (an IEX feed shows ~2-5 %)
// Written whole to <reports>/providers/<run id>/: report.md, summary.json, bars.csv (close and volume
// per provider per bar), discrepancies.csv (one row per finding) and plots/ (close per provider, and
// each provider's close difference to the reference in basis points).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "qtp/core/status.h"
#include "qtp/data/providers/run_pull.h"

namespace qtp {

struct ProviderCheckRequest {
  std::string ticker;
  DateDays first = 0;
  DateDays last = 0;
  DateDays today = 0;
  double price_tolerance = 0.001;  // relative close difference counted as a mismatch
  double volume_tolerance = 0.25;  // relative volume difference counted as a mismatch
  bool plots = true;
  std::string path_env;  // PATH, to find gnuplot
};

struct ProviderCheckOutcome {
  std::string folder;
  nlohmann::ordered_json summary;
  std::string text;  // the per-provider table, for the terminal
};

// Errors: InvalidArgument when fewer than two providers are usable (nothing to compare) or none
// delivered a bar; a provider that fails is reported in the summary, not an error.
Result<ProviderCheckOutcome> RunProviderCheck(const std::vector<providers::ChainLink>& chain,
                                              const ProviderCheckRequest& request, const std::string& reports_root,
                                              const std::string& run_id);

}  // namespace qtp
