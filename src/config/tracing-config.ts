import { IsIn, IsOptional, IsUrl, Matches, MinLength, registerDecorator, validateSync } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { ConfigError } from './config.error';

type Env = Record<string, string | undefined>;

/** The exporters, samplers and propagators the OpenTelemetry Node SDK builds from the environment by itself. */
const TRACES_EXPORTERS = ['otlp', 'console', 'zipkin', 'none'];
const OTLP_PROTOCOLS = ['http/protobuf', 'http/json', 'grpc'];
const SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
];
const PROPAGATORS = ['tracecontext', 'baggage', 'b3', 'b3multi', 'jaeger', 'none'];
const LOG_LEVELS = ['NONE', 'ERROR', 'WARN', 'INFO', 'DEBUG', 'VERBOSE', 'ALL'];
const WHOLE_NUMBER = /^\d+$/;
/** `key=value,key=value` (OpenTelemetry specification, "Specifying headers via environment variables"). */
const KEY_VALUE_LIST = /^\s*[^=,\s]+\s*=[^,]*(,\s*[^=,\s]+\s*=[^,]*)*$/;
/** Their values hold an exporter's credentials (an API key header): never echoed in a message. */
const SENSITIVE = new Set(['OTEL_EXPORTER_OTLP_HEADERS', 'OTEL_EXPORTER_OTLP_TRACES_HEADERS']);
const OTLP_URL = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

function IsListOf(allowed: readonly string[]): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isListOf',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `$property must be a comma-separated list of: ${allowed.join(', ')}` },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && listOf(value).every((item) => allowed.includes(item)),
      },
    });
}

function IsRatio(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isRatio',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be a number from 0 to 1 (the share of traces sampled)' },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && /^\d*\.?\d+$/.test(value) && Number(value) >= 0 && Number(value) <= 1,
      },
    });
}

/**
 * The standard `OTEL_*` variables the tracing reads (OpenTelemetry specification, "Environment Variable
 * Specification"), checked before the SDK sees them: the SDK itself only logs a warning and falls back on a bad value,
 * so a typo would silently trace nothing, or everything.
 */
class TracingEnvSchema {
  @IsOptional()
  @IsIn(['true', 'false'], { message: '$property must be true or false' })
  OTEL_SDK_DISABLED?: string;

  @IsOptional()
  @IsListOf(TRACES_EXPORTERS)
  OTEL_TRACES_EXPORTER?: string;

  @IsOptional()
  @IsUrl(OTLP_URL, { message: '$property must be an http(s) URL' })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  @IsOptional()
  @IsUrl(OTLP_URL, { message: '$property must be an http(s) URL' })
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string;

  @IsOptional()
  @IsIn(OTLP_PROTOCOLS)
  OTEL_EXPORTER_OTLP_PROTOCOL?: string;

  @IsOptional()
  @IsIn(OTLP_PROTOCOLS)
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL?: string;

  @IsOptional()
  @Matches(KEY_VALUE_LIST, { message: '$property must be a comma-separated list of name=value' })
  OTEL_EXPORTER_OTLP_HEADERS?: string;

  @IsOptional()
  @Matches(KEY_VALUE_LIST, { message: '$property must be a comma-separated list of name=value' })
  OTEL_EXPORTER_OTLP_TRACES_HEADERS?: string;

  @IsOptional()
  @Matches(WHOLE_NUMBER, { message: '$property must be a whole number of milliseconds' })
  OTEL_EXPORTER_OTLP_TIMEOUT?: string;

  @IsOptional()
  @Matches(WHOLE_NUMBER, { message: '$property must be a whole number of milliseconds' })
  OTEL_EXPORTER_OTLP_TRACES_TIMEOUT?: string;

  @IsOptional()
  @IsIn(['gzip', 'none'])
  OTEL_EXPORTER_OTLP_COMPRESSION?: string;

  @IsOptional()
  @IsIn(['gzip', 'none'])
  OTEL_EXPORTER_OTLP_TRACES_COMPRESSION?: string;

