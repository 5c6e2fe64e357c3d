package org.depa.testkit.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.security.interfaces.ECPublicKey;
import java.util.HexFormat;
import java.util.List;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.crypto.ModelSpecCommitments;
import org.depa.ledger.model.domain.SchemaField;
import org.depa.ledger.model.tx.DatasetClauseRequest;
import org.depa.ledger.model.tx.DatasetRequest;
import org.junit.jupiter.api.Test;

/** The shared training fixtures hold together: what the clean room opens matches what the ledger carries. */
class TrainingFixturesTest {
    @Test
    void theBundleOpensToTheSpecAndSaltTheCommitmentNames() {
        TrainingSpec t = TrainingSpec.salted("a world");
        JsonNode bundle = Json.tree(t.bundleJson());
        byte[] salt = HexFormat.of().parseHex(bundle.get("salt").asText());
        String spec = bundle.get("spec").toString();

        assertThat(salt).isEqualTo(t.salt()).hasSize(ModelSpecCommitments.SALT_BYTES);
        assertThat(ModelSpecCommitments.matches(t.commitment(), salt, spec)).isTrue();
        assertThat(ModelSpecCommitments.matches(t.commitment(), salt, spec.replace("20", "21")))
                .isFalse();
        assertThat(TrainingSpec.salted("another world").commitment()).isNotEqualTo(t.commitment());
        assertThat(TrainingSpec.salted("a world").commitment()).isEqualTo(t.commitment());
    }

    @Test
    void clausesJoinEachDatasetWithinTheSpecsEpochs() {
        List<DatasetClauseRequest> clauses = TrainingSpec.clauses(List.of("a", "b"));
        assertThat(clauses).extracting(DatasetClauseRequest::datasetId).containsExactly("a", "b");
        assertThat(clauses).allSatisfy(c -> {
            assertThat(c.joinColumn()).isEqualTo(SyntheticTables.JOIN_COLUMN);
            assertThat(c.privacy().epsilon()).isEqualByComparingTo(new BigDecimal(TrainingSpec.EPSILON));
            assertThat(c.privacy().epochs())
                    .isEqualTo(Json.tree(TrainingSpec.SPEC).get("epochs").asInt());
        });
    }

    @Test
    void theTablesJoinRowForRowAndAreTheSameEveryTime() {
        SyntheticTables t = SyntheticTables.generate();
        List<String> labels = t.labels().lines().toList();
        List<String> features = t.features().lines().toList();

        assertThat(labels).hasSize(401).first().isEqualTo("mobile,result");
        assertThat(features).hasSize(401).first().isEqualTo("mobile,age");
        for (int i = 1; i <= 400; i++) {
            assertThat(labels.get(i).split(",")[0]).isEqualTo(features.get(i).split(",")[0]);
        }
        assertThat(labels.subList(1, 401)).extracting(l -> l.split(",")[1]).contains("0", "1");
        assertThat(SyntheticTables.generate()).isEqualTo(t);
    }

    @Test
    void aRegistrationNamesTheTablesColumnsAndWhereItsCiphertextAndKeyAre() {
        DatasetRequest r = SyntheticTables.registration(
                "d", "tdp", SyntheticTables.generate().features(), "file:///d.enc", "ab".repeat(32), "http://b", "k");
        assertThat(r.schema()).extracting(SchemaField::name).containsExactly("mobile", "age");
        assertThat(r.ownerId()).isEqualTo("tdp");
        assertThat(r.keyId()).isEqualTo("k");
    }

    @Test
    void theOutputKeyIsP384AndItsPemParses() throws Exception {
        var pair = TrainingSpec.outputKeyPair();
        assertThat(((ECPublicKey) pair.getPublic())
                        .getParams()
                        .getCurve()
                        .getField()
                        .getFieldSize())
                .isEqualTo(384);
        String pem = TrainingSpec.publicKeyPem(pair.getPublic());
        byte[] der = java.util.Base64.getMimeDecoder()
                .decode(pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", ""));
        assertThat(der).isEqualTo(pair.getPublic().getEncoded());
    }

    @Test
    void theLaunchNamesTheAgentItsSettingsAndThePlaceholderLast() {
        List<String> command = CleanRoomLaunch.command(Path.of("/img/agent.properties"), "{config}");
        assertThat(command.subList(command.size() - 3, command.size()))
                .containsExactly("org.depa.ccr.agent.CleanRoomMain", "/img/agent.properties", "{config}");
        assertThat(CleanRoomLaunch.agentProperties(Path.of("/c"), "m", "ch", "cc", "system"))
                .isEqualTo("evidence=emulated\nevidence.emulated.chip=/c\nevidence.emulated.measurement=m\n"
                        + "ledger.channel=ch\nledger.chaincode=cc\nclock=system\n");
    }
}
