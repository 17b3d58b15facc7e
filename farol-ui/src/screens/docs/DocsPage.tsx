import { useEffect, useMemo } from 'preact/hooks';
import { useApi } from '../../api/useApi';
import type { ScreenProps } from '../../app/routes';
import { ErrorPanel, Loading } from '../../components/ErrorPanel';
import { parse, render } from './markdown';

/** The documents the UI carries (copied from `docs/` by the bundle): what a finding's docs link opens. */
export const DOCUMENTS = ['doctor'] as const;

async function load(page: string, signal: AbortSignal): Promise<string> {
  if (!(DOCUMENTS as readonly string[]).includes(page)) {
    throw new Error(`there is no document ${page} here (the UI carries ${DOCUMENTS.map((d) => `docs/${d}.md`).join(', ')})`);
  }
  const r = await fetch(`/docs/${page}.md`, { signal });
  if (!r.ok) throw new Error(`/docs/${page}.md: ${r.status} ${r.statusText}`);
  return r.text();
}

/**
 * `/docs/{page}`: one of Farol's documents, `docs/doctor.md` for now, so that a finding's link
 * (`docs/doctor.md#farol-h001-handler-not-wrapped`) opens its code's section: the page scrolls to the anchor the URL
 * names once the document is there.
 */
export function DocsPage({ params }: ScreenProps) {
  const page = params['page'] ?? '';
  const state = useApi((signal) => load(page, signal), page);
  const content = useMemo(
    () => (state.status === 'ok' ? render(parse(state.data), DOCUMENTS) : null),
    [state.status === 'ok' ? state.data : null],
  );
  useEffect(() => {
    if (content === null || window.location.hash.length < 2) return;
    document.getElementById(decodeURIComponent(window.location.hash.slice(1)))?.scrollIntoView();
  }, [content]);
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <ErrorPanel message={state.message} />;
  return (
    <article class="doc" data-doc={page}>
      <p class="muted doc-source">
        docs/{page}.md, as this version of Farol ships it
      </p>
      {content}
    </article>
  );
}
