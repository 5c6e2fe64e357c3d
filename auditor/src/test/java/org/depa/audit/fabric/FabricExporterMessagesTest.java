package org.depa.audit.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a person reads when the export cannot reach a peer: the reason, never a Java class name. */
class FabricExporterMessagesTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "io exception|io exception",
                "java.net.ConnectException: Connection refused|Connection refused",
                "io.netty.channel.AbstractChannel$AnnotatedConnectException: Connection refused: /127.0.0.1:7051"
                        + "|Connection refused: /127.0.0.1:7051",
                "java.nio.file.NoSuchFileException|no detail given",
                "Error during contract method execution|Error during contract method execution",
            })
    void classNamesAreDroppedAndTheReasonKept(String raw, String shown) {
        assertThat(FabricExporter.forPeople(raw)).isEqualTo(shown).doesNotContain("Exception");
    }

    @org.junit.jupiter.api.Test
    void noMessageStaysNone() {
        assertThat(FabricExporter.forPeople(null)).isNull();
    }
}
