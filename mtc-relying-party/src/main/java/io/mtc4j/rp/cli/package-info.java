/** The {@code mtc verify} command ({@link io.mtc4j.rp.cli.VerifyCommand}). */
package io.mtc4j.rp.cli;
