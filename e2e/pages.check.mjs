// Headless Chromium (Debian's, through playwright-core) opens GraphiQL and Swagger UI on a running
// Sync Bridge and checks that they render with no internet: every request the pages make goes to
// the service itself, and the browser console shows no error. In GraphiQL it runs a query with the
// token in the headers pane, in Swagger UI it authorizes with the token and runs one call; neither
// keeps the token in storage or a cookie. Screenshots go to SCREENSHOTS (default ../target/screenshots).
//   BASE_URL=http://127.0.0.1:8000 APP_AUTH_TOKEN=… node pages.check.mjs
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

const base = process.env.BASE_URL ?? 'http://127.0.0.1:8000';
const token = process.env.APP_AUTH_TOKEN;
const shots = process.env.SCREENSHOTS ?? new URL('../target/screenshots/', import.meta.url).pathname;
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
if (!token) throw new Error('APP_AUTH_TOKEN is required');
mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
const failures = [];
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // No internet: a request to anywhere but the service fails the check (and is not sent).
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith('data:') || url.startsWith('blob:')) {
      return route.continue();
    }
    failures.push(`request outside the service: ${url}`);
    return route.abort();
  });

  // The pages send the token they were given and keep it nowhere: not in storage, not in a cookie.
  async function tokenNotStored(page, name) {
    const stored = await page.evaluate(() => JSON.stringify([{ ...localStorage }, { ...sessionStorage }, document.cookie]));
    if (stored.includes(token)) failures.push(`${name} keeps the token in storage: ${stored.slice(0, 200)}`);
    if ((await context.cookies()).some((c) => c.value.includes(token))) failures.push(`${name} keeps the token in a cookie`);
  }

  async function open(path, name, ready) {
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') failures.push(`${name}: console error: ${m.text()}`);
    });
    page.on('pageerror', (e) => failures.push(`${name}: page error: ${e.message}`));
    page.on('response', (r) => {
      // The API's own 401 before authorizing is expected; a missing asset is not.
      if (r.status() >= 400 && !r.url().includes('/api/')) {
        failures.push(`${name}: ${r.status()} for ${r.url()}`);
      }
    });
    await page.goto(base + path, { waitUntil: 'networkidle' });
    await page.waitForSelector(ready, { timeout: 20000 });
    return page;
  }

  // GraphiQL: the editor renders; a query with the token in the headers pane returns data.
  const graphiql = await open('/graphql', 'GraphiQL', '.graphiql-container');
  await graphiql.screenshot({ path: `${shots}/graphiql.png` });
  console.log('GraphiQL rendered');
  // The headers pane is the editor that starts with the token header to fill in.
  await graphiql.evaluate((value) => {
    const headers = [...document.querySelectorAll('.CodeMirror')].find((e) => e.CodeMirror?.getValue().includes('x-auth-token'));
    headers.CodeMirror.setValue(JSON.stringify({ 'x-auth-token': value }));
  }, token);
  await graphiql.click('.graphiql-execute-button');
  await graphiql.waitForFunction(
    () => document.querySelector('.result-window .CodeMirror')?.CodeMirror.getValue().includes('"employees"'),
    null,
    { timeout: 20000 },
  );
  console.log('GraphiQL ran a query with the token');
  await tokenNotStored(graphiql, 'GraphiQL');

  // Swagger UI: the document loads, Authorize takes the token, one call runs through the page.
  const swagger = await open('/swagger-ui.html', 'Swagger UI', '.swagger-ui .info .title');
  const title = await swagger.textContent('.swagger-ui .info .title');
  if (!title.includes('Sync Bridge')) failures.push(`Swagger UI title is "${title}"`);
  await swagger.click('button.authorize');
  await swagger.fill('.auth-container input', token);
  await swagger.click('.auth-btn-wrapper button.authorize');
  await swagger.click('button.btn-done');
  await swagger.click('#operations-history-stats .opblock-summary-control');
  await swagger.click('#operations-history-stats button.try-out__btn');
  await swagger.click('#operations-history-stats button.execute');
  const status = await swagger.waitForSelector(
    '#operations-history-stats .live-responses-table tbody .response-col_status',
    { timeout: 20000 },
  );
  const code = (await status.textContent()).trim().slice(0, 3);
  if (code !== '200') failures.push(`Swagger UI "Try it out" of /api/v1/sync/stats answered ${code}`);
  await swagger.screenshot({ path: `${shots}/swagger-ui.png`, fullPage: false });
  console.log(`Swagger UI rendered; authorized call answered ${code}`);
  await tokenNotStored(swagger, 'Swagger UI');
} finally {
  await browser.close();
}
if (failures.length > 0) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log(`pages check passed; screenshots in ${shots}`);
