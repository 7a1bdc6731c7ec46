'use client';

import { useEffect, useState } from 'react';

// Same-origin by default: `qtp serve --web web/out` serves the dashboard and the API from one process.
// `next dev` on another port points NEXT_PUBLIC_QTP_API at the API server (it sends CORS headers).
const API_BASE = (process.env.NEXT_PUBLIC_QTP_API || '').replace(/\/+$/, '');

export function apiUrl(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  }
  const text = query.toString();
  return `${API_BASE}${path}${text ? `?${text}` : ''}`;
}

export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

// The API answers errors as {"error": "..."}: that message is what the page shows.
export async function fetchJson(path, params) {
  const url = apiUrl(path, params);
  let response;
  try {
    response = await fetch(url, { headers: { Accept: 'application/json' } });
  } catch (e) {
    throw new ApiError(`cannot reach the API at ${url}: ${e.message}`, 0);
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`${url} answered ${response.status} ${response.statusText} without JSON`, response.status);
  }
  if (!response.ok) {
    const message = body && typeof body.error === 'string' ? body.error : `${response.status} ${response.statusText}`;
    throw new ApiError(message, response.status);
  }
  return body;
}

// {data, error, loading} of one GET. `path` null means "nothing to fetch yet" (a dependency is missing).
// A stale answer (the path or parameters changed while it was in flight) is dropped instead of aborting the
// request: aborted fetches would show up as failed requests in the browser tests.
export function useApi(path, params) {
  const key = path === null ? null : apiUrl(path, params);
  const [state, setState] = useState({ key: null, data: null, error: null });

  useEffect(() => {
    if (key === null) return undefined;
    let current = true;
    fetchJson(path, params).then(
      (data) => current && setState({ key, data, error: null }),
      (error) => current && setState({ key, data: null, error }),
    );
    return () => {
      current = false;
    };
    // `key` encodes path and params; listing them would refetch on every render of a new params object.
  }, [key]);

  if (key === null) return { data: null, error: null, loading: false };
  if (state.key !== key) return { data: null, error: null, loading: true };
  return { data: state.data, error: state.error, loading: false };
}

// Several GETs at once (e.g. two models to compare); `paths` is an array, null entries are skipped.
export function useApiMany(paths) {
  const key = JSON.stringify(paths);
  const [state, setState] = useState({ key: null, data: null, error: null });

  useEffect(() => {
    let current = true;
    Promise.all(paths.map((p) => (p === null ? Promise.resolve(null) : fetchJson(p)))).then(
      (data) => current && setState({ key, data, error: null }),
      (error) => current && setState({ key, data: null, error }),
    );
    return () => {
      current = false;
    };
  }, [key]);

  if (state.key !== key) return { data: null, error: null, loading: true };
  return { data: state.data, error: state.error, loading: false };
}
