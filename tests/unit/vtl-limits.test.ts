import { describe, expect, it } from "vitest";
import {
  compileTemplate,
  DEFAULT_VTL_LIMITS,
  generateTemplateFromModel,
  jsonPath,
  parseTemplate,
  renderTemplate,
  VtlRuntimeError,
  VtlSyntaxError,
  type VtlInput,
  type VtlLimits,
} from "../../lib/vtl";

const EMPTY: VtlInput = { body: "", params: { path: {}, querystring: {}, header: {} }, context: {}, stageVariables: {} };

function run(template: string, over: Partial<VtlInput> = {}, limits?: VtlLimits) {
  return renderTemplate(compileTemplate(template), { ...EMPTY, ...over }, limits);
}

function runtimeError(template: string, over: Partial<VtlInput> = {}, limits?: VtlLimits): VtlRuntimeError {
  try {
    run(template, over, limits);
  } catch (e) {
    expect(e).toBeInstanceOf(VtlRuntimeError);
    return e as VtlRuntimeError;
  }
  throw new Error(`expected a VtlRuntimeError from ${template}`);
}

describe("parseTemplate / compileTemplate", () => {
  it("accepts a valid template", () => {
    expect(parseTemplate("#set($a = 1)\n#if($a == 1)\n#foreach($i in [1..2])$i#end\n#end")).toBeNull();
  });

  it("reports an unclosed #if at its line and column", () => {
    expect(parseTemplate('{\n  "a": 1,\n  #if($input.params("x") == "y")\n  "b": 2\n}')).toEqual({
      message: "#if is not closed: missing #end",
      line: 3,
      column: 3,
    });
  });

  it("reports a stray #end", () => {
    expect(parseTemplate("a\n#end\nb")).toEqual({ message: "Unexpected #end: no open block", line: 2, column: 1 });
  });

  it("reports a syntax error with a 1-based position", () => {
    const problem = parseTemplate("line one\n#set($a = )");
    // the column is the one velocityjs's parser reports for the offending token
    expect(problem).toMatchObject({ line: 2, column: 9 });
    expect(problem?.message).toMatch(/^Syntax error: Expecting .* got 'CLOSE_PARENTHESIS'$/);
  });

  it("ignores #end inside comments", () => {
    expect(parseTemplate("## not an #end\n#* nor #end *#ok")).toBeNull();
  });

  it("compileTemplate throws VtlSyntaxError carrying the problem", () => {
    try {
      compileTemplate("#foreach($i in [1..2])");
      throw new Error("no throw");
    } catch (e) {
      expect(e).toBeInstanceOf(VtlSyntaxError);
      expect((e as VtlSyntaxError).problem).toEqual({ message: "#foreach is not closed: missing #end", line: 1, column: 1 });
    }
  });
});

