package io.lockstep.tooling;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static io.lockstep.tooling.JournalCommandsTest.run;
import static org.junit.jupiter.api.Assertions.*;

/**
 * model predict on a two-tree XGBoost JSON model written by hand, whose predictions are worked out below.
 * (models/XGBoostJsonTest checks the importer against XGBoost itself.)
 */
class ModelCommandTest
{
    /**
     * base 0.5; tree 0: f0 < 0.5 ? 1.0 : 2.0, missing left; tree 1: f1 < 10 ? 0.25 : -0.25, missing right.
     */
    private static final String MODEL = "{\"learner\":{" +
        "\"learner_model_param\":{\"base_score\":\"5E-1\",\"num_class\":\"0\",\"num_feature\":\"2\"," +
        "\"num_target\":\"1\"},\"objective\":{\"name\":\"reg:squarederror\"}," +
        "\"gradient_booster\":{\"name\":\"gbtree\",\"model\":{\"trees\":[" +
        "{\"left_children\":[1,-1,-1],\"right_children\":[2,-1,-1],\"split_indices\":[0,0,0]," +
        "\"split_conditions\":[0.5,1.0,2.0],\"default_left\":[1,0,0]}," +
        "{\"left_children\":[1,-1,-1],\"right_children\":[2,-1,-1],\"split_indices\":[1,0,0]," +
        "\"split_conditions\":[10.0,0.25,-0.25],\"default_left\":[0,0,0]}]}}}}";

    /** On the demo graph's first feature, imb_1: -0.001 below 0, +0.001 from 0 up (missing: down). */
    private static final String IMBALANCE_MODEL = "{\"learner\":{" +
        "\"feature_names\":[\"imb_1\",\"imb_3\",\"ofi_20\",\"ret_10\"]," +
        "\"learner_model_param\":{\"base_score\":\"0E0\",\"num_class\":\"0\",\"num_feature\":\"4\"," +
        "\"num_target\":\"1\"},\"objective\":{\"name\":\"reg:squarederror\"}," +
        "\"gradient_booster\":{\"name\":\"gbtree\",\"model\":{\"trees\":[" +
        "{\"left_children\":[1,-1,-1],\"right_children\":[2,-1,-1],\"split_indices\":[0,0,0]," +
        "\"split_conditions\":[0.0,-0.001,0.001],\"default_left\":[1,0,0]}]}}}}";

    @TempDir
    Path temp;

    @Test
    void theEngineTradesOnAnImportedXGBoostModelAndReplaysIt() throws Exception
    {
        final Path model = temp.resolve("imbalance.json");
        Files.writeString(model, IMBALANCE_MODEL);
        final Path config = temp.resolve("engine.config");
        Files.writeString(config, "model.kind = xgboost-json\nmodel.file = " + model + "\nbusiness.cpu = -1\n");
        final Path out = temp.resolve("run");
        final JournalCommandsTest.Result demo = run("demo", "--duration", "3s", "--rate", "3000", "--config",
            config.toString(), "--out", out.toString());
        assertEquals(0, demo.exitCode(), demo.err());
        final String manifest = Files.readString(out.resolve("manifest.properties"));
        assertTrue(manifest.contains("model.kind=xgboost-json"), manifest);

        final Path decisions = temp.resolve("decisions.csv");
        final JournalCommandsTest.Result replay = run("replay", out.toString(), "--verify", "--decisions",
            decisions.toString());
        assertEquals(0, replay.exitCode(), replay.err());
        assertTrue(replay.out().contains("VERIFIED"), replay.out());
        final List<String> rows = Files.readAllLines(decisions);
        int orders = 0;
        for (final String row : rows.subList(1, rows.size()))
        {
            final String prediction = row.split(",", -1)[5];
            assertTrue(prediction.equals(Double.toString((double)0.001f)) ||
                prediction.equals(Double.toString((double)-0.001f)), "the tree's leaves only: " + row);
            orders += row.endsWith(",,,") ? 0 : 1;
        }
        assertTrue(orders > 0, "the model's signal traded");

        // The run kept the model file it read: an edit of the original afterwards changes nothing for replay.
        Files.writeString(model, IMBALANCE_MODEL.replace("0.001]", "0.002]"));
        final JournalCommandsTest.Result original = run("replay", out.toString(), "--verify");
        assertEquals(0, original.exitCode(), original.err());
        assertTrue(original.out().contains("VERIFIED"), original.out());

        // An edit of the kept copy is refused, naming it.
        final String hash = manifest.lines().filter((line) -> line.startsWith("model.hash=")).findFirst()
            .orElseThrow().substring("model.hash=".length());
        final Path kept = out.resolve("artifacts").resolve("files").resolve(hash).resolve(model.getFileName());
        Files.writeString(kept, IMBALANCE_MODEL.replace("0.001]", "0.002]"));
        final JournalCommandsTest.Result changed = run("replay", out.toString(), "--verify");
        assertEquals(1, changed.exitCode());
        assertTrue(changed.err().contains("kept copy " + kept.getParent() + " hashes to ") &&
            changed.err().contains("it changed after it was kept"), changed.err());

        // Without the copies (a data directory copied without artifacts/), replay reads the configured path and
        // the run manifest refuses the edited model unless overridden.
        try (Stream<Path> walk = Files.walk(out.resolve("artifacts")))
        {
            walk.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
        }
        final JournalCommandsTest.Result fallback = run("replay", out.toString(), "--verify");
        assertEquals(1, fallback.exitCode());
        assertTrue(fallback.err().contains("the run's model") && fallback.err().contains("--override"),
            fallback.err());
    }

