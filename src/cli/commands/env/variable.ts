import type { Qovery, VariableScope } from '../../../index.js';
import { onlyMatch } from '../../../lookup.js';
import { describeNames } from '../../../resources/environments.js';
import { servicesNamed } from '../../../resources/service-kinds.js';
import type { Command } from '../../command.js';
import { type Context, flag, UsageError, type Values } from '../../context.js';
import { EXIT } from '../../exit-codes.js';
import { environmentOf } from '../../resolve.js';

const SCOPES = ['application', 'container', 'job', 'helm'] as const;

/** The variable scope the flags name: a service of the environment (one request), or the environment. */
async function variableScope(qovery: Qovery, values: Values): Promise<{ scope: VariableScope; where: string }> {
  const kinds = SCOPES.filter((kind) => values[kind] !== undefined);
  if (kinds.length > 1) throw new UsageError('give at most one of --application, --container, --job, --helm');
  const environment = await environmentOf(qovery, values);
  const [kind] = kinds;
  if (kind === undefined) return { scope: { environmentId: environment.id }, where: `environment ${environment.name}` };
  const name = values[kind] as string;
  const summaries = await qovery.services.list({ environmentId: environment.id });
  const service = onlyMatch(
    servicesNamed(summaries, { name, serviceType: kind.toUpperCase() }),
    kind,
    describeNames({ environment: environment.name, [kind]: name }),
  );
  return { scope: { [`${kind}Id`]: service.id } as unknown as VariableScope, where: `${kind} ${service.name}` };
}

type Verb = 'create' | 'update' | 'set' | 'delete';

/**
 * `env create|update|set|delete --key K [--value V] [--secret]`, at the scope the flags name. `set`
 * is the one to re-run: it creates, updates or overrides only what differs. No value is ever printed.
 */
async function variable(verb: Verb, { values, io, client }: Context): Promise<number> {
  const key = flag(values, 'key');
  const value = flag(values, 'value');
  if (!key) throw new UsageError('--key is required');
  if (verb !== 'delete' && value === undefined) throw new UsageError('--value is required');
  const qovery = client();
  const { scope, where } = await variableScope(qovery, values);
  const secret = values.secret === true;
  const kind = secret ? 'secret' : 'variable';
  if (verb === 'create') {
    await qovery.variables.create(scope, { key, value: value as string, secret });
    io.stderr(`Created ${kind} ${key} on ${where}.\n`);
  } else if (verb === 'set') {
    const { outcome } = await qovery.variables.set(scope, key, value as string, { secret });
    io.stderr(`${kind[0]?.toUpperCase()}${kind.slice(1)} ${key} on ${where}: ${outcome}.\n`);
  } else {
    const found = await qovery.variables.get(scope, key);
    if (verb === 'update') await qovery.variables.update(found.id, { key, value });
    else await qovery.variables.delete(found.id);
    io.stderr(
      `${verb === 'update' ? 'Updated' : 'Deleted'} ${found.is_secret ? 'secret' : 'variable'} ${key} on ${where}.\n`,
    );
  }
  return EXIT.ok;
}

const SUMMARY: Record<Verb, string> = {
  set: 'make a variable or secret hold a value (re-runnable)',
  create: 'create a variable or secret',
  update: 'change a variable or secret',
  delete: 'delete a variable or secret',
};

export const variableCommands: Command[] = (['set', 'create', 'update', 'delete'] as const).map((verb) => ({
  name: `env ${verb}`,
  summary: SUMMARY[verb],
  about: `Environment variables and secrets, at the environment's scope or, with a service flag, at that
service's. set makes KEY hold VALUE whatever is there (creates it, updates it, or overrides the one
inherited from the environment or project), and changes nothing when it already does: the one to
re-run in a workflow. create fails when KEY exists; update and delete find it by key. No value is
ever printed, and a secret's value is hidden from error messages.`,
  flags: [
    { name: 'key', value: 'KEY', required: true, about: 'the variable' },
    verb === 'delete'
      ? { name: 'value', value: 'VALUE', about: 'not needed: delete finds the variable by key' }
      : { name: 'value', value: 'VALUE', required: true, about: 'its value' },
    { name: 'secret', about: 'a secret: its value is never shown again' },
    { name: 'environment', value: 'NAME', required: true, about: 'the environment, by name' },
    { name: 'project', value: 'NAME', about: 'its project, when the name is in several' },
    {
      name: 'organization',
      value: 'NAME',
      about: "the organization (default: the credential's only one, or --organization-id)",
    },
    ...SCOPES.map((kind) => ({ name: kind, value: 'NAME', about: `at this ${kind}'s scope instead` })),
  ],
  run: (context: Context) => variable(verb, context),
}));
