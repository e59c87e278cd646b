package io.lockstep.engine.model;

import io.lockstep.engine.config.ConfigException;
import io.lockstep.engine.config.ConfigFile;
import io.lockstep.engine.spi.Model;
import io.lockstep.engine.spi.ModelLoader;
import io.lockstep.features.FeaturePlan;
import io.lockstep.util.DirectoryTree;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The deploy contract, checked before a model can emit one signal. In order, each failure refused with the
 * artifact and the precise reason:
 * <ol>
 * <li>the manifest parses, states every required key and no unknown one;</li>
 * <li>{@code spi.version} is this engine's {@link ModelLoader#SPI_VERSION};</li>
 * <li>the recomputed content hash equals {@code artifact.hash} (a tampered manifest, corrupted weights or any
 * other edited file after sealing);</li>
 * <li>{@code graph.hash} is the engine's feature graph hash, and {@code features} are the graph's outputs, same
 * count, same order;</li>
 * <li>a loader for {@code model.kind} exists: from {@code plugin.jar} in its own class loader when the artifact
 * has one (a jar without that {@link ModelLoader} service is refused), else on the engine's class path;</li>
 * <li>the loader accepts the weights, and the model reads exactly those features;</li>
 * <li>warm-up: {@value #WARM_UP_PREDICTIONS} predictions on an all-zero row return a finite number without
 * throwing (and leave the JIT warm before the first live event).</li>
 * </ol>
 * Runs off the business thread (admin agent, start-up, replay); allocates freely.
 */
public final class ModelDeployer
{
    static final int WARM_UP_PREDICTIONS = 20_000;

    private ModelDeployer()
    {
    }

    /**
     * @param plan the graph the model will read, or null offline ({@code model predict}): the graph clauses are
     *             then not checked, everything else is.
     * @throws IllegalArgumentException (or {@link ConfigException} for the manifest) naming the artifact and the
     *                                  broken clause of the contract.
     */
    public static DeployedModel deploy(final Path location, final FeaturePlan plan)
    {
        return deploy(ModelArtifact.open(location), plan);
    }

    /**
     * As {@link #deploy(Path, FeaturePlan)}, for an artifact already read: what is deployed is exactly what the
     * caller holds (and may keep, see {@link ArtifactStore}).
     */
    public static DeployedModel deploy(final ModelArtifact artifact, final FeaturePlan plan)
    {
        final Path location = artifact.location();
        final ConfigFile manifest = artifact.manifest();
        final String where = "model artifact " + location;

        final int spiVersion = manifest.intValue("spi.version", -1, 0, Integer.MAX_VALUE);
        final String statedHash = required(manifest, ModelArtifact.HASH_KEY);
        final String kind = required(manifest, "model.kind");
        final String weights = required(manifest, "model.file");
        final String jar = manifest.string("plugin.jar", "");
        required(manifest, "features");
        final List<String> features = artifact.features();
        final String graphHash = required(manifest, "graph.hash");
        required(manifest, "training.window");
        required(manifest, "seed");
        required(manifest, "owner");
        required(manifest, "rationale");
        manifest.string("approver", "");
        manifest.string(TrainingReference.MANIFEST_KEY, "");
        manifest.withPrefix("hyper.");
        manifest.withPrefix("versions.");
        final Map<String, String> metrics = manifest.withPrefix("metrics.");
        if (metrics.isEmpty())
        {
            throw new ConfigException(manifest.source(), 0, "metrics.*", "no metrics.NAME = VALUE: a model is " +
                "promoted on numbers, state its validation report");
        }
        for (final Map.Entry<String, String> metric : metrics.entrySet())
        {
            if (!ArtifactPacker.METRIC.matcher(metric.getValue()).matches())
            {
                throw manifest.invalid("metrics." + metric.getKey(), "a number (a decimal, NaN or an infinity): " +
                    "a model is promoted on numbers");
            }
        }
        manifest.checkNoUnknownKeys();

        if (spiVersion != ModelLoader.SPI_VERSION)
        {
            throw new IllegalArgumentException(where + ": built against model SPI version " +
                (spiVersion < 0 ? "(spi.version missing)" : spiVersion) + ", this engine implements version " +
                ModelLoader.SPI_VERSION);
        }
        final String actualHash = HexFormat.of().formatHex(artifact.contentHash());
        if (!actualHash.equals(statedHash))
        {
            throw new IllegalArgumentException(where + ": content hash " + actualHash + " differs from the " +
                "manifest's artifact.hash " + statedHash + ": a file or the manifest changed after sealing " +
                "(corrupted or tampered artifact)");
        }
        if (plan != null && !graphHash.equals(plan.graphHash()))
        {
            throw new IllegalArgumentException(where + ": trained against feature graph " + graphHash +
                " but the engine runs " + plan.source() + " = " + plan.graphHash() +
                " (an operator, parameter or input differs)");
        }
        if (plan != null)
        {
            checkAgainstGraph(features.size(), features, plan, where);
        }
        if (!artifact.files().containsKey(weights))
        {
            throw new IllegalArgumentException(where + ": model.file " + weights + " is not in the artifact");
        }
        if (!jar.isEmpty() && !artifact.files().containsKey(jar))
        {
            throw new IllegalArgumentException(where + ": plugin.jar " + jar + " is not in the artifact");
        }
        final TrainingReference reference = TrainingReference.of(artifact);
        if (reference != null)
        {
            reference.checkFeatures(features, where);
        }

        final Path unpacked = artifact.materialize();
        ModelLoader loader = null;
        boolean deployed = false;
        try
        {
            loader = loader(kind, jar.isEmpty() ? null : unpacked.resolve(jar), where);
            final Model model;
            try
            {
                model = loader.load(unpacked.resolve(weights));
            }
            catch (final RuntimeException | LinkageError | StackOverflowError | OutOfMemoryError ex)
            {
                // A loader is foreign code (a plugin's): a class it lacks, a recursion or an allocation it cannot
                // make ends this load, not the thread deploying it (the admin agent's, in a running engine).
                throw new IllegalArgumentException(where + ": the " + kind + " loader refused " + weights + ": " +
                    ex.getMessage(), ex);
            }
            if (model.featureCount() != features.size())
            {
                throw new IllegalArgumentException(where + ": the manifest lists " + features.size() +
                    " features but " + weights + " reads " + model.featureCount());
            }
            if (!model.featureNames().isEmpty() && !model.featureNames().equals(features))
            {
                throw new IllegalArgumentException(where + ": " + weights + " was trained on " +
                    model.featureNames() + " but the manifest lists " + features);
            }
            warmUp(model, where);
            deployed = true;
            if (jar.isEmpty())
            {
                return new DeployedModel(artifact.contentHash(), kind + " from " + location, model);
            }
            final URLClassLoader classLoader = (URLClassLoader)loader.getClass().getClassLoader();
            return new DeployedModel(artifact.contentHash(), kind + " from " + location, model, () ->
            {
                closeQuietly(classLoader);
                DirectoryTree.delete(unpacked);
            });
        }
        finally
        {
            // A deployed plugin's classes load lazily from its unpacked jar for as long as the model lives, so
            // that copy goes when the JVM exits.
            if (deployed && !jar.isEmpty())
            {
                DirectoryTree.deleteOnExit(unpacked);
            }
            else
            {
                if (!jar.isEmpty() && loader != null)
                {
                    closeQuietly((URLClassLoader)loader.getClass().getClassLoader());
                }
                DirectoryTree.delete(unpacked);
            }
        }
    }

    /**
     * The model reads the first {@code featureCount} graph outputs; when it knows the names it was trained on,
     * they must be those outputs' names, position by position.
     */
    public static void checkAgainstGraph(
        final int featureCount, final List<String> names, final FeaturePlan plan, final String where)
    {
        final int graphCount = plan.outputs().size();
        if (featureCount > graphCount)
        {
            throw new IllegalArgumentException(where + ": the model reads " + featureCount + " features but the " +
                "graph " + plan.source() + " computes " + graphCount);
        }
        for (int i = 0; i < names.size(); i++)
        {
            final String graphName = i < graphCount ? plan.outputs().get(i).name() : "(none)";
            if (!names.get(i).equals(graphName))
            {
                throw new IllegalArgumentException(where + ": trained on feature '" + names.get(i) + "' at " +
                    "position " + (i + 1) + " but the graph " + plan.source() + " computes '" + graphName +
                    "' there: refusing a model that would read the wrong features");
            }
        }
    }

    /**
     * @param pluginJar a jar that must provide the loader itself, or null for the engine's class path.
     * @return the loader of {@code kind}.
     */
    public static ModelLoader loader(final String kind, final Path pluginJar, final String where)
    {
        if (pluginJar != null)
        {
            return pluginLoader(kind, pluginJar, where);
        }
        for (final ModelLoader loader : ServiceLoader.load(ModelLoader.class, ModelDeployer.class.getClassLoader()))
        {
            if (loader.kind().equals(kind))
            {
                return loader;
            }
        }
        throw new IllegalArgumentException(where + ": model.kind " + kind + ": no model plugin on the class path " +
            "reads it (built in: linear; with plugins/models: xgboost-json, lightgbm-text, linear-json, " +
            "logistic-json, mlp-json)");
    }

    /**
     * A plugin jar gets its own class loader (parent: the engine's, so it shares the SPI types), and must itself
     * provide the loader: one inherited from the engine's class path does not count.
     */
    private static ModelLoader pluginLoader(final String kind, final Path jar, final String where)
    {
        final URLClassLoader classLoader;
        try
        {
            classLoader = new URLClassLoader("lockstep-model-plugin", new URL[] { jar.toUri().toURL() },
                ModelLoader.class.getClassLoader());
        }
        catch (final MalformedURLException ex)
        {
            throw new IllegalArgumentException(where + ": cannot open plugin.jar " + jar, ex);
        }
        try
        {
            for (final ModelLoader loader : ServiceLoader.load(ModelLoader.class, classLoader))
            {
                if (loader.getClass().getClassLoader() == classLoader && loader.kind().equals(kind))
                {
                    return loader;
                }
            }
        }
        catch (final java.util.ServiceConfigurationError ex)
        {
            closeQuietly(classLoader);
            throw new IllegalArgumentException(where + ": plugin.jar " + jar.getFileName() + " has a broken " +
                ModelLoader.class.getName() + " service entry: " + ex.getMessage(), ex);
        }
        closeQuietly(classLoader);
        throw new IllegalArgumentException(where + ": plugin.jar " + jar.getFileName() + " provides no " +
            ModelLoader.class.getName() + " for model.kind " + kind + " (no META-INF/services entry for it)");
    }

    /** A refused or released plugin's jar is closed at once rather than when its class loader is collected. */
    private static void closeQuietly(final URLClassLoader classLoader)
    {
        try
        {
            classLoader.close();
        }
        catch (final IOException ex)
        {
            // The deploy is refused with its own reason; a jar that will not close changes nothing of it.
        }
    }

    private static void warmUp(final Model model, final String where)
    {
        final double[] zeros = new double[model.featureCount()];
        double prediction = 0;
        try
        {
            for (int i = 0; i < WARM_UP_PREDICTIONS; i++)
            {
                prediction = model.predict(zeros);
                if (!Double.isFinite(prediction))
                {
                    break;
                }
            }
        }
        catch (final RuntimeException | LinkageError | StackOverflowError | OutOfMemoryError ex)
        {
            throw new IllegalArgumentException(where + ": the model threw on a warm-up row of zeros: " + ex, ex);
        }
        if (!Double.isFinite(prediction))
        {
            throw new IllegalArgumentException(where + ": the model predicts " + prediction +
                " for a warm-up row of zeros (finite features must give a finite prediction)");
        }
    }

    private static String required(final ConfigFile manifest, final String key)
    {
        final String value = manifest.string(key, "");
        if (value.isEmpty())
        {
            throw new ConfigException(manifest.source(), 0, key, "missing required key '" + key + "'");
        }
        return value;
    }
}
