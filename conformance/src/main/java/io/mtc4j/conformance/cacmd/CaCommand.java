package io.mtc4j.conformance.cacmd;

import io.mtc4j.conformance.cli.CommandGroup;
import java.util.Map;

/**
 * {@code mtc ca init|serve|rollover|submit|load|vkey|add-cosigner|rp-config}: create, run, operate and use a Merkle
 * Tree CA (mtc-ca), and configure its external cosigners.
 */
public final class CaCommand extends CommandGroup {
    /** Creates the command (found through {@link java.util.ServiceLoader}). */
    public CaCommand() {
        super("ca",
                "create (init), run (serve), roll over (rollover), submit to (submit) and load (load) a Merkle Tree CA,"
                        + " and configure its cosigners (vkey, add-cosigner, rp-config)",
                String.join("\n",
                        "usage: mtc ca <sub-command> ...",
                        InitCommand.USAGE,
                        ServeCaCommand.USAGE,
                        RolloverCommand.USAGE,
                        SubmitCommand.USAGE,
                        LoadCommand.USAGE,
                        CosignerCommands.VKEY_USAGE,
                        CosignerCommands.ADD_USAGE,
                        CosignerCommands.RP_USAGE),
                Map.of("init", InitCommand::run, "serve", ServeCaCommand::run, "rollover", RolloverCommand::run,
                        "submit", SubmitCommand::run, "load", LoadCommand::run, "vkey", CosignerCommands::vkey,
                        "add-cosigner", CosignerCommands::add, "rp-config", CosignerCommands::rpConfig));
    }
}
