/**
 * The CA's intake policy: {@link io.mtc4j.ca.intake.RequestPolicy} turns one request of the intake API (a JSON
 * description or a PKCS#10 CSR) into an {@link io.mtc4j.ca.IssuanceRequest} or refuses it with a
 * {@link io.mtc4j.ca.intake.PolicyException} naming the field and the rule, before anything is logged;
 * {@link io.mtc4j.ca.intake.PolicySettings} says what is allowed.
 */
package io.mtc4j.ca.intake;
