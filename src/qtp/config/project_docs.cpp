// Texts of docs/project_objectives.md, docs/constraints.md and docs/architecture.md, embedded so
// `qtp init` is self-contained. Edit here and in docs/ together: project_skeleton_test compares them.
#include "qtp/config/project_skeleton.h"

namespace qtp::config {

std::string_view ProjectObjectivesMarkdown() {
  static constexpr std::string_view kText = R"md(# Project objectives

## Mission

qtp turns 5-minute bars of US equities into a **daily ranking** of stocks, and tests, honestly and
net of realistic trading costs, whether trading that ranking would have made money for a **retail
account of $25,000 to $100,000**.

```
5-minute bars ─► clean, adjusted bars ─► daily features ─► model scores ─► daily ranking
                                                                              │
      decision: does it clear config/success_metrics.yaml? ◄─ validation ◄─ cost-aware backtest
```

Every number qtp reports must be one a careful skeptic would accept: computed only from data that
was available at the time (no look-ahead), on the stocks that were actually in the universe at the
time (no survivorship bias), after commissions, spread and market impact sized to the account, and
out of sample.

## Who it is for

- One person trading their own account with daily decisions: scores are computed after day t's
  close from data up to that close, and trades execute no earlier than the next session.
- Positions are held at least overnight, so the pattern-day-trader rule (FINRA Rule 4210) does not
  bind daily rebalancing; $25,000 is also its minimum equity, which is why the range starts there.
- At $25k, whole-share rounding and per-order minimum costs matter; at $100k, market impact in the
  less liquid names starts to. Results must hold at both ends of the range.

## Success metrics

The bar a strategy must clear lives in `config/success_metrics.yaml` (written by `qtp init`,
validated on load). All metrics are measured **out of sample** (walk-forward, purged), the
portfolio metrics **after costs**. Defaults:

| key | default | why |
|---|---|---|
| `performance.min_sharpe_after_costs` | 1.0 | Annualized Sharpe of daily net returns. Below ~1 a retail investor is usually better off in an index fund once taxes and effort count. |
| `performance.max_drawdown` | 0.20 | Peak-to-trough loss of net equity. Deeper drawdowns are rarely sat through. |
| `performance.min_annual_return_after_costs` | 0.08 | Compound annual net return; a high Sharpe on a tiny return is not worth running. |
| `performance.max_cost_to_gross_ratio` | 0.5 | Costs may eat at most half of the gross return, or small cost-model errors decide the outcome. |
| `performance.max_annual_turnover` | 25 | One-way turnover per year in multiples of the book (about 10% of the book traded per day). |
| `signal.min_mean_daily_rank_ic` | 0.02 | Mean daily Spearman IC of scores with next-day returns; 0.02 is small but tradable across hundreds of names. |
| `signal.min_icir` | 0.3 | Mean / std of the daily IC (daily values, not annualized): the signal must be consistent, not a few lucky days. |
| `signal.min_hit_rate` | 0.52 | Fraction of days with a positive IC. |
| `robustness.min_oos_years` | 2 | Out-of-sample span over which everything above is measured. |
| `robustness.min_deflated_sharpe_probability` | 0.95 | Deflated Sharpe ratio (Bailey and López de Prado), counting every configuration tried. |
| `robustness.max_pbo` | 0.2 | Probability of backtest overfitting from combinatorially symmetric cross-validation. |
| `capital.min_capital_usd` | 25000 | Smallest account at which all metrics must hold. |
| `capital.max_capital_usd` | 100000 | Largest account at which all metrics must hold. |

Definitions: Sharpe = mean(daily net return) / std(daily net return) × √252 with a zero risk-free
rate; drawdown = max over time of 1 − equity / running peak; rank IC on day t = Spearman correlation
across tickers of the score at t's close with the return from t's close to t+1's close; turnover =
Σ over days of Σᵢ |wᵢ,ₜ − wᵢ,ₜ₋₁| / 2, per year.

A strategy that misses any of these is reported as such, with the numbers; qtp never tunes on the
out-of-sample period to make it pass.

## Phases

1. **Foundation** (this phase): build and setup, the crash-safe Parquet store, the simulated market
   with a planted signal of known strength, import of real CSV files, cleaning and adjustment,
   the CLI, configuration and these documents.
2. Universe selection (point in time, liquidity-ranked) and daily features from 5-minute bars.
3. Models that score the universe daily, and the ranking they produce.
4. Cost models and a cost-aware backtest of the ranking at retail account sizes.
5. Validation: purged walk-forward, deflated Sharpe, probability of backtest overfitting, and the
   success-metric gate.
6. Production (daily run, serving the ranking) and monitoring (drift, IC decay, retraining rules).

The simulated market (`docs/simulated_market.md`) lets every phase prove it recovers a signal of
known strength before it touches real data.

## Non-goals

- Sending orders to a broker. qtp produces rankings and target portfolios; a human decides.
- Intraday or high-frequency trading, options, futures, leverage beyond a plain margin account.
- Investment advice. Past performance, simulated or real, does not predict future results.
)md";
  return kText;
}

