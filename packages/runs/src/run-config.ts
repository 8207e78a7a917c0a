/**
 * A run's `config.json`: its `JobConfig`, written once (atomically: temp file, then rename) before its
 * first event, so a directory of runs can say what each run was without reading its events.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { jobConfig, sameConfig, type JobConfig } from './job.js';
import { runFile } from './run-files.js';

/** The run's config, or undefined when it has none or an unreadable one. */
export function readJobConfig(runDir: string): JobConfig | undefined {
  try {
    return jobConfig(JSON.parse(readFileSync(runFile(runDir, 'config'), 'utf8')) as Partial<JobConfig>);
  } catch {
    return undefined;
  }
}

/** Writes `config` as the run's config, or checks that the one there is the same (a directory records one run). */
export function writeJobConfig(runDir: string, config: JobConfig): void {
  const path = runFile(runDir, 'config');
  let text: string | undefined;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    text = undefined;
  }
  if (text === undefined) {
    writeFileSync(`${path}.${process.pid}.tmp`, `${JSON.stringify(config, null, 2)}\n`);
    renameSync(`${path}.${process.pid}.tmp`, path);
    return;
  }
  const existing = readJobConfig(runDir);
  if (!existing || !sameConfig(existing, config)) {
    throw new Error(`run ${runDir} records another run: its ${path} is ${text.replace(/\s+/g, ' ').trim()}, not ${JSON.stringify(config)}.`);
  }
}
