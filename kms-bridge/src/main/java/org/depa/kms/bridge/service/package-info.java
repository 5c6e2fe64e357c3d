/**
 * The kms-bridge as a Quarkus service: the two HTTP endpoints and the parts built from configuration. The release
 * decision, custody and nonces are kms-bridge-core's ({@code org.depa.kms.bridge}, {@code org.depa.kms.custody});
 * this package only wires them up, so that the CLI and the tests can use them without Quarkus.
 */
package org.depa.kms.bridge.service;
