// The Sync Bridge console: one page over the service's own REST and GraphQL endpoints. The token
// is asked for once and kept in sessionStorage (this tab only), sent as x-auth-token; never in the
// URL or a cookie. Views are chosen by the URL's hash: #overview, #history, #entry/<id>, #live.

const TOKEN_KEY = 'sync-bridge-token';
const STATUSES = ['successful', 'failed', 'invalid', 'partial', 'pending_retry'];
const FAILED = new Set(['failed', 'invalid', 'partial']);
const PAGE_SIZE = 15;
const PAYLOAD_PREVIEW = 20_000; // characters shown before "Show all"
const POLL_MS = 5000;

const $ = (selector) => document.querySelector(selector);
const views = ['login', 'overview', 'history', 'entry', 'jobs', 'job', 'live'];
const state = {
  token: sessionStorage.getItem(TOKEN_KEY),
  models: [],
  history: { page: 1, status: '', model: '', total: 0 },
  jobs: { page: 1, refresh: null },
  chartWindow: 'hour',
  chart: null,
  lastSeenId: null,
  socket: null,
  poller: null,
};

// ---- talking to the service

class Unauthorized extends Error {}

async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { 'x-auth-token': state.token ?? '', ...(options.headers ?? {}) },
  });
  if (response.status === 401) {
    throw new Unauthorized();
  }
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok) {
    throw new Error(body?.message ?? `HTTP ${response.status}`);
  }
  return body;
}

/** Runs a view's work; a rejected token sends the user back to the token form. */
async function guarded(work) {
  try {
    await work();
  } catch (e) {
    if (e instanceof Unauthorized) {
      signOut('The token was not accepted (401 Access Denied). Enter the current one.');
    } else {
      notify(`Something went wrong: ${e.message}`);
    }
  }
}

// ---- token

function signIn(token) {
  state.token = token;
  sessionStorage.setItem(TOKEN_KEY, token);
}

function signOut(message) {
  state.token = null;
  sessionStorage.removeItem(TOKEN_KEY);
  stopLive();
  show('login');
  const error = $('#login-error');
  error.textContent = message ?? '';
  error.hidden = !message;
  $('#token').value = '';
  $('#token').focus();
}

$('#login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const token = $('#token').value.trim();
  const error = $('#login-error');
  let response;
  try {
    response = await fetch('/api/v1/sync/stats', { headers: { 'x-auth-token': token } });
  } catch (e) {
    response = null;
  }
  if (!response || !response.ok) {
    error.textContent =
      response?.status === 401
        ? 'Wrong token: the service answered 401 Access Denied.'
        : `The service cannot be reached now (${response ? response.status : 'no answer'}); try again.`;
    error.hidden = false;
    $('#token').select();
    return;
  }
  signIn(token);
  $('#login-error').hidden = true;
  startLive();
  if (!location.hash || location.hash === '#login') {
    location.hash = '#overview';
  } else {
    route();
  }
});

$('#sign-out').addEventListener('click', () => signOut());

// ---- routing

function show(view) {
  for (const name of views) {
    $(`#${name}`).hidden = name !== view;
  }
  const signedIn = view !== 'login';
  $('#nav').hidden = !signedIn;
  $('#sign-out').hidden = !signedIn;
  const current = view === 'entry' ? 'history' : view === 'job' ? 'jobs' : view;
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.dataset.view === current) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
}

function route() {
  if (!state.token) {
    signOut();
    return;
  }
  const hash = location.hash.slice(1) || 'overview';
  const entry = /^entry\/(\d+)$/.exec(hash);
  const job = /^job\/(\d+)$/.exec(hash);
  clearTimeout(state.jobs.refresh);
  if (job) {
    show('job');
    guarded(() => loadJob(Number(job[1])));
  } else if (hash.startsWith('jobs')) {
    state.jobs.page = Number(new URLSearchParams(hash.split('?')[1] ?? '').get('page') ?? 1) || 1;
    show('jobs');
    guarded(loadJobs);
  } else if (entry) {
    show('entry');
    guarded(() => loadEntry(Number(entry[1])));
  } else if (hash.startsWith('history')) {
    const params = new URLSearchParams(hash.split('?')[1] ?? '');
    state.history.status = params.get('status') ?? '';
    state.history.model = params.get('model') ?? '';
    state.history.page = Number(params.get('page') ?? 1) || 1;
    show('history');
    guarded(loadHistory);
  } else if (hash === 'live') {
    show('live');
  } else {
    show('overview');
    guarded(loadOverview);
  }
  refreshHealth();
}

