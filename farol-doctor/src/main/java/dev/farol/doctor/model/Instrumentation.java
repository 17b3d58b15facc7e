package dev.farol.doctor.model;

/**
 * A tool that rewrote the function's configuration at deploy time (the Datadog Terraform module, the
 * Datadog CloudFormation macro, serverless-plugin-datadog), so the checks look at what gets deployed.
 *
 * @param by the tool, as users know it
 * @param site where the tool is configured (its module block, its Transform, its custom section)
 */
public record Instrumentation(String by, Site site) {}
