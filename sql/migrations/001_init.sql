-- 001_init: the tables `qtp publish` upserts into (docs/publish.md). Column names and meanings are
-- those of the embedded store's datasets of the same names (docs/formats/store.md), so one query
-- reads the same on either side; each primary key is its dataset's key, which publish upserts by.
-- Applied by `qtp db migrate`; never edit an applied migration: add NNN_name.sql instead.

-- One row per (as-of date, model, name): what `qtp publish --as-of D` published for D.
CREATE TABLE rankings (
  as_of          date             NOT NULL,
  model_id       text             NOT NULL,
  ticker         text             NOT NULL,
  rank           bigint           NOT NULL CHECK (rank >= 1),
  score          double precision NOT NULL,
  rank_change    bigint,            -- previous published rank minus today's; NULL: not ranked then
  is_primary     boolean          NOT NULL,
  sector         text,
  universe_rank  bigint           NOT NULL,
  close          double precision,
  adv_20         double precision,
  ret_20d        double precision,
  mom_12_1       double precision,
  rv_20          double precision,
  amihud_20      double precision,
  hurst          double precision,
  PRIMARY KEY (as_of, model_id, ticker)
);
-- The API's question: a date's ranking of one model, best first.
CREATE INDEX rankings_as_of_model_rank ON rankings (as_of, model_id, rank);
CREATE INDEX rankings_primary ON rankings (as_of, rank) WHERE is_primary;
CREATE INDEX rankings_ticker ON rankings (ticker, as_of);

-- One row per backtest run and cost scenario (view backtest_runs).
CREATE TABLE backtest_runs (
  run_id                    text             NOT NULL,
  scenario                  text             NOT NULL,
  signal                    text             NOT NULL,
  benchmark                 text             NOT NULL,
  first_date                date             NOT NULL,
  last_date                 date             NOT NULL,
  days                      bigint           NOT NULL,
  capital_usd               double precision NOT NULL,
  final_equity              double precision NOT NULL,
  total_return              double precision,
  cagr                      double precision,
  annual_volatility         double precision,
  sharpe_ratio              double precision,
  sortino_ratio             double precision,
  max_drawdown              double precision,
  turnover_annual           double precision,
  cost_drag_annual          double precision,
  turnover_adjusted_sharpe  double precision,
  information_ratio         double precision,
  PRIMARY KEY (run_id, scenario)
);

-- One row per backtest run, scenario and day (view backtest_returns).
CREATE TABLE backtest_returns (
  run_id            text             NOT NULL,
  scenario          text             NOT NULL,
  date              date             NOT NULL,
  equity            double precision NOT NULL,
  cash              double precision NOT NULL,
  positions_value   double precision NOT NULL,
  positions         bigint           NOT NULL,
  gross_pnl         double precision NOT NULL,
  costs             double precision NOT NULL,
  dividends         double precision NOT NULL,
  traded_usd        double precision NOT NULL,
  turnover          double precision NOT NULL,
  gross_return      double precision NOT NULL,
  net_return        double precision NOT NULL,
  benchmark_return  double precision,
  drawdown          double precision NOT NULL,
  PRIMARY KEY (run_id, scenario, date)
);

-- The model registry (data/models/<model_id>/model.json).
CREATE TABLE models (
  model_id          text    PRIMARY KEY,
  model             text    NOT NULL,   -- ridge, logistic, xgb, lambdamart, ensemble_rank, ensemble_ic
  family            text    NOT NULL,   -- the learner family, or ensemble
  horizon           integer NOT NULL,   -- label horizon in trading days
  train_first       date,
  train_last        date,
  data_last         date,
  code_version      text    NOT NULL,
  is_current        boolean NOT NULL,   -- listed by the latest qtp train (models/current.json)
  summary           jsonb   NOT NULL,   -- out-of-sample metrics over every fold
  hyperparameters   jsonb   NOT NULL,
  features          jsonb   NOT NULL,   -- feature names, in the model's column order
  members           jsonb   NOT NULL,   -- ensembles: member model_ids ([] otherwise)
  weights           jsonb   NOT NULL    -- ensembles: member weights ([] otherwise)
);

-- One row per stage of each `qtp daily` job (view runs).
CREATE TABLE runs (
  job_id       text             NOT NULL,
  as_of        date             NOT NULL,
  stage        text             NOT NULL,
  stage_index  bigint           NOT NULL,
  status       text             NOT NULL,   -- succeeded, failed, skipped
  started_at   timestamptz      NOT NULL,
  finished_at  timestamptz      NOT NULL,
  seconds      double precision NOT NULL,
  run_id       text             NOT NULL,
  rows         bigint           NOT NULL,
  error        text             NOT NULL,
  PRIMARY KEY (as_of, job_id, stage)
);
CREATE INDEX runs_as_of ON runs (as_of, stage_index);

-- One row per check of the daily job's monitor stage (view monitor_checks).
CREATE TABLE monitor_checks (
  as_of      date             NOT NULL,
  name       text             NOT NULL,
  status     text             NOT NULL,   -- ok, warn, fail
  value      double precision,
  threshold  double precision,
  message    text             NOT NULL,
  PRIMARY KEY (as_of, name)
);
