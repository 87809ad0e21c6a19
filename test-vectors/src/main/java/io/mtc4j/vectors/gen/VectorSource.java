package io.mtc4j.vectors.gen;

import io.mtc4j.spec.Profile;
import io.mtc4j.vectors.VectorFile;
import java.util.List;

/** Produces the vector files of one procedure or structure. Implementations are deterministic. */
public interface VectorSource {
    /**
     * Generates the files.
     *
     * @param profiles the profiles to cover (all, or the one chosen with {@code --profile}); sources whose
     *     structure does not depend on the profile ignore it, sources for one profile only return nothing when
     *     it is not listed
     */
    List<VectorFile> generate(List<Profile> profiles);
}
