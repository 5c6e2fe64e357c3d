package org.depa.ledger.model.domain;

import java.util.List;

/** One page of a listing; pass {@code bookmark} back to get the next page, empty when none. */
public record Page<T>(List<T> items, String bookmark, int count) {}
