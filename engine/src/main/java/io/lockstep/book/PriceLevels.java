package io.lockstep.book;

import java.util.Arrays;

/**
 * The aggregated price levels of one side of a book: price, total quantity and order count per level, kept
 * sorted so the best level is the last element. Most activity is at or near the best price, so inserting and
 * removing there shifts few elements; finding a level is a binary search. Allocation-free until a new level
 * does not fit, then the arrays double (counted in {@link #growths()}). Single-threaded.
 * <p>
 * Prices are stored as sort keys that grow towards the best price: the price itself for bids and its bitwise
 * complement for asks ({@code ~price} reverses the order of every long without the overflow of {@code -price}).
 */
final class PriceLevels
{
    private final boolean bids;
    private long[] keys;
    private long[] quantities;
    private int[] orderCounts;
    private int size;
    private int growths;

    PriceLevels(final boolean bids, final int initialCapacity)
    {
        final int capacity = Math.max(4, initialCapacity);
        this.bids = bids;
        this.keys = new long[capacity];
        this.quantities = new long[capacity];
        this.orderCounts = new int[capacity];
    }

    int size()
    {
        return size;
    }

    int growths()
    {
        return growths;
    }

    int capacity()
    {
        return keys.length;
    }

    /**
     * @param level 0 = best, must be below {@link #size()}.
     */
    long price(final int level)
    {
        return toPrice(keys[size - 1 - level]);
    }

    long quantity(final int level)
    {
        return quantities[size - 1 - level];
    }

    int orderCount(final int level)
    {
        return orderCounts[size - 1 - level];
    }

    /**
     * @return the total quantity resting at this price, 0 if there is no level.
     */
    long quantityAt(final long price)
    {
        final int index = search(toKey(price));
        return index >= 0 ? quantities[index] : 0;
    }

    /**
     * One more order of {@code quantity} at {@code price}.
     */
    void addOrder(final long price, final long quantity)
    {
        final long key = toKey(price);
        int index = search(key);
        if (index >= 0)
        {
            quantities[index] += quantity;
            orderCounts[index]++;
            return;
        }

        index = -index - 1;
        if (size == keys.length)
        {
            grow();
        }
        final int tail = size - index;
        if (tail > 0)
        {
            System.arraycopy(keys, index, keys, index + 1, tail);
            System.arraycopy(quantities, index, quantities, index + 1, tail);
            System.arraycopy(orderCounts, index, orderCounts, index + 1, tail);
        }
        keys[index] = key;
        quantities[index] = quantity;
        orderCounts[index] = 1;
        size++;
    }

    /**
     * Take {@code quantity} off the level at {@code price}; {@code orderLeaves} when that order is gone, and
     * the level goes with its last order. The book only calls this for a price it holds an order at.
     */
    void reduce(final long price, final long quantity, final boolean orderLeaves)
    {
        final int index = search(toKey(price));
        if (index < 0)
        {
            return;
        }

        quantities[index] -= quantity;
        if (orderLeaves && --orderCounts[index] == 0)
        {
            final int tail = size - index - 1;
            if (tail > 0)
            {
                System.arraycopy(keys, index + 1, keys, index, tail);
                System.arraycopy(quantities, index + 1, quantities, index, tail);
                System.arraycopy(orderCounts, index + 1, orderCounts, index, tail);
            }
            size--;
        }
    }

    void clear()
    {
        size = 0;
    }

    private int search(final long key)
    {
        // Binary search of keys[0, size); arrivals cluster at the best end, so check it first.
        if (size > 0 && keys[size - 1] == key)
        {
            return size - 1;
        }
        int low = 0;
        int high = size - 1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            final long midKey = keys[mid];
            if (midKey < key)
            {
                low = mid + 1;
            }
            else if (midKey > key)
            {
                high = mid - 1;
            }
            else
            {
                return mid;
            }
        }
        return -(low + 1);
    }

    private long toKey(final long price)
    {
        return bids ? price : ~price;
    }

    private long toPrice(final long key)
    {
        return bids ? key : ~key;
    }

    private void grow()
    {
        final int capacity = keys.length << 1;
        keys = Arrays.copyOf(keys, capacity);
        quantities = Arrays.copyOf(quantities, capacity);
        orderCounts = Arrays.copyOf(orderCounts, capacity);
        growths++;
    }
}
