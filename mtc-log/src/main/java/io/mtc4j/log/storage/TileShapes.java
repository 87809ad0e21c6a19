package io.mtc4j.log.storage;

import io.mtc4j.spec.MtcException;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.tiles.EntryBundle;
import io.mtc4j.spec.tiles.TilePath;

/** The shape every back end checks before writing a tile (tlog-tiles §"Tiles", §"Log entries"). */
public final class TileShapes {
    private TileShapes() {
    }

    /**
     * Refuses, naming {@code log} and the tile, a hash tile that is not width x 32 bytes or an entry bundle that
     * does not parse with exactly width entries.
     *
     * @param log  names the log in the message
     * @param p    the tile's path
     * @param data the tile's bytes
     */
    public static void checkTileShape(String log, TilePath p, byte[] data) {
        if (p.entries()) {
            try {
                EntryBundle.parse(p, data);
            } catch (MtcException e) {
                throw new LogStorageException(log + ": " + p + " refused: " + e.getMessage(), e);
            }
        } else if (data.length != p.width() * Checkpoint.HASH_SIZE) {
            throw new LogStorageException(log + ": " + p + " refused: " + data.length + " bytes, not width "
                    + p.width() + " x " + Checkpoint.HASH_SIZE);
        }
    }
}
