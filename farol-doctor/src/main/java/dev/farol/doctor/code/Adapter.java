package dev.farol.doctor.code;

import dev.farol.doctor.model.Site;

/**
 * A web adapter the handler points at (Mangum, serverless-express, aws-serverless-java-container, …): a
 * whole web application answers the invocation, and wrapping it is the user's most common miss.
 *
 * @param name the adapter as users know it ({@code Mangum})
 * @param application what it serves ({@code an ASGI application (FastAPI, Starlette)})
 * @param site where the handler is made from it, or {@code null} when only the handler's name told
 * @param certain the handler is made from the adapter on that line (not only: the adapter is a dependency)
 */
public record Adapter(String name, String application, Site site, boolean certain) {}
