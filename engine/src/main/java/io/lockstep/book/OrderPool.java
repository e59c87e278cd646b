package io.lockstep.book;

import org.agrona.collections.Long2LongHashMap;

import java.util.Arrays;

/**
 * The resting orders of one book in parallel primitive arrays indexed by slot, with a free-slot stack and an
 * order id to slot index. Preallocated for a capacity; when it is exceeded every array doubles (counted in
 * {@link #growths()}), the only allocation after construction. Single-threaded.
 * <p>
 * The index is Agrona's open-addressing {@link Long2LongHashMap} used through its primitive methods only
 * ({@code get}, {@code put}, {@code remove(long)}): with a fixed capacity these neither box nor allocate
 * (removal compacts the probe chain in place), which the book's allocation test checks over a million events.
 * It is sized at twice the capacity with load factor 0.5, so it rehashes at the same point the pool grows.
 * Order ids are any long; slot values are never negative, so -1 marks a missing id.
 */
final class OrderPool
{
    static final int NO_SLOT = -1;

    private final Long2LongHashMap slotById;
    private long[] orderIds;
    private long[] prices;
    private long[] quantities;
    private byte[] sides;
    private int[] freeSlots;
    private int freeCount;
    private int growths;

    OrderPool(final int capacity)
    {
        final int initial = Math.max(16, capacity);
        slotById = new Long2LongHashMap(initial * 2, 0.5f, NO_SLOT);
        orderIds = new long[initial];
        prices = new long[initial];
        quantities = new long[initial];
        sides = new byte[initial];
        freeSlots = new int[initial];
        pushFreeSlots(0, initial);
    }

    /**
     * @return the slot of this order or {@link #NO_SLOT}.
     */
    int slotOf(final long orderId)
    {
        return (int)slotById.get(orderId);
    }

    /**
     * Take a free slot for an order whose id is not in the pool (the caller checks).
     */
    int allocate(final long orderId, final byte side, final long price, final long quantity)
    {
        if (freeCount == 0)
        {
            grow();
        }
        final int slot = freeSlots[--freeCount];
        orderIds[slot] = orderId;
        sides[slot] = side;
        prices[slot] = price;
        quantities[slot] = quantity;
        slotById.put(orderId, slot);
        return slot;
    }

    void release(final int slot)
    {
        slotById.remove(orderIds[slot]);
        quantities[slot] = 0;
        freeSlots[freeCount++] = slot;
    }

    long orderId(final int slot)
    {
        return orderIds[slot];
    }

    byte side(final int slot)
    {
        return sides[slot];
    }

    long price(final int slot)
    {
        return prices[slot];
    }

    long quantity(final int slot)
    {
        return quantities[slot];
    }

    void quantity(final int slot, final long quantity)
    {
        quantities[slot] = quantity;
    }

    int size()
    {
        return slotById.size();
    }

    int capacity()
    {
        return orderIds.length;
    }

    int growths()
    {
        return growths;
    }

    void clear()
    {
        slotById.clear();
        freeCount = 0;
        pushFreeSlots(0, orderIds.length);
    }

    private void grow()
    {
        final int oldCapacity = orderIds.length;
        final int capacity = oldCapacity << 1;
        orderIds = Arrays.copyOf(orderIds, capacity);
        prices = Arrays.copyOf(prices, capacity);
        quantities = Arrays.copyOf(quantities, capacity);
        sides = Arrays.copyOf(sides, capacity);
        freeSlots = Arrays.copyOf(freeSlots, capacity);
        pushFreeSlots(oldCapacity, capacity);
        growths++;
    }

    private void pushFreeSlots(final int from, final int to)
    {
        // Highest first, so slots are handed out from 0 upwards: the live orders stay packed at the start.
        for (int slot = to - 1; slot >= from; slot--)
        {
            freeSlots[freeCount++] = slot;
        }
    }
}
