/**
 * The live check's verdict ({@code farol doctor --live FUNCTION}): given what one invocation through the local
 * Lambda left on Farol's server ({@link dev.farol.doctor.live.LiveObservation}: the extension's diagnostics, the
 * invocation, its log lines, its trace looked up by the caller's trace id), {@link dev.farol.doctor.live.LiveCheck}
 * tells each {@link dev.farol.findings.Hop} and names the first one that broke as a
 * {@link dev.farol.findings.Finding}: the extension's own when it reported one (the same code as the static
 * doctor, such as {@code FAROL-H001}), else the hop's {@code FAROL-V0xx}. Pure: no processes, no network; the
 * command line ({@code farol-cli}) runs the invocation and gathers the answers. Rendered for a terminal
 * ({@link dev.farol.doctor.live.LiveText}, findings as the static report prints them) and for machines
 * ({@link dev.farol.doctor.live.LiveJson}, findings in their one JSON shape).
 */
package dev.farol.doctor.live;
