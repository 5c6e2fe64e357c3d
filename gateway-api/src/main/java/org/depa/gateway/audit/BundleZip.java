package org.depa.gateway.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The bundle a verification ran on, as one zip download: every file of the copy under one folder
 * ({@code depa-audit-bundle-ID/}), which unpacked is the directory {@code depa audit verify} takes.
 * The verification's own report is not in it: the auditor makes its own.
 */
final class BundleZip {
    private BundleZip() {}

    static String folder(String verificationId) {
        return "depa-audit-bundle-" + verificationId;
    }

    static void write(Path bundle, String verificationId, OutputStream out) throws IOException {
        List<Path> files;
        try (var walk = Files.walk(bundle)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        ZipOutputStream zip = new ZipOutputStream(out);
        for (Path f : files) {
            String name = bundle.relativize(f).toString().replace('\\', '/');
            zip.putNextEntry(new ZipEntry(folder(verificationId) + "/" + name));
            Files.copy(f, zip);
            zip.closeEntry();
        }
        zip.finish();
        zip.flush();
    }
}
