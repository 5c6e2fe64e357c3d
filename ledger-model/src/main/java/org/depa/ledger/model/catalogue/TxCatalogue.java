package org.depa.ledger.model.catalogue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Every transaction of the chaincode, for tools and for the test that holds catalogue and chaincode together. */
public final class TxCatalogue {
    private static final List<Class<?>> AREAS = List.of(
            Participants.class,
            Datasets.class,
            Measurements.class,
            Contracts.class,
            Runs.class,
            Payments.class,
            Jobs.class,
            Audit.class,
            Probe.class);

    private static final List<Tx<?, ?>> ALL = collect();

    private TxCatalogue() {}

    /** Every transaction, sorted by qualified name. */
    public static List<Tx<?, ?>> all() {
        return ALL;
    }

    public static Optional<Tx<?, ?>> byName(String qualifiedName) {
        return ALL.stream().filter(t -> t.name().equals(qualifiedName)).findFirst();
    }

    private static List<Tx<?, ?>> collect() {
        List<Tx<?, ?>> out = new ArrayList<>();
        for (Class<?> area : AREAS) {
            for (Field f : area.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == Tx.class) {
                    try {
                        out.add((Tx<?, ?>) f.get(null));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException("catalogue field " + f + " is not readable", e);
                    }
                }
            }
        }
        out.sort(Comparator.comparing(Tx::name));
        return List.copyOf(out);
    }
}
