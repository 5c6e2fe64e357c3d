package org.depa.ccr.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorSettingsTest {
    private static final List<String> CMD = List.of("agent", OperatorSettings.CONFIG_PLACEHOLDER);

    private static OperatorSettings settings(int n, int k, List<String> cmd) {
        return new OperatorSettings("ccr", Path.of("/tmp/op"), n, k, cmd, Duration.ofSeconds(1));
    }

    @Test
    void refusesLimitsOutOfRangeNamingTheField() {
        assertThatThrownBy(() -> settings(0, 3, CMD)).hasMessageStartingWith("maxCleanRooms:");
        assertThatThrownBy(() -> settings(65, 3, CMD)).hasMessageStartingWith("maxCleanRooms:");
        assertThatThrownBy(() -> settings(2, 0, CMD)).hasMessageStartingWith("maxAttempts:");
    }

    @Test
    void refusesACommandThatCannotBeGivenTheConfig() {
        assertThatThrownBy(() -> settings(2, 3, List.of("agent", "--run")))
                .hasMessageContaining("cleanRoomCommand:")
                .hasMessageContaining(OperatorSettings.CONFIG_PLACEHOLDER);
    }

    @Test
    void aJobIdThatWouldLeaveTheStateDirectoryGetsNoWorkspace() {
        OperatorSettings s = settings(2, 3, CMD);
        assertThat(s.workspace("job-1.a_b")).isEqualTo(Path.of("/tmp/op/jobs/job-1.a_b"));
        for (String bad : List.of("..", "../x", "a/b", "", ".hidden", "a b")) {
            assertThatThrownBy(() -> s.workspace(bad)).hasMessageStartingWith("jobId:");
        }
    }

    @Test
    void propertiesAreReadWithDefaultsAndAMissingOneIsNamed() {
        Properties p = new Properties();
        p.setProperty("ccrProviderId", "ccr");
        p.setProperty("stateDir", "/tmp/op");
        p.setProperty("cleanRoomCommand", "java -jar agent.jar {config}");
        OperatorSettings s = OperatorMain.settings(p);
        assertThat(s.maxCleanRooms()).isEqualTo(2);
        assertThat(s.maxAttempts()).isEqualTo(3);
        assertThat(s.cleanRoomCommand()).containsExactly("java", "-jar", "agent.jar", "{config}");
        p.setProperty("maxAttempts", "three");
        assertThatThrownBy(() -> OperatorMain.settings(p)).hasMessageStartingWith("maxAttempts:");
        p.remove("stateDir");
        assertThatThrownBy(() -> OperatorMain.settings(p)).hasMessage("stateDir: required");
    }

    /** The log names jobs and failures: owner-only when made, and made so when an earlier start left it open. */
    @Test
    void theOperatorsLogIsOwnerOnly(@TempDir Path dir) throws Exception {
        Path fresh = OperatorMain.ownerOnlyLog(dir.resolve("operator.log"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)))
                .isEqualTo("rw-------");

        Path old = dir.resolve("old.log");
        Files.writeString(old, "an earlier start's line\n");
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-r--r--"));
        OperatorMain.ownerOnlyLog(old);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(old)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(old)).isEqualTo("an earlier start's line\n");
    }
}
