import { isResourceIndicator } from '../../config/protected-resources';
import { ConsumerErrorCode, ConsumerException } from '../consumer.exception';

/** A client talks to a handful of resource servers; a long list is not something a reviewer can judge. */
const MAX_RESOURCES = 20;

/**
 * The resources an OAuth 2 consumer may ask tokens for (RFC 8707 §2): absolute URIs without fragment, each once.
 * Reviewed with the rest of the proposal, so a client reaches no resource server an admin did not see.
 */
export function checkResources(resources: string[] | undefined, oauthVersion: 1 | 2): string[] {
  if (resources === undefined || resources.length === 0) {
    return [];
  }
  const refuse = (message: string) => new ConsumerException(ConsumerErrorCode.InvalidField, message);
  if (oauthVersion !== 2) {
    throw refuse('resources are for OAuth 2 consumers only');
  }
  const unique = [...new Set(resources)];
  if (unique.length > MAX_RESOURCES) {
    throw refuse(`resources may list at most ${MAX_RESOURCES} resource servers`);
  }
  const bad = unique.find((resource) => !isResourceIndicator(resource));
  if (bad !== undefined) {
    throw refuse(`Each resource must be an absolute URI without fragment (RFC 8707 §2): ${JSON.stringify(bad)}`);
  }
  return unique;
}
