import { createHmac } from 'node:crypto';

export interface WebhookTarget {
  url: string;
  secret: string;
}

export interface WebhookDelivery {
  id: number;
  event: string;
  body: string;
}

export type DeliveryOutcome = { delivered: true } | { delivered: false; error: string };

/** `sha256=<hex HMAC-SHA256 of the exact body>`, the value of `X-Gatehouse-Signature`. */
export function signatureOf(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * POSTs one delivery. Only a 2xx answer counts; redirects are not followed (the signed body goes to the
 * configured URL or nowhere). Never throws: failures come back as a short description without the URL, the
 * body or the secret, fit for the `last_error` column and the log.
 */
export function postWebhook(
  target: WebhookTarget,
  delivery: WebhookDelivery,
  timeoutMs: number,
): Promise<DeliveryOutcome> {
  return postDelivery(
    target.url,
    {
      headers: {
        'Content-Type': 'application/json',
        'X-Gatehouse-Event': delivery.event,
        'X-Gatehouse-Delivery': String(delivery.id),
        'X-Gatehouse-Signature': signatureOf(delivery.body, target.secret),
      },
      body: delivery.body,
    },
    timeoutMs,
    (status) => status >= 200 && status < 300,
  );
}

/**
 * One POST of an outbox delivery (a webhook, an outbox channel's message), as `accepts` judges the answer's status.
 * Redirects are not followed; never throws: a failure is a short description without the URL or the body.
 */
export async function postDelivery(
  url: string,
  request: { headers: Record<string, string>; body: string },
  timeoutMs: number,
  accepts: (status: number) => boolean,
): Promise<DeliveryOutcome> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    // The answer's body is of no use; dropping it frees the connection.
    await response.body?.cancel();
    return accepts(response.status) ? { delivered: true } : { delivered: false, error: `HTTP ${response.status}` };
  } catch (error) {
    return { delivered: false, error: describeFailure(error, timeoutMs) };
  }
}

/** Error codes and names only: fetch's messages may quote the URL, which can carry credentials. */
function describeFailure(error: unknown, timeoutMs: number): string {
  if (!(error instanceof Error)) {
    return 'request failed';
  }
  if (error.name === 'TimeoutError') {
    return `no answer within ${timeoutMs} ms`;
  }
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? `network error ${code}` : `request failed (${error.name})`;
}
