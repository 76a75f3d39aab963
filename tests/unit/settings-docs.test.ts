import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SETTING_NAMES } from "../../lib/config";

const root = path.resolve(import.meta.dirname, "../..");
const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
const envExample = fs.readFileSync(path.join(root, ".env.example"), "utf8");

describe("settings documentation", () => {
  it.each(SETTING_NAMES)("%s is in README's configuration table and in .env.example", (name) => {
    expect(readme).toContain(`| \`${name}\` |`);
    expect(envExample).toMatch(new RegExp(`^# ${name}=`, "m"));
  });

  it("documents no setting that the code does not read", () => {
    const documented = [...envExample.matchAll(/^# ([A-Z_]+)=/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual([...SETTING_NAMES].sort());
  });
});
