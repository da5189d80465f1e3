import type { AuthContext } from '../../common/auth/auth-context';
import { Right } from '../../common/auth/rights';
import { stageFromName } from '../../consumers/consumer-stage';
import { ownerMayUpdate } from '../../consumers/consumer-transitions';
import type { ConsumerDto } from '../../consumers/dto/consumer.dto';

/** Whether to offer the update form: the lifecycle service's own rules, so no link leads to a sure refusal. */
export function offersUpdate(consumer: ConsumerDto, auth: AuthContext | undefined): boolean {
  return (
    auth?.userId === consumer.owner.id &&
    auth.rights.has(Right.UpdateOwnConsumer) &&
    !consumer.configurationBased &&
    ownerMayUpdate(stageFromName(consumer.stage))
  );
}