  @IsOptional()
  @MinLength(1)
  OTEL_SERVICE_NAME?: string;

  @IsOptional()
  @Matches(KEY_VALUE_LIST, { message: '$property must be a comma-separated list of name=value' })
  OTEL_RESOURCE_ATTRIBUTES?: string;

  @IsOptional()
  @IsIn(SAMPLERS)
  OTEL_TRACES_SAMPLER?: string;

  @IsOptional()
  @IsRatio()
  OTEL_TRACES_SAMPLER_ARG?: string;

  @IsOptional()
  @IsListOf(PROPAGATORS)
  OTEL_PROPAGATORS?: string;

  @IsOptional()
  @Matches(WHOLE_NUMBER, { message: '$property must be a whole number of milliseconds' })
  OTEL_BSP_SCHEDULE_DELAY?: string;

  @IsOptional()
  @Matches(WHOLE_NUMBER, { message: '$property must be a whole number of milliseconds' })
  OTEL_BSP_EXPORT_TIMEOUT?: string;

  @IsOptional()
  @Matches(WHOLE_NUMBER, { message: '$property must be a whole number of spans' })
  OTEL_BSP_MAX_QUEUE_SIZE?: string;

  @IsOptional()
  @Matches(WHOLE_NUMBER, { message: '$property must be a whole number of spans' })
  OTEL_BSP_MAX_EXPORT_BATCH_SIZE?: string;

  @IsOptional()
  @IsIn(LOG_LEVELS, { message: `$property must be one of ${LOG_LEVELS.join(', ')}` })
  OTEL_LOG_LEVEL?: string;
}

/** What starting the tracing needs beyond what the SDK reads from the environment itself. */
export interface TracingConfig {
  /** `OTEL_SERVICE_NAME`, else `gatehouse`; undefined when `OTEL_RESOURCE_ATTRIBUTES` names the service. */
  serviceName: string | undefined;
}

/**
 * Validates the `OTEL_*` variables (a bad one throws a `ConfigError` naming it) and answers whether to trace.
 * Tracing is off unless asked for: by `OTEL_TRACES_EXPORTER` naming an exporter, or by an OTLP endpoint (the exporter
 * then defaults to `otlp`, as the specification says). `OTEL_SDK_DISABLED=true` and `OTEL_TRACES_EXPORTER=none` keep
 * it off whatever else is set. Off, the service loads no part of the SDK.
 */
export function loadTracingConfig(rawEnv: Env): TracingConfig | undefined {
  const env = Object.fromEntries(Object.entries(rawEnv).filter(([name, value]) => name.startsWith('OTEL_') && value));
  const problems = validateSync(plainToInstance(TracingEnvSchema, env)).map((violation) => {
    const value = env[violation.property];
    const shown = SENSITIVE.has(violation.property) ? '' : ` (got ${JSON.stringify(value)})`;
    return `${Object.values(violation.constraints ?? {}).join('; ')}${shown}`;
  });
  const exporters = listOf(env.OTEL_TRACES_EXPORTER ?? '');
  if (exporters.includes('none') && exporters.length > 1) {
    problems.push(
      `OTEL_TRACES_EXPORTER must be none alone, or name exporters without none (got ${JSON.stringify(env.OTEL_TRACES_EXPORTER)})`,
    );
  }
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  const asked =
    exporters.length > 0 ||
    env.OTEL_EXPORTER_OTLP_ENDPOINT !== undefined ||
    env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT !== undefined;
  if (env.OTEL_SDK_DISABLED === 'true' || exporters.includes('none') || !asked) {
    return undefined;
  }
  const namedByAttributes = /(^|,)\s*service\.name\s*=/.test(env.OTEL_RESOURCE_ATTRIBUTES ?? '');
  return { serviceName: env.OTEL_SERVICE_NAME ?? (namedByAttributes ? undefined : 'gatehouse') };
}

export function loadTracingConfigFromEnvironment(): TracingConfig | undefined {
  return loadTracingConfig(process.env);
}

function listOf(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
