import type { VNode } from 'preact';

/**
 * Farol's own documentation (the markdown files under `docs/`) as elements, for the docs screen: headings with
 * GitHub's anchors (so `docs/doctor.md#farol-h001-handler-not-wrapped` finds its section), paragraphs, lists, tables,
 * code blocks and quotes; inline code, bold, italics and links. Everything is made into elements from text (JSX
 * escapes it); links go only to `http(s)`, to an anchor, or to a document this screen shows.
 */

type Block =
  | { kind: 'heading'; level: number; text: string; id: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'list'; ordered: boolean; items: string[] }
  | { kind: 'table'; rows: string[][] }
  | { kind: 'quote'; text: string };

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const ITEM = /^(\s*)([-*+]|\d+\.)\s+(.*)$/;
const FENCE = /^\s*(```|~~~)/;

/** GitHub's anchor for a heading: lower case, punctuation other than `-` and `_` dropped, spaces as `-`. */
export function slug(text: string): string {
  return plain(text)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** A line's text without its inline markup. */
function plain(text: string): string {
  return text.replace(/`([^`]*)`/g, '$1').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\*\*?([^*]+)\*\*?/g, '$1');
}

export function parse(markdown: string): Block[] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  const seen = new Map<string, number>();
  let paragraph: string[] = [];
  const endParagraph = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', text: paragraph.join(' ') });
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (FENCE.test(line)) {
      endParagraph();
      const code: string[] = [];
      for (i++; i < lines.length && !FENCE.test(lines[i] as string); i++) code.push(lines[i] as string);
      blocks.push({ kind: 'code', text: code.join('\n') });
      continue;
    }
    const h = HEADING.exec(line);
    if (h) {
      endParagraph();
      const text = h[2] as string;
      const base = slug(text);
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      blocks.push({ kind: 'heading', level: (h[1] as string).length, text, id: n === 0 ? base : `${base}-${n}` });
      continue;
    }
    if (/^\s*\|/.test(line)) {
      endParagraph();
      const rows: string[][] = [];
      for (; i < lines.length && /^\s*\|/.test(lines[i] as string); i++) {
        const row = lines[i] as string;
        if (/^\s*\|?\s*:?-{3,}/.test(row)) continue;
        rows.push(cells(row));
      }
      i--;
      blocks.push({ kind: 'table', rows });
      continue;
    }
    const item = ITEM.exec(line);
    if (item) {
      endParagraph();
      const ordered = /\d/.test(item[2] as string);
      const items: string[] = [item[3] as string];
      for (i++; i < lines.length; i++) {
        const next = lines[i] as string;
        const more = ITEM.exec(next);
        if (more && (more[1] as string).length <= (item[1] as string).length) {
          items.push(more[3] as string);
        } else if (next.trim() !== '' && (/^\s/.test(next) || more)) {
          items[items.length - 1] += ` ${next.trim()}`;
        } else if (next.trim() === '' && ITEM.test(lines[i + 1] ?? '')) {
          continue;
        } else {
          break;
        }
      }
      i--;
      blocks.push({ kind: 'list', ordered, items });
      continue;
    }
    if (/^\s*>/.test(line)) {
      endParagraph();
      const quote: string[] = [];
      for (; i < lines.length && /^\s*>/.test(lines[i] as string); i++) quote.push((lines[i] as string).replace(/^\s*>\s?/, ''));
      i--;
      blocks.push({ kind: 'quote', text: quote.join(' ') });
      continue;
    }
    if (line.trim() === '') {
      endParagraph();
    } else {
      paragraph.push(line.trim());
    }
  }
  endParagraph();
  return blocks;
}

function cells(row: string): string[] {
  const inner = row.trim().replace(/^\|/, '').replace(/\|$/, '');
  // a `|` inside inline code is the code's, not a cell's end
  const out: string[] = [];
  let cell = '';
  let code = false;
  for (const c of inner) {
    if (c === '`') code = !code;
    if (c === '|' && !code) {
      out.push(cell.trim());
      cell = '';
    } else {
      cell += c;
    }
  }
  out.push(cell.trim());
  return out;
}

/** Where a link in a document goes: the web as it is, an anchor of this page, a document shown here, else nowhere. */
export function target(href: string, documents: readonly string[]): string | null {
  if (/^https?:\/\//i.test(href) || href.startsWith('#')) return href;
  const doc = /^(?:\.\.\/docs\/|docs\/|\.\/)?([\w-]+)\.md(#[\w-]*)?$/.exec(href);
  if (doc && documents.includes(doc[1] as string)) return `/docs/${doc[1]}${doc[2] ?? ''}`;
  return null;
}

const INLINE = /(`+)([\s\S]*?)\1|\[([^\]]+)\]\(([^)\s]+)\)|\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*|(https?:\/\/[^\s<>()]+[^\s<>().,;:])/g;

/** A line's inline markup as elements. */
export function inline(text: string, documents: readonly string[]): (string | VNode)[] {
  const out: (string | VNode)[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    const at = m.index ?? 0;
    if (at > last) out.push(text.slice(last, at));
    if (m[1] !== undefined) {
      out.push(<code>{(m[2] as string).trim()}</code>);
    } else if (m[3] !== undefined) {
      const to = target(m[4] as string, documents);
      const label = inline(m[3], documents);
      out.push(to === null ? <span>{label}</span> : <a href={to} rel={to.startsWith('http') ? 'noreferrer' : undefined}>{label}</a>);
    } else if (m[5] !== undefined) {
      out.push(<strong>{inline(m[5], documents)}</strong>);
    } else if (m[6] !== undefined) {
      out.push(<em>{m[6]}</em>);
    } else if (m[7] !== undefined) {
      out.push(
        <a href={m[7]} rel="noreferrer">
          {m[7]}
        </a>,
      );
    }
    last = at + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** A document's blocks as elements. */
export function render(blocks: readonly Block[], documents: readonly string[]): VNode[] {
  return blocks.map((b, i) => {
    switch (b.kind) {
      case 'heading': {
        const Tag = `h${b.level}` as 'h2';
        return (
          <Tag key={i} id={b.id}>
            {inline(b.text, documents)}
            <a class="anchor" href={`#${b.id}`} aria-label={`Link to ${plain(b.text)}`}>
              #
            </a>
          </Tag>
        );
      }
      case 'paragraph':
        return <p key={i}>{inline(b.text, documents)}</p>;
      case 'code':
        return <pre key={i}>{b.text}</pre>;
      case 'quote':
        return <blockquote key={i}>{inline(b.text, documents)}</blockquote>;
      case 'list': {
        const items = b.items.map((t, j) => <li key={j}>{inline(t, documents)}</li>);
        return b.ordered ? <ol key={i}>{items}</ol> : <ul key={i}>{items}</ul>;
      }
      case 'table': {
        const [head, ...rows] = b.rows;
        return (
          <div key={i} class="table-wrap">
            <table class="doc-table">
              {head && (
                <thead>
                  <tr>
                    {head.map((c, j) => (
                      <th key={j}>{inline(c, documents)}</th>
                    ))}
                  </tr>
                </thead>
              )}
              <tbody>
                {rows.map((r, j) => (
                  <tr key={j}>
                    {r.map((c, k) => (
                      <td key={k}>{inline(c, documents)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      }
    }
  });
}
