'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { Suspense, useState } from 'react';
import { BarTable } from '@/components/Bars';
import { Tag } from '@/components/Badge';
import { IC_WINDOW, ModelICChart } from '@/components/ICChart';
import { ApiView, Empty, Loading } from '@/components/Status';
import { useApi } from '@/lib/api';
import { compact, fixed } from '@/lib/format';
import { flattenFold, formatCell, hyperText, summaryRows } from '@/lib/models';

const TOP_FEATURES = 20;

function Summary({ summary }) {
  const rows = summaryRows(summary);
  if (!rows.length) return <Empty>The registry holds no summary for this model.</Empty>;
  return (
    <div className="stats" data-testid="model-summary">
      {rows.map((r) => (
        <div key={r.key} className="stat">
          <div className="label">{r.label}</div>
          <div className="value" data-key={r.key}>
            {r.text}
          </div>
        </div>
      ))}
    </div>
  );
}

function Importance({ importance }) {
  const [all, setAll] = useState(false);
  if (!importance || !importance.length) {
    return <Empty>This model records no feature importance (an ensemble, or a model without one).</Empty>;
  }
  const sorted = [...importance].sort((a, b) => Math.abs(b.importance) - Math.abs(a.importance));
  const shown = all ? sorted : sorted.slice(0, TOP_FEATURES);
  return (
    <>
      <BarTable
        testId="importance-table"
        rows={shown}
        label={(r) => r.feature}
        value={(r) => r.importance}
        format={compact}
      />
      {sorted.length > TOP_FEATURES ? (
        <p className="note">
          <button type="button" className="linkish" onClick={() => setAll(!all)}>
            {all ? `Show the top ${TOP_FEATURES}` : `Show all ${sorted.length} features`}
          </button>
        </p>
      ) : null}
    </>
  );
}

// The registry's folds ({fold, train_start, train_end, test_start, test_end, train_rows, train: {summary},
// test: {summary}}) read best as periods plus the test statistics; any other fold layout is shown flat.
const FOLD_COLUMNS = [
  { key: 'fold', label: 'Fold', numeric: true, value: (f) => f.fold },
  { key: 'train', label: 'Train period', value: (f) => `${f.train_start} → ${f.train_end}` },
  { key: 'test', label: 'Test period', value: (f) => `${f.test_start} → ${f.test_end}` },
  { key: 'train_rows', label: 'Train rows', numeric: true, value: (f) => formatCell('train_rows', f.train_rows) },
  { key: 'test.days', label: 'Test days', numeric: true, value: (f) => formatCell('days', f['test.days']) },
  {
    key: 'test.mean_rank_ic',
    label: 'Test rank IC',
    numeric: true,
    value: (f) => formatCell('mean_rank_ic', f['test.mean_rank_ic']),
  },
  { key: 'test.mean_ic', label: 'Test IC', numeric: true, value: (f) => formatCell('mean_ic', f['test.mean_ic']) },
  { key: 'test.icir', label: 'Test ICIR', numeric: true, value: (f) => formatCell('icir', f['test.icir']) },
  {
    key: 'test.hit_rate',
    label: 'Test hit rate',
    numeric: true,
    value: (f) => formatCell('hit_rate', f['test.hit_rate']),
  },
  {
    key: 'train.mean_rank_ic',
    label: 'Train rank IC',
    numeric: true,
    value: (f) => formatCell('mean_rank_ic', f['train.mean_rank_ic']),
  },
];

function foldColumns(flat) {
  if (flat.every((f) => 'test_start' in f && 'train_start' in f)) return FOLD_COLUMNS;
  const keys = [];
  for (const f of flat) for (const k of Object.keys(f)) if (!keys.includes(k)) keys.push(k);
  return keys.map((k) => ({
    key: k,
    label: k,
    numeric: typeof flat[0][k] === 'number',
    value: (f) => formatCell(k, f[k]),
  }));
}

