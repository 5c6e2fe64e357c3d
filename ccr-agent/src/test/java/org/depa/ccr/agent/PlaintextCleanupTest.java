package org.depa.ccr.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.depa.ccr.agent.AgentWorld.JoiningTrainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decrypted datasets exist only while the agent runs: owner-only while there, and gone when
 * the invocation ends, whether it ends with a receipt or a failure.
 */
class PlaintextCleanupTest {
    @TempDir
    Path dir;

    AgentWorld a;

    @BeforeEach
    void world() throws Exception {
        a = new AgentWorld(dir);
    }

    @AfterEach
    void close() {
        a.close();
    }

    /** Notes the permissions of what the trainer is given, then trains or fails. */
    static final class Inspecting implements Trainer {
        final Trainer inner;
        final List<String> permissions = new ArrayList<>();

        Inspecting(Trainer inner) {
            this.inner = inner;
        }

        @Override
        public Outcome train(Input input) {
            try {
                Path plain = input.tables().get(0).csv().getParent();
                permissions.add(PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)));
                for (Table t : input.tables()) {
                    permissions.add(PosixFilePermissions.toString(Files.getPosixFilePermissions(t.csv())));
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return inner.train(input);
        }
    }

    @Test
    void aCompletedRunLeavesNoPlaintextAndItWasOwnerOnly() {
        Inspecting trainer = new Inspecting(new JoiningTrainer("0.5", 0));
        a.agent("run-1", dir.resolve("work"), a.releasingKeys(), trainer).run();
        assertThat(trainer.permissions).containsExactly("rwx------", "rw-------", "rw-------");
        assertThat(dir.resolve("work/plain")).doesNotExist();
        assertThat(dir.resolve("work")).exists();
    }

    @Test
    void aFailedRunLeavesNoPlaintext() {
        Trainer failing = new Inspecting(input -> {
            throw new IllegalStateException("the trainer gave up");
        });
        assertThatThrownBy(() -> a.agent("run-1", dir.resolve("work"), a.releasingKeys(), failing)
                        .run())
                .hasMessageContaining("the trainer gave up");
        assertThat(dir.resolve("work/plain")).doesNotExist();
    }
}
