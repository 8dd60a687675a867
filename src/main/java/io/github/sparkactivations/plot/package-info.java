/**
 * Plots of activations and their statistics, as PNG (rendered headless): {@link
 * io.github.sparkactivations.plot.ActivationPlots}. An optional part of the library: it needs
 * XChart ({@code org.knowm.xchart:xchart:3.8.8}) on the classpath, which this library declares
 * as an optional dependency, so add it to your own build to use these classes. Nothing outside
 * this package uses XChart.
 */
package io.github.sparkactivations.plot;
