/** MediaWiki's stage codes (reference §1.5), stored as such so the schema stays recognisable. */
export enum ConsumerStage {
  Proposed = 0,
  Approved = 1,
  Rejected = 2,
  Expired = 3,
  Disabled = 4,
}

export const STAGE_NAMES = ['proposed', 'approved', 'rejected', 'expired', 'disabled'] as const;
export type StageName = (typeof STAGE_NAMES)[number];

export function stageName(stage: ConsumerStage): StageName {
  return STAGE_NAMES[stage];
}

export function stageFromName(name: StageName): ConsumerStage {
  return STAGE_NAMES.indexOf(name);
}
