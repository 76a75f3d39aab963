import type { VtlProblem } from "./types";

/** A template that does not parse; `problem` carries the 1-based position for the console's markers. */
export class VtlSyntaxError extends Error {
  readonly problem: VtlProblem;
  constructor(problem: VtlProblem) {
    super(`${problem.message} (line ${problem.line}, column ${problem.column})`);
    this.name = "VtlSyntaxError";
    this.problem = problem;
  }
}

/** A render that failed: bad input to a `$util` function, a limit reached, or a template bug. */
export class VtlRuntimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "VtlRuntimeError";
  }
}
