import { describe, expect, it } from "vitest";
import { compileTemplate, renderTemplate, type VtlInput } from "../../lib/vtl";

/**
 * Rendering semantics, template + input → exact output. Sources per group:
 *  - DG = AWS "API Gateway mapping template and access logging variable reference"
 *  - LS = LocalStack's AWS-recorded snapshots / its template_mapping.py, as summarised in
 *    /work/shared/reference/aws-api-gateway.md §4 (the fact sheet)
 *  - JAVA = the Java library API Gateway delegates to (commons-lang StringEscapeUtils,
 *    java.net.URLEncoder/URLDecoder, java.util.Base64, java.lang.String, Jayway JsonPath)
 */

const BODY = JSON.stringify({
  a: 1,
  b: [{ c: 5 }],
  s: "abc",
  n: null,
  nested: { foo: "bar", list: [1, 2] },
  items: [
    { name: "x", price: 5 },
    { name: "y", price: 15 },
  ],
});

function input(over: Partial<VtlInput> = {}): VtlInput {
  return {
    body: BODY,
    params: {
      path: { id: "7" },
      querystring: { q: "x y", id: "from-query" },
      header: { "Content-Type": "application/json", "X-Trace": "t1" },
    },
    context: {
      stage: "dev",
      httpMethod: "POST",
      identity: { sourceIp: "203.0.113.9" },
      authorizer: { claims: { sub: "user-1" } },
    },
    stageVariables: { backend: "b1" },
    ...over,
  };
}

function render(template: string, over: Partial<VtlInput> = {}): string {
  return renderTemplate(compileTemplate(template), input(over)).output;
}

type Case = [name: string, template: string, expected: string, over?: Partial<VtlInput>];

describe("$input.body (LS snapshot test_input_body_formatting)", () => {
  it.each<Case>([
    ["raw body", "$input.body", BODY],
    ["empty body renders {}", "$input.body", "{}", { body: "" }],
    ["non-JSON body is raw", "$input.body", "a=b&c", { body: "a=b&c" }],
  ])("%s", (_n, t, expected, over) => expect(render(t, over)).toBe(expected));
});

describe("$input.json (DG: JSON string of the JSONPath result; JAVA Jayway: missing → null)", () => {
  it.each<Case>([
    ["string is quoted JSON", "$input.json('$.s')", '"abc"'],
    ["number", "$input.json('$.a')", "1"],
    ["object, compact", "$input.json('$.nested')", '{"foo":"bar","list":[1,2]}'],
    ["array", "$input.json('$.b')", '[{"c":5}]'],
    ["null value", "$input.json('$.n')", "null"],
    ["missing", "$input.json('$.missing')", "null"],
    ["whole body", "$input.json('$')", BODY],
    ["empty body is {}", "$input.json('$')", "{}", { body: "" }],
    ["wildcard collects", "$input.json('$.items[*].name')", '["x","y"]'],
    ["filter", "$input.json('$.items[?(@.price < 10)].name')", '["x"]'],
    // LS unit test test_apply_template: escapeJavaScript of a JSON string
    ["escaped for embedding", "$util.escapeJavaScript($input.json('$.s'))", '\\"abc\\"'],
  ])("%s", (_n, t, expected, over) => expect(render(t, over)).toBe(expected));
});

describe("$input.path printing (LS snapshot test_input_path_template_formatting; LS VTLJsonDict/VTLJsonList)", () => {
  it.each<Case>([
    ["map prints as a Java map, inner lists as JSON", "$input.path('$.nested')", "{foo=bar, list=[1,2]}"],
    ["list prints as JSON", "$input.path('$.b')", '[{"c":5}]'],
    ["whole body", "$input.path('$')", '{a=1, b=[{"c":5}], s=abc, n=null, nested={foo=bar, list=[1,2]}, items=[{"name":"x","price":5},{"name":"y","price":15}]}'],
    ["string prints raw", "$input.path('$.s')", "abc"],
    ["number", "$input.path('$.a')", "1"],
    ["missing prints empty", "[$input.path('$.missing')]", "[]"],
    ["null prints empty", "[$input.path('$.n')]", "[]"],
    ["missing == $null", "#if($input.path('$.missing') == $null)yes#end", "yes"],
    ["missing == empty string", "#if($input.path('$.missing') == \"\")yes#end", "yes"],
    ["present != $null", "#if($input.path('$.s') != $null)yes#end", "yes"],
    ["usable as an object", "$input.path('$.items').size() $input.path('$.items').get(1).name $input.path('$.items')[0].price $input.path('$.nested').foo", "2 y 5 bar"],
    ["length() function", "$input.path('$.items.length()')", "2"],
  ])("%s", (_n, t, expected, over) => expect(render(t, over)).toBe(expected));
});

