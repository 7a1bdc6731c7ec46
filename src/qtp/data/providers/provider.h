// A market-data connector: turns (ticker, exchange-date range, interval) into the provider's
// requests through a Fetcher, and the provider's replies into the store's bar schema.
//
// Contract every connector keeps (docs/data_sources.md):
//   - 5-minute bars are stamped with the bar's START as a UTC instant, whatever the provider's own
//     convention (end-labelled bars are shifted, Eastern wall-clock times converted with DST).
//   - Bars outside the regular session may be returned; run_ingest applies the RTH filter (the NYSE
//     calendar, half days included) for every provider alike.
//   - Prices are as the provider serves them; `source` on every row says which provider and, when
//     the provider pre-adjusts, ";adj=split" or ";adj=split_dividend" (bar_file.h's tag), so
//     cleaning never adjusts twice.
//   - Rows come back in any order; ingest sorts and de-duplicates.
//   - A malformed reply is an InvalidArgument naming the provider, the ticker and what is wrong,
//     and nothing of that pull is returned.
#pragma once

#include <string>
#include <vector>

#include "qtp/core/bars.h"
#include "qtp/core/status.h"
#include "qtp/core/time.h"
#include "qtp/data/providers/fetcher.h"

namespace qtp::providers {

enum class Interval { k5Min, kDaily };

struct PullRequest {
  std::string ticker;
  DateDays first = 0;  // exchange (New York) dates, inclusive
  DateDays last = 0;
  Interval interval = Interval::k5Min;
  DateDays today = 0;  // "now" as a New York date: cacheability, Yahoo's 60-day intraday window
};

struct PullResult {
  Bars5m bars5m;  // Interval::k5Min
  Bars1d bars1d;  // Interval::kDaily
  std::vector<CorporateAction> actions;  // splits/dividends the reply carried (Yahoo events)
  size_t requests = 0;                   // Fetcher::Get calls made (pages)
};

class Provider {
 public:
  virtual ~Provider() = default;
  virtual std::string name() const = 0;  // as in config/data_sources.yaml
  virtual bool Supports(Interval interval) const = 0;
  // Pulls request.ticker over [first, last]. Errors: the Fetcher's, InvalidArgument for a malformed
  // reply, NotSupported for a range or interval the provider cannot serve (the message says why,
  // e.g. Yahoo's 60-day intraday limit), so run_ingest can fall back to the next provider.
  virtual Result<PullResult> Pull(const PullRequest& request, Fetcher& fetcher) = 0;
};

}  // namespace qtp::providers
