'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useMemo, useState } from 'react';
import SortableTable from '@/components/SortableTable';
import { ApiView, Empty, Loading } from '@/components/Status';
import TimeChart, { PALETTE } from '@/components/TimeChart';
import { useApi } from '@/lib/api';
import { compact, fixed, integer, pct } from '@/lib/format';
import { daysBefore, newYorkWallClock } from '@/lib/series';

// Bar ranges per timeframe; `days` is calendar days back from the ticker's last date (null: the API default,
// the last 365 days of daily bars or the last 5 trading days of 5-minute bars; 'all': from the first date).
const RANGES = {
  '1d': [
    { id: '3m', label: '3M', days: 92 },
    { id: '1y', label: '1Y', days: null },
    { id: 'all', label: 'All', days: 'all' },
  ],
  '5m': [
    { id: '5d', label: '5D', days: null },
    { id: '20d', label: '20D', days: 28 },
  ],
};

const INDEX_COLUMNS = [
  {
    key: 'ticker',
    label: 'Ticker',
    render: (r) => <Link href={`/ticker/?t=${encodeURIComponent(r.ticker)}`}>{r.ticker}</Link>,
  },
  { key: 'name', label: 'Name', render: (r) => r.name || '–' },
  { key: 'sector', label: 'Sector', render: (r) => r.sector || '–' },
  { key: 'first_date', label: 'First day' },
  { key: 'last_date', label: 'Last day' },
  { key: 'latest_rank', label: 'Latest rank', numeric: true, render: (r) => r.latest_rank ?? '–' },
];

function TickerIndex() {
  const [q, setQ] = useState('');
  const params = useMemo(() => ({ q: q.trim().toUpperCase(), limit: 1000 }), [q]);
  const tickers = useApi('/api/tickers', params);
  return (
    <>
      <h1>Tickers</h1>
      <div className="toolbar">
        <label>
          Ticker starts with
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="e.g. AA" />
        </label>
      </div>
      <ApiView result={tickers} what="tickers">
        {(d) =>
          d.items.length === 0 ? (
            <Empty>{params.q ? `No ticker starts with “${params.q}”.` : 'The store has no tickers yet.'}</Empty>
          ) : (
            <div className="card">
              <p className="subtitle">
                <b>{d.total}</b> tickers{d.total > d.items.length ? `, the first ${d.items.length} shown` : ''}
              </p>
              <SortableTable
                testId="tickers-table"
                columns={INDEX_COLUMNS}
                rows={d.items}
                rowKey={(r) => r.ticker}
                initialSort={{ key: 'ticker', dir: 1 }}
              />
            </div>
          )
        }
      </ApiView>
    </>
  );
}

function Segmented({ options, value, onChange, testId }) {
  return (
    <span className="segmented" data-testid={testId}>
      {options.map((o) => (
        <button key={o.id} type="button" className={o.id === value ? 'on' : undefined} onClick={() => onChange(o.id)}>
          {o.label}
        </button>
      ))}
    </span>
  );
}

function fromDate(range, info) {
  if (!range || range.days === null) return undefined;
  if (range.days === 'all') return info.first_date;
  return daysBefore(info.last_date, range.days);
}

function PriceChart({ bars, tf }) {
  const series = useMemo(() => {
    const time = tf === '1d' ? (b) => b.date : (b) => newYorkWallClock(b.time);
    return [
      {
        kind: 'candles',
        title: 'price',
        data: bars.map((b) => ({ time: time(b), open: b.open, high: b.high, low: b.low, close: b.close })),
        scaleMargins: { top: 0.05, bottom: 0.25 },
      },
      {
        kind: 'histogram',
        title: 'volume',
        data: bars.map((b) => ({
          time: time(b),
          value: b.volume,
          color: b.close >= b.open ? 'rgba(22, 163, 74, 0.35)' : 'rgba(220, 38, 38, 0.35)',
        })),
        options: { priceScaleId: 'volume', priceFormat: { type: 'volume' }, lastValueVisible: false },
        scaleMargins: { top: 0.8, bottom: 0 },
      },
    ];
  }, [bars, tf]);
  return <TimeChart series={series} height={420} timeVisible={tf === '5m'} testId="price-chart" />;
}

function FeatureCharts({ data, picked }) {
  const charts = useMemo(
    () =>
      picked.map((column) => ({
        column,
        series: [
          {
            kind: 'line',
            title: column,
            color: PALETTE[data.columns.indexOf(column) % PALETTE.length],
            data: data.items.map((row) => ({ time: row.date, value: row[column] })),
          },
        ],
      })),
    [data, picked],
  );
  if (!data.items.length) return <Empty>No feature rows in this range.</Empty>;
  return (
    <div className="grid-2">
      {charts.map((c) => (
        <div key={c.column}>
          <h2>{c.column}</h2>
          <TimeChart series={c.series} height={180} priceFormat={compact} testId={`feature-chart-${c.column}`} />
        </div>
      ))}
    </div>
  );
}

