package org.depa.cli;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.depa.ledger.client.embedded.LedgerLockedException;
import org.depa.ledger.client.embedded.LedgerRepair;
import org.depa.ledger.client.embedded.LedgerStorageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code depa ledger}: an embedded ledger's directory checked, and repaired by moving a damaged tail
 * aside. One JSON object on stdout; exit 0 when the ledger is sound (after the repair, for repair),
 * 1 when it is damaged (verify) or cannot be repaired or is held by a running process, 2 on a usage
 * or file error.
 */
@Command(
        name = "ledger",
        description = "Embedded ledger directory tools: verify, repair.",
        subcommands = {LedgerCommand.Verify.class, LedgerCommand.Repair.class})
final class LedgerCommand implements Runnable {
    static final int OK = 0;
    static final int DAMAGED = 1;
    static final int INPUT_ERROR = 2;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    abstract static class DirectoryCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--dir", required = true, description = "The ledger directory (holds ledger.jsonl).")
        Path dir;

        abstract LedgerRepair.Report apply(Path dir);

        abstract int status(LedgerRepair.Report report);

        @Override
        public Integer call() {
            if (!Files.isDirectory(dir) || !Files.exists(dir.resolve("ledger.jsonl"))) {
                return fail(INPUT_ERROR, dir + " is not a ledger directory (no ledger.jsonl)");
            }
            LedgerRepair.Report report;
            try {
                report = apply(dir);
            } catch (LedgerLockedException e) {
                return fail(DAMAGED, e.getMessage());
            } catch (LedgerStorageException e) {
                return fail(DAMAGED, e.getMessage());
            } catch (UncheckedIOException e) {
                return fail(INPUT_ERROR, e.getMessage() + ": " + e.getCause().getMessage());
            }
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("directory", dir.toString());
            o.put("sound", report.sound() || report.changed());
            o.put("blocks", report.blocks());
            o.put("problem", report.problem());
            if (report.changed()) {
                o.put("movedLines", report.movedLines());
                o.put(
                        "movedTo",
                        report.movedTo() == null ? null : report.movedTo().toString());
                o.put(
                        "headMovedTo",
                        report.headMovedTo() == null
                                ? null
                                : report.headMovedTo().toString());
            }
            DatasetCommand.printJson(spec, o);
            return status(report);
        }

        int fail(int status, String message) {
            spec.commandLine().getErr().println("depa ledger " + spec.name() + ": " + message);
            spec.commandLine().getErr().flush();
            return status;
        }
    }

    @Command(
            name = "verify",
            description = "Check every line's format, order, hash link and node signature, and the signed head;"
                    + " changes nothing.")
    static final class Verify extends DirectoryCommand {
        @Override
        LedgerRepair.Report apply(Path dir) {
            return LedgerRepair.check(dir);
        }

        @Override
        int status(LedgerRepair.Report report) {
            return report.sound() ? OK : DAMAGED;
        }
    }

    @Command(
            name = "repair",
            description = "Move the lines from the first damaged one to the end into ledger.jsonl.damaged-<UTC time>"
                    + " (never deleted) and sign a new head for the lines that remain.")
    static final class Repair extends DirectoryCommand {
        @Override
        LedgerRepair.Report apply(Path dir) {
            return LedgerRepair.repair(dir);
        }

        @Override
        int status(LedgerRepair.Report report) {
            return OK;
        }
    }
}
