/**
 * {@code sundial serve}: Sundial as a server that the tools people already use can talk to
 * (DESIGN §8). Jetty 12 core handlers (no servlets) carry HTTP; {@code docs/server.md} says why
 * Jetty and not Netty, with the measurement.
 *
 * <p>Packages follow a request: {@code http} (connector, routing, bodies, errors), {@code auth}
 * (tokens and scopes), then one package per kind of endpoint: {@code write} (line protocol),
 * {@code query} (SQL over HTTP), {@code rest} (the seed's time-series API), {@code metrics}
 * ({@code /metrics}), {@code console} (the web console's assets).
 */
package dev.sundial.server;
