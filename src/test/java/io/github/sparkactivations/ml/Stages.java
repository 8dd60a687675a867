package io.github.sparkactivations.ml;

import java.util.List;
import java.util.function.Supplier;

/** Configured stages the tests run through every column type. */
final class Stages {
  private Stages() {}

  /** A named, freshly configured stage. */
  record Config(String name, Supplier<ElementwiseActivation<?>> make) {
    ElementwiseActivation<?> stage() {
      return make.get();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static List<Config> all() {
    return List.of(
        new Config("ReLU", ReLU::new),
        new Config("ReLU6", () -> new ReLU().setMaxValue(6.0)),
        new Config("ReLU(t=-1)", () -> new ReLU().setThreshold(-1.0)),
        new Config("ReLU(t=0.5,m=6)", () -> new ReLU().setThreshold(0.5).setMaxValue(6.0)),
        new Config("LeakyReLU", LeakyReLU::new),
        new Config("LeakyReLU(0)", () -> new LeakyReLU().setAlpha(0.0)),
        new Config("LeakyReLU(-0.5)", () -> new LeakyReLU().setAlpha(-0.5)),
        new Config("PReLU", PReLU::new),
        new Config("PReLU(alphas=[0.3])", () -> new PReLU().setAlphas(0.3)),
        new Config("PReLU(alphas=5)",
            () -> new PReLU().setAlphas(0.1, 0.0, -0.2, 2.0, 0.25)),
        // Slopes all in (0, 1], and all equal (a form of its own, see PReLU.function).
        new Config("PReLU(alphas=5 in (0, 1])",
            () -> new PReLU().setAlphas(0.1, 1.0, Double.MIN_VALUE, 0.5, 0.25)),
        new Config("PReLU(alphas=5 equal)", () -> new PReLU().setAlphas(0.0, 0.0, 0.0, 0.0, 0.0)),
        new Config("ELU", ELU::new),
        new Config("ELU(2.5)", () -> new ELU().setAlpha(2.5)),
        new Config("SELU", SELU::new),
        new Config("CELU", CELU::new),
        new Config("CELU(0.5)", () -> new CELU().setAlpha(0.5)),
        new Config("SiLU", SiLU::new),
        new Config("Softplus", Softplus::new),
        new Config("Softplus(b=2,t=5)", () -> new Softplus().setBeta(2.0).setThreshold(5.0)),
        new Config("GELU", GELU::new),
        new Config("GELU(tanh)", () -> new GELU().setApproximate("tanh")),
        new Config("Mish", Mish::new));
  }
}
