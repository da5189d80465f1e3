import { ApiProperty } from '@nestjs/swagger';
import { grantDescription } from '../../common/messages/grant-text';
import type { Language } from '../../common/messages/languages';
import { GRANT_RISKS, type GrantDefinition, type GrantRisk } from '../grant-definition';

/** One entry of the grant catalogue (DESIGN §11, `GET /api/grants`). */
export class GrantDto {
  @ApiProperty({ example: 'editpage', description: 'Grant name; in OAuth 2 it is the scope' })
  name!: string;

  @ApiProperty({
    example: 'page-interaction',
    description: 'Display group; "hidden" grants (basic) are held implicitly by every consumer that is not auth-only',
  })
  group!: string;

  @ApiProperty({ enum: GRANT_RISKS, example: 'low', description: 'Informational risk level shown on consent pages' })
  risk!: GrantRisk;

  @ApiProperty({
    type: [String],
    example: ['edit', 'minoredit'],
    description: 'Rights the grant carries; a caller only ever gets those its user also holds',
  })
  rights!: string[];

  @ApiProperty({ example: 'Edit existing pages', description: 'In the language of `lang`; English by default' })
  description!: string;

  static of(grant: GrantDefinition, language: Language = 'en'): GrantDto {
    return {
      name: grant.name,
      group: grant.group,
      risk: grant.risk,
      rights: [...grant.rights],
      description: grantDescription(grant.name, grant.description, language),
    };
  }
}
