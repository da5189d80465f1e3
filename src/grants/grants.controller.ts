import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth/authorize.decorator';
import { ErrorBodyDto } from '../common/errors/error-body.dto';
import { GrantDto } from './dto/grant.dto';
import { GrantsQueryDto } from './dto/grants-query.dto';
import { GrantCatalogue } from './grant-catalogue';

@ApiTags('grants')
@Controller('api/grants')
export class GrantsController {
  constructor(private readonly catalogue: GrantCatalogue) {}

  @Get()
  @Public()
  @ApiOkResponse({ type: [GrantDto], description: 'Every grant an app may ask for, in a stable order' })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: 'An unsupported lang' })
  list(@Query() { lang }: GrantsQueryDto): GrantDto[] {
    return this.catalogue.all().map((grant) => GrantDto.of(grant, lang));
  }
}
