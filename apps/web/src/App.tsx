import { useEffect, useState } from 'react';

interface Health {
  status: 'ok' | 'error';
  database: 'up' | 'down';
  name: string;
  version: string;
}

/** Placeholder page until the full SPA lands: shows the system name and live health. */
export function App() {
  const [health, setHealth] = useState<Health | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    const load = () =>
      fetch('/api/health')
        .then((res) => res.json() as Promise<Health>)
        .then((body) => !cancelled && (setHealth(body), setError(null)))
        .catch((e: unknown) => !cancelled && setError(String(e)));
    void load();
    const timer = setInterval(load, 10_000);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, []);

  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 640, margin: '10vh auto', padding: 16 }}>
      <h1 data-testid="system-name">{health?.name ?? 'ReelMeter'}</h1>
      <p>AI 视频生成积分平台 · AI video generation by the credit</p>
      {error && <p role="alert">API unreachable: {error}</p>}
      {health && (
        <p data-testid="health">
          API: <strong>{health.status}</strong> · database: <strong>{health.database}</strong> · v{health.version}
        </p>
      )}
      <p>
        <a href="/api/docs">API documentation</a>
      </p>
    </main>
  );
}
