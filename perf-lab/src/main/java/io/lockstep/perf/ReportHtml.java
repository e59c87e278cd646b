package io.lockstep.perf;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * report.html: one self-contained page (inline CSS and SVG, nothing fetched) with the scenario and its facts,
 * the percentile plot of every run, then a table per rate comparing engine and floor. All text from the
 * caller is escaped.
 */
final class ReportHtml
{
    /** Tableau 10: distinct on screen and in print; cycled beyond ten rates. */
    private static final String[] COLOURS =
    {
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"
    };

    private static final String STYLE =
        "body{font-family:sans-serif;margin:2em;color:#222}" +
        "table{border-collapse:collapse;margin:0.5em 0 1.5em}" +
        "th,td{border:1px solid #ccc;padding:0.25em 0.6em}" +
        "th{background:#f4f4f4;text-align:left}" +
        "td.n{text-align:right;font-variant-numeric:tabular-nums}" +
        "p.note{color:#555;max-width:60em}" +
        "p.warn{color:#a00;font-weight:bold;max-width:60em}";

    private ReportHtml()
    {
    }

    /**
     * @param summary the same runs summarised, for the tables.
     * @param runs    for the plot, which needs the whole distributions.
     */
    static String render(final Summary summary, final List<RunResult> runs)
    {
        final List<RunResult> ordered = new ArrayList<>(runs);
        ordered.sort(
            Comparator.comparingLong(RunResult::offeredRate).thenComparing(RunResult::mode, ReportHtml::byMode));
        final List<Long> rates = new ArrayList<>(new TreeSet<>(ordered.stream().map(RunResult::offeredRate).toList()));
        final List<String> colours = new ArrayList<>(ordered.size());
        for (final RunResult run : ordered)
        {
            colours.add(COLOURS[rates.indexOf(run.offeredRate()) % COLOURS.length]);
        }

        final String title = "Lockstep perf-lab: " + summary.scenario();
        final StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .append(escape(title)).append("</title>\n<style>").append(STYLE).append("</style>\n</head>\n<body>\n")
            .append("<h1>").append(escape(title)).append("</h1>\n");
        facts(html, summary.facts());

        html.append("<h2>Latency by percentile</h2>\n<p class=\"note\">Latency is measured from each message's ")
            .append("scheduled send time, so a stall anywhere shows as latency rather than as missing samples. ")
            .append("Engine: solid lines; floor (bare Aeron echo): dashed; one colour per offered rate.</p>\n")
            .append(PercentilePlot.svg(ordered, colours));

        for (final long rate : rates)
        {
            rateTable(html, summary, rate);
        }
        return html.append("</body>\n</html>\n").toString();
    }

