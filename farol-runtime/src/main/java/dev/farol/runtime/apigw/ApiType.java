package dev.farol.runtime.apigw;

import dev.farol.runtime.config.HttpRoute.PayloadFormat;

/** The two kinds of API Gateway API; they differ in error responses, headers and routing. */
enum ApiType {
  /** REST API (API Gateway v1), Lambda proxy integration. */
  REST,
  /** HTTP API (API Gateway v2), with payload format 1.0 or 2.0. */
  HTTP;

  static ApiType of(PayloadFormat format) {
    return format == PayloadFormat.REST_V1 ? REST : HTTP;
  }
}