function TickerView({ ticker }) {
  const router = useRouter();
  const search = useSearchParams();
  const tf = search.get('tf') === '5m' ? '5m' : '1d';
  const rangeId = search.get('range') || (tf === '1d' ? '1y' : '5d');
  const range = RANGES[tf].find((r) => r.id === rangeId) || RANGES[tf][tf === '1d' ? 1 : 0];
  const [picked, setPicked] = useState(null);

  const lookup = useApi(
    '/api/tickers',
    useMemo(() => ({ q: ticker, limit: 1000 }), [ticker]),
  );
  const info = lookup.data ? lookup.data.items.find((x) => x.ticker === ticker) || null : null;
  const enc = encodeURIComponent(ticker);
  const from = info ? fromDate(range, info) : undefined;
  const bars = useApi(
    info ? `/api/tickers/${enc}/bars` : null,
    useMemo(() => ({ tf, from, limit: 20000 }), [tf, from]),
  );
  const featureFrom = info && tf === '1d' ? from : undefined;
  const features = useApi(
    info ? `/api/tickers/${enc}/features` : null,
    useMemo(() => ({ from: featureFrom, limit: 5000 }), [featureFrom]),
  );

  const go = (changes) => {
    const next = new URLSearchParams(search.toString());
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    router.replace(`/ticker/?${next.toString()}`);
  };

  const last = bars.data && bars.data.items.length ? bars.data.items[bars.data.items.length - 1] : null;
  const prev = bars.data && bars.data.items.length > 1 ? bars.data.items[bars.data.items.length - 2] : null;

  return (
    <>
      <h1 data-testid="ticker-title">{ticker}</h1>
      <ApiView result={lookup} what={`ticker ${ticker}`}>
        {() =>
          !info ? (
            <Empty>
              The store has no ticker “{ticker}”. <Link href="/ticker/">All tickers</Link>
            </Empty>
          ) : (
            <>
              <p className="subtitle">
                {info.name ? <b>{info.name}</b> : null} {info.sector ? `· ${info.sector}` : ''} · bars{' '}
                {info.first_date} → {info.last_date}
                {info.latest_rank ? (
                  <>
                    {' '}
                    · latest rank <b>{info.latest_rank}</b>
                  </>
                ) : null}
              </p>
              <div className="card">
                <div className="toolbar">
                  <Segmented
                    testId="tf-toggle"
                    options={[
                      { id: '1d', label: 'Daily' },
                      { id: '5m', label: '5-minute' },
                    ]}
                    value={tf}
                    onChange={(v) => go({ tf: v === '1d' ? '' : v, range: '' })}
                  />
                  <Segmented
                    testId="range-toggle"
                    options={RANGES[tf]}
                    value={range.id}
                    onChange={(v) => go({ range: v })}
                  />
                  {last ? (
                    <span className="muted">
                      last close <b>{fixed(last.close, 2)}</b>
                      {prev ? (
                        <span className={last.close >= prev.close ? 'up' : 'down'}>
                          {' '}
                          {pct(last.close / prev.close - 1, 2)}
                        </span>
                      ) : null}{' '}
                      · volume {integer(last.volume)} · {bars.data.total} bars
                      {tf === '5m' ? ' · New York time' : ''}
                    </span>
                  ) : null}
                </div>
                <ApiView result={bars} what="bars">
                  {(b) =>
                    b.items.length === 0 ? (
                      <Empty>No {tf === '1d' ? 'daily' : '5-minute'} bars in this range.</Empty>
                    ) : (
                      <PriceChart bars={b.items} tf={tf} />
                    )
                  }
                </ApiView>
              </div>
              <div className="card">
                <h2>Feature history</h2>
                <ApiView result={features} what="features">
                  {(f) => {
                    const chosen = (picked || f.columns.slice(0, 4)).filter((c) => f.columns.includes(c));
                    const toggle = (c) =>
                      setPicked(chosen.includes(c) ? chosen.filter((x) => x !== c) : [...chosen, c]);
                    return (
                      <>
                        <div className="toolbar checks" data-testid="feature-picker">
                          {f.columns.map((c) => (
                            <label key={c}>
                              <input type="checkbox" checked={chosen.includes(c)} onChange={() => toggle(c)} />
                              {c}
                            </label>
                          ))}
                        </div>
                        {chosen.length ? (
                          <FeatureCharts data={f} picked={chosen} />
                        ) : (
                          <Empty>Pick a feature to chart.</Empty>
                        )}
                      </>
                    );
                  }}
                </ApiView>
              </div>
            </>
          )
        }
      </ApiView>
    </>
  );
}

function TickerPage() {
  const search = useSearchParams();
  const ticker = (search.get('t') || '').trim().toUpperCase();
  return ticker ? <TickerView key={ticker} ticker={ticker} /> : <TickerIndex />;
}

export default function Page() {
  return (
    <Suspense fallback={<Loading what="the page" />}>
      <TickerPage />
    </Suspense>
  );
}
