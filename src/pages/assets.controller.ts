import { Controller, Get, Header, Headers, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Public } from '../common/auth/authorize.decorator';
import { buildStylesheet } from './stylesheet';
import { WEBAUTHN_SCRIPT } from './webauthn-script';

/** The stylesheet every page links to, revalidated by ETag so a new release is picked up within the hour. */
@ApiExcludeController()
@Controller('assets')
export class AssetsController {
  private readonly stylesheet = buildStylesheet();
  private readonly etag = `"${createHash('sha256').update(this.stylesheet).digest('base64url').slice(0, 22)}"`;

  @Get('gatehouse.css')
  @Public()
  @Header('Cache-Control', 'public, max-age=3600')
  stylesheetFile(@Headers('if-none-match') ifNoneMatch: string | undefined, @Res() response: Response): void {
    response.setHeader('ETag', this.etag);
    if (ifNoneMatch === this.etag) {
      response.status(304).end();
      return;
    }
    response.type('text/css').send(this.stylesheet);
  }

  /** @simplewebauthn/browser's own bundle (UMD, global `SimpleWebAuthnBrowser`), served from this origin. */
  @Get('simplewebauthn-browser.js')
  @Public()
  @Header('Cache-Control', 'public, max-age=3600')
  webauthnLibrary(@Res() response: Response): void {
    response.type('text/javascript').send(WEBAUTHN_LIBRARY);
  }

  @Get('webauthn.js')
  @Public()
  @Header('Cache-Control', 'public, max-age=3600')
  webauthnScript(@Res() response: Response): void {
    response.type('text/javascript').send(WEBAUTHN_SCRIPT);
  }

  @Get('copy.js')
  @Public()
  @Header('Cache-Control', 'public, max-age=3600')
  copyScript(@Res() response: Response): void {
    response.type('text/javascript').send(COPY_SCRIPT);
  }
}

/**
 * The only script of the pages, and an optional one: it shows the copy buttons of `secretBox` and copies on click.
 * Served from this origin because the CSP allows no inline script.
 */
const COPY_SCRIPT = `document.querySelectorAll('[data-copy]').forEach(function (button) {
  button.hidden = false;
  button.addEventListener('click', function () {
    var text = document.getElementById(button.getAttribute('data-copy')).textContent;
    navigator.clipboard.writeText(text).then(function () { button.textContent = button.getAttribute('data-copied'); });
  });
});
`;

/** Read once at start-up from the installed package (its `exports` name only the module entry, so found beside it). */
const WEBAUTHN_LIBRARY = readFileSync(
  join(dirname(require.resolve('@simplewebauthn/browser')), '..', 'dist', 'bundle', 'index.umd.min.js'),
  'utf8',
);
