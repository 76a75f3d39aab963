/**
 * The console's "Generate template" for a model: a JSON-shaped mapping template that copies each
 * property of the JSON Schema from the body (`#set($inputRoot = $input.path('$'))`, then
 * `$inputRoot.field`, i.e. `$input.path('$.field')`), with a `#foreach` and
 * `#if($foreach.hasNext),#end` per array. Strings are quoted, numbers and booleans are not.
 * Pure and browser-safe.
 */

type Schema = Record<string, unknown>;

const INDENT = "  ";

function asSchema(v: unknown): Schema {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Schema) : {};
}

function typeOf(schema: Schema): string {
  const t = schema.type;
  if (Array.isArray(t)) return String(t.find((x) => x !== "null") ?? "string");
  if (typeof t === "string") return t;
  if (schema.properties) return "object";
  if (schema.items) return "array";
  return "string";
}

/** `$base.name`, or `$base.get("name")` when the name is not a Velocity identifier. */
function member(base: string, name: string): string {
  return /^[a-zA-Z][a-zA-Z0-9_]*$/.test(name) ? `${base}.${name}` : `${base}.get("${name}")`;
}

class Generator {
  private elems = 0;

  /** Lines rendering `ref` per `schema`, the first one without indentation (it follows a key). */
  value(schema: Schema, ref: string, depth: number): string[] {
    const pad = INDENT.repeat(depth);
    switch (typeOf(schema)) {
      case "object": {
        const props = Object.entries(asSchema(schema.properties));
        if (props.length === 0) return ["{}"];
        const lines = ["{"];
        props.forEach(([name, sub], i) => {
          const [first, ...rest] = this.value(asSchema(sub), member(ref, name), depth + 1);
          lines.push(`${pad}${INDENT}${JSON.stringify(name)} : ${first}`, ...rest);
          if (i < props.length - 1) lines[lines.length - 1] += ",";
        });
        lines.push(`${pad}}`);
        return lines;
      }
      case "array": {
        const elem = this.elems === 0 ? "$elem" : `$elem${this.elems}`;
        this.elems++;
        const [first, ...rest] = this.value(asSchema(schema.items), elem, depth + 1);
        return [
          "[",
          `#foreach(${elem} in ${ref})`,
          `${pad}${INDENT}${first}`,
          ...rest,
        ]
          .map((l, i, all) => (i === all.length - 1 ? `${l}#if($foreach.hasNext),#end` : l))
          .concat(["", "#end", `${pad}]`]);
      }
      case "integer":
      case "number":
      case "boolean":
        return [ref];
      default:
        return [`"${ref}"`];
    }
  }
}

/** A mapping template for bodies of the model `schema` (a JSON Schema draft 4 object). */
export function generateTemplateFromModel(schema: unknown, opts?: { modelName?: string }): string {
  const lines = opts?.modelName ? [`## Template generated from the model ${opts.modelName}`] : [];
  lines.push("#set($inputRoot = $input.path('$'))", ...new Generator().value(asSchema(schema), "$inputRoot", 0));
  return `${lines.join("\n")}\n`;
}
