import * as core from '@actions/core';
import { collectAndStore, type EngineDeps, type RunReport } from './engine.js';
import { UserError, errorMessage } from './errors.js';
import { sourceInputs } from './action-spec.js';
import { Inputs, parseInputs } from './inputs.js';
import { onTermination, rowsWritten, runFailure } from './lifecycle.js';
import type { Logger } from './log.js';
import { redact, registerSecret } from './redact.js';
import { SOURCES } from './sources/index.js';
import { renderSummary } from './summary.js';

/** The Actions log: groups, and an error annotation per failed KPI. */
const actionsLogger: Logger = {
  info: (m) => core.info(redact(m)),
  warning: (m) => core.warning(redact(m)),
  error: (m) => core.error(redact(m)),
  group: (name, fn) => core.group(name, fn),
};

/** The action: read inputs → collect → write → outputs and summary. Never throws. */
export async function run(deps: Partial<EngineDeps> = {}): Promise<void> {
  const sources = deps.sources ?? SOURCES;
  // Mask every secret input of every source before anything else can log.
  const secret = new Map(
    sourceInputs(sources)
      .filter((i) => i.secret)
      .map((i) => [i.name, i]),
  );
  const getInput = (name: string): string => {
    const value = core.getInput(name);
    const input = secret.get(name);
    if (value && input) {
      for (const part of [value, ...(input.secretParts?.(value) ?? [])]) {
        core.setSecret(part);
        for (const form of registerSecret(part)) core.setSecret(form);
      }
    }
    return value;
  };
  for (const name of secret.keys()) getInput(name);
  const stop = deps.signal ? undefined : onTermination();
  let report: RunReport;
  try {
    const options = parseInputs(getInput, { sources });
    report = await collectAndStore(options, {
      sources,
      mode: 'action',
      log: actionsLogger,
      signal: stop?.signal,
      ...deps,
    });
  } catch (e) {
    core.setFailed(redact(e instanceof UserError ? e.message : `kpi-collector: ${errorMessage(e)}`));
    return;
  } finally {
    stop?.dispose();
  }
  core.setOutput('rows', String(rowsWritten(report)));
  core.setOutput('objects', report.writes.map((w) => w.location).join('\n'));
  core.setOutput('failed-kpis', report.failed.join(','));
  core.setOutput('saved-dir', report.savedDir ?? '');
  try {
    await core.summary.addRaw(redact(renderSummary(report))).write();
  } catch (e) {
    core.warning(`job summary not written: ${errorMessage(e)}`);
  }
  const failure = runFailure(report);
  if (failure) core.setFailed(redact(failure));
  else core.info(`${Inputs.Source} ${report.source}: ${report.rows.length} row(s) collected`);
}