    private static void facts(final StringBuilder html, final Map<String, String> facts)
    {
        if (facts.isEmpty())
        {
            return;
        }
        html.append("<table class=\"facts\">\n");
        for (final Map.Entry<String, String> fact : facts.entrySet())
        {
            html.append("<tr><th>").append(escape(fact.getKey())).append("</th><td>").append(escape(fact.getValue()))
                .append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static void rateTable(final StringBuilder html, final Summary summary, final long rate)
    {
        final List<Summary.Run> runs = new ArrayList<>();
        for (final Summary.Run run : summary.runs())
        {
            if (run.offeredRate() == rate)
            {
                runs.add(run);
            }
        }
        runs.sort(Comparator.comparing(Summary.Run::mode, ReportHtml::byMode));
        final Summary.Ratio ratio = summary.ratio(rate);

        html.append("<h2>Offered rate ").append(formatCount(rate)).append(" msg/s</h2>\n")
            .append("<table class=\"rate\">\n<tr><th></th>");
        for (final Summary.Run run : runs)
        {
            html.append("<th>").append(escape(run.mode())).append("</th>");
        }
        if (ratio != null)
        {
            html.append("<th>engine/floor</th>");
        }
        html.append("</tr>\n");

        for (int p = 0; p < Summary.Percentiles.NAMES.size(); p++)
        {
            html.append("<tr><th>").append(Summary.Percentiles.NAMES.get(p)).append(" (\u00b5s)</th>");
            for (final Summary.Run run : runs)
            {
                cell(html, run.measured() == 0 ? "n/a" : formatUs(run.percentilesUs().get(p)));
            }
            if (ratio != null)
            {
                cell(html, formatRatio(ratio.engineOverFloor().get(p)));
            }
            html.append("</tr>\n");
        }

        // Each count is divided by the time its messages were scheduled over: warm-up and measurement apart.
        row(html, "warm-up: sent", runs, ratio, (run) -> formatCount(run.warmUpSent()));
        row(html, "warm-up: seconds", runs, ratio, (run) -> String.format(Locale.ROOT, "%.3f", run.warmUpSeconds()));
        row(html, "warm-up: sent/s", runs, ratio, (run) -> perSecond(run.warmUpSent(), run.warmUpSeconds()));
        row(html, "scheduled", runs, ratio, (run) -> formatCount(run.scheduled()));
        row(html, "sent", runs, ratio, (run) -> formatCount(run.sent()));
        row(html, "received", runs, ratio, (run) -> formatCount(run.received()));
        row(html, "measured", runs, ratio, (run) -> formatCount(run.measured()));
        row(html, "missing (never arrived)", runs, ratio, (run) -> formatCount(run.missing()));
        row(html, "seconds", runs, ratio, (run) -> String.format(Locale.ROOT, "%.3f", run.seconds()));
        row(html, "sent/s", runs, ratio, (run) -> perSecond(run.sent(), run.seconds()));
        row(html, "GC count", runs, ratio, (run) -> formatCount(run.gcCount()));
        row(html, "GC time (ms)", runs, ratio, (run) -> formatCount(run.gcTimeMs()));
        row(html, "allocated (bytes)", runs, ratio, (run) -> run.allocatedBytes() < 0 ?
            "n/a" : formatCount(run.allocatedBytes()));
        row(html, "allocated/sent (bytes)", runs, ratio, (run) -> run.allocatedBytes() < 0 || run.sent() <= 0 ?
            "n/a" : String.format(Locale.ROOT, "%.1f", (double)run.allocatedBytes() / run.sent()));
        html.append("<tr><th>distribution</th>");
        for (final Summary.Run run : runs)
        {
            final String file = PerfReport.hgrmFileName(run.mode(), run.offeredRate());
            html.append("<td><a href=\"").append(escape(file)).append("\">").append(escape(file)).append("</a></td>");
        }
        if (ratio != null)
        {
            html.append("<td></td>");
        }
        html.append("</tr>\n</table>\n");
        for (final Summary.Run run : runs)
        {
            if (run.missing() != 0 || run.received() != run.sent() || run.sent() != run.scheduled())
            {
                html.append("<p class=\"warn\">").append(escape(run.mode())).append(": of ")
                    .append(formatCount(run.scheduled())).append(" messages scheduled in the measurement, ")
                    .append(formatCount(run.sent())).append(" sent and ").append(formatCount(run.received()))
                    .append(" consumed; ").append(formatCount(run.missing()))
                    .append(" samples never arrived. Not a valid measurement: its percentiles leave them out.</p>\n");
            }
        }
    }

    private static String perSecond(final long count, final double seconds)
    {
        return seconds > 0.0 ? formatCount(Math.round(count / seconds)) : "n/a";
    }

    private static void row(
        final StringBuilder html, final String name, final List<Summary.Run> runs, final Summary.Ratio ratio,
        final Function<Summary.Run, String> cell)
    {
        html.append("<tr><th>").append(escape(name)).append("</th>");
        for (final Summary.Run run : runs)
        {
            cell(html, cell.apply(run));
        }
        if (ratio != null)
        {
            html.append("<td></td>");
        }
        html.append("</tr>\n");
    }

    private static void cell(final StringBuilder html, final String text)
    {
        html.append("<td class=\"n\">").append(escape(text)).append("</td>");
    }

    /** Engine first, then floor, then any other mode by name. */
    private static int byMode(final String a, final String b)
    {
        final int byRank = Integer.compare(modeRank(a), modeRank(b));
        return byRank != 0 ? byRank : a.compareTo(b);
    }

    private static int modeRank(final String mode)
    {
        return RunResult.ENGINE.equals(mode) ? 0 : RunResult.FLOOR.equals(mode) ? 1 : 2;
    }

    static String runLabel(final RunResult run)
    {
        return run.mode() + " " + formatCount(run.offeredRate()) + " msg/s";
    }

    /** About four significant figures: sub-microsecond floors keep their digits, millisecond tails lose noise. */
    static String formatUs(final double us)
    {
        if (!Double.isFinite(us))
        {
            return "n/a";
        }
        final double magnitude = Math.abs(us);
        final String pattern =
            magnitude < 10.0 ? "%.3f" : magnitude < 100.0 ? "%.2f" : magnitude < 1000.0 ? "%.1f" : "%,.0f";
        return String.format(Locale.ROOT, pattern, us);
    }

    static String formatRatio(final double ratio)
    {
        return Double.isFinite(ratio) ? String.format(Locale.ROOT, "%.2f", ratio) : "n/a";
    }

    static String formatCount(final long count)
    {
        return String.format(Locale.ROOT, "%,d", count);
    }

    /** Safe in element text and in quoted attribute values. */
    static String escape(final String text)
    {
        final StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '&': out.append("&amp;"); break;
                case '<': out.append("&lt;"); break;
                case '>': out.append("&gt;"); break;
                case '"': out.append("&quot;"); break;
                case '\'': out.append("&#39;"); break;
                default:
                    if (Character.isHighSurrogate(c) && i + 1 < text.length() &&
                        Character.isLowSurrogate(text.charAt(i + 1)))
                    {
                        out.append(c).append(text.charAt(++i));
                    }
                    else if (Character.isSurrogate(c) || (c < 0x20 && c != '\t' && c != '\n' && c != '\r'))
                    {
                        // Lone surrogates cannot be encoded and other C0 controls are not allowed in HTML.
                        out.append('\ufffd');
                    }
                    else
                    {
                        out.append(c);
                    }
            }
        }
        return out.toString();
    }
}
