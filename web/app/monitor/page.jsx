'use client';

import { StatusBadge } from '@/components/Badge';
import { ApiView, Empty } from '@/components/Status';
import { useApi } from '@/lib/api';
import { compact } from '@/lib/format';

const ORDER = { fail: 0, failed: 0, warn: 1, ok: 2 };

// The latest monitor stage of the daily job: every check with what it measured against its limit.
export default function MonitorPage() {
  const monitor = useApi('/api/monitor');
  return (
    <>
      <h1>Monitoring</h1>
      <ApiView result={monitor} what="the monitor checks">
        {(d) => {
          if (!d.as_of || d.status === 'no_data' || !d.checks.length) {
            return (
              <Empty>
                <span data-testid="monitor-empty">No monitoring data yet</span>: the daily job (<code>qtp daily</code>)
                records its checks in its monitor stage.
              </Empty>
            );
          }
          const counts = d.checks.reduce((c, x) => ({ ...c, [x.status]: (c[x.status] || 0) + 1 }), {});
          const checks = [...d.checks].sort(
            (a, b) => (ORDER[a.status] ?? 3) - (ORDER[b.status] ?? 3) || a.name.localeCompare(b.name),
          );
          return (
            <>
              <p className="subtitle">
                As of <b data-testid="monitor-as-of">{d.as_of}</b> · overall <StatusBadge status={d.status} /> ·{' '}
                {Object.entries(counts)
                  .map(([s, n]) => `${n} ${s}`)
                  .join(', ')}
              </p>
              <div className="card table-scroll">
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
                    {checks.map((c) => (
                      <tr key={c.name} data-check={c.name}>
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
            </>
          );
        }}
      </ApiView>
    </>
  );
}