window.addEventListener('hashchange', route);

function notify(message) {
  const notice = $('#notice');
  notice.textContent = message;
  notice.hidden = false;
  clearTimeout(notify.timer);
  notify.timer = setTimeout(() => (notice.hidden = true), 6000);
}

// ---- overview

async function loadOverview(withActivity = true) {
  const stats = (await api('/api/v1/sync/stats')).data;
  state.models = Object.keys(stats.by_model);
  fillModelFilter();
  const cards = $('#status-cards');
  cards.replaceChildren(
    ...['total', ...STATUSES].map((status) => {
      const card = element('div', { class: 'card', 'data-status': status });
      card.append(
        element('div', { class: 'label' }, status.replace('_', ' ')),
        element('div', { class: 'value' }, stats[status].toLocaleString('en')),
      );
      return card;
    }),
  );
  const table = $('#by-model');
  const head = element('tr', {}, element('th', {}, 'model'));
  for (const status of [...STATUSES, 'total']) {
    head.append(element('th', { class: 'num' }, status.replace('_', ' ')));
  }
  const rows = Object.entries(stats.by_model).map(([model, counts]) => {
    const row = element('tr', { 'data-model': model }, element('td', {}, model));
    for (const status of [...STATUSES, 'total']) {
      row.append(element('td', { class: 'num', 'data-status': status }, String(counts[status])));
    }
    return row;
  });
  table.replaceChildren(element('thead', {}, head), element('tbody', {}, ...rows));
  if (withActivity) {
    await loadActivity();
  }
}

/**
 * The chart and the throughput, from the history's newest entries (the API has no time range
 * query): pages of 100 without payloads, back to the start of the window or 20 pages.
 */
async function loadActivity() {
  const windowMs = state.chartWindow === 'hour' ? 3_600_000 : 86_400_000;
  const bucketMs = state.chartWindow === 'hour' ? 60_000 : 3_600_000;
  const now = Date.now();
  const since = now - windowMs;
  const entries = [];
  let complete = false;
  for (let page = 1; page <= 20; page++) {
    const data = (await api(`/api/v1/sync-history?payload=false&size=100&page=${page}`)).data;
    for (const entry of data.data) {
      if (Date.parse(entry.created_at) < since) {
        complete = true;
        break;
      }
      entries.push(entry);
    }
    if (complete || data.data.length < 100) {
      complete = true;
      break;
    }
  }
  // Buckets from the one holding the window's start to the one holding now, each labelled by
  // its start.
  const first = Math.floor(since / bucketMs) * bucketMs;
  const buckets = Math.floor((now - first) / bucketMs) + 1;
  const xs = [];
  const all = new Array(buckets).fill(0);
  const failed = new Array(buckets).fill(0);
  for (let i = 0; i < buckets; i++) {
    xs.push((first + i * bucketMs) / 1000);
  }
  for (const entry of entries) {
    const i = Math.floor((Date.parse(entry.created_at) - first) / bucketMs);
    if (i >= 0 && i < buckets) {
      all[i]++;
      if (FAILED.has(entry.status)) {
        failed[i]++;
      }
    }
  }
  $('#chart').dataset.plotted = String(all.reduce((sum, n) => sum + n, 0));
  drawChart(xs, all, failed);
  state.chartDrawnAt = Date.now();
  $('#chart-note').textContent = complete
    ? `${entries.length} syncs in the last ${state.chartWindow}.`
    : `The newest ${entries.length} syncs (the last ${state.chartWindow} holds more).`;

  const fiveMinutes = entries.filter((e) => Date.parse(e.created_at) >= now - 300_000);
  const records = fiveMinutes.reduce((sum, e) => sum + e.records, 0);
  const perSecond = records / 300;
  $('#throughput').textContent =
    perSecond >= 10
      ? `${Math.round(perSecond).toLocaleString('en')} records/s`
      : `${(records / 5).toLocaleString('en', { maximumFractionDigits: 1 })} records/min`;
  $('#throughput-detail').textContent =
    `${records.toLocaleString('en')} records in ${fiveMinutes.length} syncs over the last 5 minutes.`;
}

