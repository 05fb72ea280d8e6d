import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Subject } from 'rxjs';
import type { VideoJobView } from './video-job.types';

/**
 * Job changes made by this instance, pushed to Server-Sent Events streams at once (streams also
 * re-read the row periodically, so changes made by other instances arrive too).
 */
@Injectable()
export class VideoEvents implements OnModuleDestroy {
  readonly changes$ = new Subject<VideoJobView>();

  emit(job: VideoJobView | undefined): void {
    if (job) this.changes$.next(job);
  }

  onModuleDestroy(): void {
    this.changes$.complete();
  }
}
