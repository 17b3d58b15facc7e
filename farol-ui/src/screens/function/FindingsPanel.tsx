import { runtimeFindings } from '../../api/function';
import type { FunctionPageAnswer } from '../../api/function';
import { useApi } from '../../api/useApi';
import type { TimeRange } from '../../app/timeRange';
import { describeRange, rangeParams } from '../../app/timeRange';
import { ErrorPanel, Loading } from '../../components/ErrorPanel';
import { count } from '../../format/numbers';
import { FindingCard } from './FindingCard';
import { instant } from './format';

/**
 * What loses this function's telemetry: the findings Farol's extension reported from its invocations over the range
 * (latest per code), and what `farol doctor` found in its definition when `farol up` loaded it.
 */
export function FindingsPanel({ answer, range }: { answer: FunctionPageAnswer; range: TimeRange }) {
  const name = answer.name;
  const state = useApi((signal) => runtimeFindings(name, range, signal), JSON.stringify([name, rangeParams(range)]));
  return (
    <section class="fn-panel findings-panel" aria-labelledby="findings-title">
      <div class="fn-panel-head">
        <h2 id="findings-title">Findings</h2>
      </div>
      <div class="findings-group" data-findings="runtime">
        <h3>From its invocations (Farol's extension)</h3>
        {state.status === 'loading' ? (
          <Loading />
        ) : state.status === 'error' ? (
          <ErrorPanel message={state.message} />
        ) : state.data.findings.length === 0 ? (
          <p class="empty">Farol's extension reported nothing broken in its invocations over {describeRange(range)}.</p>
        ) : (
          state.data.findings.map((r) => (
            <FindingCard key={r.finding.code} finding={r.finding}>
              <p class="seen">
                in {count(r.invocations)} {r.invocations === 1 ? 'invocation' : 'invocations'}, last at{' '}
                {instant(r.lastSeenUnixNano)} (request <code>{r.lastRequestId}</code>)
              </p>
            </FindingCard>
          ))
        )}
      </div>
      <div class="findings-group" data-findings="doctor">
        <h3>In its definition (farol doctor)</h3>
        {answer.configuration === null ? (
          <p class="empty">
            The doctor examines the definitions <code>farol up</code> loads; this function is not one of them. Run{' '}
            <code>farol doctor</code> on its Terraform, SAM template, serverless.yml or{' '}
            <code>aws lambda get-function-configuration</code> JSON.
          </p>
        ) : (
          <>
            {answer.doctorErrors.map((e) => (
              <p key={e} class="problem">
                The doctor could not read all of it: {e}
              </p>
            ))}
            {answer.findings.length === 0 ? (
              <p class="empty">farol doctor found nothing in its definition that loses telemetry.</p>
            ) : (
              answer.findings.map((f, i) => <FindingCard key={`${f.code}-${i}`} finding={f} />)
            )}
          </>
        )}
      </div>
    </section>
  );
}
