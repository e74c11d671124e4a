// The approval inbox: GET /interrupts for what is open (each with the answer form it declares, rendered by
// answer-form.js), GET /interrupts/events for changes (read with
// fetch, not EventSource, so that it carries the API key), POST /threads/{id}/resume with
// {resumeMap: {interruptId: answer}} to answer. The API key (header X-Api-Key) is asked for when the host
// answers 401, and kept in sessionStorage: it lasts as long as the tab.
'use strict';

const KEY = 'interlude-api-key';

const items = new Map();     // interrupt id -> {item, row}
const resolved = new Set();  // ids seen resolved: a late list or a duplicate event must not bring them back
const due = new Set();       // ids a reminder was sent for: marked as due soon
const $ = (id) => document.getElementById(id);

function text(el, value) { el.textContent = value; return el; }

function show(el, message) { el.hidden = !message; el.textContent = message || ''; }

function pretty(value) { return value === undefined ? 'null' : JSON.stringify(value, null, 2); }

function headers(extra) {
  const key = sessionStorage.getItem(KEY);
  return key ? { ...extra, 'x-api-key': key } : { ...extra };
}

function askForKey(message) {
  $('key-form').hidden = false;
  show($('key-message'), message);
  $('api-key').focus();
}

// A call of the API with the key; a 401 asks for one.
async function call(url, init = {}) {
  const response = await fetch(url, { ...init, headers: headers(init.headers) });
  if (response.status === 401) askForKey(sessionStorage.getItem(KEY) ? 'The host refused this key.' : 'The host needs an API key.');
  return response;
}

function when(iso) { return new Date(iso).toLocaleString(); }

function expiry(iso) {
  if (!iso) return { label: 'no expiry', soon: false };
  const left = new Date(iso).getTime() - Date.now();
  const minutes = Math.round(left / 60000);
  const rel = left <= 0 ? 'expired' : minutes < 1 ? 'in under a minute' : minutes < 120 ? `in ${minutes} min` : `in ${Math.round(minutes / 60)} h`;
  return { label: `expires ${when(iso)} (${rel})`, soon: left < 5 * 60000 };
}

function problemText(status, problem) {
  if (problem && problem.reason) return `Refused (${status} ${problem.reason}): ${problem.detail || problem.title}`;
  return `The host answered ${status}.`;
}

async function answer(entry, value, verb) {
  const { item, row } = entry;
  const message = row.querySelector('.message');
  show(message, '');
  row.querySelectorAll('button').forEach((b) => { b.disabled = true; });
  try {
    const response = await call(`threads/${encodeURIComponent(item.threadId)}/resume`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ resumeMap: { [item.id]: value } }),
    });
    if (response.ok) {
      remove(item.id);
      show($('notice'), `${verb}: ${item.threadId} (${item.graph}, ${item.node}).`);
      return;
    }
    const problem = await response.json().catch(() => null);
    show(message, problemText(response.status, problem));
  } catch (e) {
    show(message, `The host could not be reached: ${e.message}`);
  }
  row.querySelectorAll('button').forEach((b) => { b.disabled = false; });
}

function sendEdited(entry) {
  const { row } = entry;
  const source = row.querySelector('.answer').value;
  let value;
  try {
    value = JSON.parse(source);
  } catch (e) {
    show(row.querySelector('.message'), `The answer is not valid JSON (${e.message}). Nothing was sent.`);
    return;
  }
  answer(entry, value, 'Answered');
}

function createRow(item) {
  const row = $('row').content.firstElementChild.cloneNode(true);
  row.dataset.id = item.id;
  row.dataset.thread = item.threadId;
  text(row.querySelector('.graph'), item.graph);
  text(row.querySelector('.thread'), item.threadId);
  const ns = item.ns && item.ns.length ? ` in ${item.ns.join(' / ')}` : '';
  text(row.querySelector('.node'), `${item.node} (${item.when})${ns}`);
  text(row.querySelector('.raised'), `raised ${when(item.raisedAt)}`);
  text(row.querySelector('.payload'), pretty(item.value));
  const entry = { item, row };
  if (due.has(item.id)) markDue(entry);
  if (item.answer) {
    AnswerForms.render(row.querySelector('.answer-form'), item.answer, (value, verb) => answer(entry, value, verb), (m) => show(row.querySelector('.message'), m));
  } else {
    row.querySelector('.raw').hidden = false;
    rawEditor(entry);
  }
  if (item.mayAnswer === false) {
    row.querySelectorAll('button').forEach((b) => { b.disabled = true; });
    show(row.querySelector('.message'), 'You may not answer this one (it names other approvers, or needs four eyes).');
  }
  return entry;
}

