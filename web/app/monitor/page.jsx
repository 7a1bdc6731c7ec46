'use client';

import { useMemo } from 'react';
import { StatusBadge } from '@/components/Badge';
import SortableTable from '@/components/SortableTable';
import { ApiView, Empty } from '@/components/Status';
import TimeChart, { PALETTE } from '@/components/TimeChart';
import { useApi } from '@/lib/api';
import { compact, fixed, integer, timestamp } from '@/lib/format';

const CHECK_ORDER = { fail: 0, failed: 0, warn: 1, ok: 2 };
// Drift statistics at alert level first, then warnings; n/a (too few observations) last.
const DRIFT_ORDER = { alert: 0, warn: 1, ok: 2, 'n/a': 3 };

// Module-level, so a re-render passes the same function and the chart is not rebuilt.
const icAxis = (v) => v.toFixed(3);
const cusumAxis = (v) => v.toFixed(1);

function ChecksTable({ checks }) {
  const sorted = [...checks].sort(
    (a, b) => (CHECK_ORDER[a.status] ?? 3) - (CHECK_ORDER[b.status] ?? 3) || a.name.localeCompare(b.name),
  );
  return (
    <div className="table-scroll">
      <table className="data" data-testid="monitor-table">
        <thead>
          <tr>
            <th>Check</th>
            <th>Status</th>
            <th className="num">Value</th>
            <th className="num">Threshold</th>
            <th>Message</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((c) => (
            <tr key={c.name} data-check={c.name} data-status={c.status}>
              <td>
                <code>{c.name}</code>
              </td>
              <td>
                <StatusBadge status={c.status} />
              </td>
              <td className="num">{compact(c.value)}</td>
              <td className="num">{compact(c.threshold)}</td>
              <td className="wrap">{c.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const DRIFT_COLUMNS = [
  {
    key: 'status',
    label: 'Status',
    render: (r) => <StatusBadge status={r.status} />,
    sortValue: (r) => DRIFT_ORDER[r.status] ?? 4,
  },
  { key: 'kind', label: 'Kind' },
  { key: 'name', label: 'Name', render: (r) => <code>{r.name}</code> },
  { key: 'metric', label: 'Statistic' },
  { key: 'value', label: 'Value', numeric: true, render: (r) => fixed(r.value, 3) },
  { key: 'threshold', label: 'Warn at', numeric: true, render: (r) => fixed(r.threshold, 3) },
  { key: 'alert_threshold', label: 'Alert at', numeric: true, render: (r) => fixed(r.alert_threshold, 3) },
  {
    key: 'current_first',
    label: 'Current window',
    render: (r) => (r.current_first ? `${r.current_first} – ${r.current_last}` : '–'),
  },
  { key: 'n_current', label: 'Obs.', numeric: true, render: (r) => integer(r.n_current) },
];

// The statistics at alert level first, each group by value, largest first.
function driftOrder(rows) {
  return [...rows].sort(
    (a, b) =>
      (DRIFT_ORDER[a.status] ?? 4) - (DRIFT_ORDER[b.status] ?? 4) ||
      (b.value ?? -Infinity) - (a.value ?? -Infinity) ||
      a.name.localeCompare(b.name),
  );
}

// The production model's realized rank IC against the level it was validated at, and the CUSUM of its
// shortfalls, over the monitored days.
function DecayCharts({ history }) {
  const [icSeries, cusumSeries] = useMemo(() => {
    const days = history.filter((h) => h.model_id);
    return [
      [
        {
          kind: 'line',
          title: 'rank IC (rolling window)',
          color: PALETTE[0],
          data: days.map((d) => ({ time: d.as_of, value: d.rank_ic })),
        },
        {
          kind: 'line',
          title: 'validated rank IC',
          color: '#64748b',
          options: { lineStyle: 2 },
          data: days.map((d) => ({ time: d.as_of, value: d.validated_rank_ic })),
        },
      ],
      [
        {
          kind: 'line',
          title: 'CUSUM of shortfalls',
          color: PALETTE[1],
          data: days.map((d) => ({ time: d.as_of, value: d.cusum })),
        },
      ],
    ];
  }, [history]);
  const driftSeries = useMemo(
    () => [
      {
        kind: 'histogram',
        title: 'drift statistics at alert level',
        color: 'rgba(220, 38, 38, 0.6)',
        data: history.map((d) => ({ time: d.as_of, value: d.drift_alerts })),
      },
    ],
    [history],
  );
  if (!history.length) return <p className="note">No monitored days yet.</p>;
  return (
    <>
      <TimeChart series={icSeries} height={240} priceFormat={icAxis} testId="decay-chart" />
      <div className="grid-2" style={{ marginTop: 12 }}>
        <div>
          <p className="note">CUSUM of the standardized shortfalls</p>
          <TimeChart series={cusumSeries} height={180} priceFormat={cusumAxis} testId="cusum-chart" />
        </div>
        <div>
          <p className="note">Drift statistics at alert level per day</p>
          <TimeChart series={driftSeries} height={180} testId="drift-alerts-chart" />
        </div>
      </div>
    </>
  );
}

function AlertsTable({ alerts }) {
  if (!alerts.length) return <p className="note">No alert in the 30 days up to this day.</p>;
  return (
    <div className="table-scroll">
      <table className="data" data-testid="alerts-table">
        <thead>
          <tr>
            <th>As of</th>
            <th>Raised</th>
            <th>Severity</th>
            <th>Source</th>
            <th>Subject</th>
            <th>Delivery</th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((a) => (
            <tr key={`${a.raised_at} ${a.key}`} data-key={a.key}>
              <td>{a.as_of}</td>
              <td>{timestamp(a.raised_at)}</td>
              <td>
                <StatusBadge status={a.severity} />
              </td>
              <td>{a.source}</td>
              <td className="wrap" title={a.key}>
                {a.subject}
              </td>
              <td>{a.status === 'sent' && !a.delivered ? 'logged' : a.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// One monitored day (the latest): the daily job's checks, the drift statistics, the model's decay over time
// and the alerts of the last 30 days.
export default function MonitorPage() {
  const monitor = useApi('/api/monitor');
  const history = useApi('/api/monitor/history');
  return (
    <>
      <h1>Monitoring</h1>
      <ApiView result={monitor} what="the monitor">
        {(d) => {
          if (!d.as_of) {
            return (
              <Empty>
                <span data-testid="monitor-empty">No monitoring data yet</span>: the daily job (<code>qtp daily</code>)
                records its checks in its monitor stage, <code>qtp monitor</code> the drift and decay.
              </Empty>
            );
          }
          const counts = d.checks.reduce((c, x) => ({ ...c, [x.status]: (c[x.status] || 0) + 1 }), {});
          const driftAlerts = d.drift.filter((r) => r.status === 'alert').length;
          return (
            <>
              <p className="subtitle">
                As of <b data-testid="monitor-as-of">{d.as_of}</b> · overall <StatusBadge status={d.status} /> ·{' '}
                {Object.entries(counts)
                  .map(([s, n]) => `${n} ${s}`)
                  .join(', ') || 'no checks'}{' '}
                · {driftAlerts} of {d.drift.length} drift statistics at alert level
              </p>
              <div className="card">
                <h2>Checks</h2>
                {d.checks.length ? (
                  <ChecksTable checks={d.checks} />
                ) : (
                  <p className="note">The daily job recorded no checks for this day.</p>
                )}
              </div>
              <div className="card">
                <h2>Model decay</h2>
                {d.decay.map((m) => (
                  <p key={m.model_id} className="note" data-testid="decay-summary">
                    <code>{m.model_id}</code> <StatusBadge status={m.status} /> rank IC {fixed(m.rank_ic, 3)} over{' '}
                    {integer(m.n_days)} days against {fixed(m.validated_rank_ic, 3)} validated · t-stat{' '}
                    {fixed(m.t_stat, 2)} · CUSUM {fixed(m.cusum, 2)}
                  </p>
                ))}
                <ApiView result={history} what="the monitor history">
                  {(h) => <DecayCharts history={h.items} />}
                </ApiView>
              </div>
              <div className="card">
                <h2>Drift</h2>
                {d.drift.length ? (
                  <div className="table-scroll">
                    <SortableTable
                      columns={DRIFT_COLUMNS}
                      rows={driftOrder(d.drift)}
                      rowKey={(r) => `${r.kind}/${r.name}/${r.metric}`}
                      testId="drift-table"
                      rowProps={(r) => ({ 'data-status': r.status })}
                    />
                  </div>
                ) : (
                  <p className="note">No drift statistics for this day.</p>
                )}
              </div>
              <div className="card">
                <h2>Recent alerts</h2>
                <AlertsTable alerts={d.alerts} />
              </div>
            </>
          );
        }}
      </ApiView>
    </>
  );
}
