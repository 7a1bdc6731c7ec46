// The datasets of the production stage (docs/production.md): the published rankings, the daily
// job's stage records and its monitor checks.
#pragma once

#include "qtp/core/table.h"

namespace qtp::schema {

// published/rankings (view rankings), partitioned by year of as_of, key (as_of, model_id, ticker):
// what `qtp publish --as-of D` published for D, one row per name of D's point-in-time top-K scored
// by a model on D.
//   rank           1 = the model's best score among the day's top-K names (ties by ticker)
//   rank_change    the name's rank in the model's previous published as-of minus today's rank
//                  (positive = moved up); NULL for a name not ranked then
//   is_primary     1 for the production model of the day (production.model), else 0
//   universe_rank  the name's rank in topk_history on D
//   close, adv_20, ret_20d, mom_12_1, rv_20, amihud_20, hurst
//                  the features_raw values of D the ranking is shown with
const TableSpec& Rankings();

// jobs/runs (view runs), partitioned by year of as_of, key (as_of, job_id, stage): one row per stage
// a `qtp daily` job ran, written when the stage ends. A job that resumes an earlier one records only
// the stages it ran.
//   job_id         daily-<as_of>-<attempt>: attempt counts the jobs started for that as-of
//   stage_index    the stage's position in the job (0 = refresh ... 7 = monitor)
//   status         succeeded, failed
//   started_at, finished_at   wall-clock times (UTC)
//   run_id         the stage's run record (runs/<run_id>/), "" when it has none
//   rows           the stage's headline row count (its metrics say which), -1 when it has none
//   error          the failure's message, "" otherwise
const TableSpec& Runs();

// monitor/checks (view monitor_checks), partitioned by year of as_of, key (as_of, name): the daily
// job's monitor stage, one row per check of the as-of.
//   status         ok, warn, fail
//   value, threshold   what was measured and the limit it was compared with (NULL when none)
//   message        one line a person reads
const TableSpec& MonitorChecks();

}  // namespace qtp::schema
