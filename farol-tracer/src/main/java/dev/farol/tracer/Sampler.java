package dev.farol.tracer;

/**
 * The sampling rule: the upstream decision is honoured, with one exception.
 *
 * <ul>
 *   <li>No upstream context, or one that does not say: the trace is kept.
 *   <li>W3C, Datadog or B3 context: its decision is followed (a caller that dropped the trace does not
 *       get half of it).
 *   <li>X-Ray context with {@code Sampled=0}: kept anyway. Lambda hands every invocation an X-Ray header
 *       and says {@code Sampled=0} whenever X-Ray active tracing is off — which is most functions — so
 *       obeying it would silently turn tracing off. Set {@code FAROL_XRAY_SAMPLING=honor} to obey it.
 * </ul>
 */
public final class Sampler {
  private Sampler() {}

  public static boolean sampled(TraceContext upstream, boolean honorXraySampling) {
    if (upstream == null || upstream.sampled() == null) {
      return true;
    }
    if ("xray".equals(upstream.format()) && !honorXraySampling) {
      return true;
    }
    return upstream.sampled();
  }
}
