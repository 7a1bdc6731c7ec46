// Number formatting shared by the tables. The API sends null for values that are missing or not finite.

const DASH = '–';

export function isNum(v) {
  return typeof v === 'number' && Number.isFinite(v);
}

export function fixed(v, digits = 2) {
  return isNum(v) ? v.toFixed(digits) : DASH;
}

export function pct(v, digits = 1) {
  return isNum(v) ? `${(v * 100).toFixed(digits)}%` : DASH;
}

export function integer(v) {
  return isNum(v) ? Math.round(v).toLocaleString('en-US') : DASH;
}

// Dollars with a unit that keeps 3–4 significant digits: $1.23B, $45.6M, $789K, $12.34.
export function usd(v) {
  if (!isNum(v)) return DASH;
  const a = Math.abs(v);
  const sign = v < 0 ? '-' : '';
  if (a >= 1e9) return `${sign}$${(a / 1e9).toFixed(2)}B`;
  if (a >= 1e6) return `${sign}$${(a / 1e6).toFixed(1)}M`;
  if (a >= 1e4) return `${sign}$${(a / 1e3).toFixed(0)}K`;
  return `${sign}$${a.toFixed(2)}`;
}

// Small magnitudes (Amihud illiquidity ~1e-10) in scientific notation, others with 3 significant digits.
export function compact(v) {
  if (!isNum(v)) return DASH;
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(2);
  if (Number.isInteger(v)) return integer(v);
  return v.toPrecision(3);
}

export function sci(v) {
  return isNum(v) ? v.toExponential(2) : DASH;
}

export function seconds(v) {
  if (!isNum(v)) return DASH;
  if (v < 1) return `${(v * 1000).toFixed(0)} ms`;
  if (v < 120) return `${v.toFixed(1)} s`;
  return `${Math.floor(v / 60)} min ${Math.round(v % 60)} s`;
}

// "2024-01-02T14:35:07Z" → "2024-01-02 14:35:07 UTC"
export function timestamp(v) {
  if (!v) return DASH;
  return String(v).replace('T', ' ').replace(/\.\d+/, '').replace(/Z$/, ' UTC');
}

export { DASH };
