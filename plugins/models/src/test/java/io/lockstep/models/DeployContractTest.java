package io.lockstep.models;

import io.lockstep.engine.config.ConfigException;
import io.lockstep.engine.model.ArtifactPacker;
import io.lockstep.engine.model.ArtifactStore;
import io.lockstep.engine.model.ColumnDistribution;
import io.lockstep.engine.model.DeployedModel;
import io.lockstep.engine.model.ModelArtifact;
import io.lockstep.engine.model.ModelDeployer;
import io.lockstep.engine.model.TrainingReference;
import io.lockstep.engine.spi.ModelLoader;
import io.lockstep.features.FeatureCompiler;
import io.lockstep.features.FeaturePlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.OutputStream;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.ServiceLoader;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The deploy contract on real artifacts: sealed by {@link ArtifactPacker}, loaded by the real xgboost-json
 * loader or by a plugin jar compiled here, each clause broken once and refused with its reason.
 */
class DeployContractTest
{
    private static final String GRAPH = "imb = Imbalance(1)\nmid_price = mid\n";
    /** imb < 0 ? -1 : 1, plus mid_price < 100 ? 0.5 : 0.25 (missing goes right in both). */
    private static final String MODEL = "{\"learner\":{\"feature_names\":[\"imb\",\"mid_price\"]," +
        "\"learner_model_param\":{\"base_score\":\"0E0\",\"num_class\":\"0\",\"num_feature\":\"2\"," +
        "\"num_target\":\"1\"},\"objective\":{\"name\":\"reg:squarederror\"}," +
        "\"gradient_booster\":{\"name\":\"gbtree\",\"model\":{\"trees\":[" +
        "{\"left_children\":[1,-1,-1],\"right_children\":[2,-1,-1],\"split_indices\":[0,0,0]," +
        "\"split_conditions\":[0.0,-1.0,1.0],\"default_left\":[0,0,0]}," +
        "{\"left_children\":[1,-1,-1],\"right_children\":[2,-1,-1],\"split_indices\":[1,0,0]," +
        "\"split_conditions\":[100.0,0.5,0.25],\"default_left\":[0,0,0]}]}}}}";

    @TempDir
    Path temp;

    private final FeaturePlan plan = FeatureCompiler.compile("contract.features", GRAPH);

    private static ArtifactPacker.Description description()
    {
        final ArtifactPacker.Description description = new ArtifactPacker.Description();
        description.owner = "desk-7";
        description.rationale = "imbalance sign with a price regime";
        description.trainingWindow = "run-2026-11-20:1-48963";
        description.seed = 42;
        description.metrics.put("ic", "0.031");
        description.hyperParameters.put("max_depth", "1");
        return description;
    }

    private Path artifact(final String name) throws Exception
    {
        final Path model = temp.resolve("model.json");
        if (!Files.exists(model))
        {
            Files.writeString(model, MODEL);
        }
        final Path out = temp.resolve(name);
        ArtifactPacker.pack("xgboost-json", model, null, plan, description(), out);
        return out;
    }

    /** Edit the manifest and seal it again: a consistent artifact with one clause changed. */
    private static void resealWith(final Path artifact, final String from, final String to) throws Exception
    {
        final Path manifest = artifact.resolve(ModelArtifact.MANIFEST);
        final String text = Files.readString(manifest);
        assertTrue(text.contains(from), text);
        Files.writeString(manifest, text.replace(from, to));
        Files.writeString(manifest, ModelArtifact.open(artifact).sealedManifestText());
    }

    private IllegalArgumentException refused(final Path artifact)
    {
        return assertThrows(IllegalArgumentException.class, () -> ModelDeployer.deploy(artifact, plan));
    }

    @Test
    void aSealedArtifactDeploysAndPredictsAndItsZipHasTheSameHash() throws Exception
    {
        final Path directory = artifact("a");
        final DeployedModel model = ModelDeployer.deploy(directory, plan);
        assertEquals(-1.0 + 0.5, model.model().predict(new double[] { -0.2, 99.0 }));
        assertEquals(1.0 + 0.25, model.model().predict(new double[] { Double.NaN, Double.NaN }));
        final String manifest = Files.readString(directory.resolve(ModelArtifact.MANIFEST));
        assertTrue(manifest.contains("artifact.hash = " + model.hashHex()), manifest);
        assertTrue(manifest.contains("graph.hash = " + plan.graphHash()), manifest);
        assertTrue(manifest.contains("features = imb, mid_price"), manifest);
        for (final String key : List.of("spi.version = 1", "model.kind = xgboost-json", "training.window = ",
            "seed = 42", "owner = desk-7", "rationale = ", "hyper.max_depth = 1", "metrics.ic = 0.031",
            "versions.lockstep = ", "versions.java = "))
        {
            assertTrue(manifest.contains(key), key + " in\n" + manifest);
        }

        final Path zip = temp.resolve("a.zip");
        ArtifactPacker.pack("xgboost-json", temp.resolve("model.json"), null, plan, description(), zip);
        assertEquals(model.hashHex(), ModelDeployer.deploy(zip, plan).hashHex(), "same files, same hash");
    }

