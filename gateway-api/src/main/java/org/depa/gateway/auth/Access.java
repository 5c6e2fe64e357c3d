package org.depa.gateway.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.depa.ledger.model.domain.Role;

/**
 * Who may call an operation. An operation without this annotation is refused to everyone (deny by
 * default). Participants must be of an organisation the gateway serves and not suspended.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Access {
    /** Participant roles allowed; empty means every role. */
    Role[] roles() default {};

    /** False: no participant may call (an SRO-only operation). */
    boolean participants() default true;

    /** SRO operators may call. */
    boolean sro() default false;

    /** Participants the SRO has not verified yet may call. */
    boolean pending() default false;

    /** A trusted certificate that no participant holds yet may call (self-registration). */
    boolean unregistered() default false;
}
