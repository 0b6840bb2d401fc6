/**
 * L2-regularised logistic regression fitted by Newton's method (iteratively reweighted least
 * squares): no learning rate, no randomness, the same weights from the same rows every time.
 * Targets may be soft (a share of raters in 0..1).
 */

export interface LogisticModel {
  bias: number;
  weights: number[];
}

export interface FitOptions {
  /** L2 penalty on the weights (not on the bias). */
  l2: number;
  iterations: number;
}

const sigmoid = (value: number): number => 1 / (1 + Math.exp(-value));

/** Solves the symmetric positive-definite system `matrix · x = vector` by Cholesky decomposition. */
function solve(matrix: number[][], vector: number[]): number[] {
  const size = vector.length;
  const lower = matrix.map(() => new Array<number>(size).fill(0));
  for (let row = 0; row < size; row++) {
    for (let column = 0; column <= row; column++) {
      let sum = matrix[row]![column]!;
      for (let k = 0; k < column; k++) sum -= lower[row]![k]! * lower[column]![k]!;
      lower[row]![column] = row === column ? Math.sqrt(Math.max(sum, 1e-12)) : sum / lower[column]![column]!;
    }
  }
  const forward = new Array<number>(size).fill(0);
  for (let row = 0; row < size; row++) {
    let sum = vector[row]!;
    for (let k = 0; k < row; k++) sum -= lower[row]![k]! * forward[k]!;
    forward[row] = sum / lower[row]![row]!;
  }
  const result = new Array<number>(size).fill(0);
  for (let row = size - 1; row >= 0; row--) {
    let sum = forward[row]!;
    for (let k = row + 1; k < size; k++) sum -= lower[k]![row]! * result[k]!;
    result[row] = sum / lower[row]![row]!;
  }
  return result;
}

/** Fits the model to rows of features and targets in 0..1. */
export function fitLogistic(
  rows: readonly number[][],
  targets: readonly number[],
  options: FitOptions,
): LogisticModel {
  const width = (rows[0]?.length ?? 0) + 1;
  // Parameter 0 is the bias; the rest are the feature weights.
  let parameters = new Array<number>(width).fill(0);
  for (let iteration = 0; iteration < options.iterations; iteration++) {
    const gradient = new Array<number>(width).fill(0);
    const hessian = Array.from({ length: width }, () => new Array<number>(width).fill(0));
    rows.forEach((row, index) => {
      let logit = parameters[0]!;
      for (let column = 1; column < width; column++) logit += parameters[column]! * row[column - 1]!;
      const predicted = sigmoid(logit);
      const error = predicted - targets[index]!;
      const curvature = Math.max(predicted * (1 - predicted), 1e-9);
      for (let a = 0; a < width; a++) {
        const valueA = a === 0 ? 1 : row[a - 1]!;
        if (valueA === 0) continue;
        gradient[a]! += error * valueA;
        for (let b = 0; b <= a; b++) {
          const valueB = b === 0 ? 1 : row[b - 1]!;
          hessian[a]![b]! += curvature * valueA * valueB;
        }
      }
    });
    for (let a = 1; a < width; a++) {
      gradient[a]! += options.l2 * parameters[a]!;
      hessian[a]![a]! += options.l2;
    }
    for (let a = 0; a < width; a++) for (let b = a + 1; b < width; b++) hessian[a]![b] = hessian[b]![a]!;
    const step = solve(hessian, gradient);
    parameters = parameters.map((value, index) => value - step[index]!);
  }
  return { bias: parameters[0]!, weights: parameters.slice(1) };
}

/** The model's probability for one row. */
export function predictLogistic(model: LogisticModel, row: readonly number[]): number {
  let logit = model.bias;
  model.weights.forEach((weight, index) => (logit += weight * row[index]!));
  return sigmoid(logit);
}