    @Test
    void aTrainingReferenceIsSealedInAndMustDescribeTheFeaturesTheModelReads() throws Exception
    {
        Files.writeString(temp.resolve("model.json"), MODEL);
        final Path rows = Files.writeString(temp.resolve("rows.csv"),
            "sequence,imb,mid_price,fwd_ret\n1,-0.5,99,0.1\n2,0.5,101,-0.1\n3,,100.5,0\n");
        final ArtifactPacker.Description description = description();
        description.referenceRows = rows;
        final Path artifact = temp.resolve("with-reference");
        ArtifactPacker.pack("xgboost-json", temp.resolve("model.json"), null, plan, description, artifact);
        assertTrue(Files.readString(artifact.resolve(ModelArtifact.MANIFEST))
            .contains(TrainingReference.MANIFEST_KEY + " = " + TrainingReference.FILE));
        ModelDeployer.deploy(artifact, plan);

        final TrainingReference reference = TrainingReference.of(ModelArtifact.open(artifact));
        assertEquals(List.of("imb", "mid_price"),
            reference.features().stream().map(ColumnDistribution::name).toList(), "by name, other columns left");
        assertEquals(3, reference.rows());
        assertEquals(1.0 / 3, reference.features().get(0).missingFraction());
        // The model's own predictions on the rows: -1 + 0.5, 1 + 0.25, and missing imb goes right: 1 + 0.25.
        assertEquals((-0.5 + 1.25 + 1.25) / 3, reference.prediction().mean());
        assertNull(TrainingReference.of(ModelArtifact.open(artifact("without-reference"))));

        // Describing other features, even sealed again, is refused at load.
        final Path json = artifact.resolve(TrainingReference.FILE);
        Files.writeString(json, Files.readString(json).replace("\"mid_price\"", "\"mid\""));
        Files.writeString(artifact.resolve(ModelArtifact.MANIFEST),
            ModelArtifact.open(artifact).sealedManifestText());
        assertEquals("model artifact " + artifact + ": reference.json describes 2 features, the model reads 2; " +
            "first difference at position 2 (mid against mid_price)", refused(artifact).getMessage());
        Files.writeString(json, "{\"version\": 1");
        Files.writeString(artifact.resolve(ModelArtifact.MANIFEST),
            ModelArtifact.open(artifact).sealedManifestText());
        assertTrue(refused(artifact).getMessage().startsWith("model artifact " + artifact + ", reference.json: "),
            "a reference that does not parse names its file");

        Files.writeString(rows, "imb,fwd_ret\n0.5,0.1\n");
        description.referenceRows = rows;
        final IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () ->
            ArtifactPacker.pack("xgboost-json", temp.resolve("model.json"), null, plan, description,
            temp.resolve("never")));
        assertEquals("training reference " + rows + ": " + rows + ":1: no column named mid_price (the model " +
            "reads [imb, mid_price])", missing.getMessage());
        assertFalse(Files.exists(temp.resolve("never")), "nothing written");
    }

    @Test
    void theDataDirectoryKeepsTheBytesThatWereReadUnderTheirHash() throws Exception
    {
        final Path artifact = artifact("to-keep");
        final ModelArtifact read = ModelArtifact.open(artifact);
        // Edited after it was read: the store keeps what was read (and deployed), not the file as it is now.
        Files.writeString(artifact.resolve("model.json"), MODEL.replace("0.25", "0.75"));
        final ArtifactStore store = new ArtifactStore(temp.resolve("data"));
        final Path kept = store.keep(read);
        final String hash = HexFormat.of().formatHex(read.contentHash());
        assertEquals(temp.resolve("data").resolve(ArtifactStore.DIRECTORY).resolve(hash), kept);
        assertArrayEquals(read.contentHash(), ModelArtifact.open(kept).contentHash(), "a directory, same hash");
        assertEquals(0.5 + 1, ModelDeployer.deploy(kept, plan).model().predict(new double[] {0.5, 99.0}));
        assertEquals(kept, store.find(hash));
        assertEquals(kept, store.keep(read), "kept once: the same artifact again finds the copy");

        assertNull(store.find("0".repeat(64)), "not kept");

        // Never rewritten, and checked at every use: an edited copy, even resealed, is refused by its name.
        Files.writeString(kept.resolve("model.json"), MODEL.replace("0.25", "0.125"));
        Files.writeString(kept.resolve(ModelArtifact.MANIFEST), ModelArtifact.open(kept).sealedManifestText());
        final String changed = "hashes to " + HexFormat.of().formatHex(ModelArtifact.open(kept).contentHash()) +
            ", not to " + hash + ": it changed after it was kept";
        assertTrue(assertThrows(IllegalStateException.class, () -> store.find(hash)).getMessage().contains(changed));
        assertTrue(assertThrows(IllegalStateException.class, () -> store.keep(read)).getMessage()
            .contains(changed));
    }

    @Test
    void partialCopiesACrashLeftAreRemovedAndKeptOnesStay() throws Exception
    {
        final ArtifactStore store = new ArtifactStore(temp.resolve("data"));
        final ModelArtifact read = ModelArtifact.open(artifact("whole"));
        final Path kept = store.keep(read);
        final Path root = temp.resolve("data").resolve(ArtifactStore.DIRECTORY);
        final Path torn = Files.createDirectories(root.resolve("ab".repeat(32) + ".partial-123"));
        Files.writeString(torn.resolve("model.json"), "{\"half\":");
        final Path tornFile = Files.createDirectories(root.resolve("files").resolve("cd".repeat(32) + ".partial-9"));

        assertEquals(2, store.removePartialCopies());

        assertFalse(Files.exists(torn) || Files.exists(tornFile));
        assertEquals(kept, store.find(HexFormat.of().formatHex(read.contentHash())), "the whole copy stays");
        assertEquals(0, store.removePartialCopies());
        assertEquals(0, new ArtifactStore(temp.resolve("empty")).removePartialCopies(), "no store yet");
    }

    @Test
    void anArtifactThatCannotBeKeptIsRefusedWithTheCause() throws Exception
    {
        final Path dataDir = temp.resolve("data");
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve(ArtifactStore.DIRECTORY), "a file where the store should be");
        final ModelArtifact read = ModelArtifact.open(artifact("unkeepable"));
        final String message = assertThrows(java.io.UncheckedIOException.class,
            () -> new ArtifactStore(dataDir).keep(read)).getMessage();
        assertTrue(message.startsWith("cannot keep " + temp.resolve("unkeepable") + " in " +
            dataDir.resolve(ArtifactStore.DIRECTORY) + ": java.nio.file.FileAlreadyExistsException"), message);
    }

    @Test
    void anArtifactTrainedAgainstAnotherGraphIsRefused() throws Exception
    {
        final Path artifact = artifact("a");
        final FeaturePlan other = FeatureCompiler.compile("other.features", "imb = Imbalance(2)\nmid_price = mid\n");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> ModelDeployer.deploy(artifact, other));
        assertTrue(ex.getMessage().contains("trained against feature graph " + plan.graphHash() +
            " but the engine runs other.features = " + other.graphHash()), ex.getMessage());
    }

    @Test
    void featuresInAnotherOrderOrOfAnotherCountAreRefused() throws Exception
    {
        final Path swapped = artifact("swapped");
        resealWith(swapped, "features = imb, mid_price", "features = mid_price, imb");
        assertTrue(refused(swapped).getMessage().contains("trained on feature 'mid_price' at position 1 but the " +
            "graph contract.features computes 'imb' there"));

        final Path fewer = artifact("fewer");
        resealWith(fewer, "features = imb, mid_price", "features = imb");
        assertTrue(refused(fewer).getMessage().contains("the manifest lists 1 features but model.json reads 2"));
    }

    @Test
    void corruptedWeightsAreRefusedByHashOrByTheirLoader() throws Exception
    {
        final Path flipped = artifact("flipped");
        Files.writeString(flipped.resolve("model.json"), MODEL.replace("-1.0,1.0", "-1.0,1.5"));
        final String message = refused(flipped).getMessage();
        assertTrue(message.contains("differs from the manifest's artifact.hash"), message);

        // Resealed after the damage (the hash is consistent): the loader finds it.
        final Path truncated = artifact("truncated");
        Files.writeString(truncated.resolve("model.json"), MODEL.substring(0, MODEL.length() / 2));
        Files.writeString(truncated.resolve(ModelArtifact.MANIFEST),
            ModelArtifact.open(truncated).sealedManifestText());
        assertTrue(refused(truncated).getMessage().contains("the xgboost-json loader refused model.json"));
    }

    @Test
    void aDirectoryThatIsNoArtifactIsRefusedBeforeItIsReadAndAnOversizedOneByItsSize() throws Exception
    {
        final Path plain = Files.createDirectories(temp.resolve("plain"));
        try (java.io.RandomAccessFile huge = new java.io.RandomAccessFile(plain.resolve("huge.bin").toFile(), "rw"))
        {
            huge.setLength(3L << 30); // sparse: nothing is written, but reading it would need 3 GiB of heap
        }
        final IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
            () -> ModelArtifact.open(plain));
        assertEquals("model artifact " + plain + " has no manifest.conf", none.getMessage());

        final Path oversized = artifact("oversized");
        try (java.io.RandomAccessFile huge = new java.io.RandomAccessFile(oversized.resolve("data.bin").toFile(),
            "rw"))
        {
            huge.setLength(ModelArtifact.MAX_BYTES + 1L);
        }
        final IllegalArgumentException large = assertThrows(IllegalArgumentException.class,
            () -> ModelArtifact.open(oversized));
        assertTrue(large.getMessage().contains("holds more than 1024 MiB: no model is that large"),
            large.getMessage());
    }

    /**
     * A file name with a newline could make two artifacts' canonical forms, so their hashes, alike; two spellings of
     * one path in a zip ({@code ./weights.json} beside {@code weights.json}) would unpack to one file, the last.
     */
    @Test
    void fileNamesThatAreNotPlainRelativePathsAreRefused() throws Exception
    {
        final Path newline = artifact("newline");
        Files.writeString(newline.resolve("a 1\nfile b"), "x");
        final IllegalArgumentException named = assertThrows(IllegalArgumentException.class,
            () -> ModelArtifact.open(newline));
        assertEquals("model artifact " + newline + ": file name 'a 1?file b' is not a plain relative path " +
            "('/'-separated names, none empty, '.' or '..', no control characters)", named.getMessage());

        final Path zip = temp.resolve("dotted.zip");
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip)))
        {
            for (final String name : new String[] { "manifest.conf", "./weights.json" })
            {
                out.putNextEntry(new java.util.zip.ZipEntry(name));
                out.write("x".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        final IllegalArgumentException dotted = assertThrows(IllegalArgumentException.class,
            () -> ModelArtifact.open(zip));
        assertTrue(dotted.getMessage().startsWith("model artifact " + zip + ": file name './weights.json' is not a " +
            "plain relative path"), dotted.getMessage());
    }

    @Test
    void aTamperedHashOrManifestIsRefused() throws Exception
    {
        final Path hash = artifact("hash");
        final Path manifest = hash.resolve(ModelArtifact.MANIFEST);
        final String text = Files.readString(manifest);
        final String stated = text.substring(text.indexOf("artifact.hash = ") + 16,
            text.indexOf("artifact.hash = ") + 80);
        Files.writeString(manifest, text.replace(stated, "0" + stated.substring(1)));
        assertTrue(refused(hash).getMessage().contains("differs from the manifest's artifact.hash 0"));

        final Path owner = artifact("owner");
        Files.writeString(owner.resolve(ModelArtifact.MANIFEST),
            Files.readString(owner.resolve(ModelArtifact.MANIFEST)).replace("owner = desk-7", "owner = desk-8"));
        assertTrue(refused(owner).getMessage().contains("differs from the manifest's artifact.hash"));
    }

    @Test
    void anotherSpiVersionAMissingReportOrAnUnknownKeyIsRefused() throws Exception
    {
        final Path spi = artifact("spi");
        resealWith(spi, "spi.version = 1", "spi.version = 2");
        assertTrue(refused(spi).getMessage().contains("built against model SPI version 2, this engine implements " +
            "version " + ModelLoader.SPI_VERSION));

        final Path metrics = artifact("metrics");
        resealWith(metrics, "metrics.ic = 0.031\n", "");
        final ConfigException noReport = assertThrows(ConfigException.class, () -> ModelDeployer.deploy(metrics, plan));
        assertTrue(noReport.getMessage().contains("no metrics.NAME = VALUE"), noReport.getMessage());

        final Path unknown = artifact("unknown");
        resealWith(unknown, "seed = 42", "seed = 42\nsede = 43");
        final ConfigException typo = assertThrows(ConfigException.class, () -> ModelDeployer.deploy(unknown, plan));
        assertTrue(typo.getMessage().contains("unknown key 'sede'"), typo.getMessage());
    }

    /** A plugin compiled here: kind {@code constant-test}, a model predicting the number in its file. */
    private Path pluginJar(final String name, final boolean withService, final String predictBody) throws Exception
    {
        final Path sources = temp.resolve(name + "-src/test/plugin");
        Files.createDirectories(sources);
        Files.writeString(sources.resolve("ConstantLoader.java"), """
            package test.plugin;
            public final class ConstantLoader implements io.lockstep.engine.spi.ModelLoader
            {
                public String kind()
                {
                    return "constant-test";
                }

                public io.lockstep.engine.spi.Model load(final java.nio.file.Path file)
                {
                    final double value;
                    try
                    {
                        value = Double.parseDouble(java.nio.file.Files.readString(file).strip());
                    }
                    catch (final java.io.IOException ex)
                    {
                        throw new java.io.UncheckedIOException(ex);
                    }
                    return new io.lockstep.engine.spi.Model()
                    {
                        public int featureCount()
                        {
                            return 2;
                        }

                        public double predict(final double[] features)
                        {
                            %s
                        }
                    };
                }
            }
            """.formatted(predictBody));
        final Path classes = temp.resolve(name + "-classes");
        Files.createDirectories(classes);
        final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "--release", "17", "-classpath",
            System.getProperty("java.class.path"), "-d", classes.toString(),
            sources.resolve("ConstantLoader.java").toString()));
        final Path jar = temp.resolve(name + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream entries = new JarOutputStream(out))
        {
            try (var walk = Files.walk(classes))
            {
                for (final Path file : walk.filter(Files::isRegularFile).toList())
                {
                    entries.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                    entries.write(Files.readAllBytes(file));
                }
            }
            if (withService)
            {
                entries.putNextEntry(new JarEntry("META-INF/services/" + ModelLoader.class.getName()));
                entries.write("test.plugin.ConstantLoader\n".getBytes());
            }
        }
        return jar;
    }

    /** An artifact whose loader comes from a plugin jar: packed with the jar, then the jar swapped in. */
    private Path pluginArtifact(final String name, final Path packedWith, final Path shipped) throws Exception
    {
        final Path weights = temp.resolve("constant.txt");
        Files.writeString(weights, "0.75\n");
        final Path out = temp.resolve(name);
        ArtifactPacker.pack("constant-test", weights, packedWith, plan, description(), out);
        if (shipped != packedWith)
        {
            Files.copy(shipped, out.resolve(packedWith.getFileName()),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(out.resolve(ModelArtifact.MANIFEST), ModelArtifact.open(out).sealedManifestText());
        }
        return out;
    }

    @Test
    void aPluginJarLoadsInItsOwnClassLoaderAndAJarWithoutTheSpiIsRefused() throws Exception
    {
        final Path plugin = pluginJar("plugin", true, "return 0.75;");
        final DeployedModel model = ModelDeployer.deploy(pluginArtifact("with-jar", plugin, plugin), plan);
        assertEquals(0.75, model.model().predict(new double[2]));
        final ClassLoader loader = model.model().getClass().getClassLoader();
        assertInstanceOf(URLClassLoader.class, loader);
        assertEquals("lockstep-model-plugin", loader.getName());
        assertTrue(ServiceLoader.load(ModelLoader.class).stream().noneMatch((provider) ->
            provider.type().getName().equals("test.plugin.ConstantLoader")), "not on the engine's class path");

        // Deployed but never to be applied (its artifact could not be kept, or a model with its hash is ready):
        // released, its jar closed and its unpacked copy deleted at once.
        final long unpackedBeforeSpare = unpackedArtifacts();
        final DeployedModel spare = ModelDeployer.deploy(pluginArtifact("spare", plugin, plugin), plan);
        final URLClassLoader spareLoader = (URLClassLoader)spare.model().getClass().getClassLoader();
        final String service = "META-INF/services/" + ModelLoader.class.getName();
        assertNotNull(spareLoader.findResource(service));
        assertEquals(unpackedBeforeSpare + 1, unpackedArtifacts());
        spare.release();
        assertNull(spareLoader.findResource(service), "its jar is closed");
        assertEquals(unpackedBeforeSpare, unpackedArtifacts(), "its unpacked copy is gone");
        assertEquals(0.75, model.model().predict(new double[2]), "the other deploy of the same jar is untouched");

        final Path noService = pluginJar("no-service", false, "return 0.75;");
        final Path withoutSpi = pluginArtifact("without-spi", plugin, noService);
        final long unpackedBefore = unpackedArtifacts();
        final String message = refused(withoutSpi).getMessage();
        assertTrue(message.contains("plugin.jar plugin.jar provides no io.lockstep.engine.spi.ModelLoader for " +
            "model.kind constant-test"), message);
        assertEquals(unpackedBefore, unpackedArtifacts(), "a refused plugin leaves no unpacked copy behind");
    }

    /** Artifacts unpacked for their loader: a deployed plugin's stays (its classes load lazily), others go. */
    private static long unpackedArtifacts() throws Exception
    {
        try (java.util.stream.Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir"))))
        {
            return files.filter((path) -> path.getFileName().toString().startsWith("lockstep-artifact-")).count();
        }
    }

    @Test
    void aModelThatThrowsOrPredictsNanOnItsWarmUpIsRefused() throws Exception
    {
        final Path thrower = pluginJar("thrower", true, "throw new IllegalStateException(\"no weights\");");
        final Path weights = temp.resolve("constant.txt");
        Files.writeString(weights, "0.75\n");
        // Packing loads the model but does not score it; the contract does.
        final Path throwing = temp.resolve("throwing");
        ArtifactPacker.pack("constant-test", weights, thrower, plan, description(), throwing);
        final long unpackedBefore = unpackedArtifacts();
        assertTrue(refused(throwing).getMessage().contains("threw on a warm-up row of zeros: " +
            "java.lang.IllegalStateException: no weights"));
        assertEquals(unpackedBefore, unpackedArtifacts(), "a plugin refused at warm-up leaves no unpacked copy");

        // An Error from foreign code (a class its jar lacks) refuses the artifact, as an exception does, rather
        // than ending the thread that deploys it.
        final Path linkage = pluginJar("linkage", true, "throw new NoClassDefFoundError(\"test/plugin/Missing\");");
        final Path lacking = temp.resolve("lacking");
        ArtifactPacker.pack("constant-test", weights, linkage, plan, description(), lacking);
        assertTrue(refused(lacking).getMessage().contains("threw on a warm-up row of zeros: " +
            "java.lang.NoClassDefFoundError: test/plugin/Missing"));

        final Path nan = pluginJar("nan", true, "return Double.NaN;");
        final Path nanArtifact = temp.resolve("nan-artifact");
        ArtifactPacker.pack("constant-test", weights, nan, plan, description(), nanArtifact);
        assertTrue(refused(nanArtifact).getMessage().contains("predicts NaN for a warm-up row of zeros"));
    }

    @Test
    void aMetricThatIsNoNumberIsRefusedAtDeployAsAtPack() throws Exception
    {
        final Path words = artifact("words");
        resealWith(words, "metrics.ic = 0.031", "metrics.ic = looks good to me");
        assertTrue(assertThrows(ConfigException.class, () -> ModelDeployer.deploy(words, plan)).getMessage()
            .contains("metrics.ic"));
        final Path empty = artifact("empty");
        resealWith(empty, "metrics.ic = 0.031", "metrics.ic =");
        assertThrows(ConfigException.class, () -> ModelDeployer.deploy(empty, plan));
        final Path undefined = artifact("undefined");
        resealWith(undefined, "metrics.ic = 0.031", "metrics.ic = NaN");
        ModelDeployer.deploy(undefined, plan);
    }

    @Test
    void aNameNoManifestKeyCanHoldIsRefusedAtPackRatherThanAtEveryLoad() throws Exception
    {
        Files.writeString(temp.resolve("model.json"), MODEL);
        for (final String group : List.of("metrics", "hyper", "versions"))
        {
            final ArtifactPacker.Description description = description();
            (group.equals("metrics") ? description.metrics : group.equals("hyper") ? description.hyperParameters :
                description.versions).put("", "1");
            final Path out = temp.resolve("unnamed-" + group);
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> ArtifactPacker.pack("xgboost-json", temp.resolve("model.json"), null, plan, description, out));
            assertTrue(ex.getMessage().startsWith(group + " name ''"), ex.getMessage());
            assertFalse(Files.exists(out));
        }
    }
}
