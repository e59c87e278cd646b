package io.lockstep.tooling;

import io.lockstep.engine.EngineSettings;
import io.lockstep.engine.model.DeployedModel;
import io.lockstep.engine.model.ModelArtifact;
import io.lockstep.engine.model.ModelDeployer;
import io.lockstep.engine.model.TrainingReference;
import io.lockstep.util.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.lockstep.tooling.JournalCommandsTest.run;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Retraining from a journal of real market data (the LOBSTER AAPL sample), through the command: the artifact it
 * seals deploys on the engine's graph, says what it was trained on, is the same bytes when trained again, and its
 * weights solve the least-squares problem of the rows research features gives for the same journal.
 */
class RetrainCommandTest
{
    private static final Path LOBSTER =
        Path.of("../engine/src/test/resources/data/lobster/AAPL_2012-06-21_34200000_57600000_message_10.csv");
    private static final String LABEL = "fwd_ret_20=Fwd(Ret(mid, 20), 20)";
    private static final Pattern HASH = Pattern.compile("sealed linear-json artifact ([0-9a-f]{64})");

    @TempDir
    Path temp;

    @Test
    void aModelTrainedFromAJournalDeploysSaysWhatItWasTrainedOnAndIsReproducible() throws Exception
    {
        final Path journal = temp.resolve("aapl");
        assertEquals(0, run("journal", "import", "--feed", "lobster:" + LOBSTER, "--out", journal.toString())
            .exitCode());

        final String first = retrain(journal, "0", temp.resolve("m1"));
        assertEquals(first, retrain(journal, "0", temp.resolve("m2.zip")), "trained again: the same artifact");
        retrain(journal, "0", temp.resolve("m3.zip"));
        assertEquals(-1, Files.mismatch(temp.resolve("m2.zip"), temp.resolve("m3.zip")), "the same bytes, too");

        final Path artifact = temp.resolve("m1");
        final String manifest = Files.readString(artifact.resolve(ModelArtifact.MANIFEST));
        for (final String line : List.of("model.kind = linear-json", "seed = 0", "hyper.ridge = 0.0",
            "hyper.label = " + LABEL, "reference.file = reference.json", "owner = desk-7", "approver = risk-2",
            "metrics.validation.ic = ",
            "metrics.validation.rows.embargoed = 20"))
        {
            assertTrue(manifest.contains(line), line + " in\n" + manifest);
        }
        final Matcher window = Pattern.compile("training.window = journal [0-9a-f-]{36} inputs (\\d+)-(\\d+), " +
            "validated on inputs (\\d+)-(\\d+)").matcher(manifest);
        assertTrue(window.find(), manifest);
        final long split = Long.parseLong(window.group(2));
        assertTrue(Long.parseLong(window.group(3)) > split, "validation comes after training");
        assertTrue(manifest.contains("hyper.split.sequence = " + split), manifest);

        final DeployedModel deployed = ModelDeployer.deploy(artifact, new EngineSettings().featurePlan());
        final TrainingReference reference = TrainingReference.of(ModelArtifact.open(artifact));
        final long trainRows = Long.parseLong(value(manifest, "metrics.train.rows"));
        // The reference is the whole training window as the engine sees it, warm-up rows included.
        assertTrue(reference.rows() > trainRows, reference.rows() + " reference rows, " + trainRows + " trained on");
        final double warmUp = reference.features().get(2).missingFraction();
        assertTrue(warmUp > 0 && warmUp <= (double)(reference.rows() - trainRows) / reference.rows(),
            "ofi_20 warms up over 20 events: " + warmUp);

        // The same journal through research features: the training rows, and the least-squares conditions.
        final Path graph = temp.resolve("demo.features");
        try (InputStream in = EngineSettings.class.getResourceAsStream("/io/lockstep/features/demo.features"))
        {
            Files.write(graph, in.readAllBytes());
        }
        final Path matrix = temp.resolve("matrix.csv");
        assertEquals(0, run("research", "features", "--journal", journal.toString(), "--graph", graph.toString(),
            "--out", matrix.toString(), "--label", LABEL).exitCode());
        final List<String> lines = Files.readAllLines(matrix);
        final List<String> header = List.of(lines.get(0).split(","));
        final int[] columns = { header.indexOf("imb_1"), header.indexOf("imb_3"), header.indexOf("ofi_20"),
            header.indexOf("ret_10"), header.indexOf("fwd_ret_20") };
        final List<double[]> training = new ArrayList<>();
        for (final String line : lines.subList(1, lines.size()))
        {
            final String[] cells = line.split(",", -1);
            final double[] row = new double[columns.length];
            for (int j = 0; j < columns.length; j++)
            {
                row[j] = cells[columns[j]].isEmpty() ? Double.NaN : Double.parseDouble(cells[columns[j]]);
            }
            if (Long.parseLong(cells[0]) <= split && Arrays.stream(row).allMatch(Double::isFinite))
            {
                training.add(row);
            }
        }
        assertEquals(trainRows, training.size());
        // Without a penalty the residuals sum to zero and are orthogonal to every feature (the normal equations).
        final double[] orthogonality = new double[5];
        double labelScale = 0;
        for (final double[] row : training)
        {
            final double residual = row[4] - deployed.model().predict(row);
            orthogonality[4] += residual;
            labelScale = Math.max(labelScale, Math.abs(row[4]));
            for (int j = 0; j < 4; j++)
            {
                orthogonality[j] += residual * row[j] / scale(training, j);
            }
        }
        for (final double sum : orthogonality)
        {
            assertEquals(0, sum / (training.size() * labelScale), 1e-9, "normal equations: " + sum);
        }

        // An overwhelming penalty leaves next to nothing of any feature: the weights go to zero.
        final String ridged = retrain(journal, "1e12", temp.resolve("m4"));
        assertNotEquals(first, ridged);
        final double[] weights = weights(temp.resolve("m4"));
        for (int j = 0; j < 4; j++)
        {
            assertEquals(0, weights[j] * scale(training, j), 1e-9 * labelScale, "feature " + j);
        }

        // Deployed in a running engine that plays the same recorded feed: it trades, and research's drift report
        // compares what it meets live with its own training window.
        final Path config = Files.writeString(temp.resolve("engine.config"), "aeron.dir = " + temp.resolve("aeron") +
            "\nbusiness.cpu = -1\nmodel.artifact = " + artifact + "\n");
        final Path run = temp.resolve("run");
        final JournalCommandsTest.Result demo = run("demo", "--duration", "2s", "--feed", "lobster:" + LOBSTER,
            "--config", config.toString(), "--out", run.toString());
        assertEquals(0, demo.exitCode(), demo.err());
        final JournalCommandsTest.Result drift = run("research", "drift", run.toString());
        assertEquals(0, drift.exitCode(), drift.err());
        final Map<?, ?> model = (Map<?, ?>)((List<?>)((Map<?, ?>)JsonParser.parse(drift.out(), "drift"))
            .get("models")).get(0);
        assertEquals(first, model.get("hash"));
        assertEquals(reference.rows(), ((Map<?, ?>)model.get("reference")).get("rows"));
        assertEquals(List.of(), model.get("significant"), "the same feed it was trained on: " + model);

        // Before promotion: a candidate that did not trade, scored on the run's decisions.
        final String candidateHash = retrain(journal, "10", temp.resolve("m5"));
        final JournalCommandsTest.Result checked = run("research", "drift", run.toString(), "--candidate",
            temp.resolve("m5").toString());
        assertEquals(0, checked.exitCode(), checked.err());
        final Map<?, ?> report = (Map<?, ?>)JsonParser.parse(checked.out(), "drift");
        final Map<?, ?> candidate = (Map<?, ?>)report.get("candidate");
        assertEquals(candidateHash, candidate.get("hash"));
        assertEquals(report.get("decisions"), candidate.get("decisions"), "every decision scored");
        assertEquals(0L, candidate.get("errors"));
        assertEquals(List.of(), candidate.get("significant"), candidate.toString());
        final Map<?, ?> withChampion = (Map<?, ?>)candidate.get("champion");
        assertTrue(((Number)withChampion.get("correlation")).doubleValue() > 0.9,
            "the same features and label, more ridge: " + withChampion);
        assertTrue(checked.err().contains("; candidate: stable"), checked.err());

        // A candidate of another feature graph would read other features than the ones it was trained on.
        final Path otherConfig = Files.writeString(temp.resolve("other.config"), "features.file = " +
            Path.of("../engine/src/main/resources/io/lockstep/features/example-30.features").toAbsolutePath() + "\n");
        final JournalCommandsTest.Result other = run("research", "retrain", "--journal", journal.toString(),
            "--label", LABEL, "--config", otherConfig.toString(), "--owner", "desk-7", "--rationale", "30 features",
            "--out", temp.resolve("m6").toString());
        assertEquals(0, other.exitCode(), other.err());
        final JournalCommandsTest.Result refused = run("research", "drift", run.toString(), "--candidate",
            temp.resolve("m6").toString());
        assertEquals(1, refused.exitCode());
        assertTrue(refused.err().contains("its inputs would not be the features it trained on"), refused.err());
    }

