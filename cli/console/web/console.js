// The mmoctl console (docs/console.md). Everything it shows comes from the set's nodes through the console's
// proxy (/proxy/<region>/<node path>, answered as {"region","status","body"} or {"status":0,"error"} when
// the node cannot be reached), polled every second. No storage: the admin tokens live in this page only.
'use strict';

const CELLS = 64;          // the map is CELLS x CELLS cells
const CELL_PX = 6;
const POLL_MS = 1000;
const FEED_ROWS = 30;
const BLOCK_TYPES = ['air', 'stone', 'dirt', 'grass', 'sand', 'water', 'wood', 'leaves', 'glass', 'brick',
  'cobblestone', 'planks', 'gravel', 'snow', 'ice', 'lava'];
const COLOURS = ['#ffffff', '#8a8d91', '#8b5a2b', '#4caf50', '#e8d28a', '#3f7fd8', '#a0522d', '#2e7d32',
  '#bfe9f5', '#b0413e', '#6e6e6e', '#c8a165', '#9e9e9e', '#f4f8fb', '#9fd8ef', '#ff5a1f'];

const page = {
  regions: [],           // [{region, alias}] from /console/set
  data: {},              // region -> {up, ready, readyReason, status, sync, digest, cells: Map}
  tokens: {},            // region -> admin token (memory only)
  view: {x0: -32, y0: -32},
  zeroLagAt: {},         // "src>dst" -> the last time the pair had no lag (ms)
  feed: [],
  polls: 0,
  errors: 0,
  renderedRegions: '',
};

// Every error of the page is counted where tests (and people) can see it.
function countError() {
  page.errors += 1;
  document.body.dataset.consoleErrors = String(page.errors);
}
window.addEventListener('error', countError);
window.addEventListener('unhandledrejection', countError);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key.startsWith('data-')) node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of children) node.append(child);
  return node;
}

async function getJson(url) {
  const response = await fetch(url, {cache: 'no-store'});
  return response.json();
}

// A node call through the console: the node's status and body, or status 0 when it is unreachable.
async function node(region, path, init) {
  try {
    const response = await fetch('/proxy/' + encodeURIComponent(region) + path, Object.assign({cache: 'no-store'}, init));
    if (!response.ok) {
      const body = await response.json().catch(() => null);
      return {status: 0, error: body && body.error ? body.error.message : 'HTTP ' + response.status};
    }
    return await response.json();
  } catch (e) {
    return {status: 0, error: String(e)};
  }
}

function viewChunks() {
  const chunks = [];
  for (let cy = Math.floor(page.view.y0 / 32); cy <= Math.floor((page.view.y0 + CELLS - 1) / 32); cy++)
    for (let cx = Math.floor(page.view.x0 / 32); cx <= Math.floor((page.view.x0 + CELLS - 1) / 32); cx++)
      chunks.push([cx, cy]);
  return chunks;
}

function setView(x, y) {
  // Chunk-aligned, so the 64 x 64 cells are four whole chunks, with the point at least 16 cells from an edge.
  page.view = {x0: 32 * Math.round(x / 32) - 32, y0: 32 * Math.round(y / 32) - 32};
  document.getElementById('view-range').textContent =
    'x ' + page.view.x0 + '..' + (page.view.x0 + CELLS - 1) + ', y ' + page.view.y0 + '..' + (page.view.y0 + CELLS - 1);
}

async function pollRegion(region) {
  const chunks = viewChunks();
  const [ready, status, sync, digest, recent, ...chunkAnswers] = await Promise.all([
    node(region, '/readyz'), node(region, '/api/status'), node(region, '/api/sync/status'),
    node(region, '/api/world/digest'), node(region, '/api/sync/recent?limit=' + FEED_ROWS),
    ...chunks.map(([cx, cy]) => node(region, '/api/world/chunk?cx=' + cx + '&cy=' + cy))]);
  const up = status.status === 200;
  const cells = new Map();
  let complete = up;
  for (const answer of chunkAnswers) {
    if (answer.status !== 200) { complete = false; continue; }
    for (const c of answer.body.cells) cells.set(c.x + ',' + c.y, c);
  }
  return {
    up,
    error: up ? '' : (status.error || 'HTTP ' + status.status),
    ready: ready.status === 200,
    readyReason: ready.body && ready.body.reason ? ready.body.reason : '',
    status: up ? status.body : null,
    sync: sync.status === 200 ? sync.body : null,
    digest: digest.status === 200 ? digest.body : null,
    recent: recent.status === 200 ? recent.body.changes : [],
    cells: complete ? cells : null,
  };
}