describe("runtime errors and limits", () => {
  it("$util.parseJson on bad JSON", () => {
    expect(runtimeError("$util.parseJson('{bad')").message).toMatch(/^\$util\.parseJson: .*JSON at position 1/);
  });

  it("#foreach over [1..5000] hits the 1,000-iteration limit (AWS limit)", () => {
    expect(runtimeError("#foreach($i in [1..5000])$i#end").message).toBe("#foreach exceeded 1000 iterations at line 1, column 1");
  });

  it("the iteration limit counts all loops of a render", () => {
    expect(run("#foreach($i in [1..600])#end#foreach($i in [1..400])#end").output).toBe("");
    expect(runtimeError("#foreach($i in [1..600])#end#foreach($i in [1..401])#end").message).toMatch(/^#foreach exceeded 1000 iterations/);
    const items = JSON.stringify({ items: Array.from({ length: 1001 }, (_, i) => i) });
    expect(runtimeError("#foreach($i in $input.path('$.items'))#end", { body: items }).message).toMatch(/^#foreach exceeded 1000/);
  });

  it("huge ranges are refused without being built", () => {
    expect(runtimeError("#set($r = [1..2000000000])").message).toBe("Range [1..2000000000] exceeds 1000 elements");
  });

  it("output over the size limit", () => {
    const limits = { ...DEFAULT_VTL_LIMITS, maxOutputBytes: 1000 };
    expect(run("#foreach($i in [1..10])0123456789#end", {}, limits).output).toHaveLength(100);
    const nested = "#foreach($i in [1..20])#foreach($j in [1..10])0123456789#end#end";
    expect(runtimeError(nested, {}, limits).message).toBe("Template output exceeds 1000 bytes");
  });

  it("output size counts UTF-8 bytes", () => {
    const limits = { ...DEFAULT_VTL_LIMITS, maxOutputBytes: 10 };
    expect(run("ééééé", {}, limits).output).toBe("ééééé");
    expect(runtimeError("éééééé", {}, limits).message).toBe("Template output exceeds 10 bytes");
  });

  it("doubling a string stops at the 10 MB limit instead of exhausting memory", () => {
    const t = '#set($s = "x")#foreach($i in [1..60])#set($s = "$s$s")#end$s.length()';
    expect(runtimeError(t).message).toBe(`Template output exceeds ${10 * 1024 * 1024} bytes`);
    const concat = "#set($s = 'x')#foreach($i in [1..60])#set($s = $s + $s)#end";
    expect(runtimeError(concat).message).toBe(`Template output exceeds ${10 * 1024 * 1024} bytes`);
  });

  it("recursion is bounded", () => {
    expect(runtimeError("#macro(m)#m()#end#m()").message).toMatch(/nesting exceeds 64 levels/);
    expect(runtimeError("#macro(m)#m()#m()#end#m()").message).toMatch(/nesting exceeds 64 levels|exceeds 1000000 steps/);
    expect(runtimeError("#define($d)$d#end$d").message).toMatch(/nesting exceeds 64 levels/);
  });

  it.each(["parse", "include", "evaluate", "eval"])("#%s is refused", (d) => {
    expect(runtimeError(`#${d}('x')`).message).toBe(`#${d} is not supported in mapping templates at line 1, column 1`);
  });

  it.each([
    ["$input.json on a body that is not JSON", "$input.json('$.a')", { body: "<xml/>" }],
    ["a bad JSONPath", "$input.path('$[')", {}],
    ["bad base64", "$util.base64Decode('***')", {}],
    ["bad url escape", "$util.urlDecode('%zz')", {}],
    ["substring out of range", "$util.urlEncode('ab').substring(5)", {}],
    ["a bad regex", "#set($s = 'a')$s.replaceAll('(', 'x')", {}],
    ["a bad status override", "#set($context.responseOverride.status = 'abc')", {}],
    ["division by zero", "#set($x = 1 / 0)", {}],
  ] as Array<[string, string, Partial<VtlInput>]>)("%s → VtlRuntimeError", (_n, t, over) => {
    runtimeError(t, over);
  });

  it("a render never throws anything but VtlRuntimeError", () => {
    const templates = [
      "$input.path('$').constructor.constructor('return process')",
      "$util.escapeJavaScript.call($null, 'x') $input.json.apply($null)",
      "#set($input.__proto__.x = 1)$input.__proto__",
      "$util.parseJson('{\"__proto__\":{\"x\":1}}').x",
      "#set($m = {})#set($x = $m.put('__proto__', 1))$m",
      "$nothing.foo.bar() $input.path('$.missing').size()",
      "#foreach($i in $input)$i#end #set($s = 'str')#foreach($i in $s)$i#end",
      "$input.params(null) $util.escapeJavaScript($null) $util.urlEncode()",
      "#set($l = [1])#foreach($i in [1..30])#set($x = $l.addAll($l))#end",
      "#stop after",
      "$input.json($input.body)",
    ];
    for (const t of templates) {
      const compiled = compileTemplate(t);
      try {
        renderTemplate(compiled, { ...EMPTY, body: '{"a":1}' });
      } catch (e) {
        expect(e, t).toBeInstanceOf(VtlRuntimeError);
      }
    }
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe("jsonPath (Jayway JsonPath as API Gateway uses it)", () => {
  const doc = {
    a: { b: 1, "x y": 2 },
    items: [
      { name: "p", price: 5 },
      { name: "q", price: 15 },
      { name: "r", price: 8 },
    ],
  };
  it.each<[string, unknown]>([
    ["$", doc],
    ["$.a.b", 1],
    ["$['a']['x y']", 2],
    ['$["a"].b', 1],
    ["$.items[0].name", "p"],
    ["$.items[-1].name", "r"],
    ["$.items[*].name", ["p", "q", "r"]],
    ["$.items[0:2].name", ["p", "q"]],
    ["$..name", ["p", "q", "r"]],
    ["$..b", [1]],
    ["$.items[?(@.price < 10)].name", ["p", "r"]],
    ["$.items[?(@.price > 6 && @.name != 'r')].name", ["q"]],
    ["$.items.length()", 3],
    ["$.a.*", [1, 2]],
    ["$.missing", undefined],
    ["$.a.missing.deeper", undefined],
    ["$.items[7]", undefined],
    ["$.missing[*]", []],
  ])("%s", (path, expected) => {
    expect(jsonPath(doc, path)).toEqual(expected);
  });
});

describe("generateTemplateFromModel (console 'Generate template')", () => {
  const schema = {
    $schema: "http://json-schema.org/draft-04/schema#",
    title: "Order",
    type: "object",
    properties: {
      name: { type: "string" },
      id: { type: "integer" },
      tags: { type: "array", items: { type: "string" } },
      owner: { type: "object", properties: { name: { type: "string" }, vip: { type: "boolean" } } },
      items: { type: "array", items: { type: "object", properties: { sku: { type: "string" }, qty: { type: "number" } } } },
    },
  };

  it("emits the template for an object schema", () => {
    expect(generateTemplateFromModel(schema)).toBe(
      [
        "#set($inputRoot = $input.path('$'))",
        "{",
        '  "name" : "$inputRoot.name",',
        '  "id" : $inputRoot.id,',
        '  "tags" : [',
        "#foreach($elem in $inputRoot.tags)",
        '    "$elem"#if($foreach.hasNext),#end',
        "",
        "#end",
        "  ],",
        '  "owner" : {',
        '    "name" : "$inputRoot.owner.name",',
        '    "vip" : $inputRoot.owner.vip',
        "  },",
        '  "items" : [',
        "#foreach($elem1 in $inputRoot.items)",
        "    {",
        '      "sku" : "$elem1.sku",',
        '      "qty" : $elem1.qty',
        "    }#if($foreach.hasNext),#end",
        "",
        "#end",
        "  ]",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("the generated template parses and renders valid JSON for a sample body", () => {
    const sample = { name: "n", id: 3, tags: ["a", "b"], owner: { name: "o", vip: true }, items: [{ sku: "s1", qty: 1.5 }, { sku: "s2", qty: 2 }] };
    const template = generateTemplateFromModel(schema);
    expect(parseTemplate(template)).toBeNull();
    expect(JSON.parse(run(template, { body: JSON.stringify(sample) }).output)).toEqual(sample);
  });

  it("emits a root #foreach for an array schema", () => {
    const t = generateTemplateFromModel({ type: "array", items: { type: "object", properties: { id: { type: "integer" }, type: { type: "string" } } } }, { modelName: "Pets" });
    expect(t).toBe(
      [
        "## Template generated from the model Pets",
        "#set($inputRoot = $input.path('$'))",
        "[",
        "#foreach($elem in $inputRoot)",
        "  {",
        '    "id" : $elem.id,',
        '    "type" : "$elem.type"',
        "  }#if($foreach.hasNext),#end",
        "",
        "#end",
        "]",
        "",
      ].join("\n"),
    );
    const body = JSON.stringify([{ id: 1, type: "dog" }, { id: 2, type: "cat" }]);
    expect(JSON.parse(run(t, { body }).output)).toEqual([{ id: 1, type: "dog" }, { id: 2, type: "cat" }]);
  });
});
