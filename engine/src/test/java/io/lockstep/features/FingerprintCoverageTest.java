package io.lockstep.features;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A node's hash must change whenever code that computes its value changes: every operator class whose method or
 * field an operator's implementation uses, directly or through another, is part of its fingerprint.
 */
class FingerprintCoverageTest
{
    private static final String OPS = "io/lockstep/features/ops/";

    /** Used by the windows but never by a value: the count of early drops, read by reports only. */
    private static final Set<String> NOT_VALUES = Set.of(OPS + "TruncationCounter");

    @Test
    void everyOperatorClassAnImplementationCallsIsFingerprinted() throws IOException
    {
        final List<String> missing = new ArrayList<>();
        for (final String name : Operators.names())
        {
            final Set<String> listed = new HashSet<>();
            for (final Class<?> type : Operators.byName(name).implementation())
            {
                listed.add(type.getName().replace('.', '/'));
            }
            final ArrayDeque<String> pending = new ArrayDeque<>(listed);
            final Set<String> seen = new HashSet<>(listed);
            while (!pending.isEmpty())
            {
                for (final String used : usedClasses(pending.pop()))
                {
                    if (used.startsWith(OPS) && !NOT_VALUES.contains(used) && seen.add(used))
                    {
                        if (!listed.contains(used))
                        {
                            missing.add(name + " uses " + used.substring(OPS.length()));
                        }
                        pending.push(used);
                    }
                }
            }
        }
        assertEquals(List.of(), missing, "operator code outside the fingerprint of operators whose values it computes");
    }

    /** Classes whose methods or fields a class file refers to (its Methodref, InterfaceMethodref, Fieldref). */
    private static Set<String> usedClasses(final String internalName) throws IOException
    {
        final byte[] bytes;
        try
        {
            bytes = ImplementationFingerprint.classBytes(Class.forName(internalName.replace('/', '.')));
        }
        catch (final ClassNotFoundException ex)
        {
            throw new IllegalStateException(ex);
        }
        final DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        in.skipBytes(8); // magic, minor, major
        final int count = in.readUnsignedShort();
        final String[] utf8 = new String[count];
        final int[] classNameIndex = new int[count];
        final List<Integer> memberClassIndices = new ArrayList<>();
        for (int i = 1; i < count; i++)
        {
            final int tag = in.readUnsignedByte();
            switch (tag)
            {
                case 1: utf8[i] = in.readUTF(); break;
                case 7: classNameIndex[i] = in.readUnsignedShort(); break;
                case 9: case 10: case 11: memberClassIndices.add(in.readUnsignedShort()); in.skipBytes(2); break;
                case 3: case 4: case 12: case 17: case 18: in.skipBytes(4); break;
                case 5: case 6: in.skipBytes(8); i++; break;
                case 8: case 16: case 19: case 20: in.skipBytes(2); break;
                case 15: in.skipBytes(3); break;
                default: throw new IllegalStateException("constant pool tag " + tag + " in " + internalName);
            }
        }
        final Set<String> used = new HashSet<>();
        for (final int index : memberClassIndices)
        {
            used.add(utf8[classNameIndex[index]]);
        }
        return used;
    }
}
