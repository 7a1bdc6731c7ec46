// The published rankings of an as-of date (dataset `rankings`, production_columns.h): every current
// model's scores of the day's point-in-time top-K names, ranked, with the previous published rank,
// the sector and the key features they are shown with (docs/publish.md).
//
// No lookahead: the rankings of D read predictions, top-K and features of D only, and stored
// rankings of dates before D; nothing dated after D changes them.
#pragma once

#include <string>
#include <vector>

#include "qtp/core/status.h"
#include "qtp/core/table.h"
#include "qtp/data/store/store.h"
#include "qtp/models/champion.h"
#include "qtp/models/registry.h"

namespace qtp {

// The latest date with stored predictions (any model, any split). NotFound when there is none.
Result<DateDays> LatestPredictionDate(const Store& store);

struct RankingsInfo {
  std::vector<std::string> models;  // model_ids ranked, sorted
  std::string primary_model;
  size_t names = 0;  // the day's top-K names
  size_t rows = 0;
};

// The rankings Table of `as_of` for every model of models/current.json with predictions on that
// day, restricted to the day's topk_history names and ranked 1..n by score (highest first, ties by
// ticker). Sorted by key. NotFound, naming the stage to run, when the day has no predictions of a
// current model or no top-K selection.
Result<Table> BuildRankings(const Store& store, DateDays as_of, const std::string& primary_setting,
                            RankingsInfo* info = nullptr);

// Makes `rankings` (rows of `as_of` only) the stored rankings of that date: the date's previous
// rows are replaced, other dates are kept. Staged until store.Commit(); storing the same rows again
// rewrites nothing (the year's file is byte-identical).
Result<MergeStats> StoreRankings(Store& store, DateDays as_of, Table rankings);

}  // namespace qtp
