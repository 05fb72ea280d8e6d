import { createServer, IncomingMessage, request as httpRequest, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP proxy in front of the fake upstream that answers a share of upstream calls itself, before
 * they reach it: 5xx (a JSON error, an nginx HTML page, a bare 503) and 429 with Retry-After. The
 * faults are drawn from a seeded PRNG; /__control and result files pass through untouched.
 */
export interface ChaosProxy {
  url: string;
  counts: { forwarded: number; serverErrors: number; rateLimited: number };
  close: () => Promise<void>;
}

export async function startChaosProxy(
  target: string,
  options: { serverErrorRate: number; rateLimitRate: number; rand: () => number; retryAfterSeconds?: number },
): Promise<ChaosProxy> {
  const counts = { forwarded: 0, serverErrors: 0, rateLimited: 0 };
  const upstream = new URL(target);
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    const chaotic = !path.startsWith('/__control') && !path.startsWith('/files/');
    const r = options.rand();
    if (chaotic && r < options.serverErrorRate) {
      counts.serverErrors++;
      req.resume();
      const kind = Math.floor(options.rand() * 3);
      if (kind === 0) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: { message: 'do request failed: upstream error', type: 'upstream_error', code: 'do_request_failed' },
          }),
        );
      } else if (kind === 1) {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>');
      } else {
        res.writeHead(503).end();
      }
      return;
    }
    if (chaotic && r < options.serverErrorRate + options.rateLimitRate) {
      counts.rateLimited++;
      req.resume();
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(options.retryAfterSeconds ?? 1) });
      res.end(
        JSON.stringify({
          error: { message: '当前分组上游负载已饱和，请稍后再试', type: 'new_api_error', code: 'rate_limit_exceeded' },
        }),
      );
      return;
    }
    counts.forwarded++;
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  };
  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
