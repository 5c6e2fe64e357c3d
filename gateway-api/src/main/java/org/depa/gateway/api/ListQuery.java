package org.depa.gateway.api;

import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The query of a list read from the ledger ({@code GET /v1/contracts}, {@code GET /v1/jobs}): whose, and which page. */
public class ListQuery {
    @QueryParam("party")
    @Parameter(description = "whose (default: the caller's own; SRO operators and auditors: every one)")
    public String party;

    @QueryParam("pageSize")
    @Parameter(
            description = "1..200 (default 50)",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200"))
    public String pageSize;

    @QueryParam("bookmark")
    @Parameter(description = "the previous page's bookmark, to continue the same listing")
    public String bookmark;
}
