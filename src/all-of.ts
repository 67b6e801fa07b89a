/**
 * `allOf` for the generated schemas (generated/zod.ts calls it where the generator writes
 * `z.intersection`). Two object schemas become one object with both shapes, checked in one pass;
 * an intersection of objects made zod check each part and deep-merge the results, about four times
 * the work on every answer the SDK checks. Anything else stays an intersection. Where both parts
 * give the same field, the later part's schema is the one checked: the contract's allOf extends
 * a base that way.
 */
import * as z from 'zod/mini';

type ObjectDef = { type: string; shape?: z.core.$ZodLooseShape; catchall?: unknown };

const shapeOf = (schema: z.ZodMiniType): z.core.$ZodLooseShape | undefined => {
  const def = schema._zod.def as ObjectDef;
  return def.type === 'object' && def.catchall === undefined ? def.shape : undefined;
};

export function allOf<A extends z.ZodMiniType, B extends z.ZodMiniType>(a: A, b: B): z.ZodMiniIntersection<A, B> {
  const [first, second] = [shapeOf(a), shapeOf(b)];
  if (!first || !second) return z.intersection(a, b);
  // Typed as the intersection it checks the same as: the inferred types stay A & B.
  return z.object({ ...first, ...second }) as unknown as z.ZodMiniIntersection<A, B>;
}
