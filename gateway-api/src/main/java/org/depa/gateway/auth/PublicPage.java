package org.depa.gateway.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A dashboard page that needs no caller because it shows nothing from the ledger: how to log in,
 * and the login link itself (which authenticates by its own single-use token). Every other
 * operation still needs an {@link Access} rule.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface PublicPage {}