function text(value) {
  return value === undefined || value === null ? '-' : String(value);
}

function renderCards() {
  const cards = document.getElementById('cards');
  cards.replaceChildren(...page.regions.map(({region}) => {
    const d = page.data[region];
    const up = d && d.up;
    const sync = d && d.sync;
    const applied = sync ? Object.entries(sync.sources).map(([src, s]) => src + ' ' + s.applied_batch_seq_str).join(', ') || 'none' : '-';
    const pending = sync ? sync.pending_changes + sync.unpublished_changes : null;
    return el('div', {className: 'card', 'data-region': region, 'data-state': up ? 'up' : 'down', 'data-ready': d && d.ready ? 'yes' : 'no'},
      el('h3', {}, region + ' ', el('span', {className: 'badge'}, !d ? '...' : !up ? 'down' : d.ready ? 'ready' : 'not ready')),
      el('dl', {},
        el('dt', {}, 'state'), el('dd', {className: 'state'}, !d ? '...' : !up ? 'down: ' + d.error : d.ready ? 'ready' : 'not ready: ' + d.readyReason),
        el('dt', {}, 'NATS'), el('dd', {}, up ? (d.status.nats.connected ? 'connected' : 'disconnected') : '-'),
        el('dt', {}, 'players online'), el('dd', {}, up ? text(d.status.players_online) : '-'),
        el('dt', {}, 'outbox pending'), el('dd', {}, text(pending)),
        el('dt', {}, 'last published'), el('dd', {}, sync ? sync.last_published_batch_seq_str : '-'),
        el('dt', {}, 'last applied'), el('dd', {}, applied),
        el('dt', {}, 'digest'), el('dd', {}, d && d.digest ? d.digest.digest + ' (' + d.digest.blocks + ' blocks)' : '-')));
  }));
  document.body.dataset.regionsUp = String(page.regions.filter(({region}) => page.data[region] && page.data[region].up).length);
}

function renderMatrix(now) {
  const names = page.regions.map((r) => r.region);
  const head = el('tr', {}, el('th', {}, 'source \\ destination'), ...names.map((n) => el('th', {}, n)));
  let maxLag = 0;
  const rows = names.map((src) => el('tr', {}, el('th', {}, src), ...names.map((dst) => {
    const s = page.data[src];
    const d = page.data[dst];
    const key = src + '>' + dst;
    if (!s || !s.sync || !d || !d.sync) return el('td', {'data-source': src, 'data-destination': dst, 'data-lag': 'unknown'}, '?');
    const published = BigInt(s.sync.last_published_batch_seq_str);
    const source = d.sync.sources[src];
    const applied = source ? BigInt(source.applied_batch_seq_str) : 0n;
    const lag = published > applied ? Number(published - applied) : 0;
    if (lag === 0 || page.zeroLagAt[key] === undefined) page.zeroLagAt[key] = now;
    const seconds = lag === 0 ? 0 : (now - page.zeroLagAt[key]) / 1000;
    maxLag = Math.max(maxLag, lag);
    return el('td', {'data-source': src, 'data-destination': dst, 'data-lag': lag > 0 ? 'behind' : 'none',
      'data-lag-batches': String(lag), 'data-lag-seconds': seconds.toFixed(1)},
      lag + ' / ' + seconds.toFixed(1) + ' s');
  })));
  document.getElementById('matrix').replaceChildren(head, ...rows);
  document.body.dataset.maxLag = String(maxLag);
}

function cellState(cell) {
  return cell ? cell.type + '@' + cell.hlc_str + '@' + cell.origin_region : '0@0@';
}

// Cells (in the view) where the reachable regions do not hold the same state.
function disagreements() {
  const reachable = page.regions.map((r) => page.data[r.region]).filter((d) => d && d.cells);
  const keys = new Set();
  for (const d of reachable) for (const key of d.cells.keys()) keys.add(key);
  const differing = new Set();
  for (const key of keys) {
    const states = new Set(reachable.map((d) => cellState(d.cells.get(key))));
    if (states.size > 1) differing.add(key);
  }
  return differing;
}

function ensureMaps() {
  const names = page.regions.map((r) => r.region).join(',');
  if (names === page.renderedRegions) return;
  page.renderedRegions = names;
  const maps = document.getElementById('maps');
  maps.replaceChildren(...page.regions.map(({region}) => {
    const canvas = el('canvas', {width: CELLS * CELL_PX, height: CELLS * CELL_PX});
    canvas.addEventListener('mousemove', (event) => showCell(region, canvas, event));
    canvas.addEventListener('mouseleave', () => { document.getElementById('tooltip').hidden = true; });
    return el('div', {className: 'map', 'data-region': region}, el('h3', {}, region), canvas);
  }));
  const select = document.getElementById('place-region');
  select.replaceChildren(...page.regions.map(({region}) => el('option', {value: region}, region)));
}

