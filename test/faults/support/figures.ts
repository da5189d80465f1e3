import { appendFileSync } from 'node:fs';

/**
 * Prints a scenario's figures as one `FAULT FIGURES` JSON line, and appends it to the file FAULT_FIGURES names
 * when set: docs/reliability.md quotes a run's lines.
 */
export function report(scenario: string, figures: Record<string, unknown>): void {
  const line = JSON.stringify({ scenario, at: new Date().toISOString(), ...figures });
  process.stdout.write(`FAULT FIGURES ${line}\n`);
  if (process.env.FAULT_FIGURES) {
    appendFileSync(process.env.FAULT_FIGURES, `${line}\n`);
  }
}
