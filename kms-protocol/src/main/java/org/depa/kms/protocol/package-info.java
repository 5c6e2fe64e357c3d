/** Placeholder until issue 5 fills it: see README.md. */
package org.depa.kms.protocol;
