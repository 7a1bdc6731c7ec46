-- qtp monitor's results (docs/monitoring.md), mirrored by qtp publish like monitor_checks.

-- One row per drift statistic of an as-of (view monitor_drift).
CREATE TABLE monitor_drift (
  as_of            date             NOT NULL,
  kind             text             NOT NULL,   -- feature, prediction, correlation
  name             text             NOT NULL,
  metric           text             NOT NULL,   -- psi, ks, corr_distance
  value            double precision,
  threshold        double precision,
  alert_threshold  double precision,
  status           text             NOT NULL,   -- ok, warn, alert, n/a
  reference_first  date,
  reference_last   date,
  current_first    date,
  current_last     date,
  n_reference      bigint           NOT NULL,
  n_current        bigint           NOT NULL,
  PRIMARY KEY (as_of, kind, name, metric)
);

-- The production model's realized rank IC against its validated level (view monitor_decay).
CREATE TABLE monitor_decay (
  as_of              date             NOT NULL,
  model_id           text             NOT NULL,
  n_days             bigint           NOT NULL,
  rank_ic            double precision,
  ic                 double precision,
  validated_rank_ic  double precision,
  t_stat             double precision,
  cusum              double precision,
  status             text             NOT NULL,   -- ok, warn, alert, n/a
  PRIMARY KEY (as_of, model_id)
);

-- Every alert qtp monitor and qtp daily raised (view monitor_alerts).
CREATE TABLE monitor_alerts (
  as_of      date         NOT NULL,
  raised_at  timestamptz  NOT NULL,
  key        text         NOT NULL,
  severity   text         NOT NULL,   -- info, warning, critical
  source     text         NOT NULL,
  subject    text         NOT NULL,
  status     text         NOT NULL,   -- sent, suppressed, quiet
  delivered  bigint       NOT NULL,
  details    text         NOT NULL,   -- JSON
  PRIMARY KEY (as_of, raised_at, key)
);
CREATE INDEX monitor_alerts_raised_at ON monitor_alerts (raised_at);
