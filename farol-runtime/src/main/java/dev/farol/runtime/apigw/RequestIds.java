package dev.farol.runtime.apigw;

import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The identifiers API Gateway gives a request.
 *
 * @param uuid a REST API's {@code requestId} (and {@code x-amzn-RequestId}), e.g. {@code
 *     c6af9ac6-7b61-11e6-9a41-93e8deadbeef}
 * @param shortId an HTTP API's {@code requestId} (and {@code apigw-requestid}), and a REST API's
 *     {@code extendedRequestId} (and {@code x-amz-apigw-id}), e.g. {@code Ur19IHYDmjQEU5A=}
 * @param traceId an X-Ray root for requests that arrive without {@code X-Amzn-Trace-Id}, e.g.
 *     {@code Root=1-65f49d20-7ba106216238dd0078a5db31}
 */
record RequestIds(String uuid, String shortId, String traceId) {

  static RequestIds random(Instant now) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    byte[] eleven = new byte[11]; // base64 of 11 bytes is 16 characters ending in '='
    random.nextBytes(eleven);
    String traceId =
        "Root=1-%08x-%08x%016x"
            .formatted(now.getEpochSecond(), random.nextInt(), random.nextLong());
    return new RequestIds(
        UUID.randomUUID().toString(), Base64.getEncoder().encodeToString(eleven), traceId);
  }
}
