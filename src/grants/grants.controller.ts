import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth/authorize.decorator';
import { GrantDto } from './dto/grant.dto';
import { GrantCatalogue } from './grant-catalogue';

@ApiTags('grants')
@Controller('api/grants')
export class GrantsController {
  constructor(private readonly catalogue: GrantCatalogue) {}

  @Get()
  @Public()
  @ApiOkResponse({ type: [GrantDto], description: 'Every grant an app may ask for, in a stable order' })
  list(): GrantDto[] {
    return this.catalogue.all().map((grant) => GrantDto.of(grant));
  }
}
