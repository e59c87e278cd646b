package io.lockstep.engine.model;

import io.lockstep.engine.config.ConfigFile;
import io.lockstep.util.DirectoryTree;
import io.lockstep.util.Sha256;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A model artifact as it was read: a directory or a zip holding {@value #MANIFEST} (in the engine's
 * {@code key = value} config format), the weights file it names and optionally a plugin jar. Every file is read
 * into memory once; the content hash is computed over those bytes and {@link #materialize()} writes the same
 * bytes out for the loader, so what was hashed is exactly what is loaded.
 * <p>
 * Canonical form hashed with SHA-256 ({@link #contentHash()}):
 * <pre>
 *   "lockstep-artifact-v1\n"
 *   the manifest's settings except artifact.hash, as key=value\n sorted by key (layout and comments do not count)
 *   for every other file, sorted by its '/'-separated relative path:
 *       "file " path " " length "\n" bytes "\n"
 * </pre>
 * The manifest states that hash as {@code artifact.hash}; a difference means the artifact changed after it was
 * sealed ({@code ./lockstep model seal}).
 */
public final class ModelArtifact
{
    public static final String MANIFEST = "manifest.conf";
    public static final String HASH_KEY = "artifact.hash";
    /** The most an artifact may hold, all files together: far beyond any model, well within a heap. */
    public static final int MAX_BYTES = 1 << 30;
    private static final String CANONICAL_HEADER = "lockstep-artifact-v1\n";

    private final Path location;
    private final ConfigFile manifest;
    private final String manifestText;
    private final Map<String, byte[]> files;

    private ModelArtifact(
        final Path location, final ConfigFile manifest, final String manifestText, final Map<String, byte[]> files)
    {
        this.location = location;
        this.manifest = manifest;
        this.manifestText = manifestText;
        this.files = files;
    }

    /**
     * @param location a directory or a {@code .zip} file.
     * @throws IllegalArgumentException naming the location when it is not an artifact.
     */
    public static ModelArtifact open(final Path location)
    {
        final Map<String, byte[]> files = new TreeMap<>();
        try
        {
            if (Files.isDirectory(location))
            {
                // Checked before reading anything: a mistyped path (a home or data directory) is no artifact.
                if (!Files.isRegularFile(location.resolve(MANIFEST)))
                {
                    throw new IllegalArgumentException("model artifact " + location + " has no " + MANIFEST);
                }
                readDirectory(location, files);
            }
            else if (Files.isRegularFile(location) && location.toString().endsWith(".zip"))
            {
                readZip(location, files);
            }
            else
            {
                throw new IllegalArgumentException("model artifact " + location + ": expected a directory or a .zip " +
                    "file holding " + MANIFEST);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read model artifact " + location, ex);
        }
        final byte[] manifestBytes = files.remove(MANIFEST);
        if (manifestBytes == null)
        {
            throw new IllegalArgumentException("model artifact " + location + " has no " + MANIFEST);
        }
        final String text = new String(manifestBytes, StandardCharsets.UTF_8);
        return new ModelArtifact(location, ConfigFile.parse(location + "/" + MANIFEST, text), text,
            Collections.unmodifiableMap(files));
    }

    private static void readDirectory(final Path directory, final Map<String, byte[]> files) throws IOException
    {
        long total = 0;
        try (Stream<Path> walk = Files.walk(directory))
        {
            for (final Path file : (Iterable<Path>)walk.filter(Files::isRegularFile)::iterator)
            {
                total += Files.size(file);
                checkSize(directory, total);
                final String name = relativeName(directory.relativize(file));
                checkName(directory, name);
                files.put(name, Files.readAllBytes(file));
            }
        }
    }

    /** Every byte of an artifact is read to hash it: one that is too large to be a model is refused first. */
    private static void checkSize(final Path location, final long bytes)
    {
        if (bytes > MAX_BYTES)
        {
            throw new IllegalArgumentException("model artifact " + location + " holds more than " + (MAX_BYTES >> 20) +
                " MiB: no model is that large (a directory that is not an artifact?)");
        }
    }

    /**
     * A file's name as the canonical form writes it: '/'-separated segments, none empty, '.' or '..', and no
     * control character. Two spellings of one path ({@code ./a} and {@code a}) would unpack to one file, and a
     * newline in a name could make two artifacts' canonical forms, so their hashes, alike.
     */
    private static void checkName(final Path location, final String name)
    {
        boolean plain = !name.isEmpty() && !name.contains("\\");
        for (final String segment : name.split("/", -1))
        {
            plain &= !segment.isEmpty() && !segment.equals(".") && !segment.equals("..");
        }
        for (int i = 0; i < name.length(); i++)
        {
            plain &= name.charAt(i) >= 0x20 && name.charAt(i) != 0x7F;
        }
        if (!plain)
        {
            throw new IllegalArgumentException("model artifact " + location + ": file name '" +
                name.replaceAll("\\p{Cntrl}", "?") + "' is not a plain relative path ('/'-separated names, none " +
                "empty, '.' or '..', no control characters)");
        }
    }

    private static String relativeName(final Path relative)
    {
        final List<String> parts = new ArrayList<>();
        relative.forEach((part) -> parts.add(part.toString()));
        return String.join("/", parts);
    }

    private static void readZip(final Path zip, final Map<String, byte[]> files) throws IOException
    {
        int total = 0;
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in))
        {
            for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry())
            {
                if (entry.isDirectory())
                {
                    continue;
                }
                final String name = entry.getName();
                checkName(zip, name);
                final byte[] bytes = entries.readNBytes(MAX_BYTES + 1 - total);
                total += bytes.length;
                checkSize(zip, total);
                if (files.put(name, bytes) != null)
                {
                    throw new IllegalArgumentException("model artifact " + zip + ": entry '" + name + "' twice");
                }
            }
        }
    }

    /**
     * @return the SHA-256 of the canonical form, 32 bytes.
     */
    public byte[] contentHash()
    {
        final MessageDigest sha256 = Sha256.digest();
        sha256.update(CANONICAL_HEADER.getBytes(StandardCharsets.UTF_8));
        final StringBuilder settings = new StringBuilder();
        manifest.canonicalText().lines()
            .filter((line) -> !line.startsWith(HASH_KEY + "="))
            .forEach((line) -> settings.append(line).append('\n'));
        sha256.update(settings.toString().getBytes(StandardCharsets.UTF_8));
        for (final Map.Entry<String, byte[]> file : files.entrySet())
        {
            sha256.update(("file " + file.getKey() + " " + file.getValue().length + "\n")
                .getBytes(StandardCharsets.UTF_8));
            sha256.update(file.getValue());
            sha256.update((byte)'\n');
        }
        return sha256.digest();
    }

    /**
     * @return the manifest text with {@code artifact.hash} set to the content hash: what sealing writes.
     */
    public String sealedManifestText()
    {
        final String hashLine = HASH_KEY + " = " + HexFormat.of().formatHex(contentHash());
        final StringBuilder text = new StringBuilder();
        boolean replaced = false;
        for (final String line : manifestText.lines().toList())
        {
            if (line.strip().startsWith(HASH_KEY) && line.contains("=") &&
                line.substring(0, line.indexOf('=')).strip().equals(HASH_KEY))
            {
                text.append(hashLine).append('\n');
                replaced = true;
            }
            else
            {
                text.append(line).append('\n');
            }
        }
        if (!replaced)
        {
            text.append(hashLine).append('\n');
        }
        return text.toString();
    }

    /**
     * Write the files that were hashed into a fresh temporary directory, for a loader that reads paths.
     */
    public Path materialize()
    {
        Path directory = null;
        try
        {
            directory = Files.createTempDirectory("lockstep-artifact-");
            writeTo(directory);
            return directory;
        }
        catch (final IOException ex)
        {
            if (directory != null)
            {
                DirectoryTree.delete(directory); // a refused artifact leaves no copy of its weights behind
            }
            throw new UncheckedIOException("cannot unpack model artifact " + location + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Write the manifest and every file as they were read into an empty directory: a directory artifact with the
     * same content hash.
     */
    public void writeTo(final Path directory) throws IOException
    {
        Files.writeString(directory.resolve(MANIFEST), manifestText, StandardCharsets.UTF_8);
        for (final Map.Entry<String, byte[]> file : files.entrySet())
        {
            final Path target = directory.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue());
        }
    }

    public Path location()
    {
        return location;
    }

    /** @return the parsed manifest; its getters record which keys were read. */
    public ConfigFile manifest()
    {
        return manifest;
    }

    /** @return the features the model reads, in order, as the manifest lists them (the deploy contract checks it). */
    public List<String> features()
    {
        return Arrays.stream(manifest.string("features", "").split(",")).map(String::strip).toList();
    }

    /** @return the artifact's files other than the manifest, by relative path. */
    public Map<String, byte[]> files()
    {
        return files;
    }
}
