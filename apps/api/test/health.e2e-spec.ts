import request from 'supertest';
import { HealthStateService } from '../src/health/health-state.service';
import { createTestApp, TestApp } from './test-app';

describe('liveness and readiness', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('is live and ready while serving; once draining, readiness is 503 and liveness stays 200', async () => {
    const live = await request(t.url).get('/api/health/live').expect(200);
    expect(live.body).toMatchObject({ status: 'ok' });
    const ready = await request(t.url).get('/api/health/ready').expect(200);
    expect(ready.body).toEqual({ status: 'ready', database: 'up', draining: false });

    t.app.get(HealthStateService).startDraining();
    const draining = await request(t.url).get('/api/health/ready').expect(503);
    expect(draining.body).toEqual({ status: 'not_ready', database: 'up', draining: true });
    await request(t.url).get('/api/health/live').expect(200);
    // The combined check keeps its meaning (process and database), whatever the drain state.
    expect((await request(t.url).get('/api/health').expect(200)).body).toMatchObject({ status: 'ok', database: 'up' });
  });
});
