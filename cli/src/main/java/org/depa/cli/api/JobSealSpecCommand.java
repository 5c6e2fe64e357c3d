package org.depa.cli.api;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.depa.dataset.DatasetKey;
import org.depa.dataset.KeyFile;
import org.depa.dataset.SealedSpec;
import org.depa.ledger.model.Fields;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.LedgerRuleException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code depa job seal-spec}: the TDC seals its model spec and salt for the clean room (issue 11). A fresh spec key
 * encrypts the bundle {@code {"spec", "salt"}} (dataset-crypto's {@link SealedSpec}: Tink streaming AEAD, the TDC
 * and the commitment authenticated); the key goes to a key file for the TDC's own kms-bridge ({@code depa kms
 * import-key --sealed-spec}), which releases it only to an attested run of the TDC's job with this commitment. The
 * sealed file is what the job's {@code --spec-uri} points at. Nothing is sent; exit 0 sealed, 2 usage or input error.
 */
@Command(
        name = "seal-spec",
        description = "Seal your spec and salt for the clean room under a fresh key for your own kms-bridge"
                + " (then: depa kms import-key --sealed-spec; depa job submit --spec-uri <the sealed file>).")
public final class JobSealSpecCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--spec", required = true, description = "the model spec (JSON object)")
    Path specFile;

    @Option(names = "--salt-file", description = "the spec's salt (default: SPEC.salt, written by 'depa job commit')")
    Path saltFile;

    @Option(names = "--tdc", required = true, paramLabel = "ID", description = "your participant id (the TDC)")
    String tdc;

    @Option(
            names = "--kms-endpoint",
            required = true,
            paramLabel = "URL",
            description = "your own kms-bridge, where the clean room asks for the spec key")
    String kmsEndpoint;

    @Option(names = "--out", required = true, paramLabel = "SEALED", description = "the sealed spec (a new file)")
    Path out;

    @Option(
            names = "--key-out",
            required = true,
            paramLabel = "FILE",
            description = "the spec key (a new file, owner-only) for your bridge's import-key")
    Path keyOut;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            JobSpec s = JobSpec.open(specFile, saltFile);
            SealedSpec.Header header = header(s.commitment());
            for (Path p : new Path[] {out, keyOut}) {
                if (Files.exists(p) || KeyFile.looksLikeKeyFile(p)) {
                    throw new GatewayOptions.UsageException(p + " exists; seal-spec never writes over a file");
                }
            }
            if (out.toAbsolutePath().normalize().equals(keyOut.toAbsolutePath().normalize())) {
                throw new GatewayOptions.UsageException("--out and --key-out must be two files");
            }
            Map<String, Object> bundle = new LinkedHashMap<>();
            bundle.put("spec", Json.tree(JobSpec.readSpec(specFile)));
            bundle.put("salt", HexFormat.of().formatHex(JobSpec.readSalt(s.saltFile())));
            DatasetKey key = DatasetKey.generate();
            try {
                byte[] sealed = SealedSpec.seal(Json.canonical(bundle), key, header);
                KeyFile.writeNew(keyOut, KeyFile.Kind.SPEC, key.toBase64());
                Files.write(out, sealed, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } finally {
                key.destroy();
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("sealedSpec", out.toString());
            result.put("specUri", out.toAbsolutePath().toUri().toString());
            result.put("modelSpecCommitment", s.commitment());
            result.put("keyFile", keyOut.toString());
            result.put("keyId", header.keyId());
            result.put("kmsEndpoint", kmsEndpoint);
            stdout.println(Json.canonicalString(result));
            err.println("sealed " + specFile + " for " + tdc + " (commitment " + s.commitment() + "); import "
                    + keyOut + " into your bridge with 'depa kms import-key --key " + keyOut + " --sealed-spec " + out
                    + " --pkcs12 STORE', then delete the key file");
            return ApiCommand.OK;
        } catch (GatewayOptions.UsageException e) {
            err.println("error: " + e.getMessage());
            return ApiCommand.USAGE;
        } catch (IOException e) {
            err.println("error: cannot write the sealed spec or its key: " + e.getMessage());
            return ApiCommand.USAGE;
        } finally {
            stdout.flush();
            err.flush();
        }
    }

    private SealedSpec.Header header(String commitment) {
        try {
            Fields.id("--tdc", tdc);
        } catch (LedgerRuleException e) {
            throw new GatewayOptions.UsageException(e.getMessage());
        }
        try {
            return new SealedSpec.Header(tdc, commitment, URI.create(kmsEndpoint));
        } catch (IllegalArgumentException e) {
            throw new GatewayOptions.UsageException("--kms-endpoint: " + e.getMessage());
        }
    }
}
