'use client';

import Link from 'next/link';
import { StatusBadge } from '@/components/Badge';
import { ApiView, Empty } from '@/components/Status';
import { useApi } from '@/lib/api';
import { integer, seconds, timestamp } from '@/lib/format';

const sameDay = (a, b) => a && b && String(a).slice(0, 10) === String(b).slice(0, 10);
const timeOfDay = (t) => timestamp(t).slice(11);

// Stage records grouped by job, newest job first; stages in the order they ran.
function groupByJob(items) {
  const jobs = new Map();
  for (const r of items) {
    if (!jobs.has(r.job_id)) jobs.set(r.job_id, { job_id: r.job_id, as_of: r.as_of, stages: [] });
    jobs.get(r.job_id).stages.push(r);
  }
  const out = [...jobs.values()];
  for (const j of out) {
    j.stages.sort((a, b) => (a.started_at < b.started_at ? -1 : a.started_at > b.started_at ? 1 : 0));
    j.seconds = j.stages.reduce((s, r) => s + (typeof r.seconds === 'number' ? r.seconds : 0), 0);
    j.status = j.stages.some((r) => r.status === 'failed')
      ? 'failed'
      : j.stages.every((r) => r.status === 'skipped')
        ? 'skipped'
        : 'succeeded';
    j.started_at = j.stages.length ? j.stages[0].started_at : '';
  }
  out.sort((a, b) => (a.as_of === b.as_of ? (a.started_at < b.started_at ? 1 : -1) : a.as_of < b.as_of ? 1 : -1));
  return out;
}

function Job({ job }) {
  const longest = Math.max(0, ...job.stages.map((r) => (typeof r.seconds === 'number' ? r.seconds : 0)));
  return (
    <div className="card" data-testid="job" data-job={job.job_id}>
      <div className="job-head">
        <h2>
          <code>{job.job_id}</code>
        </h2>
        <StatusBadge status={job.status} />
        <span className="muted">
          as of <b>{job.as_of}</b> · {job.stages.length} stage{job.stages.length === 1 ? '' : 's'} ·{' '}
          {seconds(job.seconds)} · started {timestamp(job.started_at)}
        </span>
      </div>
      <div className="table-scroll">
        <table className="data" style={{ marginTop: 10 }}>
          <thead>
            <tr>
              <th>Stage</th>
              <th>Status</th>
              <th>Started</th>
              <th>Finished</th>
              <th className="num">Time</th>
              <th style={{ width: '16%' }} />
              <th className="num">Rows</th>
              <th>Run record</th>
              <th>Error</th>
            </tr>
          </thead>
          <tbody>
            {job.stages.map((r) => (
              <tr key={r.stage} data-stage={r.stage} data-status={r.status}>
                <td>{r.stage}</td>
                <td>
                  <StatusBadge status={r.status} />
                </td>
                <td className="muted">{timestamp(r.started_at)}</td>
                <td className="muted">
                  {sameDay(r.started_at, r.finished_at) ? timeOfDay(r.finished_at) : timestamp(r.finished_at)}
                </td>
                <td className="num">{seconds(r.seconds)}</td>
                <td>
                  <div
                    className="bar"
                    style={{
                      width: longest > 0 ? `${(100 * (r.seconds || 0)) / longest}%` : '0%',
                      background: r.status === 'failed' ? '#dc2626' : '#94a3b8',
                    }}
                  />
                </td>
                <td className="num">{typeof r.rows === 'number' && r.rows >= 0 ? integer(r.rows) : '–'}</td>
                <td>{r.run_id ? <code>{r.run_id}</code> : <span className="muted">–</span>}</td>
                <td className="error-text">{r.error || ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export default function RunsPage() {
  const runs = useApi('/api/runs', { limit: 1000 });
  return (
    <>
      <h1>Runs</h1>
      <ApiView result={runs} what="the job history">
        {(d) => {
          if (!d.items.length) {
            return (
              <Empty>
                The daily job has not run on this store yet. Run <code>qtp daily</code> (see{' '}
                <Link href="/monitor/">Monitoring</Link> for its checks).
              </Empty>
            );
          }
          const jobs = groupByJob(d.items);
          const failed = jobs.filter((j) => j.status === 'failed').length;
          return (
            <>
              <p className="subtitle">
                <b>{jobs.length}</b> daily job{jobs.length === 1 ? '' : 's'} ({d.total} stage records
                {d.total > d.items.length ? `, the newest ${d.items.length} shown` : ''}),{' '}
                {failed ? <b className="down">{failed} failed</b> : 'none failed'}.
              </p>
              {jobs.map((j) => (
                <Job key={j.job_id} job={j} />
              ))}
            </>
          );
        }}
      </ApiView>
    </>
  );
}
