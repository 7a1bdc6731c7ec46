'use client';

import { useMemo, useState } from 'react';

// A table whose column headers sort it: a click sorts by that column, a second click reverses. Missing
// values (null) sort last in either direction, so a sort never buries the data under dashes.
//   columns: [{key, label, render(row), sortValue(row) (default row[key]), numeric, title}]
export default function SortableTable({ columns, rows, rowKey, initialSort, testId, rowProps }) {
  const [sort, setSort] = useState(initialSort || { key: null, dir: 1 });

  const sorted = useMemo(() => {
    const column = columns.find((c) => c.key === sort.key);
    if (!column) return rows;
    const valueOf = column.sortValue || ((r) => r[column.key]);
    const missing = (v) => v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v));
    return [...rows].sort((a, b) => {
      const x = valueOf(a);
      const y = valueOf(b);
      if (missing(x) || missing(y)) return missing(x) - missing(y);
      const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return order * sort.dir;
    });
  }, [columns, rows, sort]);

  const onHeader = (key) => setSort((s) => (s.key === key ? { key, dir: -s.dir } : { key, dir: 1 }));

  return (
    <table className="data sortable" data-testid={testId}>
      <thead>
        <tr>
          {columns.map((c) => {
            const active = c.key === sort.key;
            const arrow = active ? (sort.dir > 0 ? ' ↑' : ' ↓') : '';
            return (
              <th
                key={c.key}
                className={`${c.numeric ? 'num' : ''} ${active ? 'sorted' : ''}`}
                title={c.title || `sort by ${c.label}`}
                aria-sort={active ? (sort.dir > 0 ? 'ascending' : 'descending') : 'none'}
                data-key={c.key}
              >
                <button type="button" onClick={() => onHeader(c.key)}>
                  {c.label}
                  <span className="sort-arrow">{arrow}</span>
                </button>
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>
        {sorted.map((r) => (
          <tr key={rowKey(r)} {...(rowProps ? rowProps(r) : {})}>
            {columns.map((c) => (
              <td key={c.key} className={c.numeric ? 'num' : undefined} data-col={c.key}>
                {c.render ? c.render(r) : r[c.key]}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
