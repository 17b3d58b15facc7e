package dev.farol.runtime.apigw;

import java.time.Duration;

/**
 * The quotas the front enforces.
 *
 * @param maxRequestBodyBytes API Gateway's request payload quota (10 MB for REST and HTTP APIs)
 * @param maxEventBytes Lambda's synchronous invocation request quota (6 MB), applied to the event
 * @param restIntegrationTimeout how long a REST API waits for the function (29 s by default)
 * @param httpIntegrationTimeout how long an HTTP API waits for the function (30 s at most)
 */
record Limits(
    long maxRequestBodyBytes,
    long maxEventBytes,
    Duration restIntegrationTimeout,
    Duration httpIntegrationTimeout) {

  /** AWS's defaults: 10 MiB body, 6 MiB event, 29 s (REST) and 30 s (HTTP) integration timeouts. */
  static final Limits AWS =
      new Limits(10L * 1024 * 1024, 6L * 1024 * 1024, Duration.ofSeconds(29), Duration.ofSeconds(30));

  Duration integrationTimeout(ApiType type) {
    return type == ApiType.REST ? restIntegrationTimeout : httpIntegrationTimeout;
  }
}
