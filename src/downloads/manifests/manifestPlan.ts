import { downloadPlan } from '../files/downloadPlan';
import type { FileEntry } from '../../upstream/format/model';
import { aria2Input } from './aria2Input';
import type { DownloadPlanFormat, ManifestPlanModel } from './ManifestPlanModel';
import { metalink } from './metalink';

/** The download plan of `files` (an edition's, or an archive's volumes), with its manifest in `format`. */
export function manifestPlan(name: string, files: readonly FileEntry[], format: DownloadPlanFormat): ManifestPlanModel {
  const plan = downloadPlan(name, files);
  const manifest =
    format === 'METALINK' ? metalink(plan.files)
    : format === 'ARIA2' ? aria2Input(name, plan.files)
    : plan.script;
  return { ...plan, format, manifest };
}
