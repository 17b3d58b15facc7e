import { useState } from 'preact/hooks';
import type { EnvironmentVariable, FunctionConfiguration, FunctionPageAnswer } from '../../api/function';
import { count } from '../../format/numbers';
import { looksSecret } from './secrets';

/**
 * The function's configuration as the local runtime runs it (`farol up`'s), what Farol attached marked; values that
 * look secret are hidden until revealed. A function `farol up` does not run shows what its telemetry says instead,
 * and where a configuration would come from.
 */
export function ConfigurationPanel({ answer }: { answer: FunctionPageAnswer }) {
  return (
    <section class="fn-panel configuration-panel" aria-labelledby="configuration-title">
      <div class="fn-panel-head">
        <h2 id="configuration-title">Configuration</h2>
        {answer.configuration !== null && <span class="muted">as farol up runs it, from {answer.configuration.definedAt}</span>}
      </div>
      {answer.configuration === null ? <FromTelemetry answer={answer} /> : <Known c={answer.configuration} />}
    </section>
  );
}

function FromTelemetry({ answer }: { answer: FunctionPageAnswer }) {
  const s = answer.summary;
  return (
    <div class="from-telemetry">
      <p class="empty">
        Farol does not know this function's configuration: it comes from <code>farol up</code>, which tells its server of
        every function it runs (runtime, handler, memory, timeout, layers, environment) and what <code>farol doctor</code>{' '}
        finds in their definitions. A function it does not run (deployed, or run by something else) shows only what its
        telemetry says.
      </p>
      {s !== null && (
        <dl class="fn-config">
          <dt>Memory</dt>
          <dd>{count(s.memorySizeMb)} MB (as its invocations report it)</dd>
        </dl>
      )}
    </div>
  );
}

function Known({ c }: { c: FunctionConfiguration }) {
  return (
    <>
      <dl class="fn-config">
        <dt>Runtime</dt>
        <dd data-config="runtime">{c.runtime}</dd>
        <dt>Handler</dt>
        <dd data-config="handler">
          <code>{c.handler}</code>
        </dd>
        <dt>Memory</dt>
        <dd data-config="memory">{count(c.memorySizeMb)} MB</dd>
        <dt>Timeout</dt>
        <dd data-config="timeout">{c.timeoutSeconds} s</dd>
        <dt>Architecture</dt>
        <dd data-config="architecture">{c.architecture}</dd>
        <dt>Reserved concurrency</dt>
        <dd>{c.reservedConcurrency === null ? 'unreserved' : count(c.reservedConcurrency)}</dd>
        <dt>Code</dt>
        <dd>
          <code>{c.code}</code>
        </dd>
        {c.routes.length > 0 && (
          <>
            <dt>Routes</dt>
            <dd>
              {c.routes.map((r) => (
                <code key={r} class="route">
                  {r}
                </code>
              ))}
            </dd>
          </>
        )}
        <dt>Layers</dt>
        <dd data-config="layers">
          {c.layers.length === 0
            ? 'none'
            : c.layers.map((l) => (
                <span key={l.ref} class="layer">
                  <code>{l.ref}</code>
                  {l.attached && <span class="attached"> attached by farol up</span>}
                </span>
              ))}
        </dd>
      </dl>
      <h3>Environment</h3>
      {c.environment.length === 0 ? (
        <p class="empty">No environment variables.</p>
      ) : (
        <table class="environment">
          <tbody>
            {c.environment.map((v) => (
              <Variable key={v.name} v={v} />
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function Variable({ v }: { v: EnvironmentVariable }) {
  const secret = looksSecret(v.name, v.value);
  const [shown, setShown] = useState(!secret);
  return (
    <tr data-variable={v.name}>
      <th scope="row">
        <code>{v.name}</code>
        {v.attached && <span class="attached"> set by farol up</span>}
      </th>
      <td>
        {shown ? <code class="value">{v.value}</code> : <span class="hidden-value">hidden (looks secret)</span>}
        {secret && (
          <button type="button" class="reveal" aria-label={`${shown ? 'Hide' : 'Reveal'} ${v.name}`} onClick={() => setShown(!shown)}>
            {shown ? 'Hide' : 'Reveal'}
          </button>
        )}
      </td>
    </tr>
  );
}
