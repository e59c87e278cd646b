package io.lockstep.engine.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The model artifacts a run deployed, kept in its data directory under their content hash, as directory artifacts
 * ({@code <data dir>/artifacts/<sha-256>/}). Replay takes a model from here first, so the data directory alone
 * replays its run, wherever the artifacts were loaded from and whatever has happened to those files since. A kept
 * copy is never rewritten; replay deploys it under the same contract, so a copy edited later is refused by its hash.
 */
public final class ArtifactStore
{
    public static final String DIRECTORY = "artifacts";
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    private final Path root;

    /**
     * @param dataDir the engine's data directory, the one holding its journals.
     */
    public ArtifactStore(final Path dataDir)
    {
        this.root = dataDir.resolve(DIRECTORY);
    }

    /**
     * Keep the bytes that were read and hashed (not a second read of the artifact's location), unless a copy with
     * the same hash is kept already. The copy appears whole or not at all: it is written aside, then renamed.
     *
     * @return the kept copy.
     */
    public Path keep(final ModelArtifact artifact)
    {
        final String hash = HexFormat.of().formatHex(artifact.contentHash());
        final Path kept = root.resolve(hash);
        if (Files.isDirectory(kept))
        {
            return kept;
        }
        try
        {
            Files.createDirectories(root);
            final Path partial = Files.createTempDirectory(root, hash + ".partial-");
            artifact.writeTo(partial);
            Files.move(partial, kept, StandardCopyOption.ATOMIC_MOVE);
            return kept;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot keep model artifact " + artifact.location() + " in " + root, ex);
        }
    }

    /**
     * @param hashHex an artifact's content hash, 64 lower-case hex digits.
     * @return its kept copy, or null when none is kept (or the text is not a hash).
     */
    public Path find(final String hashHex)
    {
        if (hashHex == null || !HASH.matcher(hashHex).matches())
        {
            return null;
        }
        final Path kept = root.resolve(hashHex);
        return Files.isDirectory(kept) ? kept : null;
    }
}
