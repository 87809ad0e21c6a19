package io.mtc4j.conformance.mirrorcmd;

import io.mtc4j.conformance.cli.CommandGroup;
import java.util.Map;

/** {@code mtc mirror serve}: run a C2SP tlog-mirror (mtc-log's {@code io.mtc4j.log.mirror}). */
public final class MirrorCommand extends CommandGroup {
    /** Creates the command (found through {@link java.util.ServiceLoader}). */
    public MirrorCommand() {
        super("mirror", "run a tlog-mirror: keep a served, cosigned copy of issuance logs",
                String.join("\n", "usage: mtc mirror <sub-command> ...", ServeMirrorCommand.USAGE),
                Map.of("serve", ServeMirrorCommand::run));
    }
}
