package io.lockstep.perf;

import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Locale;

/**
 * An inline SVG percentile distribution plot in the HdrHistogram style: x is the percentile on a log scale of
 * 1/(1-p), so each decade to the right is one more nine (90%, 99%, 99.9% ...); y is the latency in
 * microseconds on a log scale. One polyline per run with samples, engine solid and other modes dashed, one
 * colour per rate, and a legend with every run.
 */
final class PercentilePlot
{
    /** The 99.999% tick is always drawn; more decades only when a run has the samples to fill them. */
    private static final int MIN_DECADES = 5;
    private static final int MAX_DECADES = 7;
    private static final int POINTS_PER_DECADE = 40;

    private static final int LEFT = 80;
    private static final int RIGHT = 720;
    private static final int TOP = 20;
    private static final int BOTTOM = 420;
    private static final int LEGEND_X = 745;
    private static final int LEGEND_ROW = 20;
    private static final int WIDTH = 980;
    private static final int MIN_HEIGHT = 480;
    private static final String DASHES = " stroke-dasharray=\"6 4\"";

    private static final double NANOS_PER_MICRO = 1000.0;

    private PercentilePlot()
    {
    }

    /**
     * @param runs    in legend order.
     * @param colours the stroke colour of each run, same order.
     */
    static String svg(final List<RunResult> runs, final List<String> colours)
    {
        long maxCount = 0;
        for (final RunResult run : runs)
        {
            maxCount = Math.max(maxCount, run.latencyNs().getTotalCount());
        }
        final int decades = (int)Math.min(
            MAX_DECADES, Math.max(MIN_DECADES, Math.ceil(Math.log10(Math.max(1, maxCount)))));

        final double[][] curves = new double[runs.size()][];
        double lowest = Double.POSITIVE_INFINITY;
        double highest = 0.0;
        for (int i = 0; i < runs.size(); i++)
        {
            final Histogram histogram = runs.get(i).latencyNs();
            if (histogram.getTotalCount() > 0)
            {
                curves[i] = curve(histogram, decades);
                for (final double value : curves[i])
                {
                    if (value > 0.0)
                    {
                        lowest = Math.min(lowest, value);
                    }
                    highest = Math.max(highest, value);
                }
            }
        }
        int lowDecade = 0;
        int highDecade = 3;
        if (highest > 0.0)
        {
            lowDecade = (int)Math.floor(Math.log10(lowest));
            highDecade = Math.max(lowDecade + 1, (int)Math.ceil(Math.log10(highest)));
        }

        final int height = Math.max(MIN_HEIGHT, TOP + LEGEND_ROW * (runs.size() + 1));
        final StringBuilder svg = new StringBuilder(16 * 1024);
        svg.append(String.format(Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" " +
            "font-family=\"sans-serif\" font-size=\"12\" role=\"img\" aria-label=\"Latency by percentile\">\n",
            WIDTH, height, WIDTH, height));
        svg.append(String.format(Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fff\" stroke=\"#444\"/>\n",
            LEFT, TOP, RIGHT - LEFT, BOTTOM - TOP));
        xAxis(svg, decades);
        yAxis(svg, lowDecade, highDecade);
        for (int i = 0; i < runs.size(); i++)
        {
            if (curves[i] != null)
            {
                polyline(svg, runs.get(i), colours.get(i), curves[i], decades, lowDecade, highDecade);
            }
        }
        legend(svg, runs, colours);
        return svg.append("</svg>\n").toString();
    }

    /** Latency in microseconds at evenly spaced x, the last point at 100% (the maximum). */
    private static double[] curve(final Histogram histogram, final int decades)
    {
        final int points = decades * POINTS_PER_DECADE + 1;
        final double[] values = new double[points];
        for (int i = 0; i < points; i++)
        {
            final double percentile = i == points - 1 ?
                100.0 : 100.0 * (1.0 - Math.pow(10.0, -(double)i / POINTS_PER_DECADE));
            values[i] = histogram.getValueAtPercentile(percentile) / NANOS_PER_MICRO;
        }
        return values;
    }

