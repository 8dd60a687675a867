/**
 * Sparsity and dying-unit statistics of activation outputs and inputs, in one distributed pass:
 * {@link io.github.sparkactivations.stats.ActivationStatistics} (per unit activity, mean, std,
 * min, max, NaN; dead and nearly dead units; a histogram; saturation at a cap) and {@link
 * io.github.sparkactivations.stats.PreActivationReport} (which units a ReLU would kill).
 */
package io.github.sparkactivations.stats;