describe("#foreach over $input.path (DG examples: JSON arrays with $foreach.hasNext)", () => {
  it.each<Case>([
    [
      "JSON array with commas",
      '[#foreach($i in $input.path(\'$.items\')){"n":"$i.name","p":$i.price}#if($foreach.hasNext),#end#end]',
      '[{"n":"x","p":5},{"n":"y","p":15}]',
    ],
    ["index and count", "#foreach($i in $input.path('$.items'))$foreach.index/$foreach.count/$velocityCount #end", "0/1/1 1/2/2 "],
    ["empty list renders nothing", "[#foreach($i in $input.path('$.missing'))x#end]", "[]"],
    ["#break", "#foreach($i in [1..5])$i#if($i == 3)#break#end#end", "123"],
    ["nested loops keep their own $foreach", "#foreach($a in [1..2])#foreach($b in [1..2])$a$b#if($foreach.hasNext),#end#end;#end", "11,12;21,22;"],
    ["a map iterates its values", "#foreach($v in $input.path('$.nested'))[$v]#end", "[bar][[1,2]]"],
  ])("%s", (_n, t, expected, over) => expect(render(t, over)).toBe(expected));
});

describe("$input.params (DG: path, then querystring, then header; LS prints a Java map)", () => {
  it.each<Case>([
    ["params() prints as a Java map", "$input.params()", "{path={id=7}, querystring={q=x y, id=from-query}, header={Content-Type=application/json, X-Trace=t1}}"],
    ["empty params", "$input.params()", "{path={}, querystring={}, header={}}", { params: { path: {}, querystring: {}, header: {} } }],
    ["path wins over querystring", "$input.params('id')", "7"],
    ["querystring", "$input.params('q')", "x y"],
    ["header, case-insensitive", "$input.params('content-type')|$input.params('X-Trace')", "application/json|t1"],
    ["missing is empty", "[$input.params('nope')]", "[]"],
    ["header map get", "$input.params().header.get('X-Trace')", "t1"],
    ["querystring keySet", "$input.params().querystring.keySet()", "[q, id]"],
    [
      "headers as JSON",
      '{#foreach($h in $input.params().header.keySet())"$h":"$util.escapeJavaScript($input.params().header.get($h))"#if($foreach.hasNext),#end#end}',
      '{"Content-Type":"application\\/json","X-Trace":"t1"}',
    ],
  ])("%s", (_n, t, expected, over) => expect(render(t, over)).toBe(expected));
});

describe("$util (DG; JAVA StringEscapeUtils.escapeJavaScript, URLEncoder/URLDecoder, Base64 over UTF-8)", () => {
  it.each<Case>([
    ["escape quotes: ' becomes \\'", "$util.escapeJavaScript(\"it's \\\"q\\\"\")", "it\\'s \\\"q\\\""],
    ["DG recipe to undo \\'", "$util.escapeJavaScript(\"it's\").replaceAll(\"\\\\'\",\"'\")", "it's"],
    ["backslash and slash", "$util.escapeJavaScript($input.path('$.p'))", "a\\\\b\\/c", { body: '{"p":"a\\\\b/c"}' }],
    ["control chars", "$util.escapeJavaScript($input.path('$.p'))", "l1\\nl2\\tt\\r\\b\\f\\u0001", { body: '{"p":"l1\\nl2\\tt\\r\\b\\f\\u0001"}' }],
    ["non-ASCII as \\uXXXX", "$util.escapeJavaScript('héllo €')", "h\\u00E9llo \\u20AC"],
    ["urlEncode form encoding", "$util.urlEncode('a b&c=d/é*-._~')", "a+b%26c%3Dd%2F%C3%A9*-._%7E"],
    ["urlDecode", "$util.urlDecode('a+b%26c%3Dd%2F%C3%A9')", "a b&c=d/é"],
    // LS unit test test_render_template_values
    ["urlEncode x=a+b", "$util.urlEncode('x=a+b')", "x%3Da%2Bb"],
    ["urlDecode x=a+b", "$util.urlDecode('x=a+b')", "x=a b"],
    ["url round trip non-ASCII", "$util.urlDecode($util.urlEncode('日本語 & ü'))", "日本語 & ü"],
    ["base64Encode UTF-8", "$util.base64Encode('héllo')", "aMOpbGxv"],
    ["base64Decode UTF-8", "$util.base64Decode('aMOpbGxv')", "héllo"],
    ["base64 round trip", "$util.base64Decode($util.base64Encode('日本語 ✓ {\"a\":1}'))", '日本語 ✓ {"a":1}'],
    ["parseJson object", "#set($o = $util.parseJson($input.path('$.raw')))$o.a.size() $o.k", "2 v", { body: '{"raw":"{\\"a\\":[1,2],\\"k\\":\\"v\\"}"}' }],
    ["parseJson prints as Java collections", "#set($o = $util.parseJson('{\"a\":[1,2]}'))$o", "{a=[1, 2]}"],
  ])("%s", (_n, t, expected, over) => expect(render(t, over)).toBe(expected));
});

