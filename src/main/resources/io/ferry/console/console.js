// Ferry's operator console: reads the operator interface (same host and port) and shows runs, the dead letter and
// the vendors. Every value from Ferry goes into the page as text (textContent), never as markup: a record's name is
// untrusted input.
'use strict';

const OUTCOMES = ['created', 'updated', 'unchanged', 'parked', 'rejected', 'failed', 'would-create', 'would-update'];
const REFRESH_MS = 5000;
const WINDOW_MS = 5 * 60 * 1000;
const vendorSamples = {};
let refreshing = false;

function token() {
  return sessionStorage.getItem('ferry-operator-token');
}

// A call to the operator interface; a 401 asks for the token.
async function api(path, options = {}) {
  const headers = Object.assign({}, options.headers || {});
  if (token()) {
    headers.Authorization = 'Bearer ' + token();
  }
  const response = await fetch(path, Object.assign({}, options, {headers}));
  if (response.status === 401) {
    document.getElementById('token').hidden = false;
    status('the operator token is needed');
    throw new Error('unauthorized');
  }
  if (!response.ok) {
    throw new Error(path + ': HTTP ' + response.status);
  }
  // Signed in (or no token needed): a call answered before the token was given may have shown the form.
  document.getElementById('token').hidden = true;
  return response;
}

async function json(path, options) {
  return (await api(path, options)).json();
}

