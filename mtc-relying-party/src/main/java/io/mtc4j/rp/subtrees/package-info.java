/**
 * Trusted subtrees (draft §"Trusted Subtrees"): validating a log's active landmark subtrees against a cosigned
 * reference checkpoint ({@link io.mtc4j.rp.subtrees.TrustedSubtreeValidator}), the active-landmark window with
 * pruning ({@link io.mtc4j.rp.subtrees.ActiveLandmarks}) and the {@code --trusted-subtrees} file ({@link
 * io.mtc4j.rp.subtrees.TrustedSubtreesFile}).
 */
package io.mtc4j.rp.subtrees;
