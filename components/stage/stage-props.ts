import type { TStage } from "@/lib/schemas/management";

export interface StageSectionProps {
  apiId: string;
  stage: TStage;
  /** `/restapis/{id}/stages/{name}` */
  path: string;
  canEdit: boolean;
  /**
   * PATCHes the stage with the version this page read (or last saved); saves
   * are queued so two sections saved quickly do not conflict with each other.
   */
  patch: (body: Record<string, unknown>) => Promise<TStage>;
  /** Promotes the canary (with the same version rules as patch). */
  promote: () => Promise<TStage>;
  /** Refetches and remounts every section with the server's data (the conflict banner's Reload). */
  reload: () => Promise<void>;
}
