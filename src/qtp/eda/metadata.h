// The feature library's description, data/processed/features/feature_metadata.yaml: for every
// feature column its registry entry (name, group, unit, definition), the feature parameters that
// shape it, its normalization, its stability and IC summary, and the pruning decision with its
// reason; plus the parameters and thresholds in effect. And the append-only event log
// reports/eda/events.jsonl (one JSON object per line: what was computed, what was pruned, when).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "qtp/core/status.h"
#include "qtp/eda/analysis.h"
#include "qtp/eda/eda_params.h"
#include "qtp/features/feature_params.h"

namespace qtp::eda {

// The keys of config section `features` that change `feature`'s values (windows named in a
// column's name, like adv_20, are fixed and not listed). Empty for features with none.
std::vector<std::string> FeatureParamKeys(const std::string& feature);

// The YAML text; deterministic (no clock), so an unchanged run rewrites the same bytes.
Result<std::string> FeatureMetadataYaml(const EdaAnalysis& analysis, const EdaParams& params,
                                        const features::FeatureParams& feature_params, const std::string& run_id);

// Events of one run: "computed" (panel size, dates, horizons, how many days the day pass computed),
// then one "pruned" per dropped feature. `time_utc` is stamped on each.
std::vector<nlohmann::ordered_json> EdaEvents(const EdaAnalysis& analysis, size_t days_computed,
                                              const std::string& run_id, const std::string& time_utc);

// Appends one line per event to `path` (created if absent) and fsyncs it: earlier lines are never
// rewritten.
Status AppendJsonLines(const std::string& path, const std::vector<nlohmann::ordered_json>& lines);

}  // namespace qtp::eda
