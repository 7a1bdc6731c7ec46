// `qtp ingest` and `qtp refresh`: pull bars from the providers into the store, through the one ingest
// path. For each ticker:
//   1. The days to pull: the trading days of [first, last] with no stored bar, plus every day from
//      `today` on (a session still trading is never taken as complete). What is stored is never asked
//      for again, so an interrupted pull resumes where it stopped.
//   2. Those days cut into pulls: runs of consecutive missing days, inside one calendar month, at most
//      the primary provider's batch_days long.
//   3. Each pull goes to the providers in order until one delivers; a provider that fails it (after
//      the fetcher's retries), cannot serve it (NotSupported), does not know the ticker (NotFound) or
//      sends a malformed reply is skipped for that pull (a fallback); one whose daily budget is spent
//      (LimitExceeded) is dropped for the rest of the run. When no provider is left, the run stops.
//   4. 5-minute bars are kept only inside the regular session (the NYSE calendar, half days included)
//      and inside the pull's days; the ticker's bars and corporate actions are committed together.
// A pull that every provider failed is reported (the run's status is an error) and the other tickers
// go on; their commits stand. The fetchers' raw-response cache makes a re-run of a killed pull free.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "qtp/core/status.h"
#include "qtp/data/ingest/ingestor.h"
#include "qtp/data/providers/polite_fetcher.h"
#include "qtp/data/providers/provider.h"
#include "qtp/data/providers/registry.h"
#include "qtp/data/store/store.h"

namespace qtp::providers {

struct PullPlanRequest {
  std::vector<std::string> tickers;
  DateDays first = 0;  // exchange dates, inclusive
  DateDays last = 0;
  Interval interval = Interval::k5Min;
  DateDays today = 0;  // New York date of "now"
  // Per-ticker first day, overriding `first` (`qtp refresh`: a few days before the last stored one).
  std::map<std::string, DateDays> first_by_ticker;
  // Pull every day of the range again, stored or not (`qtp refresh`'s refetch_days: late provider
  // corrections become logged revisions).
  bool refetch = false;
};

// One provider in the chain, with the fetcher its requests go through.
struct ChainLink {
  ProviderHandle* handle = nullptr;
  PoliteFetcher* fetcher = nullptr;
};

struct ProviderTally {
  size_t pulls_served = 0;
  size_t pulls_failed = 0;
  size_t bars = 0;  // bars it delivered that were kept (regular session, inside the range)
  bool budget_spent = false;
};

struct PullReport {
  size_t tickers = 0;
  size_t days_requested = 0;       // trading days asked for
  size_t days_already_stored = 0;  // skipped: stored by an earlier run
  size_t pulls = 0;
  size_t fallbacks = 0;             // pulls served by a provider other than the first one asked
  size_t bars_outside_session = 0;  // dropped: pre/post-market or outside the pull's days
  std::map<std::string, ProviderTally> providers;
  std::vector<std::string> failures;        // "AAPL 2024-01-02..2024-01-31: alpaca: ...; fmp: ..."
  std::vector<std::string> fallback_notes;  // "AAPL 2024-01: alpaca failed (...), served by fmp"
  IngestStats ingest;
  nlohmann::ordered_json ToJson(const std::map<std::string, FetchStats>& fetch_stats) const;
  std::string ToText(const std::map<std::string, FetchStats>& fetch_stats) const;
};

// Called after each ticker (done of total); a non-OK status stops the run (e.g. the runtime cap).
using PullProgressFn = std::function<Status(size_t done, size_t total)>;

// The trading days of [first, last] to pull for a ticker whose stored days are `stored`, cut into
// pulls (see above). Exposed for tests.
std::vector<std::pair<DateDays, DateDays>> PlanPulls(const std::vector<DateDays>& missing_days, int batch_days);

// Keeps the bars of exchange dates [first, last] inside the regular session (the NYSE calendar, half
// days included); returns how many were dropped.
size_t KeepSessionBars(DateDays first, DateDays last, Bars5m& bars);

// Runs the pull. `chain` is non-empty; `ingestor` writes to `store`. Errors: the store's; LimitExceeded
// when every provider's budget is spent (what was committed stays); Unavailable when some pull could not
// be served by any provider (report.failures says which, the rest is committed).
Status RunPull(Store& store, Ingestor& ingestor, const std::vector<ChainLink>& chain, const PullPlanRequest& request,
               PullReport* report, const PullProgressFn& progress = {});

}  // namespace qtp::providers
