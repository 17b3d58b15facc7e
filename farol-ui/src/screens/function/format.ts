/** How the function page writes times. Every function returns plain text; rendering escapes it. */

const TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' });

/** An instant in Unix nanoseconds as the local time with milliseconds, the day before it when not today. */
export function instant(unixNanos: number): string {
  const ms = Math.floor(unixNanos / 1e6);
  const date = new Date(ms);
  const millis = String(ms % 1000).padStart(3, '0');
  const today = new Date();
  const sameDay = date.toDateString() === today.toDateString();
  return `${sameDay ? '' : `${DAY.format(date)} `}${TIME.format(date)}.${millis}`;
}
