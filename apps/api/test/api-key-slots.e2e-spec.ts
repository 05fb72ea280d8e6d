import request from 'supertest';
import { DataSource } from 'typeorm';
import { ApiKeySlotsService, SlotLease } from '../src/api-keys/api-key-slots.service';
import { queryRows } from '../src/common/database/sql';
import { DomainException } from '../src/common/errors/domain.exception';
import { dataSourceOptions } from '../src/database/data-source';
import { createApiKey, loginAdmin, registerUser, TestUser } from './factories';
import { createTestApp, TestApp } from './test-app';
import { until } from './until';

type Tracked = { holder: string; state: 'pending' | 'acquired' | 'rejected'; lease?: SlotLease; error?: DomainException };

function track(holder: string, promise: Promise<SlotLease>): Tracked {
  const t: Tracked = { holder, state: 'pending' };
  promise.then(
    (lease) => Object.assign(t, { state: 'acquired', lease }),
    (error: DomainException) => Object.assign(t, { state: 'rejected', error }),
  );
  return t;
}

/**
 * The concurrency limiter the video pipeline takes a slot from per in-flight job. Two service
 * instances on separate connection pools stand for two API instances.
 */
describe('API key concurrency slots and queue', () => {
  let t: TestApp;
  let admin: TestUser;
  let ds2: DataSource;
  let one: ApiKeySlotsService;
  let two: ApiKeySlotsService;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await loginAdmin(t);
    ds2 = await new DataSource(dataSourceOptions(t.databaseUrl, 5)).initialize();
    one = t.app.get(ApiKeySlotsService);
    two = new ApiKeySlotsService(ds2);
  });
  afterAll(async () => {
    await ds2?.destroy();
    await t.close();
  });

  it('limit 2, queue 3: the 6th gets 429 at once, queued ones start in order as slots free up', async () => {
    const user = await registerUser(t);
    const key = await createApiKey(
      t,
      user,
      { concurrencyLimit: 2, queueEnabled: true, queueMaxSize: 3, queueTimeoutMs: 60_000 },
      admin,
    );

    const calls = Array.from({ length: 6 }, (_, i) => track(`job-${i}`, (i % 2 ? two : one).acquire(key.id, `job-${i}`)));
    await until(() => calls.filter((c) => c.state !== 'pending').length === 3, 'two slots taken and one refusal');
    const running = calls.filter((c) => c.state === 'acquired');
    const refused = calls.filter((c) => c.state === 'rejected');
    expect(running).toHaveLength(2);
    expect(refused).toHaveLength(1);
    expect(refused[0].error).toBeInstanceOf(DomainException);
    expect(refused[0].error).toMatchObject({ code: 'CONCURRENCY_LIMITED', statusCode: 429, details: { reason: 'queue_full' } });
    expect(refused[0].error!.headers).toEqual({ 'Retry-After': '1' });
    expect(await one.inFlight(key.id)).toEqual({ active: 2, queued: 3 });
    const queueOrder = (
      await queryRows<{ holder: string }>(t.ds.manager, `SELECT holder FROM api_key_queue WHERE api_key_id = $1 ORDER BY id`, [
        key.id,
      ])
    ).map((r) => r.holder);
    const waiting = () => calls.filter((c) => c.state === 'pending');
    expect(
      waiting()
        .map((c) => c.holder)
        .sort(),
    ).toEqual([...queueOrder].sort());

    // A newcomer does not overtake the queue even when a slot frees: the first waiter gets it.
    await one.release(key.id, running[0].holder);
    await until(() => waiting().length === 2, 'the first waiter to start');
    expect(calls.find((c) => c.holder === queueOrder[0])!.state).toBe('acquired');
    expect(calls.find((c) => c.holder === queueOrder[0])!.lease!.queued).toBe(true);
    expect(await one.inFlight(key.id)).toEqual({ active: 2, queued: 2 });

    await two.release(key.id, running[1].holder);
    await until(() => waiting().length === 1, 'the second waiter to start');
    expect(calls.find((c) => c.holder === queueOrder[1])!.state).toBe('acquired');

    await one.release(key.id, queueOrder[0]);
    await until(() => waiting().length === 0, 'the third waiter to start');
    expect(calls.find((c) => c.holder === queueOrder[2])!.state).toBe('acquired');
    expect(await one.inFlight(key.id)).toEqual({ active: 2, queued: 0 });
    // Never more than the limit at once, across both instances.
    const [{ n }] = await queryRows<{ n: string }>(
      t.ds.manager,
      `SELECT count(*) AS n FROM api_key_slots WHERE api_key_id = $1`,
      [key.id],
    );
    expect(Number(n)).toBe(2);
  });

  it('a queued request past the timeout gets 429; without a queue the limit answers at once', async () => {
    const user = await registerUser(t);
    const key = await createApiKey(
      t,
      user,
      { concurrencyLimit: 2, queueEnabled: true, queueMaxSize: 3, queueTimeoutMs: 300 },
      admin,
    );
    await one.acquire(key.id, 'a');
    await two.acquire(key.id, 'b');
    const late = await two.acquire(key.id, 'c').then(
      () => undefined,
      (e: DomainException) => e,
    );
    expect(late).toMatchObject({ code: 'CONCURRENCY_LIMITED', statusCode: 429, details: { reason: 'queue_timeout' } });
    expect(await one.inFlight(key.id)).toEqual({ active: 2, queued: 0 });

    // Acquire is idempotent per holder: the same job keeps its slot.
    await expect(one.acquire(key.id, 'a')).resolves.toMatchObject({ queued: false });

    await request(t.url).patch(`/api/v1/admin/api-keys/${key.id}`).set(admin.auth).send({ queueEnabled: false }).expect(200);
    const noQueue = await one.acquire(key.id, 'd').then(
      () => undefined,
      (e: DomainException) => e,
    );
    expect(noQueue).toMatchObject({ code: 'CONCURRENCY_LIMITED', details: { reason: 'limit_reached' } });

    // A holder that died without releasing loses its slot when the lease runs out.
    await queryRows(t.ds.manager, `UPDATE api_key_slots SET lease_expires_at = now() - interval '1 second' WHERE holder = 'a'`);
    await expect(one.acquire(key.id, 'd')).resolves.toMatchObject({ queued: false });
    expect(await one.renew(key.id, 'd', 60_000)).toBe(true);
  });

  it('a key without a concurrency limit never waits', async () => {
    const user = await registerUser(t);
    const key = await createApiKey(t, user, {}, admin);
    const leases = await Promise.all(Array.from({ length: 20 }, (_, i) => one.acquire(key.id, `free-${i}`)));
    expect(leases.every((l) => !l.queued)).toBe(true);
  });
});
