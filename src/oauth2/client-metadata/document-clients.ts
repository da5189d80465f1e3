import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { Consumer } from '../../consumers/consumer';
import { ConsumerDirectory } from '../../consumers/consumer-directory';
import { DynamicClients } from '../dynamic-registration/dynamic-clients';
import { DynamicRegistrationService } from '../dynamic-registration/dynamic-registration.service';
import { Oauth2Error } from '../oauth2-error';
import { type ClientMetadataDocument, ClientMetadataRefused } from './client-metadata-document';
import { ClientMetadataFetcher } from './client-metadata-fetcher';

/** A client known by its metadata document: its consumer, and the redirect URIs its document lists now. */
export interface DocumentClient {
  /** The https `client_id`: the document's own URL. */
  clientId: string;
  consumer: Consumer;
  redirectUris: string[];
}

const MAX_REMEMBERED = 10_000;

/**
 * Clients whose `client_id` is the https URL of their Client ID Metadata Document (draft-ietf-oauth-client-id-metadata-
 * document, issue 23 item 4), as consumers. The first authorization request of a URL registers it through the
 * dynamic registration's own path, under `DYNAMIC_REGISTRATION`; later ones find the same consumer by the URL.
 *
 * What a changed document changes (§6.2 lets the server refresh within HTTP caching): its redirect URIs are always
 * those of the document as fetched now (cached no longer than its `Cache-Control` and a day), so a client moving its
 * callback needs nothing from admins. Its grants and name stay those that were approved (or proposed): a document
 * cannot widen what its client may ask for, nor rename an app users and admins know, without a new review.
 */
@Injectable()
export class DocumentClients {
  /** URL to consumer key and back: fixed once the consumer exists, so remembered without expiry. */
  private readonly keyByUrl = new Map<string, string>();
  private readonly urlByKey = new Map<string, string | null>();
  private readonly registering = new Map<string, Promise<Consumer>>();

  constructor(
    private readonly fetcher: ClientMetadataFetcher,
    private readonly registration: DynamicRegistrationService,
    private readonly dynamicClients: DynamicClients,
    private readonly directory: ConsumerDirectory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Whether metadata documents are used at all (`client_id_metadata_document_supported`): registration is not `off`
   * (a document's client is a self-registered client) and `CLIENT_METADATA_HOSTS` names hosts to fetch from.
   */
  get supported(): boolean {
    return this.config.dynamicRegistration.mode !== 'off' && this.fetcher.supported;
  }

  /** Whether `clientId` is a metadata document URL this server would act on. */
  isDocumentClientId(clientId: string): boolean {
    return this.supported && this.fetcher.isDocumentClientId(clientId);
  }

  /**
   * The authorization endpoint's (and PAR's) lookup: the document, fetched and checked (or from the cache), and its
   * consumer, registered now if this URL was never met. Refused with `invalid_client` and the reason.
   */
  async resolve(clientId: string): Promise<DocumentClient> {
    try {
      const document = await this.fetcher.documentOf(clientId);
      const consumer = (await this.find(clientId)) ?? (await this.register(document));
      return { clientId, consumer, redirectUris: document.redirectUris };
    } catch (error) {
      // A document the fetcher or the registration rules refuse: the client is unknown here, and the reason said.
      if (error instanceof ClientMetadataRefused || error instanceof Oauth2Error) {
        throw new Oauth2Error('invalid_client', `Client metadata document refused: ${errorText(error)}`);
      }
      throw error;
    }
  }

  /** The token, revocation and PAR endpoints' lookup: the consumer of a URL met before, without fetching. */
  async find(clientId: string): Promise<Consumer | undefined> {
    if (!this.isDocumentClientId(clientId)) {
      return undefined;
    }
    let key = this.keyByUrl.get(clientId);
    if (key === undefined) {
      const id = await this.dynamicClients.consumerIdOfDocument(clientId);
      const [consumer] = id === undefined ? [] : await this.directory.findByIds([id]);
      if (!consumer) {
        return undefined;
      }
      key = consumer.key;
      remember(this.keyByUrl, clientId, key);
    }
    return this.directory.findByKey(key);
  }

  /** The `client_id` a consumer is known by to the outside (RFC 9068 §2.2): its document URL, or its key. */
  async clientIdOf(consumer: Consumer): Promise<string> {
    let url = this.urlByKey.get(consumer.key);
    if (url === undefined) {
      url = (await this.dynamicClients.documentUrlOf(consumer)) ?? null;
      remember(this.urlByKey, consumer.key, url);
    }
    return url ?? consumer.key;
  }

  /** One registration per URL per instance at a time; across instances the URL's unique hash keeps one row. */
  private register(document: ClientMetadataDocument): Promise<Consumer> {
    const url = document.clientId;
    let pending = this.registering.get(url);
    if (!pending) {
      pending = this.registration
        .registerDocumentClient(document)
        // Another instance registered the URL first: its row stands, and this request goes on with it.
        .catch(async (error: unknown) => {
          const registered = await this.find(url);
          if (!registered) {
            throw error;
          }
          return registered;
        })
        .finally(() => this.registering.delete(url));
      this.registering.set(url, pending);
    }
    return pending;
  }
}

function errorText(error: ClientMetadataRefused | Oauth2Error): string {
  return error instanceof Oauth2Error ? error.description : error.message;
}

function remember<T>(map: Map<string, T>, key: string, value: T): void {
  map.set(key, value);
  if (map.size > MAX_REMEMBERED) {
    map.delete(map.keys().next().value as string);
  }
}