// The raw JSON editor of an interrupt that declares no answer form.
function rawEditor(entry) {
  const { row } = entry;
  row.querySelector('.edit').addEventListener('click', () => {
    const editor = row.querySelector('.editor');
    editor.hidden = false;
    const area = row.querySelector('.answer');
    if (!area.value) area.value = 'true';
    area.focus();
  });
  row.querySelector('.close').addEventListener('click', () => {
    row.querySelector('.editor').hidden = true;
    show(row.querySelector('.message'), '');
  });
  row.querySelector('.send-json').addEventListener('click', () => sendEdited(entry));
}

function markDue({ row }) {
  row.classList.add('due-soon');
  row.querySelector('.due').hidden = false;
}

// A reminder: the interrupt's deadline is near (its row may not be listed yet).
function remind(id) {
  due.add(id);
  const entry = items.get(id);
  if (entry) markDue(entry);
}

function refreshTimes() {
  for (const { item, row } of items.values()) {
    const { label, soon } = expiry(item.expiresAt);
    const el = text(row.querySelector('.expiry'), label);
    el.classList.toggle('soon', soon);
  }
}

// Keeps the rows oldest first; existing rows are moved, never rebuilt, so an open editor keeps its text.
function render() {
  const list = $('inbox');
  const ordered = [...items.values()].sort((a, b) =>
    a.item.raisedAt < b.item.raisedAt ? -1 : a.item.raisedAt > b.item.raisedAt ? 1 : a.item.id.localeCompare(b.item.id));
  ordered.forEach(({ row }, i) => { if (list.children[i] !== row) list.insertBefore(row, list.children[i] || null); });
  const count = items.size;
  text($('summary'), count === 1 ? '1 interrupt waits for an answer' : `${count} interrupts wait for an answer`);
  $('empty').hidden = count > 0;
  refreshTimes();
}

function upsert(item) {
  if (resolved.has(item.id) || items.has(item.id)) return;
  items.set(item.id, createRow(item));
  render();
}

function remove(id) {
  resolved.add(id);
  const entry = items.get(id);
  if (!entry) return;
  items.delete(id);
  entry.row.remove();
  render();
}

async function load() {
  const known = new Set(items.keys());
  try {
    const response = await call('interrupts?status=pending&pageSize=1000', { headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(problemText(response.status, await response.json().catch(() => null)));
    const list = await response.json();
    const open = new Set(list.map((i) => i.id));
    known.forEach((id) => { if (!open.has(id)) remove(id); }); // answered while we were away
    list.forEach(upsert);
    show($('error'), '');
    render();
  } catch (e) {
    show($('error'), `Could not load the inbox: ${e.message}`);
  }
}

// One server-sent event block: 'interrupt-raised' reads the list again (its rows say who may answer),
// 'interrupt-resolved' removes the row, 'reminder' marks it as due soon.
function dispatch(block) {
  let kind = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) kind = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  if (!data.length) return;
  const message = JSON.parse(data.join('\n'));
  if (kind === 'interrupt-raised') load();
  else if (kind === 'interrupt-resolved') remove(message.interruptId);
  else if (kind === 'reminder') remind(message.interruptId);
}

let feed = null; // the AbortController of the open feed

// Reads the live feed; on every (re)connection the list is read again, after the feed is open, so
// nothing falls in between. A 401 waits for a key; anything else retries after two seconds.
async function connect() {
  if (feed) feed.abort();
  const controller = new AbortController();
  feed = controller;
  const live = $('live');
  let needsKey = false;
  try {
    const response = await call('interrupts/events', { headers: { accept: 'text/event-stream' }, signal: controller.signal });
    needsKey = response.status === 401;
    if (!response.ok || !response.body) throw new Error(`The host answered ${response.status}.`);
    live.className = 'live on';
    live.textContent = 'live';
    load();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer = (buffer + value).replace(/\r\n/g, '\n');
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        dispatch(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  } catch (e) {
    if (controller.signal.aborted) return;
  }
  if (controller.signal.aborted) return;
  live.className = 'live off';
  live.textContent = needsKey ? 'needs a key' : 'reconnecting';
  if (!needsKey) setTimeout(() => { if (feed === controller) connect(); }, 2000);
}

$('key-form').addEventListener('submit', (e) => {
  e.preventDefault();
  sessionStorage.setItem(KEY, $('api-key').value.trim());
  $('api-key').value = '';
  $('key-form').hidden = true;
  connect();
});
$('change-key').addEventListener('click', () => askForKey(''));

connect();
setInterval(refreshTimes, 15000);
