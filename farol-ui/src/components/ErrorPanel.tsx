/** A failed call, said in words: the screen shows this instead of its content, never a blank page. */
export function ErrorPanel({ message }: { message: string }) {
  return (
    <div class="error-panel" role="alert">
      <strong>Could not load this view.</strong>
      <p>{message}</p>
    </div>
  );
}

/** Shown while a call is on its way. */
export function Loading() {
  return (
    <div class="loading" aria-busy="true">
      Loading…
    </div>
  );
}
