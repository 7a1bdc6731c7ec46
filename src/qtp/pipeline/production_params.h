// Parameters of the production stage (config section `production`): the daily job, what it
// publishes and where its alerts go (docs/production.md).
#pragma once

#include <string>

#include "qtp/config/section.h"

namespace qtp {

struct ProductionParams {
  // The model whose ranking is primary (what the API and dashboard show by default): "auto" = the
  // model of the latest `qtp train` (models/current.json) with the best mean out-of-sample rank IC.
  std::string model = "auto";
  // PostgreSQL connection URL (postgresql://user@host:port/db); the environment variable
  // QTP_PG_URL wins. Empty: nothing is published to PostgreSQL, everything reads the embedded store.
  std::string postgres_url;
  // Where a failed stage's alert is POSTed as JSON; the environment variable QTP_ALERT_WEBHOOK wins.
  // Empty: alerts go to the log (stderr and data/logs/alerts.jsonl) only.
  std::string alert_webhook;
  // Where the daily job's new bars come from: "auto" = the providers when one has credentials
  // (config/data_sources.yaml), else the simulated market; "simulate"; "providers"; "files" (the user
  // imports them before the job).
  std::string source = "auto";
};

void DescribeParams(config::Section& section, ProductionParams& params);

}  // namespace qtp
