import { InitialSchema1795600000000 } from './1795600000000-InitialSchema';
import { ConsumerChangeCounter1795610000000 } from './1795610000000-ConsumerChangeCounter';
import { AccessTokenFamilies1795620000000 } from './1795620000000-AccessTokenFamilies';
import { SerializedCallbackUrls1795633000000 } from './1795633000000-SerializedCallbackUrls';
import { UserNameSkeletons1795635000000 } from './1795635000000-UserNameSkeletons';
import { RetentionLeases1796558000000 } from './1796558000000-RetentionLeases';
import { OidcLogins1796600000000 } from './1796600000000-OidcLogins';
import { OidcLogoutUris1796610000000 } from './1796610000000-OidcLogoutUris';
import { OutboxChannels1796620000000 } from './1796620000000-OutboxChannels';
import { DpopBinding1796640000000 } from './1796640000000-DpopBinding';
import { ClientKeysAndPar1796650000000 } from './1796650000000-ClientKeysAndPar';
import { PasswordLifecycle1796670000000 } from './1796670000000-PasswordLifecycle';
import { SecondFactors1796680000000 } from './1796680000000-SecondFactors';
import { WebauthnCredentials1796690000000 } from './1796690000000-WebauthnCredentials';
import { UserPreferences1796700000000 } from './1796700000000-UserPreferences';
import { SigningKeys1796710000000 } from './1796710000000-SigningKeys';
import { ExternalIdentities1796730000000 } from './1796730000000-ExternalIdentities';
import { ResourceIndicators1796750000000 } from './1796750000000-ResourceIndicators';
import { DynamicRegistration1796760000000 } from './1796760000000-DynamicRegistration';
import { ClientIdMetadataDocuments1796770000000 } from './1796770000000-ClientIdMetadataDocuments';
import { UpstreamIssuers1796790000000 } from './1796790000000-UpstreamIssuers';
import { UnusedRefreshTokenIndex1796800000000 } from './1796800000000-UnusedRefreshTokenIndex';
import { CodeRedemptions1796810000000 } from './1796810000000-CodeRedemptions';

/** Every migration in order; listed explicitly so the same list serves the service, the CLI and the tests. */
export const MIGRATIONS = [
  InitialSchema1795600000000,
  ConsumerChangeCounter1795610000000,
  AccessTokenFamilies1795620000000,
  SerializedCallbackUrls1795633000000,
  UserNameSkeletons1795635000000,
  RetentionLeases1796558000000,
  OidcLogins1796600000000,
  OidcLogoutUris1796610000000,
  OutboxChannels1796620000000,
  DpopBinding1796640000000,
  ClientKeysAndPar1796650000000,
  PasswordLifecycle1796670000000,
  SecondFactors1796680000000,
  WebauthnCredentials1796690000000,
  UserPreferences1796700000000,
  SigningKeys1796710000000,
  ExternalIdentities1796730000000,
  ResourceIndicators1796750000000,
  DynamicRegistration1796760000000,
  ClientIdMetadataDocuments1796770000000,
  UpstreamIssuers1796790000000,
  UnusedRefreshTokenIndex1796800000000,
  CodeRedemptions1796810000000,
];
