'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { Suspense, useState } from 'react';
import { Tag } from '@/components/Badge';
import { CompareICChart, IC_WINDOW } from '@/components/ICChart';
import SortableTable from '@/components/SortableTable';
import { ApiView, Empty, Loading } from '@/components/Status';
import { useApi, useApiMany } from '@/lib/api';
import { fixed } from '@/lib/format';
import { SUMMARY_FIELDS, foldMean } from '@/lib/models';

const summaryOf = (m, key) => (m.summary && typeof m.summary === 'object' ? m.summary[key] : null);

const LIST_COLUMNS = [
  {
    key: 'model_id',
    label: 'Model',
    render: (m) => (
      <>
        <Link href={`/model/?id=${encodeURIComponent(m.model_id)}`}>{m.model_id}</Link>{' '}
        {m.primary ? <Tag tone="good">primary</Tag> : null} {m.current ? <Tag tone="info">current</Tag> : null}
      </>
    ),
  },
  { key: 'model', label: 'Kind' },
  { key: 'family', label: 'Family' },
  { key: 'horizon', label: 'Horizon', numeric: true },
  { key: 'train_first', label: 'Train from' },
  { key: 'train_last', label: 'Train to' },
  ...['mean_rank_ic', 'mean_ic', 'icir_annualized', 't_stat', 'hit_rate'].map((key) => {
    const field = SUMMARY_FIELDS.find((f) => f.key === key);
    return {
      key,
      label: field.short || field.label,
      title: field.label,
      numeric: true,
      sortValue: (m) => summaryOf(m, key),
      render: (m) => field.format(summaryOf(m, key)),
    };
  }),
];

// Default pair to compare: the primary model against the best other one by mean rank IC.
function defaultPair(items) {
  const byIc = [...items].sort((a, b) => (summaryOf(b, 'mean_rank_ic') ?? -1) - (summaryOf(a, 'mean_rank_ic') ?? -1));
  const first = items.find((m) => m.primary) || byIc[0];
  const second = byIc.find((m) => m.model_id !== first.model_id);
  return [first.model_id, second ? second.model_id : first.model_id];
}

function Compare({ items }) {
  const router = useRouter();
  const search = useSearchParams();
  const [defA, defB] = defaultPair(items);
  const a = search.get('a') || defA;
  const b = search.get('b') || defB;
  const [metric, setMetric] = useState('rank_ic');
  const details = useApiMany([`/api/models/${encodeURIComponent(a)}`, `/api/models/${encodeURIComponent(b)}`]);

  const pick = (key, value) => {
    const next = new URLSearchParams(search.toString());
    next.set(key, value);
    router.replace(`/models/?${next.toString()}`);
  };

  const picker = (key, value) => (
    <select data-testid={`compare-${key}`} value={value} onChange={(e) => pick(key, e.target.value)}>
      {items.map((m) => (
        <option key={m.model_id} value={m.model_id}>
          {m.model_id}
        </option>
      ))}
    </select>
  );

  const rows = (models) => [
    { label: 'Kind', values: models.map((m) => m.model) },
    { label: 'Family', values: models.map((m) => m.family) },
    { label: 'Horizon (days)', values: models.map((m) => m.horizon) },
    { label: 'Trained', values: models.map((m) => `${m.train_first || '–'} → ${m.train_last || '–'}`) },
    { label: 'Features', values: models.map((m) => (m.features || []).length) },
    ...SUMMARY_FIELDS.map((f) => ({
      label: f.label,
      values: models.map((m) => f.format(summaryOf(m, f.key))),
      numbers: models.map((m) => summaryOf(m, f.key)),
      higherIsBetter: f.key !== 'days',
    })),
    {
      label: 'Mean test rank IC over folds',
      values: models.map((m) => fixed(foldMean(m.folds, 'test.mean_rank_ic'), 4)),
      numbers: models.map((m) => foldMean(m.folds, 'test.mean_rank_ic')),
      higherIsBetter: true,
    },
    { label: 'Folds', values: models.map((m) => (Array.isArray(m.folds) ? m.folds.length : '–')) },
  ];

  return (
    <div className="card">
      <div className="card-head">
        <h2>Compare two models</h2>
        <div className="toolbar" style={{ margin: 0 }}>
          {picker('a', a)}
          <span className="muted">vs</span>
          {picker('b', b)}
        </div>
      </div>
      <ApiView result={details} what="the models to compare">
        {(models) => (
          <>
            <table className="data" data-testid="compare-table">
              <thead>
                <tr>
                  <th />
                  {models.map((m, k) => (
                    <th key={`${k}-${m.model_id}`} className="num">
                      <Link href={`/model/?id=${encodeURIComponent(m.model_id)}`}>{m.model_id}</Link>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows(models).map((r) => {
                  // The better of two numbers is bold, so the comparison reads at a glance.
                  const best =
                    r.numbers &&
                    r.higherIsBetter &&
                    r.numbers.every((x) => typeof x === 'number') &&
                    r.numbers[0] !== r.numbers[1]
                      ? r.numbers.indexOf(Math.max(...r.numbers))
                      : -1;
                  return (
                    <tr key={r.label}>
                      <th scope="row">{r.label}</th>
                      {r.values.map((v, k) => (
                        <td key={k} className="num" style={k === best ? { fontWeight: 700 } : undefined}>
                          {v}
                        </td>
                      ))}
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <div className="card-head" style={{ marginTop: 16 }}>
              <h2>
                Trailing {IC_WINDOW}-day mean {metric === 'rank_ic' ? 'rank IC' : 'IC'}
              </h2>
              <span className="segmented">
                {['rank_ic', 'ic'].map((m) => (
                  <button
                    key={m}
                    type="button"
                    className={m === metric ? 'on' : undefined}
                    onClick={() => setMetric(m)}
                  >
                    {m === 'rank_ic' ? 'Rank IC' : 'IC'}
                  </button>
                ))}
              </span>
            </div>
            {models.some((m) => m.ic_by_day && m.ic_by_day.length) ? (
              <CompareICChart
                models={a === b ? models.slice(0, 1) : models}
                metric={metric}
                testId="compare-ic-chart"
              />
            ) : (
              <Empty>Neither model has daily ICs recorded.</Empty>
            )}
          </>
        )}
      </ApiView>
    </div>
  );
}

function Models() {
  const list = useApi('/api/models', { limit: 1000 });
  return (
    <>
      <h1>Models</h1>
      <ApiView result={list} what="the model registry">
        {(d) =>
          d.items.length === 0 ? (
            <Empty>
              The model registry is empty. Run <code>qtp train</code>.
            </Empty>
          ) : (
            <>
              <div className="card table-scroll">
                <p className="subtitle">
                  <b>{d.total}</b> registered model{d.total === 1 ? '' : 's'}; statistics are out-of-sample
                  (walk-forward test folds).
                </p>
                <SortableTable
                  testId="models-table"
                  columns={LIST_COLUMNS}
                  rows={d.items}
                  rowKey={(m) => m.model_id}
                  initialSort={{ key: 'mean_rank_ic', dir: -1 }}
                />
              </div>
              <Compare items={d.items} />
            </>
          )
        }
      </ApiView>
    </>
  );
}

export default function Page() {
  return (
    <Suspense fallback={<Loading what="the page" />}>
      <Models />
    </Suspense>
  );
}