function drawChart(xs, all, failed) {
  const container = $('#chart');
  const width = Math.max(280, container.clientWidth || 600);
  const data = [xs, all, failed];
  if (state.chart) {
    state.chart.destroy();
  }
  state.chart = new uPlot(
    {
      width,
      height: 240,
      series: [
        {},
        { label: 'syncs', stroke: '#1f5fbf', fill: 'rgba(31,95,191,0.12)' },
        { label: 'failures', stroke: '#b42318', fill: 'rgba(180,35,24,0.12)' },
      ],
      axes: [{}, { label: state.chartWindow === 'hour' ? 'per minute' : 'per hour' }],
    },
    data,
    container,
  );
}

for (const button of document.querySelectorAll('[data-window]')) {
  button.addEventListener('click', () => {
    state.chartWindow = button.dataset.window;
    for (const other of document.querySelectorAll('[data-window]')) {
      other.setAttribute('aria-pressed', String(other === button));
    }
    guarded(loadActivity);
  });
}

window.addEventListener('resize', () => {
  if (state.chart && !$('#overview').hidden) {
    state.chart.setSize({ width: Math.max(280, $('#chart').clientWidth), height: 240 });
  }
});

// ---- history

function fillModelFilter() {
  const select = $('#filters select[name=model]');
  if (select.options.length > 1 || state.models.length === 0) {
    return;
  }
  for (const model of state.models) {
    select.append(element('option', {}, model));
  }
}

async function loadHistory() {
  if (state.models.length === 0) {
    state.models = Object.keys((await api('/api/v1/sync/stats')).data.by_model);
    fillModelFilter();
  }
  const { page, status, model } = state.history;
  $('#filters select[name=status]').value = status;
  $('#filters select[name=model]').value = model;
  const query = new URLSearchParams({ page, size: PAGE_SIZE, payload: 'false' });
  if (status) query.set('status', status);
  if (model) query.set('model', model);
  const data = (await api(`/api/v1/sync-history?${query}`)).data;
  state.history.total = data.total;
  const rows = data.data.map((entry) =>
    element(
      'tr',
      { 'data-id': entry.id, 'data-status': entry.status },
      element('td', {}, element('a', { href: `#entry/${entry.id}` }, `#${entry.id}`)),
      element('td', {}, entry.model),
      element('td', {}, badge(entry.status)),
      element('td', { class: 'num' }, String(entry.records)),
      element('td', { class: 'num' }, String(entry.retries)),
      element('td', { class: 'num' }, `${entry.duration_ms} ms`),
      element('td', {}, when(entry.created_at)),
    ),
  );
  if (rows.length === 0) {
    rows.push(element('tr', {}, element('td', { colspan: '7' }, 'No entries.')));
  }
  $('#history-table tbody').replaceChildren(...rows);
  const pages = Math.max(1, Math.ceil(data.total / PAGE_SIZE));
  $('#page-info').textContent = `Page ${page} of ${pages} · ${data.total.toLocaleString('en')} entries`;
  $('#prev').disabled = page <= 1;
  $('#next').disabled = page >= pages;
}

function historyHash(changes) {
  const next = { ...state.history, ...changes };
  const query = new URLSearchParams();
  if (next.status) query.set('status', next.status);
  if (next.model) query.set('model', next.model);
  if (next.page > 1) query.set('page', next.page);
  const text = query.toString();
  return text ? `#history?${text}` : '#history';
}

$('#filters').addEventListener('change', (event) => {
  location.hash = historyHash({ [event.target.name]: event.target.value, page: 1 });
});
$('#prev').addEventListener('click', () => (location.hash = historyHash({ page: state.history.page - 1 })));
$('#next').addEventListener('click', () => (location.hash = historyHash({ page: state.history.page + 1 })));

// ---- jobs

/** Jobs that have not ended are followed: the view loads itself again while one is running. */
function followWhileRunning(jobs, reload) {
  if (jobs.some((job) => ['upload_complete', 'in_progress'].includes(job.state))) {
    state.jobs.refresh = setTimeout(() => guarded(reload), 2000);
  }
}

