/**
 * TDP dataset tooling: drop or pseudonymise direct identifiers ({@link org.depa.dataset.DatasetPreparer}),
 * then encrypt under the dataset key ({@link org.depa.dataset.DatasetCipher}). The clean room uses the
 * same cipher to decrypt.
 */
package org.depa.dataset;
