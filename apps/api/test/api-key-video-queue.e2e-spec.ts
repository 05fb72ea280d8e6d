import request from 'supertest';
import { balanceOf, createApiKey, loginAdmin, registerUser } from './factories';
import { createTestApp, TestApp } from './test-app';

/**
 * Issue 6's concurrency acceptance through the real video route: an API key with concurrency 2 and a
 * queue of 3. Jobs stay queued (no worker here), so each holds its key slot until it is canceled.
 */
describe('API key concurrency limit and queue on POST /videos', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ VIDEO_WORKER_ENABLED: 'false' });
  });
  afterAll(() => t.close());

  it('admits 2, queues 3, refuses the 6th at once; queued submits start as slots free up and time out past T', async () => {
    const admin = await loginAdmin(t);
    const user = await registerUser(t);
    const key = await createApiKey(
      t,
      user,
      { concurrencyLimit: 2, queueEnabled: true, queueMaxSize: 3, queueTimeoutMs: 6000 },
      admin,
    );
    const submit = (prompt: string) =>
      request(t.url)
        .post('/api/v1/videos')
        .set(key.auth)
        .send({ prompt, model: 'veo3', durationSeconds: 8, orientation: 'landscape' })
        .then((r) => r);
    const cancel = (id: string) => request(t.url).post(`/api/v1/videos/${id}/cancel`).set(key.auth).expect(200);

    const first = await submit('one');
    const second = await submit('two');
    expect([first.status, second.status]).toEqual([202, 202]);

    const queued = ['three', 'four', 'five'].map((p) => submit(p));
    await new Promise((r) => setTimeout(r, 1500)); // let the three reach the queue
    const sixth = await submit('six');
    expect(sixth.status).toBe(429);
    expect(sixth.body.code).toBe('CONCURRENCY_LIMITED');

    await cancel(first.body.id);
    await cancel(second.body.id);
    const results = await Promise.all(queued);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([202, 202, 429]);
    expect(results.find((r) => r.status === 429)!.body.code).toBe('CONCURRENCY_LIMITED');

    // Four jobs were created and charged (15 each); the two canceled were refunded; refusals charged nothing.
    expect(await balanceOf(t, user)).toBe(520 - 4 * 15 + 2 * 15);
  });
});
