package org.depa.ledger.model.domain;

/** One column of a dataset's published schema. */
public record SchemaField(String name, String type, String description) {}
