// A serverless function (AWS Lambda style; Vercel and Netlify handlers look the same) that reports
// the organization's projects. The client is created once, outside the handler: warm invocations
// reuse it, with its connection pool and the organization it already looked up.
//   QOVERY_API_TOKEN=qov_… (set in the function's environment)
import { Qovery, QoveryError, RateLimitError } from 'qovery';

const qovery = new Qovery({ maxRetries: 1, timeout: 5_000 });

interface Reply {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export async function handler(): Promise<Reply> {
  try {
    const projects = await qovery.projects.list();
    return reply(200, {
      projects: projects.map((p) => ({ name: p.name, environments: p.associated_environments_count })),
      requestsLeft: qovery.rateLimit?.remaining ?? null,
    });
  } catch (error) {
    if (error instanceof RateLimitError) return reply(503, { error: 'rate limited', retryAfter: error.retryAfter });
    if (error instanceof QoveryError) return reply(502, { error: `${error.name}: ${error.message}` });
    throw error;
  }
}

function reply(statusCode: number, body: unknown): Reply {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
