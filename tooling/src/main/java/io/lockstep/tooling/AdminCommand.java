package io.lockstep.tooling;

import io.aeron.Aeron;
import io.lockstep.engine.AdminClient;
import io.lockstep.engine.Engine;
import io.lockstep.engine.EngineSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code lockstep admin ...}: model hot swap, the kill switch and risk limits of a running engine, over its Aeron
 * admin stream. Each command is answered by the engine; exit 0 when applied, 1 when refused (the reason is
 * printed), 2 when no engine answers.
 */
@Command(
    name = "admin",
    header = "Hot swap models, kill switch, risk limits of a running engine (journaled control inputs).",
    mixinStandardHelpOptions = true,
    description = {
        "Hot swap models, engage the kill switch and change risk limits in a running engine over its Aeron admin",
        "stream. An ARTIFACT (directory or .zip) is loaded and held to its deploy contract off the business thread",
        "first; a HASH names one already loaded (the 12 digits answers print will do). Swaps, rollbacks, shadows,",
        "canaries, the kill switch and risk limits become sequenced, journaled control inputs, so replay reproduces",
        "them.",
        "Exit 0: applied; 1: refused (reason printed); 2: no engine answered." },
    subcommands = { AdminCommand.Load.class, AdminCommand.Swap.class, AdminCommand.Rollback.class,
        AdminCommand.Shadow.class, AdminCommand.Canary.class, AdminCommand.KillSwitch.class,
        AdminCommand.RiskLimitChange.class, AdminCommand.Status.class })
final class AdminCommand implements Runnable
{
    static final int NO_ANSWER = 2;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    public void run()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where the engine listens: its config, or the defaults. */
    static final class Connection
    {
        @Option(names = "--config", paramLabel = "FILE",
            description = "The engine's config file (its data directory, where a running engine says where its " +
                "Aeron directory is, and its admin streams); defaults otherwise.")
        Path config;

        @Option(names = "--data-dir", paramLabel = "DIR",
            description = "The engine's data directory (overrides --config's data.dir): a running engine says there " +
                "where its Aeron directory is, and keeps there the artifacts a hash's first digits name.")
        Path dataDir;

        @Option(names = "--aeron-dir", paramLabel = "DIR",
            description = "The engine's Aeron directory, as its start line prints it (overrides --config's).")
        String aeronDir;

        @Option(names = "--timeout", defaultValue = "60", paramLabel = "SECONDS",
            description = "How long to wait for the engine's answer (loading warms the model up). Default 60.")
        long timeoutSeconds;

        @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
        picocli.CommandLine.Model.CommandSpec spec;

        /** Send one request and print the engine's answer; returns the exit code. */
        int send(final AdminClient.Request request)
        {
            return session((client) -> print(List.of(client.send(request, timeoutNs()))));
        }

        /** Send a request about a model named by hash, or by an artifact loaded first on the same connection. */
        int sendAbout(final String artifactOrHash, final AdminClient.ModelRequest request)
        {
            return session((client) -> print(client.sendAbout(artifactOrHash, issuer(), request, timeoutNs())));
        }

