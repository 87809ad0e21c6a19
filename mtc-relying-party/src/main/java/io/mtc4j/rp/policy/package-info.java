/**
 * Cosigner policies (draft §"Trusted Cosigners"): "CA cosigner required", "k of this set" and AND/OR/k-of
 * combinations ({@link io.mtc4j.rp.policy.CosignerPolicy}), also as tlog-policy-style text ({@link
 * io.mtc4j.rp.policy.TextPolicy}).
 */
package io.mtc4j.rp.policy;
