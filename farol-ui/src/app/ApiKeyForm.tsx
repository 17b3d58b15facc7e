import { useState } from 'preact/hooks';
import { setApiKey } from '../api/apiKey';

/**
 * Asks for the server's API key (FAROL_API_KEY) after a call was refused; the key is kept for this tab only
 * (sessionStorage) and sent with every call from then on. `refused` says the key given before was refused.
 */
export function ApiKeyForm({ onDone, refused }: { onDone: () => void; refused: boolean }) {
  const [key, setKey] = useState('');
  const submit = (e: Event) => {
    e.preventDefault();
    if (key.trim().length === 0) return;
    setApiKey(key.trim());
    onDone();
  };
  return (
    <main class="screen narrow">
      <form class="key-form" onSubmit={submit} aria-labelledby="key-form-title">
        <h1 id="key-form-title">API key</h1>
        <p>
          This server asks for its API key (<code>FAROL_API_KEY</code>). It is kept for this tab only.
        </p>
        <input
          type="password"
          name="apiKey"
          autocomplete="off"
          aria-label="API key"
          value={key}
          onInput={(e) => setKey(e.currentTarget.value)}
          autofocus
        />
        {refused && <p class="problem">The server refused that key.</p>}
        <button type="submit">Continue</button>
      </form>
    </main>
  );
}
