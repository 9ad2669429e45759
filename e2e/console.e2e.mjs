// The console in headless Chromium (Debian's, through playwright-core) against a running Sync
// Bridge: a wrong token, then the right one; the counts match the API; the history filters; a
// failed entry opened, its failing record highlighted, retried (its status changes on screen);
// an entry deleted; a sync job followed to its end and its failed records; a live event after a
// createEmployee mutation; values that are markup (a model
// name, payload, failure reason and employee name a caller chose) shown as text, never run; no
// console errors; the page at 1280×800 and on a phone. Screenshots of each view go to SCREENSHOTS.
//   BASE_URL=http://127.0.0.1:8000 APP_AUTH_TOKEN=… node console.e2e.mjs
import { mkdirSync } from 'node:fs';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { awaitOpenSubscriptions, openSubscriptions } from './open-subscriptions.mjs';

const base = process.env.BASE_URL ?? 'http://127.0.0.1:8000';
const token = process.env.APP_AUTH_TOKEN;
const shots = process.env.SCREENSHOTS ?? new URL('../target/screenshots/', import.meta.url).pathname;
if (!token) throw new Error('APP_AUTH_TOKEN is required');
mkdirSync(shots, { recursive: true });

const tag = `c${Date.now()}`;
async function call(method, path, body) {
  const response = await fetch(base + path, {
    method,
    headers: { 'x-auth-token': token, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

// Values a caller chose that are markup: the console must show them as text and run none of
// them (each would set window.__xss, or load an image from /x, which the page would report).
const markup = (n) => `<img src=/x onerror="window.__xss=${n}"><script>window.__xss=${n}</script>`;
const hostileModel = markup(1);
const invalid = await call('POST', '/api/v1/sync', { model: hostileModel, data: [{ note: markup(2) }] });
assert.equal(invalid.status, 400);
const hostileId = (await call('GET', '/api/v1/sync-history?status=invalid&size=1&payload=false')).body.data.data[0].id;
// As stored: the history keeps a model name's first 32 characters.
const hostileEntry = (await call('GET', `/api/v1/sync-history/${hostileId}`)).body.data;
const hostileFailed = await call('POST', '/api/v1/sync', {
  model: 'customers',
  data: [{ email: markup(3), first_name: markup(4), last_name: 'Markup' }],
});
assert.equal(hostileFailed.status, 400);

// Some history: successful syncs, a failed one (its second record has a bad email).
for (let i = 0; i < 3; i++) {
  const ok = await call('POST', '/api/v1/sync', {
    model: 'customers',
    data: [{ email: `${tag}-${i}@example.com`, first_name: 'Con', last_name: 'Sole' }],
  });
  assert.equal(ok.status, 200);
}
const failed = await call('POST', '/api/v1/sync', {
  model: 'customers',
  data: [
    { email: `${tag}-ok@example.com`, first_name: 'Good', last_name: 'Record' },
    { email: 'not-an-email', first_name: 'Bad', last_name: 'Record' },
  ],
});
assert.equal(failed.status, 400);
const failedId = (await call('GET', '/api/v1/sync-history?status=failed&size=1&payload=false')).body.data.data[0].id;

// The console subscribes to employee events once signed in; these are the others'.
const openBeforeSignIn = await openSubscriptions(base, token, 'employeeCreated');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
const problems = [];
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith('data:')) return route.continue();
    problems.push(`request outside the service: ${url}`);
    return route.abort();
  });
  const page = await context.newPage();
  // The browser reports the 401 that a wrong token gets as a console error; that one is expected.
  let wrongTokenStep = true;
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    if (wrongTokenStep && m.text().includes('status of 401')) return;
    problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (dialog) => dialog.accept());

  // A wrong token gets a clear message; the token field keeps the focus.
  await page.goto(base + '/');
  await page.fill('#token', 'wrong-token');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#login-error:not([hidden])');
  assert.match(await page.textContent('#login-error'), /Wrong token/);
  await page.screenshot({ path: `${shots}/console-login.png` });

  // The right token: the overview's counts are the API's.
  wrongTokenStep = false;
  await page.fill('#token', token);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#overview:not([hidden]) .card[data-status=total]');
  const stats = (await call('GET', '/api/v1/sync/stats')).body.data;
  for (const status of ['total', 'successful', 'failed']) {
    const shown = await page.textContent(`.card[data-status=${status}] .value`);
    assert.equal(shown.replace(/,/g, ''), String(stats[status]), `${status} card`);
  }
  assert.equal(
    await page.textContent('#by-model tr[data-model=customers] td[data-status=total]'),
    String(stats.by_model.customers.total),
  );
  await page.waitForSelector('#chart canvas');
  // Every sync of the last hour is on the chart (all of this run's are that recent).
  const note = await page.textContent('#chart-note');
  const plotted = Number(await page.getAttribute('#chart', 'data-plotted'));
  assert.equal(plotted, Number(/^(\d+) syncs/.exec(note)[1]), note);
  assert.ok(plotted >= 4, `${plotted} syncs on the chart`);
  await page.screenshot({ path: `${shots}/console-overview.png` });
  assert.equal(await page.evaluate(() => sessionStorage.length), 1);
  assert.ok(!page.url().includes(token), 'the token is not in the URL');
  assert.equal((await context.cookies()).length, 0, 'no cookie');

  // History, filtered to failed entries by keyboard-reachable controls.
  await page.click('nav a[data-view=history]');
  await page.waitForSelector('#history-table tbody tr[data-id]');
  await page.selectOption('#filters select[name=status]', 'failed');
  await page.waitForFunction(() =>
    [...document.querySelectorAll('#history-table tbody tr[data-id]')].every((r) => r.dataset.status === 'failed'),
  );
  assert.match(page.url(), /#history\?status=failed/);
  await page.screenshot({ path: `${shots}/console-history.png` });

  // The failed entry: failing record highlighted, then retried: its status changes on screen.
  await page.click(`#history-table a[href="#entry/${failedId}"]`);
  await page.waitForSelector('#payload pre.failing');
  assert.equal(await page.getAttribute('#payload pre.failing', 'data-index'), '1');
  assert.match(await page.textContent('#payload pre.failing'), /not-an-email/);
  assert.match(await page.textContent('#failure'), /index 1/);
  await page.screenshot({ path: `${shots}/console-entry.png` });
  await page.click('#retry');
  await page.waitForFunction(() => document.querySelector('dd[data-field=status]')?.textContent.includes('pending retry'));
  assert.equal((await call('GET', `/api/v1/sync-history/${failedId}`)).body.data.status, 'pending_retry');

  // Delete (confirmed in the dialog): back on the history, the entry is gone.
  await page.click('#delete');
  await page.waitForSelector('#history:not([hidden])');
  assert.equal((await call('GET', `/api/v1/sync-history/${failedId}`)).status, 404);

  // Values that are markup show as text: in the history list, an entry's fields, failure and
  // payload.
  await page.evaluate((id) => (location.hash = `#history?status=invalid`), hostileId);
  await page.waitForSelector(`#history-table tr[data-id="${hostileId}"]`);
  assert.equal(await page.textContent(`#history-table tr[data-id="${hostileId}"] td:nth-child(2)`), hostileEntry.model);
  await page.evaluate((id) => (location.hash = `#entry/${id}`), hostileId);
  await page.waitForSelector('dd[data-field=model]');
  await page.waitForFunction((model) => document.querySelector('dd[data-field=model]').textContent === model, hostileEntry.model);
  assert.equal(await page.textContent('#failure'), hostileEntry.failure_reason);
  assert.match(hostileEntry.failure_reason, /<img src=\/x onerror=/, 'the failure reason quotes the model as sent');
  assert.ok((await page.textContent('#payload')).includes('window.__xss=2'), 'the payload as text');
  await page.screenshot({ path: `${shots}/console-markup.png` });

  // Jobs: a CSV job runs to the end on screen; its failed record (markup in it) shows as text.
  const job = (await call('POST', '/api/v1/sync-jobs', { model: 'customers', atomic: false })).body.data;
  const csv = `first_name,last_name,email\nJob,Ok,${tag}-job@example.com\n"${markup(6).replaceAll('"', '""')}",Bad,not-an-email\n`;
  const uploaded = await fetch(`${base}/api/v1/sync-jobs/${job.id}/data`, {
    method: 'PUT',
    headers: { 'x-auth-token': token, 'content-type': 'text/csv' },
    body: csv,
  });
  assert.equal(uploaded.status, 200);
  assert.equal((await call('PATCH', `/api/v1/sync-jobs/${job.id}`, { state: 'upload_complete' })).status, 200);
  await page.click('nav a[data-view=jobs]');
  await page.waitForSelector(`#jobs-table tr[data-id="${job.id}"][data-state=completed]`, { timeout: 20000 });
  assert.match(await page.textContent(`#jobs-table tr[data-id="${job.id}"] td:nth-child(4)`), /100 %/);
  await page.click(`#jobs-table a[href="#job/${job.id}"]`);
  await page.waitForFunction(() => document.querySelector('#job-failed').textContent.includes('not-an-email'));
  assert.equal(await page.textContent('dd[data-field=failed]'), '1');
  assert.ok((await page.textContent('#job-failed')).includes('window.__xss=6'), 'the failed record as text');
  await page.screenshot({ path: `${shots}/console-job.png` });

  // Live: a createEmployee mutation appears in the feed, and the new history entry of a sync.
  await page.click('nav a[data-view=live]');
  await page.waitForFunction(() => document.querySelector('#live-state').textContent.startsWith('Connected'));
  await awaitOpenSubscriptions(base, token, 'employeeCreated', (open) => open > openBeforeSignIn);
  const created = await call('POST', '/graphql', {
    query: `mutation { createEmployee(data: {employeeId: "${tag}", firstName: "Live", lastName: "Event", email: "${tag}@example.com"}) { id } }`,
  });
  assert.equal(created.status, 200);
  await page.waitForSelector(`#events li:has-text("${tag}@example.com")`);
  // An employee's name that is markup, as a source system might send it, is text in the feed.
  const marked = await call('POST', '/graphql', {
    query: 'mutation ($data: CreateEmployeeInput!) { createEmployee(data: $data) { id } }',
    variables: { data: { employeeId: `${tag}-m`, firstName: markup(5), lastName: 'Markup', email: `${tag}-m@example.com` } },
  });
  assert.equal(marked.status, 200);
  assert.ok(!marked.body.errors, JSON.stringify(marked.body.errors));
  await page.waitForSelector(`#events li:has-text("${tag}-m@example.com")`);
  assert.ok((await page.textContent('#events')).includes(markup(5)), 'the employee name as text');
  await call('POST', '/api/v1/sync', { model: 'customers', data: [{ email: `${tag}-live@example.com`, first_name: 'L', last_name: 'E' }] });
  await page.waitForSelector('#new-entries li', { timeout: 15000 });
  await page.screenshot({ path: `${shots}/console-live.png` });

  // On a phone: the overview still reads.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.click('nav a[data-view=overview]');
  await page.waitForSelector('#overview:not([hidden]) .card');
  await page.waitForSelector('#chart canvas');
  // The chart is drawn again at the phone's width, when the browser gets to it.
  await page
    .waitForFunction(() => document.documentElement.scrollWidth <= window.innerWidth, null, { timeout: 10000 })
    .catch(() => {});
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px on a phone`);
  await page.screenshot({ path: `${shots}/console-phone.png`, fullPage: true });

  // None of the markup above became an element or ran.
  assert.equal(await page.evaluate(() => window.__xss), undefined, 'markup from the server ran');
  assert.equal(await page.locator('main img, main script').count(), 0, 'markup from the server became elements');

  // Sign out forgets the token.
  await page.click('#sign-out');
  await page.waitForSelector('#login:not([hidden])');
  assert.equal(await page.evaluate(() => sessionStorage.length), 0);
} finally {
  await browser.close();
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`console e2e passed; screenshots in ${shots}`);
