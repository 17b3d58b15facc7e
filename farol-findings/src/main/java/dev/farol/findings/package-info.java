/**
 * The finding model Farol's doctor, live check, extension and UI share: a {@link dev.farol.findings.Code}
 * (stable id and name), a {@link dev.farol.findings.Severity}, the {@link dev.farol.findings.Signal}s it
 * loses, {@link dev.farol.findings.Evidence} and a {@link dev.farol.findings.Fix}. Every code is documented
 * in {@code docs/doctor.md}. JDK only and Java 11, because the extension and the tracer carry it.
 */
package dev.farol.findings;
