/**
 * The files `gradstream train` writes (`--checkpoint`, `--record`), checked before anything is written:
 * an existing file is overwritten only when it is what the option writes (a checkpoint, a recording) or
 * with `--force`; anything that is not a regular file (a device, a directory, a FIFO) is refused even then;
 * the directory is made one level at a time, so a path that cannot be made (`/proc/…`) is named at once
 * (a recursive mkdir there spins forever). Temp files left by a killed checkpoint write are removed.
 *
 * @example
 * import { checkOutputFile } from './output-files.js';
 * try {
 *   await checkOutputFile('--checkpoint', '/tmp', { kind: 'checkpoint', force: true });
 * } catch (err) {
 *   console.log((err as Error).message);
 *   // invalid option. --checkpoint must name a regular file; /tmp is a directory. Value: `/tmp`.
 * }
 */
import { mkdirSync, readdirSync, rmSync, statSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { parseTrainEvent } from '@gradstream/events';
import { UsageError } from './errors.js';

export interface OutputFile {
  /** What the option writes: an existing file of this kind may be overwritten. */
  kind: 'checkpoint' | 'recording';
  /** Overwrite an existing regular file of another kind. */
  force: boolean;
}

/** Largest file read to tell whether it is a checkpoint (one is a few KB; a data file may be gigabytes). */
const CHECKPOINT_MAX_BYTES = 16 * 1024 * 1024;
/** Bytes read for the first line of a recording (its `run` event, which may hold a sample of the data). */
const RECORDING_HEAD_BYTES = 1024 * 1024;

/** Checks `path` for `option` and makes its directory; throws a UsageError naming the option, the rule and the path. */
export async function checkOutputFile(option: string, path: string, { kind, force }: OutputFile): Promise<void> {
  const refuse = (rule: string): never => {
    throw new UsageError(`invalid option. ${option} must ${rule}. Value: \`${path}\`.`);
  };
  const stats = statOrUndefined(path);
  if (stats !== undefined) {
    if (!stats.isFile()) refuse(`name a regular file; ${path} is ${describeType(stats)}`);
    const ours = stats.size === 0 || (kind === 'checkpoint' ? await isCheckpoint(path, stats) : await isRecording(path));
    if (!ours && !force) refuse(`name a ${kind} or a new file; ${path} exists and is not a gradstream ${kind} (--force overwrites it)`);
  } else {
    makeDirectory(dirname(resolve(path)), refuse);
  }
  if (kind === 'checkpoint') removeStaleTemps(path);
}

/**
 * `train`'s output files: `--checkpoint` (or the `--resume` file it keeps writing) and `--record`.
 *
 * @example
 * // not run: it needs parsed command-line options
 * await checkTrainOutputs(options);
 */
export async function checkTrainOutputs(o: { checkpoint?: string; resume?: string; record?: string; force?: boolean }): Promise<void> {
  const force = o.force === true;
  if (o.checkpoint !== undefined) await checkOutputFile('--checkpoint', o.checkpoint, { kind: 'checkpoint', force });
  else if (o.resume !== undefined) removeStaleTemps(o.resume);
  if (o.record !== undefined) await checkOutputFile('--record', o.record, { kind: 'recording', force });
}

/** Makes `dir` and its missing parents one level at a time, naming the first that cannot be made. */
function makeDirectory(dir: string, refuse: (rule: string) => never): void {
  const missing: string[] = [];
  let at = dir;
  let stats = statOrUndefined(at);
  while (stats === undefined && dirname(at) !== at) {
    missing.unshift(at);
    at = dirname(at);
    stats = statOrUndefined(at);
  }
  if (stats !== undefined && !stats.isDirectory()) refuse(`be in a directory; ${at} is ${describeType(stats)}`);
  for (const level of missing) {
    try {
      mkdirSync(level);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') refuse(`be in a directory that exists or can be made; mkdir ${level} failed (${code})`);
    }
  }
}

/**
 * Removes `<path>.<pid>.<n>.tmp` files (the trainer's temp name for an atomic checkpoint write) whose
 * process is gone: a write killed between the temp file and its rename. A live process's are kept.
 */
function removeStaleTemps(path: string): void {
  const dir = dirname(resolve(path));
  const name = basename(path);
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.startsWith(`${name}.`)) continue;
    const m = /^\.(\d+)\.\d+\.tmp$/.exec(entry.slice(name.length));
    if (m !== null && !alive(Number(m[1]))) rmSync(join(dir, entry), { force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // another user's process
  }
}

async function isCheckpoint(path: string, stats: Stats): Promise<boolean> {
  if (stats.size > CHECKPOINT_MAX_BYTES) return false;
  const { validateCheckpoint } = await import('@gradstream/trainer');
  const text = await readHead(path, CHECKPOINT_MAX_BYTES);
  try {
    validateCheckpoint(JSON.parse(text), path);
    return true;
  } catch {
    return false;
  }
}

/** A recording starts with the `run` event of schema v1. */
async function isRecording(path: string): Promise<boolean> {
  const first = (await readHead(path, RECORDING_HEAD_BYTES)).split('\n', 1)[0];
  try {
    return parseTrainEvent(first, path).type === 'run';
  } catch {
    return false;
  }
}

async function readHead(path: string, bytes: number): Promise<string> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await file.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await file.close();
  }
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function describeType(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  return 'a regular file';
}
