import { Expose, Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { lines, optionalText, ticked } from '../form-transforms';

/** The owner's update form, with the rules of the JSON API's `UpdateConsumerDto`. */
export class UpdateForm {
  @Expose()
  @Transform(lines)
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  ipAddresses!: string[];

  /** Empty removes the registered key (OAuth 1). */
  @Transform(optionalText)
  @IsOptional()
  @IsString()
  @MaxLength(16000)
  rsaKey?: string;

  @Expose()
  @Transform(ticked)
  @IsBoolean()
  resetSecret!: boolean;

  @Transform(optionalText)
  @IsOptional()
  @IsString()
  @MaxLength(255)
  reason?: string;

  /** The consumer's change token when the form was shown (its ETag), sent back as If-Match. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  changeToken?: string;
}
