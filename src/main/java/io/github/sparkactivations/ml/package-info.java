/**
 * Spark ML transformers for the ReLU family of activation functions: {@link
 * io.github.sparkactivations.ml.ReLU}, {@link io.github.sparkactivations.ml.LeakyReLU}, {@link
 * io.github.sparkactivations.ml.PReLU}, {@link io.github.sparkactivations.ml.ELU} and {@link
 * io.github.sparkactivations.ml.SELU}, on vector (dense and sparse), array and numeric columns.
 *
 * <table>
 *   <caption>The contract (f' is output when {@code derivative} is true)</caption>
 *   <tr><th>stage</th><th>f(x)</th><th>f'(x)</th></tr>
 *   <tr><td>ReLU(t, m)</td><td>min(x, m) if x &gt; t, else +0.0 (x = t gives +0.0)</td>
 *       <td>1 if t &lt; x &lt; m, else 0 (with no cap, m = +&infin;, f'(+&infin;) = 1)</td></tr>
 *   <tr><td>LeakyReLU(&alpha;)</td><td>x if x &gt; 0, else &alpha;&middot;x (&alpha; = 0 behaves
 *       exactly as ReLU, so &minus;&infin; gives 0, not NaN)</td>
 *       <td>1 if x &gt; 0, else &alpha;</td></tr>
 *   <tr><td>PReLU(&alpha; or &alpha;<sub>i</sub>)</td><td>as LeakyReLU with the slope of
 *       element i</td><td>1 if x &gt; 0, else &alpha;<sub>i</sub></td></tr>
 *   <tr><td>ELU(&alpha;)</td><td>x if x &gt; 0, else &alpha;&middot;expm1(x)</td>
 *       <td>1 if x &gt; 0, else &alpha;&middot;exp(x)</td></tr>
 *   <tr><td>SELU</td><td>&lambda;x if x &gt; 0, else &lambda;&alpha;&middot;expm1(x)</td>
 *       <td>&lambda; if x &gt; 0, else &lambda;&alpha;&middot;exp(x)</td></tr>
 * </table>
 *
 * <p>NaN in gives NaN out, for values and derivatives. &plusmn;Infinity follow the formulas
 * (ReLU(+&infin;) = m, ELU(&minus;&infin;) = &minus;&alpha;, SELU(&minus;&infin;) =
 * &minus;&lambda;&alpha;). ELU and SELU use {@code expm1}, not {@code exp(x) - 1}. The scalar
 * functions live in {@link io.github.sparkactivations.math}; the Spark plumbing shared by every
 * stage lives in {@link io.github.sparkactivations.ml.ActivationTransformer} and {@link
 * io.github.sparkactivations.ml.ElementwiseActivation}.
 */
package io.github.sparkactivations.ml;
