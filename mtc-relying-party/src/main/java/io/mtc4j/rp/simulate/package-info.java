/**
 * A deployment simulator for spec authors (issue 19): how often a TLS client is served the small
 * landmark-relative certificate, and how many authentication bytes a handshake costs, for a CA's parameters
 * (issuance rate, checkpoint interval, {@code time_between_landmarks}, lifetime, renewal) and a population of
 * relying parties that receive trusted subtrees with some delay.
 *
 * <p>The model runs on the project's own code: checkpoint intervals are covered with
 * {@link io.mtc4j.spec.merkle.Covering} (draft §"Efficiently Covering Arbitrary Intervals"), landmarks are allocated
 * by {@link io.mtc4j.spec.landmark.LandmarkAllocator} (§"Allocating Landmarks"), a client's signal is the
 * {@link io.mtc4j.spec.landmark.LandmarkGroup} of §"Single-Log Landmark Groups", the server selects as
 * §"Use in TLS" and §"Certificate Renewal" say, and certificate sizes are measured on certificates built with
 * {@link io.mtc4j.spec.cert.CertificateBuilder}. {@link io.mtc4j.rp.simulate.Simulation#run} is the entry point;
 * {@code mtc simulate} its command line.
 */
package io.mtc4j.rp.simulate;