function showCell(region, canvas, event) {
  const rect = canvas.getBoundingClientRect();
  const x = page.view.x0 + Math.floor((event.clientX - rect.left) / CELL_PX);
  const y = page.view.y0 + Math.floor((event.clientY - rect.top) / CELL_PX);
  const d = page.data[region];
  const cell = d && d.cells ? d.cells.get(x + ',' + y) : null;
  const tip = document.getElementById('tooltip');
  tip.textContent = '(' + x + ', ' + y + ') in ' + region + ': ' +
    (!d || !d.cells ? 'unknown (region down)' : cell ? cell.block_type + ' from ' + cell.origin_region + ', hlc ' + cell.hlc_str : 'never set');
  tip.style.left = (event.clientX + 12) + 'px';
  tip.style.top = (event.clientY + 12) + 'px';
  tip.hidden = false;
}

function renderMaps(differing) {
  ensureMaps();
  for (const map of document.querySelectorAll('.map')) {
    const region = map.dataset.region;
    const d = page.data[region];
    const canvas = map.querySelector('canvas');
    const g = canvas.getContext('2d');
    g.fillStyle = COLOURS[0];
    g.fillRect(0, 0, canvas.width, canvas.height);
    g.strokeStyle = '#eef0f4';
    g.lineWidth = 1;
    for (let i = 32 - ((page.view.x0 % 32) + 32) % 32; i < CELLS; i += 32) {
      g.beginPath(); g.moveTo(i * CELL_PX + 0.5, 0); g.lineTo(i * CELL_PX + 0.5, canvas.height); g.stroke();
    }
    for (let i = 32 - ((page.view.y0 % 32) + 32) % 32; i < CELLS; i += 32) {
      g.beginPath(); g.moveTo(0, i * CELL_PX + 0.5); g.lineTo(canvas.width, i * CELL_PX + 0.5); g.stroke();
    }
    let blocks = 0;
    let outlined = 0;
    if (d && d.cells) {
      for (const cell of d.cells.values()) {
        if (cell.type === 0) continue;
        blocks += 1;
        g.fillStyle = COLOURS[cell.type] || '#000000';
        g.fillRect((cell.x - page.view.x0) * CELL_PX, (cell.y - page.view.y0) * CELL_PX, CELL_PX, CELL_PX);
      }
      g.strokeStyle = '#e0201c';
      g.lineWidth = 2;
      for (const key of differing) {
        const [x, y] = key.split(',').map(Number);
        g.strokeRect((x - page.view.x0) * CELL_PX - 1, (y - page.view.y0) * CELL_PX - 1, CELL_PX + 2, CELL_PX + 2);
        outlined += 1;
      }
    }
    map.dataset.state = d && d.up ? 'up' : 'down';
    map.dataset.blocks = String(blocks);
    map.dataset.disagreements = String(outlined);
    map.querySelector('h3').textContent = region + (d && d.up ? ' (' + blocks + ' blocks in view' + (outlined ? ', ' + outlined + ' differ' : '') + ')' : ' (down)');
  }
  document.body.dataset.disagreements = String(differing.size);
  document.body.dataset.disagreeCells = [...differing].slice(0, 50).join(';');
}

// The latest changes every region applied (GET /api/sync/recent), newest first, with the latency the
// region measured: applied there minus written (the physical part of the HLC).
function updateFeed() {
  const rows = [];
  for (const {region} of page.regions) {
    const d = page.data[region];
    if (!d || !d.up) continue;
    for (const c of d.recent) rows.push(Object.assign({region}, c));
  }
  rows.sort((a, b) => (a.applied_at < b.applied_at ? 1 : a.applied_at > b.applied_at ? -1 : 0));
  page.feed = rows.slice(0, FEED_ROWS);
  const body = document.querySelector('#feed tbody');
  body.replaceChildren(...page.feed.map((f) => el('tr', {'data-region': f.region, 'data-origin': f.origin_region},
    el('td', {}, f.applied_at.slice(11, 23)), el('td', {}, f.region), el('td', {}, f.x + ', ' + f.y),
    el('td', {}, f.block_type), el('td', {}, f.origin_region),
    el('td', {}, f.origin_region === f.region ? 'local' : f.latency_ms + ' ms'))));
  document.body.dataset.feedRows = String(page.feed.length);
}