std::string_view ConstraintsMarkdown() {
  static constexpr std::string_view kText = R"md(# Constraints

Rules every stage of qtp follows. A change that breaks one of them is a bug, even if tests pass.

## Hardware

- Target machines have **2 to 16 cores and 24 to 64 GB of RAM**; everything must run on the small
  end. The reference is a 2-core machine.
- Work is streamed per ticker and per `year=` partition; no stage holds the whole market in memory.
  The end-to-end benchmark (500 tickers × 10 years of 5-minute bars, about 98 million bars) must
  stay under 4 GB peak RSS.
- Thread counts are parameters, never "all cores" implicitly, so qtp can share a machine.
- Disk and run time are capped by `config/system_limits.yaml` (`storage_cap_gb`,
  `min_free_disk_gb`, `runtime_cap_minutes`, `max_tickers`); a run that would pass a cap stops
  with an error naming the cap, not silently.

## No look-ahead

- A value computed for day t may use only data available at t's close (for 5-minute data: bars
  that ended by then). Every feature declares its lookback and a look-ahead of zero; only labels
  look ahead, and they declare by how much.
- Trades decided on day t execute no earlier than the next session, at a price the backtest could
  have obtained then.
- Normalisers, models and thresholds are fitted inside the training fold only. Walk-forward splits
  are purged by the label horizon and embargoed, so no training label overlaps the test period.
- Split and dividend back-adjustment rewrites past prices with later information. Adjusted prices
  are used for returns and ratios only; anything that depends on the price level as it was seen
  (a minimum price filter, whole-share rounding, per-share commissions) uses the unadjusted price
  of that day.
- Corporate actions and universe changes are applied as of their effective dates, never earlier.

## Point-in-time universe

- Historical selection uses `reference/universe_membership` (the `universe_membership` view):
  intervals during which each ticker was in the S&P 500, built from dated add/remove events.
  A backtest on day t sees only the members of day t, including companies that later left the
  index or stopped trading. Using today's constituents for the past is survivorship bias.
- `data/universe/sp500_constituents.csv` lists the current (or simulated) constituents with name,
  sector and shares outstanding; it is a reference list, not a historical universe.

## Reproducibility

- Same inputs, same configuration, same seed ⇒ byte-identical outputs: the simulator, the store
  (content-addressed Parquet files) and `data/manifest.json` (sorted, no timestamps).
- Randomness comes only from seeded generators passed in explicitly; no wall clock, thread
  scheduling or hash-map order may change an output.
- Every run writes `data/runs/<run_id>/` with the effective configuration, the qtp version and the
  manifest state it read, so a result can be traced to its inputs. The run id hashes them.
- Every stored file is listed in the manifest with its SHA-256; `qtp verify` re-hashes the store.
- Dependencies are pinned: Debian 12 packages and a DuckDB release fetched with integrity hashes by
  `scripts/setup.sh`.

## Data licensing

- Market data from a provider is licensed by that provider, usually for personal, non-commercial
  use and without redistribution. The `data/` directory is never committed and never published.
