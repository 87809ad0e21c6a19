package io.mtc4j.log.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.spec.tiles.TilePath;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Companion keys: exactly the two forms, in their one spelling (writing and reading them: LogStoreContract). */
class CompanionKeysTest {
    @Property
    void aParallelTileOfEveryBundleIsACompanionKey(@ForAll @LongRange(min = 0, max = 1L << 40) long index,
            @ForAll @IntRange(min = 1, max = 256) int width) {
        TilePath bundle = TilePath.entryBundle(index, width);
        String key = CompanionKeys.parallelTile("bootstrap", bundle);
        assertEquals("tile/bootstrap" + bundle.path().substring("tile/entries".length()), key);
        assertTrue(CompanionKeys.isCompanionKey(key));
        assertTrue(DirectoryLogObjects.isObjectKey(key));
        assertFalse(CompanionKeys.isCompanionKey(bundle.path()));
        assertFalse(CompanionKeys.isCompanionKey(key + "/"));
    }

    @Test
    void onlyTheCanonicalFormsAreCompanionKeys() {
        assertTrue(CompanionKeys.isCompanionKey("issuer/" + "0a".repeat(32)));
        for (String k : new String[] {"issuer/" + "0A".repeat(32), "issuer/" + "0a".repeat(31), "issuer/../x",
                "tile/entries/000", "tile/0/000", "tile/Bootstrap/000", "tile/bootstrap/0", "tile/bootstrap/000.p/0",
                "tile/bootstrap/000.p/256", "tile/bootstrap/x000/001", "tile/../000", "tile//000", "checkpoint",
                "tile/bootstrap/000/../../x"}) {
            assertFalse(CompanionKeys.isCompanionKey(k), k);
        }
        assertThrows(IllegalArgumentException.class, () -> CompanionKeys.parallelTile("entries",
                TilePath.entryBundle(0, 1)));
    }
}
