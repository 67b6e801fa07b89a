// Create a named API token for a CI pipeline. The secret is shown once: store it straight away.
//   QOVERY_API_TOKEN=qov_… npx tsx examples/create-ci-token.ts "GitHub Actions" Admin
import { ConflictError, Qovery, ValidationError } from 'qovery';

const [name = 'CI/CD Pipeline Token', role] = process.argv.slice(2);
const qovery = new Qovery();

try {
  const created = await qovery.apiTokens.create({ name, description: 'Created by examples/create-ci-token.ts', role });
  console.error(`Created token "${created.name ?? name}" (${created.id}) with role ${created.role_name ?? 'default'}.`);
  console.error('This is the only time the API shows its value: store it as a secret now.');
  console.log(created.token); // stdout carries the secret alone, ready to pipe into a secret store
} catch (error) {
  if (error instanceof ConflictError) console.error(`A token named "${name}" already exists.`);
  else if (error instanceof ValidationError)
    console.error(error.message); // e.g. an unknown role, with the choices
  else throw error;
  process.exitCode = 1;
}
