'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { Suspense, useMemo, useState } from 'react';
import { BarTable } from '@/components/Bars';
import { ApiView, Empty, Loading } from '@/components/Status';
import TimeChart, { PALETTE } from '@/components/TimeChart';
import { useApi } from '@/lib/api';
import { fixed, integer, isNum, pct, usd } from '@/lib/format';
import { compound, rollingSharpe } from '@/lib/series';

const SHARPE_WINDOW = 63;

// The rows of the metrics table, in reading order, with how each value reads.
const METRICS = [
  { key: 'total_return', label: 'Total return', format: (v) => pct(v, 2) },
  { key: 'cagr', label: 'CAGR', format: (v) => pct(v, 2) },
  { key: 'annual_volatility', label: 'Annual volatility', format: (v) => pct(v, 2) },
  { key: 'sharpe_ratio', label: 'Sharpe ratio', format: (v) => fixed(v, 2) },
  { key: 'sortino_ratio', label: 'Sortino ratio', format: (v) => fixed(v, 2) },
  { key: 'max_drawdown', label: 'Max drawdown', format: (v) => pct(v, 2) },
  { key: 'turnover_annual', label: 'Turnover (annual)', format: (v) => fixed(v, 1) },
  { key: 'cost_drag_annual', label: 'Cost drag (annual)', format: (v) => pct(v, 2) },
  { key: 'turnover_adjusted_sharpe', label: 'Turnover-adjusted Sharpe', format: (v) => fixed(v, 2) },
  { key: 'information_ratio', label: 'Information ratio', format: (v) => fixed(v, 2) },
  { key: 'capital_usd', label: 'Capital', format: usd },
  { key: 'final_equity', label: 'Final equity', format: usd },
  { key: 'days', label: 'Days', format: integer },
];

const pctAxis = (v) => `${(v * 100).toFixed(1)}%`;
const usdAxis = (v) => usd(v);
const ratioAxis = (v) => v.toFixed(2);

function scenarioOrder(detail) {
  const names = detail.scenarios.map((s) => s.scenario);
  for (const r of detail.returns) if (!names.includes(r.scenario)) names.push(r.scenario);
  return names;
}

// The returns rows grouped by scenario, each sorted by date.
function returnsByScenario(detail, names) {
  const out = Object.fromEntries(names.map((n) => [n, []]));
  for (const r of detail.returns) out[r.scenario].push(r);
  for (const n of names) out[n].sort((a, b) => (a.date < b.date ? -1 : 1));
  return out;
}

function Charts({ detail, names, byScenario, selected }) {
  const color = (name) => PALETTE[names.indexOf(name) % PALETTE.length];
  const charts = useMemo(() => {
    const equity = names.map((n) => ({
      kind: 'line',
      title: n,
      color: color(n),
      data: byScenario[n].map((r) => ({ time: r.date, value: r.equity })),
    }));
    const base = byScenario[selected];
    if (base.length && base.some((r) => isNum(r.benchmark_return))) {
      const row = detail.scenarios.find((s) => s.scenario === selected);
      const first = base[0];
      // The benchmark starts from the same capital as the strategy: the configured capital when the run
      // records it, else the first day's equity before that day's return.
      const start =
        row && isNum(row.capital_usd)
          ? row.capital_usd
          : first.equity / (1 + (isNum(first.net_return) ? first.net_return : 0));
      const bench = compound(
        base.map((r) => r.benchmark_return),
        start,
      );
      equity.push({
        kind: 'line',
        title: `benchmark (${detail.benchmark || 'benchmark'})`,
        color: '#0f172a',
        options: { lineStyle: 2, lineWidth: 2 },
        data: base.map((r, i) => ({ time: r.date, value: bench[i] })),
      });
    }
    const drawdown = names.map((n) => ({
      kind: 'line',
      title: n,
      color: color(n),
      data: byScenario[n].map((r) => ({ time: r.date, value: r.drawdown })),
    }));
    const sharpe = names.map((n) => {
      const rolling = rollingSharpe(
        byScenario[n].map((r) => r.net_return),
        SHARPE_WINDOW,
      );
      return {
        kind: 'line',
        title: n,
        color: color(n),
        data: byScenario[n].map((r, i) => ({ time: r.date, value: rolling[i] })),
      };
    });
    const turnover = [
      {
        kind: 'histogram',
        title: `${selected} turnover`,
        color: color(selected),
        data: base.map((r) => ({ time: r.date, value: r.turnover })),
      },
    ];
    return { equity, drawdown, sharpe, turnover };
  }, [detail, names, byScenario, selected]);

  return (
    <>
      <div className="card">
        <h2>Equity vs benchmark</h2>
        <TimeChart series={charts.equity} height={320} priceFormat={usdAxis} testId="equity-chart" />
        <p className="note">
          Benchmark equity compounds the daily benchmark return from the {selected} scenario’s starting capital.
        </p>
      </div>
      <div className="grid-2">
        <div className="card">
          <h2>Drawdown</h2>
          <TimeChart series={charts.drawdown} height={220} priceFormat={pctAxis} testId="drawdown-chart" />
        </div>
        <div className="card">
          <h2>Rolling {SHARPE_WINDOW}-day Sharpe</h2>
          <TimeChart series={charts.sharpe} height={220} priceFormat={ratioAxis} testId="sharpe-chart" />
          <p className="note">
            Mean / standard deviation of daily net returns × √252, trailing {SHARPE_WINDOW} days.
          </p>
        </div>
      </div>
      <div className="card">
        <h2>Daily turnover ({selected})</h2>
        <TimeChart series={charts.turnover} height={180} priceFormat={pctAxis} testId="turnover-chart" />
      </div>
    </>
  );
}

