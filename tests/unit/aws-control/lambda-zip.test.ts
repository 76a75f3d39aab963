import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { AwsError } from "../../../lib/aws-control/errors";
import { decodeZipFile, readFunctionZip, requireHandlerFile } from "../../../lib/aws-control/lambda/zip";

/** Reading Lambda deployment packages (Code.ZipFile) into a function's source files. */

const zip = (files: Record<string, string | Uint8Array>) => zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, typeof v === "string" ? strToU8(v) : v])));

function awsError(run: () => unknown): AwsError {
  try {
    run();
  } catch (err) {
    if (err instanceof AwsError) return err;
    throw err;
  }
  throw new Error("expected an AwsError");
}

describe("Lambda zip packages", () => {
  it("keeps source files, nested ones too, and skips node_modules, binaries and other files", () => {
    const pkg = readFunctionZip(
      zip({
        "index.mjs": "export const handler = async () => 1;",
        "src/util.js": "module.exports = 2;",
        "data.json": "{}",
        "README.md": "# hi",
        "node_modules/left-pad/index.js": "module.exports = 0;",
        "bin/blob.js": new Uint8Array([0xff, 0xfe, 0x00, 0xc3]),
      }),
    );
    expect(Object.keys(pkg.files).sort()).toEqual(["data.json", "index.mjs", "src/util.js"]);
    expect(pkg.files["index.mjs"]).toBe("export const handler = async () => 1;");
    expect(pkg.skipped).toEqual(["README.md", "bin/blob.js", "node_modules/left-pad/index.js"]);
  });

  it("refuses what is not a zip with Lambda's message", () => {
    const err = awsError(() => readFunctionZip(new TextEncoder().encode("definitely not a zip file")));
    expect(err.type).toBe("InvalidParameterValueException");
    expect(err.status).toBe(400);
    expect(err.message).toBe("Could not unzip uploaded file. Please check your file, then try to upload again.");
  });

  it("decodes base64 and refuses a missing or non-base64 ZipFile", () => {
    const bytes = zip({ "index.js": "exports.handler = async () => 1;" });
    expect(decodeZipFile(Buffer.from(bytes).toString("base64")).equals(Buffer.from(bytes))).toBe(true);
    expect(awsError(() => decodeZipFile(undefined)).message).toMatch(/Code.ZipFile is required/);
    expect(awsError(() => decodeZipFile("%%% not base64 %%%")).type).toBe("InvalidParameterValueException");
  });

  it("finds the handler's file as .js, .mjs or .cjs, nested paths too", () => {
    expect(requireHandlerFile("index.handler", { "index.mjs": "" })).toBe("index.mjs");
    expect(requireHandlerFile("index.handler", { "index.cjs": "" })).toBe("index.cjs");
    expect(requireHandlerFile("src/app.handler", { "src/app.js": "", "index.js": "" })).toBe("src/app.js");
  });

  it("names the file a missing handler needs", () => {
    const err = awsError(() => requireHandlerFile("main.handler", { "index.js": "" }));
    expect(err.type).toBe("InvalidParameterValueException");
    expect(err.message).toContain("main.js, main.mjs or main.cjs");
    expect(err.message).toContain("index.js");
  });
});