- The shared datasets under `../shared/data` each carry a `PROVENANCE.md` (origin, license, known
  defects); read it before relying on one.
- The Yahoo endpoint is unofficial and off by default in `config/data_sources.yaml`; check its terms
  before enabling it.
- The simulated market has no licensing constraints and is the default source.

## API limits

- Providers are used politely: per-provider limits in `config/data_sources.yaml`
  (`rate_limit_per_minute`, `max_calls_per_day`, `max_retries`, `backoff_base_ms`, `timeout_ms`) and
  a system-wide budget in `config/system_limits.yaml` (`api_calls_per_day`, `api_calls_per_minute`).
- A rate-limit reply (HTTP 429) or a server error is retried with exponential backoff up to
  `max_retries`; a spent daily budget stops the run with an error instead of hammering the API.
- Ingestion is incremental: only missing ranges are requested, so re-runs cost few calls.
- Tests never call a live API; they use recorded replies.

## Secrets

- API keys live only in environment variables. `config/data_sources.yaml` holds the *names* of
  those variables (`credential_env`, e.g. `ALPACA_API_KEY_ID`), never their values.
- qtp never prints, logs, or writes a secret value: not in run records, error messages, or reports.
- With no credentials set, qtp uses the simulated market, so nothing needs a key to build, test or
  run the demo.

## Correctness over convenience

- Configuration is validated on load: an unknown key, a wrong type or an out-of-range value is an
  error naming the file, the key and the line.
- Bad input rows are quarantined with a reason and counted in the quality report, never silently
  dropped.
- A crash at any point leaves the store valid: a write is either fully present and listed in the
  manifest, or absent.
)md";
  return kText;
}

