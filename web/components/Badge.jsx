// A colored status word: succeeded/ok green, warn/skipped amber, failed/fail red, anything else grey.
const TONES = {
  succeeded: 'good',
  ok: 'good',
  pass: 'good',
  warn: 'warn',
  warning: 'warn',
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
