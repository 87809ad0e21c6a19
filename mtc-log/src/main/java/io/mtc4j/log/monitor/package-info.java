/**
 * The MTC monitor (issue 15): watches issuance logs for certificates covering your DNS names and IP addresses.
 * {@link io.mtc4j.log.monitor.Watchlist} compiles {@link io.mtc4j.log.monitor.WatchRule}s (DNS names, IP
 * prefixes, authorized SPKI hashes) and a {@link io.mtc4j.log.monitor.StructuralPolicy};
 * {@link io.mtc4j.log.monitor.EntryMatcher} checks each MTCLogEntry against them in one pass over its bytes.
 */
package io.mtc4j.log.monitor;
