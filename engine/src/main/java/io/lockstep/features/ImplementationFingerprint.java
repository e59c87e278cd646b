package io.lockstep.features;

import io.lockstep.util.Sha256;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fingerprint of an operator's implementation: SHA-256 over the bytes of the compiled classes that implement
 * it, as loaded, then of the classes that run every operator ({@link #RUNNERS}). Any change to that code (and,
 * conservatively, to its line numbers or to the compiler that built it) changes the fingerprint, hence the hash of
 * every node using the operator and of all their descendants.
 */
final class ImplementationFingerprint
{
    /**
     * The code between the plan and the operators, per opcode: which inputs and parameters {@link FeatureEvaluator}
     * passes, and the state {@link FeatureState} starts from (a window, how many powers it sums). Swapping two
     * inputs there changes values as surely as a change to the operator does.
     */
    private static final List<Class<?>> RUNNERS = List.of(FeatureEvaluator.class, FeatureState.class);
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private ImplementationFingerprint()
    {
    }

    static String of(final Operators.Spec spec)
    {
        return CACHE.computeIfAbsent(spec.name(), (name) -> compute(spec));
    }

    private static String compute(final Operators.Spec spec)
    {
        final MessageDigest digest = Sha256.digest();
        for (final Class<?> implementation : spec.implementation())
        {
            digest.update(classBytes(implementation));
        }
        for (final Class<?> runner : RUNNERS)
        {
            digest.update(classBytes(runner));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static byte[] classBytes(final Class<?> type)
    {
        final String name = type.getName();
        final String resource = name.substring(name.lastIndexOf('.') + 1) + ".class";
        try (InputStream in = type.getResourceAsStream(resource))
        {
            if (in == null)
            {
                throw new IllegalStateException("class file of " + name + " not found on the classpath");
            }
            return in.readAllBytes();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read class file of " + name, ex);
        }
    }
}
