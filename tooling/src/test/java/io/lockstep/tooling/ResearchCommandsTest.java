package io.lockstep.tooling;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.lockstep.tooling.JournalCommandsTest.run;
import static org.junit.jupiter.api.Assertions.*;

/**
 * From files to journals to feature matrices, through the commands: journal import, features check and
 * research features, on the real samples of engine/src/test/resources/data.
 */
class ResearchCommandsTest
{
    private static final Path DATA = Path.of("../engine/src/test/resources/data");
    private static final Path LOBSTER = DATA.resolve("lobster/AAPL_2012-06-21_34200000_57600000_message_10.csv");
    private static final Path ITCH = DATA.resolve("itch50/nasdaq_itch50_first1000.itch");
    private static final Path PCAP =
        DATA.resolve("itch50/omi-pcaps/Nasdaq.Equities.TotalView.Itch.v5.0/Multiple.Packets.pcap");
    private static final Path MSFT = DATA.resolve("ohlcv/MSFT_2000-09-27_2001-09-27_daily_ohlcv.csv");
    private static final Path EXAMPLE =
        Path.of("../engine/src/main/resources/io/lockstep/features/example-30.features");

    @TempDir
    Path temp;

    @Test
    void featuresCheckPrintsHashesOrTheMistake() throws Exception
    {
        final JournalCommandsTest.Result ok = run("features", "check", EXAMPLE.toString());
        assertEquals(0, ok.exitCode(), ok.err());
        assertTrue(ok.out().contains("OK " + EXAMPLE + ": 30 features"), ok.out());
        assertTrue(ok.out().matches("(?s).*graph hash  [0-9a-f]{64}\\n.*"), ok.out());
        assertTrue(ok.out().matches("(?s).*\\n  vol_20 +[0-9a-f]{64}  Std\\(.*"), ok.out());

        final Path bad = temp.resolve("bad.features");
        Files.writeString(bad, "a = Mean(mid, 10)\nb = Std(a)\n");
        final JournalCommandsTest.Result refused = run("features", "check", bad.toString());
        assertEquals(1, refused.exitCode());
        assertEquals("lockstep features check: " + bad + ":2:5: expected Std(x, window): 2 arguments, found 1",
            refused.err().trim());

        final Path binary = temp.resolve("binary.features");
        Files.write(binary, new byte[] { 'a', ' ', '=', ' ', 'm', 'i', 'd', '\n', 'b', '=', (byte)0xC3, '(' });
        final JournalCommandsTest.Result notText = run("features", "check", binary.toString());
        assertEquals(1, notText.exitCode());
        assertEquals("lockstep features check: " + binary + ": not UTF-8 text: line 2, byte offset 10 (0xc3)",
            notText.err().trim());

        final JournalCommandsTest.Result directory = run("features", "check", temp.toString());
        assertEquals(1, directory.exitCode());
        assertEquals("lockstep features check: " + temp + " is a directory, not a file", directory.err().trim());

        final JournalCommandsTest.Result missing = run("features", "check", temp.resolve("none").toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains("no such feature file"), missing.err());
    }

    @Test
    void importedLobsterJournalCountsByTypeAsTheSampleDocuments()
    {
        final Path journal = temp.resolve("lobster");
        final JournalCommandsTest.Result imported = run("journal", "import", "--feed", "lobster:" + LOBSTER,
            "--out", journal.toString());
        assertEquals(0, imported.exitCode(), imported.err());
        final JournalCommandsTest.Result stats = run("journal", "stats", journal.toString());
        assertTrue(stats.out().contains("records        999"), stats.out());
        assertTrue(stats.out().matches("(?s).*LOBSTER type 1 +471\\n.*"), stats.out());
        assertTrue(stats.out().matches("(?s).*LOBSTER type 3 +369\\n.*"), stats.out());
        assertTrue(stats.out().matches("(?s).*LOBSTER type 4 +98\\n.*"), stats.out());
        assertTrue(stats.out().matches("(?s).*LOBSTER type 5 +61\\n.*"), stats.out());
        assertTrue(stats.out().contains("receive time   1970-01-01T09:30:00.004241176Z"), "event time of row 1");
    }

