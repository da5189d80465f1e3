import { ConsumerStage } from './consumer-stage';

export type AdminAction = 'approve' | 'reject' | 'disable' | 'reenable';
export const ADMIN_ACTIONS: readonly AdminAction[] = ['approve', 'reject', 'disable', 'reenable'];

export interface TransitionRefusal {
  code: 'not_proposed' | 'not_approved' | 'not_disabled';
  message: string;
}

const NOT_PROPOSED: TransitionRefusal = { code: 'not_proposed', message: 'The consumer is not currently proposed' };
const NOT_APPROVED: TransitionRefusal = { code: 'not_approved', message: 'The consumer is not currently approved' };
const NOT_DISABLED: TransitionRefusal = { code: 'not_disabled', message: 'The consumer is not currently disabled' };

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
    refusal: NOT_PROPOSED,
  },
  reject: { from: [ConsumerStage.Proposed], to: ConsumerStage.Rejected, refusal: NOT_PROPOSED },
  disable: { from: [ConsumerStage.Approved], to: ConsumerStage.Disabled, refusal: NOT_APPROVED },
  reenable: { from: [ConsumerStage.Disabled], to: ConsumerStage.Approved, refusal: NOT_DISABLED },
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
