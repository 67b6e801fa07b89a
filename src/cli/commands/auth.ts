import type { Command } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { print } from '../output.js';

export const authCommands: Command[] = [
  {
    name: 'auth',
    summary: 'check the credentials: who, where, which scheme, rate limit left',
    about: `Checks the credentials and prints the organization(s) they see, the scheme used
(Token for API tokens, Bearer for JWTs) and the rate limit left. Exit 0 when valid.`,
    flags: [{ name: 'json', about: 'print JSON instead' }],
    async run({ values, io, client }) {
      const qovery = client();
      const organizations = await qovery.organization.list();
      const limit = qovery.rateLimit;
      const report = {
        scheme: qovery.authScheme,
        baseUrl: qovery.baseUrl,
        organizations: organizations.map(({ id, name }) => ({ id, name })),
        rateLimit: limit
          ? { limit: limit.limit, remaining: limit.remaining, resetAt: limit.resetAt.toISOString() }
          : null,
      };
      if (values.json) {
        print(io, report);
        return EXIT.ok;
      }
      io.stdout(
        `${[
          `Authenticated against ${qovery.baseUrl} (Authorization: ${qovery.authScheme} …).`,
          ...organizations.map((o) => `Organization: ${o.name} (${o.id})`),
          limit
            ? `Rate limit: ${limit.remaining}/${limit.limit} requests left until ${limit.resetAt.toISOString()}`
            : 'Rate limit: not reported',
        ].join('\n')}\n`,
      );
      return EXIT.ok;
    },
  },
];
