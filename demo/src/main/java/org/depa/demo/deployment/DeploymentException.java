package org.depa.demo.deployment;

/**
 * A deployment step failed: {@code component} names the part (a gateway, a bridge, the operator,
 * the Fabric network, the identities), so the message can say which one. What was started before
 * the failure is stopped again by {@link Deployment#up}.
 */
public final class DeploymentException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String component;

    public DeploymentException(String component, String message) {
        super(component + ": " + message);
        this.component = component;
    }

    public DeploymentException(String component, String message, Throwable cause) {
        super(component + ": " + message, cause);
        this.component = component;
    }

    /** The component that failed, as {@code depa deployment status} names it. */
    public String component() {
        return component;
    }
}
