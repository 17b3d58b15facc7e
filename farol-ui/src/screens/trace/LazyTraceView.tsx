import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ScreenProps } from '../../app/routes';
import { ErrorPanel, Loading } from '../../components/ErrorPanel';

let loaded: FunctionComponent<ScreenProps> | null = null;

/**
 * The trace view, loaded the first time a trace is opened: a chunk of its own, so the shell and the other screens
 * do not pay for it (as charts load uPlot).
 */
export function LazyTraceView(props: ScreenProps) {
  const [screen, setScreen] = useState(() => loaded);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    if (loaded !== null) return;
    import('./TraceView').then(
      (m) => {
        loaded = m.TraceView;
        setScreen(() => m.TraceView);
      },
      (e: unknown) => setFailed(String(e)),
    );
  }, []);
  if (failed !== null) return <ErrorPanel message={`The trace view could not be loaded (${failed}); reload the page.`} />;
  if (screen === null) return <Loading />;
  const Screen = screen;
  return <Screen {...props} />;
}
