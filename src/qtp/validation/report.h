// The files of a validation run (docs/validation.md): report.md, summary.json, grid.csv,
// folds.csv, decay.csv and plots/ (fold ICs, decay curves, sweep heatmaps, equity vs benchmarks).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "qtp/core/status.h"
#include "qtp/validation/run_validate.h"

namespace qtp::validation {

// summary.json: the gates, the choice, the controls and the fold and held-out numbers.
nlohmann::ordered_json SummaryJson(const ValidationResult& v, const ValidateOptions& options);

Status WriteValidationReport(const ValidationResult& v, const ValidateOptions& options, const std::string& dir);

// "ridge, rebalance 5 d, top 20, equal, base costs"
std::string Describe(const ValidationResult& v, const GridPoint& point);

}  // namespace qtp::validation