describe("$context and $stageVariables (DG; fact sheet: undefined stage variable renders empty)", () => {
  it.each<Case>([
    ["nested context", "$context.stage $context.identity.sourceIp $context.authorizer.claims.sub", "dev 203.0.113.9 user-1"],
    ["missing context renders empty", "[$context.missing][$context.identity.nope]", "[][]"],
    ["stage variable, both notations", "$stageVariables.backend $stageVariables['backend']", "b1 b1"],
    ["missing stage variable renders empty", "[$stageVariables.missing]", "[]"],
    ["undefined variable renders empty", "[$nothing][$!nothing]", "[][]"],
  ])("%s", (_n, t, expected, over) => expect(render(t, over)).toBe(expected));
});

describe("Java String / List / Map methods (JAVA java.lang.String, java.util)", () => {
  it.each<Case>([
    ["length, case, trim", "#set($s = '  Ab c ')$s.length() [$s.trim()] $s.toUpperCase() $s.toLowerCase()", "7 [Ab c]   AB C    ab c "],
    ["substring, indexOf", "#set($s = 'hello')$s.substring(1) $s.substring(1,3) $s.indexOf('l') $s.lastIndexOf('l') $s.charAt(0)", "ello el 2 3 h"],
    ["tests", "#set($s = 'hello')$s.contains('ell') $s.startsWith('he') $s.endsWith('lo') $s.equals('hello') $s.isEmpty() $s.matches('h.*o') $s.matches('ell')", "true true true true false true false"],
    ["replace is literal", "#set($s = 'a.b.c')$s.replace('.', '-')", "a-b-c"],
    ["replaceAll regex with $1", "#set($s = 'a1b22')$s.replaceAll('([0-9]+)', '<$1>')", "a<1>b<22>"],
    ["split drops trailing empties", "#set($s = 'a,b,,c,,')$s.split(',') $s.split(',').size()", "[a, b, , c] 4"],
    ["list methods", "#set($l = [1, 2])#set($x = $l.add(3))$l $l.size() $l.get(2) $l.contains(2) $l.isEmpty()", "[1, 2, 3] 3 3 true false"],
    ["map methods", "#set($m = {'a': 1})#set($x = $m.put('b', 2))$m $m.size() $m.containsKey('b') $m.keySet() $m.values() $m.get('a')", "{a=1, b=2} 2 true [a, b] [1, 2] 1"],
    ["entrySet", "#foreach($e in $input.path('$.nested').entrySet())$e.key=$e.getKey()|#end", "foo=foo|list=list|"],
    ["integer arithmetic", "#set($x = 7 / 2)#set($y = 7 % 3)$x $y #set($z = 1 + 2)$z", "3 1 3"],
    ["string concatenation", "#set($x = 'a' + 1)$x", "a1"],
    ["Velocity truthiness: empty string is true", "#if('')t#{else}f#end #if($nothing)t#{else}f#end #if(false)t#elseif(0 == 0)e#end", "t f e"],
    ["JavaScript methods are not reachable", "[$input.path('$.s').repeat(3)][$input.path('$.s').constructor][$util.toString]", "[][][]"],
  ])("%s", (_n, t, expected, over) => expect(render(t, over)).toBe(expected));
});

