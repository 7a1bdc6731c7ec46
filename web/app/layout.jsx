import './globals.css';
import Nav from '@/components/Nav';

export const metadata = {
  title: 'qtp dashboard',
  description: 'Daily rankings, tickers, backtests, models, job runs and monitoring of a qtp store',
};

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>
        <Nav />
        <main className="page">{children}</main>
        <footer className="footer">
          qtp dashboard · read-only view of the store served by <code>qtp serve</code> · charts by{' '}
          <a href="https://www.tradingview.com/lightweight-charts/" rel="noreferrer">
            TradingView lightweight-charts
          </a>
        </footer>
      </body>
    </html>
  );
}