    @Test
    void aModelTrainedOnOtherFeaturesIsRefusedAtLoad() throws Exception
    {
        final Path model = temp.resolve("swapped.json");
        Files.writeString(model, IMBALANCE_MODEL.replace("[\"imb_1\",\"imb_3\"", "[\"imb_3\",\"imb_1\""));
        final Path config = temp.resolve("engine.config");
        Files.writeString(config, "model.kind = xgboost-json\nmodel.file = " + model + "\nbusiness.cpu = -1\n");
        final JournalCommandsTest.Result demo = run("demo", "--duration", "1s", "--config", config.toString(),
            "--out", temp.resolve("refused").toString());
        assertEquals(1, demo.exitCode());
        assertTrue(demo.err().contains("trained on feature 'imb_3' at position 1 but the graph " +
            "demo.features computes 'imb_1' there"), demo.err());
    }

    @Test
    void predictsEachRowAndNamesBadInput() throws Exception
    {
        final Path model = temp.resolve("model.json");
        Files.writeString(model, MODEL);
        final Path rows = temp.resolve("rows.csv");
        Files.writeString(rows, "imb,ofi\n0,0\n1,20\n,NaN\n0.5,10\n");
        final Path out = temp.resolve("predictions.csv");
        final JournalCommandsTest.Result result = run("model", "predict", "--model", model.toString(), "--input",
            rows.toString(), "--out", out.toString());
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.err().contains(model + " records no feature names: the 2 columns of " + rows +
            " are read in order as its features"), result.err());
        // 0.5+1+0.25, 0.5+2-0.25, missing: left (1.0) then right (-0.25), boundary values go right: 0.5+2-0.25
        assertEquals(List.of("prediction", "1.75", "2.25", "1.25", "2.25"), Files.readAllLines(out));

        Files.writeString(rows, "imb,ofi\n0,0\n0,x\n");
        final Path none = temp.resolve("none.csv");
        final JournalCommandsTest.Result bad = run("model", "predict", "--model", model.toString(), "--input",
            rows.toString(), "--out", none.toString());
        assertEquals(1, bad.exitCode());
        assertTrue(bad.err().contains(rows + ":3: value 'x' in column 2 (ofi) is not a number"), bad.err());
        assertFalse(Files.exists(none), "no predictions written for part of the rows");
        assertFalse(Files.exists(temp.resolve("none.csv.partial")));

        // An output through a link: the file it names is replaced, whole, and the link stays.
        Files.writeString(rows, "imb,ofi\n0,0\n");
        final Path target = Files.writeString(temp.resolve("target.csv"), "old\n");
        final Path link = Files.createSymbolicLink(temp.resolve("link.csv"), target);
        assertEquals(0, run("model", "predict", "--model", model.toString(), "--input", rows.toString(), "--out",
            link.toString()).exitCode());
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(List.of("prediction", "1.75"), Files.readAllLines(target));

        Files.writeString(rows, "imb\n0\n");
        assertEquals(1, run("model", "predict", "--model", model.toString(), "--input", rows.toString(), "--out",
            out.toString()).exitCode(), "header does not match the model's features");

