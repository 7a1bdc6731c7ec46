// The published rankings held in memory, per store generation: `/api/rankings` is the hot endpoint
// (the dashboard's landing page, the benchmark's target), so every row is serialized once when
// the store changes and a request only slices and concatenates ready JSON.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "qtp/core/status.h"
#include "qtp/core/table.h"
#include "qtp/serve/json_text.h"

namespace qtp::serve {

// One model's ranking of one as-of date.
struct RankingList {
  std::string model_id;
  std::vector<std::string> rows;  // each row's JSON object (docs/api.md), by rank then ticker
  std::string head;               // the answer's JSON up to and including "total": n,
};

struct RankingDay {
  DateDays as_of = kNullDate;
  std::string primary_model_id;    // the row flagged is_primary; "" when none is
  std::vector<RankingList> lists;  // by model_id

  const RankingList* Find(const std::string& model_id) const;
  // The primary model's list, else the first.
  const RankingList& Default() const;
};

class RankingsCache {
 public:
  // From the rows of the rankings dataset (schema::Rankings(), any order).
  static Result<RankingsCache> Build(const Table& rankings);

  bool empty() const { return days_.empty(); }
  const std::vector<RankingDay>& days() const { return days_; }  // newest first
  const RankingDay* Find(DateDays as_of) const;
  // The rank of `ticker` in the latest date's primary list, if it is there.
  std::optional<int64_t> LatestPrimaryRank(const std::string& ticker) const;

  // The body of /api/rankings for `list` of `day`.
  static std::string Body(const RankingList& list, const Page& page);
  // The body of /api/rankings when nothing is published.
  static std::string EmptyBody(const Page& page);

 private:
  std::vector<RankingDay> days_;
  std::unordered_map<std::string, int64_t> latest_primary_rank_;
};

}  // namespace qtp::serve
