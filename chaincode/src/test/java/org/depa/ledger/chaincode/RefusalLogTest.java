package org.depa.ledger.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ResponseUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shim logs every error response; with the chaincode's logging installed, a refusal (an
 * expected NOT_FOUND) is one FINE line without a stack trace, and a real fault stays SEVERE.
 */
class RefusalLogTest {
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private final Logger root = Logger.getLogger("");
    private Level rootLevel;

    @BeforeEach
    void listen() {
        rootLevel = root.getLevel();
        root.setLevel(Level.ALL);
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
        Logger.getLogger(RefusalLog.REFUSALS).setLevel(Level.FINE);
        RefusalLog.install();
    }

    @AfterEach
    void stop() {
        root.removeHandler(capture);
        root.setLevel(rootLevel);
    }

    @Test
    void anExpectedNotFoundIsNotAnError() {
        ResponseUtils.newErrorResponse(new ChaincodeException(
                "NOT_FOUND: receipt 'run-1' does not exist", "NOT_FOUND".getBytes(StandardCharsets.UTF_8)));
        assertThat(records).noneMatch(r -> r.getLevel().intValue() >= Level.WARNING.intValue());
        assertThat(records).anySatisfy(r -> {
            assertThat(r.getLevel()).isEqualTo(Level.FINE);
            assertThat(r.getParameters()[0].toString())
                    .isEqualTo("NOT_FOUND: receipt 'run-1' does not exist")
                    .doesNotContain("\tat ");
        });
    }

    @Test
    void aFaultStaysSevereWithItsStackTrace() {
        ResponseUtils.newErrorResponse(new ChaincodeException(
                "INTERNAL: unexpected NullPointerException", "INTERNAL".getBytes(StandardCharsets.UTF_8)));
        ResponseUtils.newErrorResponse(new IllegalStateException("boom"));
        assertThat(records.stream().filter(r -> r.getLevel() == Level.SEVERE)).hasSize(2);
    }

    @Test
    void onlyLedgerCodesCountAsRefusals() {
        assertThat(RefusalLog.refusalCode("NOT_FOUND: x")).isEqualTo("NOT_FOUND");
        assertThat(RefusalLog.refusalCode("AGREEMENT_NOT_SIGNED: y")).isEqualTo("AGREEMENT_NOT_SIGNED");
        assertThat(RefusalLog.refusalCode("INTERNAL: z")).isNull();
        assertThat(RefusalLog.refusalCode("Undefined contract method called")).isNull();
        assertThat(RefusalLog.refusalCode("NOT_A_CODE: w")).isNull();
        assertThat(RefusalLog.refusalCode(null)).isNull();
    }
}
