/**
 * Regularized lower incomplete gamma function `P(a, x) = γ(a, x) / Γ(a)` for `a > 0` and
 * `0 <= x` small to moderate (series `e^-x x^a Σ x^n / Γ(a + n + 1)`; exact enough for x < a + 30).
 * `a` must be an integer or a half-integer (all the generator needs), so Γ is exact.
 */
export function regularizedLowerGamma(a: number, x: number): number {
  if (x <= 0) return 0;
  let term = Math.exp(-x + a * Math.log(x)) / gammaOfHalfInteger(a + 1);
  let sum = term;
  for (let n = 1; n < 1000; n++) {
    term *= x / (a + n);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return Math.min(1, sum);
}

/** Γ(z) for z an integer or half-integer > 0, by the recursion from Γ(1) = 1 or Γ(1/2) = √π. */
function gammaOfHalfInteger(z: number): number {
  const half = Math.abs(z - Math.round(z)) > 0.25;
  let value = half ? Math.sqrt(Math.PI) : 1;
  for (let k = half ? 0.5 : 1; k < z - 0.25; k += 1) value *= k;
  return value;
}

/** Mean and mean square of the capped Student-t mixing factor `min((df - 2) / χ²(df), cap)`. */
export interface MixingMoments {
  readonly mean: number;
  readonly meanSquare: number;
}

/**
 * Moments of `min(w, cap)` for `w = (df - 2) / X`, `X ~ χ²(df)`: the variance factor that turns a
 * normal into a unit-variance Student-t with `df` degrees of freedom (`E[w] = 1`), capped so one
 * day cannot be more than `sqrt(cap)` times as volatile as its GARCH variance says. With
 * `x0 = (df - 2) / cap` and `f_k / x = f_(k-2) / (k - 2)` for chi-square densities:
 * `E[min(w, c)] = c F_df(x0) + 1 - F_(df-2)(x0)` and
 * `E[min(w, c)^2] = c^2 F_df(x0) + (df - 2) / (df - 4) (1 - F_(df-4)(x0))` (df > 4),
 * where `F_k(x) = P(k / 2, x / 2)`.
 */
export function cappedMixingMoments(degrees: number, cap: number): MixingMoments {
  const x0 = (degrees - 2) / cap;
  const cdf = (k: number): number => regularizedLowerGamma(k / 2, x0 / 2);
  const below = cdf(degrees);
  return {
    mean: cap * below + 1 - cdf(degrees - 2),
    meanSquare: cap * cap * below + ((degrees - 2) / (degrees - 4)) * (1 - cdf(degrees - 4)),
  };
}
