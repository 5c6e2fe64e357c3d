/** Placeholder: this module is built by its own issue (see the module's README.md). */
package org.depa.kms;
