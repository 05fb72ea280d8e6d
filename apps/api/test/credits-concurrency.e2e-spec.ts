import request from 'supertest';
import { verifyLedger } from '../src/credits/ledger-verifier';
import { balanceOf, registerUser } from './factories';
import { createTestApp, TestApp } from './test-app';

describe('consuming credits under concurrency', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('never spends more than the balance: exactly floor(balance / amount) of 250 concurrent requests succeed', async () => {
    const user = await registerUser(t);
    const start = await balanceOf(t, user);
    expect(start).toBe(520);
    const amount = 7;
    const attempts = 250;

    const responses = await Promise.all(
      Array.from({ length: attempts }, (_, i) =>
        request(t.url)
          .post('/api/v1/credits/consume')
          .set(user.auth)
          .set('Idempotency-Key', `burst-${i}`)
          .send({ amount, action: 'script' }),
      ),
    );

    // Every answer is a charge or a refusal, in exactly the numbers the balance allows (the whole
    // histogram is compared so that a failure shows what else came back).
    const statuses: Record<string, number> = {};
    for (const r of responses) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    const charges = Math.floor(start / amount);
    expect(statuses).toEqual({ 200: charges, 400: attempts - charges });
    const ok = responses.filter((r) => r.status === 200);
    const refused = responses.filter((r) => r.status === 400);
    expect(ok.length * amount).toBeLessThanOrEqual(start);
    for (const r of refused) {
      expect(r.body.code).toBe('INSUFFICIENT_CREDITS');
      expect(r.body.details.required).toBe(amount);
      expect(r.body.details.available).toBeLessThan(amount);
    }
    // Every success saw a distinct balance: the charges were serialized, not interleaved.
    const balancesAfter = new Set(ok.map((r) => r.body.available));
    expect(balancesAfter.size).toBe(ok.length);

    expect(await balanceOf(t, user)).toBe(start - ok.length * amount);
    const verification = await verifyLedger(t.ds);
    expect(verification).toMatchObject({ ok: true, problems: [] });
  });

  it('keeps every account exact when many users spend at once', async () => {
    const users = await Promise.all(Array.from({ length: 5 }, () => registerUser(t)));
    await Promise.all(
      users.flatMap((user) =>
        Array.from({ length: 30 }, () =>
          request(t.url).post('/api/v1/credits/consume').set(user.auth).send({ amount: 20, action: 'video' }),
        ),
      ),
    );
    for (const user of users) expect(await balanceOf(t, user)).toBe(520 - 26 * 20);
    expect((await verifyLedger(t.ds)).ok).toBe(true);
  });
});
