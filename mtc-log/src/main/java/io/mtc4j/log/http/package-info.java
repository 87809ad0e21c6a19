/**
 * Serving issuance logs over HTTP (C2SP tlog-tiles, mtc-tlog §"Serving Issuance Logs") with Jetty 12:
 * {@link io.mtc4j.log.http.LogServer} and its {@link io.mtc4j.log.http.LogServerConfig}.
 */
package io.mtc4j.log.http;
