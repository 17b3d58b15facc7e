/**
 * A local API Gateway in front of the local Lambda: {@link dev.farol.runtime.apigw.ApiGatewayFront}
 * serves HTTP, builds the Lambda proxy event of a REST API (payload format 1.0) or an HTTP API
 * (payload format 1.0 or 2.0), invokes the function through an {@link
 * dev.farol.runtime.invoke.Invoker} and maps its proxy result back to HTTP.
 *
 * <h2>Request path</h2>
 *
 * {@code FrontHandler} (Jetty adapter) → {@code Gateway} (route, quotas, event, invoke with the
 * integration timeout, response) → {@code RouteTable}, {@code EventV1} / {@code EventV2}, {@code
 * ProxyResponse}. {@code GatewayError} is the one place that maps a failure to a response.
 *
 * <h2>Behaviour chosen where AWS's and Farol's differ or AWS's is unwritten</h2>
 *
 * <table>
 *   <caption>Gateway responses and the sources they follow</caption>
 *   <tr><th>case</th><th>REST API</th><th>HTTP API</th><th>source</th></tr>
 *   <tr><td>no route (REST: no resource, or no such method on it)</td>
 *       <td>403 {@code {"message":"Missing Authentication Token"}}</td>
 *       <td>404 {@code {"message":"Not Found"}}</td>
 *       <td>API Gateway "Gateway response types" (MISSING_AUTHENTICATION_TOKEN: "including the cases
 *       when the client attempts to invoke an unsupported API method or resource"); HTTP API "Routing
 *       API requests"; SAM CLI {@code service_error_responses.py}</td></tr>
 *   <tr><td>function error (unhandled, including its own timeout {@code Sandbox.Timedout})</td>
 *       <td>502 {@code {"message":"Internal server error"}}</td>
 *       <td>500 {@code {"message":"Internal Server Error"}}</td>
 *       <td>Lambda "Handling Lambda errors with an API Gateway API" ("If the function runs but returns an
 *       error, or returns a response in the wrong format, API Gateway returns a 502"); API Gateway
 *       "Troubleshooting issues with HTTP API Lambda integrations"</td></tr>
 *   <tr><td>malformed proxy result</td><td>502, as above</td><td>500, as above</td><td>same</td></tr>
 *   <tr><td>Lambda refuses the invoke ({@code TooManyRequestsException} 429, {@code
 *       ResourceNotFoundException}, …)</td>
 *       <td>500 {@code {"message":"Internal server error"}}</td>
 *       <td>500 {@code {"message":"Internal Server Error"}}</td>
 *       <td>Lambda "Handling Lambda errors with an API Gateway API" ("If the Lambda API rejects the
 *       invocation request, API Gateway returns a 500 error code"); re:Post "API Gateway proxy
 *       integration does not forward Lambda throttling (HTTP 429)". API Gateway answers 429 only for
 *       its own throttling, which Farol does not model.</td></tr>
 *   <tr><td>integration timeout (default 29 s REST, 30 s HTTP), the function keeps running</td>
 *       <td>504 {@code {"message":"Endpoint request timed out"}}</td>
 *       <td>503 {@code {"message":"Service Unavailable"}}</td>
 *       <td>Gateway response INTEGRATION_TIMEOUT (504); the HTTP API's 503 with {@code apigw-requestid}
 *       as captured in cortexlabs/cortex#1225 and serverless/serverless#11222</td></tr>
 *   <tr><td>request body over 10 MiB, or event over Lambda's 6 MiB request quota (a binary body is
 *       base64 in the event, so 4.5 MiB of binary already is), or the invoker's {@code
 *       RequestTooLargeException}</td>
 *       <td>413 {@code {"message":"Request Entity Too Large"}}</td><td>413, same</td>
 *       <td>API Gateway quotas (10 MB payload), gateway response REQUEST_TOO_LARGE (413); Lambda quotas
 *       (6 MB synchronous request). The exact message text is not documented.</td></tr>
 * </table>
 *
 * <p>Other choices: URLs carry no stage, and the event reports it ({@code requestContext.path}
 * {@code /Prod/pets}; an HTTP API stage other than {@code $default} prefixes {@code rawPath}).
 * Bodies are base64 unless their content type is text (an HTTP API's rule; a REST API would need
 * {@code binaryMediaTypes}). REST path parameters keep their percent-encoding, HTTP API ones are
 * decoded. Account id {@code 123456789012} and API id {@code 1234567890} are SAM CLI's.
 * Responses carry {@code x-amzn-RequestId}, {@code x-amz-apigw-id} and {@code X-Amzn-Trace-Id}
 * (REST) or {@code apigw-requestid} (HTTP), and the function gets the request's {@code
 * X-Amzn-Trace-Id} (the client's, or a new root) as its trace header.
 *
 * <p>Not modelled: authorizers, CORS, stage variables, API keys and usage plans, API Gateway's own
 * throttling, mapping templates (non-proxy integrations), the 10 MB response quota.
 *
 * <p>Each request is logged at DEBUG on logger {@code dev.farol.runtime.apigw.ApiGatewayFront}:
 * client, method, path, status, size, duration, function and request id.
 */
package dev.farol.runtime.apigw;
