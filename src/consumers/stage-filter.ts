import { type ConsumerStage, type StageName, stageFromName } from './consumer-stage';

/** `any` means no stage filter. */
export function stageFilter(stage: StageName | 'any'): ConsumerStage[] | undefined {
  return stage === 'any' ? undefined : [stageFromName(stage)];
}
