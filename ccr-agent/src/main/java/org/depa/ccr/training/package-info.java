/**
 * Training inside the clean room: the providers' tables joined on their declared keys, encoded as
 * the TDC's code-free {@link org.depa.modelspec.ModelSpec} (module model-spec) says, and a multilayer perceptron
 * trained with DP-SGD on DJL's PyTorch engine (offline, CPU, one thread) within the contract's
 * privacy limits ({@link org.depa.ccr.training.DpLimits}), stopped by an {@link
 * org.depa.ccr.training.RdpAccountant} before the budget would be exceeded. Entry point: {@link
 * org.depa.ccr.training.TrainingJob}. See the module's README.md for the design.
 */
package org.depa.ccr.training;
