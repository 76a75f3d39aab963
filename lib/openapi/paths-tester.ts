import * as t from "../schemas/tester";
import type { RouteDoc } from "./paths";

/** The request tester (issue 11): method test (AWS TestInvokeMethod), send to a stage, history, collections (see paths.ts for the format). */

const M = "/restapis/{restApiId}/resources/{resourceId}/methods/{httpMethod}";
const C = "/tester/collections/{collectionId}";

export const TESTER_ROUTES: RouteDoc[] = [
  {
    method: "post",
    path: `${M}/test`,
    summary: "Test the method's working copy (not deployed) through the gateway's pipeline: status, latency, headers, body and execution log; authorization and API keys are skipped, as on AWS",
    permission: "test",
    body: t.ZTestMethod,
    status: 200,
    response: t.ZTestResult,
  },
  {
    method: "post",
    path: "/tester/send",
    summary: "Send a real request through the gateway to a deployed stage; an API key named by id or name is inserted by the server",
    permission: "test",
    body: t.ZSendToStage,
    status: 200,
    response: t.ZTestResult,
  },
  { method: "post", path: "/tester/curl", summary: "A curl command for a request (the API key as $API_KEY unless the caller may reveal keys)", permission: "read", body: t.ZCurlRequest, status: 200, response: t.ZCurlOut },
  { method: "get", path: "/tester/history", summary: "The caller's last 100 tester requests, newest first", permission: "test", status: 200, response: t.ZHistoryList },
  { method: "delete", path: "/tester/history", summary: "Clear the caller's tester history", permission: "test", status: 204 },
  { method: "get", path: "/tester/history/{historyId}", summary: "One history entry with its stored response", permission: "test", status: 200 },
  { method: "delete", path: "/tester/history/{historyId}", summary: "Delete one history entry", permission: "test", status: 204 },
  { method: "post", path: "/tester/history/{historyId}/run", summary: "Run a history entry again", permission: "test", status: 200, response: t.ZTestResult },
  { method: "get", path: "/tester/collections", summary: "Test collections (shared with the team) with their items", permission: "read", status: 200, response: t.ZCollectionList },
  { method: "post", path: "/tester/collections", summary: "Create a test collection", permission: "test", body: t.ZCreateCollection, status: 201, response: t.ZCollection },
  { method: "get", path: C, summary: "A test collection with its items", permission: "read", status: 200, response: t.ZCollection },
  { method: "patch", path: C, summary: "Rename or describe a test collection (409 when the version is stale)", permission: "test", body: t.ZUpdateCollection, status: 200, response: t.ZCollection },
  { method: "delete", path: C, summary: "Delete a test collection and its items", permission: "test", status: 204 },
  { method: "post", path: `${C}/items`, summary: "Save a request into a collection", permission: "test", body: t.ZCollectionItemInput, status: 201, response: t.ZCollectionItem },
  { method: "delete", path: `${C}/items/{itemId}`, summary: "Remove a saved request", permission: "test", status: 204 },
  { method: "post", path: `${C}/items/{itemId}/run`, summary: "Run a saved request again as the caller", permission: "test", status: 200, response: t.ZTestResult },
];
