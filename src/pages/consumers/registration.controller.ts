import { Body, Controller, Get, HttpStatus, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import type { Response } from 'express';
import { Right } from '../../common/auth/rights';
import type { AppRequest } from '../../common/http/app-request';
import { RateLimit } from '../../common/rate-limits/rate-limit.decorator';
import { type SignedInAuth, signedIn } from '../signed-in';
import {
  ConsumerRegistrationService,
  type Proposal,
  type Registration,
} from '../../consumers/consumer-registration.service';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { DEFAULT_RESTRICTIONS } from '../../consumers/consumer';
import { ConsumerQueryService } from '../../consumers/consumer-query.service';
import { stageName } from '../../consumers/consumer-stage';
import { GrantCatalogue } from '../../grants/grant-catalogue';
import { IdentityService } from '../../identity/identity.service';
import { validateForm } from '../form-validation';
import { t } from '../../common/messages/catalogue';
import { PageAccess } from '../page-access';
import { PageRenderer } from '../page-renderer';
import { PageException } from '../page.exception';
import { credentialsBody } from './credentials.view';
import { isConsumerKey } from './consumer-key';
import { formRefusal } from './form-refusal';
import { OneTimeCredentials } from './one-time-credentials';
import { RegistrationForm } from './registration.form';
import { type Protocol, type RegistrationState, chooserBody, registrationBody } from './registration.view';

const FIELDS = [
  'name',
  'version',
  'description',
  'email',
  'callbackUrl',
  'resources',
  'postLogoutRedirectUris',
  'backchannelLogoutUri',
  'tokenEndpointAuthMethod',
  'jwks',
  'jwksUri',
  'grants',
  'ipAddresses',
  'rsaKey',
];

/**
 * Registering consumers (MediaWiki's Special:OAuthConsumerRegistration/propose): the form posts what
 * `POST /api/consumers` takes to the same service, and the new credentials are shown once, never put in a URL.
 * Its routes come before `/consumers/:key` (see PagesModule).
 */
@Controller('consumers')
export class RegistrationController {
  constructor(
    private readonly pages: PageRenderer,
    private readonly registration: ConsumerRegistrationService,
    private readonly catalogue: GrantCatalogue,
    private readonly identity: IdentityService,
    private readonly credentials: OneTimeCredentials,
    private readonly query: ConsumerQueryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('register')
  @PageAccess({ rights: [Right.ProposeConsumer] })
  chooser(@Req() request: AppRequest, @Res() response: Response): Promise<void> {
    return this.pages.send(request, response, { title: t('consumers.register.title'), body: chooserBody() });
  }

  @Get('register/:protocol')
  @PageAccess({ rights: [Right.ProposeConsumer] })
  async form(
    @Req() request: AppRequest,
    @Res() response: Response,
    @Param('protocol') param: string,
    @Query('copy') copy?: string,
  ): Promise<void> {
    const auth = signedIn(request);
    const protocol = protocolOf(param);
    const profile = await this.identity.findProfile(auth.userId);
    const values: Partial<RegistrationForm> = {
      email: profile?.email ?? '',
      version: '1.0',
      grants: this.catalogue.hiddenGrants(),
      ipAddresses: DEFAULT_RESTRICTIONS.ipAddresses,
      oauth2IsConfidential: true,
      oauth2GrantTypes: ['authorization_code', 'refresh_token'],
      ...(copy === undefined ? {} : await this.copiedValues(auth, protocol, copy)),
    };
    return this.render(request, response, { protocol, values, errors: {} });
  }

  /**
   * The fields of one of the person's own consumers of this protocol (MediaWiki's `/copy/<key>`), to register a
   * new version of it; someone else's, another protocol's or an unknown key is not found.
   */
  private async copiedValues(auth: SignedInAuth, protocol: Protocol, key: string): Promise<Partial<RegistrationForm>> {
    const consumer = isConsumerKey(key) ? await this.query.detail(auth, key).catch(() => undefined) : undefined;
    if (
      !consumer ||
      consumer.consumer.owner.id !== auth.userId ||
      `oauth${consumer.consumer.oauthVersion}` !== protocol
    ) {
      throw new PageException(HttpStatus.NOT_FOUND, 'error.not-found');
    }
    const source = consumer.consumer;
    return {
      name: source.name,
      version: source.version,
      description: source.description,
      callbackUrl: source.callbackUrl,
      callbackIsPrefix: source.callbackIsPrefix,
      ownerOnly: source.ownerOnly,
      grants: source.grants,
      ipAddresses: source.restrictions?.ipAddresses ?? DEFAULT_RESTRICTIONS.ipAddresses,
      rsaKey: source.rsaKey ?? undefined,
      oauth2IsConfidential: source.oauth2IsConfidential ?? true,
      oauth2GrantTypes: source.oauth2GrantTypes ?? [],
      resources: source.resources ?? [],
      postLogoutRedirectUris: source.postLogoutRedirectUris ?? [],
      backchannelLogoutUri: source.backchannelLogoutUri ?? undefined,
      dpopBoundAccessTokens: source.dpopBoundAccessTokens ?? false,
      tokenEndpointAuthMethod: source.tokenEndpointAuthMethod,
      jwks: source.jwks ? JSON.stringify(source.jwks, null, 2) : undefined,
      jwksUri: source.jwksUri ?? undefined,
      requirePushedAuthorizationRequests: source.requirePushedAuthorizationRequests,
    };
  }

  @Post('register/:protocol')
  // Above PageAccess, so that its guard runs after the page's: only signed-in proposals count.
  @RateLimit('registration')
  @PageAccess({ rights: [Right.ProposeConsumer] })
  async register(
    @Req() request: AppRequest,
    @Res() response: Response,
    @Param('protocol') param: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const auth = signedIn(request);
    const protocol = protocolOf(param);
    const form = validateForm(RegistrationForm, body);
    if (!form.ok) {
      return this.render(
        request,
        response,
        { protocol, values: plainToInstance(RegistrationForm, body), errors: form.errors },
        HttpStatus.BAD_REQUEST,
      );
    }
    let registration: Registration;
    try {
      registration = await this.registration.propose(auth, proposalOf(protocol, form.value));
    } catch (error) {
      const refusal = formRefusal(error, FIELDS);
      if (!refusal) {
        throw error;
      }
      return this.render(
        request,
        response,
        { protocol, values: form.value, errors: refusal.errors, banner: refusal.banner },
        refusal.status,
      );
    }
    const { consumer } = registration;
    const id = await this.credentials.keep(auth.userId, {
      purpose: 'registered',
      consumer: {
        key: consumer.key,
        name: consumer.name,
        version: consumer.version,
        stage: stageName(consumer.stage),
      },
      key: consumer.key,
      secret: registration.secret,
      accessToken: registration.accessToken,
      accessSecret: registration.accessSecret,
      warnings: registration.warnings,
    });
    this.pages.seeOther(response, `/consumers/registered/${id}`);
  }

  /** The credentials of a registration or a secret reset, once: the id is taken from the store as it is shown. */
  @Get('registered/:id')
  @PageAccess({ rights: [Right.Read] })
  async registered(@Req() request: AppRequest, @Res() response: Response, @Param('id') id: string): Promise<void> {
    // Express answers HEAD with this GET handler: a HEAD (a link checker with the cookies) must not spend them.
    if (request.method !== 'GET') {
      throw new PageException(HttpStatus.METHOD_NOT_ALLOWED, 'error.get-only');
    }
    const credentials = await this.credentials.take(signedIn(request).userId, id);
    if (!credentials) {
      throw new PageException(HttpStatus.NOT_FOUND, 'error.not-found');
    }
    return this.pages.send(request, response, {
      title: t(
        credentials.purpose === 'registered'
          ? 'consumers.credentials.registered-title'
          : 'consumers.credentials.reset-title',
      ),
      body: credentialsBody(credentials),
    });
  }

  private render(
    request: AppRequest,
    response: Response,
    state: Omit<RegistrationState, 'csrfToken' | 'grants' | 'enabledGrantTypes'>,
    status: number = HttpStatus.OK,
  ): Promise<void> {
    return this.pages.send(request, response, {
      title: t(state.protocol === 'oauth2' ? 'consumers.register.oauth2-title' : 'consumers.register.oauth1-title'),
      status,
      body: registrationBody({
        ...state,
        csrfToken: request.auth?.session?.csrfToken ?? '',
        grants: this.catalogue.all(),
        enabledGrantTypes: this.config.oauth2.enabledGrantTypes,
      }),
    });
  }
}

function protocolOf(param: string): Protocol {
  if (param !== 'oauth1' && param !== 'oauth2') {
    throw new PageException(HttpStatus.NOT_FOUND, 'error.not-found');
  }
  return param;
}

/** What `POST /api/consumers` would receive from this form: the other protocol's fields are not sent. */
function proposalOf(protocol: Protocol, form: RegistrationForm): Proposal {
  const common = {
    name: form.name,
    version: form.version,
    description: form.description,
    email: form.email,
    callbackUrl: form.callbackUrl,
    ownerOnly: form.ownerOnly,
    grants: form.grants,
    restrictions: { ipAddresses: form.ipAddresses },
  };
  return protocol === 'oauth1'
    ? { ...common, oauthVersion: 1, callbackIsPrefix: form.callbackIsPrefix, rsaKey: form.rsaKey }
    : {
        ...common,
        oauthVersion: 2,
        oauth2IsConfidential: form.oauth2IsConfidential,
        // None ticked: the service's usual choice (client credentials for owner-only clients).
        oauth2GrantTypes: form.oauth2GrantTypes.length > 0 ? form.oauth2GrantTypes : undefined,
        resources: form.resources,
        postLogoutRedirectUris: form.postLogoutRedirectUris,
        backchannelLogoutUri: form.backchannelLogoutUri,
        dpopBoundAccessTokens: form.dpopBoundAccessTokens,
        // A public client has no credential: the method is left to its default, none.
        tokenEndpointAuthMethod: form.oauth2IsConfidential ? form.tokenEndpointAuthMethod : undefined,
        jwks: form.jwks,
        jwksUri: form.jwksUri,
        requirePushedAuthorizationRequests: form.requirePushedAuthorizationRequests,
      };
}
