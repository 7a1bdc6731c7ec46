'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useMemo } from 'react';
import { Tag } from '@/components/Badge';
import SortableTable from '@/components/SortableTable';
import { ApiView, Empty, Loading } from '@/components/Status';
import { useApi } from '@/lib/api';
import { fixed, pct, sci, usd } from '@/lib/format';

// The key features a ranking row carries (docs/api.md) and how each reads best.
const FEATURES = [
  { key: 'ret_20d', label: 'Ret 20d', format: (v) => pct(v, 1), title: '20-day return' },
  { key: 'mom_12_1', label: 'Mom 12-1', format: (v) => pct(v, 1), title: '12-month momentum skipping the last month' },
  { key: 'rv_20', label: 'RV 20', format: (v) => pct(v, 2), title: '20-day realized volatility of daily log returns' },
  { key: 'amihud_20', label: 'Amihud 20', format: sci, title: '20-day Amihud illiquidity (return per USD 1M traded)' },
  { key: 'hurst', label: 'Hurst', format: (v) => fixed(v, 2), title: 'Hurst exponent' },
];

function RankChange({ value }) {
  if (value === null || value === undefined) return <Tag tone="info">new</Tag>;
  if (value > 0) return <span className="up">▲ {value}</span>;
  if (value < 0) return <span className="down">▼ {-value}</span>;
  return <span className="flat">=</span>;
}

const COLUMNS = [
  { key: 'rank', label: 'Rank', numeric: true },
  {
    key: 'ticker',
    label: 'Ticker',
    render: (r) => <Link href={`/ticker/?t=${encodeURIComponent(r.ticker)}`}>{r.ticker}</Link>,
  },
  { key: 'score', label: 'Score', numeric: true, render: (r) => fixed(r.score, 4) },
  {
    key: 'rank_change',
    label: 'Δ Rank',
    numeric: true,
    title: 'previous published rank minus today’s (▲ moved up)',
    render: (r) => <RankChange value={r.rank_change} />,
  },
  { key: 'sector', label: 'Sector', render: (r) => r.sector || '–' },
  { key: 'close', label: 'Close', numeric: true, render: (r) => fixed(r.close, 2) },
  {
    key: 'adv_20',
    label: 'ADV 20',
    numeric: true,
    title: '20-day average dollar volume',
    render: (r) => usd(r.adv_20),
  },
  ...FEATURES.map((f) => ({
    key: f.key,
    label: f.label,
    title: f.title,
    numeric: true,
    sortValue: (r) => (r.features ? r.features[f.key] : null),
    render: (r) => f.format(r.features ? r.features[f.key] : null),
  })),
  { key: 'universe_rank', label: 'Univ. rank', numeric: true, title: 'rank in the day’s point-in-time universe' },
];

function RankingTable({ data }) {
  if (!data.items.length) return <Empty>The model published no names for {data.as_of}.</Empty>;
  return (
    <div className="table-scroll">
      <SortableTable
        testId="rankings-table"
        columns={COLUMNS}
        rows={data.items}
        rowKey={(r) => r.ticker}
        initialSort={{ key: 'rank', dir: 1 }}
        rowProps={(r) => ({ 'data-ticker': r.ticker })}
      />
    </div>
  );
}

function Rankings() {
  const router = useRouter();
  const search = useSearchParams();
  const date = search.get('date') || '';
  const model = search.get('model') || '';

  const dates = useApi('/api/rankings/dates', { limit: 1000 });
  const published = dates.data ? dates.data.items : null;
  const rankingParams = useMemo(() => ({ date, model, limit: 1000 }), [date, model]);
  const ranking = useApi(published && published.length ? '/api/rankings' : null, rankingParams);

  // The picks live in the URL, so a ranking view can be linked to. A new date drops the model pick: the
  // other model may not have been published that day.
  const choose = (key, value) => {
    const next = new URLSearchParams(search.toString());
    if (value) next.set(key, value);
    else next.delete(key);
    if (key === 'date') next.delete('model');
    const text = next.toString();
    router.replace(text ? `/?${text}` : '/');
  };

  return (
    <>
      <h1>Rankings</h1>
      <ApiView result={dates} what="published dates">
        {(d) =>
          d.items.length === 0 ? (
            <Empty>
              No rankings are published yet. Run <code>qtp publish</code> (or the daily job, <code>qtp daily</code>) on
              this store.
            </Empty>
          ) : (
            <>
              <div className="toolbar">
                <label>
                  As of
                  <select
                    data-testid="date-picker"
                    value={date || (ranking.data ? ranking.data.as_of : d.items[0])}
                    onChange={(e) => choose('date', e.target.value === d.items[0] ? '' : e.target.value)}
                  >
                    {d.items.map((x) => (
                      <option key={x} value={x}>
                        {x}
                      </option>
                    ))}
                  </select>
                </label>
                {ranking.data ? (
                  <label>
                    Model
                    <select
                      data-testid="model-picker"
                      value={ranking.data.model_id}
                      onChange={(e) =>
                        choose('model', e.target.value === ranking.data.primary_model_id ? '' : e.target.value)
                      }
                    >
                      {ranking.data.models.map((m) => (
                        <option key={m} value={m}>
                          {m}
                          {m === ranking.data.primary_model_id ? ' (primary)' : ''}
                        </option>
                      ))}
                    </select>
                  </label>
                ) : null}
              </div>
              <ApiView result={ranking} what="the ranking">
                {(r) => (
                  <div className="card">
                    <div className="card-head">
                      <p className="subtitle" data-testid="ranking-meta">
                        Top <b>{r.total}</b> of <b data-testid="ranking-as-of">{r.as_of}</b> by{' '}
                        <Link href={`/model/?id=${encodeURIComponent(r.model_id)}`} data-testid="ranking-model">
                          {r.model_id}
                        </Link>{' '}
                        {r.model_id === r.primary_model_id ? (
                          <Tag tone="good">primary</Tag>
                        ) : (
                          <Tag tone="muted">challenger</Tag>
                        )}
                        {r.previous_as_of ? (
                          <>
                            {' '}
                            · rank change against <b>{r.previous_as_of}</b>
                          </>
                        ) : (
                          ' · first published day'
                        )}
                      </p>
                    </div>
                    <RankingTable data={r} />
                    <p className="note">Click a column header to sort; a ticker opens its chart.</p>
                  </div>
                )}
              </ApiView>
            </>
          )
        }
      </ApiView>
    </>
  );
}

export default function RankingsPage() {
  return (
    <Suspense fallback={<Loading what="the page" />}>
      <Rankings />
    </Suspense>
  );
}
