package org.depa.gateway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The formatting the dashboard's templates use. */
class TemplateTypesTest {

    @Test
    void aLedgerBookmarkWithControlCharactersSurvivesAsAQueryValue() {
        // The ledger's bookmarks are composite keys: NUL-separated, and ids may hold '&', '=', '#' or '+'.
        String bookmark = "\u0000dataset\u0000icmr&x=1#frag+é\u0000";

        String encoded = TemplateTypes.urlEncoded(bookmark);

        assertThat(encoded).doesNotContain("\u0000", "&", "=", "#", "+", " ").startsWith("%00dataset%00");
        assertThat(URLDecoder.decode(encoded, StandardCharsets.UTF_8)).isEqualTo(bookmark);
        assertThat(TemplateTypes.urlEncoded(null)).isEmpty();
    }
}
