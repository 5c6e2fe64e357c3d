/** TDP dataset tooling: pseudonymise direct identifiers, encrypt under the dataset key. */
package org.depa.dataset;
