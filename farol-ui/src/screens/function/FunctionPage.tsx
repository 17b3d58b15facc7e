import { Link, withRange } from '../../app/router';
import type { ScreenProps } from '../../app/routes';
import { describeRange } from '../../app/timeRange';

/** `/functions/{name}`: one function's page. For now its name and the way back; its charts come next. */
export function FunctionPage({ params, query, range }: ScreenProps) {
  const name = params['name'] ?? '';
  return (
    <section class="function-page">
      <p class="crumbs">
        <Link href={withRange('/functions', query)}>Functions</Link> /
      </p>
      <h1 class="function-name">{name}</h1>
      <p class="muted">The function's charts, invocations and findings over {describeRange(range)} come here.</p>
    </section>
  );
}