function progress(job) {
  const share = job.bytes_uploaded > 0 ? job.bytes_processed / job.bytes_uploaded : 0;
  const percent = `${Math.floor(share * 100)} %`;
  return element(
    'span',
    {},
    element('progress', { max: '1', value: String(share), 'aria-label': `Job #${job.id}: ${percent}` }),
    ` ${percent}`,
  );
}

async function loadJobs() {
  const page = state.jobs.page;
  const data = (await api(`/api/v1/sync-jobs?page=${page}&size=${PAGE_SIZE}`)).data;
  const rows = data.data.map((job) =>
    element(
      'tr',
      { 'data-id': job.id, 'data-state': job.state },
      element('td', {}, element('a', { href: `#job/${job.id}` }, `#${job.id}`)),
      element('td', {}, job.model),
      element('td', {}, badge(job.state)),
      element('td', {}, progress(job)),
      element('td', { class: 'num' }, job.records_stored.toLocaleString('en')),
      element('td', { class: 'num' }, job.records_failed.toLocaleString('en')),
      element('td', { class: 'num' }, job.records_per_second.toLocaleString('en')),
      element('td', {}, when(job.created_at)),
    ),
  );
  if (rows.length === 0) {
    rows.push(element('tr', {}, element('td', { colspan: '8' }, 'No jobs yet.')));
  }
  $('#jobs-table tbody').replaceChildren(...rows);
  const pages = Math.max(1, Math.ceil(data.total / PAGE_SIZE));
  $('#jobs-page-info').textContent = `Page ${page} of ${pages} · ${data.total.toLocaleString('en')} jobs`;
  $('#jobs-prev').disabled = page <= 1;
  $('#jobs-next').disabled = page >= pages;
  followWhileRunning(data.data, loadJobs);
}

$('#jobs-prev').addEventListener('click', () => (location.hash = `#jobs?page=${state.jobs.page - 1}`));
$('#jobs-next').addEventListener('click', () => (location.hash = `#jobs?page=${state.jobs.page + 1}`));

const FAILED_PREVIEW_LINES = 200;

async function loadJob(id) {
  const job = (await api(`/api/v1/sync-jobs/${id}`)).data;
  $('#job-title').textContent = `Job #${job.id}`;
  const fields = [
    ['State', badge(job.state)],
    ['Model', job.model],
    ['Progress', progress(job)],
    ['Read', job.records_read.toLocaleString('en')],
    ['Stored', job.records_stored.toLocaleString('en')],
    ['Failed', job.records_failed.toLocaleString('en')],
    ['Records/s', job.records_per_second.toLocaleString('en')],
    ['Format', job.format ?? '–'],
    ['Error', job.error ?? '–'],
    ['Created', when(job.created_at)],
    ['Finished', job.finished_at ? when(job.finished_at) : '–'],
  ];
  $('#job-fields').replaceChildren(
    ...fields.flatMap(([name, value]) => [element('dt', {}, name), element('dd', { 'data-field': name.toLowerCase() }, value)]),
  );
  const response = await fetch(`/api/v1/sync-jobs/${id}/failed-records`, {
    headers: { 'x-auth-token': state.token ?? '' },
  });
  if (!response.ok) {
    $('#job-failed').textContent = (await response.json()).message;
    $('#job-failed-note').textContent = '';
    return;
  }
  const lines = (await firstLines(response, FAILED_PREVIEW_LINES + 1)).filter((line) => line);
  // A CSV result starts with its header row.
  const records = job.format === 'csv' ? lines.length - 1 : lines.length;
  $('#job-failed').textContent = records > 0 ? lines.slice(0, FAILED_PREVIEW_LINES).join('\n') : 'None.';
  $('#job-failed-note').textContent =
    lines.length > FAILED_PREVIEW_LINES
      ? `The first ${FAILED_PREVIEW_LINES} lines; all of them: GET /api/v1/sync-jobs/${id}/failed-records`
      : '';
  followWhileRunning([job], () => loadJob(id));
}

/** The first lines of a response, read only as far as needed: a job's results may be large. */
async function firstLines(response, count) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (text.split('\n').length <= count) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  reader.cancel();
  return text.split('\n').slice(0, count);
}

// ---- one entry

