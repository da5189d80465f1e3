/** MediaWiki's stage codes (reference §1.5), stored as such so the schema stays recognisable. */
export enum ConsumerStage {
  Proposed = 0,
  Approved = 1,
  Rejected = 2,
  Expired = 3,
  Disabled = 4,
  /** Only on the database row that reserves the id of a `STATIC_APPS_FILE` app; never listed or used. */
  Configuration = 5,
}

export const STAGE_NAMES = ['proposed', 'approved', 'rejected', 'expired', 'disabled'] as const;
export type StageName = (typeof STAGE_NAMES)[number];

/** Placeholder rows never reach a viewer (the directory hides them), so they have no public name. */
export function stageName(stage: ConsumerStage): StageName {
  return STAGE_NAMES[stage as Exclude<ConsumerStage, ConsumerStage.Configuration>];
}

export function stageFromName(name: StageName): ConsumerStage {
  return STAGE_NAMES.indexOf(name);
}