async function poll() {
  try {
    const set = await getJson('/console/set');
    page.regions = set.regions;
    document.body.dataset.regions = String(set.regions.length);
    document.getElementById('set-info').textContent = set.running
      ? set.regions.length + ' regions, state ' + set.state_dir + (set.chaos ? ', through the chaos proxy' : '')
      : 'no set runs in ' + set.state_dir + ' (mmoctl up)';
    const link = document.getElementById('prometheus-link');
    if (set.prometheus_url) { link.href = set.prometheus_url + 'graph'; link.hidden = false; } else link.hidden = true;
    const answers = await Promise.all(set.regions.map((r) => pollRegion(r.region)));
    const now = Date.now();
    set.regions.forEach((r, i) => { page.data[r.region] = answers[i]; });
    renderCards();
    renderMatrix(now);
    renderMaps(disagreements());
    updateFeed();
    page.polls += 1;
    document.body.dataset.polls = String(page.polls);
    document.body.dataset.updated = new Date(now).toISOString();
  } catch (e) {
    document.getElementById('set-info').textContent = 'the console does not answer: ' + e;
  }
  setTimeout(poll, POLL_MS);
}

async function login(event) {
  event.preventDefault();
  const user = document.getElementById('login-user').value;
  const password = document.getElementById('login-password');
  const result = document.getElementById('login-result');
  result.textContent = 'logging in...';
  const body = JSON.stringify({username: user, password: password.value});
  password.value = '';
  const answers = await Promise.all(page.regions.map((r) => node(r.region, '/api/auth/login',
    {method: 'POST', headers: {'Content-Type': 'application/json'}, body})));
  const failed = [];
  page.regions.forEach((r, i) => {
    const a = answers[i];
    if (a.status === 200 && a.body.token) page.tokens[r.region] = a.body.token;
    else failed.push(r.region + ': ' + (a.body && a.body.error ? a.body.error.message : a.error || 'HTTP ' + a.status));
  });
  const count = Object.keys(page.tokens).length;
  result.textContent = 'logged in to ' + count + ' region(s)' + (failed.length ? '; refused: ' + failed.join('; ') : '');
  result.className = failed.length ? 'error' : 'muted';
  document.getElementById('place-form').hidden = count === 0;
}

async function place(event) {
  event.preventDefault();
  const region = document.getElementById('place-region').value;
  const result = document.getElementById('place-result');
  const token = page.tokens[region];
  if (!token) { result.textContent = 'not logged in to ' + region; result.className = 'error'; return; }
  const data = {x: Number(document.getElementById('place-x').value), y: Number(document.getElementById('place-y').value),
    block_type: document.getElementById('place-type').value};
  const a = await node(region, '/api/admin/events/send', {method: 'POST',
    headers: {'Content-Type': 'application/json', 'Authorization': 'Bearer ' + token},
    body: JSON.stringify({event_type: 'BlockEvent', data})});
  if (a.status === 202) {
    result.textContent = region + ' accepted ' + a.body.event_id;
    result.className = 'muted';
  } else {
    result.textContent = region + ': ' + (a.body && a.body.error ? a.body.error.message : a.error || 'HTTP ' + a.status);
    result.className = 'error';
  }
}

function start() {
  const params = new URLSearchParams(location.search);
  const x = Number(params.get('x') || 0);
  const y = Number(params.get('y') || 0);
  document.getElementById('view-x').value = String(x);
  document.getElementById('view-y').value = String(y);
  setView(x, y);
  document.getElementById('view-form').addEventListener('submit', (event) => {
    event.preventDefault();
    setView(Number(document.getElementById('view-x').value), Number(document.getElementById('view-y').value));
  });
  document.getElementById('place-type').replaceChildren(...BLOCK_TYPES.map((t) => el('option', {value: t}, t)));
  document.getElementById('place-type').value = 'stone';
  document.getElementById('legend').replaceChildren(...BLOCK_TYPES.slice(1).map((t, i) => {
    const swatch = el('span', {className: 'swatch'});
    swatch.style.background = COLOURS[i + 1];
    return el('span', {}, swatch, t);
  }));
  document.getElementById('login-form').addEventListener('submit', login);
  document.getElementById('place-form').addEventListener('submit', place);
  document.getElementById('logout').addEventListener('click', () => {
    page.tokens = {};
    document.getElementById('place-form').hidden = true;
    document.getElementById('login-result').textContent = 'logged out';
  });
  poll();
}

start();
