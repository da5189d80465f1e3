import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthContext } from '../common/auth/auth-context';
import { Authorize } from '../common/auth/authorize.decorator';
import { CurrentAuth } from '../common/auth/current-auth.decorator';
import { Right } from '../common/auth/rights';
import { ErrorBodyDto } from '../common/errors/error-body.dto';
import { SigningKeyRotation } from '../oauth2/keys/signing-key-rotation.service';
import { KidParamDto, RotateKeyDto, SigningKeyDto } from './dto/signing-key.dto';

/** The OAuth 2 / OpenID Connect signing keys for operators, as Keycloak's admin API has them; every change audited. */
@ApiTags('admin: signing keys')
@Controller('api/admin/keys')
export class AdminKeysController {
  constructor(private readonly rotation: SigningKeyRotation) {}

  @Get()
  @Authorize({ rights: [Right.ManageKeys] })
  @ApiOkResponse({ type: [SigningKeyDto], description: 'Every key, the signing key first, retired keys last' })
  list(): Promise<SigningKeyDto[]> {
    return this.rotation.listKeys();
  }

  @Post('rotate')
  @Authorize({ rights: [Right.ManageKeys] })
  @HttpCode(HttpStatus.CREATED)
  @ApiCreatedResponse({
    type: SigningKeyDto,
    description: 'A new key, published at once; it signs once OAUTH2_KEY_PUBLICATION_DELAY has passed',
  })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: 'validation_failed: an algorithm not offered' })
  rotate(@CurrentAuth() auth: AuthContext, @Body() dto: RotateKeyDto): Promise<SigningKeyDto> {
    return this.rotation.rotateKey(auth.userName, dto.alg);
  }

  @Post(':kid/retire')
  @Authorize({ rights: [Right.ManageKeys] })
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    type: SigningKeyDto,
    description: 'Signs no more at once; stays in the JWKS until the last token it signed has expired',
  })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: 'validation_failed: not a key id' })
  @ApiNotFoundResponse({ type: ErrorBodyDto, description: 'unknown_key' })
  @ApiConflictResponse({
    type: ErrorBodyDto,
    description: 'already_retired; last_signing_key (nothing else could sign: rotate first)',
  })
  retire(@CurrentAuth() auth: AuthContext, @Param() { kid }: KidParamDto): Promise<SigningKeyDto> {
    return this.rotation.retireKey(kid, auth.userName);
  }
}
