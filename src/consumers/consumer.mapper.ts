import type { Consumer } from './consumer';
import type { ConsumerEntity } from './consumer.entity';

export function toConsumer(row: ConsumerEntity): Consumer {
  return {
    id: row.id,
    key: row.consumerKey,
    name: row.name,
    version: row.version,
    ownerId: row.ownerId,
    callbackUrl: row.callbackUrl,
    callbackIsPrefix: row.callbackIsPrefix,
    description: row.description,
    email: row.email,
    ownerOnly: row.ownerOnly,
    wiki: row.wiki,
    grants: row.grants,
    registeredAt: row.registration,
    secretKey: row.secretKey,
    rsaKey: row.rsaKey || null,
    restrictions: { ipAddresses: row.restrictions.IPAddresses },
    stage: row.stage,
    stageTimestamp: row.stageTimestamp,
    suppressed: row.deleted,
    oauthVersion: row.oauthVersion,
    oauth2GrantTypes: row.oauth2GrantTypes ?? [],
    oauth2IsConfidential: row.oauth2IsConfidential,
    configurationBased: false,
  };
}

/** The columns an edit may change; an update only applies while they still hold what the editor saw. */
export function mutableColumns(consumer: Consumer): Partial<ConsumerEntity> {
  return {
    stage: consumer.stage,
    deleted: consumer.suppressed,
    secretKey: consumer.secretKey,
    rsaKey: consumer.rsaKey,
    stageTimestamp: consumer.stageTimestamp,
  };
}
