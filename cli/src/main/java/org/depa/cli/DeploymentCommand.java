package org.depa.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.depa.demo.CovidDeployment;
import org.depa.demo.deployment.Deployment;
import org.depa.demo.deployment.DeploymentException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code depa deployment up|status|down}: the consortium as separate processes on the local Fabric
 * network (demo's {@link Deployment}): a gateway per organisation, a kms-bridge per TDP, the CCR
 * provider's operator. Exit 0 done (status: every component up), 1 a component failed or is down
 * (named), 2 usage.
 */
@Command(
        name = "deployment",
        mixinStandardHelpOptions = true,
        description = "A local consortium as separate processes: gateways, kms-bridges, the operator, on Fabric.",
        subcommands = {DeploymentCommand.Up.class, DeploymentCommand.Status.class, DeploymentCommand.Down.class})
final class DeploymentCommand implements Runnable {
    static final int GATEWAY_BASE_PORT = 8641;
    static final int BRIDGE_BASE_PORT = 8681;
    /** How long up waits for every component's health: Quarkus starts in about 10 s each on a busy 2-core machine. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(240);

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static Deployment deployment() {
        return new Deployment(
                Path.of(System.getProperty("depa.home", ".")).toAbsolutePath().normalize());
    }

    @Command(
            name = "up",
            description =
                    "Start the network (if needed), the gateways, the bridges and the operator; wait until each is healthy.")
    static final class Up implements Callable<Integer> {
        @Override
        public Integer call() {
            PrintStream out = System.out;
            try {
                deployment()
                        .up(
                                new Deployment.Settings(
                                        CovidDeployment.seats(),
                                        "SROMSP",
                                        GATEWAY_BASE_PORT,
                                        BRIDGE_BASE_PORT,
                                        READY_TIMEOUT,
                                        System.getProperty("java.class.path")),
                                out::println);
            } catch (DeploymentException e) {
                System.err.println("depa deployment up: " + e.getMessage());
                return Main.FAILED;
            }
            int status = print(out);
            dashboards(out);
            return status;
        }
    }

    /** Each organisation's dashboard, served by its gateway, and how a participant logs in to it. */
    private static void dashboards(PrintStream out) {
        try {
            for (Deployment.ComponentStatus c : deployment().status()) {
                if (c.kind().equals("gateway") && !c.url().isEmpty()) {
                    out.println("dashboard of " + c.name() + ": " + c.url() + "/dashboard");
                }
            }
            out.println("log in: depa dashboard login --gateway URL --ca CA.pem --cert CERT.pem --key KEY.pem"
                    + " (a participant's certificate; prints a one-time link)");
        } catch (DeploymentException e) {
            System.err.println("depa deployment up: " + e.getMessage());
        }
    }

    @Command(name = "status", description = "Each component with its URL, PID and health.")
    static final class Status implements Callable<Integer> {
        @Override
        public Integer call() {
            return print(System.out);
        }
    }

    @Command(name = "down", description = "Stop what 'up' started (the network too if 'up' started it); nothing else.")
    static final class Down implements Callable<Integer> {
        @Override
        public Integer call() {
            try {
                List<String> stopped = deployment().down(System.out::println);
                System.out.println(
                        stopped.isEmpty() ? "nothing was running" : "stopped " + stopped.size() + " components");
                return 0;
            } catch (DeploymentException e) {
                System.err.println("depa deployment down: " + e.getMessage());
                return Main.FAILED;
            }
        }
    }

    private static int print(PrintStream out) {
        try {
            List<Deployment.ComponentStatus> all = deployment().status();
            if (all.isEmpty()) {
                out.println("no deployment (depa deployment up starts one)");
                return Main.FAILED;
            }
            Path home = deployment().layout().home();
            out.printf("%-18s %-10s %-8s %-10s %-24s %s%n", "COMPONENT", "KIND", "PID", "HEALTH", "URL", "LOG");
            for (Deployment.ComponentStatus c : all) {
                out.printf(
                        "%-18s %-10s %-8s %-10s %-24s %s%n",
                        c.name(),
                        c.kind(),
                        c.pid().map(String::valueOf).orElse("-"),
                        c.health(),
                        c.url().isEmpty() ? "-" : c.url(),
                        home.relativize(c.log()));
            }
            return all.stream().allMatch(Deployment.ComponentStatus::up) ? 0 : Main.FAILED;
        } catch (DeploymentException e) {
            System.err.println("depa deployment status: " + e.getMessage());
            return Main.FAILED;
        }
    }
}