function MetricsTable({ detail, names }) {
  const byName = Object.fromEntries(detail.scenarios.map((s) => [s.scenario, s]));
  return (
    <table className="data" data-testid="metrics-table">
      <thead>
        <tr>
          <th>Metric</th>
          {names.map((n) => (
            <th key={n} className="num">
              {n}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {METRICS.map((m) => (
          <tr key={m.key}>
            <th scope="row">{m.label}</th>
            {names.map((n) => {
              const v = byName[n] ? byName[n][m.key] : null;
              return (
                <td key={n} className="num" data-metric={m.key} data-scenario={n} data-value={v ?? ''}>
                  {m.format(v)}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CostsByBucket({ detail, names }) {
  if (!detail.costs_by_bucket.length) return <Empty>The run recorded no trades, so no costs by bucket.</Empty>;
  return (
    <div className="grid-2" data-testid="costs-by-bucket">
      {names
        .filter((n) => detail.costs_by_bucket.some((c) => c.scenario === n))
        .map((n, i) => (
          <BarTable
            key={n}
            caption={`${n}: cost in bps of traded value, by liquidity bucket (1 = least liquid)`}
            rows={detail.costs_by_bucket
              .filter((c) => c.scenario === n)
              .sort((a, b) => a.liquidity_bucket - b.liquidity_bucket)}
            label={(c) => `bucket ${c.liquidity_bucket}`}
            value={(c) => c.cost_bps}
            format={(v) => `${fixed(v, 1)} bps`}
            color={PALETTE[i % PALETTE.length]}
            extra={[
              { key: 'trades', render: (c) => `${integer(c.trades)} trades` },
              { key: 'traded', render: (c) => usd(c.traded_usd) },
              { key: 'cost', render: (c) => usd(c.total_cost) },
            ]}
          />
        ))}
    </div>
  );
}

// A window the backtest does not overlap (coverage "none", every number null) is named, not tabled.
const stressHasData = (s) =>
  s.coverage ? s.coverage !== 'none' : [s.total_return, s.max_drawdown, s.benchmark_return].some(isNum);

function StressTable({ detail, names }) {
  const outside = [...new Set(detail.stress.filter((s) => !stressHasData(s)).map((s) => s.window))];
  const note = outside.length ? `Outside this backtest’s period: ${outside.join(', ')}.` : '';
  if (!detail.stress.some(stressHasData)) {
    return <Empty>No configured stress window overlaps this backtest’s period. {note}</Empty>;
  }
  const rows = detail.stress
    .filter(stressHasData)
    .sort((a, b) =>
      a.window === b.window
        ? names.indexOf(a.scenario) - names.indexOf(b.scenario)
        : a.first_date < b.first_date
          ? -1
          : 1,
    );
  return (
    <>
      <table className="data" data-testid="stress-table">
        <thead>
          <tr>
            <th>Window</th>
            <th>Scenario</th>
            <th>Period</th>
            <th>Coverage</th>
            <th className="num">Return</th>
            <th className="num">Benchmark</th>
            <th className="num">Excess</th>
            <th className="num">Max DD</th>
            <th className="num">Volatility</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => {
            const excess =
              isNum(s.total_return) && isNum(s.benchmark_return) ? s.total_return - s.benchmark_return : null;
            return (
              <tr key={`${s.window}/${s.scenario}`}>
                <td>{s.window}</td>
                <td>{s.scenario}</td>
                <td>
                  {s.first_date} → {s.last_date}
                </td>
                <td>
                  {s.coverage || '–'}
                  {isNum(s.days) ? <span className="muted"> · {s.days} days</span> : null}
                </td>
                <td className="num">{pct(s.total_return, 2)}</td>
                <td className="num">{pct(s.benchmark_return, 2)}</td>
                <td className={`num ${isNum(excess) ? (excess >= 0 ? 'up' : 'down') : ''}`}>{pct(excess, 2)}</td>
                <td className="num">{pct(s.max_drawdown, 2)}</td>
                <td className="num">{pct(s.annual_volatility, 1)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {note ? <p className="note">{note}</p> : null}
    </>
  );
}

function TearSheet({ detail }) {
  const names = useMemo(() => scenarioOrder(detail), [detail]);
  const byScenario = useMemo(() => returnsByScenario(detail, names), [detail, names]);
  const [picked, setPicked] = useState(null);
  const selected = picked || (names.includes('base') ? 'base' : names[0]);
  const row = detail.scenarios.find((s) => s.scenario === selected) || {};

  if (!names.length) return <Empty>This backtest has no scenarios.</Empty>;
  return (
    <>
      <p className="subtitle">
        Signal <b>{detail.signal}</b> · benchmark <b>{detail.benchmark || '–'}</b>
        {row.first_date ? (
          <>
            {' '}
            · {row.first_date} → {row.last_date}
          </>
        ) : null}
      </p>
      <div className="toolbar">
        <label>Scenario</label>
        <span className="segmented" data-testid="scenario-toggle">
          {names.map((n) => (
            <button key={n} type="button" className={n === selected ? 'on' : undefined} onClick={() => setPicked(n)}>
              {n}
            </button>
          ))}
        </span>
      </div>
      <div className="stats" data-testid="headline">
        {[
          ['CAGR', pct(row.cagr, 1)],
          ['Sharpe', fixed(row.sharpe_ratio, 2)],
          ['Max drawdown', pct(row.max_drawdown, 1)],
          ['Turnover / yr', fixed(row.turnover_annual, 1)],
          ['Cost drag / yr', pct(row.cost_drag_annual, 2)],
          ['Final equity', usd(row.final_equity)],
        ].map(([label, value]) => (
          <div key={label} className="stat">
            <div className="label">{label}</div>
            <div className="value">{value}</div>
          </div>
        ))}
      </div>
      {detail.returns.length ? (
        <Charts detail={detail} names={names} byScenario={byScenario} selected={selected} />
      ) : (
        <Empty>The run stored no daily returns.</Empty>
      )}
      <div className="card table-scroll">
        <h2>Metrics by scenario</h2>
        <MetricsTable detail={detail} names={names} />
      </div>
      <div className="card">
        <h2>Costs by liquidity bucket</h2>
        <CostsByBucket detail={detail} names={names} />
      </div>
      <div className="card table-scroll">
        <h2>Stress windows</h2>
        <StressTable detail={detail} names={names} />
      </div>
    </>
  );
}

function Backtest() {
  const id = useSearchParams().get('id') || '';
  const detail = useApi(id ? `/api/backtests/${encodeURIComponent(id)}` : null);
  if (!id) {
    return (
      <>
        <h1>Backtest</h1>
        <Empty>
          No backtest chosen: pick one from the <Link href="/backtests/">list of backtests</Link>.
        </Empty>
      </>
    );
  }
  return (
    <>
      <h1 data-testid="backtest-title">
        Backtest <code>{id}</code>
      </h1>
      <ApiView result={detail} what={`backtest ${id}`}>
        {(d) => <TearSheet detail={d} />}
      </ApiView>
    </>
  );
}

export default function Page() {
  return (
    <Suspense fallback={<Loading what="the page" />}>
      <Backtest />
    </Suspense>
  );
}
