import request from 'supertest';
import { CreditsService } from '../src/credits/credits.service';
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

  it('drains many small lots soonest-expiring first while concurrent requests cross lot boundaries', async () => {
    const credits = t.app.get(CreditsService);
    const user = await registerUser(t);
    // 20 lots of 13 credits expiring on successive days, plus the 520 sign-up credits (no expiry).
    for (let i = 0; i < 20; i++) {
      await credits.grant(undefined, 'redeem', {
        userId: user.id,
        amount: 13,
        reference: { type: 'test_lot', id: `${user.id}-${i}` },
        expiresAt: new Date(Date.now() + (i + 1) * 86_400_000),
      });
    }
    const responses = await Promise.all(
      Array.from({ length: 60 }, () =>
        request(t.url).post('/api/v1/credits/consume').set(user.auth).send({ amount: 4, action: 'script' }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(60).fill(200));
    // 240 credits spent: the 18 soonest lots (234) are empty, the 19th gave 6, the rest untouched.
    const lots = await t.ds.query(`SELECT remaining FROM credit_lots WHERE user_id = $1 ORDER BY expires_at ASC NULLS LAST, id`, [
      user.id,
    ]);
    expect(lots.map((l: { remaining: string }) => Number(l.remaining))).toEqual([...Array(18).fill(0), 7, 13, 520]);
    expect(await balanceOf(t, user)).toBe(520 + 260 - 240);
    expect(await verifyLedger(t.ds)).toMatchObject({ ok: true, problems: [] });
  });

  it('applies a referenced consumption once when the same reference arrives concurrently', async () => {
    const credits = t.app.get(CreditsService);
    const user = await registerUser(t);
    const movement = { userId: user.id, amount: 9, action: 'script', reference: { type: 'test', id: `once-${user.id}` } };
    const results = await Promise.all(Array.from({ length: 10 }, () => credits.consume(undefined, movement)));
    expect(results.filter((r) => r.applied)).toHaveLength(1);
    expect(new Set(results.map((r) => r.entry.id)).size).toBe(1);
    expect(await balanceOf(t, user)).toBe(520 - 9);
    // A replay after the balance ran short still answers with the first row instead of refusing.
    await credits.consume(undefined, { userId: user.id, amount: 511, action: 'script' });
    const replay = await credits.consume(undefined, movement);
    expect(replay).toMatchObject({ applied: false, entry: { id: results[0].entry.id, amount: -9 } });
    await expect(credits.consume(undefined, { userId: user.id, amount: 1 })).rejects.toMatchObject({
      code: 'INSUFFICIENT_CREDITS',
    });
  });
});
