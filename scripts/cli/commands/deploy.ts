import { positionals, requireStr, str } from "../args";
import { resolveApi, type Client } from "../client";
import type { CommandTable } from "../command";
import { emit, table } from "../output";

interface Stage {
  stageName: string;
  deploymentId: string;
  description: string;
  variables: Record<string, string>;
  accessLogSettings: { format: string } | null;
  invokeUrl: string;
  lastUpdatedDate: string;
  version: number;
}

export interface Deployment {
  id: string;
  description: string;
  createdDate: string;
  createdBy: string;
  stages: string[];
}

export async function deployStage(client: Client, restApiId: string, stageName: string, description = "", variables?: Record<string, string>): Promise<Deployment> {
  return client.post<Deployment>(`/restapis/${restApiId}/deployments`, { stageName, description, ...(variables ? { variables } : {}) });
}

export const deployCommands: CommandTable = {
  deploy: {
    usage: "deploy API --stage S [--description D]",
    summary: "Deploys the API's working copy to a stage (created if missing).",
    options: { stage: { kind: "string", short: "s" }, description: { kind: "string", short: "d" } },
    async run({ args, out, client }) {
      const [apiName] = positionals(args, ["api"]);
      const stageName = requireStr(args, "stage");
      const c = await client();
      const api = await resolveApi(c, apiName);
      out.progress(`Deploying ${api.name} to ${stageName}`);
      const deployment = await deployStage(c, api.id, stageName, str(args, "description") ?? "");
      const stage = await c.get<Stage>(`/restapis/${api.id}/stages/${encodeURIComponent(stageName)}`);
      emit(out, { deployment, stage }, () => `Deployed ${api.name} (${api.id}) to ${stageName}: deployment ${deployment.id}.\n${stage.invokeUrl}`);
    },
  },
  "stages list": {
    usage: "stages list API",
    summary: "Lists an API's stages with their deployment and invoke URL.",
    options: {},
    async run({ args, out, client }) {
      const [apiName] = positionals(args, ["api"]);
      const c = await client();
      const api = await resolveApi(c, apiName);
      const { items } = await c.get<{ items: Stage[] }>(`/restapis/${api.id}/stages`);
      emit(out, { items }, () => table(items as unknown as Array<Record<string, unknown>>, ["stageName", "deploymentId", "lastUpdatedDate", "invokeUrl"]));
    },
  },
  "stages rollback": {
    usage: "stages rollback API --stage S --to DEPLOYMENT",
    summary: "Points a stage at an earlier deployment (see `stages history`).",
    options: { stage: { kind: "string", short: "s" }, to: { kind: "string" } },
    async run({ args, out, client }) {
      const [apiName] = positionals(args, ["api"]);
      const stageName = requireStr(args, "stage");
      const deploymentId = requireStr(args, "to");
      const c = await client();
      const api = await resolveApi(c, apiName);
      const path = `/restapis/${api.id}/stages/${encodeURIComponent(stageName)}`;
      const stage = await c.get<Stage>(path);
      const updated = await c.patch<Stage>(path, { version: stage.version, deploymentId });
      emit(out, updated, () => `Stage ${stageName} of ${api.name} now serves deployment ${updated.deploymentId} (was ${stage.deploymentId}).`);
    },
  },
  "stages history": {
    usage: "stages history API --stage S",
    summary: "The deployments a stage served, newest first.",
    options: { stage: { kind: "string", short: "s" } },
    async run({ args, out, client }) {
      const [apiName] = positionals(args, ["api"]);
      const stageName = requireStr(args, "stage");
      const c = await client();
      const api = await resolveApi(c, apiName);
      const { items } = await c.get<{ items: Array<Record<string, unknown>> }>(`/restapis/${api.id}/stages/${encodeURIComponent(stageName)}/deployments`);
      emit(out, { items }, () => table(items, ["id", "activatedDate", "reason", "activatedBy", "current", "description"]));
    },
  },
};
