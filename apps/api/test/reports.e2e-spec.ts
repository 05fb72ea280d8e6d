import request from 'supertest';
import { JobScheduler } from '../src/scheduler/job-scheduler.service';
import { loginAdmin, registerUser, TestUser } from './factories';
import { createTestApp, TestApp } from './test-app';

const DAY = '2026-11-20';
/** Local (Asia/Shanghai, UTC+8) times on and around DAY. */
const at = (local: string) => new Date(`${local}+08:00`);

describe('daily reports and the dashboard', () => {
  let t: TestApp;
  let admin: TestUser;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ SCHEDULER_TIMEZONE: 'Asia/Shanghai' });
    admin = await loginAdmin(t);
    alice = await registerUser(t);
    bob = await registerUser(t);
    const [pkg] = await t.ds.query(`SELECT id, name FROM credit_packages ORDER BY price_fen LIMIT 1`);
    let n = 0;
    const order = (userId: string, amountFen: number, paidAt: Date, refundedAt?: Date) =>
      t.ds.query(
        `INSERT INTO payment_orders (out_trade_no, user_id, package_id, package_name, channel, amount_fen, credits, status, expires_at, paid_at, refunded_at)
         VALUES ($1, $2, $3, $4, 'sandbox', $5, 50, $6, $7, $7, $8)`,
        [
          `RPT${String(++n).padStart(10, '0')}`,
          userId,
          pkg.id,
          pkg.name,
          amountFen,
          refundedAt ? 'refunded' : 'paid',
          paidAt,
          refundedAt ?? null,
        ],
      );
    await order(alice.id, 4900, at(`${DAY}T00:00:00`));
    await order(alice.id, 9900, at(`${DAY}T12:30:00`));
    await order(bob.id, 29900, at(`${DAY}T23:59:59`));
    await order(bob.id, 9900, at('2026-11-19T23:59:59')); // the day before
    await order(bob.id, 4900, at('2026-11-21T00:00:00')); // the day after
    await order(alice.id, 9900, at('2026-11-18T10:00:00'), at(`${DAY}T09:00:00`)); // refunded on DAY

    const entry = (userId: string, kind: string, amount: number, createdAt: Date) =>
      t.ds.query(
        `INSERT INTO credit_ledger_entries (user_id, kind, amount, balance_after, action, created_at) VALUES ($1, $2, $3, 1000, 'video', $4)`,
        [userId, kind, amount, createdAt],
      );
    await entry(alice.id, 'purchase', 150, at(`${DAY}T12:30:00`));
    await entry(alice.id, 'purchase_bonus', 30, at(`${DAY}T12:30:00`));
    await entry(alice.id, 'consume', -100, at(`${DAY}T10:00:00`));
    await entry(alice.id, 'consume', -50, at(`${DAY}T23:30:00`));
    await entry(alice.id, 'refund', 15, at(`${DAY}T23:40:00`));
    await entry(bob.id, 'consume', -200, at(`${DAY}T08:00:00`));
    await entry(bob.id, 'consume', -999, at('2026-11-19T23:59:59'));
    await entry(bob.id, 'consume', -999, at('2026-11-21T00:00:00'));
    await entry(bob.id, 'expire', -7, at(`${DAY}T00:05:00`));
    await entry(bob.id, 'order_refund', -40, at(`${DAY}T09:00:00`));
    await entry(bob.id, 'admin_adjust', 25, at(`${DAY}T15:00:00`));
  });
  afterAll(() => t.close());

  it('computes a day in the configured time zone from raw rows, and agrees with an independent calculation', async () => {
    const res = await request(t.url).post(`/api/v1/admin/reports/daily/${DAY}/generate`).set(admin.auth).expect(200);
    const f = res.body.figures;
    expect(f).toMatchObject({
      date: DAY,
      timeZone: 'Asia/Shanghai',
      from: '2026-11-19T16:00:00.000Z',
      to: '2026-11-20T16:00:00.000Z',
      revenueFen: 4900 + 9900 + 29900,
      ordersPaid: 3,
      refundsFen: 9900,
      ordersRefunded: 1,
      credits: {
        sold: 150,
        purchaseBonus: 30,
        signupBonus: 0,
        adminGranted: 25,
        adminDeducted: 0,
        consumed: 350,
        refunded: 15,
        expired: 7,
        clawedBack: 40,
      },
      grossProfitFen: 44700 - 9900,
      marginBasisPoints: 10000,
    });
    expect(f.topUsers).toEqual([
      { userId: bob.id, email: bob.email, creditsConsumed: 200 },
      { userId: alice.id, email: alice.email, creditsConsumed: 150 },
    ]);

    // Independently, with explicit UTC bounds, straight from the tables.
    const [money] = await t.ds.query(
      `SELECT sum(amount_fen) FILTER (WHERE paid_at >= $1 AND paid_at < $2) AS revenue,
              sum(amount_fen) FILTER (WHERE refunded_at >= $1 AND refunded_at < $2) AS refunds FROM payment_orders`,
      ['2026-11-19T16:00:00Z', '2026-11-20T16:00:00Z'],
    );
    const [consumed] = await t.ds.query(
      `SELECT -sum(amount) AS c FROM credit_ledger_entries WHERE kind = 'consume' AND created_at >= $1 AND created_at < $2`,
      ['2026-11-19T16:00:00Z', '2026-11-20T16:00:00Z'],
    );
    expect(f.revenueFen).toBe(Number(money.revenue));
    expect(f.refundsFen).toBe(Number(money.refunds));
    expect(f.credits.consumed).toBe(Number(consumed.c));
  });

  it('replaces the stored day on a re-run instead of duplicating it, and exports the same figures as CSV', async () => {
    const again = await request(t.url).post(`/api/v1/admin/reports/daily/${DAY}/generate`).set(admin.auth).expect(200);
    expect(again.body.generation).toBeGreaterThanOrEqual(2);
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM daily_reports WHERE report_date = $1`, [DAY]);
    expect(n).toBe(1);

    const stored = await request(t.url).get(`/api/v1/admin/reports/daily/${DAY}`).set(admin.auth).expect(200);
    expect(stored.body.figures).toEqual(again.body.figures);
    const list = await request(t.url)
      .get(`/api/v1/admin/reports/daily?from=2026-11-01&to=2026-11-30`)
      .set(admin.auth)
      .expect(200);
    expect(list.body.map((r: { figures: { date: string } }) => r.figures.date)).toEqual([DAY]);

    const csv = await request(t.url)
      .get(`/api/v1/admin/reports/daily.csv?from=2026-11-01&to=2026-11-30`)
      .set(admin.auth)
      .expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const [header, row] = csv.text.trim().split('\n');
    const record = Object.fromEntries(header.split(',').map((k, i) => [k, row.split(',')[i]]));
    expect(record).toMatchObject({
      date: DAY,
      revenue_fen: '44700',
      refunds_fen: '9900',
      gross_profit_fen: '34800',
      margin_percent: '100.00',
      credits_consumed: '350',
      credits_granted: '55',
    });

    await request(t.url).get('/api/v1/admin/reports/daily/2026-02-30').set(admin.auth).expect(400);
    await request(t.url).get('/api/v1/admin/reports/daily/2026-10-01').set(admin.auth).expect(404);
    await request(t.url).get('/api/v1/admin/reports/daily?from=2020-01-01&to=2026-01-01').set(admin.auth).expect(400);
  });

  it('announces a ready report once through the alert history, and the daily job reports yesterday', async () => {
    const history = await request(t.url).get('/api/v1/admin/alerts?status=resolved').set(admin.auth).expect(200);
    const announced = history.body.items.filter(
      (a: { ruleKey: string; subject: string }) => a.ruleKey === 'reports.daily_ready' && a.subject === DAY,
    );
    expect(announced.length).toBeGreaterThanOrEqual(1);
    expect(announced[0].message).toMatch(/revenue ¥447\.00/);
    const open = await request(t.url).get('/api/v1/admin/alerts?status=open').set(admin.auth).expect(200);
    expect(open.body.items.some((a: { ruleKey: string }) => a.ruleKey === 'reports.daily_ready')).toBe(false);

    const run = await t.app.get(JobScheduler).runNow('reports.daily');
    expect(run.outcome).toBe('succeeded');
    const [{ yesterday }] = await t.ds.query(
      `SELECT to_char((now() AT TIME ZONE 'Asia/Shanghai')::date - 1, 'YYYY-MM-DD') AS yesterday`,
    );
    expect(run.details).toMatchObject({ date: yesterday });
  });

  it('shows today live, the month and a 30-day series on the dashboard', async () => {
    await request(t.url).post('/api/v1/credits/consume').set(alice.auth).send({ amount: 33, action: 'video' }).expect(200);
    const res = await request(t.url).get('/api/v1/admin/dashboard').set(admin.auth).expect(200);
    const d = res.body;
    expect(d.series).toHaveLength(30);
    expect(d.series.at(-1)).toMatchObject({ date: d.today.date, reported: true, creditsConsumed: 33 });
    expect(d.today).toMatchObject({ creditsConsumed: 33, revenueFen: 0 });
    const dayInSeries = d.series.find((p: { date: string }) => p.date === DAY);
    if (dayInSeries) expect(dayInSeries).toMatchObject({ revenueFen: 44700, grossProfitFen: 34800 });
    expect(d.topUsers[0]).toMatchObject({ userId: alice.id, creditsUsed: 33 });
    expect(typeof d.openAlerts).toBe('number');
    await request(t.url).get('/api/v1/admin/dashboard').set(alice.auth).expect(403);
  });

  it('subtracts upstream cost per account and shows the balance at day end', async () => {
    const [account] = await t.ds.query(`SELECT id, name FROM upstream_accounts WHERE deleted_at IS NULL LIMIT 1`);
    const day = '2026-11-10';
    await t.ds.query(
      `INSERT INTO upstream_usage_records (account_id, operation, outcome, job_id, credits, cost_fen, created_at) VALUES
         ($1, 'completion', 'success', 'job-a', 15, 375, $2), ($1, 'completion', 'success', 'job-b', 15, 375, $3),
         ($1, 'completion', 'success', 'job-c', 15, 375, $4)`,
      [account.id, at(`${day}T09:00:00`), at(`${day}T21:00:00`), at('2026-11-11T00:00:01')],
    );
    await t.ds.query(
      `INSERT INTO upstream_balance_snapshots (account_id, balance_fen, source, created_at) VALUES ($1, 99000, 'reported', $2), ($1, 98250, 'reported', $3)`,
      [account.id, at(`${day}T08:00:00`), at(`${day}T22:00:00`)],
    );
    const res = await request(t.url).post(`/api/v1/admin/reports/daily/${day}/generate`).set(admin.auth).expect(200);
    expect(res.body.figures).toMatchObject({
      upstreamCostFen: 750,
      upstreamCostByAccount: [{ accountId: account.id, name: account.name, costFen: 750 }],
      upstreamBalanceFen: 98250,
      grossProfitFen: -750,
      marginBasisPoints: null,
    });
  });

  it('counts the videos finished in the day', async () => {
    const [job] = await t.ds.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'video_jobs' AND column_name = 'finished_at'`,
    );
    expect(job).toBeDefined();
    const res = await request(t.url).post(`/api/v1/admin/reports/daily/${DAY}/generate`).set(admin.auth).expect(200);
    expect(res.body.figures.videos).toEqual({ succeeded: 0, failed: 0 });
    const dashboard = await request(t.url).get('/api/v1/admin/dashboard').set(admin.auth).expect(200);
    expect(dashboard.body.jobs).toEqual({ succeeded: 0, failed: 0, successBasisPoints: null });

    // The 30-day success rate is read from the same roll-ups as the series, not from the jobs table.
    const yesterday = dashboard.body.series.at(-2).date as string;
    const stored = await request(t.url).post(`/api/v1/admin/reports/daily/${yesterday}/generate`).set(admin.auth).expect(200);
    await t.ds.query(
      `UPDATE daily_reports SET figures = jsonb_set(figures, '{videos}', '{"succeeded": 9, "failed": 1}') WHERE report_date = $1`,
      [stored.body.figures.date],
    );
    const after = await request(t.url).get('/api/v1/admin/dashboard').set(admin.auth).expect(200);
    expect(after.body.jobs).toEqual({ succeeded: 9, failed: 1, successBasisPoints: 9000 });
  });

  it('counts redeemed credits apart from paid ones, with the storefront value of the codes, never as revenue', async () => {
    const batch = async (body: Record<string, unknown>) =>
      (
        await request(t.url)
          .post('/api/v1/admin/redeem-batches')
          .set(admin.auth)
          .send({ name: 'storefront', count: 3, credits: 20, ...body })
          .expect(201)
      ).body as { id: string; codes: string[] };
    const priced = await batch({ priceFen: 990, channel: 'xianyu' }); // the notes' ¥9.9 card
    const unpriced = await batch({ credits: 40 });
    const trial = await batch({ credits: 0, priceFen: 1990, trial: { quota: 20, validityDays: 7 } });
    const carol = await registerUser(t);
    const redeem = (user: TestUser, code: string) =>
      request(t.url).post('/api/v1/redeem').set(user.auth).send({ code }).expect(200);
    await redeem(alice, priced.codes[0]);
    await redeem(bob, priced.codes[1]);
    await redeem(carol, unpriced.codes[0]);
    await redeem(carol, trial.codes[0]);

    const date = (await request(t.url).get('/api/v1/admin/dashboard').set(admin.auth).expect(200)).body.today.date as string;
    const res = await request(t.url).post(`/api/v1/admin/reports/daily/${date}/generate`).set(admin.auth).expect(200);
    const f = res.body.figures;
    expect(f.credits).toMatchObject({ sold: 0, redeemed: 20 + 20 + 40 });
    expect(f.redeemed).toEqual({ codes: 4, trialKeys: 1, storefrontValueFen: 990 + 990 + 1990, unpricedCodes: 1 });
    expect(f.revenueFen).toBe(0);
    expect(f.grossProfitFen).toBe(f.revenueFen - f.refundsFen - f.upstreamCostFen);

    // Independently, from the ledger and the codes.
    const [indep] = await t.ds.query(
      `SELECT (SELECT sum(amount) FROM credit_ledger_entries WHERE kind = 'redeem' AND created_at >= $1 AND created_at < $2) AS credits,
              (SELECT sum(b.price_fen) FROM redeem_codes c JOIN redeem_batches b ON b.id = c.batch_id
                WHERE c.redeemed_at >= $1 AND c.redeemed_at < $2) AS value`,
      [f.from, f.to],
    );
    expect(f.credits.redeemed).toBe(Number(indep.credits));
    expect(f.redeemed.storefrontValueFen).toBe(Number(indep.value));

    const d = (await request(t.url).get('/api/v1/admin/dashboard').set(admin.auth).expect(200)).body;
    expect(d.today).toMatchObject({ revenueFen: 0, creditsSold: 0, creditsRedeemed: 80, storefrontValueFen: 3970 });
    expect(d.month).toMatchObject({ creditsRedeemed: 80, codesRedeemed: 4, storefrontValueFen: 3970 });
    expect(d.series.at(-1)).toMatchObject({ date, revenueFen: 0, creditsSold: 0, creditsRedeemed: 80, storefrontValueFen: 3970 });

    const csv = await request(t.url).get(`/api/v1/admin/reports/daily.csv?from=${date}&to=${date}`).set(admin.auth).expect(200);
    const [header, row] = csv.text.trim().split('\n');
    const record = Object.fromEntries(header.split(',').map((k, i) => [k, row.split(',')[i]]));
    expect(record).toMatchObject({ revenue_fen: '0', credits_sold: '0', credits_redeemed: '80', codes_redeemed: '4', storefront_value_fen: '3970' });

    // A report stored before these figures existed reads them as zero.
    await t.ds.query(
      `UPDATE daily_reports SET figures = (figures - 'redeemed') #- '{credits,redeemed}' WHERE report_date = $1`,
      [DAY],
    );
    const old = await request(t.url).get(`/api/v1/admin/reports/daily/${DAY}`).set(admin.auth).expect(200);
    expect(old.body.figures.credits.redeemed).toBe(0);
    expect(old.body.figures.redeemed).toEqual({ codes: 0, trialKeys: 0, storefrontValueFen: 0, unpricedCodes: 0 });
  });
});
