import { openApiDocument } from "@/lib/openapi/document";

let cached: object | null = null;

/** The management API's OpenAPI 3.1 document (public: it describes, it holds no data). */
export function GET(): Response {
  cached ??= openApiDocument();
  return Response.json(cached);
}