    @Test
    void badRequestsAreRefusedWithTheirReason() throws Exception
    {
        final Path journal = temp.resolve("aapl");
        assertEquals(0, run("journal", "import", "--feed", "lobster:" + LOBSTER, "--out", journal.toString())
            .exitCode());
        final JournalCommandsTest.Result noValidation = run("research", "retrain", "--journal", journal.toString(),
            "--label", LABEL, "--split", "999999", "--owner", "desk-7", "--rationale", "r", "--out",
            temp.resolve("x").toString());
        assertEquals(1, noValidation.exitCode());
        assertTrue(noValidation.err().contains("no validation rows after input 999999"), noValidation.err());
        assertFalse(Files.exists(temp.resolve("x")));

        final JournalCommandsTest.Result badLabel = run("research", "retrain", "--journal", journal.toString(),
            "--label", "fwd=Fwd(Ret(mid, 20)", "--owner", "desk-7", "--rationale", "r", "--out",
            temp.resolve("y").toString());
        assertEquals(1, badLabel.exitCode());
        assertTrue(badLabel.err().contains("--label"), badLabel.err());

        final JournalCommandsTest.Result noJournal = run("research", "retrain", "--journal",
            temp.resolve("none").toString(), "--label", LABEL, "--owner", "desk-7", "--rationale", "r", "--out",
            temp.resolve("z").toString());
        assertEquals(1, noJournal.exitCode());
        assertTrue(noJournal.err().contains("no journal directory " + temp.resolve("none")), noJournal.err());
    }

    private String retrain(final Path journal, final String ridge, final Path out)
    {
        final JournalCommandsTest.Result result = run("research", "retrain", "--journal", journal.toString(),
            "--label", LABEL, "--ridge", ridge, "--owner", "desk-7", "--approver", "risk-2",
            "--rationale", "imbalance and flow on AAPL", "--out", out.toString());
        assertEquals(0, result.exitCode(), result.err());
        final Matcher hash = HASH.matcher(result.out());
        assertTrue(hash.find(), result.out());
        return hash.group(1);
    }

    private static String value(final String manifest, final String key)
    {
        final Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(key) + " = (.*)$").matcher(manifest);
        assertTrue(matcher.find(), key);
        return matcher.group(1);
    }

    private static double scale(final List<double[]> rows, final int column)
    {
        double max = 0;
        for (final double[] row : rows)
        {
            max = Math.max(max, Math.abs(row[column]));
        }
        return max;
    }

    private static double[] weights(final Path artifact) throws Exception
    {
        final Map<?, ?> model = (Map<?, ?>)JsonParser.parse(Files.readString(artifact.resolve("model.json")), "m");
        return ((List<?>)model.get("weights")).stream().mapToDouble((weight) -> ((Number)weight).doubleValue())
            .toArray();
    }
}