        // Infinities as Java and pandas print them; a spreadsheet's byte order mark before the header.
        Files.writeString(rows, "\uFEFFimb,ofi\ninf,-Infinity\n-inf,nan\n");
        assertEquals(0, run("model", "predict", "--model", model.toString(), "--input", rows.toString(), "--out",
            out.toString()).exitCode());
        assertEquals(List.of("prediction", "2.75", "1.25"), Files.readAllLines(out));
        for (final String[] refused : new String[][] {
            { "imb,ofi\n0,0\n\n1,20\n", ":3: a blank line, expected 2 values" },
            { "imb,ofi\n0,1f\n", ":2: value '1f' in column 2 (ofi) is not a number" },
            { "imb,ofi\n0x1p3,0\n", ":2: value '0x1p3' in column 1 (imb) is not a number" },
            { "imb,ofi\n1e999,0\n", ":2: value '1e999' in column 1 (imb) overflows a double (write inf for an " +
                "infinity)" } })
        {
            Files.writeString(rows, refused[0]);
            final JournalCommandsTest.Result refusal = run("model", "predict", "--model", model.toString(),
                "--input", rows.toString(), "--out", none.toString());
            assertEquals(1, refusal.exitCode(), refused[0]);
            assertTrue(refusal.err().contains(rows + refused[1]), refusal.err());
            assertFalse(Files.exists(none));
        }

        Files.write(rows, new byte[] { 'i', 'm', 'b', ',', 'o', 'f', 'i', '\n', '0', ',', (byte)0xFF, '\n' });
        final JournalCommandsTest.Result notText = run("model", "predict", "--model", model.toString(), "--input",
            rows.toString(), "--out", out.toString());
        assertEquals(1, notText.exitCode());
        assertTrue(notText.err().endsWith("\nlockstep model predict: " + rows + ": not UTF-8 text: line 2, " +
            "byte offset 10 (0xff)\n"), notText.err());

