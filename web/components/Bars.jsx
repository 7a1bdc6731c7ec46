// Horizontal bars drawn with CSS: feature importance, costs by liquidity bucket. A table keeps the
// numbers readable; the bar gives the proportion at a glance.
import { isNum } from '@/lib/format';

export function BarTable({ rows, label, value, format, caption, testId, color = '#2563eb', extra = [] }) {
  const max = Math.max(0, ...rows.map((r) => (isNum(value(r)) ? Math.abs(value(r)) : 0)));
  return (
    <table className="data bar-table" data-testid={testId}>
      {caption ? <caption>{caption}</caption> : null}
      <tbody>
        {rows.map((r) => {
          const v = value(r);
          const width = max > 0 && isNum(v) ? `${(100 * Math.abs(v)) / max}%` : '0%';
          return (
            <tr key={label(r)}>
              <th scope="row">{label(r)}</th>
              <td className="bar-cell">
                <div className="bar" style={{ width, background: color }} />
              </td>
              <td className="num">{format(v)}</td>
              {extra.map((col) => (
                <td key={col.key} className="num">
                  {col.render(r)}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
