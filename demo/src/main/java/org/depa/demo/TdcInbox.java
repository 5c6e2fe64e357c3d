package org.depa.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.text.ParseException;
import java.util.function.BiConsumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** What the TDC does with the clean room's output: open the JWE files with its own private key. */
final class TdcInbox {
    /** The reference implementation's figures on the same data (epsilon about 1.5). */
    static final double REF_ACCURACY = 0.6415;

    static final double REF_F1 = 0.5366;
    static final double REF_ROC_AUC = 0.6637;

    private TdcInbox() {}

    static byte[] open(Path sealed, String privateKeyPem) throws IOException {
        try (PEMParser p = new PEMParser(new StringReader(privateKeyPem))) {
            ECPrivateKey key = (ECPrivateKey) new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) p.readObject());
            JWEObject jwe = JWEObject.parse(Files.readString(sealed));
            jwe.decrypt(new ECDHDecrypter(key));
            return jwe.getPayload().toBytes();
        } catch (ParseException | JOSEException e) {
            throw new IOException("cannot open " + sealed + ": " + e.getMessage(), e);
        }
    }

    static void unzip(byte[] zip, Path target) throws IOException {
        Files.createDirectories(target);
        Path root = target.toAbsolutePath().normalize();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                Path out = root.resolve(e.getName()).normalize();
                if (!out.startsWith(root)) {
                    throw new IOException("report entry outside its folder: " + e.getName());
                }
                Files.createDirectories(out.getParent());
                Files.write(out, in.readAllBytes());
            }
        }
    }

    /** Prints the private model, the non-private baseline and the reference side by side. */
    static void printComparison(Path metricsJson, BiConsumer<String, Object[]> line) throws IOException {
        JsonNode m = new ObjectMapper().readTree(metricsJson.toFile());
        JsonNode dp = m.get("private");
        JsonNode base = m.get("nonPrivateBaseline");
        line.accept("%-28s %9s %9s %9s", new Object[] {"", "accuracy", "F1", "ROC-AUC"});
        line.accept(
                "%-28s %9.4f %9.4f %9.4f",
                new Object[] {
                    "DP-SGD, epsilon " + m.get("epsilonSpent").asText() + " (delta "
                            + m.get("delta").asText() + ")",
                    dp.get("accuracy").asDouble(),
                    dp.get("f1").asDouble(),
                    dp.get("roc_auc").asDouble()
                });
        if (base != null && base.has("accuracy")) {
            line.accept(
                    "%-28s %9.4f %9.4f %9.4f",
                    new Object[] {
                        "non-private, same split",
                        base.get("accuracy").asDouble(),
                        base.get("f1").asDouble(),
                        base.get("roc_auc").asDouble()
                    });
        }
        line.accept(
                "%-28s %9.4f %9.4f %9.4f",
                new Object[] {"reference system (eps ~1.5)", REF_ACCURACY, REF_F1, REF_ROC_AUC});
    }
}
