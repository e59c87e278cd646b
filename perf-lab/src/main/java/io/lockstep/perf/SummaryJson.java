package io.lockstep.perf;

import io.lockstep.util.JsonParser;
import io.lockstep.util.JsonWriter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The summary.json form of a {@link Summary}. Reading is strict about the JSON ({@link JsonParser}) and about
 * the fields this version needs (each error names the source and the field's path), but ignores fields it
 * does not know, so an older compare can still read a newer summary.
 */
final class SummaryJson
{
    /** 2: sent and received count the measurement window only, and warm-up, schedule and missing are recorded. */
    static final long FORMAT_VERSION = 2;

    private SummaryJson()
    {
    }

    static String write(final Summary summary)
    {
        final JsonWriter json = new JsonWriter().beginObject();
        json.name("formatVersion").value(FORMAT_VERSION);
        json.name("scenario").value(summary.scenario());
        json.name("facts").beginObject();
        for (final Map.Entry<String, String> fact : summary.facts().entrySet())
        {
            json.name(fact.getKey()).value(fact.getValue());
        }
        json.endObject();

        json.name("runs").beginArray();
        for (final Summary.Run run : summary.runs())
        {
            json.beginObject()
                .name("mode").value(run.mode())
                .name("offeredRate").value(run.offeredRate())
                .name("warmUpSent").value(run.warmUpSent())
                .name("warmUpSeconds").value(run.warmUpSeconds())
                .name("scheduled").value(run.scheduled())
                .name("sent").value(run.sent())
                .name("received").value(run.received())
                .name("measured").value(run.measured())
                .name("missing").value(run.missing())
                .name("seconds").value(run.seconds())
                .name("gcCount").value(run.gcCount())
                .name("gcTimeMs").value(run.gcTimeMs())
                .name("allocatedBytes").value(run.allocatedBytes());
            json.name("percentilesUs");
            percentiles(json, run.percentilesUs());
            json.endObject();
        }
        json.endArray();

        json.name("ratios").beginArray();
        for (final Summary.Ratio ratio : summary.ratios())
        {
            json.beginObject().name("offeredRate").value(ratio.offeredRate());
            json.name("engineOverFloor");
            percentiles(json, ratio.engineOverFloor());
            json.endObject();
        }
        json.endArray();

        return json.endObject() + "\n";
    }

    private static void percentiles(final JsonWriter json, final Summary.Percentiles percentiles)
    {
        json.beginObject();
        for (int i = 0; i < Summary.Percentiles.NAMES.size(); i++)
        {
            json.name(Summary.Percentiles.NAMES.get(i)).value(percentiles.get(i));
        }
        json.endObject();
    }

    /**
     * @param source named in every error, e.g. the file.
     * @throws IllegalArgumentException if the text is not JSON or lacks a field this version needs.
     */
    static Summary read(final String text, final String source)
    {
        return new Reader(source).summary(JsonParser.parse(text, source));
    }

    /** Walks the parsed tree, keeping the source for errors. */
    private static final class Reader
    {
        private final String source;

        Reader(final String source)
        {
            this.source = source;
        }

        Summary summary(final Object root)
        {
            final Map<String, Object> top = object(root, "top level");
            if (top.containsKey("formatVersion"))
            {
                final long version = longField(top, "formatVersion", "");
                if (version != FORMAT_VERSION)
                {
                    throw error("formatVersion", "version " + version + ", this reader knows " + FORMAT_VERSION +
                        (version < FORMAT_VERSION ? " (an older summary records no missing samples: run it again)" :
                        ""));
                }
            }
            final String scenario = stringField(top, "scenario", "");

            final Map<String, String> facts = new LinkedHashMap<>();
            for (final Map.Entry<String, Object> fact : object(field(top, "facts", ""), "facts").entrySet())
            {
                facts.put(fact.getKey(), string(fact.getValue(), "facts." + fact.getKey()));
            }

            final List<Object> runArray = array(field(top, "runs", ""), "runs");
            final List<Summary.Run> runs = new ArrayList<>(runArray.size());
            for (int i = 0; i < runArray.size(); i++)
            {
                runs.add(run(runArray.get(i), "runs[" + i + "]"));
            }

            final List<Summary.Ratio> ratios = new ArrayList<>();
            if (top.containsKey("ratios"))
            {
                final List<Object> ratioArray = array(top.get("ratios"), "ratios");
                for (int i = 0; i < ratioArray.size(); i++)
                {
                    final String path = "ratios[" + i + "]";
                    final Map<String, Object> ratio = object(ratioArray.get(i), path);
                    ratios.add(new Summary.Ratio(
                        longField(ratio, "offeredRate", path),
                        percentiles(field(ratio, "engineOverFloor", path), path + ".engineOverFloor", true)));
                }
            }
            else
            {
                // A hand-made summary may leave them out; they follow from the runs.
                ratios.addAll(Summary.ratiosOf(runs));
            }
            return new Summary(scenario, facts, runs, ratios);
        }

        private Summary.Run run(final Object value, final String path)
        {
            final Map<String, Object> run = object(value, path);
            final String mode = stringField(run, "mode", path);
            if (mode.isEmpty())
            {
                throw error(path + ".mode", "empty");
            }
            return new Summary.Run(
                mode,
                longField(run, "offeredRate", path),
                longField(run, "warmUpSent", path),
                number(field(run, "warmUpSeconds", path), path + ".warmUpSeconds", false),
                longField(run, "scheduled", path),
                longField(run, "sent", path),
                longField(run, "received", path),
                longField(run, "measured", path),
                longField(run, "missing", path),
                number(field(run, "seconds", path), path + ".seconds", false),
                longField(run, "gcCount", path),
                longField(run, "gcTimeMs", path),
                longField(run, "allocatedBytes", path),
                percentiles(field(run, "percentilesUs", path), path + ".percentilesUs", false));
        }

        /** @param nullable ratios may be null (NaN: the floor was 0); measured values may not. */
        private Summary.Percentiles percentiles(final Object value, final String path, final boolean nullable)
        {
            final Map<String, Object> object = object(value, path);
            final double[] values = new double[Summary.Percentiles.NAMES.size()];
            for (int i = 0; i < values.length; i++)
            {
                final String name = Summary.Percentiles.NAMES.get(i);
                values[i] = number(field(object, name, path), path + "." + name, nullable);
            }
            return new Summary.Percentiles(values[0], values[1], values[2], values[3], values[4]);
        }

        private Object field(final Map<String, Object> object, final String name, final String path)
        {
            final String fieldPath = path.isEmpty() ? name : path + "." + name;
            if (!object.containsKey(name))
            {
                throw error(fieldPath, "missing");
            }
            return object.get(name);
        }

        private String stringField(final Map<String, Object> object, final String name, final String path)
        {
            return string(field(object, name, path), path.isEmpty() ? name : path + "." + name);
        }

        private long longField(final Map<String, Object> object, final String name, final String path)
        {
            final Object value = field(object, name, path);
            if (!(value instanceof Long))
            {
                throw error(path.isEmpty() ? name : path + "." + name, "expected an integer, found " + kind(value));
            }
            return (Long)value;
        }

        private double number(final Object value, final String path, final boolean nullable)
        {
            if (value == null && nullable)
            {
                return Double.NaN;
            }
            if (!(value instanceof Number))
            {
                throw error(path, "expected a number, found " + kind(value));
            }
            return ((Number)value).doubleValue();
        }

        private String string(final Object value, final String path)
        {
            if (!(value instanceof String))
            {
                throw error(path, "expected a string, found " + kind(value));
            }
            return (String)value;
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> object(final Object value, final String path)
        {
            if (!(value instanceof Map))
            {
                throw error(path, "expected an object, found " + kind(value));
            }
            return (Map<String, Object>)value;
        }

        @SuppressWarnings("unchecked")
        private List<Object> array(final Object value, final String path)
        {
            if (!(value instanceof List))
            {
                throw error(path, "expected an array, found " + kind(value));
            }
            return (List<Object>)value;
        }

        private static String kind(final Object value)
        {
            if (value == null)
            {
                return "null";
            }
            if (value instanceof Map)
            {
                return "an object";
            }
            if (value instanceof List)
            {
                return "an array";
            }
            if (value instanceof String)
            {
                return "a string";
            }
            if (value instanceof Boolean)
            {
                return "a boolean";
            }
            return "the number " + value;
        }

        private IllegalArgumentException error(final String path, final String message)
        {
            return new IllegalArgumentException(source + ": not a perf-lab summary: " + path + ": " + message);
        }
    }
}