function Folds({ folds }) {
  if (!Array.isArray(folds) || !folds.length) return <Empty>No walk-forward folds recorded.</Empty>;
  const flat = folds.map(flattenFold);
  const columns = foldColumns(flat);
  return (
    <div className="table-scroll">
      <table className="data" data-testid="folds-table">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} className={c.numeric ? 'num' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {flat.map((f, i) => (
            <tr key={f.fold ?? i}>
              {columns.map((c) => (
                <td key={c.key} className={c.numeric ? 'num' : undefined}>
                  {c.value(f)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Details({ model }) {
  const hyper = model.hyperparameters && typeof model.hyperparameters === 'object' ? model.hyperparameters : {};
  return (
    <div className="card">
      <h2>Hyperparameters</h2>
      {Object.keys(hyper).length ? (
        <dl className="kv">
          {Object.entries(hyper).map(([k, v]) => (
            <div key={k} style={{ display: 'contents' }}>
              <dt>{k}</dt>
              <dd>{hyperText(v)}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="muted">none</p>
      )}
      {model.members && model.members.length ? (
        <>
          <h2 style={{ marginTop: 14 }}>Ensemble members</h2>
          <dl className="kv">
            {model.members.map((m, i) => (
              <div key={m} style={{ display: 'contents' }}>
                <dt>
                  <Link href={`/model/?id=${encodeURIComponent(m)}`}>{m}</Link>
                </dt>
                <dd>weight {fixed(model.weights ? model.weights[i] : null, 3)}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}
      <h2 style={{ marginTop: 14 }}>Features ({(model.features || []).length})</h2>
      <p className="muted" style={{ margin: 0 }}>
        {(model.features || []).join(', ') || 'none'}
      </p>
    </div>
  );
}

function ModelView({ model }) {
  const [metric, setMetric] = useState('rank_ic');
  return (
    <>
      <p className="subtitle">
        <b>{model.model}</b> · {model.family} · horizon <b>{model.horizon}</b> day{model.horizon === 1 ? '' : 's'} ·
        trained {model.train_first || '–'} → {model.train_last || '–'}
      </p>
      <Summary summary={model.summary} />
      <div className="card">
        <div className="card-head">
          <h2>IC over time</h2>
          <span className="segmented" data-testid="ic-metric">
            {['rank_ic', 'ic'].map((m) => (
              <button key={m} type="button" className={m === metric ? 'on' : undefined} onClick={() => setMetric(m)}>
                {m === 'rank_ic' ? 'Rank IC' : 'IC'}
              </button>
            ))}
          </span>
        </div>
        {model.ic_by_day && model.ic_by_day.length ? (
          <>
            <ModelICChart icByDay={model.ic_by_day} metric={metric} testId="ic-chart" />
            <p className="note">
              Daily {metric === 'rank_ic' ? 'rank IC (Spearman)' : 'IC (Pearson)'} of the walk-forward test predictions,
              with its trailing {IC_WINDOW}-day mean.
            </p>
          </>
        ) : (
          <Empty>No daily IC recorded for this model.</Empty>
        )}
      </div>
      <div className="card">
        <h2>Walk-forward folds</h2>
        <Folds folds={model.folds} />
      </div>
      <div className="grid-2">
        <div className="card">
          <h2>Feature importance</h2>
          <Importance importance={model.importance} />
        </div>
        <Details model={model} />
      </div>
    </>
  );
}

function Model() {
  const id = useSearchParams().get('id') || '';
  const detail = useApi(id ? `/api/models/${encodeURIComponent(id)}` : null);
  const list = useApi(id ? '/api/models' : null, { limit: 1000 });
  const entry = list.data ? list.data.items.find((m) => m.model_id === id) : null;
  if (!id) {
    return (
      <>
        <h1>Model</h1>
        <Empty>
          No model chosen: pick one from the <Link href="/models/">model registry</Link>.
        </Empty>
      </>
    );
  }
  return (
    <>
      <h1 data-testid="model-title">
        <code>{id}</code> {entry && entry.primary ? <Tag tone="good">primary</Tag> : null}{' '}
        {entry && entry.current ? <Tag tone="info">current</Tag> : null}
      </h1>
      <ApiView result={detail} what={`model ${id}`}>
        {(m) => <ModelView model={m} />}
      </ApiView>
    </>
  );
}

export default function Page() {
  return (
    <Suspense fallback={<Loading what="the page" />}>
      <Model />
    </Suspense>
  );
}
