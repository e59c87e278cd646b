package io.lockstep.feed.aeron;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.lockstep.feed.MarketDataListener;
import io.lockstep.feed.SyntheticMarketData;
import io.lockstep.feed.sbe.SbeMarketDataDecoder;
import io.lockstep.testing.EmbeddedMediaDriver;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lockstep SBE market data published over Aeron (IPC and UDP on loopback, embedded media driver) arrives whole
 * and in order, decodes, and a malformed message is rejected with a counted reason while the stream goes on.
 */
class AeronFeedSubscriberTest
{
    private static final int MESSAGES = 20_000;

    @TempDir
    Path temp;

    @Test
    void ipcAndUdpLoopbackDeliverEveryMessageInOrder()
    {
        try (MediaDriver driver = EmbeddedMediaDriver.launch(temp.resolve("aeron"));
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName())))
        {
            for (final String channel : new String[] { "aeron:ipc", "aeron:udp?endpoint=127.0.0.1:24571" })
            {
                roundTrip(aeron, channel);
            }
        }
    }

    private static void roundTrip(final Aeron aeron, final String channel)
    {
        final CRC32C sent = new CRC32C();
        final CRC32C received = new CRC32C();
        final byte[] scratch = new byte[256];
        final SbeMarketDataDecoder decoder = new SbeMarketDataDecoder();
        final long[] adds = { 0 };
        final MarketDataListener listener = new CountingListener(adds);

        try (Subscription subscription = aeron.addSubscription(channel, 1001);
            Publication publication = aeron.addPublication(channel, 1001))
        {
            final AeronFeedSubscriber subscriber = new AeronFeedSubscriber(subscription, new SystemEpochNanoClock(),
                (buffer, offset, length, receiveTimeNs) ->
                {
                    buffer.getBytes(offset, scratch, 0, length);
                    received.update(scratch, 0, length);
                    decoder.decode(buffer, offset, length, listener);
                });
            final BackoffIdleStrategy idle = new BackoffIdleStrategy();
            while (!publication.isConnected())
            {
                idle.idle();
            }

            final SyntheticMarketData market = new SyntheticMarketData(5, 1, 0, 1_000, 1_000_000);
            final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
            int published = 0;
            long expectedAdds = 0;
            while (published < MESSAGES)
            {
                final int length = published == MESSAGES / 2 ? garbage(buffer) : market.next(buffer, 0);
                long result;
                while ((result = publication.offer(buffer, 0, length)) < 0)
                {
                    assertTrue(result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION,
                        "offer failed: " + result);
                    subscriber.poll(64);
                }
                if (length > 8 && buffer.getShort(2) == 2)
                {
                    expectedAdds++;
                }
                final byte[] bytes = new byte[length];
                buffer.getBytes(0, bytes);
                sent.update(bytes, 0, length);
                published++;
                subscriber.poll(64);
            }
            final long deadline = System.nanoTime() + 10_000_000_000L;
            while (subscriber.messages() < MESSAGES && System.nanoTime() < deadline)
            {
                idle.idle(subscriber.poll(64));
            }
            assertEquals(MESSAGES, subscriber.messages(), channel);
            assertEquals(sent.getValue(), received.getValue(), channel + ": same bytes in the same order");
            assertEquals(expectedAdds, adds[0], channel);
            assertEquals(1, decoder.counters().rejects(SbeMarketDataDecoder.WRONG_SCHEMA),
                channel + ": the garbage message");
        }
    }

    /** Eight bytes that are not a Lockstep market-data message. */
    private static int garbage(final UnsafeBuffer buffer)
    {
        buffer.putLong(0, 0x7777_6666_5555_4444L);
        return 12;
    }

    private static final class CountingListener implements MarketDataListener
    {
        private final long[] adds;

        CountingListener(final long[] adds)
        {
            this.adds = adds;
        }

        public void onAddOrder(final long t, final int i, final long o, final byte s, final long p, final long q)
        {
            adds[0]++;
        }

        public void onOrderCancel(final long t, final int i, final long o, final long q)
        {
        }

        public void onOrderDelete(final long t, final int i, final long o)
        {
        }

        public void onOrderExecute(final long t, final int i, final long o, final long q, final long p, final long m)
        {
        }

        public void onOrderReplace(final long t, final int i, final long o, final long n, final long p, final long q)
        {
        }

        public void onTrade(final long t, final int i, final long p, final long q, final byte s, final long m)
        {
        }
    }
}
