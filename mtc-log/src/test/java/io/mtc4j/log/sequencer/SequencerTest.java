package io.mtc4j.log.sequencer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mtc4j.log.storage.LocalDirectoryStore;
import io.mtc4j.log.storage.LogStorage;
import io.mtc4j.log.storage.LogStorageException;
import io.mtc4j.log.storage.SequencingState;
import io.mtc4j.log.storage.StagedBatch;
import io.mtc4j.spec.Profile;
import io.mtc4j.spec.cosign.Keys;
import io.mtc4j.spec.cosign.SignatureAlgorithm;
import io.mtc4j.spec.cosign.SigningMode;
import io.mtc4j.spec.entry.EntryExtension;
import io.mtc4j.spec.entry.MtcLogEntry;
import io.mtc4j.spec.merkle.HashFunction;
import io.mtc4j.spec.merkle.MemoryTree;
import io.mtc4j.spec.merkle.MerkleHash;
import io.mtc4j.spec.merkle.Rfc9162Proofs;
import io.mtc4j.spec.note.Checkpoint;
import io.mtc4j.spec.note.NoteSigner;
import io.mtc4j.spec.note.SignedNote;
import io.mtc4j.spec.tiles.EntryBundle;
import io.mtc4j.spec.tiles.TilePath;
import io.mtc4j.spec.tai.TrustAnchorId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequencerTest {
    private static final HashFunction H = HashFunction.sha256();
    private static final TestCa CA = new TestCa(1);

    @TempDir
    Path dir;
    private LocalDirectoryStore store;
    private LogStorage storage;

    @BeforeEach
    void open() {
        store = LocalDirectoryStore.open(dir);
        storage = store.openWriter(TestCa.LOG_NUMBER);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static Checkpoint verify(byte[] note) {
        SignedNote n = SignedNote.parse(note);
        assertEquals(2, n.verify(CA.verifiers()).size(), "CA cosigner and log key both sign");
        return Checkpoint.parse(n.text());
    }

    @Test
    void anEmptyLogGetsTheCheckpointOfTheEmptyTree() {
        Sequencer s = Sequencer.open(storage, CA.config());
        assertEquals("oid/1.3.6.1.4.1.32473.1.0.1", s.origin());
        Checkpoint c = verify(storage.read("checkpoint").orElseThrow());
        assertEquals(0, c.size());
        assertArrayEquals(MerkleHash.emptyHash(H), c.rootHash());
        assertEquals(c, verify(s.checkpoint()));
    }

    @Test
    void appendAssignsConsecutiveIndicesAndPublishesTilesAndACheckpoint() {
        Sequencer s = Sequencer.open(storage, CA.config());
        Random rnd = new Random(2);
        MemoryTree model = new MemoryTree(H);
        List<byte[]> all = new ArrayList<>();
        long expect = 0;
        for (int n : new int[] {1, 256, 300, 70}) {
            List<byte[]> es = TestCa.entries(rnd, n);
            Sequencer.Appended a = s.append(es);
            assertEquals(expect, a.start());
            assertEquals(expect + n, a.end());
            assertEquals(n, a.count());
            expect += n;
            es.forEach(model::appendEntry);
            all.addAll(es);
            Checkpoint c = verify(a.checkpoint());
            assertEquals(expect, c.size());
            assertArrayEquals(model.rootHash(), c.rootHash());
            assertArrayEquals(a.checkpoint(), storage.read("checkpoint").orElseThrow(), "published");
        }
        assertEquals(627, s.size());
        // Every entry is in its bundle, and the tiles give inclusion proofs against the root.
        for (int i = 0; i < all.size(); i++) {
            TilePath p = TilePath.entryBundleFor(i / 256, 627);
            EntryBundle b = EntryBundle.parse(p, storage.read(p.path()).orElseThrow());
            assertArrayEquals(all.get(i), b.entry(i % 256));
        }
        var reader = s.nodeReader();
        for (long i : new long[] {0, 255, 256, 626}) {
            assertTrue(Rfc9162Proofs.verifyInclusion(H, i, 627, MerkleHash.leafHash(H, all.get((int) i)),
                    Rfc9162Proofs.inclusionProof(reader, i, 627), model.rootHash()));
        }
    }

    @Test
    void badEntriesAreRefusedBeforeAnythingIsWritten() throws Exception {
        Sequencer s = Sequencer.open(storage, CA.config());
        Random rnd = new Random(3);
        s.append(TestCa.entries(rnd, 3));
        s.publishAppended(); // its tiles' temporary files are renamed into place
        SequencingState before = storage.state();
        byte[] cp = storage.read("checkpoint").orElseThrow();
        byte[] good = TestCa.entry(rnd);

        assertRefused(s, List.of(good, good, new byte[65_536]), 2, InvalidEntryException.Rule.TOO_LARGE);
        assertRefused(s, List.of(good, new byte[] {0, 0, 0}), 1, InvalidEntryException.Rule.MALFORMED);
        assertRefused(s, List.of(new byte[] {0, 0, 0, 0, 9}), 0, InvalidEntryException.Rule.MALFORMED);
        byte[] unknownType = MtcLogEntry.otherType(TestCa.PROFILE, List.of(), 7, new byte[] {1, 2}).encode();
        assertRefused(s, List.of(good, unknownType), 1, InvalidEntryException.Rule.UNKNOWN_TYPE);
        byte[] withExtension = MtcLogEntry.parse(TestCa.PROFILE, good).encode(); // same entry, then add one:
        byte[] ext = EntryExtension.encodeList(List.of(new EntryExtension(5, new byte[] {1})));
        byte[] extended = new byte[ext.length + withExtension.length - 2];
        System.arraycopy(ext, 0, extended, 0, ext.length);
        System.arraycopy(withExtension, 2, extended, ext.length, withExtension.length - 2);
        assertRefused(s, List.of(extended), 0, InvalidEntryException.Rule.UNKNOWN_EXTENSION);
        assertThrows(IllegalArgumentException.class, () -> s.append(List.of()));

        assertEquals(before, storage.state(), "nothing staged or committed");
        assertArrayEquals(cp, storage.read("checkpoint").orElseThrow());
        assertEquals(Optional.empty(), storage.read("tile/entries/000.p/4"));
        try (var tmp = Files.list(dir.resolve(".mtc-log/1/tmp"))) {
            assertEquals(0, tmp.count(), "no temporary file left");
        }
        assertEquals(4, s.append(List.of(good)).end(), "the log goes on after refusals");

        // An extension type the configuration accepts is fine.
        SequencerConfig lenient = new SequencerConfig(TestCa.CA_ID, 1, TestCa.PROFILE, CA.config().signers(),
                Set.of(5));
        assertEquals(5, Sequencer.open(storage, lenient).append(List.of(extended)).end());
    }

    @Test
    void checkedEntriesAppendAsTheirBytes() {
        Random rnd = new Random(8);
        List<byte[]> es = TestCa.entries(rnd, 300);
        List<CheckedEntry> checked = new ArrayList<>();
        for (int i = 0; i < es.size(); i++) {
            CheckedEntry c = CheckedEntry.check(i, es.get(i), TestCa.PROFILE, Set.of());
            assertArrayEquals(es.get(i), c.encoded());
            assertEquals(MtcLogEntry.parse(TestCa.PROFILE, es.get(i)).encode().length, c.size());
            checked.add(c);
        }
        Sequencer.Appended a = Sequencer.open(storage, CA.config()).appendEntries(checked);
        MemoryTree model = new MemoryTree(H);
        es.forEach(model::appendEntry);
        assertEquals(300, a.end());
        assertArrayEquals(model.rootHash(), verify(a.checkpoint()).rootHash());
        for (int i = 0; i < es.size(); i++) {
            TilePath p = TilePath.entryBundleFor(i / 256, 300);
            assertArrayEquals(es.get(i), EntryBundle.parse(p, storage.read(p.path()).orElseThrow()).entry(i % 256));
        }
    }

    @Test
    void checkedEntriesFollowTheRulesOfTheLogTheyAreAppendedTo() {
        Sequencer s = Sequencer.open(storage, CA.config());
        byte[] good = TestCa.entry(new Random(9));
        // CheckedEntry.check applies step 1's rules as append does
        InvalidEntryException bad = assertThrows(InvalidEntryException.class,
                () -> CheckedEntry.check(3, new byte[] {0, 0, 0}, TestCa.PROFILE, Set.of()));
        assertEquals(3, bad.index());
        assertEquals(InvalidEntryException.Rule.MALFORMED, bad.rule());
        byte[] plain = MtcLogEntry.parse(TestCa.PROFILE, good).encode();
        byte[] ext = EntryExtension.encodeList(List.of(new EntryExtension(5, new byte[] {1})));
        byte[] extended = new byte[ext.length + plain.length - 2];
        System.arraycopy(ext, 0, extended, 0, ext.length);
        System.arraycopy(plain, 2, extended, ext.length, plain.length - 2);
        assertEquals(InvalidEntryException.Rule.UNKNOWN_EXTENSION, assertThrows(InvalidEntryException.class,
                () -> CheckedEntry.check(0, extended, TestCa.PROFILE, Set.of())).rule());
        // checked for a lenient log, appended to a strict one: refused by the log's own set, nothing written
        CheckedEntry lenient = CheckedEntry.check(0, extended, TestCa.PROFILE, Set.of(5));
        CheckedEntry ok = CheckedEntry.check(0, good, TestCa.PROFILE, Set.of());
        InvalidEntryException e = assertThrows(InvalidEntryException.class, () -> s.appendEntries(List.of(ok,
                lenient)));
        assertEquals(1, e.index());
        assertEquals(InvalidEntryException.Rule.UNKNOWN_EXTENSION, e.rule());
        // checked in another profile
        Profile other = TestCa.PROFILE == Profile.PLANTS_02 ? Profile.PLANTS_01 : Profile.PLANTS_02;
        CheckedEntry elsewhere = CheckedEntry.check(0, MtcLogEntry.nullEntry(other).encode(), other, Set.of());
        assertEquals(InvalidEntryException.Rule.MALFORMED, assertThrows(InvalidEntryException.class,
                () -> s.appendEntries(List.of(elsewhere))).rule());
        assertThrows(IllegalArgumentException.class, () -> s.appendEntries(List.of()));
        assertEquals(0, s.size(), "nothing appended");
        assertEquals(1, s.appendEntries(List.of(ok)).end());
    }

    private static void assertRefused(Sequencer s, List<byte[]> batch, int index, InvalidEntryException.Rule rule) {
        InvalidEntryException e = assertThrows(InvalidEntryException.class, () -> s.append(batch));
        assertEquals(index, e.index(), e.getMessage());
        assertEquals(rule, e.rule(), e.getMessage());
        assertTrue(e.getMessage().startsWith("entry " + index + " of the batch: " + rule), e.getMessage());
    }

    @Test
    void nullEntriesAreAccepted() {
        Sequencer s = Sequencer.open(storage, CA.config());
        assertEquals(1, s.append(List.of(MtcLogEntry.nullEntry(TestCa.PROFILE).encode())).end());
    }

    @Test
    void openFinishesAStagedBatchWithTheSameTilesAndRoot() {
        Sequencer s = Sequencer.open(storage, CA.config());
        Random rnd = new Random(4);
        s.append(TestCa.entries(rnd, 100));
        List<byte[]> staged = TestCa.entries(rnd, 500);
        // A crash after staging: the storage as the sequencer left it.
        storage.stage(new StagedBatch(100, staged));
        MemoryTree model = new MemoryTree(H);
        storage.close();
        storage = store.openWriter(1);
        Sequencer again = Sequencer.open(storage, CA.config());
        assertEquals(600, again.size());
        Checkpoint c = verify(again.checkpoint());
        assertEquals(600, c.size());
        for (int i = 0; i < 600; i++) {
            TilePath p = TilePath.entryBundleFor(i / 256, 600);
            model.appendEntry(EntryBundle.parse(p, storage.read(p.path()).orElseThrow()).entry(i % 256));
        }
        assertArrayEquals(model.rootHash(), c.rootHash());
        assertEquals(Optional.empty(), storage.state().staged());
    }

    @Test
    void aFailedCommitIsFinishedAtOnceByRecovery() {
        Sequencer.open(storage, CA.config()).append(TestCa.entries(new Random(5), 10));
        FailingStorage failing = new FailingStorage(storage);
        Sequencer s = Sequencer.open(failing, CA.config());
        failing.failNextAppend = true;
        assertThrows(LogStorageException.class, () -> s.append(TestCa.entries(new Random(6), 20)));
        assertEquals(30, s.size(), "the staged batch was finished by recovery");
        assertEquals(30, verify(storage.read("checkpoint").orElseThrow()).size());
        assertEquals(31, s.append(TestCa.entries(new Random(7), 1)).end());
    }

    @Test
    void aStorageOfAnotherLogIsRefused() {
        Sequencer.open(storage, CA.config());
        SequencerConfig log2 = new SequencerConfig(TestCa.CA_ID, 2, TestCa.PROFILE, CA.config().signers());
        LogStorageException e = assertThrows(LogStorageException.class, () -> Sequencer.open(storage, log2));
        assertTrue(e.getMessage().contains("oid/1.3.6.1.4.1.32473.1.0.1"), e.getMessage());
    }

    @Test
    void tilesThatDoNotMatchTheCheckpointAreRefusedAtOpen() throws Exception {
        Sequencer.open(storage, CA.config()).append(TestCa.entries(new Random(8), 5));
        storage.close();
        Path tile = dir.resolve("1/tile/0/000.p/5");
        byte[] b = Files.readAllBytes(tile);
        b[0] ^= 1;
        Files.write(tile, b);
        // The writer replays its write-ahead log from the tiles of size 5 and refuses them; were it to open,
        // the sequencer would refuse them too.
        assertThrows(LogStorageException.class, () -> Sequencer.open(store.openWriter(1), CA.config()));
    }

    @Test
    void theConfigurationRequiresTheCaCosignerOnMlDsa44() {
        SecureRandom r = new SecureRandom();
        NoteSigner ed = NoteSigner.ed25519(TestCa.CA_ID.tlogName(),
                Keys.generate(SignatureAlgorithm.ED25519, r, SigningMode.RANDOMIZED));
        assertThrows(IllegalArgumentException.class,
                () -> new SequencerConfig(TestCa.CA_ID, 1, Profile.current(), List.of(ed)), "wrong key type");
        NoteSigner other = NoteSigner.mlDsa44Cosigner(TrustAnchorId.parse("32473.9").tlogName(),
                Keys.generate(SignatureAlgorithm.MLDSA44, r, SigningMode.RANDOMIZED), () -> 0);
        assertThrows(IllegalArgumentException.class,
                () -> new SequencerConfig(TestCa.CA_ID, 1, Profile.current(), List.of(other)), "not the CA");
        assertThrows(IllegalArgumentException.class,
                () -> new SequencerConfig(TestCa.CA_ID, 0, Profile.current(), CA.config().signers()), "log 0");
    }
}
