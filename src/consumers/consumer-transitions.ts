import { ConsumerStage } from './consumer-stage';

export type AdminAction = 'approve' | 'reject' | 'disable' | 'reenable';
export const ADMIN_ACTIONS: readonly AdminAction[] = ['approve', 'reject', 'disable', 'reenable'];

export type TransitionRefusal = 'not_proposed' | 'not_approved' | 'not_disabled';

export interface StageState {
  stage: ConsumerStage;
  deleted: boolean;
}

/**
 * The admin state machine of reference §2.4, one row per action: the stages it may start from and what it
 * leaves behind. `disable` may also run from any stage when it only changes the suppression flag.
 */
const TRANSITIONS: Record<AdminAction, { from: ConsumerStage[]; to: ConsumerStage; refusal: TransitionRefusal }> = {
  approve: {
    from: [ConsumerStage.Proposed, ConsumerStage.Expired, ConsumerStage.Rejected],
    to: ConsumerStage.Approved,
    refusal: 'not_proposed',
  },
  reject: { from: [ConsumerStage.Proposed], to: ConsumerStage.Rejected, refusal: 'not_proposed' },
  disable: { from: [ConsumerStage.Approved], to: ConsumerStage.Disabled, refusal: 'not_approved' },
  reenable: { from: [ConsumerStage.Disabled], to: ConsumerStage.Approved, refusal: 'not_disabled' },
};

/** Approve and re-enable always lift suppression; reject and disable set it as asked. */
export function transition(
  current: StageState,
  action: AdminAction,
  suppress: boolean,
): StageState | TransitionRefusal {
  const rule = TRANSITIONS[action];
  const suppressionChangeOnly = action === 'disable' && current.deleted !== suppress;
  if (!rule.from.includes(current.stage) && !suppressionChangeOnly) {
    return rule.refusal;
  }
  const liftsSuppression = action === 'approve' || action === 'reenable';
  return { stage: rule.to, deleted: liftsSuppression ? false : suppress };
}

/** Owners may change their consumer only while it is proposed or approved (reference §2.3). */
export function ownerMayUpdate(stage: ConsumerStage): boolean {
  return stage === ConsumerStage.Proposed || stage === ConsumerStage.Approved;
}
