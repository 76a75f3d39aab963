import { describe, expect, it } from "vitest";
import { appendQuery } from "../../gateway/integrations/http-proxy";
import { connectionNamed, endpointUrl, forwardableRequestHeaders, proxyResponseHeaders } from "../../gateway/integrations/upstream";

describe("upstream headers", () => {
  it("drops hop-by-hop headers and those the Connection header names", () => {
    const forwarded = forwardableRequestHeaders([
      ["Connection", "keep-alive, X-Secret-Hop,  x-other "],
      ["Keep-Alive", "timeout=5"],
      ["X-Secret-Hop", "dropped"],
      ["X-Other", "dropped"],
      ["TE", "trailers"],
      ["Upgrade", "h2c"],
      ["Proxy-Authorization", "Basic x"],
      ["Transfer-Encoding", "chunked"],
      ["Host", "abc.execute-api.localhost"],
      ["Content-Length", "3"],
      ["Expect", "100-continue"],
      ["X-Kept", "yes"],
      ["Authorization", "Bearer t"],
    ]);
    expect(forwarded).toEqual([
      ["X-Kept", "yes"],
      ["Authorization", "Bearer t"],
    ]);
  });

  it("reads Connection tokens from every Connection header", () => {
    expect([...connectionNamed([["connection", "A"], ["Connection", "b, C"]])]).toEqual(["a", "b", "c"]);
  });

  it("remaps the backend's Connection, Content-Length, Date, Server and x-amzn-RequestId; drops other hop-by-hop", () => {
    expect(
      proxyResponseHeaders([
        ["Content-Type", "text/plain"],
        ["Content-Length", "5"],
        ["Connection", "keep-alive, X-Hop"],
        ["X-Hop", "gone"],
        ["Keep-Alive", "timeout=5"],
        ["Transfer-Encoding", "chunked"],
        ["Date", "Mon, 01 Jan 2024 00:00:00 GMT"],
        ["Server", "nginx"],
        ["x-amzn-RequestId", "abc"],
        ["Set-Cookie", "a=1"],
        ["Set-Cookie", "b=2"],
      ]),
    ).toEqual([
      ["Content-Type", "text/plain"],
      ["x-amzn-Remapped-Content-Length", "5"],
      ["x-amzn-Remapped-Connection", "keep-alive, X-Hop"],
      ["x-amzn-Remapped-Date", "Mon, 01 Jan 2024 00:00:00 GMT"],
      ["x-amzn-Remapped-Server", "nginx"],
      ["x-amzn-Remapped-x-amzn-RequestId", "abc"],
      ["Set-Cookie", "a=1"],
      ["Set-Cookie", "b=2"],
    ]);
  });
});

describe("endpoint URLs", () => {
  it("accepts http(s) URLs and answers 500 for anything else", () => {
    expect(endpointUrl("https://example.com/x").href).toBe("https://example.com/x");
    for (const bad of ["ftp://example.com/", "http://", "not a url"]) {
      expect(() => endpointUrl(bad), bad).toThrow(expect.objectContaining({ type: "API_CONFIGURATION_ERROR", status: 500 }));
    }
  });

  it("appends the raw query and mapped pairs to the URI's own query", () => {
    const url = new URL("http://h/p?fixed=1");
    appendQuery(url, "a=1&b=two%20words", [["m", "x y"]]);
    expect(url.search).toBe("?fixed=1&a=1&b=two%20words&m=x%20y");
    const bare = new URL("http://h/p");
    appendQuery(bare, "", []);
    expect(bare.href).toBe("http://h/p");
  });
});
