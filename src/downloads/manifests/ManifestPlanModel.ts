import type { DownloadPlanModel } from '../files/downloadPlan';

/** Formats a download plan can be written in (the GraphQL `DownloadPlanFormat`). */
export type DownloadPlanFormat = 'SCRIPT' | 'METALINK' | 'ARIA2';

/** The GraphQL `DownloadPlan`: the shell plan, and the plan in the format asked. */
export interface ManifestPlanModel extends DownloadPlanModel {
  format: DownloadPlanFormat;
  manifest: string;
}
