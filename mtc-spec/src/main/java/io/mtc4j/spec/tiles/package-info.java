/**
 * C2SP tlog-tiles for MTC issuance logs (mtc-tlog): {@link io.mtc4j.spec.tiles.TilePath} coordinates and their
 * strict path syntax, {@link io.mtc4j.spec.tiles.EntryBundle} (uint16-prefixed entries),
 * {@link io.mtc4j.spec.tiles.TileBuilder} (full and partial tiles built as entries are appended) and
 * {@link io.mtc4j.spec.tiles.TileNodeReader} (tree hashes and proofs computed from tiles).
 */
package io.mtc4j.spec.tiles;
