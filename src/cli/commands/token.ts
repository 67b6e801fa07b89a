import { hostname } from 'node:os';
import { type ApiToken, LookupError, QoveryError } from '../../index.js';
import type { Command } from '../command.js';
import { flag, UsageError } from '../context.js';
import { CREDENTIAL } from '../credentials.js';
import { EXIT } from '../exit-codes.js';
import { print, table } from '../output.js';

export const tokenCommands: Command[] = [
  {
    name: 'token',
    summary: 'create an API token; its value alone goes to stdout',
    about: `Creates an API token and prints its value alone on stdout, so it can be piped into a secret
store: qovery-sdk token --name CI | gh secret set QOVERY_TOKEN
The name, id and role go to stderr. The API shows the value this once: store it now.
Also: token list, token revoke ID|NAME.`,
    flags: [
      { name: 'name', value: 'NAME', about: 'default: qovery-sdk <host> <date>' },
      { name: 'description', value: 'TEXT', about: 'what it is for' },
      { name: 'role', value: 'ROLE', about: "a role name, for example Admin or Viewer (default: the API's choice)" },
      { name: 'json', about: 'print { id, name, role, token } instead' },
    ],
    async run({ values, io, client }) {
      const name = flag(values, 'name') ?? `qovery-sdk ${hostname()} ${new Date().toISOString().slice(0, 10)}`;
      const created = await client().apiTokens.create({
        name,
        description: flag(values, 'description'),
        role: flag(values, 'role'),
      });
      if (!created.token) {
        // Never print "undefined" into a secret store: say which token to revoke instead.
        throw new QoveryError(`The API created token ${created.id} but sent no value for it: revoke it and try again`);
      }
      const role = created.role_name ?? null;
      if (values.json) print(io, { id: created.id, name: created.name ?? name, role, token: created.token });
      else io.stdout(`${created.token}\n`);
      io.stderr(
        `Created API token "${created.name ?? name}" (${created.id}) with role ${role ?? 'chosen by the API'}.\n` +
          'Its value is shown once: store it now.\n',
      );
      return EXIT.ok;
    },
  },
  {
    name: 'token list',
    summary: "list the organization's tokens (never their values)",
    about: `Lists the organization's API tokens: name, id, role, creation date. Values are never shown
(the API never returns them after creation).`,
    flags: [{ name: 'json', about: 'print JSON instead' }],
    async run({ values, io, client }) {
      const tokens = await client().apiTokens.list();
      const rows = tokens.map((t: ApiToken) => ({
        id: t.id,
        name: t.name ?? '',
        role: t.role_name ?? '',
        created_at: t.created_at,
      }));
      if (values.json) print(io, rows);
      else
        io.stdout(
          `${table(
            ['NAME', 'ID', 'ROLE', 'CREATED'],
            rows.map((r) => [r.name, r.id, r.role, r.created_at]),
          )}\n`,
        );
      return EXIT.ok;
    },
  },
  {
    name: 'token revoke',
    argument: 'ID|NAME',
    summary: 'delete a token',
    about: `Deletes a token, by id or by name; a name that matches several tokens is an error listing them.
The token stops working at once.`,
    flags: [],
    async run({ positionals, io, client }) {
      const [wanted = ''] = positionals;
      if (new RegExp(CREDENTIAL.source).test(wanted)) {
        throw new UsageError(
          "that looks like a token's value, which the API never lists: revoke it by id or name (see token list)",
        );
      }
      const qovery = client();
      const tokens = await qovery.apiTokens.list();
      const byId = tokens.find((t) => t.id === wanted);
      const matches = byId ? [byId] : tokens.filter((t) => t.name?.toLowerCase() === wanted.trim().toLowerCase());
      const [token, other] = matches;
      if (!token || other) {
        const found = matches.map((t) => ({ id: t.id, name: t.name ?? '' }));
        throw new LookupError(
          token
            ? `${matches.length} tokens are named "${wanted}": ${found.map((t) => t.id).join(', ')}; revoke one by id`
            : `No token has the id or name "${wanted}"`,
          'token',
          found,
        );
      }
      await qovery.apiTokens.delete(token.id);
      io.stderr(`Revoked API token "${token.name ?? ''}" (${token.id}).\n`);
      return EXIT.ok;
    },
  },
];
