import type { Consumer } from '../../consumers/consumer';
import { ADMIN_ACTIONS, type AdminAction, transition } from '../../consumers/consumer-transitions';

/**
 * The actions the manage form offers: those the consumers module's state machine allows from the consumer's
 * stage as it stands (its suppression unchanged). The service still decides on what is posted.
 */
export function offeredActions(consumer: Consumer): AdminAction[] {
  const current = { stage: consumer.stage, deleted: consumer.suppressed };
  return ADMIN_ACTIONS.filter((action) => !('code' in transition(current, action, current.deleted)));
}
