import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, rm, rmdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { assertPlainFolder, editionFolder, filePaths, foldedSegment, makeEditionFolder, safeSegment, UnsafeNameError } from './copyPaths';
import { CopyBusyError, takeCopyLock } from './copyLock';
import { DownloadPacer } from './DownloadPacer';
import { fetchVerified, type FileOutcome } from './fetchVerified';
import { heldKey, readState, StateFileError, writeState, type HeldEdition, type MirrorState, type Selection } from './MirrorState';
import type { MirrorArgs } from './readMirrorArgs';
import { requestSyncPlan, SubgraphError, type PlannedEdition, type SyncPlanAnswer } from './requestSyncPlan';
import { runExec } from './runExec';
import { formatBytes, LineReporter, shownOnTerminal, TerminalReporter, type SyncReporter } from './SyncReporter';

/** `geopf-sync`'s exit status. */
export const ExitCode = {
  /** Done, or up to date. */
  DONE: 0,
  /** A file could not be downloaded and verified (its md5), or `--exec` failed: nothing was deleted. */
  FAILED: 1,
  /** Bad arguments, a state file that is not one, or another run working in the folder. */
  BAD_ARGUMENTS: 2,
  /** The subgraph cannot be reached, or answered without a plan. */
  UNREACHABLE: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** What a run needs of the world; `main.ts` passes the process's. */
export interface MirrorDeps {
  write: (text: string) => void;
  writeError: (text: string) => void;
  /** True when standard output is a terminal: bars instead of lines. */
  isTTY: boolean;
  columns?: number;
  env: Readonly<Record<string, string | undefined>>;
  /** This process's id (the copy's lock holds it). */
  pid: number;
  userAgent: string;
  fetch?: typeof fetch;
  now?: () => number;
}

/** One file to download, with where it goes. */
interface FileJob {
  edition: PlannedEdition;
  held: HeldEdition;
  folder: string;
  file: PlannedEdition['files'][number];
}

/**
 * One run of `geopf-sync` over the copy in `args.dir`: asks the subgraph for a plan (`Query.syncPlan`) since the
 * state file's cursor, downloads and verifies what is new, runs `--exec` for each new edition, and only when all
 * of that succeeded deletes what the plan removes and keeps the plan's `endCursor`. With other options than the
 * state's (or no state), it asks for the whole selection and deletes what it holds beyond it. Resolves with the
 * exit status; writes nothing with `--dry-run`.
 */
export async function runMirror(args: MirrorArgs, deps: MirrorDeps): Promise<ExitCode> {
  const dir = resolve(args.dir);
  const report: SyncReporter = deps.isTTY ? new TerminalReporter(deps.write, deps.columns ?? 80, deps.now) : new LineReporter(deps.write);
  let release: (() => Promise<void>) | null = null;
  try {
    if (!args.dryRun) {
      await mkdir(dir, { recursive: true });
      release = await takeCopyLock(dir, deps.pid);
    }
    return await runLocked(args, dir, report, deps);
  } catch (error) {
    if (error instanceof CopyBusyError || error instanceof StateFileError || error instanceof UnsafeNameError) {
      deps.writeError(shownOnTerminal(`${error.message}\n`));
      return ExitCode.BAD_ARGUMENTS;
    }
    throw error;
  } finally {
    await release?.();
  }
}

// Private: the run, the lock held.
async function runLocked(args: MirrorArgs, dir: string, report: SyncReporter, deps: MirrorDeps): Promise<ExitCode> {
  const state = await readState(dir);
  const selection: Selection = { endpoint: args.endpoint, filter: filterOf(args), keep: args.keep };
  const resumes = state.selection !== null && state.cursor !== null && JSON.stringify(state.selection) === JSON.stringify(selection);
  // A file the state holds but the disk does not (deleted by hand): the whole selection, compared with the copy.
  const missing = Object.values(state.editions).find((held) => held.complete && !holdsFiles(dir, held));
  if (resumes && missing) report.line(`The copy misses ${missing.resourceName}/${missing.name}: comparing the whole selection with the copy.`);
  let after = resumes && !missing ? state.cursor : null;
  let plan: SyncPlanAnswer;
  try {
    plan = await askPlan(args, selection, after, deps);
  } catch (error) {
    if (!(error instanceof SubgraphError)) throw error;
    // A cursor the index does not know (it was built again): the whole selection, compared with the copy.
    if (error.kind === 'refused' && error.argumentName === 'after' && after !== null) {
      report.line(`The subgraph does not know the copy's position (${error.message}); comparing the whole selection with the copy.`);
      after = null;
      try {
        plan = await askPlan(args, selection, after, deps);
      } catch (again) {
        if (again instanceof SubgraphError) return subgraphFailure(again, deps);
        throw again;
      }
    } else return subgraphFailure(error, deps);
  }
  const failures: string[] = [];
  const downloads = checkedDownloads(plan.download, state, dir, failures);
  const removals = removalsOf(plan, state, downloads, after === null, dir, failures);
  const complete = (edition: PlannedEdition) => state.editions[heldKey(edition.resourceName, edition.name)]?.complete === true;
  const jobs = downloads.flatMap((edition) => fileJobs(edition, state, dir));
  const pending = jobs.filter((job) => !alreadyVerified(job));
  // The editions to fetch: those not held whole already (a copy compared with the whole selection holds most).
  const fetching = downloads.filter((edition) => !complete(edition) || pending.some((job) => job.edition === edition));
  describePlan(report, fetching, removals, jobs, pending, args.dryRun);
  if (args.dryRun) {
    report.line(`Dry run: nothing downloaded, deleted or written. The plan's position: ${plan.endCursor}.`);
    return failures.length > 0 ? ExitCode.FAILED : ExitCode.DONE;
  }

  // Downloads: every file of every new edition, paced, a few at once; the state saved after each.
  const started = (deps.now ?? (() => performance.now()))();
  const pacer = new DownloadPacer({ rate: args.rate, ...(deps.now ? { now: deps.now } : {}) });
  let saving: Promise<void> = Promise.resolve();
  const save = (): Promise<void> => (saving = saving.then(() => writeState(dir, state)));
  for (const edition of fetching) await makeEditionFolder(dir, edition.resourceName, edition.name);
  await save();
  let transferred = 0;
  let fetched = 0;
  // Settled, all of them, before anything else (a state that cannot be written fails the run, after the others end).
  const settled = await Promise.allSettled(
    pending.map((job) =>
      pacer.withFileSlot(async () => {
        const path = `${job.edition.resourceName}/${job.edition.name}/${job.file.name}`;
        const outcome: FileOutcome = await fetchVerified(
          job.file,
          job.folder,
          { pacer, userAgent: deps.userAgent, ...(deps.fetch ? { fetch: deps.fetch } : {}) },
          {
            started: (from) => report.fileStarted(path, job.file.size, from),
            received: (bytes) => report.fileReceived(path, bytes),
            retrying: (reason) => report.line(`again ${path}: ${reason}`),
          },
        );
        report.fileEnded(path);
        transferred += outcome.transferred;
        if (outcome.kind === 'failed') {
          failures.push(`${path}: ${outcome.reason}`);
          report.line(`FAILED ${path}: ${outcome.reason}`);
          return;
        }
        fetched += 1;
        job.held.files[job.file.name] = { size: outcome.size, md5: outcome.md5 };
        report.line(`ok ${path} (${formatBytes(outcome.size)}, ${outcome.md5 === null ? 'no md5 listed: size checked only' : 'md5 verified'})`);
        await save();
      }),
    ),
  );
  for (const outcome of settled) if (outcome.status === 'rejected') throw outcome.reason;
  let completed = 0;
  for (const edition of fetching) {
    const held = state.editions[heldKey(edition.resourceName, edition.name)] as HeldEdition;
    if (!edition.files.every((file) => held.files[file.name] !== undefined)) continue;
    if (!held.complete) held.execPending = args.exec !== null;
    held.complete = true;
    completed += 1;
  }
  await save();

  // --exec, for each edition completed with it and not yet run successfully (an earlier failed run's too).
  if (args.exec !== null) {
    for (const held of Object.values(state.editions).filter((edition) => edition.complete && edition.execPending)) {
      const folder = editionFolder(dir, held.resourceName, held.name);
      report.line(`exec ${held.resourceName}/${held.name}`);
      const code = await runExec(args.exec, { folder, resourceName: held.resourceName, name: held.name }, deps.env).catch((error: unknown) => {
        report.line(`FAILED exec ${held.resourceName}/${held.name}: ${error instanceof Error ? error.message : String(error)}`);
        return -1;
      });
      if (code === 0) held.execPending = false;
      else failures.push(`--exec for ${held.resourceName}/${held.name} exited ${code === null ? 'on a signal' : `with ${code}`}`);
    }
    await save();
  }

  const seconds = Math.max(0.001, ((deps.now ?? (() => performance.now()))() - started) / 1000);
  const held = () => plural(Object.values(state.editions).filter((edition) => edition.complete).length, 'edition');
  if (failures.length > 0) {
    report.line(
      `Failed: ${plural(failures.length, 'problem')} (${failures.join('; ')}). ${formatBytes(transferred)} transferred; ` +
        'nothing deleted, the position kept: the next run resumes.',
    );
    return ExitCode.FAILED;
  }

  // Deletions, only now that every new edition is verified; then the plan's position.
  for (const removal of removals) {
    await removeEdition(dir, removal.resourceName, removal.name);
    delete state.editions[heldKey(removal.resourceName, removal.name)];
    report.line(`removed ${removal.resourceName}/${removal.name} (${removal.reason.toLowerCase()})`);
  }
  for (const edition of Object.values(state.editions)) edition.atCursor = true;
  state.selection = selection;
  state.cursor = plan.endCursor;
  await save();
  if (fetching.length === 0 && removals.length === 0) report.line(`Up to date (${formatBytes(transferred)} transferred); ${held()} held.`);
  else
    report.line(
      `Done: ${plural(completed, 'edition')} downloaded (${plural(fetched, 'file')}, ${formatBytes(transferred)} transferred in ${seconds.toFixed(1)} s, ` +
        `${formatBytes(Math.round(transferred / seconds))}/s), ${removals.length} removed; ${held()} held.`,
    );
  return ExitCode.DONE;
}

// Private: the plan, asked of the subgraph.
function askPlan(args: MirrorArgs, selection: Selection, after: string | null, deps: MirrorDeps): Promise<SyncPlanAnswer> {
  return requestSyncPlan(
    args.endpoint,
    { filter: selection.filter, after, keep: args.keep },
    { userAgent: deps.userAgent, ...(deps.fetch ? { fetch: deps.fetch } : {}) },
  );
}

// Private: the exit status of a plan that did not come.
function subgraphFailure(error: SubgraphError, deps: MirrorDeps): ExitCode {
  deps.writeError(shownOnTerminal(`${error.message}\n`));
  return error.kind === 'refused' ? ExitCode.BAD_ARGUMENTS : ExitCode.UNREACHABLE;
}

/** `EditionFilter` of the arguments (`place` passes through to `EditionFilter.place`). */
export function filterOf(args: MirrorArgs): Record<string, unknown> {
  return {
    resources: args.resources,
    ...(args.zones.length > 0 ? { zones: args.zones } : {}),
    ...(args.formats.length > 0 ? { formats: args.formats } : {}),
    ...(args.place !== null ? { place: args.place } : {}),
  };
}

// Private: the plan's editions whose files the subgraph listed, whose names are safe and whose folder and files
// are theirs alone, even on a disk that folds case or Unicode forms (`foldedSegment`). An edition without its
// files, planned twice, or under two spellings of one folder, or beside another spelling the copy holds, or
// listing two files of one folded name, is a failure (never fetched): otherwise one would be written over the
// other, or deleted with it.
function checkedDownloads(editions: readonly PlannedEdition[], state: MirrorState, dir: string, failures: string[]): PlannedEdition[] {
  const folded = (resourceName: string, name: string) => `${foldedSegment(resourceName)}/${foldedSegment(name)}`;
  const planned = new Map<string, number>();
  for (const edition of editions) planned.set(folded(edition.resourceName, edition.name), (planned.get(folded(edition.resourceName, edition.name)) ?? 0) + 1);
  const held = new Map(
    Object.values(state.editions).map((edition) => [folded(edition.resourceName, edition.name), heldKey(edition.resourceName, edition.name)]),
  );
  return editions.filter((edition) => {
    if (edition.unplanned !== undefined) {
      failures.push(`not planned ${JSON.stringify(`${edition.resourceName}/${edition.name}`)}: ${edition.unplanned}`);
      return false;
    }
    try {
      editionFolder(dir, edition.resourceName, edition.name);
      const key = heldKey(edition.resourceName, edition.name);
      const foldedKey = folded(edition.resourceName, edition.name);
      if ((planned.get(foldedKey) ?? 0) > 1)
        throw new UnsafeNameError(`edition ${JSON.stringify(key)} is planned more than once, or beside another spelling of its folder`);
      const other = held.get(foldedKey);
      if (other !== undefined && other !== key)
        throw new UnsafeNameError(`edition ${JSON.stringify(key)} would share its folder with ${JSON.stringify(other)}, which the copy holds`);
      const files = new Map<string, string>();
      for (const file of edition.files) {
        safeSegment(file.name, 'file');
        const first = files.get(foldedSegment(file.name));
        if (first === file.name) throw new UnsafeNameError(`file ${JSON.stringify(file.name)} is listed twice`);
        if (first !== undefined)
          throw new UnsafeNameError(
            `files ${JSON.stringify(first)} and ${JSON.stringify(file.name)} would be one file on a disk that folds case or Unicode forms`,
          );
        files.set(foldedSegment(file.name), file.name);
      }
      return true;
    } catch (error) {
      if (!(error instanceof UnsafeNameError)) throw error;
      failures.push(`refused ${JSON.stringify(`${edition.resourceName}/${edition.name}`)}: ${error.message}`);
      return false;
    }
  });
}

/** An edition to delete, and why. */
interface Removal {
  resourceName: string;
  name: string;
  reason: string;
}

// Private: what the copy deletes. From a position: the plan's removals the copy holds, and what an earlier
// failed run fetched ahead of the position that the plan no longer downloads. From nothing (`whole`): every
// edition the copy holds that the selection does not.
function removalsOf(
  plan: SyncPlanAnswer,
  state: MirrorState,
  downloads: readonly PlannedEdition[],
  whole: boolean,
  dir: string,
  failures: string[],
): Removal[] {
  const wanted = new Set(downloads.map((edition) => heldKey(edition.resourceName, edition.name)));
  const removals = new Map<string, Removal>();
  if (!whole) {
    for (const removal of plan.remove) {
      const key = heldKey(removal.resourceName, removal.name);
      if (state.editions[key] === undefined) continue;
      try {
        editionFolder(dir, removal.resourceName, removal.name);
        removals.set(key, removal);
      } catch (error) {
        if (!(error instanceof UnsafeNameError)) throw error;
        failures.push(`refused to delete ${JSON.stringify(key)}: ${error.message}`);
      }
    }
  }
  for (const [key, held] of Object.entries(state.editions)) {
    if (wanted.has(key) || removals.has(key) || (!whole && held.atCursor)) continue;
    removals.set(key, { resourceName: held.resourceName, name: held.name, reason: whole ? 'not selected' : 'superseded' });
  }
  return [...removals.values()].sort((a, b) => heldKey(a.resourceName, a.name).localeCompare(heldKey(b.resourceName, b.name)));
}

// Private: the files of a planned edition, with its entry in the state and its folder.
function fileJobs(edition: PlannedEdition, state: MirrorState, dir: string): FileJob[] {
  const key = heldKey(edition.resourceName, edition.name);
  // Held, but gone from the disk: fetched again (what is left is checked, not trusted).
  const known = state.editions[key];
  if (known?.complete && !holdsFiles(dir, known)) delete state.editions[key];
  const held = (state.editions[key] ??= {
    resourceName: edition.resourceName,
    name: edition.name,
    editionDate: edition.editionDate,
    files: {},
    complete: false,
    execPending: false,
    atCursor: false,
  });
  const folder = editionFolder(dir, edition.resourceName, edition.name);
  return edition.files.map((file) => ({ edition, held, folder, file }));
}

// Private: whether every file the state holds of an edition is on disk, at its size.
function holdsFiles(dir: string, held: HeldEdition): boolean {
  const folder = editionFolder(dir, held.resourceName, held.name);
  return Object.entries(held.files).every(([name, file]) => {
    const path = filePaths(folder, name).final;
    return existsSync(path) && (file.size === null || statSync(path).size === file.size);
  });
}

// Private: a file the state holds verified with the size and md5 the plan lists (never requested again).
function alreadyVerified(job: FileJob): boolean {
  const held = job.held.files[job.file.name];
  return held !== undefined && held.size === job.file.size && held.md5 === job.file.md5;
}

// Private: the plan, said before anything is done.
function describePlan(
  report: SyncReporter,
  downloads: readonly PlannedEdition[],
  removals: readonly Removal[],
  jobs: readonly FileJob[],
  pending: readonly FileJob[],
  dryRun: boolean,
): void {
  const verb = dryRun ? 'would ' : '';
  for (const edition of downloads) {
    const files = pending.filter((job) => job.edition === edition);
    const size = files.reduce((sum, job) => sum + (job.file.size ?? 0), 0);
    const kept = jobs.filter((job) => job.edition === edition).length - files.length;
    report.line(
      `${verb}download ${edition.resourceName}/${edition.name}: ${plural(files.length, 'file')}, ${formatBytes(size)}` +
        (kept > 0 ? ` (${kept} already verified)` : ''),
    );
  }
  for (const removal of removals) report.line(`${verb}remove ${removal.resourceName}/${removal.name} (${removal.reason.toLowerCase()})`);
}

// Private: deletes an edition's folder (never through a link), then its product's folder once empty.
async function removeEdition(dir: string, resourceName: string, name: string): Promise<void> {
  const folder = editionFolder(dir, resourceName, name);
  const product = join(dir, resourceName);
  if (!(await assertPlainFolder(product)) || !(await assertPlainFolder(folder))) return;
  await rm(folder, { recursive: true, force: true });
  if ((await readdir(product)).length === 0) await rmdir(product).catch(() => undefined);
}

// Private: `1 file`, `2 files`.
function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
