package dev.farol.doctor.layers;

/** Who makes a layer, and so how its tracer starts and where its data goes. */
public enum Vendor {
  DATADOG("Datadog"),
  OPENTELEMETRY("OpenTelemetry"),
  ADOT("AWS Distro for OpenTelemetry"),
  APPLICATION_SIGNALS("AWS Application Signals"),
  FAROL("Farol"),
  LAMBDA_INSIGHTS("Lambda Insights"),
  OTHER("unknown");

  private final String label;

  Vendor(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
