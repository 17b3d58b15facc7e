/** A screen not built yet: its title and what will be there. */
export function Placeholder({ title, text }: { title: string; text: string }) {
  return (
    <section class="placeholder">
      <h1>{title}</h1>
      <p>{text}</p>
    </section>
  );
}
