// Rotate a CI token: create the new one, hand it on, then delete the old one.
//   QOVERY_API_TOKEN=qov_… npx tsx examples/rotate-token.ts <old-token-id> "GitHub Actions 2026-12"
import { Qovery } from 'qovery';

const [oldTokenId, newName] = process.argv.slice(2);
if (!oldTokenId || !newName) throw new Error('usage: rotate-token.ts <old-token-id> <new-name>');

const qovery = new Qovery();
const old = (await qovery.apiTokens.list()).find((token) => token.id === oldTokenId);
if (!old) throw new Error(`No token with id ${oldTokenId}`);

// Names are unique, so the new token gets a new one; it keeps the old token's role.
const fresh = await qovery.apiTokens.create({
  name: newName,
  description: old.description ?? undefined, // the API answers null for a token without one
  roleId: old.role_id,
});

// Hand the new secret on (a secret store, a CI variable) before the old one stops working.
console.log(fresh.token);

await qovery.apiTokens.delete(old.id);
console.error(`Created ${fresh.name} (${fresh.id}); deleted ${old.name} (${old.id}).`);
