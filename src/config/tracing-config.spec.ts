import { configProblems } from '../../test/support/config-problems';
import { loadTracingConfig } from './tracing-config';

function problemsOf(env: Record<string, string>): string[] {
  return configProblems(() => loadTracingConfig(env));
}

describe('loadTracingConfig', () => {
  it('is off with no OTEL_* variable, and with only settings that name no exporter', () => {
    expect(loadTracingConfig({})).toBeUndefined();
    expect(loadTracingConfig({ OTEL_SERVICE_NAME: 'auth', OTEL_TRACES_SAMPLER: 'always_on' })).toBeUndefined();
    expect(loadTracingConfig({ OTEL_TRACES_EXPORTER: '' })).toBeUndefined();
  });

  it('is on when an exporter is named or an OTLP endpoint is set, as gatehouse unless named otherwise', () => {
    expect(loadTracingConfig({ OTEL_TRACES_EXPORTER: 'otlp' })).toEqual({ serviceName: 'gatehouse' });
    expect(loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBeDefined();
    expect(loadTracingConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://c.example/v1/traces' })).toBeDefined();
    expect(loadTracingConfig({ OTEL_TRACES_EXPORTER: 'console', OTEL_SERVICE_NAME: 'auth-eu' })).toEqual({
      serviceName: 'auth-eu',
    });
    expect(
      loadTracingConfig({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_RESOURCE_ATTRIBUTES: 'deployment=eu,service.name=auth' }),
    ).toEqual({ serviceName: undefined });
  });

  it('stays off when OTEL_SDK_DISABLED=true or the exporter is none, whatever else is set', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(loadTracingConfig({ ...endpoint, OTEL_TRACES_EXPORTER: 'otlp', OTEL_SDK_DISABLED: 'true' })).toBeUndefined();
    expect(loadTracingConfig({ ...endpoint, OTEL_TRACES_EXPORTER: 'none' })).toBeUndefined();
    expect(loadTracingConfig({ ...endpoint, OTEL_SDK_DISABLED: 'false' })).toBeDefined();
  });

  it.each([
    ['OTEL_SDK_DISABLED', 'yes'],
    ['OTEL_TRACES_EXPORTER', 'jaeger'],
    ['OTEL_TRACES_EXPORTER', 'otlp,none'],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'collector:4318'],
    ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'ftp://collector/v1/traces'],
    ['OTEL_EXPORTER_OTLP_PROTOCOL', 'http'],
    ['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'json'],
    ['OTEL_EXPORTER_OTLP_TIMEOUT', '10s'],
    ['OTEL_EXPORTER_OTLP_COMPRESSION', 'brotli'],
    ['OTEL_RESOURCE_ATTRIBUTES', 'eu'],
    ['OTEL_TRACES_SAMPLER', 'sometimes'],
    ['OTEL_TRACES_SAMPLER_ARG', '1.5'],
    ['OTEL_PROPAGATORS', 'tracecontext,xray'],
    ['OTEL_BSP_SCHEDULE_DELAY', '-1'],
    ['OTEL_BSP_MAX_QUEUE_SIZE', 'many'],
    ['OTEL_LOG_LEVEL', 'loud'],
  ])('refuses %s=%s, naming it and the value', (variable, value) => {
    const problems = problemsOf({ [variable]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(variable);
    expect(problems[0]).toContain(JSON.stringify(value));
  });

  it('never echoes the exporter headers, which carry its credentials', () => {
    const problems = problemsOf({ OTEL_EXPORTER_OTLP_HEADERS: 'api-key secret-value' });
    expect(problems[0]).toContain('OTEL_EXPORTER_OTLP_HEADERS');
    expect(problems.join()).not.toContain('secret-value');
    expect(loadTracingConfig({ OTEL_EXPORTER_OTLP_HEADERS: 'api-key=secret-value,x-team=auth' })).toBeUndefined();
  });

  it('reads only OTEL_* variables: the rest of the configuration is validated elsewhere', () => {
    expect(loadTracingConfig({ PORT: 'abc', OTEL_TRACES_EXPORTER: 'otlp' })).toBeDefined();
  });
});
