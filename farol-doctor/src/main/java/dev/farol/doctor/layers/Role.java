package dev.farol.doctor.layers;

/** What a layer adds to a function. */
public enum Role {
  /** An external extension that receives telemetry and sends it on (Datadog's, a collector, Farol's). */
  EXTENSION,
  /** A tracer library, and the wrapper that starts it. */
  TRACER,
  /** A tracer and a collector extension in one layer (ADOT's language layers). */
  TRACER_AND_COLLECTOR,
  /** An extension that does not carry traces (Lambda Insights: metrics only). */
  OTHER_EXTENSION;

  public boolean tracer() {
    return this == TRACER || this == TRACER_AND_COLLECTOR;
  }

  public boolean receivesTraces() {
    return this == EXTENSION || this == TRACER_AND_COLLECTOR;
  }
}
