/**
 * The mark `gatehouse apply` leaves in the description of each function, API, API key and usage plan it
 * manages: `[managed by gatehouse apply]`, or `[managed by gatehouse apply: PROJECT]` when gatehouse.yaml
 * sets `project`. `apply --prune` deletes only marked objects (of this file's project) that the file no
 * longer names, so it never deletes what it did not create or adopt.
 */

const MARK = /\s*\[managed by gatehouse apply(?::[^\]]*)?\]\s*$/;

export function managedMark(project?: string): string {
  return project ? `[managed by gatehouse apply: ${project}]` : "[managed by gatehouse apply]";
}

/** The description without any apply mark. */
export function stripMark(description: string): string {
  return description.replace(MARK, "");
}

/** `description` followed by `mark` (replacing an earlier mark). */
export function withMark(description: string, mark: string): string {
  const text = stripMark(description).trimEnd();
  return text ? `${text} ${mark}` : mark;
}

/** Whether an object carries exactly this mark (another project's objects are not this file's). */
export function hasMark(description: string | undefined | null, mark: string): boolean {
  return typeof description === "string" && description.trimEnd().endsWith(mark);
}
