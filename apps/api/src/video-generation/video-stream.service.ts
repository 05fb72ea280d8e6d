import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { distinctUntilChanged, filter, from, interval, merge, mergeMap, of, Subscription, takeWhile } from 'rxjs';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { VideoEvents } from './video-events';
import { TERMINAL_STATUSES, VideoJobView } from './video-job.types';
import { VideoJobsService } from './video-jobs.service';
import { toVideoJobDto } from './video.mapper';

/**
 * Server-Sent Events for one job: an event per change of status or progress (`event: <status>`, data:
 * the job as GET /videos/:id returns it), ending after the terminal one. Changes made on this
 * instance are sent at once; the row is also re-read every VIDEO_SSE_POLL_MS for the others. A
 * comment line every 15 s keeps proxies from closing an idle stream.
 */
@Injectable()
export class VideoStreamService implements BeforeApplicationShutdown {
  private readonly open = new Set<Response>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: VideoJobsService,
    private readonly events: VideoEvents,
  ) {}

  async stream(jobId: string, userId: string, req: Request, res: Response): Promise<void> {
    const first = await this.jobs.get(jobId, userId); // 404 before any byte of the stream is written
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.write('retry: 3000\n\n');

    let seq = 0;
    const send = (job: VideoJobView) => {
      seq += 1;
      res.write(`id: ${seq}\nevent: ${job.status}\ndata: ${JSON.stringify(toVideoJobDto(job))}\n\n`);
    };
    const sub: Subscription = merge(
      of(first),
      this.events.changes$.pipe(filter((j) => j.id === jobId)),
      interval(this.config.video.ssePollMs).pipe(
        mergeMap(() => from(this.jobs.find(jobId))),
        filter((j): j is VideoJobView => j !== undefined),
      ),
    )
      .pipe(
        distinctUntilChanged((a, b) => a.status === b.status && a.progress >= b.progress),
        takeWhile((j) => !TERMINAL_STATUSES.includes(j.status), true),
      )
      .subscribe({
        next: send,
        error: () => res.end(),
        complete: () => res.end(),
      });
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    keepAlive.unref();
    this.open.add(res);
    const stop = () => {
      this.open.delete(res);
      clearInterval(keepAlive);
      sub.unsubscribe();
    };
    req.on('close', stop);
    res.on('finish', stop);
  }

  /** Ends open streams so the HTTP server can close (clients reconnect to another instance). */
  beforeApplicationShutdown(): void {
    for (const res of this.open) res.end();
    this.open.clear();
  }
}
