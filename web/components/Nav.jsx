'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useApi } from '@/lib/api';

const LINKS = [
  { href: '/', label: 'Rankings', match: (p) => p === '/' },
  { href: '/ticker/', label: 'Tickers', match: (p) => p.startsWith('/ticker') },
  { href: '/backtests/', label: 'Backtests', match: (p) => p.startsWith('/backtest') },
  { href: '/models/', label: 'Models', match: (p) => p.startsWith('/model') },
  { href: '/runs/', label: 'Runs', match: (p) => p.startsWith('/runs') },
  { href: '/monitor/', label: 'Monitoring', match: (p) => p.startsWith('/monitor') },
];

// The bar on every page; its right end says which as-of the server's store has published last.
export default function Nav() {
  const pathname = usePathname() || '/';
  const health = useApi('/healthz');
  let status = '…';
  if (health.error) status = 'API unreachable';
  else if (health.data)
    status = health.data.latest_as_of ? `published ${health.data.latest_as_of}` : 'nothing published';
  return (
    <nav className="nav">
      <Link href="/" className="brand">
        qtp
      </Link>
      <ul>
        {LINKS.map((l) => (
          <li key={l.href}>
            <Link href={l.href} className={l.match(pathname) ? 'active' : undefined}>
              {l.label}
            </Link>
          </li>
        ))}
      </ul>
      <span className={`nav-status ${health.error ? 'bad' : ''}`} data-testid="nav-status">
        {status}
      </span>
    </nav>
  );
}
