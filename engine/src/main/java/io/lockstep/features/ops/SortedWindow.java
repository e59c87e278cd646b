package io.lockstep.features.ops;

import java.util.Arrays;

/**
 * The window's numbers kept sorted, for Quantile and Med. NaN values are left out.
 * <p>
 * A window can hold up to 2^24 events ({@code max_events}), and one sorted array would shift up to all of them for
 * each event (8 MB, about a millisecond, for a million). The numbers are kept in sorted blocks of at most
 * {@value #BLOCK_CAPACITY}, in order: an event searches the blocks' last numbers, then shifts within one block; a
 * full block splits in halves and a small one merges with a small neighbour, so there are at most about
 * 4n / {@value #BLOCK_CAPACITY} + 1 blocks. A rank is found by walking the block sizes. A window of up to
 * {@value #BLOCK_CAPACITY} numbers is one block, one sorted array, as before. The numbers held, hence every
 * quantile, are the same whatever the blocks.
 * <p>
 * Allocation-free once the window has held its most numbers: a block left empty or merged away is kept for reuse.
 */
public final class SortedWindow implements Windowed
{
    static final int BLOCK_CAPACITY = 1024;
    private static final int MERGE_BELOW = BLOCK_CAPACITY / 4;

    private final EventWindow window;
    /** Blocks in order: every number of a block is at most every number of the next (by Double.compare). */
    private double[][] blocks = new double[4][];
    private int[] sizes = new int[4];
    private int blockCount;
    private double[][] spares = new double[4][];
    private int spareCount;
    private int size;

    public SortedWindow(final EventWindow window)
    {
        this.window = window;
        blocks[0] = new double[BLOCK_CAPACITY];
        blockCount = 1;
    }

    public void update(final long timeNs, final double x)
    {
        window.push(timeNs, x, 0);
        while (window.expired(timeNs))
        {
            final double old = window.oldest();
            window.dropOldest();
            if (old == old)
            {
                remove(old);
            }
        }
        if (x == x)
        {
            insert(x);
        }
    }

    public EventWindow window()
    {
        return window;
    }

    public int count()
    {
        return size;
    }

    /**
     * Linear interpolation between closest ranks (numpy's and pandas' default): position q * (n - 1).
     */
    public double quantile(final double q)
    {
        final double position = q * (size - 1);
        int rank = (int)position;
        final double fraction = position - rank;
        int block = 0;
        while (rank >= sizes[block])
        {
            rank -= sizes[block++];
        }
        final double lower = blocks[block][rank];
        if ((int)position + 1 >= size)
        {
            return lower;
        }
        final double upper = rank + 1 < sizes[block] ? blocks[block][rank + 1] : blocks[block + 1][0];
        return lower + (upper - lower) * fraction;
    }

    private void insert(final double x)
    {
        final int block = blockCount == 1 ? 0 : Math.min(firstBlockEndingAtLeast(x), blockCount - 1);
        final double[] values = blocks[block];
        final int length = sizes[block];
        int at = Arrays.binarySearch(values, 0, length, x);
        if (at < 0)
        {
            at = -at - 1;
        }
        System.arraycopy(values, at, values, at + 1, length - at);
        values[at] = x;
        sizes[block] = length + 1;
        size++;
        if (length + 1 == BLOCK_CAPACITY)
        {
            split(block);
        }
    }

    private void remove(final double x)
    {
        // The first block whose last number is at least x holds x: any later block's numbers are at least that last.
        final int block = blockCount == 1 ? 0 : firstBlockEndingAtLeast(x);
        final int at = block < blockCount ? Arrays.binarySearch(blocks[block], 0, sizes[block], x) : -1;
        if (at < 0)
        {
            throw new IllegalStateException("sorted window lost " + x + ": a bug");
        }
        final double[] values = blocks[block];
        final int length = sizes[block] - 1;
        System.arraycopy(values, at + 1, values, at, length - at);
        sizes[block] = length;
        size--;
        if (length < MERGE_BELOW && blockCount > 1)
        {
            mergeWithANeighbour(block);
        }
    }

    /** @return the first block whose last number is at least x, or blockCount when there is none. */
    private int firstBlockEndingAtLeast(final double x)
    {
        int low = 0;
        int high = blockCount;
        while (low < high)
        {
            final int middle = (low + high) >>> 1;
            final int length = sizes[middle];
            if (length > 0 && Double.compare(blocks[middle][length - 1], x) >= 0)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }
        return low;
    }

    private void split(final int block)
    {
        final double[] upper = takeSpare();
        final int half = BLOCK_CAPACITY / 2;
        System.arraycopy(blocks[block], half, upper, 0, BLOCK_CAPACITY - half);
        sizes[block] = half;
        insertBlock(block + 1, upper, BLOCK_CAPACITY - half);
    }

    /**
     * Fold a small block into its smaller neighbour when both fit in three quarters of a block; an empty block goes
     * in any case (only the last block left may be empty). Keeps the blocks from thinning out to one number each.
     */
    private void mergeWithANeighbour(final int block)
    {
        if (sizes[block] == 0)
        {
            removeBlock(block);
            return;
        }
        final int neighbour = block == 0 ? 1 : block == blockCount - 1 ? block - 1 :
            sizes[block - 1] <= sizes[block + 1] ? block - 1 : block + 1;
        final int first = Math.min(block, neighbour);
        final int second = first + 1;
        if (sizes[first] + sizes[second] <= BLOCK_CAPACITY * 3 / 4)
        {
            System.arraycopy(blocks[second], 0, blocks[first], sizes[first], sizes[second]);
            sizes[first] += sizes[second];
            sizes[second] = 0;
            removeBlock(second);
        }
    }

    private void insertBlock(final int index, final double[] values, final int length)
    {
        if (blockCount == blocks.length)
        {
            blocks = Arrays.copyOf(blocks, blockCount * 2);
            sizes = Arrays.copyOf(sizes, blockCount * 2);
        }
        System.arraycopy(blocks, index, blocks, index + 1, blockCount - index);
        System.arraycopy(sizes, index, sizes, index + 1, blockCount - index);
        blocks[index] = values;
        sizes[index] = length;
        blockCount++;
    }

    private void removeBlock(final int index)
    {
        if (spareCount == spares.length)
        {
            spares = Arrays.copyOf(spares, spareCount * 2);
        }
        spares[spareCount++] = blocks[index];
        System.arraycopy(blocks, index + 1, blocks, index, blockCount - index - 1);
        System.arraycopy(sizes, index + 1, sizes, index, blockCount - index - 1);
        blockCount--;
        blocks[blockCount] = null;
    }

    private double[] takeSpare()
    {
        if (spareCount == 0)
        {
            return new double[BLOCK_CAPACITY];
        }
        final double[] spare = spares[--spareCount];
        spares[spareCount] = null;
        return spare;
    }
}
