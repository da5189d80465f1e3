import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from './config/app-config';
import { SESSION_COOKIE } from './identity/session-cookie';

/** The OpenAPI console at `/docs` and the document at `/docs-json`. */
export function setupSwagger(app: INestApplication, config: AppConfig): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Gatehouse')
      .setDescription(
        'Central OAuth 1.0a + OAuth 2.0 provider. Management calls authenticate with the session cookie from ' +
          '`POST /api/auth/login` and send its `csrfToken` as `X-CSRF-Token` on unsafe methods. ' +
          'OAuth callers send an OAuth 2 bearer token or an OAuth 1.0a signature instead and act with the rights ' +
          'of their grants. Errors are `{ code, message, requestId }`; the OAuth 2 protocol endpoints answer ' +
          'RFC 6749 §5.2 `{ error, error_description }`.',
      )
      .setVersion('0.1.0')
      .addServer(config.http.publicUrl)
      .addCookieAuth(SESSION_COOKIE, { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE }, 'session')
      .addBasicAuth({ type: 'http', scheme: 'basic', description: 'OAuth 2 client id and secret' }, 'client')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
      .addBearerAuth(
        { type: 'http', scheme: 'bearer', description: 'RFC 7591 §3 initial access token, issued by an admin' },
        'initial-access-token',
      )
      .addBearerAuth(
        { type: 'http', scheme: 'bearer', description: 'RFC 7592 §3 registration access token of the client' },
        'registration-access-token',
      )
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
}