    @Test
    void importedItchFilesKeepEveryMessage() throws Exception
    {
        final Path file = temp.resolve("itch");
        final JournalCommandsTest.Result binary = run("journal", "import", "--feed", "itch:" + ITCH, "--out",
            file.toString());
        assertEquals(0, binary.exitCode(), binary.err());
        final String stats = run("journal", "stats", file.toString()).out();
        assertTrue(stats.contains("records        1,000"), stats);
        assertTrue(stats.matches("(?s).*ITCH50 'R' StockDirectory +993\\n.*") ||
            stats.matches("(?s).*ITCH50 'R' .* +993\\n.*"), stats);

        // The capture's two packets are not consecutive: the import says so and exits 4 unless gaps are allowed.
        final JournalCommandsTest.Result gapped = run("journal", "import", "--feed", "pcap:" + PCAP, "--out",
            temp.resolve("gapped").toString());
        assertEquals(JournalImportCommand.GAPS, gapped.exitCode(), gapped.err());
        assertTrue(gapped.err().contains("MoldUDP64 gap in session 000010059B: expected sequence 14764497, " +
            "received 19009117"), gapped.err());
        final Path pcap = temp.resolve("pcap");
        final JournalCommandsTest.Result packets = run("journal", "import", "--feed", "pcap:" + PCAP, "--out",
            pcap.toString(), "--allow-gaps");
        assertEquals(0, packets.exitCode(), packets.err());
        final String pcapStats = run("journal", "stats", pcap.toString()).out();
        assertTrue(pcapStats.contains("records        39"), pcapStats);
        assertTrue(pcapStats.matches("(?s).*ITCH50 'A' .* +36\\n.*"), pcapStats);
        assertTrue(packets.out().contains(", 0 frames skipped\n"), packets.out());

        // One more frame, IPv6: skipped, and the summary says why.
        final byte[] capture = Files.readAllBytes(PCAP);
        final java.nio.ByteBuffer frame = java.nio.ByteBuffer.allocate(16 + 54)
            .order(capture[3] == (byte)0xa1 ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN);
        frame.putInt(0).putInt(0).putInt(54).putInt(54).position(16 + 12);
        frame.put((byte)0x86).put((byte)0xdd);
        final Path withIpv6 = temp.resolve("ipv6.pcap");
        Files.write(withIpv6, capture);
        Files.write(withIpv6, frame.array(), java.nio.file.StandardOpenOption.APPEND);
        final JournalCommandsTest.Result skipping = run("journal", "import", "--feed", "pcap:" + withIpv6, "--out",
            temp.resolve("ipv6").toString(), "--allow-gaps");
        assertEquals(0, skipping.exitCode(), skipping.err());
        assertTrue(skipping.out().contains(", 1 frames skipped (NOT_IPV4 1)\n"), skipping.out());

        final Path truncated = temp.resolve("truncated.itch");
        final byte[] bytes = Files.readAllBytes(ITCH);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 5));
        final JournalCommandsTest.Result cut = run("journal", "import", "--feed", "itch:" + truncated, "--out",
            temp.resolve("cut").toString());
        assertEquals(1, cut.exitCode());
        assertTrue(cut.err().contains("truncated at byte offset"), cut.err());
        assertTrue(run("journal", "stats", temp.resolve("cut").toString()).out().contains("records        999"),
            "every whole message before the cut is in the journal");

        // Messages 300 to 399 zeroed (a damaged copy): each zero length is named, and the import fails.
        int start = 0;
        int end = 0;
        for (int message = 0, at = 0; message < 400; message++)
        {
            start = message == 300 ? at : start;
            at += 2 + ((bytes[at] & 0xFF) << 8 | bytes[at + 1] & 0xFF);
            end = at;
        }
        final Path zeroed = temp.resolve("zeroed.itch");
        final byte[] holed = bytes.clone();
        java.util.Arrays.fill(holed, start, end, (byte)0);
        Files.write(zeroed, holed);
        final JournalCommandsTest.Result hole = run("journal", "import", "--feed", "itch:" + zeroed, "--out",
            temp.resolve("holed").toString());
        assertEquals(1, hole.exitCode(), hole.err());
        assertTrue(hole.err().contains(zeroed + ": " + String.format("%,d", (end - start) / 2) + " zero-length " +
            "frames, the last at byte offset " + (end - 2) + ": the file is damaged there"), hole.err());
        assertTrue(hole.out().contains(": 900 messages"), hole.out());

        final Path empty = Files.write(temp.resolve("empty.itch"), new byte[0]);
        final JournalCommandsTest.Result nothing = run("journal", "import", "--feed", "itch:" + empty, "--out",
            temp.resolve("empty").toString());
        assertEquals(1, nothing.exitCode());
        assertTrue(nothing.err().contains(empty + ": no ITCH message in it"), nothing.err());
        final Path emptyLobster = Files.write(temp.resolve("empty_message.csv"), new byte[0]);
        final JournalCommandsTest.Result noRows = run("journal", "import", "--feed", "lobster:" + emptyLobster,
            "--out", temp.resolve("empty-lobster").toString());
        assertEquals(1, noRows.exitCode());
        assertTrue(noRows.err().contains(emptyLobster + ": no LOBSTER row in it"), noRows.err());
        assertFalse(Files.exists(temp.resolve("empty-lobster")) || Files.exists(temp.resolve("empty")),
            "no empty journal left");

        // The capture's last frame cut short (its record says so): its messages are lost, and the import fails.
        final java.nio.ByteBuffer records = java.nio.ByteBuffer.wrap(capture)
            .order(capture[3] == (byte)0xa1 ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN);
        int last = 24;
        while (last + 16 + records.getInt(last + 8) < capture.length)
        {
            last += 16 + records.getInt(last + 8);
        }
        records.putInt(last + 8, records.getInt(last + 8) - 10);
        final Path shortFrame = temp.resolve("short.pcap");
        Files.write(shortFrame, java.util.Arrays.copyOf(capture, capture.length - 10));
        final JournalCommandsTest.Result lost = run("journal", "import", "--feed", "pcap:" + shortFrame, "--out",
            temp.resolve("short").toString(), "--allow-gaps");
        assertEquals(1, lost.exitCode(), lost.err());
        assertTrue(lost.err().contains(shortFrame + ": 1 frames that may have carried the feed were skipped " +
            "(TRUNCATED_FRAME 1): their messages were not imported"), lost.err());
    }

    @Test
    void researchFeaturesStreamsAReproducibleMatrixWithLabelsFromTheFuture() throws Exception
    {
        final Path journal = temp.resolve("lobster");
        assertEquals(0, run("journal", "import", "--feed", "lobster:" + LOBSTER, "--out", journal.toString())
            .exitCode());
        final Path graph = temp.resolve("graph.features");
        Files.writeString(graph, "r10 = Ret(mid, 10)\nspread_bps = Spread() / mid * 10000\nimb = Imbalance(3)\n");
        final Path first = temp.resolve("first.csv");
        final JournalCommandsTest.Result result = run("research", "features", "--journal", journal.toString(),
            "--graph", graph.toString(), "--out", first.toString(), "--label", "fwd_r10=Fwd(Ret(mid, 10), 10)");
        assertEquals(0, result.exitCode(), result.err());
        assertFalse(result.err().contains("warning"), result.err());

        final List<String> rows = Files.readAllLines(first);
        assertEquals("sequence,event_time_ns,instrument,r10,spread_bps,imb,fwd_r10", rows.get(0));
        assertEquals(1 + 999, rows.size(), "one row per book or trade event");
        for (int i = 1; i < rows.size(); i++)
        {
            final String[] row = rows.get(i).split(",", -1);
            assertEquals(Integer.toString(i), row[0], "journal order without instrument interleaving");
            assertEquals("1", row[2]);
            if (i + 10 < rows.size())
            {
                final String[] later = rows.get(i + 10).split(",", -1);
                assertEquals(later[3], row[6], "label of row " + i + " is r10 ten events later, bit for bit");
            }
            else
            {
                assertEquals("", row[6], "no future past the journal's end");
            }
        }

        final Path second = temp.resolve("second.csv");
        assertEquals(0, run("research", "features", "--journal", journal.toString(), "--graph", graph.toString(),
            "--out", second.toString(), "--label", "fwd_r10=Fwd(Ret(mid, 10), 10)").exitCode());
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second), "two runs, identical bytes");

        final JournalCommandsTest.Result beyond = run("research", "features", "--journal", journal.toString(),
            "--graph", graph.toString(), "--out", temp.resolve("beyond.csv").toString(),
            "--label", "fwd_far=Fwd(mid, 5000)", "--label", "fwd_r10=Fwd(Ret(mid, 10), 10)");
        assertEquals(0, beyond.exitCode(), beyond.err());
        assertTrue(beyond.err().contains("warning: label fwd_far is empty in every row: it is its expression " +
            "5,000 events later"), beyond.err());
        assertFalse(beyond.err().contains("label fwd_r10"), beyond.err());

        final JournalCommandsTest.Result live = run("research", "features", "--journal", journal.toString(),
            "--graph", graph.toString(), "--out", temp.resolve("x.csv").toString(), "--label", "bad=Ret(mid, 10)");
        assertEquals(1, live.exitCode());
        assertTrue(live.err().contains("--label bad=Ret(mid, 10):1:5: expected a label of the form Fwd"), live.err());

        final JournalCommandsTest.Result twice = run("research", "features", "--journal", journal.toString(),
            "--graph", graph.toString(), "--out", temp.resolve("x.csv").toString(), "--label", "y=Fwd(mid, 10)",
            "--label", "y=Fwd(mid, 20)");
        assertEquals(1, twice.exitCode());
        assertTrue(twice.err().contains("label 'y' is given twice"), twice.err());
        final JournalCommandsTest.Result input = run("research", "features", "--journal", journal.toString(),
            "--graph", graph.toString(), "--out", temp.resolve("x.csv").toString(), "--label", "mid=Fwd(mid, 10)");
        assertEquals(1, input.exitCode());
        assertTrue(input.err().contains("label 'mid' has the name of an input"), input.err());
        final JournalCommandsTest.Result column = run("research", "features", "--journal", journal.toString(),
            "--graph", graph.toString(), "--out", temp.resolve("x.csv").toString(), "--label", "sequence=Fwd(mid, 1)");
        assertEquals(1, column.exitCode());
        assertTrue(column.err().contains("label 'sequence' has the name of one of the matrix's own columns"),
            column.err());
        final JournalCommandsTest.Result negative = run("research", "features", "--journal", journal.toString(),
            "--graph", graph.toString(), "--out", temp.resolve("x.csv").toString(), "--instrument", "-1");
        assertEquals(1, negative.exitCode());
        assertEquals("lockstep research features: --instrument -1: must be from 0 to 2147483647",
            negative.err().trim());
        assertFalse(Files.exists(temp.resolve("x.csv")), "nothing written by the refused commands");

        // The open's first second holds more than 50 of the sample's events: the matrix says what that cost.
        final Path bounded = temp.resolve("bounded.features");
        Files.writeString(bounded, "_m = Mean(mid, 1s, max_events=50)\nm = _m - mid\nplain = mid\n");
        final JournalCommandsTest.Result truncated = run("research", "features", "--journal", journal.toString(),
            "--graph", bounded.toString(), "--out", temp.resolve("bounded.csv").toString());
        assertEquals(0, truncated.exitCode(), truncated.err());
        assertTrue(truncated.err().matches("(?s).*warning: [0-9,]+ events were pushed out of duration windows " +
            "early by bursts .*raise their max_events to keep them \\(m\\)\n.*"), truncated.err());
    }

    @Test
    void ticksWithoutSizesAreTradesOfUnknownSize() throws Exception
    {
        final Path ticks = Files.writeString(temp.resolve("X_ticks.csv"), "timestamp,price\n" +
            "2024-01-02T14:30:00Z,100.25\n2024-01-02T14:30:01Z,100.5\n2024-01-02T14:30:02Z,100.75\n");
        final Path journal = temp.resolve("ticks");
        assertEquals(0, run("journal", "import", "--feed", "csv:" + ticks, "--out", journal.toString()).exitCode());
        final Path graph = Files.writeString(temp.resolve("ticks.features"), "lp = last_price\n");
        final Path out = temp.resolve("ticks-features.csv");
        final JournalCommandsTest.Result result = run("research", "features", "--journal", journal.toString(),
            "--graph", graph.toString(), "--out", out.toString());
        assertEquals(0, result.exitCode(), result.err());
        assertFalse(result.err().contains("warning"), result.err());
        assertEquals(List.of("100.25", "100.5", "100.75"), Files.readAllLines(out).stream().skip(1)
            .map((row) -> row.substring(row.lastIndexOf(',') + 1)).toList());
    }

    @Test
    void barsFromCsvBecomeAFeatureSeries() throws Exception
    {
        final Path journal = temp.resolve("msft");
        final JournalCommandsTest.Result tooLong = run("journal", "import", "--feed", "csv:" + MSFT, "--out",
            journal.toString(), "--symbol", "MICROSOFT_CORPORATION");
        assertEquals(1, tooLong.exitCode(), tooLong.out());
        assertTrue(tooLong.err().contains("--symbol 'MICROSOFT_CORPORATION': expected 1 to 16 characters"),
            tooLong.err());
        final JournalCommandsTest.Result imported = run("journal", "import", "--feed", "csv:" + MSFT, "--out",
            journal.toString(), "--instrument", "7");
        assertEquals(0, imported.exitCode(), imported.err());
        assertTrue(imported.out().contains("249 bars"), imported.out());
        final JournalCommandsTest.Result definition = run("journal", "dump", journal.toString(), "--limit", "1");
        assertTrue(definition.out().contains("symbol=MSFT venue=CSV"), "named from the file: " + definition.out());
        final Path graph = temp.resolve("bars.features");
        Files.writeString(graph, "close = last_price\nsma_5 = Mean(last_price, 5)\n");
        final Path out = temp.resolve("bars.csv");
        assertEquals(0, run("research", "features", "--journal", journal.toString(), "--graph", graph.toString(),
            "--out", out.toString()).exitCode());
        final List<String> rows = Files.readAllLines(out);
        assertEquals(250, rows.size());
        final JournalCommandsTest.Result other = run("research", "features", "--journal", journal.toString(),
            "--graph", graph.toString(), "--out", temp.resolve("other.csv").toString(), "--instrument", "8");
        assertEquals(1, other.exitCode());
        assertTrue(other.err().contains("no event of instrument 8 in the 250 records of " + journal), other.err());
        assertTrue(rows.get(1).endsWith(",7,60.625,"), "first close, SMA warming up: " + rows.get(1));
        final List<String> source = Files.readAllLines(MSFT);
        double sum = 0;
        for (int i = 1; i <= 5; i++)
        {
            sum += Double.parseDouble(source.get(i).split(",")[4]);
        }
        assertEquals(sum / 5, Double.parseDouble(rows.get(5).split(",")[4]), 1e-9);
    }

    @Test
    void demoPlaysARecordedLobsterFeedThroughTheEngine()
    {
        final Path out = temp.resolve("demo");
        final JournalCommandsTest.Result result = run("demo", "--feed", "lobster:" + LOBSTER, "--rate", "2000",
            "--duration", "2s", "--out", out.toString());
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("feed lobster:" + LOBSTER + ": 999 messages"), result.out());
        final String stats = run("journal", "stats", out.resolve("inputs").toString()).out();
        assertTrue(stats.matches("(?s).*SBE_MARKET_DATA +999\n.*"), "every LOBSTER row reached the engine: " + stats);
    }

    @Test
    void corruptJournalStopsResearchWithTheRecordNamed() throws Exception
    {
        final Path journal = temp.resolve("lobster");
        assertEquals(0, run("journal", "import", "--feed", "lobster:" + LOBSTER, "--out", journal.toString())
            .exitCode());
        final Path segment = Files.list(journal).filter((p) -> p.toString().endsWith(".segment")).findFirst()
            .orElseThrow();
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw"))
        {
            file.seek(20_000);
            file.write(0x55 ^ file.readByte());
        }
        final Path graph = temp.resolve("g.features");
        Files.writeString(graph, "m = mid\n");
        final JournalCommandsTest.Result result = run("research", "features", "--journal", journal.toString(),
            "--graph", graph.toString(), "--out", temp.resolve("o.csv").toString());
        assertEquals(1, result.exitCode());
        assertTrue(result.err().contains("corrupt record in " + segment) && result.err().contains("sequence"),
            result.err());
    }
}
