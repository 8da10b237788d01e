// The demo page's only script: take the token from the URL fragment the CLI
// printed (#token=...), keep it for this tab, take it out of the address bar,
// and show the connection's state. Without a token, ask for one.
const TOKEN_KEY = 'termplex:token';

await customElements.whenDefined('term-connection');
const connection = document.getElementById('connection');
const form = document.getElementById('token-form');
const input = document.getElementById('token-input');
const hint = document.getElementById('token-hint');
const state = document.getElementById('state');
const stateText = document.getElementById('state-text');

// Terminals whose session ended (the program exited, or it was gone after an
// outage): an open connection with ended shells is not "all is well".
const ended = new Set();
let current = { value: connection.state, error: undefined };

function showState(value, error) {
  current = { value, error };
  const partial = value === 'open' && ended.size > 0;
  state.dataset.state = partial ? 'partial' : value;
  if (partial) stateText.textContent = `open · ${ended.size} ${ended.size === 1 ? 'shell' : 'shells'} ended (press Enter in ${ended.size === 1 ? 'it' : 'one'} for a new one)`;
  else stateText.textContent = error && value === 'failed' ? `${value}: ${error.message}` : value;
}

const endedChanged = () => showState(current.value, current.error);
connection.addEventListener('term-session-open', (event) => ended.delete(event.target) && endedChanged());
connection.addEventListener('term-session-exit', (event) => (ended.add(event.target), endedChanged()));
connection.addEventListener('term-session-error', (event) => {
  if (event.detail.code === 'TERMPLEX_ERR_UNKNOWN_SESSION') (ended.add(event.target), endedChanged());
});

function useToken(token) {
  sessionStorage.setItem(TOKEN_KEY, token);
  form.hidden = true;
  connection.token = token;
  connection.connect();
}

function askForToken(message) {
  form.hidden = false;
  hint.textContent = message ?? hint.textContent;
  hint.classList.toggle('error', Boolean(message));
  input.focus();
}

connection.addEventListener('term-connection-state', (event) => {
  const { state: value, error } = event.detail;
  showState(value, error);
  if (value === 'failed' && error?.code === 'TERMPLEX_ERR_AUTH') {
    sessionStorage.removeItem(TOKEN_KEY);
    askForToken(connection.token ? 'The server refused that token. Paste the one it printed.' : undefined);
  }
});

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const token = input.value.trim();
  input.value = '';
  if (token) useToken(token);
});

const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
if (fromHash) history.replaceState(null, '', location.pathname + location.search);
const token = fromHash || sessionStorage.getItem(TOKEN_KEY);
showState(connection.state);

if (token) useToken(token);
else askForToken();
