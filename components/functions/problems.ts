import { ApiError } from "../api/client";
import type { TSourceProblem } from "@/lib/schemas/functions";

/** The source problems of a failed save: problems `files.<path>` with `<path>:<line>:<column>: <message>`. */
export function sourceProblems(error: unknown): TSourceProblem[] {
  if (!(error instanceof ApiError)) return [];
  return error.problems.flatMap((p) => {
    const m = /^(.+?):(\d+):(\d+): ([\s\S]*)$/.exec(p.message);
    if (!p.field.startsWith("files") || !m) return [];
    return [{ file: m[1], line: Number(m[2]), column: Number(m[3]), message: m[4] }];
  });
}
