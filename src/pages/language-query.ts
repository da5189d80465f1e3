import { applyDecorators } from '@nestjs/common';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/**
 * The `uselang` field of a page's query DTO (MediaWiki's language override, issue 16), which every page accepts: the
 * global pipe refuses fields a DTO does not declare, so each validated page query declares it. The language itself
 * is read (and an unknown one ignored) before the route runs.
 */
export function LanguageParameter(): PropertyDecorator {
  return applyDecorators(IsOptional(), IsString(), MaxLength(35));
}
