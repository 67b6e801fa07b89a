/** Type-level equality for the type tests: each assignable to the other; `any` on either side fails. */
type IsAny<T> = 0 extends 1 & T ? true : false;
export type Same<A, B> = [IsAny<A> | IsAny<B>] extends [false]
  ? [A] extends [B]
    ? [B] extends [A]
      ? true
      : false
    : false
  : false;