async function loadEntry(id) {
  let entry;
  try {
    entry = (await api(`/api/v1/sync-history/${id}`)).data;
  } catch (e) {
    if (e instanceof Unauthorized) throw e;
    $('#entry-title').textContent = `Entry #${id}`;
    $('#entry-fields').replaceChildren(element('dd', {}, e.message));
    $('#payload').replaceChildren();
    $('#failure').textContent = '';
    $('#retry').disabled = true;
    $('#delete').disabled = true;
    return;
  }
  $('#entry-title').textContent = `Entry #${entry.id}`;
  const fields = [
    ['Status', badge(entry.status)],
    ['Model', entry.model],
    ['Records', String(entry.records)],
    ['Retries', String(entry.retries)],
    ['Duration', `${entry.duration_ms} ms`],
    ['Request id', entry.request_id ?? '–'],
    ['Created', when(entry.created_at)],
    ['Updated', when(entry.updated_at)],
  ];
  $('#entry-fields').replaceChildren(
    ...fields.flatMap(([name, value]) => [element('dt', {}, name), element('dd', { 'data-field': name.toLowerCase() }, value)]),
  );
  $('#failure').textContent = entry.failure_reason ?? 'None.';
  $('#retry').disabled = !(entry.status === 'failed' || entry.status === 'partial');
  $('#delete').disabled = false;
  $('#retry').onclick = () => guarded(() => retry(entry.id));
  $('#delete').onclick = () => guarded(() => remove(entry.id));
  renderPayload(entry.payload ?? '', failingIndex(entry.failure_reason), false);
}

/** The index a failure reason names ("Record at index 3, field 'email': …"), or -1. */
function failingIndex(reason) {
  const match = /Record at index (\d+)/.exec(reason ?? '');
  return match ? Number(match[1]) : -1;
}

/** The payload pretty-printed record by record, the failing one highlighted; long ones cut. */
function renderPayload(payload, failing, showAll) {
  const container = $('#payload');
  const more = $('#show-all');
  let records;
  try {
    records = JSON.parse(payload);
  } catch {
    records = null;
  }
  const blocks = [];
  let shown = 0;
  let cut = false;
  const items = Array.isArray(records) ? records : [records ?? payload];
  for (let i = 0; i < items.length; i++) {
    const text = typeof items[i] === 'string' && !Array.isArray(records) ? items[i] : JSON.stringify(items[i], null, 2);
    if (!showAll && shown + text.length > PAYLOAD_PREVIEW && i !== failing) {
      cut = true;
      continue;
    }
    shown += text.length;
    if (Array.isArray(records)) {
      blocks.push(element('div', { class: 'record-label' }, `[${i}]${i === failing ? ' ← failed' : ''}`));
    }
    blocks.push(element('pre', { class: i === failing ? 'failing' : '', 'data-index': i }, text));
  }
  container.replaceChildren(...blocks);
  more.hidden = !cut;
  more.textContent = `Show all ${items.length.toLocaleString('en')} records (${payload.length.toLocaleString('en')} characters)`;
  more.onclick = () => renderPayload(payload, failing, true);
  container.querySelector('pre.failing')?.scrollIntoView({ block: 'nearest' });
}

async function retry(id) {
  const answer = await api(`/api/v1/sync-history/retry/${id}`, { method: 'POST' });
  notify(answer.message);
  await loadEntry(id);
}

async function remove(id) {
  if (!confirm(`Delete history entry #${id}? This cannot be undone.`)) {
    return;
  }
  const response = await fetch(`/api/v1/sync-history/${id}`, {
    method: 'DELETE',
    headers: { 'x-auth-token': state.token },
  });
  if (response.status === 401) throw new Unauthorized();
  if (response.status !== 204) {
    throw new Error(`delete answered ${response.status}`);
  }
  notify(`Entry #${id} deleted.`);
  location.hash = historyHash({});
}

// ---- live

const SUBSCRIPTIONS = {
  created: 'subscription { employeeCreated { id fullName email } }',
  updated: 'subscription { employeeUpdated { id fullName email } }',
  deleted: 'subscription { employeeDeleted }',
};

function startLive() {
  stopLive();
  connect();
  // The next poll is planned when one ends, so that slow answers never make them pile up.
  const poll = async () => {
    await guarded(pollHistory);
    if (state.token) {
      state.poller = setTimeout(poll, POLL_MS);
    }
  };
  poll();
}

