package io.mtc4j.log.monitor;

/**
 * What checking one entry found: a watch rule it matched (authorized or not) or a structural pseudo-rule
 * ({@link StructuralPolicy}).
 *
 * @param rule       the rule's name, or a structural pseudo-rule name
 * @param reason     why, e.g. {@code ip 1.1.1.1 in subject commonName}
 * @param authorized true for a rule match whose SPKI hash the rule authorizes: recorded, not alerted
 */
public record Finding(String rule, String reason, boolean authorized) {}