// An element with attributes and children; strings become text nodes.
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'onclick') {
      node.addEventListener('click', value);
    } else if (value !== null && value !== undefined) {
      node.setAttribute(name, value);
    }
  }
  for (const child of children) {
    if (child !== null && child !== undefined) {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
  return node;
}

function status(text) {
  document.getElementById('status').textContent = text;
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

function duration(seconds) {
  if (seconds < 60) {
    return seconds.toFixed(1) + ' s';
  }
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? minutes + ' min ' + Math.round(seconds % 60) + ' s'
      : Math.floor(minutes / 60) + ' h ' + (minutes % 60) + ' min';
}

// The outcomes of a run as a small stacked bar, with the numbers under it.
function bar(counts, total) {
  const stack = el('div', {class: 'bar', title: OUTCOMES.filter(o => counts[o]).map(o => o + ' ' + counts[o]).join(', ')});
  const line = el('div', {class: 'counts'});
  for (const outcome of OUTCOMES) {
    const count = counts[outcome] || 0;
    if (count > 0) {
      stack.append(el('span', {class: outcome, style: null, 'data-outcome': outcome}));
      stack.lastChild.style.width = (100 * count / Math.max(total, 1)) + '%';
      line.append(el('span', {'data-count': outcome}, outcome + ' ' + count.toLocaleString() + '  '));
    }
  }
  return el('div', {}, stack, line);
}

function replaceRows(table, rows) {
  const body = document.querySelector(table + ' tbody');
  body.replaceChildren(...rows);
}

async function showRuns() {
  const query = new URLSearchParams({limit: '100'});
  const source = document.getElementById('runs-source').value.trim();
  const state = document.getElementById('runs-state').value;
  const date = document.getElementById('runs-date').value;
  if (source) query.set('source', source);
  if (state) query.set('state', state);
  if (date) query.set('date', date);
  const page = await json('/runs?' + query);
  replaceRows('#runs-table', page.runs.map(run => {
    const row = el('tr', {class: 'link', 'data-run': run.id, onclick: () => { location.hash = '#run/' + run.id; }},
        el('td', {}, String(run.id)),
        el('td', {}, run.source),
        el('td', {}, run.input + (run.dryRun ? ' (dry run)' : '')),
        el('td', {}, when(run.started)),
        el('td', {}, duration(run.seconds)),
        el('td', {class: 'state-' + run.state},
            run.state === 'running' ? 'running, ' + run.total.toLocaleString() + ' so far' : run.state),
        el('td', {}, bar(run.counts, run.total)));
    return row;
  }));
  status(page.total + ' runs');
}

async function showRun(id) {
  const run = await json('/runs/' + encodeURIComponent(id));
  document.getElementById('run-title').textContent = 'Run ' + run.id + ': ' + run.input;
  const facts = document.getElementById('run-facts');
  facts.replaceChildren();
  for (const [name, value] of [['source', run.source], ['target', run.target], ['state', run.state],
      ['started', when(run.started)], ['finished', when(run.finished)], ['duration', duration(run.seconds)],
      ['instance', run.instance], ['records', run.total.toLocaleString()], ['report', run.report],
      ['file kept as', run.kept]]) {
    if (value) {
      facts.append(el('dt', {}, name), el('dd', {}, value));
    }
  }
  document.getElementById('run-bar').replaceChildren(bar(run.counts, run.total));
  const download = document.getElementById('run-download');
  download.hidden = !run.report;
  download.onclick = () => downloadReport(run);
  const text = document.getElementById('rows-filter').value.trim().toLowerCase();
  const outcome = document.getElementById('rows-outcome').value;
  const rows = run.rows.filter(row => (!outcome || row.outcome === outcome)
      && (!text || Object.values(row).some(value => String(value).toLowerCase().includes(text))));
  replaceRows('#rows-table', rows.map(row => el('tr', {'data-row': row.row},
      el('td', {}, row.row), el('td', {}, row.target), el('td', {}, row.external_id),
      el('td', {class: 'outcome-' + row.outcome}, row.outcome), el('td', {}, row.code), el('td', {}, row.message))));
  document.getElementById('rows-note').textContent = run.rows.length === 0
      ? 'No rejected, failed or parked rows.'
      : rows.length + ' of ' + run.rows.length + ' rows' + (run.truncated ? ' (the first ones only)' : '');
  status('run ' + run.id);
}

async function downloadReport(run) {
  const blob = await (await api('/runs/' + run.id + '/report.csv')).blob();
  const link = el('a', {href: URL.createObjectURL(blob), download: run.input + '.' + run.id + '.report.csv'});
  document.body.append(link);
  link.click();
  link.remove();
}

async function act(path, what) {
  await api(path, {method: 'POST'});
  status(what);
  await refresh();
}

function entryRow(entry) {
  return el('tr', {'data-entry': entry.id},
      el('td', {}, entry.target), el('td', {}, entry.externalId), el('td', {}, entry.source),
      el('td', {}, entry.reason), el('td', {}, entry.message), el('td', {}, String(entry.attempts)),
      el('td', {},
          el('button', {type: 'button', 'data-action': 'release', onclick: () => act(
              '/deadletter/replay?id=' + encodeURIComponent(entry.id), 'released ' + entry.externalId)}, 'Release'),
          ' ',
          el('button', {type: 'button', 'data-action': 'discard', onclick: () => {
            if (confirm('Discard ' + entry.externalId + ' for good?')) {
              act('/deadletter/discard?id=' + encodeURIComponent(entry.id), 'discarded ' + entry.externalId);
            }
          }}, 'Discard')));
}

function entryTable(entries) {
  return el('table', {},
      el('thead', {}, el('tr', {}, ...['Target', 'External id', 'From', 'Reason', 'Message', 'Attempts', '']
          .map(name => el('th', {}, name)))),
      el('tbody', {}, ...entries.map(entryRow)));
}

async function showDeadLetter() {
  const [counts, page] = await Promise.all([json('/deadletter'), json('/deadletter/entries?limit=1000')]);
  document.getElementById('deadletter-summary').textContent = counts.total + ' parked, ' + counts.held + ' held';
  const groups = new Map();
  for (const entry of page.entries.filter(e => !e.held)) {
    const key = entry.awaiting ? 'awaiting ' + entry.awaiting : 'reason ' + entry.reason;
    if (!groups.has(key)) {
      groups.set(key, {entry, entries: []});
    }
    groups.get(key).entries.push(entry);
  }
  document.getElementById('deadletter-groups').replaceChildren(...[...groups].map(([key, group]) => {
    const release = group.entry.awaiting ? '/deadletter/replay?awaiting=' + encodeURIComponent(group.entry.awaiting)
        : '/deadletter/replay?reason=' + encodeURIComponent(group.entry.reason);
    return el('div', {class: 'group', 'data-group': key},
        el('h3', {}, el('span', {}, key), el('span', {class: 'note'}, group.entries.length + ' records'),
            el('button', {type: 'button', 'data-action': 'release-all', onclick: () => act(release,
                'released ' + key)}, 'Release all')),
        entryTable(group.entries));
  }));
  const held = page.entries.filter(e => e.held);
  document.getElementById('deadletter-held').replaceChildren(held.length ? entryTable(held)
      : el('p', {class: 'note'}, 'None.'));
  status(counts.total + ' on the dead letter');
}

// "adaptive: 12 (3 in flight)" or "fixed: 8"; el() sets it as the cell's textContent.
function concurrency(c) {
  if (!c) {
    return '';
  }
  return c.mode === 'adaptive' ? 'adaptive: ' + c.limit + ' (' + c.inFlight + ' in flight)' : 'fixed: ' + c.limit;
}

async function showVendors() {
  const body = await json('/vendors');
  const now = Date.now();
  replaceRows('#vendors-table', Object.entries(body.vendors).map(([vendor, v]) => {
    const samples = (vendorSamples[vendor] = (vendorSamples[vendor] || []).concat([{now, calls: v.calls,
      errors: v.errors}]).filter(s => now - s.now <= WINDOW_MS));
    const first = samples[0];
    return el('tr', {'data-vendor': vendor},
        el('td', {}, vendor), el('td', {class: 'state-' + v.state}, v.state),
        el('td', {}, v.rateLimit > 0 ? v.rateLimit.toFixed(1) + ' / s' : 'none'),
        el('td', {}, concurrency(v.concurrency)),
        el('td', {}, String(v.calls - first.calls)), el('td', {}, String(v.errors - first.errors)),
        el('td', {}, String(v.calls)), el('td', {}, v.reason || ''));
  }));
  status('vendors');
}

function route() {
  const hash = location.hash || '#runs';
  const [view, id] = hash.substring(1).split('/');
  for (const section of document.querySelectorAll('.view')) {
    section.hidden = section.id !== (view === 'run' ? 'run' : view);
  }
  for (const link of document.querySelectorAll('nav a')) {
    link.classList.toggle('active', link.id === 'nav-' + (view === 'run' ? 'runs' : view));
  }
  return {view, id};
}

async function refresh() {
  if (refreshing) {
    return;
  }
  refreshing = true;
  try {
    const {view, id} = route();
    if (view === 'run') {
      await showRun(id);
    } else if (view === 'deadletter') {
      await showDeadLetter();
    } else if (view === 'vendors') {
      await showVendors();
    } else {
      await showRuns();
    }
  } catch (e) {
    if (e.message !== 'unauthorized') {
      status(e.message);
    }
  } finally {
    refreshing = false;
  }
}

document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('legend').replaceChildren(...OUTCOMES.flatMap(o => [el('span', {class: o}), o]));
  document.getElementById('token').addEventListener('submit', event => {
    event.preventDefault();
    sessionStorage.setItem('ferry-operator-token', document.getElementById('token-input').value);
    document.getElementById('token').hidden = true;
    refresh();
  });
  for (const id of ['runs-source', 'runs-state', 'runs-date', 'rows-filter', 'rows-outcome']) {
    document.getElementById(id).addEventListener('input', refresh);
  }
  window.addEventListener('hashchange', refresh);
  refresh();
  setInterval(refresh, REFRESH_MS);
});
