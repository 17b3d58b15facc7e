import { useEffect, useRef, useState } from 'preact/hooks';
import { onKeyRefused } from '../api/apiKey';
import { ApiKeyForm } from './ApiKeyForm';
import { href, navigate, useLocation } from './router';
import { HOME, match } from './routes';
import { parseRange } from './timeRange';
import { TopBar } from './TopBar';

/**
 * The shell: the top bar and the screen the URL names. When the server refuses a call for its API key, the
 * key form takes the screen's place; once it is filled the screen is mounted again and calls again.
 */
export function App() {
  const location = useLocation();
  const [needKey, setNeedKey] = useState(false);
  const [refused, setRefused] = useState(false);
  const [session, setSession] = useState(0);
  const keyGiven = useRef(false);
  useEffect(
    () =>
      onKeyRefused(() => {
        setRefused(keyGiven.current);
        setNeedKey(true);
      }),
    [],
  );
  useEffect(() => {
    if (location.path === '/' || location.path === '') navigate(href(HOME, location.query), true);
  }, [location.path]);

  const found = match(location.path);
  const range = parseRange(location.query);
  useEffect(() => {
    document.title = found ? `${found.route.title(found.params)} · Farol` : 'Farol';
  });
  return (
    <div class="app">
      <TopBar section={found?.route.section ?? null} query={location.query} range={range} />
      {needKey ? (
        <ApiKeyForm
          refused={refused}
          onDone={() => {
            keyGiven.current = true;
            setNeedKey(false);
            setSession(session + 1);
          }}
        />
      ) : found ? (
        <main class="screen" key={`${session}`}>
          {found.route.render({ params: found.params, query: location.query, range })}
        </main>
      ) : location.path === '/' ? null : (
        <main class="screen">
          <h1>Nothing here</h1>
          <p>No screen has the path {location.path}.</p>
        </main>
      )}
    </div>
  );
}
