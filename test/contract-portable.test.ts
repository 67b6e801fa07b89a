/**
 * `qovery/openapi.yaml` is shipped for users' own codegen, linters and mock servers: it must load
 * with common tools at their default settings, so it has no YAML anchors or aliases (the `yaml`
 * package refuses a file with many of them), and it must be a valid OpenAPI document.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import jsYaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { isAlias, isNode, parse, parseDocument, visit } from 'yaml';

const FILE = fileURLToPath(new URL('../openapi.yaml', import.meta.url));
const text = readFileSync(FILE, 'utf8');

describe('openapi.yaml loads with common tools at their defaults', () => {
  it('has no YAML anchor or alias', () => {
    const doc = parseDocument(text);
    let found = 0;
    visit(doc, (_key, node) => {
      if (isAlias(node) || (isNode(node) && node.anchor)) found++;
    });
    expect(found).toBe(0);
  });

  it('parses with the yaml package and with js-yaml, both at their defaults, to the same document', () => {
    const withYaml = parse(text);
    const withJsYaml = jsYaml.load(text);
    expect(withYaml).toEqual(withJsYaml);
    expect(Object.keys((withYaml as { paths: object }).paths).length).toBeGreaterThan(400);
  });

  it('is a valid OpenAPI document (@apidevtools/swagger-parser validate)', async () => {
    const api = await SwaggerParser.validate(FILE);
    expect((api as { openapi?: string }).openapi).toMatch(/^3\./);
  }, 60_000);
});
