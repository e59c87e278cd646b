package io.lockstep.features.ops;

import java.util.Arrays;

/**
 * The window's numbers kept sorted, for Quantile and Med. NaN values are left out.
 * <p>
 * A window can hold up to 2^24 events ({@code max_events}), and one sorted array would shift up to all of them for
 * each event (8 MB, about a millisecond, for a million). The numbers are kept in sorted blocks of fewer than
 * {@value #BLOCK_CAPACITY}, in order: an event searches the blocks' last numbers, then shifts within one block; a
 * block that fills splits in halves, and after every removal a block merges with its smaller neighbour when the two
 * hold no more than half a block. So any two neighbours hold more than half a block, and n numbers take at most
 * 2n / 513 + 1 blocks. A rank is found by walking the block sizes. A window whose ring holds fewer than
 * {@value #BLOCK_CAPACITY} events is one block the size of its ring, one sorted array, as before. The numbers held,
 * hence every quantile, are the same whatever the blocks.
 * <p>
 * Blocks for the most a window's ring can hold are made with it, and again when a duration window's ring grows
 * (when its own ring allocates): no allocation otherwise, whatever the order the numbers come in.
 */
public final class SortedWindow implements Windowed
{
    static final int BLOCK_CAPACITY = 1024;
    private static final int MERGE_AT_MOST = BLOCK_CAPACITY / 2;

    private final EventWindow window;
    /** Blocks in order: every number of a block is at most every number of the next (by Double.compare). */
    private double[][] blocks = new double[1][];
    private int[] sizes = new int[1];
    private int blockCount = 1;
    private double[][] spares = new double[0][];
    private int spareCount;
    private int size;
    private int ringCapacity;

    public SortedWindow(final EventWindow window)
    {
        this.window = window;
        blocks[0] = new double[0];
        fitRing(window.capacity());
    }

    public void update(final long timeNs, final double x)
    {
        window.push(timeNs, x, 0);
        if (window.capacity() != ringCapacity)
        {
            fitRing(window.capacity());
        }
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

    /** @return the blocks the numbers are in: at most 2n / 513 + 1 for n numbers. */
    int blockCount()
    {
        return blockCount;
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
        // At a rank, or between equal numbers, the number itself: interpolating an infinity gives Inf * 0 = NaN.
        return fraction == 0 || lower == upper ? lower : lower + (upper - lower) * fraction;
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
        if (blockCount > 1)
        {
            mergeWithANeighbour(block);
        }
    }

    /**
     * Blocks enough for as many numbers as the ring holds: the first one the ring's size while that is under a
     * block, then as many whole blocks as 2n / 513 + 1 (and one for a split under way) can reach.
     */
    private void fitRing(final int capacity)
    {
        ringCapacity = capacity;
        if (blockCount == 1 && blocks[0].length < Math.min(capacity, BLOCK_CAPACITY))
        {
            blocks[0] = Arrays.copyOf(blocks[0], Math.min(capacity, BLOCK_CAPACITY));
        }
        if (capacity < BLOCK_CAPACITY)
        {
            return;
        }
        final int most = 2 * capacity / (MERGE_AT_MOST + 1) + 2;
        if (blocks.length < most)
        {
            blocks = Arrays.copyOf(blocks, most);
            sizes = Arrays.copyOf(sizes, most);
            spares = Arrays.copyOf(spares, most);
        }
        while (blockCount + spareCount < most)
        {
            spares[spareCount++] = new double[BLOCK_CAPACITY];
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
     * Fold a block that has just lost a number into its smaller neighbour when the two hold at most half a block; an
     * empty block goes in any case (only the last block left may be empty). If the smaller pair holds more, every pair
     * with this block does: any two neighbours keep holding more than half a block.
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
        if (sizes[first] + sizes[second] <= MERGE_AT_MOST)
        {
            System.arraycopy(blocks[second], 0, blocks[first], sizes[first], sizes[second]);
            sizes[first] += sizes[second];
            sizes[second] = 0;
            removeBlock(second);
        }
    }

    private void insertBlock(final int index, final double[] values, final int length)
    {
        System.arraycopy(blocks, index, blocks, index + 1, blockCount - index);
        System.arraycopy(sizes, index, sizes, index + 1, blockCount - index);
        blocks[index] = values;
        sizes[index] = length;
        blockCount++;
    }

    private void removeBlock(final int index)
    {
        spares[spareCount++] = blocks[index];
        System.arraycopy(blocks, index + 1, blocks, index, blockCount - index - 1);
        System.arraycopy(sizes, index + 1, sizes, index, blockCount - index - 1);
        blockCount--;
        blocks[blockCount] = null;
    }

    private double[] takeSpare()
    {
        final double[] spare = spares[--spareCount];
        spares[spareCount] = null;
        return spare;
    }
}