        // Predictions written over the rows or the model would destroy what they come from.
        Files.writeString(rows, "imb,ofi\n0,0\n");
        final JournalCommandsTest.Result overRows = run("model", "predict", "--model", model.toString(), "--input",
            rows.toString(), "--out", link.resolveSibling("./rows.csv").toString());
        assertEquals(1, overRows.exitCode());
        assertTrue(overRows.err().endsWith("\nlockstep model predict: cannot write " +
            link.resolveSibling("./rows.csv") + ": it is the input " + rows + " of this command\n"), overRows.err());
        assertEquals("imb,ofi\n0,0\n", Files.readString(rows));
        final JournalCommandsTest.Result overModel = run("model", "predict", "--model", model.toString(), "--input",
            rows.toString(), "--out", model.toString());
        assertEquals(1, overModel.exitCode());
        assertEquals(MODEL, Files.readString(model));
    }

    /** LightGBM text, one tree: imb <= 0.25 (or missing, treated as 0) ? -1.5 : 2.5. */
    private static final String LIGHTGBM = String.join("\n", "tree", "version=v4", "num_class=1",
        "num_tree_per_iteration=1", "label_index=0", "max_feature_idx=1", "objective=regression",
        "feature_names=imb ofi", "feature_infos=[-1:1] [0:20]", "tree_sizes=300", "", "Tree=0", "num_leaves=2",
        "num_cat=0", "split_feature=0", "split_gain=1", "threshold=0.25", "decision_type=2", "left_child=-1",
        "right_child=-2", "leaf_value=-1.5 2.5", "leaf_weight=1 1", "leaf_count=1 1", "internal_value=0",
        "internal_weight=2", "internal_count=2", "is_linear=0", "shrinkage=1", "", "", "end of trees", "",
        "feature_importances:", "imb=1", "", "parameters:", "[objective: regression]", "end of parameters", "",
        "pandas_categorical:null", "");

    @Test
    void predictsALightGbmFileAndASealedArtifact() throws Exception
    {
        final Path rows = temp.resolve("rows.csv");
        Files.writeString(rows, "imb,ofi\n0.25,0\n0.3,1\n,5\n-2,NaN\n");
        final Path lightgbm = temp.resolve("model.txt");
        Files.writeString(lightgbm, LIGHTGBM);
        final Path out = temp.resolve("lightgbm.csv");
        final JournalCommandsTest.Result text = run("model", "predict", "--model", lightgbm.toString(), "--input",
            rows.toString(), "--out", out.toString());
        assertEquals(0, text.exitCode(), text.err());
        assertEquals(List.of("prediction", "-1.5", "2.5", "-1.5", "-1.5"), Files.readAllLines(out));

        // The file names its features: columns are taken by name, in any order, others read past.
        Files.writeString(rows, "ofi,label,imb\n0,9,0.25\n1,9,0.3\n5,9,\nNaN,9,-2\n");
        final JournalCommandsTest.Result byName = run("model", "predict", "--model", lightgbm.toString(),
            "--input", rows.toString(), "--out", out.toString());
        assertEquals(0, byName.exitCode(), byName.err());
        assertEquals(List.of("prediction", "-1.5", "2.5", "-1.5", "-1.5"), Files.readAllLines(out));
        Files.writeString(rows, "a,b\n0.25,0\n");
        final JournalCommandsTest.Result unnamed = run("model", "predict", "--model", lightgbm.toString(),
            "--input", rows.toString(), "--out", out.toString());
        assertEquals(1, unnamed.exitCode(), unnamed.out());
        assertTrue(unnamed.err().contains(rows + ":1: no column named imb (the model reads [imb, ofi])"),
            unnamed.err());

        // The same XGBoost model as above, packed and sealed against the built-in graph's first two features.
        final Path model = temp.resolve("model.json");
        Files.writeString(model, MODEL);
        final Path artifact = temp.resolve("artifact.zip");
        final JournalCommandsTest.Result packed = run("model", "pack", "--model", model.toString(), "--kind",
            "xgboost-json", "--owner", "desk-7", "--rationale", "two stumps", "--training-window", "none",
            "--seed", "1", "--metric", "rmse=0.5", "--out", artifact.toString());
        assertEquals(0, packed.exitCode(), packed.err());
        assertTrue(packed.out().contains("sealed xgboost-json artifact"), packed.out());
        assertFalse(Files.exists(temp.resolve("artifact.zip.partial")), "built aside, moved into place whole");
        final JournalCommandsTest.Result wordy = run("model", "pack", "--model", model.toString(), "--kind",
            "xgboost-json", "--owner", "desk-7", "--rationale", "two stumps", "--training-window", "none",
            "--seed", "1", "--metric", "ic=good", "--out", temp.resolve("wordy").toString());
        assertEquals(1, wordy.exitCode(), wordy.out());
        assertTrue(wordy.err().contains("metric ic = 'good' is not a number: a model is promoted on numbers"),
            wordy.err());
        assertFalse(Files.exists(temp.resolve("wordy")), "nothing sealed");
        final Path named = Files.writeString(Files.createDirectories(temp.resolve("named")).resolve("manifest.conf"),
            MODEL);
        final JournalCommandsTest.Result overManifest = run("model", "pack", "--model", named.toString(), "--kind",
            "xgboost-json", "--owner", "desk-7", "--rationale", "two stumps", "--training-window", "none",
            "--seed", "1", "--metric", "rmse=0.5", "--out", temp.resolve("named.zip").toString());
        assertEquals(1, overManifest.exitCode(), overManifest.out());
        assertTrue(overManifest.err().contains("the artifact's files would share a name: [manifest.conf, " +
            "manifest.conf]"), overManifest.err());
        assertFalse(Files.exists(temp.resolve("named.zip")), "nothing sealed");
        final JournalCommandsTest.Result javaOnly = run("model", "pack", "--model", model.toString(), "--kind",
            "xgboost-json", "--owner", "desk-7", "--rationale", "two stumps", "--training-window", "none",
            "--seed", "1", "--metric", "ic=0x1p3", "--out", temp.resolve("wordy").toString());
        assertEquals(1, javaOnly.exitCode(), "a Java literal, not a decimal number: " + javaOnly.out());
        Files.writeString(rows, "imb_1,imb_3\n0,0\n1,20\n");
        final JournalCommandsTest.Result sealed = run("model", "predict", "--model", artifact.toString(), "--input",
            rows.toString(), "--out", out.toString());
        assertEquals(0, sealed.exitCode(), sealed.err());
        assertEquals(List.of("prediction", "1.75", "2.25"), Files.readAllLines(out));
        Files.writeString(rows, "sequence,imb_3,imb_1\n7,0,0\n8,20,1\n"); // the manifest's names, another order
        assertEquals(0, run("model", "predict", "--model", artifact.toString(), "--input", rows.toString(), "--out",
            out.toString()).exitCode());
        assertEquals(List.of("prediction", "1.75", "2.25"), Files.readAllLines(out));

        final Path unknown = temp.resolve("model.bin");
        Files.writeString(unknown, "?");
        final JournalCommandsTest.Result noKind = run("model", "predict", "--model", unknown.toString(), "--input",
            rows.toString(), "--out", out.toString());
        assertEquals(1, noKind.exitCode());
        assertTrue(noKind.err().contains("cannot tell the kind of " + unknown + ": give --kind"), noKind.err());
    }
}
