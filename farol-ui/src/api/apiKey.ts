/**
 * The API key, when the server wants one (FAROL_API_KEY): asked for once, kept for this tab in sessionStorage,
 * sent with every API call. Listeners learn when a call was refused (401) so the key form comes back.
 */
const STORAGE_KEY = 'farol.apiKey';

type Listener = () => void;
const listeners = new Set<Listener>();

export function apiKey(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function setApiKey(key: string): void {
  sessionStorage.setItem(STORAGE_KEY, key);
}

/** Called when the server refused a call for its key: the key is forgotten and listeners told. */
export function keyRefused(): void {
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // storage disabled: nothing was kept
  }
  listeners.forEach((l) => l());
}

/** Calls `listener` on every refusal; returns the unsubscribe. */
export function onKeyRefused(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