        /** Connect to the engine's admin streams, run the exchanges, disconnect. */
        private int session(final java.util.function.ToIntFunction<AdminClient> exchanges)
        {
            final EngineSettings settings = EngineSettings.read(config);
            settings.dataDir = dataDir != null ? dataDir : settings.dataDir;
            // The engine running on the config's data directory wrote where its Aeron directory is: the default
            // one names that engine's process, not this one's.
            final String running = Engine.runningAeronDir(settings.dataDir);
            if (aeronDir == null && running == null)
            {
                spec.commandLine().getErr().println("no engine running on data directory " + settings.dataDir +
                    " (one running there says where its Aeron directory is): give the running engine's --config " +
                    "or --data-dir, as its start line prints it");
                return NO_ANSWER;
            }
            settings.aeronDir = aeronDir != null ? aeronDir : running;
            if (!Files.isDirectory(Path.of(settings.aeronDir)))
            {
                spec.commandLine().getErr().println("no engine running: no Aeron directory at " + settings.aeronDir +
                    (aeronDir == null ? " (where the engine on " + settings.dataDir + " said it was)" : ""));
                return NO_ANSWER;
            }
            try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(settings.aeronDir));
                AdminClient client = AdminClient.connect(aeron, settings, AdminClient.CONNECT_TIMEOUT_NS))
            {
                return exchanges.applyAsInt(client);
            }
            catch (final AdminClient.NoAnswerException ex)
            {
                spec.commandLine().getErr().println(ex.getMessage());
                return NO_ANSWER;
            }
        }

        /** Each answer on its own line(s); the first refusal ends the command with exit 1. */
        private int print(final List<AdminClient.Answer> answers)
        {
            for (final AdminClient.Answer answer : answers)
            {
                if (!answer.applied())
                {
                    spec.commandLine().getErr().println("refused: " + answer.text().strip());
                    return 1;
                }
                spec.commandLine().getOut().println(answer.text().strip());
            }
            return 0;
        }

        private long timeoutNs()
        {
            return TimeUnit.SECONDS.toNanos(timeoutSeconds);
        }
    }

    static String issuer()
    {
        return System.getProperty("user.name", "unknown") + "@lockstep-admin";
    }

    @Command(name = "load", mixinStandardHelpOptions = true,
        description = "Load an artifact and hold it to its deploy contract; it can then be swapped in by hash.")
    static final class Load implements Callable<Integer>
    {
        @Mixin
        Connection connection;

        @Parameters(paramLabel = "ARTIFACT", description = "Artifact directory or .zip.")
        Path artifact;

        public Integer call()
        {
            return connection.send(AdminClient.load(artifact, issuer()));
        }
    }

    @Command(name = "swap", mixinStandardHelpOptions = true,
        description = "Make a model the champion from the next event on; the current one stays loaded as previous.")
    static final class Swap implements Callable<Integer>
    {
        @Mixin
        Connection connection;

        @Parameters(paramLabel = "ARTIFACT|HASH",
            description = "Artifact to load, or the hash of a loaded model: its first 8 digits or more will do.")
        String model;

        public Integer call()
        {
            return connection.sendAbout(model, AdminClient.swap(issuer()));
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Make the previous champion the champion again, from the next event on.")
    static final class Rollback implements Callable<Integer>
    {
        @Mixin
        Connection connection;

        public Integer call()
        {
            return connection.send(AdminClient.rollback(issuer()));
        }
    }

    @Command(name = "shadow", mixinStandardHelpOptions = true,
        description = "Score a model on every event after the order is sent, never trading (--remove to stop).")
    static final class Shadow implements Callable<Integer>
    {
        @Mixin
        Connection connection;

        @Parameters(paramLabel = "ARTIFACT|HASH",
            description = "Artifact to load, or the hash of a loaded model: its first 8 digits or more will do.")
        String model;

        @Option(names = "--remove", description = "Stop shadowing the model.")
        boolean remove;

        public Integer call()
        {
            return connection.sendAbout(model, AdminClient.shadow(remove, issuer()));
        }
    }

    @Command(name = "canary", mixinStandardHelpOptions = true,
        description = "Make a model the champion at a fraction of normal order size (rounded down; 0 = no order).")
    static final class Canary implements Callable<Integer>
    {
        @Mixin
        Connection connection;

        @Parameters(paramLabel = "ARTIFACT|HASH",
            description = "Artifact to load, or the hash of a loaded model: its first 8 digits or more will do.")
        String model;

        @Option(names = "--fraction", required = true, paramLabel = "F",
            description = "Fraction of normal size, 0..1 (e.g. 0.05), kept to parts per million.")
        double fraction;

        public Integer call()
        {
            return connection.sendAbout(model, AdminClient.canary(fraction, issuer()));
        }
    }

    @Command(name = "kill-switch", mixinStandardHelpOptions = true,
        header = "Stop (on) or resume (off) every order of a running engine.",
        description = "Engage (on) or release (off) the kill switch: while engaged no order leaves the engine, which " +
            "goes on journaling and deciding.")
    static final class KillSwitch implements Callable<Integer>
    {
        @Mixin
        Connection connection;

        @Parameters(paramLabel = "on|off", description = "on engages, off releases.")
        String state;

        @Option(names = "--reason", required = true, paramLabel = "TEXT",
            description = "Why, for the journal and the kill_switch alert.")
        String reason;

        public Integer call()
        {
            if (!state.equals("on") && !state.equals("off"))
            {
                throw new IllegalArgumentException("kill-switch " + state + ": expected on or off");
            }
            return connection.send(AdminClient.killSwitch(state.equals("on"), issuer(), reason));
        }
    }

    @Command(name = "risk-limit", mixinStandardHelpOptions = true,
        header = "Change a risk limit of a running engine, by its config key.",
        description = "Change a risk limit for every instrument from the next input on, named by its config key " +
            "(risk.max.position, risk.max.order.quantity, risk.max.notional, risk.price.collar.bps, " +
            "risk.max.orders.per.second, risk.stale.data) in the config's units.")
    static final class RiskLimitChange implements Callable<Integer>
    {
        @Mixin
        Connection connection;

        @Parameters(index = "0", paramLabel = "KEY", description = "The limit's config key, e.g. risk.max.position.")
        String key;

        @Parameters(index = "1", paramLabel = "VALUE",
            description = "A whole number (currency units for risk.max.notional), or a duration for risk.stale.data.")
        String value;

        public Integer call()
        {
            return connection.send(AdminClient.riskLimit(key, value, issuer()));
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
        header = "The models in place, the kill switch, recent events and counters of a running engine.",
        description = "Champion, previous, shadows, ready models, models deployed but not yet applied, whether " +
            "it trades (the kill switch), last command, quarantines and other events, and counters.")
    static final class Status implements Callable<Integer>
    {
        @Mixin
        Connection connection;

        public Integer call()
        {
            return connection.send(AdminClient.status());
        }
    }
}
