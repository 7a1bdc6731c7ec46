// A colored status word: succeeded/ok green, warn/warning amber, failed/fail/alert/critical red, running/info
// blue, anything else (skipped, n/a, suppressed, ...) grey.
const TONES = {
  succeeded: 'good',
  ok: 'good',
  pass: 'good',
  warn: 'warn',
  warning: 'warn',
  alert: 'bad',
  critical: 'bad',
  info: 'info',
  skipped: 'muted',
  running: 'info',
  failed: 'bad',
  fail: 'bad',
  error: 'bad',
  no_data: 'muted',
};

export function StatusBadge({ status }) {
  const tone = TONES[String(status).toLowerCase()] || 'muted';
  return <span className={`badge badge-${tone}`}>{status}</span>;
}

export function Tag({ children, tone = 'info', title }) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}