    private static void xAxis(final StringBuilder svg, final int decades)
    {
        for (int d = 0; d <= decades; d++)
        {
            final double x = x(d, decades);
            if (d > 0 && d < decades)
            {
                gridLine(svg, x, TOP, x, BOTTOM);
            }
            svg.append(String.format(Locale.ROOT,
                "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", x, BOTTOM + 18, percentLabel(d)));
        }
        svg.append(String.format(Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">Percentile (log scale of 1/(1-p))</text>\n",
            (LEFT + RIGHT) / 2, BOTTOM + 42));
    }

    private static void yAxis(final StringBuilder svg, final int lowDecade, final int highDecade)
    {
        for (int d = lowDecade; d <= highDecade; d++)
        {
            final double y = y(Math.pow(10.0, d), lowDecade, highDecade);
            if (d > lowDecade && d < highDecade)
            {
                gridLine(svg, LEFT, y, RIGHT, y);
            }
            svg.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" dominant-baseline=\"middle\">%s</text>\n",
                LEFT - 6, y, decadeLabel(d)));
        }
        final int middle = (TOP + BOTTOM) / 2;
        svg.append(String.format(Locale.ROOT,
            "<text x=\"22\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 22 %d)\">" +
            "Latency (\u00b5s, log scale)</text>\n", middle, middle));
    }

    private static void gridLine(
        final StringBuilder svg, final double x1, final double y1, final double x2, final double y2)
    {
        svg.append(String.format(Locale.ROOT,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n", x1, y1, x2, y2));
    }

    private static void polyline(
        final StringBuilder svg,
        final RunResult run,
        final String colour,
        final double[] values,
        final int decades,
        final int lowDecade,
        final int highDecade)
    {
        svg.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"1.5\"")
            .append(RunResult.ENGINE.equals(run.mode()) ? "" : DASHES)
            .append(" points=\"");
        // Values below the axis (0 ns) sit on it rather than at minus infinity.
        final double bottom = Math.pow(10.0, lowDecade);
        for (int i = 0; i < values.length; i++)
        {
            // Inside a flat stretch a point adds nothing to the line: kept are its ends only.
            if (i > 0 && i < values.length - 1 && values[i - 1] == values[i] && values[i] == values[i + 1])
            {
                continue;
            }
            svg.append(String.format(Locale.ROOT, i == 0 ? "%.1f,%.1f" : " %.1f,%.1f",
                x((double)i / POINTS_PER_DECADE, decades), y(Math.max(bottom, values[i]), lowDecade, highDecade)));
        }
        svg.append("\"><title>").append(ReportHtml.escape(ReportHtml.runLabel(run))).append("</title></polyline>\n");
    }

    private static void legend(final StringBuilder svg, final List<RunResult> runs, final List<String> colours)
    {
        for (int i = 0; i < runs.size(); i++)
        {
            final RunResult run = runs.get(i);
            final int y = TOP + LEGEND_ROW * i + LEGEND_ROW / 2;
            svg.append(String.format(Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>\n",
                LEGEND_X, y, LEGEND_X + 30, y, colours.get(i), RunResult.ENGINE.equals(run.mode()) ? "" : DASHES));
            final String label = ReportHtml.runLabel(run) +
                (run.latencyNs().getTotalCount() == 0 ? " (no samples)" : "");
            svg.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" dominant-baseline=\"middle\">%s</text>\n",
                LEGEND_X + 36, y, ReportHtml.escape(label)));
        }
    }

    private static double x(final double decade, final int decades)
    {
        return LEFT + (RIGHT - LEFT) * decade / decades;
    }

    private static double y(final double valueUs, final int lowDecade, final int highDecade)
    {
        return BOTTOM - (BOTTOM - TOP) * (Math.log10(valueUs) - lowDecade) / (highDecade - lowDecade);
    }

    /** 0%, 90%, 99%, 99.9% ... at 0, 1, 2, 3 ... decades of 1/(1-p). */
    static String percentLabel(final int decade)
    {
        if (decade == 0)
        {
            return "0%";
        }
        if (decade == 1)
        {
            return "90%";
        }
        return decade == 2 ? "99%" : "99." + "9".repeat(decade - 2) + "%";
    }

    /** 10^decade written out: 0.01, 0.1, 1, 10, 100 ... */
    static String decadeLabel(final int decade)
    {
        return decade >= 0 ? "1" + "0".repeat(decade) : "0." + "0".repeat(-decade - 1) + "1";
    }
}
