// The demo page's script: take the token from the URL fragment the CLI
// printed (#token=...), keep it for this tab, take it out of the address bar;
// only then put the terminals on the page (without a token they could only
// fail, three times over). Show the connection's state in one badge, each
// program's title on its pane, and any refusal once, by the token form.
import { layOut } from './demo-layout.js';

const TOKEN_KEY = 'termplex:token';

await customElements.whenDefined('term-connection');
const $ = (id) => document.getElementById(id);
const [workspace, template, form, input, hint] = [$('workspace'), $('workspace-template'), $('token-form'), $('token-input'), $('token-hint')];
const [failure, failureText, state, stateText] = [$('failure'), $('failure-text'), $('state'), $('state-text')];
const askHint = hint.textContent;

let connection; // created with the first token
let layout;
let focusedOnce = false;
// Terminals whose session ended (the program exited, or it was gone after an
// outage): an open connection with ended shells is not "all is well".
const ended = new Set();
let current = 'connecting';

function showState(value) {
  current = value === 'idle' ? 'connecting' : value; // idle: about to connect
  const partial = current === 'open' && ended.size > 0;
  state.dataset.state = partial ? 'partial' : current;
  if (partial) stateText.textContent = `open · ${ended.size} ${ended.size === 1 ? 'shell' : 'shells'} ended (press Enter in ${ended.size === 1 ? 'it' : 'one'} for a new one)`;
  else stateText.textContent = current;
}

/** The pane's header and its tab show what the program called itself, else the terminal's label. */
function showPane(session, { title, status }) {
  const pane = session.closest('.pane');
  const tab = workspace.querySelector(`[aria-controls="${pane.id}"]`);
  for (const place of [pane, tab]) {
    if (title !== undefined) place.querySelector('.title').textContent = title || session.label;
    if (status) place.dataset.status = status;
  }
  if (title !== undefined) tab.title = title || session.label;
}

function setEnded(session, isEnded) {
  if (isEnded) ended.add(session);
  else ended.delete(session);
  showPane(session, { status: isEnded ? 'ended' : 'running' });
  showState(current);
}

function createWorkspace(token) {
  const content = document.importNode(template.content, true);
  connection = content.querySelector('term-connection');
  connection.token = token; // before its sessions ask it to connect
  workspace.append(content);
  connection.addEventListener('term-connection-state', (event) => connectionChanged(event.detail));
  connection.addEventListener('term-session-open', (event) => setEnded(event.target, false));
  connection.addEventListener('term-session-exit', (event) => setEnded(event.target, true));
  connection.addEventListener('term-session-error', (event) => {
    if (event.detail.code === 'TERMPLEX_ERR_UNKNOWN_SESSION') setEnded(event.target, true);
  });
  connection.addEventListener('term-title-change', (event) => showPane(event.target, { title: event.detail.title }));
  layout = layOut(workspace);
}

function connectionChanged({ state: value, error }) {
  showState(value);
  if (value === 'connecting') return;
  // Shown from the first answer on: a refused token never flashes three empty terminals.
  delete workspace.dataset.pending;
  if (value === 'failed') {
    workspace.hidden = true;
    state.hidden = true;
    if (error?.code === 'TERMPLEX_ERR_AUTH') {
      sessionStorage.removeItem(TOKEN_KEY);
      askForToken('The server refused that token. Paste the one it printed when it started.');
    } else {
      failureText.textContent = error ? `${error.message} (${error.code})` : 'The connection failed.';
      failure.hidden = false;
    }
  } else if (value === 'open' && !focusedOnce) {
    focusedOnce = true;
    // Ready to type into, unless the user has already put the focus somewhere.
    if (document.activeElement === document.body || !document.activeElement) layout.first().focus();
  }
}

function connectWith(token) {
  form.hidden = true;
  failure.hidden = true;
  state.hidden = false;
  showState('connecting');
  workspace.hidden = false;
  workspace.dataset.pending = '';
  if (token) connection.token = token;
  connection.connect();
}

function useToken(token) {
  sessionStorage.setItem(TOKEN_KEY, token);
  if (!connection) createWorkspace(token);
  connectWith(token);
}

function askForToken(error) {
  form.hidden = false;
  hint.textContent = error ?? askHint;
  hint.classList.remove('error');
  void hint.offsetWidth; // restart the flash: a second wrong token gets one too
  hint.classList.toggle('error', Boolean(error));
  input.setAttribute('aria-invalid', String(Boolean(error)));
  input.focus();
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const token = input.value.trim();
  input.value = '';
  if (token) useToken(token);
});
$('failure-retry').addEventListener('click', () => connectWith());

const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
if (fromHash) history.replaceState(null, '', location.pathname + location.search);
const token = fromHash || sessionStorage.getItem(TOKEN_KEY);

if (token) useToken(token);
else askForToken();