describe("overrides (DG: $context.requestOverride / responseOverride)", () => {
  it("collects response and request overrides", () => {
    const t = compileTemplate(
      [
        "#set($context.responseOverride.status = 400)",
        '#set($context.responseOverride.header.X-Reason = "bad")',
        '#set($context.requestOverride.header.X-Up = "u")',
        "#set($context.requestOverride.querystring.page = 2)",
        '#set($context.requestOverride.path.id = "9")',
        "done",
      ].join("\n"),
    );
    const result = renderTemplate(t, input());
    expect(result.output).toBe("done");
    expect(result.overrides).toEqual({
      request: { header: { "X-Up": "u" }, querystring: { page: "2" }, path: { id: "9" } },
      response: { status: 400, header: { "X-Reason": "bad" } },
    });
  });

  it("is empty when nothing is overridden and does not leak into the input context", () => {
    const inp = input();
    const result = renderTemplate(compileTemplate("#set($context.stage = 'x')$context.stage"), inp);
    expect(result.output).toBe("x");
    expect(result.overrides).toEqual({ request: { header: {}, querystring: {}, path: {} }, response: { header: {} } });
    expect(inp.context.stage).toBe("dev");
  });

  it("MOCK integration pattern: status from the request body (DG how-to-mock-integration)", () => {
    const t = compileTemplate('#if($input.params("scope") == "internal"){"statusCode": 200}#else{"statusCode": 500}#end');
    expect(renderTemplate(t, input({ params: { path: {}, querystring: { scope: "internal" }, header: {} } })).output).toBe('{"statusCode": 200}');
    expect(renderTemplate(t, input()).output).toBe('{"statusCode": 500}');
  });
});

describe("whole templates", () => {
  // DG models-mappings "photos" example: the JSON → XML response template.
  it("JSON → XML response template", () => {
    const template = [
      "#set($inputRoot = $input.path('$'))",
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<photos page="$inputRoot.photos.page" pages="$inputRoot.photos.pages">',
      "#foreach($elem in $inputRoot.photos.photo)",
      '  <photo id="$elem.id" title="$elem.title" ispublic="$elem.ispublic"/>',
      "#end",
      "</photos>",
    ].join("\n");
    const body = JSON.stringify({
      photos: {
        page: 1,
        pages: "1234",
        photo: [
          { id: "12345678901", title: "Example", ispublic: true },
          { id: "23456789012", title: "Another", ispublic: false },
        ],
      },
    });
    expect(render(template, { body })).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<photos page="1" pages="1234">',
        '  <photo id="12345678901" title="Example" ispublic="true"/>',
        '  <photo id="23456789012" title="Another" ispublic="false"/>',
        "</photos>",
      ].join("\n"),
    );
  });

  // DG models-mappings: reshaping a request body, escaping user text.
  it("JSON-reshaping request template", () => {
    const template = [
      "#set($inputRoot = $input.path('$'))",
      "{",
      '  "id": "$input.params(\'id\')",',
      '  "stage": "$context.stage",',
      '  "names": [#foreach($i in $inputRoot.items)"$util.escapeJavaScript($i.name)"#if($foreach.hasNext),#end#end],',
      '  "total": $inputRoot.items.size(),',
      '  "raw": $input.json(\'$.nested\')',
      "}",
    ].join("\n");
    const body = JSON.stringify({ items: [{ name: 'say "hi"' }, { name: "ok" }], nested: { a: [1] } });
    const out = render(template, { body });
    expect(out).toBe('{\n  "id": "7",\n  "stage": "dev",\n  "names": ["say \\"hi\\"","ok"],\n  "total": 2,\n  "raw": {"a":[1]}\n}');
    expect(JSON.parse(out)).toEqual({ id: "7", stage: "dev", names: ['say "hi"', "ok"], total: 2, raw: { a: [1] } });
  });

  it("#define and #macro work (bounded)", () => {
    expect(render("#macro(greet $n)hi $n#end#greet('a') #greet($context.stage)")).toBe("hi a hi dev");
    expect(render("#define($x)[$context.stage]#end$x$x")).toBe("[dev][dev]");
  });

  it("a compiled template renders many times independently", () => {
    const t = compileTemplate("#set($n = $input.path('$.a'))$n #foreach($i in [1..3])$i#end");
    for (const a of [1, 2, 3]) expect(renderTemplate(t, input({ body: `{"a":${a}}` })).output).toBe(`${a} 123`);
  });
});
