import { registerDecorator, type ValidationOptions } from 'class-validator';
import { validateCronExpression } from 'cron';
import { parseDuration } from '../duration';
import { parseThrottleLimits } from '../throttle-limits';
import { splitList } from './values';

/** The words a boolean variable may be; `readBoolean` takes the first of each pair as true. */
const BOOLEAN_WORDS = ['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'];

export function IsBooleanWord(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isBooleanWord',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `$property must be one of ${BOOLEAN_WORDS.join(', ')}`, ...options },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && BOOLEAN_WORDS.includes(value.toLowerCase()),
      },
    });
}

export function IsDuration(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isDuration',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be an ISO 8601 duration such as PT1H or P30D, or infinity', ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && parseDuration(value) !== undefined },
    });
}

/** The scheduler's own parser decides, so anything accepted here is a schedule it will run. */
export function IsCronOrOff(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCronOrOff',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: '$property must be a cron expression of 5 or 6 fields (such as */5 * * * *) or off',
        ...options,
      },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && (value === 'off' || validateCronExpression(value).valid),
      },
    });
}

export function IsThrottleLimits(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isThrottleLimits',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: '$property must be off or a comma-separated list of count/ISO 8601 duration, such as 5/PT5M,150/P2D',
        ...options,
      },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseThrottleLimits(value) !== undefined,
      },
    });
}

export function IsCommaList(allowed: readonly string[], options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCommaList',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `$property must be a comma-separated list of: ${allowed.join(', ')}`, ...options },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && splitList(value).every((item) => allowed.includes(item)),
      },
    });
}
