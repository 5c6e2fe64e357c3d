package org.depa.ccr.operator;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code output/outputs.json} as the clean room writes it: the sealed files of the job and, for
 * each, its SHA-256 (of the sealed bytes), its kind and the run and contract it came from. Read
 * strictly: a manifest with a name that could leave the output directory, a malformed hash or an
 * unknown kind is refused whole.
 */
record OutputManifest(String jobId, List<File> files) {
    static final Set<String> KINDS = Set.of("model", "report");
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** One sealed file. */
    record File(String name, String sha256, String kind, String runId, String contractId) {}

    OutputManifest {
        files = List.copyOf(files == null ? List.of() : files);
    }

    /** This manifest, or an IllegalArgumentException naming what is wrong. */
    OutputManifest checked(String expectedJobId) {
        if (!expectedJobId.equals(jobId)) {
            throw new IllegalArgumentException("jobId is '" + jobId + "', not '" + expectedJobId + "'");
        }
        for (int i = 0; i < files.size(); i++) {
            File f = files.get(i);
            String at = "files[" + i + "].";
            if (f.name() == null
                    || !NAME.matcher(f.name()).matches()
                    || f.name().equals(JobOutputs.MANIFEST_FILE)) {
                throw new IllegalArgumentException(at + "name is not a plain file name");
            }
            if (f.sha256() == null || !SHA256.matcher(f.sha256()).matches()) {
                throw new IllegalArgumentException(at + "sha256 is not 64 lower-case hex digits");
            }
            if (!KINDS.contains(f.kind())) {
                throw new IllegalArgumentException(at + "kind must be one of " + KINDS);
            }
            if (f.runId() == null || f.contractId() == null) {
                throw new IllegalArgumentException(at + "runId and contractId are required");
            }
        }
        return this;
    }

    File file(String name) {
        return files.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
    }
}
