'use client';

import Link from 'next/link';
import { ApiView, Empty } from '@/components/Status';
import { useApi } from '@/lib/api';
import { fixed, pct, usd } from '@/lib/format';

// Every backtest run, newest first, one row per cost scenario with its headline numbers.
export default function BacktestsPage() {
  const runs = useApi('/api/backtests', { limit: 1000 });
  return (
    <>
      <h1>Backtests</h1>
      <ApiView result={runs} what="backtests">
        {(d) =>
          d.items.length === 0 ? (
            <Empty>
              No backtest has run on this store yet. Run <code>qtp backtest</code>.
            </Empty>
          ) : (
            <div className="card table-scroll">
              <p className="subtitle">
                <b>{d.total}</b> backtest run{d.total === 1 ? '' : 's'}, newest first; a run opens its tear sheet.
              </p>
              <table className="data" data-testid="backtests-table">
                <thead>
                  <tr>
                    <th>Run</th>
                    <th>Signal</th>
                    <th>Scenario</th>
                    <th className="num">CAGR</th>
                    <th className="num">Sharpe</th>
                    <th className="num">Sortino</th>
                    <th className="num">Max DD</th>
                    <th className="num">Turnover/yr</th>
                    <th className="num">Cost drag/yr</th>
                    <th className="num">TA Sharpe</th>
                    <th className="num">Final equity</th>
                  </tr>
                </thead>
                <tbody>
                  {d.items.flatMap((run) => {
                    const scenarios = run.scenarios.length ? run.scenarios : [{ scenario: '–' }];
                    return scenarios.map((s, i) => (
                      <tr key={`${run.run_id}/${s.scenario}`} data-run={run.run_id}>
                        {i === 0 ? (
                          <>
                            <td rowSpan={scenarios.length}>
                              <Link href={`/backtest/?id=${encodeURIComponent(run.run_id)}`}>{run.run_id}</Link>
                              <div className="muted">
                                {run.first_date} → {run.last_date}
                              </div>
                            </td>
                            <td rowSpan={scenarios.length} className="wrap">
                              {run.signal}
                            </td>
                          </>
                        ) : null}
                        <td>{s.scenario}</td>
                        <td className="num">{pct(s.cagr)}</td>
                        <td className="num" data-sharpe={s.sharpe_ratio ?? ''}>
                          {fixed(s.sharpe_ratio)}
                        </td>
                        <td className="num">{fixed(s.sortino_ratio)}</td>
                        <td className="num">{pct(s.max_drawdown)}</td>
                        <td className="num">{fixed(s.turnover_annual, 1)}</td>
                        <td className="num">{pct(s.cost_drag_annual, 2)}</td>
                        <td className="num">{fixed(s.turnover_adjusted_sharpe)}</td>
                        <td className="num">{usd(s.final_equity)}</td>
                      </tr>
                    ));
                  })}
                </tbody>
              </table>
            </div>
          )
        }
      </ApiView>
    </>
  );
}
