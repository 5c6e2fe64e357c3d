package org.depa.ccr.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.depa.modelspec.ModelSpec;

/**
 * The weights training starts from: the seeded initialisation, or the specification's
 * initialWeights file (this trainer's model format) in its directory, whose SHA-256 must be the
 * specification's initialWeightsSha256, so the commitment to the spec binds the weights too.
 */
final class InitialWeights {
    private InitialWeights() {}

    static MlpParameters load(ModelSpec spec, Path specDirectory, int[] sizes) {
        if (spec.initialWeights() == null) {
            return MlpParameters.initial(sizes, spec.seed());
        }
        if (specDirectory == null) {
            throw new TrainingException(
                    "the specification names initialWeights but no specification directory was given");
        }
        Path file = specDirectory.resolve(spec.initialWeights()).normalize();
        if (!file.startsWith(specDirectory.normalize())) {
            throw new TrainingException("initialWeights must stay inside the specification's directory");
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            String sha = org.depa.ledger.model.Fields.toHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
            if (!sha.equals(spec.initialWeightsSha256())) {
                throw new TrainingException("initialWeights " + spec.initialWeights() + " has SHA-256 " + sha
                        + ", the specification's initialWeightsSha256 is " + spec.initialWeightsSha256());
            }
            MlpParameters p = ModelFile.parse(bytes).weights();
            if (!java.util.Arrays.equals(p.sizes, sizes)) {
                throw new TrainingException("initialWeights has layer sizes " + java.util.Arrays.toString(p.sizes)
                        + ", the specification and data give " + java.util.Arrays.toString(sizes));
            }
            return p;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        } catch (IOException e) {
            throw new TrainingException(
                    "cannot read initialWeights " + spec.initialWeights() + ": " + e.getMessage(), e);
        }
    }
}
