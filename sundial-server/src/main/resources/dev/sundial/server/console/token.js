// The token box: opens from the header button, or by itself when the server answers 401 (with the
// server's reason). Saving stores the token in this browser and reloads what the page shows.

import { onUnauthorized, setToken, token } from './api.js';

export function setupToken() {
  const dialog = document.getElementById('token-dialog');
  const input = document.getElementById('token-input');
  const reason = document.getElementById('token-reason');
  const button = document.getElementById('token-button');

  function show(message) {
    reason.textContent = message || '';
    input.value = token();
    if (!dialog.open) {
      dialog.showModal();
    }
    input.focus();
    input.select();
  }

  function label() {
    button.textContent = token() ? 'Token ✓' : 'Token';
  }

  button.addEventListener('click', () => show(''));
  document.getElementById('token-cancel').addEventListener('click', () => dialog.close());
  document.getElementById('token-forget').addEventListener('click', () => {
    setToken('');
    dialog.close();
  });
  document.getElementById('token-save').addEventListener('click', () => {
    setToken(input.value.trim());
    dialog.close();
  });
  input.addEventListener('keydown', e => {
    if (e.key === 'Enter') {
      e.preventDefault();
      setToken(input.value.trim());
      dialog.close();
    }
  });
  window.addEventListener('sundial-token', label);
  onUnauthorized(message => show(message));
  label();
}
