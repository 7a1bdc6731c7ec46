// The three states every page shows besides its data: loading, the API's error message, and nothing yet.

export function Loading({ what = 'data' }) {
  return (
    <div className="state state-loading" role="status" data-state="loading">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </div>
  );
}

export function ErrorBox({ error, what }) {
  const status = error && error.status ? ` (HTTP ${error.status})` : '';
  return (
    <div className="state state-error" role="alert" data-state="error">
      <strong>
        Could not load {what || 'data'}
        {status}:
      </strong>{' '}
      {error ? error.message : 'unknown error'}
    </div>
  );
}

export function Empty({ children }) {
  return (
    <div className="state state-empty" data-state="empty">
      {children}
    </div>
  );
}

// Renders loading / error for one useApi result, or calls `children(data)` once it is there.
export function ApiView({ result, what, children }) {
  if (result.loading) return <Loading what={what} />;
  if (result.error) return <ErrorBox error={result.error} what={what} />;
  if (!result.data) return null;
  return children(result.data);
}
