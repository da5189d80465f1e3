// The scenarios measured as the tables grow (a subset of bench/run.mjs's: the paths that read or write the token
// tables, and the baseline as a yardstick of the machine).

/** @returns the scenarios for one server, given its ports and the credentials made by setup */
export function largeScenarios({ mainPort, gatewayPort, credentials }) {
  const main = `http://127.0.0.1:${mainPort}`;
  const gateway = `http://127.0.0.1:${gatewayPort}`;
  const bearerHeaders = {
    Authorization: `Bearer ${credentials.bearer}`,
    'X-Original-URI': '/x',
    'X-Original-Method': 'GET',
  };
  const basic = ({ id, secret }) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
  const form = 'application/x-www-form-urlencoded';
  const introspection = {
    method: 'POST',
    headers: { Authorization: basic(credentials.introspector), 'Content-Type': form },
    body: `token=${credentials.bearer}`,
    check: (answer) => answer.status === 200 && JSON.parse(answer.text).active === true,
  };
  const clientCredentials = {
    method: 'POST',
    headers: { Authorization: basic(credentials.client), 'Content-Type': form },
    body: 'grant_type=client_credentials',
    check: (answer) => answer.status === 200 && typeof JSON.parse(answer.text).access_token === 'string',
  };
  const bearerCheck = (answer) => answer.status === 200 && answer.headers.get('x-auth-user') === credentials.userName;
  return [
    {
      id: 'baseline',
      title: 'baseline: bare Nest route GET /healthz (main port)',
      url: `${main}/healthz`,
      check: (answer) => answer.status === 200,
    },
    {
      id: 'bearer-main',
      title: '/gateway/verify, bearer token, main port',
      url: `${main}/gateway/verify`,
      headers: bearerHeaders,
      check: bearerCheck,
    },
    {
      id: 'bearer-gw',
      title: '/gateway/verify, bearer token, dedicated listener',
      url: `${gateway}/gateway/verify`,
      headers: bearerHeaders,
      check: bearerCheck,
    },
    {
      id: 'introspect-main',
      title: 'POST /oauth2/introspect, main port',
      url: `${main}/oauth2/introspect`,
      ...introspection,
    },
    {
      id: 'introspect-gw',
      title: 'POST /oauth2/introspect, dedicated listener',
      url: `${gateway}/oauth2/introspect`,
      ...introspection,
    },
    {
      id: 'cc-issue',
      title: 'POST /oauth2/token client_credentials (RS256), main port',
      url: `${main}/oauth2/token`,
      ...clientCredentials,
    },
    {
      id: 'cc-issue-gw',
      title: 'POST /oauth2/token client_credentials (RS256), dedicated listener',
      url: `${gateway}/oauth2/token`,
      ...clientCredentials,
    },
  ];
}
