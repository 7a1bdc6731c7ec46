// How a model's summary (registry `summary`: out-of-sample statistics of its daily ICs) and its folds read.
import { fixed, integer, isNum, pct } from './format';

export const SUMMARY_FIELDS = [
  { key: 'mean_rank_ic', label: 'Mean rank IC', format: (v) => fixed(v, 4) },
  { key: 'mean_ic', label: 'Mean IC', format: (v) => fixed(v, 4) },
  { key: 'icir', label: 'ICIR', format: (v) => fixed(v, 3) },
  { key: 'icir_annualized', label: 'ICIR (annualized)', short: 'ICIR (ann.)', format: (v) => fixed(v, 2) },
  { key: 't_stat', label: 't-stat', format: (v) => fixed(v, 2) },
  { key: 'hit_rate', label: 'Hit rate', format: (v) => pct(v, 1) },
  { key: 'top_minus_bottom', label: 'Top − bottom', format: (v) => pct(v, 3) },
  { key: 'rank_autocorr', label: 'Rank autocorrelation', format: (v) => fixed(v, 3) },
  { key: 'days', label: 'Days', format: integer },
];

function generic(v) {
  if (isNum(v)) return Number.isInteger(v) ? integer(v) : fixed(v, 4);
  if (v === null || v === undefined) return '–';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

// [{key, label, value, text}] of a summary object: the known fields first, then any others the API adds.
export function summaryRows(summary) {
  if (!summary || typeof summary !== 'object') return [];
  const known = SUMMARY_FIELDS.filter((f) => f.key in summary).map((f) => ({
    key: f.key,
    label: f.label,
    value: summary[f.key],
    text: f.format(summary[f.key]),
  }));
  const others = Object.keys(summary)
    .filter((k) => !SUMMARY_FIELDS.some((f) => f.key === k))
    .map((k) => ({ key: k, label: k, value: summary[k], text: generic(summary[k]) }));
  return [...known, ...others];
}

// Folds are objects whose nested objects (train / test summaries) flatten to "test.mean_rank_ic" columns.
export function flattenFold(fold) {
  const out = {};
  for (const [k, v] of Object.entries(fold)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k2, v2] of Object.entries(v)) out[`${k}.${k2}`] = v2;
    } else {
      out[k] = v;
    }
  }
  return out;
}

// A hyperparameter's value: numbers to 4 significant digits (a list of validation ICs is otherwise a wall of
// 17-digit doubles), lists comma-separated.
export function hyperText(v) {
  const one = (x) =>
    isNum(x) && !Number.isInteger(x)
      ? String(Number(x.toPrecision(4)))
      : typeof x === 'object' && x !== null
        ? JSON.stringify(x)
        : String(x);
  return Array.isArray(v) ? v.map(one).join(', ') : one(v);
}

export function formatCell(key, v) {
  const leaf = key.split('.').pop();
  const field = SUMMARY_FIELDS.find((f) => f.key === leaf);
  return field ? field.format(v) : generic(v);
}

// Mean of a fold field over the folds that have it (e.g. the mean test rank IC across folds).
export function foldMean(folds, key) {
  const values = (folds || []).map((f) => flattenFold(f)[key]).filter(isNum);
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}