function stopLive() {
  clearTimeout(state.poller);
  state.poller = null;
  if (state.socket) {
    state.socket.onclose = null;
    state.socket.close(1000);
    state.socket = null;
  }
}

/** graphql-transport-ws: init with the token, then the three employee subscriptions. */
function connect() {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
  const socket = new WebSocket(url, 'graphql-transport-ws');
  state.socket = socket;
  socket.onopen = () => socket.send(JSON.stringify({ type: 'connection_init', payload: { 'x-auth-token': state.token } }));
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.type === 'connection_ack') {
      $('#live-state').textContent = 'Connected: employee events appear here as they happen.';
      for (const [id, query] of Object.entries(SUBSCRIPTIONS)) {
        socket.send(JSON.stringify({ type: 'subscribe', id, payload: { query } }));
      }
    } else if (message.type === 'ping') {
      socket.send(JSON.stringify({ type: 'pong' }));
    } else if (message.type === 'next') {
      const data = message.payload.data ?? {};
      const employee = data.employeeCreated ?? data.employeeUpdated;
      const text = employee
        ? `${employee.fullName} <${employee.email}> (#${employee.id})`
        : `employee #${data.employeeDeleted}`;
      addToFeed('#events', `${message.id}: ${text}`, message.id);
    }
  };
  socket.onclose = (event) => {
    state.socket = null;
    if (event.code === 4403) {
      signOut('The token was not accepted for live events.');
      return;
    }
    $('#live-state').textContent = `Disconnected (${event.code}); reconnecting…`;
    setTimeout(() => state.token && !state.socket && connect(), 3000);
  };
}

/** New history entries since the last look, in the Live view and in an unfiltered first page. */
async function pollHistory() {
  const newest = (await api('/api/v1/sync-history?payload=false&size=20')).data.data;
  if (state.lastSeenId === null) {
    state.lastSeenId = newest.length ? newest[0].id : 0;
    return;
  }
  const fresh = newest.filter((e) => e.id > state.lastSeenId).reverse();
  if (fresh.length === 0) {
    return;
  }
  state.lastSeenId = fresh[fresh.length - 1].id;
  for (const entry of fresh) {
    addToFeed('#new-entries', `#${entry.id} ${entry.model}: ${entry.status}, ${entry.records} records`, entry.status, entry.id);
  }
  const { page, status, model } = state.history;
  if (!$('#history').hidden && page === 1 && !status && !model) {
    await loadHistory();
  }
  if (!$('#overview').hidden) {
    // The counts at once; the chart at most once a minute (it reads up to 20 history pages).
    const chartDue = Date.now() - (state.chartDrawnAt ?? 0) > 60_000;
    await loadOverview(chartDue);
  }
}

function addToFeed(list, text, kind, id) {
  const item = element('li', { 'data-kind': kind });
  item.append(element('time', {}, new Date().toLocaleTimeString('en-GB')));
  item.append(id ? element('a', { href: `#entry/${id}` }, text) : text);
  const feed = $(list);
  feed.prepend(item);
  while (feed.children.length > 100) {
    feed.lastChild.remove();
  }
}

// ---- health

async function refreshHealth() {
  try {
    const response = await fetch('/api/v1/healthz');
    const data = (await response.json()).data;
    $('#health').replaceChildren(
      element('span', { class: data.read ? 'up' : 'down' }, `read ${data.read ? 'ok' : 'failing'}`),
      ' · ',
      element('span', { class: data.write ? 'up' : 'down' }, `write ${data.write ? 'ok' : 'failing'}`),
    );
  } catch {
    $('#health').replaceChildren(element('span', { class: 'down' }, 'service unreachable'));
  }
}
setInterval(() => state.token && refreshHealth(), 15_000);

// ---- helpers

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== '' && value !== undefined && value !== null) node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

function badge(status) {
  return element('span', { class: `badge ${status}` }, status.replace('_', ' '));
}

function when(iso) {
  const date = new Date(iso);
  return element('time', { datetime: iso, title: iso }, date.toLocaleString('en-GB'));
}

// ---- start

if (state.token) {
  startLive();
}
route();
