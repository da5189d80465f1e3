import { All, Controller, Get, Req, Res } from '@nestjs/common';
import {
  ApiExcludeEndpoint,
  ApiForbiddenResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ProtocolDoor } from '../common/auth/authorize.decorator';
import type { AppRequest } from '../common/http/app-request';
import { GatewayDecisionDto } from './gateway-decision.dto';
import { type GatewayDecision, GatewayDecisionService } from './gateway-decision.service';

const VERIFY_PATH = '/gateway/verify';

/** The decision endpoint on the main port; the same decision is served on GATEWAY_PORT by `GatewayListener`. */
@ApiTags('gateway')
@Controller('gateway')
export class GatewayController {
  constructor(private readonly decisions: GatewayDecisionService) {}

  @Get('verify')
  @ProtocolDoor('gateway')
  @ApiOperation({
    summary: 'Forward-auth decision for nginx auth_request, Envoy ext_authz, Traefik ForwardAuth, Kong',
    description:
      'Send the client’s Authorization header and the original request as X-Forwarded-Method/Proto/Host/Uri ' +
      '(or X-Original-Method + X-Original-URI). 200 carries X-Auth-User, X-Auth-User-Id, X-Auth-Consumer, ' +
      "X-Auth-Grants, X-Auth-Rights, X-Auth-Protocol and X-Auth-Audience (an OAuth 2 token's aud). A token is " +
      'accepted only where its audience is (RFC 8707): at the resource named by ?resource= or by the ' +
      'PROTECTED_RESOURCES entry covering the original URL; refusals there carry resource_metadata (RFC 9728 §5.1).',
  })
  @ApiHeader({ name: 'X-Gateway-Key', required: false, description: 'Required when GATEWAY_KEYS is set' })
  @ApiHeader({
    name: 'DPoP',
    required: false,
    description: "The client's DPoP proof (RFC 9449 §7.1), with Authorization: DPoP for a DPoP-bound token",
  })
  @ApiQuery({ name: 'grant', required: false, description: 'Comma-separated grants the credential must all hold' })
  @ApiQuery({ name: 'right', required: false, description: 'A right the credential must carry' })
  @ApiQuery({
    name: 'resource',
    required: false,
    description: 'The resource (RFC 8707) this gateway guards; an OAuth 2 token must have it as its audience',
  })
  @ApiOkResponse({ type: GatewayDecisionDto, description: 'Allowed; identity in the X-Auth-* headers' })
  @ApiUnauthorizedResponse({ type: GatewayDecisionDto, description: 'Missing, bad, expired or revoked credential' })
  @ApiForbiddenResponse({
    type: GatewayDecisionDto,
    description: 'Valid, but lacks a grant/right or breaks a restriction',
  })
  @ApiServiceUnavailableResponse({
    type: GatewayDecisionDto,
    description: 'An OAuth 1 nonce or a DPoP proof could not be checked for replay just now; see Retry-After',
  })
  verify(@Req() request: AppRequest, @Res() response: Response): Promise<void> {
    return this.answer(request, response);
  }

  /**
   * Gateways may forward the original method as is (auth_request keeps it), and Envoy appends the original path;
   * OpenAPI cannot list every method.
   */
  @All(['verify', 'verify/*path'])
  @ProtocolDoor('gateway')
  @ApiExcludeEndpoint()
  verifyAnyMethod(@Req() request: AppRequest, @Res() response: Response): Promise<void> {
    return this.answer(request, response);
  }

  private async answer(request: AppRequest, response: Response): Promise<void> {
    const decision = await this.decisions.decide({
      method: request.method,
      headers: request.headers,
      suffix: request.originalUrl.slice(request.originalUrl.indexOf('/gateway/verify') + VERIFY_PATH.length),
      clientIp: request.ip ?? '',
    });
    send(response, decision);
  }
}

function send(response: Response, decision: GatewayDecision): void {
  response.status(decision.status).set(decision.headers).json(decision.body);
}