std::string_view ArchitectureMarkdown() {
  static constexpr std::string_view kText = R"md(# Architecture

qtp is one C++20 library (`src/qtp/`, one static library per folder) and a thin command-line
program (`apps/qtp`). Each stage of the pipeline is a folder with typed inputs and outputs; stages
talk to each other only through the store, never through shared state.

## Stages

```
ingest ─► clean ─► rank/select ─► features ─► models ─► costs
       ─► backtest ─► validation ─► production ─► monitoring
```

| stage | what it does | reads | writes | module | phase |
|---|---|---|---|---|---|
| ingest | Brings 5-minute (and daily-only) bars in from the simulator, CSV files or a provider, through one path: validate, sort, de-duplicate, merge, log revisions and quarantine, commit. | source | `raw/*`, `reference/corporate_actions` | `data/ingest`, `data/simulate`, `data/import` | 1 |
| clean | RTH filter, bad-tick rules, split and dividend back-adjustment, gap detection, daily bars, quality report. | `raw/*`, `reference/corporate_actions` | `processed/*`, `reports/quality/` | `data/clean` | 1 |
| rank/select | Point-in-time universe each day (index membership, liquidity rank). | `processed/bars_1d`, `reference/universe_membership` | daily universe | `universe` | 2 |
| features | Daily features per ticker from 5-minute and daily bars, each with a declared lookback and zero look-ahead. | `processed/*`, universe | feature tables | `features` | 2 |
| models | Fit on training folds, score the universe each day. | features, labels | scores, model registry | `models` | 3 |
| costs | Commission, spread and market-impact models sized to the account. | bars, orders | fills, cost breakdown | `execution` | 4 |
| backtest | Daily ranking → target portfolio → orders → fills → equity, at retail account sizes. | scores, costs | positions, returns | `backtest` | 4 |
| validation | Purged walk-forward, deflated Sharpe, probability of backtest overfitting, the `config/success_metrics.yaml` gate. | backtests | verdicts, tear sheets | `validation`, `evaluation` | 5 |
| production | The daily run after the close, serving the latest ranking. | all of the above | rankings | `pipeline`, `serve` | 6 |
| monitoring | Feature drift, IC decay, retraining rules. | production outputs | alerts | `monitor` | 6 |

## Data layout

Everything lives under the data directory (`--data-dir`, default `./data`):

```
data/
  manifest.json                   the single source of truth: every stored file, its SHA-256, rows,
                                  min/max time, sources, schema version and the run that wrote it
  raw/
    bars_5m/ticker=T/year=Y/part-<hash>.parquet    bars exactly as the source delivered them (UTC)
    bars_1d/ticker=T/year=Y/...                    daily-only imports as delivered
    quarantine_5m/ticker=T/year=Y/...              rows ingest refused, with the reason
    revisions_5m/ticker=T/year=Y/...               stored bars a source later replaced
  processed/
    bars_5m/ticker=T/year=Y/...                    RTH-only, rule-checked, back-adjusted
    bars_1d/ticker=T/year=Y/...                    daily bars from clean 5-minute bars
    quality_issues/ticker=T/...                    findings of the latest clean run
  reference/
    corporate_actions/ticker=T/...                 splits and cash dividends
    universe_membership/...                        point-in-time S&P 500 membership intervals
  universe/sp500_constituents.csv                  ticker, name, sector, shares_outstanding
  reports/quality/                                 per-run quality report (JSON and markdown)
  runs/<run_id>/                                   effective config and summary of each run
```

`<hash>` is the start of the file's SHA-256, so a rewrite never overwrites a committed file in
place. DuckDB views over these folders (`bars_5m_raw`, `bars_5m`, `bars_1d`, `corporate_actions`,
`universe`, `universe_membership`, `quality_issues`, `bar_revisions`) are what `qtp query` exposes.

### Crash safety

A write goes: Parquet written into `data/.staging/`, fsynced, hashed and re-read against the
dataset's schema; renamed into its partition folder under its content-addressed name; then the new
manifest is written to a temp file, fsynced and renamed over `manifest.json`, the one atomic
publish step. Files not in the manifest are invisible to readers and swept by the next writer. A
crash at any point leaves either the whole batch or none of it. One writer at a time holds
`data/.lock`.

## Configuration

`qtp init` writes, next to the data directory:

```
config/default.yaml          every parameter of every stage, commented, with retail defaults
config/success_metrics.yaml  the bar a strategy must clear (docs/project_objectives.md)
config/system_limits.yaml    storage, runtime and API-call caps, enforced
config/data_sources.yaml     provider priority, limits, and the NAMES of credential variables
docs/                        project_objectives.md, constraints.md, architecture.md
data/universe/
```

Each stage owns a parameter struct and one `DescribeParams(config::Section&, Params&)` function
that declares every key once, with its type, range or choices and a one-line doc. The same
declaration loads YAML (rejecting unknown keys, wrong types and out-of-range values with file, key
and line), writes the commented default file, and generates the parameter reference, so code,
defaults and documentation cannot drift apart.

## Source layout

```
apps/qtp/                 CLI: one command per subcommand (init, simulate, import, clean, verify, query, status)
src/qtp/
  core/                   Status and Result, time, tables, bar types, durable file operations
  calendar/               NYSE sessions: holidays, early closes, DST
  config/                 declarative parameters, YAML load/write, limits, data sources, init skeleton
  data/store/             crash-safe Parquet store, manifest, dataset schemas, paths
  data/store/duckdb/      the only code that includes duckdb.h (RAII handles, error conversion)
  data/ingest/            the one ingest path
  data/simulate/          the simulated market (docs/simulated_market.md)
  data/import/            CSV import of real files
  data/clean/             cleaning rules, adjustment, daily bars, quality report
  pipeline/               whole-run configuration and the commands' orchestration
  universe/ features/ models/ execution/ backtest/ evaluation/ validation/ serve/ monitor/
                          later phases, one folder per stage
tests/                    mirrors src/qtp/ (unit/<module>/), plus integration tests through the CLI
bench/                    end-to-end and micro benchmarks (not tests)
docs/                     these documents, data formats, the simulated market
scripts/setup.sh          idempotent installer of the build dependencies
```

A module may depend only on the modules below it in `src/qtp/CMakeLists.txt`: `core` at the
bottom, then `calendar` and `config`, the store, ingest, the sources and cleaning, and `pipeline`
on top. Third-party exceptions are caught at their adapter and turned into a `Status`.
)md";
  return kText;
}

}  // namespace qtp::config
