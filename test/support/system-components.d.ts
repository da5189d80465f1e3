export interface SystemComponent {
  name: string;
  packages: string[];
  present: () => boolean;
  tests: string;
}
export const COMPONENTS: SystemComponent[];
export function missingComponents(): SystemComponent[];
export function installMissing(): SystemComponent[];
export function skippedLine(missing: SystemComponent[]): string;
