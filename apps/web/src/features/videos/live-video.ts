import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { call } from '../../api/client';
import type { VideoJobDto } from '../../api/generated/openapi';
import { session } from '../../api/session';
import { videoKey } from './video-key';
import { isTerminal } from './video-status';

export { videoKey };

/**
 * One job, live: Server-Sent Events from /videos/{id}/events update the cached job as they arrive;
 * when the stream cannot be used (an expired token, a proxy that buffers, a dropped connection)
 * the query polls every 2 s instead, until the job ends.
 */
export function useLiveVideo(id: string) {
  const client = useQueryClient();
  const [streaming, setStreaming] = useState(false);
  const query = useQuery({
    queryKey: videoKey(id),
    queryFn: ({ signal }) => call('Videos_get', { pathParams: { id }, signal }),
    refetchInterval: (q) => (q.state.data && !isTerminal(q.state.data.status) && !streaming ? 2000 : false),
    staleTime: 0,
  });
  const terminal = query.data ? isTerminal(query.data.status) : false;

  useEffect(() => {
    if (terminal) return;
    const abort = new AbortController();
    void (async () => {
      try {
        const token = session.get()?.accessToken;
        const res = await fetch(`/api/v1/videos/${encodeURIComponent(id)}/events`, {
          headers: { Accept: 'text/event-stream', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
          signal: abort.signal,
        });
        if (!res.ok || !res.body) return;
        setStreaming(true);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block
              .split('\n')
              .filter((line) => line.startsWith('data: '))
              .map((line) => line.slice(6))
              .join('\n');
            if (data) client.setQueryData(videoKey(id), JSON.parse(data) as VideoJobDto);
          }
        }
      } catch {
        // fall back to polling
      } finally {
        if (!abort.signal.aborted) {
          setStreaming(false);
          void client.invalidateQueries({ queryKey: videoKey(id) });
        }
      }
    })();
    return () => abort.abort();
  }, [id, terminal, client]);

  return { ...query, streaming };
}
